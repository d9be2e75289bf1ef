"""The session's state and how it speaks: the base of ``engine.Session``.

Holds the position (``StepState``), the undo stack, pause and stop flags, and emits events
to listeners. Command handling lives in ``engine.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from facilitator.events import (
    Command,
    Event,
    Listener,
    Say,
    SayKind,
    Scope,
    Status,
    StepEntered,
    TimeUp,
    TimeWarning,
    TurnStarted,
)
from facilitator.methods.schema import Step, Timing
from facilitator.phrases import Phrases, TurnEnd, get_phrases
from facilitator.session import wording
from facilitator.session.clock import Clock
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.session.rules import Situation
from facilitator.session.state import StepState
from facilitator.session.store import SavedState, StateStore
from facilitator.session.texts import fill, placeholder_values
from facilitator.session.timing import (
    Alert,
    AlertKind,
    AlertPlan,
    RoundState,
    StepClock,
    planned_end,
    round_speakers,
    start_turn,
)

logger = logging.getLogger(__name__)

SECONDS_PER_MINUTE = 60.0


class SessionCore:
    def __init__(
        self,
        plan: SessionPlan,
        *,
        clock: Clock,
        listeners: Sequence[Listener],
        settings: SessionSettings,
        wall_clock: Callable[[], datetime],
        help_phrases: Mapping[Command, Sequence[str]],
        help_keys: Mapping[Command, str],
        store: StateStore | None,
    ) -> None:
        self.plan = plan
        self.method = plan.method
        self.clock = clock
        self.settings = settings
        self.wall_clock = wall_clock
        self.help_phrases = dict(help_phrases)
        self.help_keys = dict(help_keys)
        self.store = store
        self.listeners: list[Listener] = list(listeners)
        words = {c: said[0] for c, said in help_phrases.items() if said}
        self.phrases: Phrases = get_phrases(settings.language, words, brief=settings.brief)
        self.values = placeholder_values(plan, self.phrases)
        self.step: StepState | None = None
        self.undo: list[StepState] = []
        self.paused = False
        self.stop_until: float | None = None
        self.generation = 0
        self.finished = False
        self.planned_end_wall: datetime | None = None
        self.last_save = 0.0
        self.taught: set[str] = set()  # hints said once ("zeg 'volgende stap'…")

    # ---------------------------------------------------------------- emitting
    def publish(self, event: Event) -> None:
        """Deliver ``event`` to every listener; a failing listener is logged and skipped."""
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:  # a display or speaker bug must not stop the session
                logger.exception("listener %r failed on %s", listener, event.type)

    def say(self, text: str, kind: SayKind, replaces: bool = False) -> None:
        if text:
            self.publish(Say(text, kind, self.generation, replaces))

    # ---------------------------------------------------------------- views
    def current_step(self) -> Step:
        assert self.step is not None
        return self.method.steps[self.step.index]

    def is_soft(self, step: Step) -> bool:
        return self.method.step_timing(step) is Timing.SOFT

    def situation(self) -> Situation:
        step = self.method.steps[self.step.index] if self.step else None
        rnd = self.step.round if self.step else None
        return Situation(
            started=self.step is not None,
            finished=self.finished,
            step_index=self.step.index if self.step else 0,
            paused=self.paused,
            stop_pending=self.stop_until is not None,
            is_round=rnd is not None,
            round_complete=rnd is not None and rnd.complete,
            has_questions=bool(step and step.inspiration),
            has_rule=bool(step and step.rule),
        )

    def later_s(self, index: int) -> float:
        """Planned seconds of the steps after step ``index``."""
        return sum(s.minutes for s in self.method.steps[index + 1 :]) * SECONDS_PER_MINUTE

    def planned_end_s(self, now: float) -> float:
        assert self.step is not None
        return planned_end(now, self.step.clock, self.later_s(self.step.index))

    def planned_end_at(self, now: float) -> datetime:
        """Wall-clock time at which the session is now planned to end."""
        return self.wall_clock() + timedelta(seconds=self.planned_end_s(now) - now)

    def alert_plan(self) -> AlertPlan:
        assert self.step is not None
        step = self.current_step()
        reminder_min = self.settings.reminder_min or self.method.reminder_min
        checkin_min = self.settings.checkin_min or self.method.checkin_min
        return AlertPlan(
            allotted_s=self.step.clock.allotted_s,
            soft=self.is_soft(step),
            warnings_s=tuple(float(w) for w in self.method.step_warnings(step)),
            reminder_s=reminder_min * SECONDS_PER_MINUTE,
            checkin_s=checkin_min * SECONDS_PER_MINUTE,
            turn_warning_s=self.settings.turn_warning_s,
            round=self.step.round,
        )

    def status(self) -> Status:
        assert self.step is not None
        now = self.clock.now()
        step = self.current_step()
        clock, rnd = self.step.clock, self.step.round
        elapsed = clock.elapsed(now)
        return Status(
            at=now,
            step_index=self.step.index,
            step_count=len(self.method.steps),
            step_title=step.title,
            role=step.role.value,
            remaining_s=clock.remaining(now),
            turn_name=rnd.current if rnd else "",
            turn_index=rnd.index if rnd else 0,
            turn_count=len(rnd.speakers) if rnd else 0,
            turn_remaining_s=rnd.turn_remaining(elapsed) if rnd else 0.0,
            paused=self.paused,
            stop_pending=self.stop_until is not None,
            soft=self.is_soft(step),
            planned_end_s=self.planned_end_s(now),
        )

    # ---------------------------------------------------------------- steps and turns
    def fresh_step(self, index: int, now: float) -> StepState:
        step = self.method.steps[index]
        clock = StepClock(step.minutes * SECONDS_PER_MINUTE, 0.0, now)
        rnd: RoundState | None = None
        if step.round is not None:
            speakers = round_speakers(
                self.plan.participants, self.plan.casusinbrenger, step.round.include_casusinbrenger
            )
            reserve_s = step.round.reserve_minutes * SECONDS_PER_MINUTE
            rnd = start_turn(speakers, 0, clock, now, reserve_s)
        return StepState(index, clock, rnd, 0.0)

    def after_round(self) -> bool:
        """True once the round of this step is complete and it has a prompt for after."""
        assert self.step is not None
        spec = self.current_step().round
        rnd = self.step.round
        return rnd is not None and rnd.complete and spec is not None and bool(spec.after_prompt)

    def announce_step(self, full: bool, title: bool = True) -> None:
        """StepEntered; then the prompt (``full``) or just the title (``title``); then the
        rule (not once a round with an after-round prompt is over) and the current turn."""
        assert self.step is not None
        step, count = self.current_step(), len(self.method.steps)
        number, soft = self.step.index + 1, self.is_soft(step)
        rule = fill(step.rule, self.values)
        allotted = self.step.clock.allotted_s
        self.publish(
            StepEntered(
                self.step.index,
                count,
                step.title,
                step.role.value,
                allotted,
                rule,
                step.round is not None,
                soft,
            )
        )
        if full:
            intro = self.step_intro()
        else:
            intro = self.phrases.step_title(number, count, step.title) if title else ""
        self.say(intro, SayKind.PROMPT)
        if full:  # the check-in, follow-up and evaluation belong to the first and last step
            extras = wording.entry_extras(
                self.method, self.step.index, self.phrases, self.settings.follow_up
            )
            for line in extras:
                self.say(fill(line, self.values), SayKind.PROMPT)
        self.announce_turn()

    def step_intro(self) -> str:
        """Number, title, prompt (short for a group that knows the method) and time."""
        assert self.step is not None
        step, count = self.current_step(), len(self.method.steps)
        text = wording.step_prompt(step, self.phrases.brief, self.phrases, "{inbrenger}")
        return self.phrases.step_intro(
            self.step.index + 1,
            count,
            step.title,
            fill(text, self.values),
            self.step.clock.allotted_s,
            self.is_soft(step),
        )

    def announce_turn(self) -> None:
        assert self.step is not None
        rnd = self.step.round
        if rnd is None:
            return
        if rnd.complete and self.after_round():
            self.say(self.phrases.round_done(), SayKind.TURN)
            self.announce_after_round()
            return
        if rnd.complete:
            self.say(self.phrases.round_complete(), SayKind.TURN)
            return
        now = self.clock.now()
        left = rnd.turn_remaining(self.step.clock.elapsed(now))
        self.publish(TurnStarted(rnd.current, rnd.index, len(rnd.speakers), rnd.turn_allotted_s))
        self.say(self.phrases.turn_call(rnd.current, left, rnd.index == 0), SayKind.TURN)

    def announce_after_round(self) -> None:
        """The step's prompt for after the round, with the step time still left."""
        assert self.step is not None
        step = self.current_step()
        assert step.round is not None
        text = self.phrases.after_round(
            fill(step.round.after_prompt, self.values),
            self.step.clock.remaining(self.clock.now()),
            self.is_soft(step),
        )
        self.say(text, SayKind.PROMPT)

    def turn_end(self) -> TurnEnd:
        """What "volgende spreker" does after the current turn, for its time-up hint: the
        next turn; or, after the last turn, the end of a round that has time or a prompt
        after it; or nothing more than "volgende stap" would do."""
        assert self.step is not None and self.step.round is not None
        rnd, spec = self.step.round, self.current_step().round
        if rnd.index + 1 < len(rnd.speakers):
            return TurnEnd.NEXT_SPEAKER
        if rnd.reserve_s > 0 or (spec is not None and spec.after_prompt):
            return TurnEnd.CLOSE_ROUND
        return TurnEnd.NEXT_STEP

    def next_turn(self, now: float) -> None:
        """Give the next speaker the floor (past the last one, the round is complete)."""
        assert self.step is not None and self.step.round is not None
        rnd = self.step.round
        new = start_turn(rnd.speakers, rnd.index + 1, self.step.clock, now, rnd.reserve_s)
        self.step = replace(self.step, round=new)

    # ---------------------------------------------------------------- alerts
    def fire(self, alert: Alert) -> None:
        name = self.step.round.current if self.step and self.step.round else ""
        p = self.phrases
        match alert.kind:
            case AlertKind.WARNING:
                self.publish(TimeWarning(Scope.STEP, alert.seconds))
                self.say(p.warning(alert.seconds), SayKind.WARNING)
            case AlertKind.TIME_UP:
                self.publish(TimeUp(Scope.STEP, 0.0))
                hint = wording.first_time(self.taught, "time_up")
                self.say(p.time_up(self.settings.more_time_s, hint), SayKind.TIME_UP)
            case AlertKind.OVERTIME:  # shown every time, said once: no scolding
                self.publish(TimeUp(Scope.STEP, alert.seconds))
                reminder_s = self.alert_plan().reminder_s
                if wording.overtime_spoken(alert.seconds, reminder_s):
                    self.say(p.overtime(alert.seconds), SayKind.TIME_UP)
            case AlertKind.CHECKIN:
                self.say(p.checkin(alert.seconds), SayKind.INFO)
            case AlertKind.TURN_WARNING:
                self.publish(TimeWarning(Scope.TURN, alert.seconds, name))
                if not p.brief:  # a group that knows the method watches the screen
                    self.say(p.turn_warning(name, alert.seconds), SayKind.WARNING)
            case AlertKind.TURN_TIME_UP:
                self.publish(TimeUp(Scope.TURN, 0.0, name))
                hint = wording.first_time(self.taught, "turn_time_up")
                self.say(p.turn_time_up(name, self.turn_end(), hint), SayKind.TIME_UP)

    # ---------------------------------------------------------------- saving
    def saved_state(self, now: float) -> SavedState:
        assert self.step is not None and self.planned_end_wall is not None
        method = self.method
        return SavedState(
            method_id=method.id,
            method_path=str(method.path) if method.path else None,
            step_minutes=tuple(s.minutes for s in method.steps),
            participants=self.plan.participants,
            casusinbrenger=self.plan.casusinbrenger,
            meeting=self.plan.meeting,
            current=self.step.frozen_at(now),
            undo=tuple(self.undo),
            paused=self.paused,
            planned_end=self.planned_end_wall,
            saved_at=self.wall_clock(),
        )

    def save(self, now: float) -> None:
        if self.store is None or self.step is None or self.finished:
            return
        try:
            self.store.save(self.saved_state(now))
        except OSError:
            logger.exception("could not save the session state to %s", self.store.path)
        self.last_save = now
