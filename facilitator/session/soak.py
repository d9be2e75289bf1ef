"""Soak benchmark: a long session run through the real ``Controller`` on a sped-up clock.

Measures how late each warning and time-up arrives compared with its planned moment.
Deadlines are absolute, so lateness must not grow over the session (no drift)::

    python -m facilitator.session.soak --hours 3 --speed 300

Lateness is reported in real milliseconds (clock lateness / speed), i.e. what a group would
notice at normal speed.
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass, field
from datetime import datetime

from facilitator.events import (
    Command,
    CommandIssued,
    Event,
    InputSource,
    Scope,
    Snapshot,
    StepEntered,
    TimeUp,
    TimeWarning,
)
from facilitator.methods.schema import Method, Role, RoundSpec, Step
from facilitator.session.clock import ScaledClock
from facilitator.session.controller import Controller
from facilitator.session.engine import Session
from facilitator.session.plan import SessionPlan

STEP_MINUTES = 20.0
SPEAKERS = ("Anna", "Bram", "Carla", "Daan")


def soak_method(hours: float) -> Method:
    count = max(2, round(hours * 60 / STEP_MINUTES))
    steps = tuple(
        Step(
            id=f"stap{i}",
            title=f"Stap {i}",
            minutes=STEP_MINUTES,
            role=Role.DEELNEMERS if i % 3 == 1 else Role.IEDEREEN,
            prompt="Soak.",
            round=RoundSpec() if i % 3 == 1 else None,
        )
        for i in range(count)
    )
    return Method("soak", "Soak", "Duurtest", 2, 12, steps)


@dataclass
class SoakResult:
    lateness_s: list[float] = field(default_factory=list)  # real seconds, in order
    steps_entered: int = 0
    finished: bool = False


def run_soak(hours: float, speed: float, timeout_s: float | None = None) -> SoakResult:
    """Run a ``hours`` session at ``speed``; advance each step at its time up."""
    clock = ScaledClock(speed)
    result = SoakResult()
    plan = SessionPlan(soak_method(hours), SPEAKERS, "Anna")
    step_end: list[float] = []  # absolute clock time of the current step's time up
    expect_status = [False]
    holder: list[Controller] = []

    def listener(event: Event) -> None:
        now = clock.now()
        if isinstance(event, StepEntered):
            result.steps_entered += 1
            expect_status[0] = True
        elif isinstance(event, Snapshot) and expect_status[0]:
            expect_status[0] = False
            step_end[:] = [event.at + event.remaining_s]
        elif isinstance(event, TimeWarning) and event.scope is Scope.STEP and step_end:
            result.lateness_s.append((now - (step_end[0] - event.seconds_left)) / speed)
        elif isinstance(event, TimeUp) and event.scope is Scope.STEP and step_end:
            result.lateness_s.append((now - step_end[0]) / speed)
            holder[0].post(CommandIssued(Command.NEXT_STEP, InputSource.SYSTEM))
        elif isinstance(event, TimeUp) and event.scope is Scope.TURN:
            holder[0].post(CommandIssued(Command.NEXT_SPEAKER, InputSource.SYSTEM))

    session = Session(plan, clock=clock, listeners=[listener], wall_clock=datetime.now)
    controller = Controller(session, clock)
    holder.append(controller)
    thread = controller.start_thread()
    thread.join(timeout_s if timeout_s is not None else hours * 3600 / speed * 2 + 10)
    result.finished = session.finished
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=3.0)
    parser.add_argument("--speed", type=float, default=300.0)
    args = parser.parse_args()
    result = run_soak(args.hours, args.speed)
    late_ms = [x * 1000 for x in result.lateness_s]
    third = max(1, len(late_ms) // 3)
    print(
        f"session {args.hours} h at speed {args.speed}: {result.steps_entered} steps, "
        f"finished={result.finished}, {len(late_ms)} alerts"
    )
    for name, values in (
        ("all", late_ms),
        ("first third", late_ms[:third]),
        ("last third", late_ms[-third:]),
    ):
        print(
            f"  lateness {name:11s} (real ms): p50 {percentile(values, 0.5):6.2f}  "
            f"p90 {percentile(values, 0.9):6.2f}  p99 {percentile(values, 0.99):6.2f}  "
            f"max {max(values):6.2f}  mean {statistics.fmean(values):6.2f}"
        )


if __name__ == "__main__":
    main()
