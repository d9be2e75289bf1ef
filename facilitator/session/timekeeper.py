"""The session's time: the current step's clock and round, the undo stack, a pending stop's
expiry, and which alerts are due when. Bookkeeping only — no machine, no events, no text;
the session asks it and says what follows.
"""

from __future__ import annotations

from dataclasses import replace

from facilitator.events import Event, PlannedTimeReached, Scope, TimeUp, TimeWarning
from facilitator.methods.schema import Method, Step
from facilitator.session import wording
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.session.state import StepState, StepTime
from facilitator.session.timing import (
    EPSILON_S,
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
from facilitator.units import SECONDS_PER_MINUTE


class Timekeeper:
    def __init__(self, plan: SessionPlan, settings: SessionSettings) -> None:
        self.plan = plan
        self.method: Method = plan.method
        self.settings = settings
        self.time: StepTime | None = None  # the current step's clock and round
        self.undo: list[StepState] = []
        self.stop_until: float | None = None  # when a pending stop expires

    # ---------------------------------------------------------------- steps
    def enter(self, index: int, now: float) -> StepTime:
        """Step ``index`` from its start: its full time, the round at its first speaker."""
        step = self.method.steps[index]
        clock = StepClock(step.minutes * SECONDS_PER_MINUTE, 0.0, now)
        rnd: RoundState | None = None
        if step.round is not None:
            speakers = round_speakers(
                self.plan.participants, self.plan.casusinbrenger, step.round.include_casusinbrenger
            )
            reserve_s = step.round.reserve_minutes * SECONDS_PER_MINUTE
            rnd = start_turn(speakers, 0, clock, now, reserve_s)
        self.time = StepTime(clock, rnd, 0.0)
        return self.time

    def push_undo(self, index: int, now: float) -> None:
        """Keep step ``index`` as it stands, for "vorige stap"."""
        assert self.time is not None
        self.undo.append(self.time.at(index).frozen_at(now))

    def back_to(self, index: int, now: float) -> bool:
        """Step ``index`` with the time it had when it was left (True), or afresh (False)."""
        if self.undo and self.undo[-1].index == index:
            saved = self.undo.pop()
            self.time = replace(saved.time, clock=saved.clock.resume(now))
            return True
        self.enter(index, now)
        return False

    def restore(
        self, current: StepState, undo: tuple[StepState, ...], paused: bool, now: float
    ) -> None:
        """The time of a saved session (its clock stays stopped while it is paused)."""
        self.undo = list(undo)
        clock = current.clock if paused else current.clock.resume(now)
        self.time = replace(current.time, clock=clock)

    # ---------------------------------------------------------------- the clock
    def pause(self, now: float) -> None:
        assert self.time is not None
        self.time = replace(self.time, clock=self.time.clock.pause(now))

    def resume(self, now: float) -> None:
        assert self.time is not None
        self.time = replace(self.time, clock=self.time.clock.resume(now))

    def more_time(self, extra_s: float) -> None:
        """``extra_s`` for the step (and for the current turn of a round)."""
        assert self.time is not None
        rnd = self.time.round.extend(extra_s) if self.time.round else None
        self.time = replace(self.time, clock=self.time.clock.extend(extra_s), round=rnd)

    def next_turn(self, now: float) -> RoundState:
        """The next speaker's turn (past the last one: the round complete)."""
        assert self.time is not None and self.time.round is not None
        rnd = self.time.round
        new = start_turn(rnd.speakers, rnd.index + 1, self.time.clock, now, rnd.reserve_s)
        self.time = replace(self.time, round=new)
        return new

    # ---------------------------------------------------------------- stop
    def ask_stop(self, now: float) -> None:
        self.stop_until = now + self.settings.stop_confirm_s

    def stop_expired(self, now: float) -> bool:
        """True once, when a pending stop was not confirmed in time."""
        if self.stop_until is not None and now >= self.stop_until - EPSILON_S:
            self.stop_until = None
            return True
        return False

    # ---------------------------------------------------------------- alerts
    def alert_plan(self, step: Step) -> AlertPlan:
        assert self.time is not None
        reminder_min = self.settings.reminder_min or self.method.reminder_min
        checkin_min = self.settings.checkin_min or self.method.checkin_min
        return AlertPlan(
            allotted_s=self.time.clock.allotted_s,
            soft=self.method.is_soft(step),
            warnings_s=tuple(float(w) for w in self.method.step_warnings(step)),
            reminder_s=reminder_min * SECONDS_PER_MINUTE,
            checkin_s=checkin_min * SECONDS_PER_MINUTE,
            turn_warning_s=self.settings.turn_warning_s,
            round=self.time.round,
        )

    def due(self, step: Step, now: float) -> tuple[bool, list[Alert]]:
        """(the halfway rule is due, the alerts due) since the last check; marks them done."""
        assert self.time is not None
        checked, elapsed = self.time.checked_s, self.time.clock.elapsed(now)
        halfway = wording.halfway_due(step, self.time.clock.allotted_s, checked, elapsed)
        alerts = collapse(self.alert_plan(step).between(checked, elapsed))
        self.time = replace(self.time, checked_s=max(checked, elapsed))
        return halfway, alerts

    def next_alert_at(self, step: Step) -> float | None:
        """Clock time of the next alert (or halfway rule) of a running step; None if paused."""
        assert self.time is not None
        moment = self.alert_plan(step).next_after(self.time.checked_s)
        halfway = self.time.clock.allotted_s / 2
        if step.rule_halfway and self.time.checked_s < halfway < moment:
            moment = halfway
        return self.time.clock.time_at(moment)

    # ---------------------------------------------------------------- the plan
    def later_s(self, index: int) -> float:
        """Planned seconds of the steps after step ``index``."""
        return sum(s.minutes for s in self.method.steps[index + 1 :]) * SECONDS_PER_MINUTE

    def planned_end_s(self, index: int, now: float) -> float:
        """Clock time at which the session is now planned to end."""
        assert self.time is not None
        return planned_end(now, self.time.clock, self.later_s(index))


def alert_event(alert: Alert, index: int, time: StepTime) -> Event | None:
    """The typed event of an alert of step ``index`` (a check-in has none: it is only said)."""
    name = time.round.current if time.round else ""
    match alert.kind:
        case AlertKind.WARNING:
            return TimeWarning(Scope.STEP, alert.seconds)
        case AlertKind.TIME_UP:
            return TimeUp(Scope.STEP, 0.0)
        case AlertKind.OVERTIME:
            return TimeUp(Scope.STEP, alert.seconds)
        case AlertKind.TURN_WARNING:
            return TimeWarning(Scope.TURN, alert.seconds, name)
        case AlertKind.TURN_TIME_UP:
            return TimeUp(Scope.TURN, 0.0, name)
        case AlertKind.PLANNED_END:
            return PlannedTimeReached(index)
    return None
