"""The session: the model of its ``transitions`` machine (``machine.py``), driven by commands
and by ``tick()`` at the moments ``next_due()`` names.

The machine is the truth of where the session stands: the step (``state``), paused or not,
stop asked or not, started or finished. The session adds only what a state cannot hold: the
current step's clock and round (``StepTime``), the undo stack and the moments things are due.
"May I do this now?" is the machine's answer (``may_<command>()``); a refusal's reason is the
condition that failed (``machine.refusal``).

Only the controller thread calls into a session. Every accepted command is announced with
``CommandAccepted`` and a spoken acknowledgement; a command that cannot be done now gives
``CommandRefused`` and a spoken reason. After every change one ``Snapshot`` is published and
the state is handed to the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from facilitator.events import (
    AnswerGiven,
    Command,
    CommandAccepted,
    CommandRefused,
    Event,
    InputSource,
    Listener,
    Say,
    SayKind,
    SessionEnded,
    Snapshot,
    StepEntered,
    TurnStarted,
)
from facilitator.phrases import Phrases, get_phrases
from facilitator.session import machine as m
from facilitator.session.changes import PeopleChanges
from facilitator.session.clock import Clock
from facilitator.session.commands import StepCommands
from facilitator.session.narration import Line, Narrator
from facilitator.session.people import People, case_start, chooser
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.session.snapshot import build_snapshot
from facilitator.session.store import Saveable, SavedState, StateError
from facilitator.session.timekeeper import Timekeeper, alert_event
from facilitator.session.timing import (
    Alert,
)
from facilitator.units import SECONDS_PER_MINUTE

logger = logging.getLogger(__name__)


class StateSink(Protocol):
    """Where the session's state goes: a ``StateStore``, or one behind a writer thread."""

    @property
    def path(self) -> Path: ...
    def save(self, state: Saveable) -> None: ...
    def clear(self) -> None: ...


class Session(StepCommands, PeopleChanges):
    """One intervisie session. Public: ``start``, ``handle``, ``change`` (people, see
    ``changes.py``), ``tick``, ``next_due``, ``checkpoint``, ``set_speaking``, ``snapshot``,
    ``add_listener``, ``publish``. What the machine says: ``parts.py``; the conditions and
    callbacks of its transitions: ``commands.py`` (commands), ``changes.py`` (people)."""

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
        store: StateSink | None = None,
        restore: SavedState | None = None,
    ) -> None:
        self.plan = plan
        self.method = plan.method
        self.clock = clock
        self.settings = settings or SessionSettings()
        self.wall_clock = wall_clock
        self.store = store
        self.listeners: list[Listener] = list(listeners)
        phrases = help_phrases or {}
        words = {c: said[0] for c, said in phrases.items() if said}
        self.phrases: Phrases = get_phrases(
            self.settings.language, words, brief=self.settings.brief
        )
        reminder_min = self.settings.reminder_min or self.method.reminder_min
        #: what this session never takes (its settings rule it out): fixed for the session
        self.ruled_out = m.ruled_out(self.settings)
        self.narrator = Narrator(
            plan,
            self.phrases,
            more_time_s=self.settings.more_time_s,
            help_phrases=phrases,
            help_keys=help_keys or {},
            follow_up=self.settings.follow_up,
            reminder_s=reminder_min * SECONDS_PER_MINUTE,
            ruled_out=self.ruled_out,
        )
        if restore is not None:
            minutes = tuple(s.minutes for s in self.method.steps)
            if minutes != restore.step_minutes or restore.method_id != self.method.id:
                raise StateError(
                    get_phrases("nl").state_mismatch(restore.method_id, "andere stappen of tijden")
                )
        self._restore = restore
        self.people = People(
            plan.participants,
            plan.casusinbrenger,
            restore.case_number if restore else 1,
            restore.members if restore else self.settings.members,
            restore.earlier if restore else (),
        )
        self.choosing = chooser(self.method)
        self.case_start = case_start(self.method)
        self.deadline_wall: datetime | None = None  # the latest end the group has time for
        self.timekeeper = Timekeeper(plan, self.settings)
        self.generation = 0
        self.speaking = False
        self.seq = 0
        self.completed = False
        self.planned_end_wall: datetime | None = None  # as planned at the start
        self.last_save = 0.0
        self.machine = m.build(
            self,
            [s.title for s in self.method.steps],
            choosing=self.choosing,
            case_start=self.case_start,
        )

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def resolve(self, command: Command) -> Command:
        """The command itself; the one-key toggle is pause or resume, as the clock state says."""
        if command is Command.TOGGLE_PAUSE:
            return Command.RESUME if self.paused else Command.PAUSE
        return command

    def may(self, command: Command) -> bool:
        """The machine's answer to "may I do this now?"."""
        if not self.started or self.finished:
            return False
        command = self.resolve(command)
        may = getattr(self, f"may_{command.value}", None)  # none: no such transition here
        change = self.command_change(command)
        return may is not None and bool(may(change) if change else may())

    def allowed(self) -> frozenset[Command]:
        """Every command the machine takes now."""
        return frozenset(c for c in Command if self.may(c))

    # ---------------------------------------------------------------- emitting
    def publish(self, event: Event) -> None:
        """Deliver ``event`` to every listener; a failing listener is logged and skipped."""
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:  # a display or speaker bug must not stop the session
                logger.exception("listener %r failed on %s", listener, event.type)

    def say(self, line: Line) -> None:
        if line.text:
            self.publish(Say(line.text, line.kind, self.generation, line.replaces))

    def say_all(self, lines: Sequence[Line]) -> None:
        for line in lines:
            self.say(line)

    def snapshot(self) -> Snapshot:
        self.seq += 1
        return build_snapshot(self, self.clock.now())

    # ---------------------------------------------------------------- public API
    def start(self) -> None:
        """Open the session (or continue a restored one) and enter its step."""
        if self.started:
            raise RuntimeError("session already started")
        self.trigger(m.BEGIN)

    def handle(self, command: Command, source: InputSource = InputSource.KEYBOARD) -> bool:
        """Do ``command`` if the machine takes it now; True when accepted.

        The one-key toggle is pause or resume, as the machine's clock state says; the events
        name what was done."""
        command = self.resolve(command)
        change = self.command_change(command)
        if change is not None:
            return self.change(replace(change, source=source), command)
        reason = m.refusal(self.machine, self, command)
        if reason is not None:
            text = self.phrases.refusal(reason)
            logger.info("refused %s from %s: %s", command, source, reason)
            self.publish(CommandRefused(command, source, text))
            self.say(Line(text, SayKind.REFUSAL))
            return False
        logger.info("accepted %s from %s", command, source)
        self.publish(CommandAccepted(command, source))
        self.trigger(command.value)
        self._changed()
        return True

    def answer(self, given: AnswerGiven) -> bool:
        """A session asks nothing itself (the device's set-up does): ignored."""
        logger.info("answer to %r ignored: no question open", given.question)
        return False

    def hear_voice(self, active: bool) -> None:
        """Someone in the room speaks: the session's time is the group's, so nothing waits
        for it (the device's questions do: ``device/asking.py``)."""

    def set_speaking(self, speaking: bool) -> None:
        """The device started or stopped producing sound (for the snapshot)."""
        if speaking != self.speaking:
            self.speaking = speaking
            if self.started and not self.finished:
                self.publish(self.snapshot())

    def tick(self) -> None:
        """Fire everything that is due at ``clock.now()``."""
        if self.time is None or self.finished:
            return
        now = self.clock.now()
        changed = False
        if self.timekeeper.stop_expired(now):
            self.trigger(m.STOP_EXPIRED)
            self.say(Line(self.phrases.stop_expired(), SayKind.INFO))
            changed = True
        if not self.paused:
            step = self.current_step()
            halfway, due = self.timekeeper.due(step, now)
            if halfway:
                self.say(self.narrator.rule(step, SayKind.RULE))  # asked for by the method
            for alert in due:
                self._fire(alert)
            changed = changed or halfway or bool(due)
        if changed:
            self._changed()
        elif self.store is not None and now - self.last_save >= self.settings.save_interval_s:
            self._save(now)

    def checkpoint(self) -> None:
        """Save the state now (on shutdown, so a resume loses no time at all)."""
        self._save(self.clock.now())

    def next_due(self) -> float | None:
        """Clock time of the next thing to do (alert, stop expiry, save); None if nothing."""
        if self.time is None or self.finished:
            return None
        due: list[float] = []
        if self.timekeeper.stop_until is not None:
            due.append(self.timekeeper.stop_until)
        if not self.paused:
            at = self.timekeeper.next_alert_at(self.current_step())
            if at is not None:
                due.append(at)
            if self.store is not None:
                due.append(self.last_save + self.settings.save_interval_s)
        return min(due) if due else None

    # ---------------------------------------------------------------- time
    def planned_end_s(self, now: float) -> float:
        index = self.step_index
        assert index is not None
        return self.timekeeper.planned_end_s(index, now)

    def planned_end_at(self, now: float) -> datetime:
        """Wall-clock time at which the session is now planned to end."""
        return self.wall_clock() + timedelta(seconds=self.planned_end_s(now) - now)

    def _fire(self, alert: Alert) -> None:
        index = self.step_index
        assert index is not None and self.time is not None
        event = alert_event(alert, index, self.time)
        if event is not None:
            self.publish(event)
        line = self.narrator.alert_line(alert, self.current_step(), self.time)
        if line is not None:
            self.say(line)

    # ---------------------------------------------------------------- announcing
    def _announce_step(self, *, full: bool, title: bool = True) -> None:
        """StepEntered; the step's lines; TurnStarted before a turn's call."""
        index = self.step_index
        assert index is not None and self.time is not None
        step = self.method.steps[index]
        self.publish(
            StepEntered(
                index,
                len(self.method.steps),
                step.title,
                step.role.value,
                self.time.clock.allotted_s,
                self.narrator.fill(step.rule),
                step.round is not None,
                self.method.is_soft(step),
            )
        )
        self.say_all(self.narrator.step_lines(index, self.time, full=full, title=title))
        self._announce_turn()

    def _announce_turn(self) -> None:
        assert self.time is not None
        rnd = self.time.round
        if rnd is None:
            return
        lines = self.narrator.turn_lines(self.current_step(), self.time, self.clock.now())
        if not rnd.complete:
            self.publish(
                TurnStarted(rnd.current, rnd.index, len(rnd.speakers), rnd.turn_allotted_s)
            )
        self.say_all(lines)

    # ---------------------------------------------------------------- saving
    def saved_state(self, now: float) -> SavedState:
        step = self.step
        assert step is not None and self.planned_end_wall is not None
        return SavedState(
            method_id=self.method.id,
            method_path=str(self.method.path) if self.method.path else None,
            step_minutes=tuple(s.minutes for s in self.method.steps),
            participants=self.plan.participants,
            casusinbrenger=self.plan.casusinbrenger,
            meeting=self.plan.meeting,
            case_number=self.people.case_number,
            members=self.people.members,
            earlier=self.people.earlier,
            deadline=self.deadline_wall,
            current=step.frozen_at(now),
            undo=tuple(self.timekeeper.undo),
            paused=self.paused,
            planned_end=self.planned_end_wall,
            saved_at=self.wall_clock(),
        )

    def _save(self, now: float) -> None:
        if self.store is None or self.step is None or self.finished:
            return
        try:
            self.store.save(self.saved_state(now))
        except OSError:
            logger.exception("could not save the session state to %s", self.store.path)
        self.last_save = now

    def _changed(self) -> None:
        if self.finished:
            return
        self.publish(self.snapshot())
        self._save(self.clock.now())

    def _finish(self, completed: bool) -> None:
        self.completed = completed
        self.publish(self.snapshot())  # the machine is in its end state already
        self.publish(SessionEnded(completed))
        if self.store is not None:
            try:
                self.store.clear()
            except OSError:
                logger.exception("could not remove the session state %s", self.store.path)
