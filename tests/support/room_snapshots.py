"""Hand-made ``Snapshot``s for the room display's tests (pure data; the real session makes
them in the end-to-end tests)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from facilitator.events import Command, Snapshot, TurnSnapshot

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


def snapshot(**changes: Any) -> Snapshot:
    """Step 2 of 5 of the 5-stappen method, running, 7 minutes left at clock time 100."""
    base = Snapshot(
        seq=1,
        at=100.0,
        state=("sessie.stap.s2", "sessie.klok.loopt"),
        method_id="5-stappen",
        method_name="5-stappenmethode",
        participants=("Anna", "Bram", "Cem", "Dirk"),
        casusinbrenger="Anna",
        meeting=None,
        started=True,
        ended=False,
        completed=False,
        step_index=1,
        step_count=5,
        step_title="Informatieve vragen",
        role="deelnemers",
        rule="Alleen vragen, nog geen adviezen.",
        soft=False,
        is_round=False,
        allotted_s=600.0,
        remaining_s=420.0,
        turn=None,
        round_complete=False,
        paused=False,
        stop_pending=False,
        speaking=False,
        planned_end_s=3000.0,
        planned_end=datetime(2026, 11, 28, 20, 35),
        allowed=RUNNING_ALLOWED,
        generation=3,
    )
    return replace(base, **changes)


def turn(name: str = "Bram", index: int = 1, count: int = 3, left: float = 90.0) -> TurnSnapshot:
    return TurnSnapshot(name=name, index=index, count=count, allotted_s=120.0, remaining_s=left)
