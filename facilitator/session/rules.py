"""Which commands make sense now: a pure function of the session's situation."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.events import Command
from facilitator.phrases import Refusal

#: Commands that only report and are fine at any moment of a running session.
ANSWERS: frozenset[Command] = frozenset(
    {
        Command.REPEAT,
        Command.TIME_LEFT,
        Command.HELP,
        Command.QUESTIONS,
        Command.RULE,
        Command.MORE_HELP,
        Command.BRIEF,
        Command.FULL,
    }
)
#: Commands that move the time or the position, refused while paused.
MOVES: frozenset[Command] = frozenset(
    {Command.NEXT_STEP, Command.PREVIOUS_STEP, Command.MORE_TIME, Command.NEXT_SPEAKER}
)


@dataclass(frozen=True, slots=True)
class Situation:
    started: bool
    finished: bool
    step_index: int
    paused: bool
    stop_pending: bool
    is_round: bool
    round_complete: bool
    has_questions: bool
    has_rule: bool = True


def refusal(command: Command, now: Situation) -> Refusal | None:
    """Why ``command`` cannot be done in situation ``now``, or None when it can."""
    if now.finished:
        return Refusal.FINISHED
    if not now.started:
        return Refusal.NOT_STARTED
    if now.stop_pending and command not in ANSWERS | {Command.CONFIRM, Command.CANCEL}:
        return Refusal.STOP_PENDING
    if command in (Command.CONFIRM, Command.CANCEL) and not now.stop_pending:
        return Refusal.NO_STOP_PENDING
    if now.paused and command in MOVES:
        return Refusal.PAUSED
    if command is Command.PAUSE and now.paused:
        return Refusal.ALREADY_PAUSED
    if command is Command.RESUME and not now.paused:
        return Refusal.NOT_PAUSED
    if command is Command.PREVIOUS_STEP and now.step_index == 0:
        return Refusal.FIRST_STEP
    if command is Command.NEXT_SPEAKER:
        if not now.is_round:
            return Refusal.NOT_A_ROUND
        if now.round_complete:
            return Refusal.ROUND_COMPLETE
    if command is Command.QUESTIONS and not now.has_questions:
        return Refusal.NO_QUESTIONS
    if command is Command.RULE and not now.has_rule:
        return Refusal.NO_RULE
    return None
