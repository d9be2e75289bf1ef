"""What the session says when, for a group new to the method or one that knows it (pure).

Speech economy: a step's prompt is said once (no rule reminder after it; the rule is what
"spelregel" answers, and, if the method asks, once halfway through the step); a group that
knows the method hears the short prompt; the first step opens with the check-in (and, for a
standing group that keeps its history, the follow-up of last time's cases); the last step
ends with the evaluation; time-up is said once and one reminder follows, then silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.methods.schema import Method, Step
from facilitator.phrases import Phrases
from facilitator.session import people

#: Spoken over-time reminders after the time-up (the screen keeps showing the over-time).
MAX_OVERTIME_REMINDERS = 1


@dataclass(frozen=True, slots=True)
class Wording:
    """How this group is spoken to: ``brief`` prompts, and whom to ask about last time."""

    brief: bool = False
    follow_up: tuple[str, ...] = ()  # last meeting's case bringers (opted-in history only)


def has_case(method: Method) -> bool:
    """Does anyone bring a case in this session (a look-back meeting has none)?"""
    return people.has_case(method)


def welcome_case(method: Method, casusinbrenger: str) -> str:
    """Whom the welcome names as casusinbrenger: nobody when there is no case, or when the
    group chooses the case during the session (a choosing step)."""
    if not has_case(method) or people.chooser(method) is not None:
        return ""
    return casusinbrenger


def step_prompt(step: Step, brief: bool, phrases: Phrases, casusinbrenger: str) -> str:
    """The prompt text to fill: the short one for a group that knows the method."""
    if not brief:
        return step.prompt
    return step.short_prompt or phrases.who_speaks(step.role.value, casusinbrenger)


def entry_extras(
    method: Method, index: int, phrases: Phrases, follow_up: Sequence[str]
) -> list[str]:
    """Lines said after a step's prompt: the check-in and follow-up (first step), the
    evaluation (last step)."""
    lines: list[str] = []
    if index == 0 and method.checkin_round:
        lines.append(phrases.checkin_round())
    if index == 0 and follow_up:
        lines.append(phrases.follow_up(list(follow_up)))
    if index == len(method.steps) - 1 and method.evaluation_round:
        lines.append(phrases.evaluation_round())
    return lines


def first_time(taught: set[str], hint: str) -> bool:
    """True the first time ``hint`` is asked for (and remembers it): a command is taught
    once a session, then the group knows it."""
    if hint in taught:
        return False
    taught.add(hint)
    return True


def overtime_spoken(over_s: float, reminder_s: float) -> bool:
    """Is the over-time reminder at ``over_s`` past time-up one that is said aloud?"""
    return over_s <= MAX_OVERTIME_REMINDERS * reminder_s + 1e-6


def halfway_due(step: Step, allotted_s: float, before_s: float, now_s: float) -> bool:
    """Is the halfway rule reminder due between step-elapsed ``before_s`` and ``now_s``?"""
    half = allotted_s / 2
    return step.rule_halfway and bool(step.rule) and before_s < half <= now_s
