"""Changes of people in a running session: each change and each refusal, through the machine,
the spoken confirmation, the events, the snapshot, the state file and the controller."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.display.eventlog import EventLog
from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    Event,
    InputSource,
    PeopleChange,
    PeopleChanged,
    PeopleChangeKind,
    PeopleChangeRefused,
    Say,
    SayKind,
    Shutdown,
    Snapshot,
    StepEntered,
    TurnStarted,
)
from facilitator.methods.schema import Method, Role, RoundSpec, Step
from facilitator.phrases import Refusal, get_phrases
from facilitator.session import Controller, SessionSettings
from facilitator.session.people import MAX_PEOPLE
from facilitator.session.store import load_state
from tests.test_session_helpers import NAMES_4, Rig, method, rig, standard_method, step

K = PeopleChangeKind
P = get_phrases("nl")
MEMBERS = (*NAMES_4, "Eva")


def choosing_method() -> Method:
    """Opening, choosing step, the case told, a question round, a closing round (37 min)."""
    return method(
        step("opening", 5, round=RoundSpec(include_casusinbrenger=True)),
        Step(
            id="kiezen",
            title="Kiezen",
            minutes=5,
            role=Role.IEDEREEN,
            prompt="Kies samen de casus.",
            chooses_case=True,
        ),
        step("vertellen", 10, role=Role.CASUSINBRENGER, prompt="{inbrenger}, vertel."),
        step("vragenronde", 12, role=Role.DEELNEMERS, round=RoundSpec()),
        step("afsluiting", 5, round=RoundSpec(include_casusinbrenger=True)),
    )


def session(
    *, available_min: float | None = None, store_path: Path | None = None, **kwargs: object
) -> Rig:
    return rig(
        choosing_method(),
        casusinbrenger="",
        settings=SessionSettings(members=MEMBERS, available_min=available_min),
        store_path=store_path,
        **kwargs,
    )


def change(r: Rig, kind: PeopleChangeKind, name: str = "") -> list[Event]:
    mark = len(r.events)
    r.session.change(PeopleChange(kind, name, InputSource.SYSTEM))
    return r.events[mark:]


def said(events: list[Event], kind: SayKind | None = None) -> list[str]:
    return [e.text for e in events if isinstance(e, Say) and (kind is None or e.kind is kind)]


def refused_with(
    events: list[Event], reason: Refusal, name: str = "", r: Rig | None = None
) -> None:
    present = r.session.people.present if r is not None else ()
    text = P.refusal(reason, name, present)
    refusals = [e for e in events if isinstance(e, PeopleChangeRefused | CommandRefused)]
    assert [e.reason for e in refusals] == [text]
    assert said(events) == [text]
    assert not any(isinstance(e, PeopleChanged | Snapshot) for e in events)  # nothing changed


def to_question_round(r: Rig, presenter: str = "Bram") -> None:
    r.do(Command.NEXT_STEP)
    change(r, K.PRESENTER, presenter)
    r.do(Command.NEXT_STEP)
    r.do(Command.NEXT_STEP)
    assert r.session.step_index == 3


# --------------------------------------------------------------------------- joining


def test_a_latecomer_joins_the_round_in_progress_at_its_end_and_every_round_to_come() -> None:
    r = session()
    to_question_round(r)
    assert r.session.time and r.session.time.round
    assert r.session.time.round.speakers == ("Anna", "Carla", "Daan")
    r.do(Command.NEXT_SPEAKER)  # Carla's turn
    new = change(r, K.JOIN, "eva")
    assert said(new, SayKind.ACK) == ["Eva doet mee."]
    changed = [e for e in new if isinstance(e, PeopleChanged)]
    assert changed == [
        PeopleChanged(K.JOIN, "Eva", InputSource.SYSTEM, (*NAMES_4, "Eva"), "Bram", 1)
    ]
    assert r.session.time.round.speakers == ("Anna", "Carla", "Daan", "Eva")
    snap = r.last_status()
    assert snap.participants == (*NAMES_4, "Eva") and snap.absent == ()
    assert snap.turn is not None and snap.turn.name == "Carla" and snap.turn.count == 4
    r.do(Command.NEXT_SPEAKER)
    r.do(Command.NEXT_SPEAKER)
    assert r.turns()[-1].name == "Eva"
    r.do(Command.NEXT_STEP)  # the closing round: everyone, Eva too
    assert r.session.time.round.speakers == (*NAMES_4, "Eva")


def test_a_latecomer_does_not_reopen_a_round_that_is_over() -> None:
    r = session()
    to_question_round(r)
    for _ in range(3):
        r.do(Command.NEXT_SPEAKER)
    change(r, K.JOIN, "Eva")
    assert r.session.time and r.session.time.round and r.session.time.round.complete
    assert r.last_status().round_complete


def test_joining_refusals() -> None:
    r = session()
    refused_with(change(r, K.JOIN, "anna"), Refusal.ALREADY_PRESENT, "Anna", r)
    refused_with(change(r, K.JOIN, " "), Refusal.NAME_INVALID, "", r)
    refused_with(change(r, K.JOIN, "Eva, Fenna"), Refusal.NAME_INVALID, "", r)
    assert r.session.people.present == NAMES_4


def test_no_more_people_than_the_state_file_keeps(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = session(store_path=path)
    for n in range(MAX_PEOPLE - len(MEMBERS)):  # everyone known, the absent Eva too
        change(r, K.JOIN, f"Gast {n}")
        change(r, K.LEAVE, f"Gast {n}")
    refused_with(change(r, K.JOIN, "Nog een gast"), Refusal.TOO_MANY, "Nog een gast", r)
    assert said(change(r, K.JOIN, "Eva")) == ["Eva doet mee."]  # known: there is room
    saved = load_state(path)
    assert saved is not None and len(saved.members) == MAX_PEOPLE


def test_someone_joins_asks_after_the_absent_and_says_so() -> None:
    r = rig(
        choosing_method(),
        casusinbrenger="",
        settings=SessionSettings(members=MEMBERS, roll_call=True),  # the device goes round
    )
    assert r.last_status().absent == ("Eva",)
    new = r.do(Command.SOMEONE_JOINS)
    assert isinstance(new[0], CommandAccepted) and said(new) == ["Ik loop even de namen na."]
    change(r, K.JOIN, "Eva")
    assert not r.session.may(Command.SOMEONE_JOINS)
    new = r.do(Command.SOMEONE_JOINS)
    assert [e.reason for e in new if isinstance(e, CommandRefused)] == [
        "Iedereen van de groep is er al."
    ]


def test_without_a_roll_call_someone_joins_says_how_to_add_them() -> None:
    """``facilitator start`` does not go round the names: "er is iemand bij" is refused with
    what to do instead (a name by key or on the room display), and the change by name works."""
    r = session()
    new = r.do(Command.SOMEONE_JOINS)
    assert [e.reason for e in new if isinstance(e, CommandRefused)] == [
        "Hier loop ik de namen niet na. Voeg iemand toe met het toetsenbord of het kamerscherm."
    ]
    assert said(change(r, K.JOIN, "Eva")) == ["Eva doet mee."]


# --------------------------------------------------------------------------- leaving


def test_when_the_speaker_leaves_the_turn_passes_on() -> None:
    r = session()
    to_question_round(r)
    r.do(Command.NEXT_SPEAKER)  # Carla
    generation = r.session.generation
    new = change(r, K.LEAVE, "Carla")
    assert said(new)[0] == "Carla doet niet meer mee."
    assert [e.name for e in new if isinstance(e, TurnStarted)] == ["Daan"]
    assert any("Daan" in text for text in said(new, SayKind.TURN))
    assert r.session.generation == generation + 1  # lines for Carla's turn are stale
    assert r.session.time and r.session.time.round
    assert r.session.time.round.speakers == ("Anna", "Daan")
    assert r.last_status().absent == ("Carla", "Eva")


def test_someone_leaving_loses_the_turns_to_come() -> None:
    r = session()
    to_question_round(r)
    new = change(r, K.LEAVE, "daan")
    assert not any(isinstance(e, TurnStarted) for e in new)  # Anna keeps the floor
    assert r.session.time and r.session.time.round
    assert r.session.time.round.speakers == ("Anna", "Carla")


def test_a_round_brought_back_by_previous_step_follows_who_is_here() -> None:
    r = session()
    r.do(Command.NEXT_STEP)  # the opening round (everyone) is kept for "vorige stap"
    change(r, K.LEAVE, "Anna")  # whose turn it was there
    change(r, K.JOIN, "Eva")
    r.do(Command.PREVIOUS_STEP)
    assert r.session.time and r.session.time.round
    assert r.session.time.round.speakers == ("Bram", "Carla", "Daan", "Eva")
    assert r.turns()[-1].name == "Bram"  # the turn passed on, said once with the step


def test_leaving_refusals() -> None:
    r = session()
    refused_with(change(r, K.LEAVE, "Fenna"), Refusal.NOT_PRESENT, "Fenna", r)
    assert "Aanwezig zijn Anna, Bram, Carla en Daan." in P.refusal(
        Refusal.NOT_PRESENT, "Fenna", NAMES_4
    )
    change(r, K.LEAVE, "Daan")
    change(r, K.LEAVE, "Carla")
    refused_with(change(r, K.LEAVE, "Anna"), Refusal.TOO_FEW_LEFT, "Anna", r)


def test_the_casusinbrenger_cannot_leave_while_their_case_runs() -> None:
    r = session()
    to_question_round(r)
    refused_with(change(r, K.LEAVE, "Bram"), Refusal.PRESENTER_LEAVES, "Bram", r)
    text = P.refusal(Refusal.PRESENTER_LEAVES, "Bram")
    assert "nog een casus" in text and "sessie stoppen" in text  # what the group can do


def test_the_casusinbrenger_leaving_in_the_choosing_step_opens_the_choice_again() -> None:
    r = session()
    r.do(Command.NEXT_STEP)
    change(r, K.PRESENTER, "Bram")
    change(r, K.LEAVE, "Bram")
    assert r.last_status().casusinbrenger == ""
    new = r.do(Command.NEXT_STEP)
    assert [e.reason for e in new if isinstance(e, CommandRefused)] == [
        P.refusal(Refusal.NO_PRESENTER)
    ]
    assert r.session.step_index == 1


# --------------------------------------------------------------------------- the casusinbrenger


def test_the_casusinbrenger_is_chosen_in_the_choosing_step() -> None:
    r = session()
    assert r.says(SayKind.PROMPT)[0].startswith("Welkom") and "casus in" not in r.says()[0]
    refused_with(change(r, K.PRESENTER, "Bram"), Refusal.NOT_CHOOSING, "Bram", r)
    assert not r.last_status().choosing
    r.do(Command.NEXT_STEP)
    assert r.last_status().choosing  # the set-up dialogue and the screens ask here
    refused_with(r.do(Command.NEXT_STEP), Refusal.NO_PRESENTER)
    refused_with(change(r, K.PRESENTER, "Fenna"), Refusal.NOT_PRESENT, "Fenna", r)
    new = change(r, K.PRESENTER, "bram")
    assert said(new) == ["Bram brengt de casus in."]
    assert r.last_status().casusinbrenger == "Bram"
    refused_with(change(r, K.PRESENTER, "Bram"), Refusal.ALREADY_PRESENTER, "Bram", r)
    assert said(change(r, K.PRESENTER, "Carla")) == ["Carla brengt de casus in."]  # changed
    r.do(Command.NEXT_STEP)
    assert "Carla, vertel." in r.says(SayKind.PROMPT)[-1]


def test_the_welcome_names_no_casusinbrenger_before_the_group_chose() -> None:
    given = rig(choosing_method(), casusinbrenger="Anna")  # given beforehand, all the same
    assert "brengt de casus in" not in given.says(SayKind.PROMPT)[0]
    fixed = rig(standard_method(), casusinbrenger="Anna")  # no choosing step: it is said
    assert "Anna brengt de casus in." in fixed.says(SayKind.PROMPT)[0]


def test_a_method_without_a_choosing_step_says_so() -> None:
    r = rig(standard_method())
    refused_with(change(r, K.PRESENTER, "Bram"), Refusal.NO_CHOOSING_STEP, "Bram", r)


# --------------------------------------------------------------------------- another case


def test_another_case_needs_time_in_the_plan() -> None:
    r = session()
    to_question_round(r)
    r.advance(10 * 60)  # on plan: the case part again cannot fit
    refused_with(r.do(Command.ANOTHER_CASE), Refusal.NO_TIME)
    assert P.refusal(Refusal.NO_TIME) == "Daar is geen tijd meer voor."
    assert r.last_status().case_number == 1


def test_time_saved_or_given_makes_room_for_another_case() -> None:
    ahead = session()
    to_question_round(ahead)  # five minutes ahead of plan: the case part takes 32 of 37
    assert ahead.session.may(Command.ANOTHER_CASE)
    given = session(available_min=120)
    to_question_round(given)
    given.advance(20 * 60)
    assert given.session.may(Command.ANOTHER_CASE)


def test_another_case_starts_the_case_part_again_from_the_choosing_step() -> None:
    r = session(available_min=120)
    to_question_round(r)
    new = r.do(Command.ANOTHER_CASE)
    assert isinstance(new[0], CommandAccepted) and new[0].command is Command.ANOTHER_CASE
    assert said(new)[0] == "Tweede casus."
    assert [e.index for e in new if isinstance(e, StepEntered)] == [1]
    snap = r.last_status()
    assert (snap.case_number, snap.casusinbrenger, snap.step_index) == (2, "", 1)
    assert next(e for e in new if isinstance(e, PeopleChanged)).case_number == 2
    change(r, K.PRESENTER, "Daan")
    r.do(Command.NEXT_STEP)
    assert "Daan, vertel." in r.says(SayKind.PROMPT)[-1]
    assert r.session.people.earlier == ("Bram",)
    back = r.do(Command.PREVIOUS_STEP)  # back into this case, not into the last one
    assert r.session.step_index == 1 and isinstance(back[0], CommandAccepted)


def test_another_case_with_a_name() -> None:
    r = session(available_min=120)
    to_question_round(r)
    refused_with(change(r, K.ANOTHER_CASE, "Bram"), Refusal.SAME_PRESENTER, "Bram", r)
    refused_with(change(r, K.ANOTHER_CASE, "Fenna"), Refusal.NOT_PRESENT, "Fenna", r)
    new = change(r, K.ANOTHER_CASE, "carla")
    assert said(new)[0] == "Tweede casus. Carla brengt hem in."
    assert r.last_status().casusinbrenger == "Carla"


def test_another_case_refusals() -> None:
    r = session(available_min=120)
    refused_with(r.do(Command.ANOTHER_CASE), Refusal.CASE_NOT_BEGUN)
    no_choice = rig(standard_method(), settings=SessionSettings(available_min=600))
    no_choice.do(Command.NEXT_STEP)
    refused_with(no_choice.do(Command.ANOTHER_CASE), Refusal.NAME_NEEDED)
    assert "Tweede casus. Bram brengt hem in." in said(change(no_choice, K.ANOTHER_CASE, "Bram"))
    r.do(Command.NEXT_STEP)
    change(r, K.PRESENTER, "Bram")
    r.do(Command.NEXT_STEP)
    r.do(Command.PAUSE)
    refused_with(r.do(Command.ANOTHER_CASE), Refusal.PAUSED)
    look_back = rig(method(step("terugblik", 10), step("vooruitblik", 10)), casusinbrenger="")
    look_back.do(Command.NEXT_STEP)
    refused_with(look_back.do(Command.ANOTHER_CASE), Refusal.NO_CASE)


# --------------------------------------------------------------------------- nothing lost


def test_resume_restores_people_casusinbrenger_and_case_number(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = session(available_min=120, store_path=path)
    to_question_round(r)
    change(r, K.JOIN, "Eva")
    r.do(Command.ANOTHER_CASE)
    change(r, K.PRESENTER, "Daan")
    r.do(Command.NEXT_STEP)
    r.do(Command.NEXT_STEP)  # the question round of the second case
    r.do(Command.NEXT_SPEAKER)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 3 and data["case_number"] == 2
    assert data["earlier_casusinbrengers"] == ["Bram"] and data["casusinbrenger"] == "Daan"
    saved = load_state(path)
    assert saved is not None
    resumed = rig(
        choosing_method(),
        saved.participants,
        saved.casusinbrenger,
        settings=SessionSettings(),
        restore=saved,
    )
    before, after = r.last_status(), resumed.last_status()
    assert after.participants == before.participants == (*NAMES_4, "Eva")
    assert (after.casusinbrenger, after.case_number) == ("Daan", 2)
    assert after.turn is not None and before.turn is not None
    assert after.turn.name == before.turn.name and after.turn.count == before.turn.count
    assert resumed.session.people.earlier == ("Bram",)
    assert resumed.session.people.members == MEMBERS


def test_a_version_2_state_file_still_resumes_as_the_first_case(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = rig(standard_method(), store_path=path)
    r.do(Command.NEXT_STEP)
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("case_number", "members", "earlier_casusinbrengers", "deadline"):
        del data[key]
    data["version"] = 2
    path.write_text(json.dumps(data), encoding="utf-8")
    saved = load_state(path)
    assert saved is not None and saved.case_number == 1 and saved.members == ()
    resumed = rig(standard_method(), saved.participants, saved.casusinbrenger, restore=saved)
    assert resumed.last_status().case_number == 1
    assert resumed.session.people.members == NAMES_4


def test_the_event_log_shows_each_change(tmp_path: Path) -> None:
    r = session()
    log = EventLog(tmp_path / "log.jsonl", r.clock.now)
    r.session.add_listener(log)
    change(r, K.JOIN, "Eva")
    change(r, K.JOIN, "Eva")
    log.close()
    lines = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    people = [line for line in lines if line["type"].startswith("people")]
    assert [(x["type"], x["kind"], x["name"]) for x in people] == [
        ("people_changed", "join", "Eva"),
        ("people_change_refused", "join", "Eva"),
    ]
    assert people[0]["participants"] == [*NAMES_4, "Eva"]


def test_the_controller_dispatches_changes_of_people() -> None:
    events: list[Event] = []
    r = session()
    controller = Controller(r.session, r.clock)
    r.session.add_listener(events.append)
    thread = threading.Thread(target=controller.run, daemon=True)
    thread.start()
    controller.post(PeopleChange(K.JOIN, "Eva", InputSource.VOICE))
    controller.post(Shutdown("test"))
    thread.join(10.0)
    assert not thread.is_alive()
    assert [e.source for e in events if isinstance(e, PeopleChanged)] == [InputSource.VOICE]


# --------------------------------------------------------------------------- may predicts

NAMES_POOL = (*MEMBERS, "Fenna", "")
ACTIONS = st.one_of(
    st.sampled_from(list(Command)),
    st.builds(PeopleChange, st.sampled_from(list(K)), st.sampled_from(NAMES_POOL)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ACTIONS, max_size=30), st.lists(st.floats(0, 600), max_size=30))
def test_may_i_is_what_the_session_then_does_with_people_too(
    actions: list[Command | PeopleChange], waits: list[float]
) -> None:
    r = session(available_min=90)
    for i, action in enumerate(actions):
        if i < len(waits):
            r.advance(waits[i])
        if r.session.finished:
            break
        if isinstance(action, PeopleChange):
            may = r.session.can(action)
            assert r.session.change(action) is may, (action, r.session.state)
        else:
            snapshot = r.last_status()
            may = r.session.may(action)
            assert (action in snapshot.allowed) is may
            new = r.do(action)
            assert isinstance(new[0], CommandAccepted) is may, (action, r.session.state)
        people = r.session.people
        assert len(people.present) >= 2 and len(set(people.present)) == len(people.present)
        assert people.presenter in (*people.present, "")
        rnd = r.session.time.round if r.session.time else None
        if rnd is not None and not rnd.complete:  # nobody speaks who is not here
            assert all(name in people.present for name in rnd.speakers[rnd.index :])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_confirmation_is_one_short_sentence(language: str) -> None:
    p = get_phrases(language)
    for text in (
        p.ack_join("Cem"),
        p.ack_leave("Cem"),
        p.ack_presenter("Bram"),
        p.ack_someone_joins(),
    ):
        assert text.count(".") == 1 and len(text.split()) <= 6, text
    assert p.ack_another_case(2, "Ditte") in (
        "Tweede casus. Ditte brengt hem in.",
        "Second case. Ditte brings it.",
    )


# --------------------------------------------------------------------------- the views


def test_every_view_shows_who_is_here_and_whose_case_it_is() -> None:
    from facilitator.display import state as live
    from facilitator.display.format import event_text
    from facilitator.roomscreen import view as room
    from facilitator.roomscreen.texts import texts_for

    r = session(available_min=120)
    to_question_round(r)
    new = change(r, K.JOIN, "Eva")
    r.do(Command.ANOTHER_CASE)
    change(r, K.PRESENTER, "Daan")
    screen, page = live.LiveState(), room.RoomState()
    for event in r.events:
        screen = live.apply(screen, event)
        page = room.apply(page, event, texts_for("nl"))
    now = r.clock.now()
    everyone = "Anna, Bram, Carla, Daan, Eva"
    assert live.view(screen, now).people == f"Aanwezig: {everyone} — casus 2: Daan"
    shown = room.payload(page, now, 1.0, texts_for("nl"))["session"]["people"]
    assert shown == f"Aanwezig: {everyone} · Casus 2: Daan"
    plain = [event_text(e) for e in new if isinstance(e, PeopleChanged)]
    assert plain == [f"Aanwezig: {everyone} — casus: Bram"]
    first = session()
    assert (
        "casus: nog te kiezen — afwezig: Eva"
        in live.view(live.apply(live.LiveState(), first.last_status()), first.clock.now()).people
    )
    first.do(Command.NEXT_STEP)  # the choosing step: the screen says how to choose
    choosing = live.apply(live.LiveState(), first.last_status())
    assert live.view(choosing, first.clock.now()).people.endswith(live.CHOOSE_HINT)
