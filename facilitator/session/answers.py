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
    prompt = session.phrases.step_intro(
        session.step.index + 1,
        count,
        step.title,
        fill(step.prompt, session.values),
        session.step.clock.allotted_s,
        session.is_soft(step),
    )
    session.say(prompt, SayKind.PROMPT)
    if step.rule:
        session.say(session.phrases.rule_reminder(fill(step.rule, session.values)), SayKind.RULE)


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


def help_text(session: SessionCore) -> None:
    """What one can say (the listening part's phrases, else the pack's) and press."""
    p = session.phrases
    session.say(p.help_intro(), SayKind.ACK)
    voice = session.help_phrases or {c: [p.command_words(c)] for c in Command}
    session.say(p.help_voice(voice), SayKind.INFO)
    session.say(p.help_keys(session.help_keys), SayKind.INFO)
