"""Pure model of the live display: the session's latest ``Snapshot`` plus the lines shown
(captions, notices, the last message) make a ``LiveState``; ``view`` derives what is drawn.

No rich and no clock here: ``view(state, now)`` takes the time, so tests pass any value.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from facilitator.display.format import countdown_text, event_text, people_text
from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    Event,
    Notice,
    PeopleChangeRefused,
    Say,
    SessionEnded,
    Snapshot,
    TimeUp,
    TimeWarning,
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
    """What the screen keeps: the session's latest snapshot and the lines it has shown.

    Everything about the session itself comes from ``snapshot``; the rest is what was said
    and noticed, which no snapshot holds."""

    snapshot: Snapshot | None = None
    captions: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    message: str = ""  # the last accepted/refused command, warning or time-up


def _keep(lines: tuple[str, ...], line: str, count: int) -> tuple[str, ...]:
    return (*lines, line)[-count:]


def apply(state: LiveState, event: Event) -> LiveState:
    """The state after ``event`` (pure)."""
    replace = dataclasses.replace
    match event:
        case Snapshot():
            return replace(state, snapshot=event)
        case Say():
            return replace(state, captions=_keep(state.captions, event.text, CAPTION_LINES))
        case Notice():
            text = event_text(event) or event.text
            return replace(state, notices=_keep(state.notices, text, NOTICE_LINES))
        case CommandAccepted() | CommandRefused() | TimeWarning() | TimeUp() | SessionEnded():
            return replace(state, message=event_text(event) or "")
        case PeopleChangeRefused():
            return replace(state, message=event_text(event) or "")
    return state


#: Shown while the group chooses the case and nobody is chosen yet.
CHOOSE_HINT = " (kies met c en de naam)"


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
    people: str = ""  # "Aanwezig: Anna, Bram — casus: Bram" (who is here, whose case)
    typing: str = ""  # a name being typed on the keyboard ("Naam: Ce_")
    ruled_out: frozenset[Command] = frozenset()  # the session never takes these: no key shown


def _phase(snapshot: Snapshot | None, step_left: float) -> Phase:
    if snapshot is None or not snapshot.started:
        return Phase.WAITING
    if snapshot.ended:
        return Phase.ENDED
    if snapshot.paused:
        return Phase.PAUSED
    if snapshot.soft:
        return Phase.SOFT
    return Phase.OVERTIME if step_left < 0 else Phase.RUNNING


def view(state: LiveState, now: float) -> View:
    """Everything the live screen shows, as text, at clock time ``now`` (the session's
    clock: the planned end is the snapshot's, on the session's own wall clock)."""
    snap = state.snapshot
    step_left, turn_left = snap.remaining_at(now) if snap else (0.0, 0.0)
    phase = _phase(snap, step_left)
    header = snap.method_name if snap else ""
    title = who = rule = turn = ""
    if snap is not None and snap.step_title and phase is not Phase.ENDED:
        header = f"{snap.method_name} — stap {snap.step_index + 1} van {snap.step_count}"
        title = snap.step_title
        role = ROLE_TEXT.get(snap.role, snap.role)
        if snap.role == "casusinbrenger" and snap.casusinbrenger:
            role = f"{role} ({snap.casusinbrenger})"
        who = f"Aan het woord: {role}"
        rule = f"Regel: {snap.rule}" if snap.rule else ""
        if snap.round_complete:
            turn = ROUND_DONE_TEXT
        elif snap.turn is not None:
            t = snap.turn
            turn = f"Beurt {t.index + 1} van {t.count}: {t.name} — nog {countdown_text(turn_left)}"
    shows_time = phase not in (Phase.WAITING, Phase.ENDED)
    planned = snap.planned_end if snap is not None and shows_time else None
    return View(
        header=header,
        title=title,
        who=who,
        rule=rule,
        turn=turn,
        countdown=countdown_text(step_left) if shows_time else "--:--",
        phase=phase,
        phase_label=PHASE_LABEL[phase],
        stop_pending=bool(snap and snap.stop_pending and phase is not Phase.ENDED),
        captions=state.captions,
        notices=state.notices,
        message=state.message,
        planned_end=f"Gepland einde: {planned:%H:%M}" if planned is not None else "",
        people=(
            people_text(snap.participants, snap.casusinbrenger, snap.case_number, snap.absent)
            + (CHOOSE_HINT if snap.choosing and not snap.casusinbrenger else "")
            if snap is not None and shows_time
            else ""
        ),
        ruled_out=snap.ruled_out if snap is not None else frozenset(),
    )
