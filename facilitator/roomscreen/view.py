"""Pure model of the room display: fold events into a ``RoomState``, turn it into the JSON
the page draws (``payload``).

Where the session stands comes only from its latest ``Snapshot``; the room state adds what a
snapshot does not hold: the last spoken lines (captions, exactly the spoken text), notices,
the last warning or time-up (announced assertively) and the last command result.
No I/O and no clock here: ``payload(state, now, …)`` takes the time.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    Event,
    Notice,
    PeopleChanged,
    PeopleChangeKind,
    PeopleChangeRefused,
    QuestionAsked,
    QuestionClosed,
    Say,
    SessionEnded,
    Snapshot,
    TimeUp,
    TimeWarning,
)
from facilitator.roomscreen.texts import Texts

CAPTION_LINES = 3  # last spoken lines on the page
NOTICE_LINES = 3
PAUSE_COMMANDS = frozenset({Command.PAUSE, Command.RESUME, Command.TOGGLE_PAUSE})


@dataclass(frozen=True, slots=True)
class Line:
    """A numbered line: the page adds only lines with a number it has not shown yet, so a
    screen reader hears each caption once."""

    id: int
    text: str
    level: str = "info"


@dataclass(frozen=True, slots=True)
class RoomState:
    snapshot: Snapshot | None = None
    captions: tuple[Line, ...] = ()
    notices: tuple[Line, ...] = ()
    alert: Line | None = None  # the last warning or time-up (assertive)
    message: Line | None = None  # the last accepted or refused command
    ended: SessionEnded | None = None
    question: QuestionAsked | None = None  # the device's open question (set-up by voice)
    counter: int = 0  # numbers the lines


def _keep(lines: tuple[Line, ...], line: Line, count: int) -> tuple[Line, ...]:
    return (*lines, line)[-count:]


def apply(state: RoomState, event: Event, texts: Texts) -> RoomState:
    """The state after ``event`` (pure); events the page does not show leave it as it is."""
    replace = dataclasses.replace
    n = state.counter + 1
    match event:
        case Snapshot():
            return replace(state, snapshot=event)
        case Say():
            captions = _keep(state.captions, Line(n, event.text), CAPTION_LINES)
            return replace(state, captions=captions, counter=n)
        case Notice():
            notices = _keep(state.notices, Line(n, event.text, event.level), NOTICE_LINES)
            return replace(state, notices=notices, counter=n)
        case TimeWarning():
            text = texts.warning(event.scope, event.seconds_left, event.name)
            return replace(state, alert=Line(n, text, "warning"), counter=n)
        case TimeUp():
            text = texts.time_up(event.scope, event.overtime_s, event.name)
            return replace(state, alert=Line(n, text, "warning"), counter=n)
        case CommandAccepted():
            return replace(state, message=Line(n, texts.command(event.command)), counter=n)
        case CommandRefused():
            label = texts.word("refused", label=texts.command(event.command))
            text = f"{label} — {event.reason}" if event.reason else label
            return replace(state, message=Line(n, text, "warning"), counter=n)
        case PeopleChanged():
            name = event.name or texts.word("choose_later")
            text = texts.word("changed", label=texts.change(event.kind), name=name)
            return replace(state, message=Line(n, text), counter=n)
        case PeopleChangeRefused():
            label = texts.change(event.kind)
            text = texts.word("change_refused", label=label, reason=event.reason)
            return replace(state, message=Line(n, text, "warning"), counter=n)
        case QuestionAsked():
            return replace(state, question=event)
        case QuestionClosed():
            open_key = state.question.key if state.question is not None else None
            return replace(state, question=None) if open_key == event.key else state
        case SessionEnded():
            done = texts.word("ended_done" if event.completed else "ended_stopped")
            return replace(state, ended=event, message=Line(n, done), counter=n)
    return state


def _lines(lines: tuple[Line, ...]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(line) for line in lines]


def _who(snap: Snapshot, texts: Texts) -> str:
    if snap.turn is not None:
        return snap.turn.name
    role = texts.role(snap.role)
    if snap.role == "casusinbrenger" and snap.casusinbrenger:
        return f"{role} ({snap.casusinbrenger})"
    return role


def _people(snap: Snapshot, texts: Texts) -> str:
    """Who is here and whose case it is (one line under who speaks)."""
    names = texts.word("people", names=", ".join(snap.participants))
    n, name = snap.case_number, snap.casusinbrenger
    case = texts.word("case", n=n, name=name) if name else texts.word("case_open", n=n)
    return f"{names} · {case}"


def _allowed(snap: Snapshot) -> list[str]:
    allowed = set(snap.allowed)
    if allowed & PAUSE_COMMANDS:  # the one pause/continue button
        allowed.add(Command.TOGGLE_PAUSE)
    return sorted(command.value for command in allowed)


def _changes(snap: Snapshot) -> dict[str, Any]:
    """The changes of people the session takes now, and the names each chooser offers:
    join the absent members (or a new name), leave or bring the case the present, another
    case the present (and "choose later" when the session allows it)."""
    names = {
        PeopleChangeKind.JOIN: snap.absent,
        PeopleChangeKind.LEAVE: snap.participants,
        PeopleChangeKind.PRESENTER: snap.participants,
        PeopleChangeKind.ANOTHER_CASE: snap.participants,
    }
    return {
        "allowed": sorted(kind.value for kind in snap.changes),
        "names": {kind.value: list(found) for kind, found in names.items()},
        "presenter": snap.casusinbrenger,
        "later": snap.case_later,
    }


def _session(snap: Snapshot, now: float, texts: Texts) -> dict[str, Any]:
    step_left, turn_left = snap.remaining_at(now)
    turn: dict[str, Any] | None = None
    if snap.turn is not None:
        turn = {
            "text": texts.word(
                "turn", n=snap.turn.index + 1, count=snap.turn.count, name=snap.turn.name
            ),
            "remaining_s": turn_left,
        }
    elif snap.round_complete:
        turn = {"text": texts.word("round_done"), "remaining_s": None}
    end = snap.planned_end
    return {
        "seq": snap.seq,
        "started": snap.started,
        "ended": snap.ended,
        "method_name": snap.method_name,
        "step_label": texts.word("step", n=snap.step_index + 1, count=snap.step_count),
        "step_title": snap.step_title,
        "rule": snap.rule,
        "who": _who(snap, texts),
        "turn": turn,
        "remaining_s": step_left,
        "paused": snap.paused,
        "soft": snap.soft,
        "stop_pending": snap.stop_pending and not snap.ended,
        "planned_end": texts.word("planned_end", time=f"{end:%H:%M}") if end else "",
        "people": _people(snap, texts),
        "allowed": _allowed(snap),
        "ruled_out": sorted(command.value for command in snap.ruled_out),  # no button at all
        "changes": _changes(snap),
    }


def _question(question: QuestionAsked | None, texts: Texts) -> dict[str, Any] | None:
    """The open question with a button per answer (and per name); None when none is open."""
    if question is None:
        return None
    return {
        "key": question.key,
        "text": question.text,
        "answers": [{"answer": a.value, "label": texts.answer(a)} for a in question.answers],
        "names": list(question.names),
    }


def payload(state: RoomState, now: float, speed: float, texts: Texts) -> dict[str, Any]:
    """What one message to the page carries: complete, so a new or reconnected page needs
    nothing else. Times are seconds left at ``now``; the page counts on from the moment it
    receives the message, ``speed`` clock seconds per real second."""
    snap = state.snapshot
    session = _session(snap, now, texts) if snap is not None else None
    if session is not None and state.ended is not None:
        session["ended"] = True
        session["allowed"] = []
        session["changes"]["allowed"] = []
    return {
        "session": session,
        "speed": speed if math.isfinite(speed) else 0.0,  # a rehearsal without waits: jumps
        "captions": _lines(state.captions),
        "notices": _lines(state.notices),
        "alert": dataclasses.asdict(state.alert) if state.alert else None,
        "message": dataclasses.asdict(state.message) if state.message else None,
        "question": _question(state.question, texts),
    }
