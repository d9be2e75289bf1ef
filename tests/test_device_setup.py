"""The device's set-up by voice, driven by answers as the listener, keyboard or room display
post them (pure logic: a fake clock, no audio), through to the session and back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from facilitator.device import choices
from facilitator.device.asking import VOICE_GRACE_S
from facilitator.device.core import Device, DeviceParts
from facilitator.device.form import Context, Done, next_step
from facilitator.device.record import SetupRecord, load_setup
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
    PeopleChanged,
    PeopleChangeKind,
    QuestionAsked,
    Say,
    SessionEnded,
    SessionStarted,
    StepEntered,
)
from facilitator.methods.registry import find_method
from facilitator.phrases.setup import DutchSetup
from facilitator.session.clock import FakeClock
from facilitator.session.engine import Session
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.session.store import SavedState, StateStore, load_state, read_state_data

GROUP = ("Anna", "Bram", "Cem", "Dewi", "Eva")
NOON = datetime(2026, 11, 29, 12, 0)


def context(proposed: str = "5-stappen", members: tuple[str, ...] = GROUP) -> Context:
    return choices.context(None, members, proposed, DutchSetup())


class Room:
    """A device with a fake clock, recording every event; ``store`` saves for real."""

    def __init__(self, tmp: Path, proposed: str = "5-stappen", **device: object) -> None:
        self.clock = FakeClock()
        self.events: list[Event] = []
        self.store = StateStore(tmp / "sessie.json")

        def make_session(
            plan: SessionPlan, saved: SavedState | None, out: Listener, minutes: float | None
        ) -> Session:
            settings = SessionSettings(members=GROUP, available_min=minutes, roll_call=True)
            return Session(
                plan,
                clock=self.clock,
                listeners=[out],
                settings=settings,
                store=self.store,
                restore=saved,
            )

        parts = DeviceParts(
            context=lambda: context(proposed),
            make_plan=choices.make_plan,
            make_session=make_session,
            plan_line=choices.plan_line(DutchSetup(), lambda: NOON),
            store=self.store,
        )
        self.device = Device(parts, self.clock, [self.events.append], **device)  # type: ignore[arg-type]
        self.device.start()

    @property
    def question(self) -> QuestionAsked:
        asked = [e for e in self.events if isinstance(e, QuestionAsked)]
        return asked[-1]

    def say(self, answer: Answer | None = None, name: str | None = None) -> bool:
        given = AnswerGiven(self.question.key, answer, InputSource.VOICE, name=name)
        return self.device.answer(given)

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.device.tick()

    def spoken(self) -> list[str]:
        return [e.text for e in self.events if isinstance(e, Say)]


def test_whole_setup_by_voice_to_the_first_step(tmp_path: Path) -> None:
    room = Room(tmp_path)
    assert room.question.key == "wake"
    assert room.spoken() == ["Ik ben klaar. Zeg: intervisie beginnen."]
    assert room.device.state == "waiting"
    assert room.say(Answer.BEGIN)
    assert room.device.state == "setup_people"
    for name in GROUP:
        assert room.question.text == f"Is {name} er?"
        room.say(Answer.NO if name == "Dewi" else Answer.YES)
    assert room.device.state == "setup_method"
    assert room.question.key == "method"
    assert room.spoken()[-1] == "Jullie zijn met vier. Doen we de Vijfstappenmethode? Ja of nee."
    room.say(Answer.YES)
    assert room.question.key == "duration"
    room.say(Answer.HOUR)
    assert room.device.state == "setup_case"
    assert room.spoken()[-1] == "Zeven stappen, klaar om één uur. Anna, heb jij een casus?"
    assert room.question.text == "Anna, heb jij een casus?"
    room.say(Answer.NO)
    room.say(name="Cem")  # a name answers the going-round question too
    assert room.device.state == "session"
    started = next(e for e in room.events if isinstance(e, SessionStarted))
    assert started.participants == ("Anna", "Bram", "Cem", "Eva")
    assert started.casusinbrenger == "Cem"
    assert started.planned_minutes == 60
    taken = [(e.question, e.answer) for e in room.events if isinstance(e, AnswerTaken)]
    assert taken[-2:] == [("case:Anna", "no"), ("case:Bram", "@Cem")]
    assert "Cem brengt de casus in." in room.spoken()


def test_again_goes_back_one_question_and_late_answers_are_ignored(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    room.say(Answer.YES)  # Anna
    room.say(Answer.NO)  # Bram (wrong)
    assert room.question.key == "present:Cem"
    room.say(Answer.AGAIN)
    assert room.question.key == "present:Bram"
    stale = AnswerGiven("present:Anna", Answer.NO, InputSource.VOICE)
    assert not room.device.answer(stale)  # an answer to an earlier question changes nothing
    assert not room.say(Answer.HOUR)  # not an answer this question takes
    room.say(Answer.YES)
    assert room.question.key == "present:Cem"
    assert room.device.flow is not None
    assert room.device.flow.answers == [("present:Anna", "yes"), ("present:Bram", "yes")]


def test_timeout_repeats_once_then_takes_the_default(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    room.say(Answer.YES)  # Anna: somebody is there
    room.wait(11.0)
    assert room.question.key == "present:Bram" and room.question.attempt == 1
    room.wait(1.5)
    assert room.question.key == "present:Bram" and room.question.attempt == 2
    assert room.spoken()[-1] == "Ik hoorde niets. Is Bram er?"
    room.wait(12.5)
    assert room.question.key == "present:Cem"
    assert room.spoken()[-1] == "Ik reken Bram mee. Is Cem er?"
    # the time-out runs from the end of the device's own speech
    room.device.set_speaking(True)
    room.wait(60.0)
    assert room.question.key == "present:Cem" and room.question.attempt == 1
    room.device.set_speaking(False)
    room.wait(12.5)
    assert room.question.attempt == 2


def test_nobody_answering_after_the_wake_goes_back_to_waiting(tmp_path: Path) -> None:
    """A false wake in a talking room must not set up and start a session on defaults."""
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    assert read_state_data(room.store.path) is not None  # the set-up is saved as it goes
    room.wait(12.5)
    assert room.question.key == "present:Anna" and room.question.attempt == 2
    room.wait(12.5)
    assert room.device.state == "waiting"
    assert room.question.key == "wake"
    assert room.spoken()[-1] == "Ik hoor geen antwoord. Ik wacht weer. Zeg: intervisie beginnen."
    assert not any(isinstance(e, SessionStarted) for e in room.events)
    assert read_state_data(room.store.path) is None  # no set-up left to resume
    room.wait(3600.0)  # waiting never times out
    assert room.question.key == "wake" and room.question.attempt == 1


def test_no_timeout_while_the_microphone_is_gone(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    room.wait(5.0)
    room.device.publish(Notice("weg", "warning", microphone=False))
    room.wait(120.0)  # nobody can be heard: the question is neither asked again nor defaulted
    assert room.question.key == "present:Anna" and room.question.attempt == 1
    room.device.publish(Notice("terug", "info", microphone=True))
    room.wait(11.0)  # the full time again from the moment it came back
    assert room.question.attempt == 1
    room.wait(1.5)
    assert room.question.key == "present:Anna" and room.question.attempt == 2


def test_a_person_still_answering_is_not_talked_over(tmp_path: Path) -> None:
    """The time runs out while someone speaks: the device waits for the end of the utterance
    (the answer arrives before the voice ends), at most VOICE_GRACE_S longer."""
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    room.say(Answer.YES)  # Anna
    room.wait(11.0)
    room.device.hear_voice(True)  # Bram starts answering just before the time-out
    room.wait(2.0)
    assert room.question.key == "present:Bram" and room.question.attempt == 1
    assert room.say(Answer.YES)  # the verdict on his answer, then the end of his voice
    room.device.hear_voice(False)
    assert room.question.key == "present:Cem" and room.question.attempt == 1
    # a voice that does not end (a noisy room) holds the question at most VOICE_GRACE_S
    room.device.hear_voice(True)
    room.wait(12.0 + VOICE_GRACE_S - 0.5)
    assert room.question.key == "present:Cem" and room.question.attempt == 1
    room.wait(1.0)
    assert room.question.key == "present:Cem" and room.question.attempt == 2
    room.device.hear_voice(False)  # an utterance without an answer: no extra time after it
    room.wait(11.0)
    room.device.hear_voice(True)
    room.device.hear_voice(False)
    room.wait(1.5)
    assert room.question.key == "present:Dewi"  # Cem's default taken on time


def test_keyboard_alone_sets_up_with_keys(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.device.handle(Command.NEXT_STEP, InputSource.KEYBOARD)  # space: begin
    for _ in GROUP:
        room.device.handle(Command.CONFIRM, InputSource.KEYBOARD)  # j
    room.device.handle(Command.CANCEL, InputSource.KEYBOARD)  # n: another method
    assert room.question.key == "method_choice"
    assert room.spoken()[-1].startswith("Kies een nummer. Één: Tienstappenmethode. Twee: ")
    chosen = choices.method_choices(None, "5-stappen")[5]
    room.device.answer(AnswerGiven("", Answer.CHOICE_6, InputSource.KEYBOARD))  # key "6"
    room.device.answer(AnswerGiven("", Answer.HOUR_AND_HALF, InputSource.SCREEN))
    assert room.question.key == "case:Anna"
    room.device.handle(Command.CONFIRM, InputSource.KEYBOARD)  # j: Anna brings the case
    started = next(e for e in room.events if isinstance(e, SessionStarted))
    assert (started.method_id, started.planned_minutes) == (chosen[0], 90)
    assert started.casusinbrenger == "Anna"
    sources = {e.source for e in room.events if isinstance(e, AnswerTaken)}
    assert sources == {InputSource.KEYBOARD, InputSource.SCREEN}


def test_choosing_step_asks_who_brings_the_case(tmp_path: Path) -> None:
    room = Room(tmp_path, proposed="incidentmethode")
    room.say(Answer.BEGIN)
    for _ in GROUP:
        room.say(Answer.YES)
    room.say(Answer.YES)
    room.say(Answer.TWO_HOURS)
    started = next(e for e in room.events if isinstance(e, SessionStarted))
    assert started.casusinbrenger == ""
    welcome = next(t for t in room.spoken() if t.startswith("Welkom"))
    assert "casus in" not in welcome  # nobody named before the group chose
    session = room.device.session
    assert session is not None
    room.device.handle(Command.NEXT_STEP, InputSource.VOICE)  # introduction -> choosing step
    assert session.step_index == 1
    room.device.handle(Command.NEXT_STEP, InputSource.VOICE)  # leaving it: who brings?
    assert session.step_index == 1
    assert room.question.key == "case:Anna"
    assert room.spoken()[-1] == "Wie brengt de casus in? Anna, heb jij een casus?"
    room.say(Answer.NO)
    room.say(Answer.YES)  # Bram
    assert session.plan.casusinbrenger == "Bram"
    assert session.step_index == 2
    entered = [e for e in room.events if isinstance(e, StepEntered)][-1]
    assert entered.index == 2
    assert "Bram brengt de casus in." in room.spoken()
    assert any("Bram, vertel wat er gebeurde" in t for t in room.spoken())


def test_nobody_in_the_round_keeps_the_step(tmp_path: Path) -> None:
    room = Room(tmp_path, proposed="incidentmethode")
    room.say(Answer.BEGIN)
    for _ in GROUP:
        room.say(Answer.YES)
    room.say(Answer.YES)
    room.say(Answer.TWO_HOURS)
    session = room.device.session
    assert session is not None
    room.device.handle(Command.NEXT_STEP, InputSource.VOICE)
    room.device.handle(Command.NEXT_STEP, InputSource.VOICE)
    for _ in GROUP:
        room.say(Answer.NO)
    assert session.step_index == 1 and session.plan.casusinbrenger == ""
    assert room.spoken()[-1] == "Nog niemand. Kies samen, en zeg dan weer volgende stap."


def test_too_few_goes_back_to_waiting(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    for name in GROUP:
        room.say(Answer.YES if name == "Anna" else Answer.NO)
    assert room.device.state == "waiting"
    assert room.question.key == "wake"
    assert room.spoken()[-1] == "Met minder dan twee mensen kan het niet. Zeg: intervisie beginnen."


def test_a_crash_during_setup_resumes_at_that_question(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    for _ in GROUP:
        room.say(Answer.YES)
    room.say(Answer.NO)  # not the proposed method
    record = load_setup(room.store.path)
    assert record is not None and record.question == "method_choice"
    assert load_state(room.store.path) is None  # not a session to resume with start --hervat
    again = Room(tmp_path, setup=record)
    assert again.question.key == "method_choice"
    assert again.spoken()[0].startswith("We gaan verder waar we waren. Kies een nummer.")


def test_a_crash_during_the_session_resumes_the_session(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    for _ in GROUP:
        room.say(Answer.YES)
    room.say(Answer.YES)
    room.say(Answer.HOUR)
    room.say(Answer.YES)  # Anna brings the case
    assert room.device.session is not None
    room.device.handle(Command.NEXT_STEP, InputSource.VOICE)
    room.device.checkpoint()
    saved = load_state(room.store.path)
    assert saved is not None and saved.current.index == 1 and saved.casusinbrenger == "Anna"
    again = Room(tmp_path, restore=saved)
    assert again.device.session is not None and again.device.session.step_index == 1


def test_a_finished_session_returns_to_waiting(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    for _ in GROUP:
        room.say(Answer.YES)
    room.say(Answer.YES)
    room.say(Answer.HOUR)
    room.say(Answer.YES)
    session = room.device.session
    assert session is not None
    room.device.handle(Command.STOP, InputSource.VOICE)
    room.device.handle(Command.CONFIRM, InputSource.VOICE)
    room.device.tick()
    assert any(isinstance(e, SessionEnded) for e in room.events)
    assert room.device.state == "waiting" and room.question.key == "wake"
    says = [e for e in room.events if isinstance(e, Say)]
    assert says[-1].generation > max(s.generation for s in says[:-1])  # never dropped as stale


def test_the_form_without_names_asks_how_many() -> None:
    ctx = context(members=())
    step = next_step(ctx, [])
    assert not isinstance(step, Done) and getattr(step, "key", "") == "count"
    done = next_step(
        ctx,
        [
            ("count", "choice_3"),
            ("method", "yes"),
            ("duration", "minutes_60"),
            ("case:Deelnemer 1", "yes"),
        ],
    )
    assert done == Done(
        ("Deelnemer 1", "Deelnemer 2", "Deelnemer 3"), "5-stappen", 60.0, "Deelnemer 1"
    )


@pytest.mark.parametrize("method_id", ["incidentmethode", "balint", "socratische-dialoog"])
def test_choosing_methods_have_a_choosing_step(method_id: str) -> None:
    assert sum(step.chooses_case for step in find_method(method_id).steps) == 1


def test_setup_record_round_trips(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "sessie.json")
    store.save(SetupRecord((("present:Anna", "yes"),), "present:Bram", "Dinsdag"))
    assert load_setup(store.path) == SetupRecord(
        (("present:Anna", "yes"),), "present:Bram", "Dinsdag"
    )


def test_someone_joins_starts_a_roll_call_of_the_absent(tmp_path: Path) -> None:
    room = Room(tmp_path)
    room.say(Answer.BEGIN)
    for name in GROUP:
        room.say(Answer.NO if name in ("Dewi", "Eva") else Answer.YES)
    room.say(Answer.YES)
    room.say(Answer.HOUR)
    room.say(Answer.YES)  # Anna brings the case
    session = room.device.session
    assert session is not None and session.people.absent == ("Dewi", "Eva")
    assert room.device.handle(Command.SOMEONE_JOINS, InputSource.VOICE)
    assert room.question.key == "joins:Dewi"
    room.say(Answer.NO)
    assert room.question.key == "joins:Eva"
    room.say(Answer.YES)
    assert session.people.present == ("Anna", "Bram", "Cem", "Eva")
    assert room.device.rounds.active is False
    changed = [e for e in room.events if isinstance(e, PeopleChanged)]
    assert [(e.kind, e.name, e.source) for e in changed] == [
        (PeopleChangeKind.JOIN, "Eva", InputSource.VOICE)
    ]
    # a key answers the round as it answers the set-up: nobody else came in
    room.device.handle(Command.SOMEONE_JOINS, InputSource.KEYBOARD)
    assert room.question.key == "joins:Dewi"
    room.device.handle(Command.CANCEL, InputSource.KEYBOARD)
    assert not room.device.rounds.active and session.people.absent == ("Dewi",)
    assert not any(
        isinstance(e, CommandAccepted) and e.command is Command.CANCEL for e in room.events
    )
