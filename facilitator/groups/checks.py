"""Checking what a user gives for a group, with Dutch messages that say what to do."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.groups.errors import GroupError
from facilitator.groups.model import Group, PromptLength
from facilitator.phrases import LANGUAGES

MIN_PEOPLE = 2  # a casusinbrenger and at least one other


def check_group(group: Group, known_methods: Sequence[str] | None = None) -> Group:
    """``group`` with names stripped, or a ``GroupError``."""
    names = tuple(name.strip() for name in group.participants)
    if any(not name for name in names):
        raise GroupError(
            "Er staat een lege naam tussen de deelnemers. Schrijf de namen gescheiden door "
            'komma\'s, bijvoorbeeld --deelnemers "Anna,Bram,Cem".',
            "names",
        )
    if len(names) < MIN_PEOPLE:
        raise GroupError(
            f"Een groep heeft minstens {MIN_PEOPLE} deelnemers nodig. Geef alle namen op met "
            '--deelnemers "Anna,Bram,Cem".',
            "names",
        )
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise GroupError(
                f"De naam '{name}' staat er twee keer in. Maak de namen uniek, bijvoorbeeld "
                "met een initiaal.",
                "names",
            )
        seen.add(name.casefold())
    if group.language not in LANGUAGES:
        raise GroupError(
            f"Onbekende taal '{group.language}'. Kies nl of en.",
            "language",
        )
    if known_methods is not None:
        for method in group.methods:
            if method not in known_methods:
                raise GroupError(
                    f"Onbekende methode '{method}'. Kies uit: {', '.join(known_methods)} "
                    "(zie facilitator methodes).",
                    "method",
                )
    return Group(
        name=group.name.strip(),
        participants=names,
        language=group.language,
        methods=group.methods,
        prompts=group.prompts,
        keep_history=group.keep_history,
        history=group.history if group.keep_history else (),
    )


def prompt_length(text: str) -> PromptLength:
    try:
        return PromptLength(text)
    except ValueError:
        choices = ", ".join(p.value for p in PromptLength)
        raise GroupError(f"Onbekende uitleg '{text}'. Kies uit: {choices}.", "prompts") from None
