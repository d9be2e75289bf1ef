"""Snapshots for the room display's tests: the shared test ``snapshot`` with the room
display's defaults (pure data; the real session makes them in the end-to-end tests)."""

from __future__ import annotations

from typing import Any

from facilitator.events import Command, Snapshot
from tests.support import snapshots
from tests.support.snapshots import turn

__all__ = ["RUNNING_ALLOWED", "snapshot", "turn"]

RUNNING_ALLOWED = frozenset(
    {
        Command.NEXT_STEP,
        Command.PREVIOUS_STEP,
        Command.MORE_TIME,
        Command.PAUSE,
        Command.TOGGLE_PAUSE,
        Command.REPEAT,
        Command.TIME_LEFT,
        Command.QUESTIONS,
        Command.HELP,
        Command.STOP,
    }
)

#: Step 2 of 5, running, 7 minutes left at clock time 100, the deelnemers speaking.
DEFAULTS: dict[str, Any] = {
    "at": 100.0,
    "step_title": "Informatieve vragen",
    "role": "deelnemers",
    "rule": "Alleen vragen, nog geen adviezen.",
    "remaining_s": 420.0,
    "participants": ("Anna", "Bram", "Cem", "Dirk"),
    "allowed": RUNNING_ALLOWED,
}


def snapshot(**changes: Any) -> Snapshot:
    return snapshots.snapshot(**{**DEFAULTS, **changes})
