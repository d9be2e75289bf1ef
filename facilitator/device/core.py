"""The device: what the controller thread drives in ``facilitator apparaat``.

It is the model of the device machine (``machine.py``): waiting with the wake question, the
set-up by voice (``setup.py``), then a ``Session`` built for the chosen method, then waiting
again. It answers the controller like a session does (``start``, ``handle``, ``answer``,
``tick``, ``next_due``, …) and passes each call to the set-up or to the session of the moment.

The session's lines reach the listeners through ``_from_session``, which shifts their
generation past the set-up's (the speaker drops a line older than the newest it saw), and
watches the session end.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from facilitator.device import machine as dm
from facilitator.device.asking import Asker
from facilitator.device.form import Context, Done, TooFew
from facilitator.device.record import SetupRecord
from facilitator.device.rounds import NameRound, chooses_case_now
from facilitator.device.setup import Hooks, SetupFlow, Unanswered
from facilitator.events import (
    Answer,
    AnswerGiven,
    AnswerTaken,
    Command,
    CommandAccepted,
    Event,
    InputSource,
    Listener,
    Notice,
    PeopleChange,
    QuestionAsked,
    QuestionClosed,
    Say,
    SayKind,
    Snapshot,
)
from facilitator.phrases.setup import setup_phrases
from facilitator.session.clock import Clock
from facilitator.session.engine import Session, StateSink
from facilitator.session.narration import Line
from facilitator.session.plan import SessionPlan
from facilitator.session.store import SavedState

log = logging.getLogger(__name__)

WAKE = "wake"
#: Keys and room-display buttons that answer a question during the set-up.
COMMAND_ANSWERS: dict[Command, Answer] = {Command.CONFIRM: Answer.YES, Command.CANCEL: Answer.NO}


@dataclass
class DeviceParts:
    """What the device needs from the wiring."""

    context: Callable[[], Context]  # read again before each set-up (a group may have changed)
    make_plan: Callable[[Done], SessionPlan]
    #: a session for the plan (or the saved state), sending its events to the listener; the
    #: minutes the group said it has (None: resumed, or the method's own length). Its
    #: settings have ``roll_call``: the device goes round the absent after "er is iemand bij"
    make_session: Callable[[SessionPlan, SavedState | None, Listener, float | None], Session]
    plan_line: Callable[[str, float | None], str]
    store: StateSink | None = None
    group: str | None = None
    on_session_end: Callable[[Session], None] | None = None


class Device:
    state: Any  # set by transitions
    trigger: Callable[..., Any]

    def __init__(
        self,
        parts: DeviceParts,
        clock: Clock,
        listeners: Sequence[Listener],
        language: str = "nl",
        setup: SetupRecord | None = None,
        restore: SavedState | None = None,
    ) -> None:
        self.parts = parts
        self.clock = clock
        self.listeners = list(listeners)
        self.phrases = setup_phrases(language)
        self.generation = 0
        self.session: Session | None = None
        self.started = False
        self.finished = False  # the device never finishes by itself (a signal ends it)
        self.sessions = 0
        self.asker = Asker(self._publish_question, self._say_question)
        self.flow: SetupFlow | None = None
        self.rounds = NameRound(self.asker, self.phrases, self._say_info, self.publish)
        self._joins: InputSource | None = None  # "er is iemand bij" was accepted
        self._setup, self._restore = setup, restore
        #: which of the given names the listener can hear (None: no listener, roll call only)
        self.name_check: Callable[[Sequence[str]], tuple[str, ...]] | None = None
        dm.build(self)

    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def use_name_check(self, check: Callable[[Sequence[str]], tuple[str, ...]]) -> None:
        """The listener's check of names (the wiring calls it once the listener runs): the
        group says the names it knows, the others get the roll call."""
        self.name_check = check

    # ------------------------------------------------------------------ emitting
    def publish(self, event: Event) -> None:
        if isinstance(event, Notice) and event.microphone is not None:
            self.asker.set_hearing(event.microphone, self.clock.now())
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:  # a display or speaker bug must not stop the device
                log.exception("listener %r failed on %s", listener, event.type)

    def say(self, line: Line) -> None:
        if self.session is not None:
            self.session.say(line)
        elif line.text:
            self.publish(Say(line.text, line.kind, self.generation, line.replaces))

    def _say_question(self, text: str) -> None:
        self.generation += 1  # an unanswered earlier question is not said after this one
        self.say(Line(text, SayKind.PROMPT))

    def _publish_question(self, event: QuestionAsked | QuestionClosed) -> None:
        self.publish(event)

    def _from_session(self, event: Event) -> None:
        if isinstance(event, CommandAccepted) and event.command is Command.SOMEONE_JOINS:
            self._joins = event.source  # the roll call of the absent follows the session's line
        if isinstance(event, Say | Snapshot):
            event = replace(event, generation=event.generation + self.generation)
        self.publish(event)

    # ------------------------------------------------------------------ the controller's calls
    def start(self) -> None:
        self.started = True
        now = self.clock.now()
        self.publish(Notice(self.phrases.hint_keys(), "info"))
        if self._restore is not None:
            self._start_session(self._restore_plan(), self._restore)
            return
        if self._setup is not None:
            self.trigger("wake")
            self._begin_setup(now, self._setup.answers, self.phrases.resumed())
            return
        self._wait(self.phrases.ready())

    def handle(self, command: Command, source: InputSource = InputSource.KEYBOARD) -> bool:
        session = self.session
        if session is not None and not session.finished:
            now = self.clock.now()
            answer = COMMAND_ANSWERS.get(command)
            if self.rounds.active and answer is not None and source is not InputSource.VOICE:
                return self.answer(AnswerGiven("", answer, source, heard=command.value))
            self.rounds.cancel()  # a command moves on: a round starts again when needed
            if command is Command.NEXT_STEP and chooses_case_now(session):
                self.rounds.case(session, source, now)  # the step is left once someone is named
                return True
            self._joins = None
            done = session.handle(command, source)
            if self._joins is not None:
                self.rounds.joining(session, self._joins, now)
            return done
        if source is InputSource.VOICE:
            return False  # commands are not answers; the set-up hears its own grammar
        answer = COMMAND_ANSWERS.get(command)
        question = self.asker.open
        if command is Command.NEXT_STEP and question and question.key == WAKE:
            answer = Answer.BEGIN
        if answer is Answer.YES and question and Answer.DONE in question.answers:
            answer = Answer.DONE  # "j" to "wie is er?": everyone is in
        if answer is None:
            return False
        return self.answer(AnswerGiven("", answer, source, heard=command.value))

    def answer(self, given: AnswerGiven) -> bool:
        now = self.clock.now()
        if self.session is not None:
            return self.rounds.answer(given, self.session, now)
        question = self.asker.open
        if question is not None and question.key == WAKE:
            if self.asker.accepts(given) is None:
                return False
            self.publish(AnswerTaken(WAKE, Answer.BEGIN.value, given.source))
            self.asker.close()
            self.trigger("wake")
            self._begin_setup(now, (), "")
            return True
        return self.flow is not None and self.flow.answer(given, now)

    def change(self, change: PeopleChange) -> bool:
        """A change of people (by key): the session's business; nothing during the set-up."""
        if self.session is None or self.session.finished:
            log.info("%s ignored: no session runs", change.kind)
            return False
        self.rounds.cancel()
        return self.session.change(change)

    def tick(self) -> None:
        now = self.clock.now()
        session = self.session
        if session is not None:
            session.tick()
            self.rounds.timed_out(now)
            if session.finished:
                self._session_ended(session)
            return
        if self.flow is not None:
            self.flow.timed_out(now)

    def next_due(self) -> float | None:
        due = [self.asker.next_due()]
        if self.session is not None:
            due.append(self.session.next_due())
        times = [t for t in due if t is not None]
        return min(times) if times else None

    def set_speaking(self, speaking: bool) -> None:
        self.asker.set_speaking(speaking, self.clock.now())
        if self.session is not None:
            self.session.set_speaking(speaking)

    def hear_voice(self, active: bool) -> None:
        self.asker.set_voice(active)

    def checkpoint(self) -> None:
        if self.session is not None:
            self.session.checkpoint()

    # ------------------------------------------------------------------ set-up
    def _wait(self, lead: str = "") -> None:
        """Back to waiting: the wake question, which never times out."""
        self.flow = None
        self.asker.ask(
            WAKE, self.phrases.wake(), (Answer.BEGIN,), self.clock.now(), lead=lead, waits=True
        )

    def _begin_setup(self, now: float, answers: Sequence[tuple[str, str]], lead: str) -> None:
        context = self.parts.context()
        if self.name_check is not None and context.members:
            context = replace(context, known=self.name_check(context.members))
            log.info("names the listener knows: %d of %d", len(context.known), len(context.members))
        hooks = Hooks(
            topic=lambda topic: self.trigger(f"ask_{topic}"),
            finished=self._setup_finished,
            save=self._save_setup,
            plan_line=self.parts.plan_line,
            publish=self.publish,
        )
        self.flow = SetupFlow(context, self.asker, hooks)
        self.rounds.rotation = context.rotation
        self.flow.begin(now, answers, lead)

    def _say_info(self, text: str) -> None:
        self.say(Line(text, SayKind.INFO))

    def _save_setup(self, answers: Sequence[tuple[str, str]], question: str) -> None:
        if self.parts.store is not None:
            self.parts.store.save(SetupRecord(tuple(answers), question, self.parts.group))

    def _setup_finished(self, result: Done | TooFew | Unanswered, lead: str) -> None:
        if isinstance(result, Unanswered):
            self.trigger("give_up")
            if self.parts.store is not None:
                self.parts.store.clear()
            self._wait(self.phrases.unanswered())
            return
        if isinstance(result, TooFew):
            self.trigger("give_up")
            if self.parts.store is not None:
                self.parts.store.clear()
            self._wait(" ".join(x for x in (lead, self.phrases.too_few()) if x))
            return
        if lead:
            self._say_info(lead)
        self._start_session(self.parts.make_plan(result), None, result.minutes)

    # ------------------------------------------------------------------ session
    def _restore_plan(self) -> SessionPlan:
        from facilitator.session.resume import resume_method

        assert self._restore is not None
        return self._restore.plan(resume_method(self._restore).method)

    def _start_session(
        self, plan: SessionPlan, restore: SavedState | None, minutes: float | None = None
    ) -> None:
        self.trigger("hand_over")
        self.generation += 1
        self.sessions += 1
        self.session = self.parts.make_session(plan, restore, self._from_session, minutes)
        assert self.session.settings.roll_call, "the device goes round the names: roll_call"
        self.session.start()

    def _session_ended(self, session: Session) -> None:
        self.generation += session.generation + 1
        self.rounds.cancel()
        if self.parts.on_session_end is not None:
            self.parts.on_session_end(session)
        self.session = None
        self.trigger("session_ended")
        self._wait()
