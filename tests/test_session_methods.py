"""Every built-in method runs start to finish through the session (and fitted to an hour)."""

from __future__ import annotations

import pytest

from facilitator.events import Command, Say, SayKind, Scope, SessionEnded, TimeUp
from facilitator.methods.fitting import fit, minimum_minutes
from facilitator.methods.registry import builtin_methods
from facilitator.methods.schema import Method, Timing
from tests.test_session_helpers import rig

NAMES_6 = ("Anna", "Bram", "Carla", "Daan", "Eva", "Fenna")
METHODS = builtin_methods()


def first_meeting(m: Method) -> Method:
    """A cycle whose steps differ per meeting runs the steps of one meeting."""
    return m.for_meeting(m.meetings[0].number if m.meetings else None)


def run_through(m: Method) -> None:
    meeting = m.meetings[0].number if m.meetings else None
    m = first_meeting(m)
    r = rig(m, NAMES_6, "Bram", meeting=meeting)
    for index, step in enumerate(m.steps):
        assert r.session.step is not None and r.session.step.index == index
        mark = len(r.events)
        status = r.session.snapshot()
        for _ in range(max(0, status.turn.count - 1 if status.turn else 0)):
            assert status.turn is not None
            r.advance(status.turn.remaining_s)
            r.do(Command.NEXT_SPEAKER)
            status = r.session.snapshot()
        r.advance(max(0.0, status.remaining_s) + 1.0)
        step_time_ups = [
            e for e in r.events[mark:] if isinstance(e, TimeUp) and e.scope is Scope.STEP
        ]
        if m.step_timing(step) is Timing.HARD:
            assert step_time_ups == [TimeUp(Scope.STEP, 0.0)], step.id
        else:
            assert step_time_ups == [], step.id
        r.do(Command.NEXT_STEP)
    assert r.entered() == list(range(len(m.steps)))
    assert r.session.finished
    assert r.events[-1] == SessionEnded(True)
    assert r.says(SayKind.CLOSING)
    texts = [e.text for e in r.events if isinstance(e, Say)]
    assert all(t.strip() for t in texts)
    leftovers = [t for t in texts if "{" in t or "}" in t]
    assert not leftovers, f"unfilled placeholders: {leftovers[:2]}"


def test_the_library_is_there() -> None:
    assert len(METHODS) >= 5


@pytest.mark.parametrize("m", METHODS, ids=[m.id for m in METHODS])
def test_builtin_method_runs_start_to_finish(m: Method) -> None:
    run_through(m)


@pytest.mark.parametrize("m", METHODS, ids=[m.id for m in METHODS])
def test_builtin_method_fitted_to_an_hour_runs(m: Method) -> None:
    minutes = max(60.0, minimum_minutes(m))
    fitted = fit(first_meeting(m), minutes)
    assert fitted.total_minutes == pytest.approx(minutes)
    run_through(fitted)


CYCLES = [(m, meeting.number) for m in METHODS for meeting in m.meetings]


@pytest.mark.parametrize(("m", "number"), CYCLES, ids=[f"{m.id}-{number}" for m, number in CYCLES])
def test_a_meeting_is_introduced_once(m: Method, number: int) -> None:
    """Said once: "Dit is bijeenkomst twee: De IK-factor.", then the accent, no title again."""
    r = rig(m, NAMES_6, "Bram", meeting=number)
    meeting = m.meeting(number)
    assert meeting is not None
    opening = " ".join(r.says(SayKind.PROMPT))
    assert opening.count(meeting.title) == 1, opening
    assert opening.lower().count("bijeenkomst") == 1, opening
    assert opening.lower().count("accent") <= 1, opening
    assert meeting.accent.strip() in opening
