"""The session: a ``transitions`` machine over the method's steps, driven by commands and
by ``tick()`` at the moments ``next_due()`` names.

Only the controller thread calls into a session. Every accepted command is announced with
``CommandAccepted`` and a spoken acknowledgement (kind ACK; for time-left the answer is the
acknowledgement); a command that makes no sense now gives ``CommandRefused`` and a spoken
reason. After every change a ``Status`` is emitted and the state is saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    InputSource,
    Listener,
    SayKind,
    SessionEnded,
    SessionStarted,
)
from facilitator.phrases import get_phrases
from facilitator.session import answers, wording
from facilitator.session.clock import Clock
from facilitator.session.core import SECONDS_PER_MINUTE, SessionCore
from facilitator.session.machine import BEGIN, build_machine, step_state
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.session.rules import refusal
from facilitator.session.store import SavedState, StateError, StateStore
from facilitator.session.texts import fill
from facilitator.session.timing import EPSILON_S, collapse

logger = logging.getLogger(__name__)


class Session(SessionCore):
    """One intervisie session. Public: ``start``, ``handle``, ``tick``, ``next_due``,
    ``finished``, ``add_listener``, ``publish``."""

    trigger: Callable[..., Any]  # bound by transitions

    def __init__(
        self,
        plan: SessionPlan,
        *,
        clock: Clock,
        listeners: Sequence[Listener] = (),
        settings: SessionSettings | None = None,
        wall_clock: Callable[[], datetime] = datetime.now,
        help_phrases: Mapping[Command, Sequence[str]] | None = None,
        help_keys: Mapping[Command, str] | None = None,
        store: StateStore | None = None,
        restore: SavedState | None = None,
    ) -> None:
        super().__init__(
            plan,
            clock=clock,
            listeners=listeners,
            settings=settings or SessionSettings(),
            wall_clock=wall_clock,
            help_phrases=help_phrases or {},
            help_keys=help_keys or {},
            store=store,
        )
        if restore is not None:
            minutes = tuple(s.minutes for s in self.method.steps)
            if minutes != restore.step_minutes or restore.method_id != self.method.id:
                raise StateError(
                    get_phrases("nl").state_mismatch(restore.method_id, "andere stappen of tijden")
                )
        self._restore = restore
        self._machine = build_machine(self, len(self.method.steps))

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    # ---------------------------------------------------------------- public API
    def start(self) -> None:
        """Open the session (or continue a restored one) and enter its step."""
        if self.step is not None or self.finished:
            raise RuntimeError("session already started")
        self.trigger(BEGIN)

    def handle(self, command: Command, source: InputSource = InputSource.KEYBOARD) -> bool:
        """Do ``command`` if it makes sense now; True when accepted."""
        reason = refusal(command, self.situation())
        if reason is not None:
            text = self.phrases.refusal(reason)
            logger.info("refused %s from %s: %s", command, source, reason)
            self.publish(CommandRefused(command, source, text))
            self.say(text, SayKind.REFUSAL)
            return False
        logger.info("accepted %s from %s", command, source)
        self.publish(CommandAccepted(command, source))
        self.trigger(command.value)
        self._changed()
        return True

    def tick(self) -> None:
        """Fire everything that is due at ``clock.now()``."""
        if self.step is None or self.finished:
            return
        now = self.clock.now()
        changed = False
        if self.stop_until is not None and now >= self.stop_until - EPSILON_S:
            self.stop_until = None
            self.say(self.phrases.stop_expired(), SayKind.INFO)
            changed = True
        if not self.paused:
            elapsed = self.step.clock.elapsed(now)
            step = self.current_step()
            if wording.halfway_due(step, self.step.clock.allotted_s, self.step.checked_s, elapsed):
                self.say(self.phrases.rule_reminder(fill(step.rule, self.values)), SayKind.RULE)
                changed = True
            due = collapse(self.alert_plan().between(self.step.checked_s, elapsed))
            self.step = replace(self.step, checked_s=max(self.step.checked_s, elapsed))
            for alert in due:
                self.fire(alert)
            changed = changed or bool(due)
        if changed:
            self._changed()
        elif self.store is not None and now - self.last_save >= self.settings.save_interval_s:
            self.save(now)

    def checkpoint(self) -> None:
        """Save the state now (on shutdown, so a resume loses no time at all)."""
        self.save(self.clock.now())

    def next_due(self) -> float | None:
        """Clock time of the next thing to do (alert, stop expiry, save); None if nothing."""
        if self.step is None or self.finished:
            return None
        due: list[float] = []
        if self.stop_until is not None:
            due.append(self.stop_until)
        if not self.paused:
            moment = self.alert_plan().next_after(self.step.checked_s)
            at = self.step.clock.time_at(moment)
            if at is not None:
                due.append(at)
            if self.store is not None:
                due.append(self.last_save + self.settings.save_interval_s)
        return min(due) if due else None

    # ---------------------------------------------------------------- internals
    def _changed(self) -> None:
        if self.finished:
            return
        now = self.clock.now()
        self.publish(self.status())
        self.save(now)

    def _finish(self, completed: bool) -> None:
        self.finished = True
        self.publish(SessionEnded(completed))
        if self.store is not None:
            try:
                self.store.clear()
            except OSError:
                logger.exception("could not remove the session state %s", self.store.path)

    # ---------------------------------------------------------------- transition callbacks
    def _on_begin(self) -> None:
        now = self.clock.now()
        method, plan, p = self.method, self.plan, self.phrases
        self.generation = 1
        restore = self._restore
        if restore is None:
            total_s = method.total_minutes * SECONDS_PER_MINUTE
            self.planned_end_wall = self.planned_wall(total_s)
        else:
            self.planned_end_wall = restore.planned_end
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
            case = plan.casusinbrenger if wording.has_case(method) else ""
            self.say(p.welcome(method.name, plan.participants, case), SayKind.PROMPT)
            meeting = method.meeting(plan.meeting) if plan.meeting is not None else None
            if meeting is not None:
                self.say(p.meeting_intro(meeting.number, meeting.title), SayKind.PROMPT)
            if not p.brief:  # a group that knows the method knows its rules ("spelregel")
                for rule in method.opening_rules:
                    self.say(fill(rule, self.values), SayKind.RULE)
            self.step = self.fresh_step(0, now)
            self.announce_step(full=True)
        else:
            self.undo = list(restore.undo)
            self.paused = restore.paused
            current = restore.current
            self.step = replace(
                current, clock=current.clock if self.paused else current.clock.resume(now)
            )
            self._machine.set_state(step_state(current.index), model=self)
            step = self.current_step()
            remaining = self.step.clock.remaining(now)
            self.say(
                p.resumed(current.index + 1, step.title, remaining, self.paused), SayKind.PROMPT
            )
            self.announce_step(full=False, title=False)
        self._changed()

    def planned_wall(self, seconds: float) -> datetime:
        return self.wall_clock() + timedelta(seconds=seconds)

    def _push_undo(self) -> None:
        assert self.step is not None
        self.undo.append(self.step.frozen_at(self.clock.now()))

    def _on_next_step(self) -> None:
        assert self.step is not None
        now = self.clock.now()
        self.generation += 1
        self.stop_until = None
        self.say(self.phrases.ack_next_step(), SayKind.ACK)
        index = self.step.index + 1
        if index >= len(self.method.steps):
            self.say(self.phrases.closing(self.plan.casusinbrenger), SayKind.CLOSING)
            self._finish(completed=True)
            return
        self.step = self.fresh_step(index, now)
        self.announce_step(full=True)

    def _on_previous_step(self) -> None:
        assert self.step is not None
        now = self.clock.now()
        self.generation += 1
        index = self.step.index - 1
        if self.undo and self.undo[-1].index == index:
            saved = self.undo.pop()
            self.step = replace(saved, clock=saved.clock.resume(now))
        else:  # no snapshot (should not happen): the step starts afresh
            logger.warning("no undo snapshot for step %d; restarting it", index)
            self.step = self.fresh_step(index, now)
        self.say(self.phrases.ack_previous_step(), SayKind.ACK)
        self.announce_step(full=False)
        answers.time_left(self, SayKind.INFO)

    def _on_more_time(self) -> None:
        assert self.step is not None
        now = self.clock.now()
        extra = self.settings.more_time_s
        rnd = self.step.round.extend(extra) if self.step.round else None
        self.step = replace(self.step, clock=self.step.clock.extend(extra), round=rnd)
        end = self.planned_end_at(now)
        assert self.planned_end_wall is not None
        delay = (end - self.planned_end_wall).total_seconds()
        self.say(self.phrases.ack_more_time(extra, end, delay), SayKind.ACK)

    def _on_pause(self) -> None:
        assert self.step is not None
        self.paused = True
        self.step = replace(self.step, clock=self.step.clock.pause(self.clock.now()))
        self.say(self.phrases.ack_pause(), SayKind.ACK)

    def _on_resume(self) -> None:
        assert self.step is not None
        self.paused = False
        self.step = replace(self.step, clock=self.step.clock.resume(self.clock.now()))
        self.say(self.phrases.ack_resume(), SayKind.ACK)

    def _on_repeat(self) -> None:
        answers.repeat(self)

    def _on_time_left(self) -> None:
        answers.time_left(self, SayKind.ACK)

    def _on_next_speaker(self) -> None:
        self.generation += 1
        self.say(self.phrases.ack_next_speaker(), SayKind.ACK)
        self.next_turn(self.clock.now())
        self.announce_turn()

    def _on_questions(self) -> None:
        answers.questions(self)

    def _on_help(self) -> None:
        answers.help_text(self)

    def _on_more_help(self) -> None:
        answers.more_help(self)

    def _on_rule(self) -> None:
        answers.rule(self)

    def _on_brief(self) -> None:
        self._set_brief(True)

    def _on_full(self) -> None:
        self._set_brief(False)

    def _set_brief(self, brief: bool) -> None:
        self.phrases = self.phrases.with_brief(brief)
        self.say(self.phrases.ack_brief(brief), SayKind.ACK)

    def _on_stop(self) -> None:
        self.stop_until = self.clock.now() + self.settings.stop_confirm_s
        self.say(self.phrases.ask_stop(), SayKind.ACK)

    def _on_cancel(self) -> None:
        self.stop_until = None
        self.say(self.phrases.ack_cancel(), SayKind.ACK)

    def _on_confirm(self) -> None:
        self.stop_until = None
        self.generation += 1
        self.say(self.phrases.ack_stop_confirmed(), SayKind.ACK)
        self._finish(completed=False)
