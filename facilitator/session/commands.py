"""Commands in a session: the conditions and callbacks of the machine's own transitions
(``machine.py``), mixed into ``Session``: the begin, the step and clock commands (next,
previous, more time, pause, resume, stop, cancel, confirm) and the commands that only answer
(repeat, time left, questions, help, rule, short or full wording).

A condition answers the machine from what a state cannot hold (the round, the step's text);
a callback runs after the machine has taken its transition, so the machine's state is
already the new one, and does the transition's work on the clock (``Timekeeper``) and says
it. The people transitions' conditions and callbacks are in ``changes.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from facilitator.events import SayKind, SessionStarted
from facilitator.session import machine as m
from facilitator.session.narration import Line
from facilitator.session.parts import SessionParts
from facilitator.session.store import SavedState
from facilitator.units import SECONDS_PER_MINUTE

logger = logging.getLogger(__name__)


class StepCommands(SessionParts):
    """The command part of ``Session`` (which provides what ``SessionParts`` and this class
    declare)."""

    planned_end_wall: datetime | None  # as planned at the start
    _restore: SavedState | None  # the saved session to continue, if any

    if TYPE_CHECKING:  # provided by Session (and by PeopleChanges: ``_regroup``)

        def say_all(self, lines: Sequence[Line]) -> None: ...
        def planned_end_at(self, now: float) -> datetime: ...
        def _finish(self, completed: bool) -> None: ...
        def _regroup(self, *, announce: bool = True) -> None: ...

    # ---------------------------------------------------------------- conditions
    # (see machine.CONDITIONS)
    def stop_not_pending(self, *_: object) -> bool:
        return not self.stop_pending

    def clock_running(self, *_: object) -> bool:
        return not self.paused

    def in_round(self) -> bool:
        return self.time is not None and self.time.round is not None

    def round_open(self) -> bool:
        return (
            self.time is not None and self.time.round is not None and not self.time.round.complete
        )

    def has_questions(self) -> bool:
        return self.step_index is not None and bool(self.current_step().inspiration)

    def has_rule(self) -> bool:
        return self.step_index is not None and bool(self.current_step().rule)

    # ---------------------------------------------------------------- callbacks
    def _on_begin(self) -> None:
        now = self.clock.now()
        method, plan = self.method, self.plan
        self.generation = 1
        restore = self._restore
        if restore is None:
            total_s = method.total_minutes * SECONDS_PER_MINUTE
            self.planned_end_wall = self.wall_clock() + timedelta(seconds=total_s)
            more_s = (self.settings.available_min or 0.0) * SECONDS_PER_MINUTE - total_s
            self.deadline_wall = self.planned_end_wall + timedelta(seconds=max(0.0, more_s))
        else:
            self.planned_end_wall = restore.planned_end
            self.deadline_wall = restore.deadline or restore.planned_end
        self.publish(
            SessionStarted(
                method.id,
                method.name,
                plan.participants,
                plan.casusinbrenger,
                method.total_minutes,
                resumed=restore is not None,
            )
        )
        if restore is None:
            self.say_all(self.narrator.opening())
            self.timekeeper.enter(0, now)
            self._announce_step(full=True)
        else:
            self._restore_from(restore, now)
        self._changed()

    def _restore_from(self, restore: SavedState, now: float) -> None:
        """Put the machine where the saved session was, with the time it had."""
        current = restore.current
        leaves = [
            m.step_state(current.index),
            m.PAUSED if restore.paused else m.RUNNING,
            m.STOP_IDLE,
        ]
        self.machine.set_state(leaves, model=self)
        self.timekeeper.restore(current, restore.undo, restore.paused, now)
        assert self.time is not None
        self.say(self.narrator.resumed(current.index, self.time, now, restore.paused))
        self._announce_step(full=False, title=False)

    def _push_undo(self) -> None:
        index = self.step_index
        assert index is not None
        self.timekeeper.push_undo(index, self.clock.now())

    def _on_next_step(self) -> None:
        now = self.clock.now()
        self.generation += 1
        self.say(Line(self.phrases.ack_next_step(), SayKind.ACK))
        index = self.step_index
        if index is None:  # past the last step: the machine is in its end state
            self.say(self.narrator.closing())
            self._finish(completed=True)
            return
        self.timekeeper.enter(index, now)
        self._announce_step(full=True)

    def _on_previous_step(self) -> None:
        now = self.clock.now()
        self.generation += 1
        index = self.step_index
        assert index is not None
        if not self.timekeeper.back_to(index, now):  # no undo snapshot (should not happen)
            logger.warning("no undo snapshot for step %d; it started afresh", index)
        self._regroup(announce=False)  # who joined or left since the step was left
        self.say(Line(self.phrases.ack_previous_step(), SayKind.ACK))
        self._announce_step(full=False)
        assert self.time is not None
        self.say(self.narrator.time_left(index, self.time, now, self.paused, SayKind.INFO))

    def _on_more_time(self) -> None:
        assert self.planned_end_wall is not None
        now = self.clock.now()
        extra = self.settings.more_time_s
        self.timekeeper.more_time(extra)
        end = self.planned_end_at(now)
        delay = (end - self.planned_end_wall).total_seconds()
        self.say(Line(self.phrases.ack_more_time(extra, end, delay), SayKind.ACK))

    def _on_pause(self) -> None:
        self.timekeeper.pause(self.clock.now())
        self.say(Line(self.phrases.ack_pause(), SayKind.ACK))

    def _on_resume(self) -> None:
        self.timekeeper.resume(self.clock.now())
        self.say(Line(self.phrases.ack_resume(), SayKind.ACK))

    def _on_repeat(self) -> None:
        index = self.step_index
        assert index is not None and self.time is not None
        self.say_all(self.narrator.repeat(index, self.time, self.clock.now()))

    def _on_time_left(self) -> None:
        index = self.step_index
        assert index is not None and self.time is not None
        now = self.clock.now()
        self.say(self.narrator.time_left(index, self.time, now, self.paused, SayKind.ACK))

    def _on_next_speaker(self) -> None:
        self.generation += 1
        self.say(Line(self.phrases.ack_next_speaker(), SayKind.ACK))
        self.timekeeper.next_turn(self.clock.now())
        self._announce_turn()

    def _on_questions(self) -> None:
        index = self.step_index
        assert index is not None
        self.say_all(self.narrator.questions(index))

    def _on_help(self) -> None:
        self.say(self.narrator.help())

    def _on_more_help(self) -> None:
        self.say(self.narrator.more_help())

    def _on_rule(self) -> None:
        self.say(self.narrator.rule(self.current_step(), SayKind.ACK))

    def _on_brief(self) -> None:
        self._set_brief(True)

    def _on_full(self) -> None:
        self._set_brief(False)

    def _set_brief(self, brief: bool) -> None:
        """ "korte uitleg" / "uitgebreide uitleg": every line from now on, short or full."""
        self.phrases = self.phrases.with_brief(brief)
        self.narrator.phrases = self.phrases
        self.say(Line(self.phrases.ack_brief(brief), SayKind.ACK))

    def _on_stop(self) -> None:
        self.timekeeper.ask_stop(self.clock.now())
        self.say(Line(self.phrases.ask_stop(), SayKind.ACK))

    def _on_cancel(self) -> None:
        self.timekeeper.stop_until = None
        self.say(Line(self.phrases.ack_cancel(), SayKind.ACK))

    def _on_confirm(self) -> None:
        self.timekeeper.stop_until = None
        self.generation += 1
        self.say(Line(self.phrases.ack_stop_confirmed(), SayKind.ACK))
        self._finish(completed=False)
