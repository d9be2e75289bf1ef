"""Pure formatting of events and times into Dutch screen text (no I/O, no rich)."""

from __future__ import annotations

import math

from facilitator.events import (
    CommandAccepted,
    CommandRefused,
    Event,
    InputSource,
    Notice,
    PeopleChanged,
    PeopleChangeRefused,
    PlannedTimeReached,
    Say,
    Scope,
    SessionEnded,
    SessionStarted,
    Snapshot,
    SpeakingEnded,
    SpeakingStarted,
    StepEntered,
    TimeUp,
    TimeWarning,
    TurnStarted,
)
from facilitator.phrases.commands import COMMAND_NAMES, PEOPLE_NAMES
from facilitator.textfiles import readable_controls
from facilitator.units import SECONDS_PER_HOUR, SECONDS_PER_MINUTE

CAPTION_MARK = "»"

SOURCE_NAMES: dict[InputSource, str] = {
    InputSource.KEYBOARD: "toetsenbord",
    InputSource.VOICE: "stem",
    InputSource.SYSTEM: "systeem",
    InputSource.SCREEN: "kamerscherm",
}


def clock_text(seconds: float) -> str:
    """Elapsed seconds as ``HH:MM:SS`` (negative values are clamped to zero)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, SECONDS_PER_HOUR)
    minutes, secs = divmod(rest, SECONDS_PER_MINUTE)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def countdown_text(seconds: float) -> str:
    """A countdown as ``MM:SS`` (``H:MM:SS`` from an hour); over time as ``+MM:SS``.

    Rounds up while time is left, so "00:00" only shows when the time is really up.
    """
    over = seconds < 0
    total = math.floor(-seconds) if over else math.ceil(seconds)
    hours, rest = divmod(total, SECONDS_PER_HOUR)
    minutes, secs = divmod(rest, SECONDS_PER_MINUTE)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"+{body}" if over else body


def minutes_text(seconds: float) -> str:
    """A duration in words: "10 min", "2,5 min", "30 s"."""
    if round(seconds) < SECONDS_PER_MINUTE:
        return f"{round(seconds)} s"
    minutes = seconds / SECONDS_PER_MINUTE
    if abs(minutes - round(minutes)) < 0.05:
        return f"{round(minutes)} min"
    return f"{minutes:.1f}".replace(".", ",") + " min"


def step_line(event: StepEntered) -> str:
    text = (
        f"Stap {event.index + 1}/{event.count} — {event.title} "
        f"({event.role}, {minutes_text(event.allotted_s)}"
        f"{', vrije tijd' if event.soft else ''})"
    )
    if event.rule:
        text += f". Regel: {event.rule}"
    return text


def people_text(
    participants: tuple[str, ...], casusinbrenger: str, case_number: int, absent: tuple[str, ...]
) -> str:
    """ "Aanwezig: Anna, Bram, Cem — casus 2: Bram — afwezig: Eva" (one screen line)."""
    text = f"Aanwezig: {', '.join(participants)}"
    case = f"casus {case_number}" if case_number > 1 else "casus"
    text += f" — {case}: {casusinbrenger}" if casusinbrenger else f" — {case}: nog te kiezen"
    return text + (f" — afwezig: {', '.join(absent)}" if absent else "")


def event_text(event: Event) -> str | None:
    """The one line a plain display prints for ``event`` (``None``: nothing to show)."""
    match event:
        case SessionStarted():
            names = ", ".join(event.participants)
            verb = "hervat" if event.resumed else "gestart"
            return (
                f"Sessie {verb}: {event.method_name} — deelnemers: {names}; "
                f"casusinbrenger: {event.casusinbrenger or 'nog te kiezen'}; gepland "
                f"{minutes_text(event.planned_minutes * SECONDS_PER_MINUTE)}"
            )
        case StepEntered():
            return step_line(event)
        case TurnStarted():
            return (
                f"Beurt {event.index + 1}/{event.count}: {event.name} "
                f"({minutes_text(event.allotted_s)})"
            )
        case Say():
            return f"{CAPTION_MARK} {event.text}"
        case TimeWarning():
            who = f" voor {event.name}" if event.name else ""
            scope = "deze beurt" if event.scope is Scope.TURN else "deze stap"
            return f"Waarschuwing: nog {minutes_text(event.seconds_left)} voor {scope}{who}"
        case TimeUp():
            who = f" voor {event.name}" if event.name else ""
            scope = "beurt" if event.scope is Scope.TURN else "stap"
            if event.overtime_s > 0:
                return f"Over tijd ({scope}{who}): {minutes_text(event.overtime_s)} over tijd"
            return f"Tijd is om ({scope}{who})"
        case PlannedTimeReached():
            return "De geplande tijd van deze stap is om (geen harde grens)"
        case CommandAccepted():
            return f"Opdracht: {COMMAND_NAMES[event.command]} ({SOURCE_NAMES[event.source]})"
        case CommandRefused():
            return (
                f"Niet uitgevoerd: {COMMAND_NAMES[event.command]} "
                f"({SOURCE_NAMES[event.source]}) — {event.reason}"
            )
        case PeopleChanged():
            return people_text(event.participants, event.casusinbrenger, event.case_number, ())
        case PeopleChangeRefused():
            return f"Niet uitgevoerd: {PEOPLE_NAMES[event.kind]} {event.name} — {event.reason}"
        case SessionEnded():
            return "Sessie afgerond." if event.completed else "Sessie gestopt."
        case Notice():  # it may quote a file name or a system message: shown, not obeyed
            text = readable_controls(event.text)
            if text.startswith(("Let op", "Info")):
                return text
            prefix = "Let op" if event.level == "warning" else "Info"
            return f"{prefix}: {text}"
        case Snapshot() | SpeakingStarted() | SpeakingEnded():
            return None
    return None


def stamped(elapsed_s: float, text: str) -> str:
    return f"[{clock_text(elapsed_s)}] {text}"
