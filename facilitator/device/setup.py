"""The set-up dialogue: the form's questions asked one by one, with time-outs and "opnieuw".

``SetupFlow`` keeps the answers (the whole state of a set-up: saved after every answer, so a
crash resumes at the question it was on) and asks ``form.next_step`` what comes next. It
tells the device which topic it is on (the device machine's ``setup`` substates) and hands
the finished answers (``Done``) or too few people (``TooFew``) back. When nobody has answered
anything since the wake and a question runs out of time, there is probably nobody there (a
false wake in a talking room): the flow hands back ``Unanswered`` instead of taking defaults,
so a session never starts by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from facilitator.device import form
from facilitator.device.asking import ATTEMPTS, Asker, Open
from facilitator.device.form import Answered, Context, Done, Question, TooFew
from facilitator.events import Answer, AnswerGiven, AnswerTaken, InputSource

log = logging.getLogger(__name__)

PEOPLE, METHOD, DURATION, CASE = "people", "method", "duration", "case"
TOPICS = (PEOPLE, METHOD, DURATION, CASE)


def topic_of(key: str) -> str:
    if key.startswith(("present:", "count")) or key == form.NAMES:
        return PEOPLE
    if key.startswith("method"):
        return METHOD
    if key == "duration":
        return DURATION
    return CASE


@dataclass(frozen=True)
class Unanswered:
    """A question ran out of time before anybody had answered anything since the wake."""

    key: str


@dataclass
class Hooks:
    """What the flow asks of the device."""

    topic: Callable[[str], None]  # entering a topic (the machine's setup substate)
    finished: Callable[[Done | TooFew | Unanswered, str], None]  # result, and a line to say first
    save: Callable[[Sequence[Answered], str], None]  # the answers and the open question
    plan_line: Callable[[str, float | None], str]  # one sentence: the fitted plan
    publish: Callable[[AnswerTaken], None]


class SetupFlow:
    def __init__(self, context: Context, asker: Asker, hooks: Hooks) -> None:
        self.context = context
        self.asker = asker
        self.hooks = hooks
        self.answers: list[Answered] = []
        self.active = False
        self.heard = False  # somebody answered something (a resumed set-up counts)

    def begin(self, now: float, answers: Sequence[Answered] = (), lead: str = "") -> None:
        self.answers = list(answers)
        self.heard = bool(self.answers)
        self.active = True
        self._advance(now, lead)

    def stop(self) -> None:
        self.active = False
        self.asker.close()

    # ------------------------------------------------------------------ answers
    def answer(self, given: AnswerGiven, now: float) -> bool:
        question = self.asker.open
        if not self.active or question is None:
            return False
        value = self.asker.accepts(given)
        if value is None:
            return False
        self.hooks.publish(AnswerTaken(question.key, value, given.source))
        self.heard = True
        if value == Answer.AGAIN.value:
            dropped = self.answers.pop() if self.answers else None
            if dropped is not None:
                log.info("opnieuw: back to %s", dropped[0])
            name = form.as_name(dropped[1]) if dropped and dropped[0] == form.NAMES else None
            if name is not None and self._stays_open(question.key):
                self.asker.confirm(self.context.phrases.dropped_name(name), now)
                return True
            self.asker.close()
            self._advance(now, "")
            return True
        name = form.as_name(value) if question.key == form.NAMES else None
        if name is None or name not in form.said_names(self.answers)[0]:
            self.answers.append((question.key, value))  # a name said twice counts once
        if name is not None and self._stays_open(question.key):
            self.asker.confirm(self.context.phrases.heard_name(name), now)
            return True
        self.asker.close()
        said = (self.context.phrases.heard_name(name) if name else "", self._lead(question.key))
        self._advance(now, " ".join(x for x in said if x))
        return True

    def _stays_open(self, key: str) -> bool:
        """The names question goes on after a name (one question for all names): saved, and
        True, when it is still the next question."""
        step = form.next_step(self.context, self.answers)
        if not (isinstance(step, Question) and step.key == key):
            return False
        self.hooks.save(self.answers, key)
        return True

    def timed_out(self, now: float) -> None:
        question = self.asker.expired(now)
        if not self.active or question is None:
            return
        if question.key == form.NAMES and form.said_names(self.answers)[0]:
            self._take(question.key, form.DEFAULT, now)  # silence after names: that is everyone
            return
        if question.attempt < ATTEMPTS:
            again = self.context.phrases.again()
            self._ask(question_of(question), now, again, question.attempt + 1)
            return
        if not self.heard:
            log.info("no answer to %s and none since the wake: back to waiting", question.key)
            self.stop()
            self.hooks.finished(Unanswered(question.key), "")
            return
        self._take(question.key, form.default_for(question.key), now)

    def _take(self, key: str, value: str, now: float) -> None:
        """Nobody answered: ``value`` is the answer."""
        log.info("no answer to %s: taking %s", key, value)
        self.hooks.publish(AnswerTaken(key, value, InputSource.SYSTEM))
        self.asker.close()
        self.answers.append((key, value))
        said = (self._default_line(key), self._lead(key))
        lead = " ".join(x for x in said if x)
        self._advance(now, lead)

    # ------------------------------------------------------------------ asking
    def _advance(self, now: float, lead: str) -> None:
        step = form.next_step(self.context, self.answers)
        if isinstance(step, Question):
            self.hooks.topic(topic_of(step.key))
            self.hooks.save(self.answers, step.key)
            self._ask(step, now, lead, 1)
            return
        self.active = False
        self.hooks.finished(step, lead)

    def _ask(self, question: Question, now: float, lead: str, attempt: int) -> None:
        self.asker.ask(
            question.key,
            question.text,
            question.answers,
            now,
            names=question.names,
            lead=lead,
            attempt=attempt,
        )

    def _lead(self, answered: str) -> str:
        """What the last answer settled, said before the next question (or the start)."""
        got = dict(self.answers)
        p = self.context.phrases
        following = form.next_step(self.context, self.answers)
        if topic_of(answered) == PEOPLE and not (
            isinstance(following, Question) and topic_of(following.key) == PEOPLE
        ):
            present = form.present_people(self.context, self.answers)
            return p.people(present) if isinstance(present, tuple) and len(present) > 1 else ""
        if answered == "duration":
            method = form.chosen_method(self.context, got)
            minutes = form.chosen_minutes(self.context, got)
            if isinstance(method, str) and not isinstance(minutes, Question):
                return self.hooks.plan_line(method, minutes)
        if isinstance(following, Done) and following.casusinbrenger and topic_of(answered) == CASE:
            return p.brings(following.casusinbrenger)
        return ""

    def _default_line(self, key: str) -> str:
        p = self.context.phrases
        if key.startswith("present:"):
            return p.counted_in(key.split(":", 1)[1])
        if key.startswith("method"):
            return p.default_method(self.context.method_name(self.context.proposed))
        if key == "duration":
            return p.default_duration()
        return ""


def question_of(question: Open) -> Question:
    return Question(question.key, question.text, question.answers, question.names)
