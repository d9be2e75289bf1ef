"""A rehearsed session: a scripted group runs a whole method through the real session on a
fake clock, and every line the device says is collected.

The group behaves the way the rehearsal command does, which is the most talkative case for
the device: every turn runs to its time-up and then someone says "volgende spreker"; every
step runs to its time-up (a soft step to its planned minutes) and then someone says
"volgende stap". Used by the speech-economy tests and by ``scripts/bench_words.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from facilitator.events import (
    Command,
    Event,
    InputSource,
    Say,
    Scope,
    SessionEnded,
    StepEntered,
    TimeUp,
)
from facilitator.listening.vocabulary import load_vocabulary
from facilitator.methods.schema import Method
from facilitator.session.clock import FakeClock
from facilitator.session.engine import Session
from facilitator.session.plan import SessionPlan, SessionSettings

NAMES = ("Anna", "Bram", "Carla", "Daan", "Eva", "Fenna")
#: A safety net: no method has anywhere near this many alerts and commands.
MAX_ROUNDS = 5000


@dataclass
class Rehearsal:
    """What happened: every event, and the lines said, in order."""

    method: Method
    brief: bool
    events: list[Event] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # session seconds of each event

    def listen(self, clock: FakeClock) -> Callable[[Event], None]:
        def record(event: Event) -> None:
            self.events.append(event)
            self.times.append(clock.now())

        return record

    def timed_says(self) -> list[tuple[float, Say]]:
        return [(t, e) for t, e in zip(self.times, self.events, strict=True) if isinstance(e, Say)]

    @property
    def says(self) -> list[Say]:
        return [e for e in self.events if isinstance(e, Say)]

    @property
    def words(self) -> int:
        return sum(len(say.text.split()) for say in self.says)

    @property
    def minutes(self) -> float:
        return self.method.total_minutes


def group_size(method: Method) -> int:
    """A typical group for the method: six people, within the method's range."""
    return max(method.group_min, min(6, method.group_max))


def rehearse(
    method: Method,
    *,
    brief: bool = False,
    follow_up: Sequence[str] = (),
    meeting: int | None = None,
    people: int | None = None,
    commands: Sequence[tuple[float, Command]] = (),
) -> Rehearsal:
    """Run ``method`` start to finish; ``commands`` are said at those session seconds."""
    if meeting is None and method.meetings:
        meeting = method.meetings[0].number
    names = NAMES[: people or group_size(method)]
    plan = SessionPlan(method, names, names[0], meeting)
    clock = FakeClock(0.0)
    result = Rehearsal(plan.method, brief)
    session = Session(
        plan,
        clock=clock,
        listeners=[result.listen(clock)],
        settings=SessionSettings(brief=brief, follow_up=tuple(follow_up)),
        help_phrases=load_vocabulary("nl").help_phrases(),
    )
    pending = sorted(commands)
    step_end: float | None = None
    soft = False
    session.start()
    seen = 0
    for _ in range(MAX_ROUNDS):
        for event in result.events[seen:]:
            if isinstance(event, StepEntered):
                step_end, soft = clock.now() + event.allotted_s, event.soft
        seen_before, seen = seen, len(result.events)
        reaction = _reaction(result.events[seen_before:])
        if reaction is not None:
            session.handle(reaction, InputSource.SYSTEM)
            continue
        if session.finished or any(isinstance(e, SessionEnded) for e in result.events):
            return result
        due = session.next_due()
        moments = [m for m in (due, step_end if soft else None) if m is not None]
        if pending:
            moments.append(pending[0][0])
        at = max(clock.now(), min(moments))
        clock.set(at)
        if pending and pending[0][0] <= at:
            session.handle(pending.pop(0)[1], InputSource.SYSTEM)
        elif soft and step_end is not None and at >= step_end:
            session.handle(Command.NEXT_STEP, InputSource.SYSTEM)
        else:
            session.tick()
    raise AssertionError(f"{method.id}: the rehearsal did not end in {MAX_ROUNDS} rounds")


def _reaction(new: Sequence[Event]) -> Command | None:
    """What the group says after the events just published (time-ups only)."""
    for event in new:
        if isinstance(event, TimeUp) and event.overtime_s == 0.0:
            return Command.NEXT_SPEAKER if event.scope is Scope.TURN else Command.NEXT_STEP
    return None
