"""Commands that only answer (herhaal, hoeveel tijd, inspiratievragen, help)."""

from __future__ import annotations

from facilitator.events import Command, SayKind
from facilitator.session.core import SessionCore
from facilitator.session.texts import fill


def repeat(session: SessionCore) -> None:
    """Say the current step's prompt and rule again, cutting off what is being said.

    After a round that has a prompt for after it, that prompt is what the group is doing
    now: the step's title and that prompt are said instead.
    """
    assert session.step is not None
    session.say(session.phrases.ack_repeat(), SayKind.ACK, replaces=True)
    step, count = session.current_step(), len(session.method.steps)
    if session.after_round():
        title = session.phrases.step_title(session.step.index + 1, count, step.title)
        session.say(title, SayKind.PROMPT)
        session.announce_after_round()
        return
    session.say(session.step_intro(), SayKind.PROMPT)


def time_left(session: SessionCore, kind: SayKind) -> None:
    assert session.step is not None
    now = session.clock.now()
    clock, rnd = session.step.clock, session.step.round
    elapsed = clock.elapsed(now)
    text = session.phrases.time_left(
        clock.remaining(now),
        session.is_soft(session.current_step()),
        elapsed,
        rnd.current if rnd else "",
        rnd.turn_remaining(elapsed) if rnd else 0.0,
        session.paused,
    )
    session.say(text, kind)


def questions(session: SessionCore) -> None:
    session.say(session.phrases.questions_intro(), SayKind.ACK)
    for question in session.current_step().inspiration:
        session.say(fill(question, session.values), SayKind.RULE)


def _voice(session: SessionCore) -> dict[Command, list[str]]:
    p = session.phrases
    given = session.help_phrases
    return {c: list(given.get(c, ())) or [p.command_words(c)] for c in Command}


def help_text(session: SessionCore) -> None:
    """The five most useful phrases and how to hear the rest; the keys are on the screen."""
    session.say(session.phrases.help_voice(_voice(session)), SayKind.ACK)


def more_help(session: SessionCore) -> None:
    session.say(session.phrases.help_more(_voice(session)), SayKind.ACK)


def rule(session: SessionCore) -> None:
    """ "Spelregel": the current step's rule, once."""
    text = fill(session.current_step().rule, session.values)
    session.say(session.phrases.rule_reminder(text), SayKind.ACK)
