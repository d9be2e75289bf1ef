"""The set-up as a form: which question comes next is a pure function of the answers so far.

``next_step(context, answers)`` returns the next ``Question``, or a ``Done`` with everything a
session needs, or ``TooFew`` when fewer than two people are there. Going back ("opnieuw") is
dropping the last answer; resuming after a crash is asking ``next_step`` again with the saved
answers. Nothing here speaks, waits or reads a clock (``dialogue.py`` does that).

Question keys: ``names`` (the group says its names, when the model knows at least two of
them), ``present:NAME`` (roll call), ``count`` (no names known), ``method`` (the proposal),
``method_choice`` (the numbered choice), ``duration``, ``case:NAME`` (going round). An answer
is stored as an ``Answer`` value, or ``@NAME`` for a name, or ``default`` when a question
timed out (twice, or for ``names`` once a name was said) and its default was taken. The
``names`` question stays open while names come in: each name is one more ``("names",
"@NAME")`` answer; ``done`` or ``default`` ends it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from facilitator.events import CHOICES, Answer
from facilitator.methods.schema import Method
from facilitator.phrases.setup import SetupPhrases
from facilitator.session.plan import MIN_PARTICIPANTS
from facilitator.session.wording import has_case

DEFAULT = "default"
NAME_PREFIX = "@"
MAX_CHOICES = 6  # numbered choices the group can say ("een" … "zes")
DURATIONS: dict[Answer, float] = {
    Answer.HOUR: 60.0,
    Answer.HOUR_AND_HALF: 90.0,
    Answer.TWO_HOURS: 120.0,
    Answer.TWO_AND_HALF_HOURS: 150.0,
    Answer.THREE_HOURS: 180.0,
}
YES_NO = (Answer.YES, Answer.NO, Answer.AGAIN)
NAMES = "names"  # the question the group answers by saying its names
#: Names of the group the model must know before the group is asked to say them (with
#: fewer, a roll call is as quick and asks one kind of question only).
MIN_KNOWN = 2


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    text: str  # spoken and shown
    answers: tuple[Answer, ...]
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Done:
    participants: tuple[str, ...]
    method_id: str
    minutes: float | None  # None: the method's own length
    casusinbrenger: str  # "" when the group chooses its case in a step


@dataclass(frozen=True, slots=True)
class TooFew:
    present: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Context:
    """What the set-up knows before it asks anything."""

    members: tuple[str, ...]  # the standing group's names (roll call); () asks how many
    proposed: str  # method id proposed first
    choices: tuple[tuple[str, str], ...]  # (id, name) of the numbered choice, at most six
    load: Callable[[str], Method]  # method by id
    phrases: SetupPhrases
    rotation: tuple[str, ...] = ()  # who is asked first for a case (longest ago first)
    #: the members whose names the speech model knows (they can say them); the others get
    #: the roll call. Empty without a listener.
    known: tuple[str, ...] = ()

    def method_name(self, method_id: str) -> str:
        for known, name in self.choices:
            if known == method_id:
                return name
        return self.load(method_id).name


Answered = tuple[str, str]  # (question key, stored answer)
Step = Question | Done | TooFew


def as_name(value: str) -> str | None:
    return value[len(NAME_PREFIX) :] if value.startswith(NAME_PREFIX) else None


def said_names(answers: Sequence[Answered]) -> tuple[tuple[str, ...], bool]:
    """The names said to the ``names`` question (in order, each once), and whether the
    question ended (``done``, or its time-out)."""
    said: list[str] = []
    ended = False
    for key, value in answers:
        if key != NAMES:
            continue
        name = as_name(value)
        if name is None:
            ended = True
        elif name not in said:
            said.append(name)
    return tuple(said), ended


def names_question(context: Context) -> Question:
    answers = (Answer.DONE, Answer.AGAIN)
    return Question(NAMES, context.phrases.who_is_here(), answers, context.known)


def present_people(context: Context, answers: Sequence[Answered]) -> tuple[str, ...] | Question:
    """Who is there, or the next question about it. Names said are there; when anyone said
    a name, the other known names are not; everyone else is asked by roll call."""
    p = context.phrases
    got = dict(answers)
    if not context.members:
        if "count" not in got:
            return Question("count", p.how_many(), (*CHOICES[1:], Answer.AGAIN))
        value = got["count"]
        count = CHOICES.index(Answer(value)) + 1 if value != DEFAULT else MIN_PARTICIPANTS
        return tuple(f"Deelnemer {n}" for n in range(1, count + 1))
    said, ended = said_names(answers)
    known = set(context.known)
    if len(known) >= MIN_KNOWN and not ended and not known <= set(said):
        return names_question(context)
    roll = [n for n in context.members if n not in said and not (said and n in known)]
    for name in roll:
        key = f"present:{name}"
        if key not in got:
            return Question(key, p.present(name), YES_NO)
    return tuple(
        n
        for n in context.members
        if n in said or (n in roll and got[f"present:{n}"] != Answer.NO.value)
    )


def chosen_method(context: Context, got: dict[str, str]) -> str | Question:
    p = context.phrases
    if "method" not in got:
        name = context.method_name(context.proposed)
        return Question("method", p.propose(name), YES_NO)
    if got["method"] != Answer.NO.value:
        return context.proposed
    if "method_choice" not in got:
        names = [name for _, name in context.choices]
        return Question(
            "method_choice", p.choose_method(names), (*CHOICES[: len(names)], Answer.AGAIN)
        )
    value = got["method_choice"]
    if value == DEFAULT:
        return context.proposed
    return context.choices[CHOICES.index(Answer(value))][0]


def chosen_minutes(context: Context, got: dict[str, str]) -> float | Question | None:
    if "duration" not in got:
        return Question("duration", context.phrases.duration(), (*DURATIONS, Answer.AGAIN))
    value = got["duration"]
    return None if value == DEFAULT else DURATIONS[Answer(value)]


def case_round(
    context: Context, got: dict[str, str], present: Sequence[str]
) -> str | Question | None:
    """The casusinbrenger by going round, the next question of the round, or None when
    everyone said no (the caller takes the first one asked)."""
    order = [n for n in context.rotation if n in present]
    order += [n for n in present if n not in order]
    for name in order:
        key = f"case:{name}"
        if key not in got:
            return Question(key, context.phrases.has_case(name), YES_NO, tuple(present))
        value = got[key]
        named = as_name(value)
        if named is not None:
            return named
        if value == Answer.YES.value:
            return name
    return None


def next_step(context: Context, answers: Sequence[Answered]) -> Step:
    got = dict(answers)
    present = present_people(context, answers)
    if isinstance(present, Question):
        return present
    if len(present) < MIN_PARTICIPANTS:
        return TooFew(present)
    method_id = chosen_method(context, got)
    if isinstance(method_id, Question):
        return method_id
    minutes = chosen_minutes(context, got)
    if isinstance(minutes, Question):
        return minutes
    method = context.load(method_id)
    casusinbrenger = ""
    if has_case(method) and not any(step.chooses_case for step in method.steps):
        found = case_round(context, got, present)
        if isinstance(found, Question):
            return found
        casusinbrenger = found if found is not None else _first_asked(context, present)
    return Done(present, method_id, minutes, casusinbrenger)


def _first_asked(context: Context, present: Sequence[str]) -> str:
    order = [n for n in context.rotation if n in present]
    return order[0] if order else present[0]


def default_for(key: str) -> str:
    """The answer a question gets when nobody answered it twice."""
    if key.startswith("present:"):
        return Answer.YES.value  # silence is more likely a missed "ja" than an absence
    if key.startswith("case:"):
        return Answer.NO.value  # ask the next one
    return DEFAULT
