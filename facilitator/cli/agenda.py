"""The agenda of a method as plain, screen-reader-friendly Dutch text (pure)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from facilitator.display.format import minutes_text
from facilitator.methods.schema import Meeting, Method, Role, RoundSpec, Timing
from facilitator.phrases import get_phrases
from facilitator.session.texts import fill
from facilitator.units import SECONDS_PER_MINUTE

ROLE_WHO: dict[Role, str] = {
    Role.CASUSINBRENGER: "de casusinbrenger",
    Role.DEELNEMERS: "de deelnemers",
    Role.IEDEREEN: "iedereen",
    Role.STIL: "niemand (stil schrijven of nadenken)",
}


def _hhmm(at: datetime) -> str:
    return at.strftime("%H:%M")


def agenda_lines(
    method: Method,
    start: datetime,
    *,
    meeting: int | None = None,
    participants: Sequence[str] = (),
    casusinbrenger: str = "",
    original_minutes: float | None = None,
) -> Iterator[str]:
    """Lines of the agenda; ``original_minutes`` is the length before fitting, if fitted."""
    varies = method.varies_per_meeting
    shown = meeting if meeting is not None else (method.meetings[0].number if varies else None)
    method = method.for_meeting(shown)
    total = method.total_minutes
    length = minutes_text(total * SECONDS_PER_MINUTE)
    yield f"{method.name} ({length}, {method.group_min} tot {method.group_max} deelnemers)"
    if method.description:
        yield method.description.strip()
    if original_minutes is not None and abs(original_minutes - total) > 0.01:
        yield (
            f"Passend gemaakt: {minutes_text(total * SECONDS_PER_MINUTE)} in plaats van "
            f"{minutes_text(original_minutes * SECONDS_PER_MINUTE)}."
        )
    chosen = method.meeting(meeting) if meeting is not None else None
    values = _placeholder_values(chosen, participants, casusinbrenger)
    if chosen is not None:
        accent = chosen.accent.strip()
        about = accent if accent.startswith(chosen.title) else f"{chosen.title}. {accent}"
        yield f"Bijeenkomst {chosen.number}: {about}".strip()
    elif method.meetings:
        yield "Deze methode is een reeks bijeenkomsten (kies er een met --bijeenkomst N):"
        for item in method.meetings:
            yield f"  {item.number}: {item.title}"
        if varies:
            yield f"De stappen verschillen per bijeenkomst; hieronder bijeenkomst {shown}."
    if participants:
        yield f"Deelnemers: {', '.join(participants)}."
    if casusinbrenger:
        yield f"Casusinbrenger: {casusinbrenger}."
    end = start + timedelta(minutes=total)
    yield f"Begin {_hhmm(start)}, gepland einde {_hhmm(end)}."
    if method.opening_rules:
        yield "Spelregels:"
        for rule in method.opening_rules:
            yield f"  - {rule}"
    yield ""
    at = start
    for number, step in enumerate(method.steps, start=1):
        until = at + timedelta(minutes=step.minutes)
        soft = method.step_timing(step) is Timing.SOFT
        line = (
            f"Stap {number} van {len(method.steps)}: {step.title}. "
            f"{_hhmm(at)} tot {_hhmm(until)}, {minutes_text(step.minutes * SECONDS_PER_MINUTE)}"
            f"{', vrije tijd' if soft else ''}. Aan het woord: {ROLE_WHO[step.role]}."
        )
        yield line
        if step.round is not None:
            yield from _round_lines(step.round, values)
        if step.rule:
            yield f"    Regel: {step.rule}"
        if number == 1 and method.checkin_round:
            yield "    Check-in: ieder zegt in één zin hoe hij of zij binnenkomt."
        if number == len(method.steps) and method.evaluation_round:
            yield "    Evaluatieronde: wat bracht deze sessie je, en hoe hebben we gewerkt?"
        at = until
    if method.sources:
        yield ""
        yield "Bronnen:"
        for citation in method.sources:
            yield f"  - {citation}"
    if method.source:
        yield "" if not method.sources else "Over de bronnen:"
        yield method.source if method.sources else f"Bron: {method.source}"


def _placeholder_values(
    meeting: Meeting | None, participants: Sequence[str], casusinbrenger: str
) -> dict[str, str]:
    """What ``{inbrenger}`` etc. stand for here (a description when no names are known)."""
    names = get_phrases("nl").names(participants)
    return {
        "inbrenger": casusinbrenger or "de casusinbrenger",
        "deelnemers": names or "de deelnemers",
        "bijeenkomst": str(meeting.number) if meeting else "",
        "accent": meeting.accent if meeting else "",
    }


def _round_lines(spec: RoundSpec, values: dict[str, str]) -> Iterator[str]:
    """How a round goes: who, how the time is shared, and what follows the last turn."""
    who = "iedereen" if spec.include_casusinbrenger else "de deelnemers"
    line = f"    Ronde: {who} om de beurt, de tijd wordt eerlijk verdeeld"
    if spec.reserve_minutes > 0:
        reserve = minutes_text(spec.reserve_minutes * SECONDS_PER_MINUTE)
        line += f"; de laatste {reserve} van de stap zijn voor na de ronde"
    yield line + "."
    after = fill(spec.after_prompt, values)
    if after:
        yield f"    Na de ronde: {after[:1].upper()}{after[1:]}"
    elif spec.reserve_minutes > 0:
        yield "    Na de ronde: vrij gesprek in de tijd die over is."
