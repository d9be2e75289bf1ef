"""The group says its own names at set-up, where the speech model knows them (pure logic: a
fake clock, a fake check of names; the real engine is in ``test_device_names_voice.py``).

With at least two known names the device asks once "Wie is er?" and keeps that question open
while names come in; "klaar", every known name, or a silence after a name ends it. Members
whose names the model does not know get the roll call; known names not said are absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.device.form import NAMES, Context, Done, Question, TooFew, next_step
from facilitator.device.record import load_setup
from facilitator.events import (
    Answer,
    AnswerGiven,
    AnswerTaken,
    Command,
    InputSource,
    QuestionAsked,
    QuestionClosed,
    SessionStarted,
)
from tests import test_device_setup as setup_tests
from tests.test_device_setup import GROUP, Room, context

KNOWN = ("Anna", "Bram", "Cem")  # the fake model knows these three of the five
WHO = "Wie is er? Zeg om de beurt je naam. Zeg klaar als iedereen er is."


def knows(known: Sequence[str]) -> object:
    def check(names: Sequence[str]) -> tuple[str, ...]:
        return tuple(n for n in names if n in known)

    return check


def names_room(tmp_path: Path, known: Sequence[str] = KNOWN) -> Room:
    room = Room(tmp_path)
    room.device.use_name_check(knows(known))  # type: ignore[arg-type]
    room.say(Answer.BEGIN)
    return room


def asked(room: Room) -> list[str]:
    return [e.key for e in room.events if isinstance(e, QuestionAsked)]


def known_context(known: Sequence[str] = KNOWN) -> Context:
    return replace(context(), known=tuple(known))


# --------------------------------------------------------------------------- the form


def test_the_form_asks_names_first_then_the_roll_call_of_the_unknown() -> None:
    ctx = known_context()
    first = next_step(ctx, [])
    assert isinstance(first, Question) and first.key == NAMES
    assert first.names == KNOWN and first.answers == (Answer.DONE, Answer.AGAIN)
    still = next_step(ctx, [(NAMES, "@Anna"), (NAMES, "@Cem")])
    assert isinstance(still, Question) and still.key == NAMES  # Bram may still come
    roll = next_step(ctx, [(NAMES, "@Anna"), (NAMES, "@Cem"), (NAMES, "done")])
    assert isinstance(roll, Question) and roll.key == "present:Dewi"
    answers = [(NAMES, "@Anna"), (NAMES, "@Cem"), (NAMES, "done")]
    answers += [("present:Dewi", "no"), ("present:Eva", "yes"), ("method", "yes")]
    answers += [("duration", "minutes_60"), ("case:Anna", "yes")]
    done = next_step(ctx, answers)
    assert done == Done(("Anna", "Cem", "Eva"), "5-stappen", 60.0, "Anna")  # Bram is absent


def test_the_form_ends_the_names_when_every_known_name_was_said() -> None:
    ctx = known_context()
    step = next_step(ctx, [(NAMES, "@Cem"), (NAMES, "@Anna"), (NAMES, "@Bram")])
    assert isinstance(step, Question) and step.key == "present:Dewi"


@pytest.mark.parametrize("end", ["done", "default"])
def test_no_name_said_is_a_roll_call_of_everyone(end: str) -> None:
    """Klaar by key before any name (a keyboard-only group), or two silences: nobody is
    taken for absent; everyone is asked."""
    step = next_step(known_context(), [(NAMES, end)])
    assert isinstance(step, Question) and step.key == "present:Anna"


def test_the_form_with_fewer_than_two_known_names_is_the_roll_call() -> None:
    for known in ((), ("Bram",)):
        step = next_step(known_context(known), [])
        assert isinstance(step, Question) and step.key == "present:Anna"


def test_names_said_before_a_restart_count_without_known_names() -> None:
    """A set-up resumed without a listener (the microphone is gone): the names said stay,
    everyone else is asked by roll call."""
    step = next_step(known_context(()), [(NAMES, "@Anna"), (NAMES, "@Cem")])
    assert isinstance(step, Question) and step.key == "present:Bram"


def test_one_name_and_done_is_too_few() -> None:
    ctx = replace(context(members=KNOWN), known=KNOWN)
    assert next_step(ctx, [(NAMES, "@Bram"), (NAMES, "done")]) == TooFew(("Bram",))


# --------------------------------------------------------------------------- the dialogue


def test_names_then_klaar_then_the_roll_call_of_the_others(tmp_path: Path) -> None:
    room = names_room(tmp_path)
    assert room.device.state == "setup_people"
    assert room.question.key == NAMES and room.question.names == KNOWN
    assert room.spoken()[-1] == WHO
    assert room.say(name="Anna")
    assert room.spoken()[-1] == "Anna."
    assert room.say(name="Cem")
    assert room.say(name="Anna")  # said twice: harmless
    assert room.spoken()[-2:] == ["Cem.", "Anna."]
    assert asked(room) == ["wake", NAMES]  # one question for all names
    assert not any(isinstance(e, QuestionClosed) and e.key == NAMES for e in room.events)
    assert room.device.flow is not None
    assert room.device.flow.answers == [(NAMES, "@Anna"), (NAMES, "@Cem")]
    assert room.say(Answer.DONE)
    assert room.question.key == "present:Dewi" and room.spoken()[-1] == "Is Dewi er?"
    room.say(Answer.NO)
    room.say(Answer.YES)  # Eva
    assert room.question.key == "method"
    assert room.spoken()[-1].startswith("Jullie zijn met drie. Doen we de")
    room.say(Answer.YES)
    room.say(Answer.HOUR)
    room.say(Answer.YES)  # the first asked brings the case
    started = next(e for e in room.events if isinstance(e, SessionStarted))
    assert started.participants == ("Anna", "Cem", "Eva")
    taken = [(e.question, e.answer) for e in room.events if isinstance(e, AnswerTaken)]
    assert taken[1:5] == [(NAMES, "@Anna"), (NAMES, "@Cem"), (NAMES, "@Anna"), (NAMES, "done")]


def test_every_known_name_said_ends_the_question(tmp_path: Path) -> None:
    room = names_room(tmp_path)
    for name in ("Bram", "Anna", "Cem"):
        room.say(name=name)
    assert room.question.key == "present:Dewi"
    assert room.spoken()[-3:] == ["Bram.", "Anna.", "Cem. Is Dewi er?"]  # straight on


def test_the_time_out_restarts_after_each_name_and_silence_ends_it(tmp_path: Path) -> None:
    room = names_room(tmp_path)
    room.wait(11.0)
    room.say(name="Anna")
    room.wait(11.0)  # 22 s after the question: still open, its time restarted
    room.say(name="Bram")
    room.wait(11.0)
    assert room.question.key == NAMES and room.question.attempt == 1
    room.wait(1.5)  # silence after names: that is everyone
    assert room.question.key == "present:Dewi"
    taken = [(e.question, e.answer, e.source) for e in room.events if isinstance(e, AnswerTaken)]
    assert taken[-1] == (NAMES, "default", InputSource.SYSTEM)


def test_the_confirmation_is_not_cut_by_the_time_out(tmp_path: Path) -> None:
    room = names_room(tmp_path)
    room.say(name="Anna")
    room.device.set_speaking(True)  # saying "Anna."
    room.wait(30.0)
    room.device.set_speaking(False)
    room.wait(11.0)
    assert room.question.key == NAMES
    room.wait(1.5)
    assert room.question.key == "present:Dewi"


def test_silence_before_any_name_repeats_the_question_then_waits_again(tmp_path: Path) -> None:
    room = names_room(tmp_path)
    room.wait(12.5)
    assert room.question.key == NAMES and room.question.attempt == 2
    assert room.spoken()[-1] == f"Ik hoorde niets. {WHO}"
    room.wait(12.5)  # nobody said anything since the wake: no session on defaults
    assert room.device.state == "waiting" and room.question.key == "wake"


def test_again_takes_back_the_last_name(tmp_path: Path) -> None:
    room = names_room(tmp_path)
    room.say(name="Anna")
    room.say(name="Bram")
    assert room.say(Answer.AGAIN)
    assert room.spoken()[-1] == "Bram niet."
    assert room.question.key == NAMES and asked(room) == ["wake", NAMES]
    room.say(Answer.DONE)
    for _ in ("Dewi", "Eva"):
        room.say(Answer.YES)
    room.say(Answer.YES)
    room.say(Answer.HOUR)
    room.say(Answer.YES)
    started = next(e for e in room.events if isinstance(e, SessionStarted))
    assert started.participants == ("Anna", "Dewi", "Eva")


def test_again_in_the_roll_call_goes_back_to_the_names(tmp_path: Path) -> None:
    room = names_room(tmp_path)
    room.say(name="Anna")
    room.say(Answer.DONE)
    assert room.question.key == "present:Dewi"
    room.say(Answer.AGAIN)
    assert room.question.key == NAMES and room.spoken()[-1] == WHO
    room.say(name="Cem")  # Anna's name is kept
    room.say(name="Bram")  # every known name: on to the roll call
    assert room.question.key == "present:Dewi"
    assert room.device.flow is not None
    assert room.device.flow.answers == [(NAMES, "@Anna"), (NAMES, "@Cem"), (NAMES, "@Bram")]


@pytest.mark.parametrize("key", [Command.CONFIRM, "1"])
def test_a_keyboard_only_group_is_not_stuck(tmp_path: Path, key: object) -> None:
    """The j key (or the first numbered key) answers "klaar": with no name said, everyone gets the
    roll call by key."""
    room = names_room(tmp_path)
    if isinstance(key, Command):
        assert room.device.handle(key, InputSource.KEYBOARD)
    else:
        assert room.device.answer(AnswerGiven("", Answer.CHOICE_1, InputSource.KEYBOARD))
    assert room.question.key == "present:Anna"
    for _ in GROUP:
        room.device.handle(Command.CONFIRM, InputSource.KEYBOARD)
    assert room.question.key == "method"


def test_a_name_button_on_the_room_display_answers(tmp_path: Path) -> None:
    room = names_room(tmp_path)
    assert room.device.answer(AnswerGiven(NAMES, None, InputSource.SCREEN, name="Bram"))
    assert room.spoken()[-1] == "Bram."
    assert not room.device.answer(AnswerGiven(NAMES, None, InputSource.SCREEN, name="Dewi"))


def test_fewer_than_two_known_names_is_the_roll_call_as_before(tmp_path: Path) -> None:
    room = names_room(tmp_path, known=("Cem",))
    assert asked(room) == ["wake", "present:Anna"]


def test_a_crash_during_the_names_resumes_with_the_names_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = names_room(tmp_path)
    room.say(name="Cem")
    record = load_setup(room.store.path)
    assert record is not None and record.question == NAMES
    assert record.answers == ((NAMES, "@Cem"),)
    monkeypatch.setattr(setup_tests, "context", lambda proposed: known_context())
    again = Room(tmp_path, setup=record)
    assert again.question.key == NAMES
    assert again.spoken()[0] == f"We gaan verder waar we waren. {WHO}"
    again.say(name="Anna")
    again.say(Answer.DONE)
    assert again.question.key == "present:Dewi"
    assert again.device.flow is not None
    assert again.device.flow.answers[:3] == [(NAMES, "@Cem"), (NAMES, "@Anna"), (NAMES, "done")]
