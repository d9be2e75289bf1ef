"""Who, what and how: the validated input of a session."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.methods.schema import Method
from facilitator.phrases import get_phrases
from facilitator.session.people import chooser, has_case

#: Intervisie needs at least a casusinbrenger and one other participant.
MIN_PARTICIPANTS = 2


class PlanError(FacilitatorError, ValueError):
    """A session plan that cannot run; the message is Dutch and says what to do."""

    area = ErrorArea.PLAN


@dataclass(frozen=True, slots=True)
class SessionSettings:
    more_time_s: float = 120.0  # added by "meer tijd"
    language: str = "nl"  # phrase pack
    reminder_min: float | None = None  # over-time reminder interval; None: the method's
    checkin_min: float | None = None  # soft-step check-in interval; None: the method's
    turn_warning_s: float = 30.0  # per-turn warning in rounds
    stop_confirm_s: float = 15.0  # a pending "stop" expires after this
    save_interval_s: float = 5.0  # state is saved at least this often while running
    brief: bool = False  # short prompts: a group that knows the method ("korte uitleg")
    follow_up: tuple[str, ...] = ()  # last time's case bringers (a group's opted-in history)
    #: the standing group's members: who is absent ("er is iemand bij" asks after them)
    members: tuple[str, ...] = ()
    #: minutes the group has, when more than the plan's ("nog een casus" needs the time)
    available_min: float | None = None
    #: "er is iemand bij" is followed by a roll call of the absent (the device mode)
    roll_call: bool = False

    def __post_init__(self) -> None:
        positive = {
            "more_time_s": self.more_time_s,
            "turn_warning_s": self.turn_warning_s,
            "stop_confirm_s": self.stop_confirm_s,
            "save_interval_s": self.save_interval_s,
            "reminder_min": self.reminder_min or 1.0,
            "checkin_min": self.checkin_min or 1.0,
            "available_min": self.available_min or 1.0,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"SessionSettings.{name} must be positive, got {value}")


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """A method plus the group. Raises ``PlanError`` (Dutch) when it cannot run."""

    method: Method
    participants: tuple[str, ...]
    casusinbrenger: str
    meeting: int | None = None

    def __post_init__(self) -> None:
        phrases = get_phrases("nl")
        stripped = tuple(name.strip() for name in self.participants)
        object.__setattr__(self, "participants", stripped)
        object.__setattr__(self, "casusinbrenger", self.casusinbrenger.strip())
        for position, name in enumerate(stripped, start=1):
            if not name:
                raise PlanError(phrases.plan_empty_name(position))
        if len(stripped) < MIN_PARTICIPANTS:
            raise PlanError(phrases.plan_too_few(len(stripped), MIN_PARTICIPANTS))
        seen: set[str] = set()
        for name in stripped:
            if name.casefold() in seen:
                raise PlanError(phrases.plan_duplicate_name(name))
            seen.add(name.casefold())
        # "" until the group chooses, in a method with a choosing step (or without a case)
        chosen_later = chooser(self.method) is not None or not has_case(self.method)
        if self.casusinbrenger not in stripped and not (chosen_later and not self.casusinbrenger):
            raise PlanError(phrases.plan_inbrenger_unknown(self.casusinbrenger, stripped))
        numbers = [m.number for m in self.method.meetings]
        if numbers and self.meeting is None:
            raise PlanError(phrases.plan_meeting_missing(self.method.name, numbers))
        if numbers and self.meeting not in numbers:
            assert self.meeting is not None
            raise PlanError(phrases.plan_meeting_unknown(self.meeting, self.method.name, numbers))
        if not numbers and self.meeting is not None:
            raise PlanError(phrases.plan_meeting_not_cycle(self.meeting, self.method.name))
        object.__setattr__(self, "method", self.method.for_meeting(self.meeting))

    def warnings(self, language: str = "nl") -> list[str]:
        """Things worth saying that do not stop the session (group size)."""
        count = len(self.participants)
        low, high = self.method.group_min, self.method.group_max
        if low <= count <= high:
            return []
        return [get_phrases(language).plan_group_size(count, low, high, self.method.name)]

    @property
    def others(self) -> tuple[str, ...]:
        """The participants except the casusinbrenger."""
        return tuple(name for name in self.participants if name != self.casusinbrenger)
