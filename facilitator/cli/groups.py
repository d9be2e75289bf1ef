"""``facilitator groep …``: standing groups (make, list, show, change, delete, forget), and
what a session takes from a group (``--groep NAAM``)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from datetime import date

from facilitator.cli.options import split_names
from facilitator.groups import (
    CaseRecord,
    Group,
    GroupError,
    GroupStore,
    PromptLength,
    check_group,
    prompt_length,
)

EXIT_OK = 0
_YES = {"ja": True, "nee": False}


def _methods(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _known_methods() -> list[str]:
    from facilitator.methods.registry import discover

    return [entry.id for entry in discover().methods]


def _history(text: str | None) -> bool | None:
    if text is None:
        return None
    if text not in _YES:
        raise GroupError(f"--geschiedenis moet ja of nee zijn, niet '{text}'.", "history")
    return _YES[text]


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def describe(group: Group) -> list[str]:
    """The group as plain lines (screen-reader friendly)."""
    prompts = {
        PromptLength.AUTO: "automatisch (kort bij een methode die de groep al eerder deed)",
        PromptLength.BRIEF: "kort",
        PromptLength.FULL: "uitgebreid",
    }[group.prompts]
    lines = [
        f"Groep: {group.name}",
        f"Deelnemers: {', '.join(group.participants)}",
        f"Taal: {group.language}",
        f"Voorkeursmethodes: {', '.join(group.methods) or 'geen'}",
        f"Uitleg: {prompts}",
    ]
    if not group.keep_history:
        lines.append("Geschiedenis: wordt niet bijgehouden (aanzetten: --geschiedenis ja)")
        return lines
    lines.append(
        "Geschiedenis: wordt bijgehouden, alleen wie op welke datum met welke methode "
        "een casus inbracht (wissen: facilitator groep vergeet)"
    )
    for record in group.history:
        lines.append(f"  {record.on.isoformat()}  {record.casusinbrenger}  {record.method_id}")
    if not group.history:
        lines.append("  nog niets")
    return lines


def cmd_groep(args: argparse.Namespace) -> int:
    store = GroupStore()
    action = args.groep_opdracht
    if action == "lijst":
        names = store.names()
        if not names:
            _out("Nog geen groepen. Maak er een met: facilitator groep maak NAAM --deelnemers …")
        for name in names:
            group = store.get(name)
            _out(f"{group.name}: {', '.join(group.participants)}")
        return EXIT_OK
    if action == "maak":
        if store.exists(args.naam):
            raise GroupError(
                f"Er is al een groep '{args.naam}'. Wijzig die met: facilitator groep wijzig",
                "exists",
            )
        group = Group(
            name=args.naam,
            participants=split_names(args.deelnemers) or (),
            language=args.taal or "nl",
            methods=_methods(args.methodes) or (),
            prompts=prompt_length(args.uitleg) if args.uitleg else PromptLength.AUTO,
            keep_history=bool(_history(args.geschiedenis)),
        )
        store.save(check_group(group, _known_methods()))
        _out(f"Groep '{group.name}' gemaakt.")
        return EXIT_OK
    group = store.get(args.naam)
    if action == "toon":
        for line in describe(group):
            _out(line)
    elif action == "wijzig":
        people = split_names(args.deelnemers)
        methods = _methods(args.methodes)
        keep = _history(args.geschiedenis)
        changed = replace(
            group,
            participants=people if people is not None else group.participants,
            language=args.taal or group.language,
            methods=methods if methods is not None else group.methods,
            prompts=prompt_length(args.uitleg) if args.uitleg else group.prompts,
            keep_history=group.keep_history if keep is None else keep,
        )
        store.save(check_group(changed, _known_methods()))
        _out(f"Groep '{group.name}' gewijzigd.")
        if group.keep_history and keep is False and group.history:
            _out("De geschiedenis is gewist.")
    elif action == "verwijder":
        store.delete(group.name)
        _out(f"Groep '{group.name}' verwijderd, met alles wat erbij bewaard was.")
    elif action == "vergeet":
        count = len(group.history)
        store.forget(group.name)
        _out(f"De geschiedenis van '{group.name}' is gewist ({count} bijeenkomsten).")
    return EXIT_OK


@dataclass(frozen=True, slots=True)
class GroupSession:
    """What a session takes from a standing group."""

    group: Group
    brief: bool  # short prompts for this method
    follow_up: tuple[str, ...]  # last time's case bringers, asked what they did with it


def for_session(
    name: str, method_id: str, prompts: str = "", store: GroupStore | None = None
) -> GroupSession:
    """The group ``name`` for a session with ``method_id``; ``prompts`` ("kort",
    "uitgebreid" or "") overrides the group's own choice."""
    group = (store or GroupStore()).get(name)
    brief = prompts == "kort" if prompts else group.brief_for(method_id)
    return GroupSession(group, brief, group.last_case_bringers())


def record_case(
    name: str, casusinbrenger: str, method_id: str, store: GroupStore | None = None
) -> None:
    """After a completed session: remember who brought a case, if the group opted in."""
    (store or GroupStore()).record(name, CaseRecord(date.today(), casusinbrenger, method_id))
