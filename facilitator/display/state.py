"""Pure model of the live display: fold events into a ``LiveState``, derive a ``View``.

No rich and no clock here: ``view(state, now)`` takes the time, so tests pass any value.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from facilitator.display.format import countdown_text, event_text, minutes_text
from facilitator.events import (
    CommandAccepted,
    CommandRefused,
    Event,
    Notice,
    Say,
    SessionEnded,
    SessionStarted,
    SpeakingEnded,
    SpeakingStarted,
    Status,
    StepEntered,
    TimeUp,
    TimeWarning,
    TurnStarted,
)

CAPTION_LINES = 3  # last spoken lines kept on screen
ROUND_DONE_TEXT = "Ronde rond: iedereen is aan de beurt geweest"
NOTICE_LINES = 3

ROLE_TEXT: dict[str, str] = {
    "casusinbrenger": "de casusinbrenger",
    "deelnemers": "de deelnemers",
    "iedereen": "iedereen",
    "stil": "niemand: stil schrijven of nadenken",
}


class Phase(StrEnum):
    """What the countdown means; shown as text *and* colour."""

    WAITING = "wachten"
    RUNNING = "loopt"
    PAUSED = "gepauzeerd"
    OVERTIME = "over tijd"
    SOFT = "vrije tijd"
    ENDED = "afgelopen"


PHASE_LABEL: dict[Phase, str] = {
    Phase.WAITING: "Even wachten…",
    Phase.RUNNING: "Tijd loopt",
    Phase.PAUSED: "GEPAUZEERD",
    Phase.OVERTIME: "OVER TIJD",
    Phase.SOFT: "Vrije tijd (geen harde grens)",
    Phase.ENDED: "Sessie afgelopen",
}


@dataclass(frozen=True, slots=True)
class LiveState:
    method_name: str = ""
    casusinbrenger: str = ""
    step: StepEntered | None = None
    turn: TurnStarted | None = None
    status: Status | None = None
    captions: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    message: str = ""  # the last accepted/refused command, warning or time-up
    speaking: bool = False
    ended: SessionEnded | None = None


def _keep(lines: tuple[str, ...], line: str, count: int) -> tuple[str, ...]:
    return (*lines, line)[-count:]


def apply(state: LiveState, event: Event) -> LiveState:
    """The state after ``event`` (pure)."""
    replace = dataclasses.replace
    match event:
        case SessionStarted():
            return replace(
                state, method_name=event.method_name, casusinbrenger=event.casusinbrenger
            )
        case StepEntered():
            return replace(state, step=event, turn=None)
        case TurnStarted():
            return replace(state, turn=event)
        case Status():
            return replace(state, status=event)
        case Say():
            return replace(state, captions=_keep(state.captions, event.text, CAPTION_LINES))
        case Notice():
            text = event_text(event) or event.text
            return replace(state, notices=_keep(state.notices, text, NOTICE_LINES))
        case CommandAccepted() | CommandRefused() | TimeWarning() | TimeUp():
            return replace(state, message=event_text(event) or "")
        case SpeakingStarted():
            return replace(state, speaking=True)
        case SpeakingEnded():
            return replace(state, speaking=False)
        case SessionEnded():
            return replace(state, ended=event, message=event_text(event) or "")
    return state


@dataclass(frozen=True, slots=True)
class View:
    header: str
    title: str
    who: str
    rule: str
    turn: str
    countdown: str
    phase: Phase
    phase_label: str
    stop_pending: bool
    captions: tuple[str, ...]
    notices: tuple[str, ...]
    message: str
    planned_end: str = ""  # "Gepland einde: 20:35" (wall clock), when known


def remaining(status: Status, now: float) -> tuple[float, float]:
    """(step, turn) seconds left at ``now``: frozen while paused."""
    elapsed = 0.0 if status.paused else max(0.0, now - status.at)
    return status.remaining_s - elapsed, status.turn_remaining_s - elapsed


def _phase(state: LiveState, step_left: float) -> Phase:
    if state.ended is not None:
        return Phase.ENDED
    status = state.status
    if status is None:
        return Phase.WAITING
    if status.paused:
        return Phase.PAUSED
    if status.soft:
        return Phase.SOFT
    return Phase.OVERTIME if step_left < 0 else Phase.RUNNING


def view(state: LiveState, now: float, wall_now: datetime | None = None) -> View:
    """Everything the live screen shows, as text, at clock time ``now``.

    ``wall_now`` (the wall-clock time at ``now``) turns the planned end into a clock time.
    """
    status, step = state.status, state.step
    step_left, turn_left = remaining(status, now) if status else (0.0, 0.0)
    phase = _phase(state, step_left)
    header = state.method_name
    title = ""
    who = ""
    rule = ""
    if step is not None:
        header = f"{state.method_name} — stap {step.index + 1} van {step.count}"
        title = step.title
        role = ROLE_TEXT.get(step.role, step.role)
        if step.role == "casusinbrenger" and state.casusinbrenger:
            role = f"{role} ({state.casusinbrenger})"
        who = f"Aan het woord: {role}"
        rule = f"Regel: {step.rule}" if step.rule else ""
    turn = ""
    if phase is Phase.ENDED:
        pass  # the round and any pending stop are over
    elif status is not None and status.turn_count and status.turn_index >= status.turn_count:
        turn = ROUND_DONE_TEXT  # not the last speaker's turn any more
    elif status is not None and status.turn_name:
        turn = (
            f"Beurt {status.turn_index + 1} van {status.turn_count}: {status.turn_name} "
            f"— nog {countdown_text(turn_left)}"
        )
    elif state.turn is not None:
        turn = (
            f"Beurt {state.turn.index + 1} van {state.turn.count}: {state.turn.name} "
            f"({minutes_text(state.turn.allotted_s)})"
        )
    shows_time = status is not None and phase is not Phase.ENDED
    countdown = countdown_text(step_left) if shows_time else "--:--"
    return View(
        header=header,
        title=title,
        who=who,
        rule=rule,
        turn=turn,
        countdown=countdown,
        phase=phase,
        phase_label=PHASE_LABEL[phase],
        stop_pending=bool(status and status.stop_pending and phase is not Phase.ENDED),
        captions=state.captions,
        notices=state.notices,
        message=state.message,
        planned_end=_planned_end(status, now, wall_now) if phase is not Phase.ENDED else "",
    )


def _planned_end(status: Status | None, now: float, wall_now: datetime | None) -> str:
    if status is None or wall_now is None:
        return ""
    end = wall_now + timedelta(seconds=status.planned_end_s - now)
    return f"Gepland einde: {end:%H:%M}"
