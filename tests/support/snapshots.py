"""A ``Snapshot`` for display tests, with any field overridden."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from facilitator.events import VOICE_COMMANDS, Snapshot, TurnSnapshot

PLANNED_END = datetime(2026, 3, 2, 20, 20)


def snapshot(**changes: Any) -> Snapshot:
    """Step 2 of 5 of a running 5-stappen session at clock time 1000 with 600 s left."""
    fields: dict[str, Any] = {
        "seq": 1,
        "at": 1000.0,
        "state": ("session_step_s2", "session_clock_running", "session_stop_idle"),
        "method_id": "5-stappen",
        "method_name": "5-stappen methode",
        "participants": ("Anna", "Bram", "Cem"),
        "casusinbrenger": "Anna",
        "meeting": None,
        "started": True,
        "ended": False,
        "completed": False,
        "step_index": 1,
        "step_count": 5,
        "step_title": "Probleemverkenning",
        "role": "casusinbrenger",
        "rule": "alleen vragen",
        "soft": False,
        "is_round": False,
        "allotted_s": 600.0,
        "remaining_s": 600.0,
        "turn": None,
        "round_complete": False,
        "paused": False,
        "stop_pending": False,
        "speaking": False,
        "planned_end_s": 4000.0,
        "planned_end": PLANNED_END,
        "allowed": frozenset(VOICE_COMMANDS),
        "generation": 2,
    }
    fields.update(changes)
    return Snapshot(**fields)


def turn(name: str, index: int, count: int, remaining_s: float) -> TurnSnapshot:
    return TurnSnapshot(name, index, count, remaining_s, remaining_s)
