"""Builders shared by the session tests (methods from the schema, a recording session)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    Event,
    InputSource,
    Say,
    SayKind,
    Snapshot,
    StepEntered,
    TimeUp,
    TimeWarning,
    TurnStarted,
)
from facilitator.methods.schema import Meeting, Method, Role, RoundSpec, Step, Timing
from facilitator.session import FakeClock, Session, SessionPlan, SessionSettings, StateStore

NAMES_4 = ("Anna", "Bram", "Carla", "Daan")
NAMES_8 = ("Anna", "Bram", "Carla", "Daan", "Eva", "Fenna", "Gijs", "Hanna")
START_WALL = datetime(2026, 11, 24, 14, 0, 0)


def step(
    id: str,
    minutes: float,
    *,
    role: Role = Role.IEDEREEN,
    prompt: str = "",
    rule: str = "",
    inspiration: tuple[str, ...] = (),
    round: RoundSpec | None = None,
    timing: Timing | None = None,
    warnings_s: tuple[int, ...] | None = None,
) -> Step:
    return Step(
        id=id,
        title=id.capitalize(),
        minutes=minutes,
        role=role,
        prompt=prompt or f"Prompt van {id}.",
        rule=rule,
        inspiration=inspiration,
        round=round,
        timing=timing,
        warnings_s=warnings_s,
    )


def method(*steps: Step, **kwargs: object) -> Method:
    fields: dict[str, object] = {
        "id": "testmethode",
        "name": "Testmethode",
        "description": "Een methode om te testen.",
        "group_min": 3,
        "group_max": 8,
        "steps": steps,
        "checkin_round": False,  # tests of check-in and evaluation ask for them
        "evaluation_round": False,
    }
    fields.update(kwargs)
    return Method(**fields)  # type: ignore[arg-type]


def standard_method() -> Method:
    """Five steps: intro (CI), silent writing, a question round, a soft discussion, closing."""
    return method(
        step("inleiding", 5, role=Role.CASUSINBRENGER, prompt="{inbrenger}, vertel je casus."),
        step("schrijven", 3, role=Role.STIL, rule="in stilte"),
        step(
            "vragenronde",
            12,
            role=Role.DEELNEMERS,
            round=RoundSpec(),
            rule="alleen vragen, nog geen adviezen",
            inspiration=("Wat deed je precies?", "Wat wilde je bereiken, {inbrenger}?"),
        ),
        step("gesprek", 20, timing=Timing.SOFT),
        step("afsluiting", 5, prompt="Wat neem je mee, {deelnemers}?"),
        opening_rules=("We spreken vanuit eigen ervaring.",),
        reminder_min=3.0,
        checkin_min=10.0,
    )


def cycle_method() -> Method:
    return method(
        step("accent", 10, prompt="Bijeenkomst {bijeenkomst}: {accent}"),
        step("casus", 10),
        id="cyclus",
        name="Cyclus",
        meetings=(Meeting(1, "Verkennen", "het HET"), Meeting(2, "De IK-factor", "de IK")),
    )


@dataclass
class Rig:
    """A session on a fake clock with every event recorded."""

    session: Session
    clock: FakeClock
    events: list[Event] = field(default_factory=list)
    wall_start: datetime = START_WALL

    def wall(self) -> datetime:
        return self.wall_start + timedelta(seconds=self.clock.now() - 1000.0)

    def advance(self, seconds: float) -> list[Event]:
        """Move the clock, tick at every due moment on the way; return the new events."""
        mark = len(self.events)
        target = self.clock.now() + seconds
        while True:
            due = self.session.next_due()
            if due is None or due > target:
                break
            self.clock.set(max(due, self.clock.now()))
            self.session.tick()
        self.clock.set(target)
        self.session.tick()
        return self.events[mark:]

    def do(self, command: Command) -> list[Event]:
        mark = len(self.events)
        self.session.handle(command, InputSource.SYSTEM)
        return self.events[mark:]

    def says(self, kind: SayKind | None = None, since: int = 0) -> list[str]:
        return [
            e.text
            for e in self.events[since:]
            if isinstance(e, Say) and (kind is None or e.kind is kind)
        ]

    def last_status(self) -> Snapshot:
        return [e for e in self.events if isinstance(e, Snapshot)][-1]

    def entered(self) -> list[int]:
        return [e.index for e in self.events if isinstance(e, StepEntered)]

    def turns(self) -> list[TurnStarted]:
        return [e for e in self.events if isinstance(e, TurnStarted)]


def rig(
    m: Method | None = None,
    participants: tuple[str, ...] = NAMES_4,
    casusinbrenger: str = "Anna",
    *,
    meeting: int | None = None,
    settings: SessionSettings | None = None,
    store_path: Path | None = None,
    start: bool = True,
    **kwargs: object,
) -> Rig:
    clock = FakeClock(1000.0)
    events: list[Event] = []
    plan = SessionPlan(m or standard_method(), participants, casusinbrenger, meeting)
    holder: list[Rig] = []
    session = Session(
        plan,
        clock=clock,
        listeners=[events.append],
        settings=settings or SessionSettings(),
        wall_clock=lambda: holder[0].wall(),
        store=StateStore(store_path) if store_path else None,
        **kwargs,  # type: ignore[arg-type]
    )
    r = Rig(session, clock, events)
    holder.append(r)
    if start:
        session.start()
    return r


def kinds(events: list[Event]) -> list[type]:
    return [type(e) for e in events]


def accepted(events: list[Event]) -> bool:
    return any(isinstance(e, CommandAccepted) for e in events)


def refused(events: list[Event]) -> str:
    reasons = [e.reason for e in events if isinstance(e, CommandRefused)]
    return reasons[0] if reasons else ""


def warnings(events: list[Event]) -> list[TimeWarning]:
    return [e for e in events if isinstance(e, TimeWarning)]


def time_ups(events: list[Event]) -> list[TimeUp]:
    return [e for e in events if isinstance(e, TimeUp)]


def test_rig_records_the_opening() -> None:
    r = rig()
    assert r.entered() == [0]
    assert r.says(SayKind.PROMPT)[0].startswith("Welkom")
    assert "Anna, vertel je casus." in r.says(SayKind.PROMPT)[-1]
