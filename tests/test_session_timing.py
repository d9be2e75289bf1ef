"""Pure time arithmetic: clocks, alert schedules, re-arming, turn shares."""

from __future__ import annotations

import pytest

from facilitator.session.timing import (
    Alert,
    AlertKind,
    AlertPlan,
    RoundState,
    StepClock,
    collapse,
    planned_end,
    round_speakers,
    start_turn,
)


def plan(allotted: float, **kw: object) -> AlertPlan:
    fields: dict[str, object] = {
        "allotted_s": allotted,
        "soft": False,
        "warnings_s": (120.0, 30.0),
        "reminder_s": 180.0,
        "checkin_s": 600.0,
        "turn_warning_s": 30.0,
        "round": None,
    }
    fields.update(kw)
    return AlertPlan(**fields)  # type: ignore[arg-type]


def test_step_clock_pause_resume_and_absolute_deadlines() -> None:
    c = StepClock(600.0, 0.0, 100.0)
    assert c.remaining(160.0) == 540.0
    paused = c.pause(160.0)
    assert paused.remaining(10_000.0) == 540.0  # the clock stands still while paused
    assert paused.time_at(600.0) is None
    resumed = paused.resume(500.0)
    assert resumed.elapsed(500.0) == 60.0
    assert resumed.time_at(600.0) == 1040.0  # 500 + (600 - 60)
    assert resumed.extend(120.0).time_at(720.0) == 1160.0


def test_warnings_only_when_they_fit() -> None:
    assert [(a.kind, a.at_s) for a in plan(600).fixed()] == [
        (AlertKind.WARNING, 480.0),
        (AlertKind.WARNING, 570.0),
        (AlertKind.TIME_UP, 600.0),
    ]
    # 3 minutes: 120 s does not fit (needs >= 240 s), 30 s does.
    assert [a.seconds for a in plan(180).fixed() if a.kind is AlertKind.WARNING] == [30.0]
    # 50 s: no warning at all, only time up.
    assert [a.kind for a in plan(50).fixed()] == [AlertKind.TIME_UP]


def test_overtime_reminders_repeat_every_interval() -> None:
    due = plan(600).between(600.0, 600.0 + 3 * 180.0)
    assert [(a.kind, a.seconds) for a in due] == [
        (AlertKind.OVERTIME, 180.0),
        (AlertKind.OVERTIME, 360.0),
        (AlertKind.OVERTIME, 540.0),
    ]
    assert plan(600).next_after(600.0 + 540.0) == pytest.approx(600.0 + 720.0)


def test_soft_steps_only_check_in_and_mark_their_planned_end() -> None:
    p = plan(1200, soft=True)
    assert p.fixed() == [Alert(AlertKind.PLANNED_END, 1200.0, 0.0)]
    due = p.between(0.0, 3000.0)
    assert {a.kind for a in due} == {AlertKind.CHECKIN, AlertKind.PLANNED_END}
    checkins = [a.seconds for a in due if a.kind is AlertKind.CHECKIN]
    assert checkins == [600.0, 1200.0, 1800.0, 2400.0, 3000.0]


def test_a_planned_end_is_kept_when_a_check_in_falls_on_it() -> None:
    due = plan(1200, soft=True).between(0.0, 1200.0)
    kept = collapse(due)
    assert [a.kind for a in kept] == [AlertKind.PLANNED_END, AlertKind.CHECKIN]


def test_more_time_rearms_warnings_ahead_again() -> None:
    checked = 590.0  # both warnings have fired; time up is pending
    before = plan(600).between(0.0, checked)
    assert [a.seconds for a in before] == [120.0, 30.0]
    extended = plan(720)  # "meer tijd": +120 s
    again = extended.between(checked, 720.0)
    assert [(a.kind, a.at_s) for a in again] == [
        (AlertKind.WARNING, 600.0),  # 120 s warning is ahead again: re-armed
        (AlertKind.WARNING, 690.0),
        (AlertKind.TIME_UP, 720.0),
    ]


def test_nothing_fires_twice() -> None:
    p = plan(600)
    first = p.between(0.0, 480.0)
    second = p.between(480.0, 480.0)
    assert len(first) == 1
    assert second == []
    assert p.next_after(480.0) == 570.0


def test_collapse_keeps_latest_per_scope() -> None:
    alerts = [
        Alert(AlertKind.WARNING, 480.0, 120.0),
        Alert(AlertKind.TURN_WARNING, 500.0, 30.0),
        Alert(AlertKind.WARNING, 570.0, 30.0),
        Alert(AlertKind.TIME_UP, 600.0, 0.0),
    ]
    assert collapse(alerts) == [alerts[1], alerts[3]]


@pytest.mark.parametrize(
    ("names", "include", "expected"),
    [
        (("A", "B", "C", "D"), False, ("B", "C", "D")),
        (("A", "B", "C", "D"), True, ("A", "B", "C", "D")),
    ],
)
def test_round_speakers(names: tuple[str, ...], include: bool, expected: tuple[str, ...]) -> None:
    assert round_speakers(names, "A", include) == expected


def test_turn_share_is_remaining_time_over_remaining_speakers() -> None:
    clock = StepClock(600.0, 0.0, 0.0)
    first = start_turn(("B", "C", "D"), 0, clock, 0.0)
    assert first.turn_allotted_s == 200.0
    # B overruns to 260 s: C and D share the 340 s left.
    second = start_turn(("B", "C", "D"), 1, clock, 260.0)
    assert (second.turn_start_s, second.turn_allotted_s) == (260.0, 170.0)
    # Over time: a turn gets nothing, and no per-turn alerts.
    late = start_turn(("B", "C", "D"), 2, clock, 700.0)
    assert late.turn_allotted_s == 0.0
    assert not [a for a in plan(600, round=late).fixed() if a.kind.is_turn]


def test_turn_alerts_and_coinciding_ones_dropped() -> None:
    rnd = RoundState(("B", "C", "D"), 0, 0.0, 200.0)
    kinds = [(a.kind, a.at_s) for a in plan(600, round=rnd).fixed()]
    assert (AlertKind.TURN_WARNING, 170.0) in kinds
    assert (AlertKind.TURN_TIME_UP, 200.0) in kinds
    last = RoundState(("B", "C", "D"), 2, 400.0, 200.0)  # ends with the step
    last_kinds = [a.kind for a in plan(600, round=last).fixed()]
    assert AlertKind.TURN_TIME_UP not in last_kinds  # the step's time up says it
    assert AlertKind.TURN_WARNING not in last_kinds  # coincides with the 30 s step warning


def test_planned_end_counts_remaining_and_later_steps() -> None:
    clock = StepClock(600.0, 0.0, 0.0)
    assert planned_end(100.0, clock, 900.0) == 100.0 + 500.0 + 900.0
    assert planned_end(700.0, clock, 900.0) == 700.0 + 0.0 + 900.0  # over time: from now


def test_deadline_has_no_drift_over_three_hours() -> None:
    """Warnings of a 3-hour step computed from absolute times land exactly."""
    clock = StepClock(3 * 3600.0, 0.0, 12_345.678)
    p = plan(3 * 3600.0, warnings_s=(120.0, 30.0))
    at = clock.time_at(p.next_after(0.0))
    assert at == pytest.approx(12_345.678 + 3 * 3600.0 - 120.0, abs=1e-9)
