"""A set-up by voice in the state file: its answers and the question it is on.

Written after every answer (atomically, by the same store as a running session), so a device
that crashed during the set-up resumes at that question. A session that starts replaces it
with its own state. Reading checks every field (Dutch ``StateError`` naming the field).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.phrases import get_phrases
from facilitator.session.saved import KIND_SETUP, STATE_VERSION, StateError
from facilitator.session.store import read_state_data
from facilitator.textfiles import control_characters

MAX_ANSWERS = 200
MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class SetupRecord:
    answers: tuple[tuple[str, str], ...]
    question: str  # the key of the open question
    group: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "kind": KIND_SETUP,
            "group": self.group,
            "question": self.question,
            "answers": [list(pair) for pair in self.answers],
        }


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or control_characters(value):
        raise ValueError(f"'{name}' is geen korte tekst")
    return value


def parse(data: dict[str, Any]) -> SetupRecord:
    """Raises ``ValueError`` with a Dutch fragment naming the field."""
    answers = data.get("answers")
    if not isinstance(answers, list) or len(answers) > MAX_ANSWERS:
        raise ValueError("'answers' is geen lijst met antwoorden")
    pairs: list[tuple[str, str]] = []
    for pair in answers:
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("'answers' bevat iets anders dan een paar vraag en antwoord")
        pairs.append((_text(pair[0], "answers"), _text(pair[1], "answers")))
    group = data.get("group")
    return SetupRecord(
        tuple(pairs),
        _text(data.get("question"), "question"),
        None if group is None else _text(group, "group"),
    )


def load_setup(path: Path) -> SetupRecord | None:
    """The interrupted set-up at ``path``, or None (no file, or a session's state)."""
    data = read_state_data(path)
    if data is None or data.get("kind") != KIND_SETUP:
        return None
    try:
        return parse(data)
    except ValueError as err:
        raise StateError(get_phrases("nl").state_unreadable(str(path), str(err))) from None
