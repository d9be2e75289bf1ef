"""The shape of an intervisie method once loaded: immutable, validated, pure data.

Methods are written as TOML files (see ``library/``); ``loader.py`` turns a file into a
``Method`` or raises ``MethodError`` naming file, step and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path


class Role(StrEnum):
    """Who speaks during a step (the TOML value is the Dutch word)."""

    CASUSINBRENGER = "casusinbrenger"
    DEELNEMERS = "deelnemers"
    IEDEREEN = "iedereen"
    STIL = "stil"  # silent writing / thinking


class Timing(StrEnum):
    HARD = "hard"  # time boxes with warnings and time-up
    SOFT = "soft"  # no hard time box: gentle check-ins instead (Socratic dialogue)


#: Default warning moments before the end of a step, in seconds. A warning is only used
#: when the step is long enough for it to make sense (see session timing).
DEFAULT_WARNINGS_S: tuple[int, ...] = (120, 30)
#: Default interval between "still over time" reminders, in minutes.
DEFAULT_REMINDER_MIN: float = 3.0
#: Default interval between check-ins of a soft step, in minutes.
DEFAULT_CHECKIN_MIN: float = 10.0

#: Placeholders a prompt may contain; filled in by the session.
PLACEHOLDERS: frozenset[str] = frozenset({"inbrenger", "bijeenkomst", "accent", "deelnemers"})


@dataclass(frozen=True, slots=True)
class RoundSpec:
    """A step in which each participant speaks in turn; the step time is split per person.

    ``reserve_minutes`` of the step are kept back from the turns: when everyone has had a
    turn, ``after_prompt`` (if any) is spoken and the rest of the step runs as a plain step
    (e.g. the casusinbrenger reacts to the round). ``0 <= reserve_minutes < Step.minutes``.
    """

    include_casusinbrenger: bool = False
    reserve_minutes: float = 0.0  # kept back after the last turn
    after_prompt: str = ""  # spoken when the round is complete (may contain {placeholders})


@dataclass(frozen=True, slots=True)
class Step:
    id: str  # slug, unique within the method
    title: str
    minutes: float  # > 0
    role: Role
    prompt: str  # spoken on entering the step (may contain {placeholders})
    rule: str = ""  # short rule reminder: "alleen vragen, nog geen adviezen"
    #: one or two sentences for a group that knows the method: who speaks and what
    short_prompt: str = ""
    inspiration: tuple[str, ...] = ()  # questions the group can ask for
    round: RoundSpec | None = None
    timing: Timing | None = None  # None: the method's timing
    warnings_s: tuple[int, ...] | None = None  # None: the method's warnings
    min_minutes: float | None = None  # floor when fitting to a shorter session
    meetings: tuple[int, ...] = ()  # only in these meetings of a cycle; () = in every meeting
    rule_halfway: bool = False  # the rule may be said once, halfway through the step
    #: the group chooses the case (and so the casusinbrenger) in this step ("kiest_casus")
    chooses_case: bool = False

    def in_meeting(self, number: int | None) -> bool:
        return not self.meetings or number is None or number in self.meetings


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting of a multi-meeting cycle (e.g. the Draagvlak cycle)."""

    number: int  # 1-based
    title: str
    accent: str  # spoken text describing this meeting's accent


@dataclass(frozen=True, slots=True)
class Method:
    id: str  # file stem, used on the command line
    name: str
    description: str
    group_min: int
    group_max: int
    steps: tuple[Step, ...]
    timing: Timing = Timing.HARD
    warnings_s: tuple[int, ...] = DEFAULT_WARNINGS_S
    reminder_min: float = DEFAULT_REMINDER_MIN
    checkin_min: float = DEFAULT_CHECKIN_MIN
    opening_rules: tuple[str, ...] = ()  # spoken at the start (e.g. Socratic rules)
    meetings: tuple[Meeting, ...] = ()
    source: str = ""  # a note on how the method follows its sources (for `facilitator toon`)
    sources: tuple[str, ...] = ()  # citations as a reader would give them
    checkin_round: bool = True  # the first step opens with a short check-in round
    evaluation_round: bool = True  # the last step ends with a short evaluation round
    #: id of the first step of the case part ("casus_vanaf"), where "nog een casus" starts
    #: again; "" for the default (``session.people.case_start``)
    case_from: str = ""
    path: Path | None = field(default=None, compare=False)

    @property
    def total_minutes(self) -> float:
        """Minutes of one session (of the first meeting, for a cycle not yet narrowed)."""
        first = self.meetings[0].number if self.meetings else None
        return sum(step.minutes for step in self.steps if step.in_meeting(first))

    @property
    def varies_per_meeting(self) -> bool:
        return any(step.meetings for step in self.steps)

    def for_meeting(self, number: int | None) -> Method:
        """This method with only the steps of meeting ``number`` (itself when nothing varies)."""
        if number is None or not self.varies_per_meeting:
            return self
        steps = tuple(replace(step, meetings=()) for step in self.steps if step.in_meeting(number))
        return replace(self, steps=steps)

    def step_timing(self, step: Step) -> Timing:
        return step.timing or self.timing

    def is_soft(self, step: Step) -> bool:
        """No hard time limit: check-ins instead of warnings and time-up."""
        return self.step_timing(step) is Timing.SOFT

    def step_warnings(self, step: Step) -> tuple[int, ...]:
        return self.warnings_s if step.warnings_s is None else step.warnings_s

    def meeting(self, number: int) -> Meeting | None:
        return next((m for m in self.meetings if m.number == number), None)
