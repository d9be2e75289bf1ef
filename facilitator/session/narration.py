"""What the session says: every spoken line of a session, composed from the phrase pack and
the method. Pure: it reads the step's time it is given and returns ``Line``s; the session
decides when, and publishes them as ``Say`` events with its generation.

It speaks like a brief gespreksleider (``wording``): a prompt is said once, with no rule after
it (the rule is what "spelregel" answers); a group that knows the method (``phrases.brief``)
hears the short prompts and lines; a hint such as "zeg 'volgende stap'" is taught once; the
over-time reminder is said once, then only shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from facilitator.events import VOICE_COMMANDS, Command, SayKind
from facilitator.methods.schema import Method, Step
from facilitator.phrases import Phrases, TurnEnd
from facilitator.session import wording
from facilitator.session.plan import SessionPlan
from facilitator.session.state import StepTime
from facilitator.session.texts import fill, placeholder_values
from facilitator.session.timing import Alert, AlertKind


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    kind: SayKind
    replaces: bool = False  # cut off what is being said (e.g. "herhaal")


class Narrator:
    def __init__(
        self,
        plan: SessionPlan,
        phrases: Phrases,
        *,
        more_time_s: float,
        help_phrases: Mapping[Command, Sequence[str]],
        help_keys: Mapping[Command, str],
        follow_up: Sequence[str] = (),
        reminder_s: float = 180.0,
        ruled_out: frozenset[Command] = frozenset(),
    ) -> None:
        self.plan = plan
        self.ruled_out = ruled_out  # commands the session never takes: help does not offer them
        self.method: Method = plan.method
        self.phrases = phrases
        self.more_time_s = more_time_s
        self.help_phrases = dict(help_phrases)
        self.help_keys = dict(help_keys)
        self.values = placeholder_values(plan, phrases)
        self.follow_up = tuple(follow_up)  # last time's case bringers (opted-in history)
        self.reminder_s = reminder_s  # over-time reminder interval
        self.taught: set[str] = set()  # hints said once a session

    def fill(self, text: str) -> str:
        return fill(text, self.values)

    # ---------------------------------------------------------------- opening and closing
    def opening(self) -> list[Line]:
        plan, p = self.plan, self.phrases
        case = wording.welcome_case(self.method, plan.casusinbrenger)
        lines = [Line(p.welcome(self.method.name, plan.participants, case), SayKind.PROMPT)]
        meeting = self.method.meeting(plan.meeting) if plan.meeting is not None else None
        if meeting is not None:
            lines.append(Line(p.meeting_intro(meeting.number, meeting.title), SayKind.PROMPT))
        if not p.brief:  # a group that knows the method knows its rules ("spelregel")
            lines += [Line(self.fill(rule), SayKind.RULE) for rule in self.method.opening_rules]
        return lines

    def intro(self, index: int, time: StepTime) -> str:
        """Number, title, prompt (the short one for a group that knows the method), time."""
        step, p = self.method.steps[index], self.phrases
        prompt = wording.step_prompt(step, p.brief, p, "{inbrenger}")
        return p.step_intro(
            index + 1,
            len(self.method.steps),
            step.title,
            self.fill(prompt),
            time.clock.allotted_s,
            self.method.is_soft(step),
        )

    def closing(self) -> Line:
        return Line(self.phrases.closing(self.plan.casusinbrenger), SayKind.CLOSING)

    def resumed(self, index: int, time: StepTime, now: float, paused: bool) -> Line:
        step = self.method.steps[index]
        remaining = time.clock.remaining(now)
        return Line(self.phrases.resumed(index + 1, step.title, remaining, paused), SayKind.PROMPT)

    # ---------------------------------------------------------------- steps and turns
    @staticmethod
    def after_round(step: Step, time: StepTime) -> bool:
        """True once the round of ``step`` is complete and it has a prompt for after."""
        rnd, spec = time.round, step.round
        return rnd is not None and rnd.complete and spec is not None and bool(spec.after_prompt)

    def step_lines(self, index: int, time: StepTime, *, full: bool, title: bool) -> list[Line]:
        """The prompt (``full``) or just the title (``title``), never the rule after it; with
        the prompt, the check-in and follow-up (first step) and the evaluation (last step).
        The turn follows: ``turn_lines``."""
        step, count = self.method.steps[index], len(self.method.steps)
        if not full:
            if not title:
                return []
            return [Line(self.phrases.step_title(index + 1, count, step.title), SayKind.PROMPT)]
        extras = wording.entry_extras(self.method, index, self.phrases, self.follow_up)
        return [
            Line(self.intro(index, time), SayKind.PROMPT),
            *(Line(self.fill(text), SayKind.PROMPT) for text in extras),
        ]

    def turn_lines(self, step: Step, time: StepTime, now: float) -> list[Line]:
        """Who has the floor now (or that the round is over, and what comes after it)."""
        rnd = time.round
        if rnd is None:
            return []
        if rnd.complete and self.after_round(step, time):
            return [
                Line(self.phrases.round_done(), SayKind.TURN),
                self.after_round_line(step, time, now),
            ]
        if rnd.complete:
            return [Line(self.phrases.round_complete(), SayKind.TURN)]
        left = rnd.turn_remaining(time.clock.elapsed(now))
        return [Line(self.phrases.turn_call(rnd.current, left, rnd.index == 0), SayKind.TURN)]

    def after_round_line(self, step: Step, time: StepTime, now: float) -> Line:
        """The step's prompt for after the round, with the step time still left."""
        assert step.round is not None
        text = self.phrases.after_round(
            self.fill(step.round.after_prompt), time.clock.remaining(now), self.method.is_soft(step)
        )
        return Line(text, SayKind.PROMPT)

    @staticmethod
    def turn_end(step: Step, time: StepTime) -> TurnEnd:
        """What "volgende spreker" does after the current turn, for its time-up hint: the
        next turn; or, after the last turn, the end of a round that has time or a prompt
        after it; or nothing more than "volgende stap" would do."""
        rnd, spec = time.round, step.round
        assert rnd is not None
        if rnd.index + 1 < len(rnd.speakers):
            return TurnEnd.NEXT_SPEAKER
        if rnd.reserve_s > 0 or (spec is not None and spec.after_prompt):
            return TurnEnd.CLOSE_ROUND
        return TurnEnd.NEXT_STEP

    # ---------------------------------------------------------------- alerts
    def alert_line(self, alert: Alert, step: Step, time: StepTime) -> Line | None:
        p, name = self.phrases, time.round.current if time.round else ""
        match alert.kind:
            case AlertKind.WARNING:
                return Line(p.warning(alert.seconds), SayKind.WARNING)
            case AlertKind.TIME_UP:
                hint = wording.first_time(self.taught, "time_up")
                return Line(p.time_up(self.more_time_s, hint), SayKind.TIME_UP)
            case AlertKind.OVERTIME:  # said once, then the screen shows it: no scolding
                if not wording.overtime_spoken(alert.seconds, self.reminder_s):
                    return None
                return Line(p.overtime(alert.seconds), SayKind.TIME_UP)
            case AlertKind.CHECKIN:
                return Line(p.checkin(alert.seconds), SayKind.INFO)
            case AlertKind.TURN_WARNING:  # a group that knows the method watches the screen
                if p.brief:
                    return None
                return Line(p.turn_warning(name, alert.seconds), SayKind.WARNING)
            case AlertKind.TURN_TIME_UP:
                hint = wording.first_time(self.taught, "turn_time_up")
                end = self.turn_end(step, time)
                return Line(p.turn_time_up(name, end, hint), SayKind.TIME_UP)
            case AlertKind.PLANNED_END:
                return None  # a soft step: the screen shows it, the group decides
        return None

    # ---------------------------------------------------------------- answers
    def repeat(self, index: int, time: StepTime, now: float) -> list[Line]:
        """The current step's prompt again, cutting off what is being said. After a round
        with a prompt for after it, the title and that prompt (what the group does now)."""
        p, step, count = self.phrases, self.method.steps[index], len(self.method.steps)
        lines = [Line(p.ack_repeat(), SayKind.ACK, replaces=True)]
        if self.after_round(step, time):
            lines.append(Line(p.step_title(index + 1, count, step.title), SayKind.PROMPT))
            return [*lines, self.after_round_line(step, time, now)]
        return [*lines, Line(self.intro(index, time), SayKind.PROMPT)]

    def time_left(
        self, index: int, time: StepTime, now: float, paused: bool, kind: SayKind
    ) -> Line:
        clock, rnd = time.clock, time.round
        elapsed = clock.elapsed(now)
        text = self.phrases.time_left(
            clock.remaining(now),
            self.method.is_soft(self.method.steps[index]),
            elapsed,
            rnd.current if rnd else "",
            rnd.turn_remaining(elapsed) if rnd else 0.0,
            paused,
        )
        return Line(text, kind)

    def questions(self, index: int) -> list[Line]:
        lines = [Line(self.phrases.questions_intro(), SayKind.ACK)]
        return lines + [
            Line(self.fill(q), SayKind.RULE) for q in self.method.steps[index].inspiration
        ]

    def _voice(self) -> dict[Command, list[str]]:
        """What one can say: the listening part's phrases, else the pack's (not what the
        session never takes)."""
        p, given = self.phrases, self.help_phrases
        return {
            c: list(given.get(c, ())) or [p.command_words(c)]
            for c in VOICE_COMMANDS
            if c not in self.ruled_out
        }

    def help(self) -> Line:
        """Five phrases and how to hear the rest; the keys are on the screen, never read."""
        return Line(self.phrases.help_voice(self._voice()), SayKind.ACK)

    def more_help(self) -> Line:
        return Line(self.phrases.help_more(self._voice()), SayKind.ACK)

    def rule(self, step: Step, kind: SayKind) -> Line:
        """ "Spelregel" (ACK), or halfway through a step whose method asks for it (RULE)."""
        return Line(self.phrases.rule_reminder(self.fill(step.rule)), kind)
