"""Pure time arithmetic of a session: no clock reads, no I/O, no text.

Every moment is kept as *step-elapsed seconds* (how long the current step has been running,
pauses excluded), so pausing shifts everything at once. ``StepClock.time_at`` turns a
step-elapsed moment into an absolute time on the injected monotonic clock: the controller
sleeps until exactly that time, so there is no drift however long a session runs.

What has already fired is one number, the step-elapsed moment of the last check
(``checked_s``): an alert is due when ``checked_s < at <= elapsed``. When "meer tijd" moves a
warning ahead of ``checked_s`` again, it is re-armed without any bookkeeping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

#: Float tolerance when comparing moments (seconds).
EPSILON_S = 1e-6
#: A warning is used only when the step (or turn) lasts at least this many times the warning.
WARNING_FIT_FACTOR = 2.0
#: A turn alert this close to a step alert of the same kind is left out (seconds).
COINCIDE_S = 1.0
#: Floor for reminder and check-in intervals (seconds), so a bad value cannot spin.
MIN_INTERVAL_S = 10.0


@dataclass(frozen=True, slots=True)
class StepClock:
    """The time box of the current step."""

    allotted_s: float
    elapsed_s: float = 0.0  # accumulated up to ``running_since``
    running_since: float | None = None  # clock time it last started running; None: paused

    def elapsed(self, now: float) -> float:
        if self.running_since is None:
            return self.elapsed_s
        return self.elapsed_s + (now - self.running_since)

    def remaining(self, now: float) -> float:
        """Negative when over time."""
        return self.allotted_s - self.elapsed(now)

    def pause(self, now: float) -> StepClock:
        if self.running_since is None:
            return self
        return StepClock(self.allotted_s, self.elapsed(now), None)

    def resume(self, now: float) -> StepClock:
        if self.running_since is not None:
            return self
        return StepClock(self.allotted_s, self.elapsed_s, now)

    def extend(self, extra_s: float) -> StepClock:
        return replace(self, allotted_s=self.allotted_s + extra_s)

    def time_at(self, elapsed: float) -> float | None:
        """Clock time at which the step reaches ``elapsed``; None while paused."""
        if self.running_since is None:
            return None
        return self.running_since + (elapsed - self.elapsed_s)


@dataclass(frozen=True, slots=True)
class RoundState:
    """Position in a round: who speaks now and that turn's time box (step-elapsed seconds).

    ``reserve_s`` of the step time is kept back from the turns for after the round.
    """

    speakers: tuple[str, ...]
    index: int  # current speaker; == len(speakers) once everyone has spoken
    turn_start_s: float
    turn_allotted_s: float
    reserve_s: float = 0.0

    @property
    def complete(self) -> bool:
        return self.index >= len(self.speakers)

    @property
    def current(self) -> str:
        return "" if self.complete else self.speakers[self.index]

    @property
    def turn_end_s(self) -> float:
        return self.turn_start_s + self.turn_allotted_s

    def turn_remaining(self, step_elapsed: float) -> float:
        return 0.0 if self.complete else self.turn_end_s - step_elapsed

    def extend(self, extra_s: float) -> RoundState:
        if self.complete:
            return self
        return replace(self, turn_allotted_s=self.turn_allotted_s + extra_s)


def round_speakers(
    participants: tuple[str, ...], casusinbrenger: str, include_casusinbrenger: bool
) -> tuple[str, ...]:
    """Who speaks in a round, in the order of the participant list."""
    if include_casusinbrenger:
        return participants
    return tuple(name for name in participants if name != casusinbrenger)


def start_turn(
    speakers: tuple[str, ...], index: int, clock: StepClock, now: float, reserve_s: float = 0.0
) -> RoundState:
    """The turn of ``speakers[index]``: an equal share of the step time still left, less
    ``reserve_s`` (kept for after the round). Past the last speaker: the round complete."""
    elapsed = clock.elapsed(now)
    left = len(speakers) - index
    if left <= 0:
        return RoundState(speakers, len(speakers), elapsed, 0.0, reserve_s)
    share = max(0.0, clock.remaining(now) - reserve_s) / left
    return RoundState(speakers, index, elapsed, share, reserve_s)


class AlertKind(StrEnum):
    WARNING = "warning"
    TIME_UP = "time_up"
    OVERTIME = "overtime"  # reminder while over time
    CHECKIN = "checkin"  # soft steps
    TURN_WARNING = "turn_warning"
    TURN_TIME_UP = "turn_time_up"
    PLANNED_END = "planned_end"  # a soft step reached its planned time (silent)

    @property
    def is_turn(self) -> bool:
        return self in (AlertKind.TURN_WARNING, AlertKind.TURN_TIME_UP)


@dataclass(frozen=True, slots=True)
class Alert:
    kind: AlertKind
    at_s: float  # step-elapsed moment
    #: Seconds left (warnings), seconds over time (time up, reminders), seconds elapsed
    #: (check-ins).
    seconds: float


@dataclass(frozen=True, slots=True)
class AlertPlan:
    """Everything that can fire during the current step, in step-elapsed seconds."""

    allotted_s: float
    soft: bool
    warnings_s: tuple[float, ...]
    reminder_s: float
    checkin_s: float
    turn_warning_s: float
    round: RoundState | None = None

    def fixed(self) -> list[Alert]:
        """The finite alerts (warnings, time up, turn alerts; a soft step: its planned end),
        sorted by moment."""
        if self.soft:
            return [Alert(AlertKind.PLANNED_END, self.allotted_s, 0.0)]
        alerts = [
            Alert(AlertKind.WARNING, self.allotted_s - w, w)
            for w in sorted(set(self.warnings_s), reverse=True)
            if w > 0 and self.allotted_s >= WARNING_FIT_FACTOR * w
        ]
        alerts.append(Alert(AlertKind.TIME_UP, self.allotted_s, 0.0))
        rnd = self.round
        if rnd is not None and not rnd.complete and rnd.turn_allotted_s > 0:
            step_moments = [a.at_s for a in alerts]
            w = self.turn_warning_s
            if rnd.turn_allotted_s >= WARNING_FIT_FACTOR * w:
                at = rnd.turn_end_s - w
                if all(abs(at - m) > COINCIDE_S for m in step_moments):
                    alerts.append(Alert(AlertKind.TURN_WARNING, at, w))
            if abs(rnd.turn_end_s - self.allotted_s) > COINCIDE_S:
                alerts.append(Alert(AlertKind.TURN_TIME_UP, rnd.turn_end_s, 0.0))
        return sorted(alerts, key=lambda a: a.at_s)

    def _periodic(self) -> tuple[AlertKind, float, float]:
        """(kind, first moment, interval) of the open-ended series."""
        if self.soft:
            interval = max(self.checkin_s, MIN_INTERVAL_S)
            return AlertKind.CHECKIN, interval, interval
        interval = max(self.reminder_s, MIN_INTERVAL_S)
        return AlertKind.OVERTIME, self.allotted_s + interval, interval

    def between(self, after_s: float, until_s: float) -> list[Alert]:
        """Alerts with ``after_s < at <= until_s`` (with float tolerance), sorted."""
        lo, hi = after_s + EPSILON_S, until_s + EPSILON_S
        due = [a for a in self.fixed() if lo < a.at_s <= hi]
        kind, first, interval = self._periodic()
        k = max(0, math.floor((lo - first) / interval) + 1)
        while first + k * interval <= hi:
            at = first + k * interval
            if at > lo:
                seconds = at if kind is AlertKind.CHECKIN else at - self.allotted_s
                due.append(Alert(kind, at, seconds))
            k += 1
        return sorted(due, key=lambda a: a.at_s)

    def next_after(self, after_s: float) -> float:
        """The step-elapsed moment of the next alert after ``after_s``."""
        lo = after_s + EPSILON_S
        fixed = [a.at_s for a in self.fixed() if a.at_s > lo]
        _kind, first, interval = self._periodic()
        k = max(0, math.floor((lo - first) / interval) + 1)
        periodic = first + k * interval
        if periodic <= lo:  # float edge
            periodic += interval
        return min([*fixed, periodic])


def collapse(alerts: list[Alert]) -> list[Alert]:
    """Of several alerts due at once (e.g. after a stall), keep the latest per scope; a soft
    step's planned end is always kept (it is a moment, not a message)."""
    ends = [a for a in alerts if a.kind is AlertKind.PLANNED_END]
    step = [a for a in alerts if not a.kind.is_turn and a.kind is not AlertKind.PLANNED_END]
    turn = [a for a in alerts if a.kind.is_turn]
    kept = ends + [group[-1] for group in (step, turn) if group]
    return sorted(kept, key=lambda a: a.at_s)


def planned_end(now: float, clock: StepClock, later_s: float) -> float:
    """Clock time at which the session is planned to end: what is left of this step (never
    less than nothing) plus the steps still to come."""
    return now + max(0.0, clock.remaining(now)) + later_s
