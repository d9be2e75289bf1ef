"""Rounds that keep time back: turn shares, the prompt after the round, step warnings after
it, undo, repeat, resume and a rehearsal run (fake clock)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.events import (
    Command,
    CommandIssued,
    Event,
    InputSource,
    Say,
    SayKind,
    Scope,
    StepEntered,
    TimeUp,
    TimeWarning,
    TurnStarted,
)
from facilitator.methods.fitting import fit
from facilitator.methods.registry import builtin_methods
from facilitator.methods.schema import Method, Role, RoundSpec
from facilitator.phrases import TurnEnd, get_phrases
from facilitator.session import Session, StateError, load_state
from tests.test_session_helpers import NAMES_4, NAMES_8, Rig, method, rig, step, time_ups, warnings

C = Command
AFTER = "{inbrenger}, wat klopt er aan de associaties? Wie is er warm, wie is er koud?"
AFTER_SAID = "Anna, wat klopt er aan de associaties? Wie is er warm, wie is er koud?"
ROUND_DONE = "Iedereen is aan de beurt geweest."
NL = get_phrases("nl")
STEP_S = 900.0  # the round step: 15 minutes
RESERVE_S = 300.0  # of which 5 are kept back for after the round


def reserve_method(minutes: float = 15, reserve: float = 5) -> Method:
    return method(
        step("associeren", 10, role=Role.DEELNEMERS),
        step(
            "toelichting",
            minutes,
            role=Role.DEELNEMERS,
            rule="Eén voor één.",
            round=RoundSpec(reserve_minutes=reserve, after_prompt=AFTER),
        ),
        step("oplossingen", 10),
    )


def in_round(participants: tuple[str, ...] = NAMES_4, **kwargs: object) -> Rig:
    """A session standing at the start of the round step (Anna brings the case)."""
    r = rig(reserve_method(), participants, "Anna", **kwargs)  # type: ignore[arg-type]
    r.do(C.NEXT_STEP)
    return r


def after_prompts(events: list[Event]) -> list[Say]:
    return [e for e in events if isinstance(e, Say) and "wat klopt er" in e.text]


def finish_round(r: Rig, turn_s: float | None = None) -> None:
    """Let every speaker use ``turn_s`` (default: exactly their share), then "volgende
    spreker" after each, the last one included."""
    rnd = r.session.step.round if r.session.step else None
    assert rnd is not None
    for _ in range(rnd.index, len(rnd.speakers)):
        r.advance(r.turns()[-1].allotted_s if turn_s is None else turn_s)
        r.do(C.NEXT_SPEAKER)


# --------------------------------------------------------------------------- turn shares


@pytest.mark.parametrize(("names", "speakers"), [(NAMES_4, 3), (NAMES_8, 7)])
def test_turns_share_the_step_time_less_the_reserve(names: tuple[str, ...], speakers: int) -> None:
    r = in_round(names)
    share = (STEP_S - RESERVE_S) / speakers  # 200 s for 3 speakers, 85.7 s for 7
    for _ in range(speakers - 1):
        r.advance(share)
        r.do(C.NEXT_SPEAKER)
    turns = r.turns()
    assert [t.name for t in turns] == list(names[1:])
    assert [t.allotted_s for t in turns] == pytest.approx([share] * speakers)
    # The last turn ends before the step does, so it gets its own time-up: the cue for
    # "volgende spreker" (and for the rehearsal driver).
    new = r.advance(share)
    assert time_ups(new) == [TimeUp(Scope.TURN, 0.0, names[-1])]
    assert r.last_status().remaining_s == pytest.approx(RESERVE_S)
    assert after_prompts(r.events) == []


def test_an_overrun_shortens_the_later_turns_but_not_the_reserve() -> None:
    r = in_round()
    r.advance(400.0)  # Bram takes 400 of his 200 s
    r.do(C.NEXT_SPEAKER)
    assert r.turns()[-1] == TurnStarted("Carla", 1, 3, pytest.approx(100.0))  # type: ignore[arg-type]
    r.advance(300.0)  # Carla overruns into the reserve: nothing is left for Daan's turn
    r.do(C.NEXT_SPEAKER)
    assert r.turns()[-1] == TurnStarted("Daan", 2, 3, 0.0)
    assert r.says(SayKind.TURN)[-1] == "Daan, jij bent aan de beurt."
    r.do(C.NEXT_SPEAKER)
    said = after_prompts(r.events)[-1].text
    assert said == AFTER_SAID + " Nog drie en een halve minuut."  # 200 s


def test_more_time_goes_to_the_current_turn_and_the_reserve_stays() -> None:
    r = in_round()
    r.advance(150.0)
    r.do(C.MORE_TIME)  # +120 s for Bram and for the step
    status = r.last_status()
    assert status.turn is not None and status.turn.remaining_s == pytest.approx(170.0)
    r.advance(170.0)
    r.do(C.NEXT_SPEAKER)  # 1020 - 320 = 700 left, less 300 reserve, for two speakers
    assert r.turns()[-1].allotted_s == pytest.approx(200.0)


# --------------------------------------------------------------------------- after the round


def test_after_round_prompt_is_spoken_exactly_once_after_the_last_turn() -> None:
    r = in_round()
    for _ in range(2):
        r.advance(200.0)
        r.do(C.NEXT_SPEAKER)
    r.advance(200.0)
    assert after_prompts(r.events) == []  # not before the last speaker is done
    last_call = [e for e in r.events if isinstance(e, Say) and e.kind is SayKind.TURN][-1]
    new = r.do(C.NEXT_SPEAKER)
    said = [e for e in new if isinstance(e, Say)]
    assert [(s.kind, s.text) for s in said] == [
        (SayKind.ACK, NL.ack_next_speaker()),
        (SayKind.TURN, ROUND_DONE),  # not "zeg volgende stap": the step goes on
        (SayKind.PROMPT, AFTER_SAID + " Nog vijf minuten."),
    ]
    # A new generation (queued lines of the last turn are stale), shared with the ack.
    assert {s.generation for s in said} == {last_call.generation + 1}
    assert not any(isinstance(e, TurnStarted) for e in new)
    r.advance(STEP_S)  # to the end of the step and far over it
    assert r.do(C.NEXT_SPEAKER)[0].type == "command_refused"
    r.do(C.NEXT_STEP)
    assert len(after_prompts(r.events)) == 1


def test_step_warnings_and_time_up_follow_the_round() -> None:
    r = in_round()
    finish_round(r, 60.0)  # a quick round: done after 180 s, 720 s of the step left
    assert after_prompts(r.events)[-1].text.endswith("Nog twaalf minuten.")
    start = r.clock.now()
    new = r.advance(720.0)
    assert warnings(new) == [TimeWarning(Scope.STEP, 120.0), TimeWarning(Scope.STEP, 30.0)]
    assert time_ups(new) == [TimeUp(Scope.STEP, 0.0)]
    assert [w for w in warnings(new) if w.scope is Scope.TURN] == []
    assert r.session.next_due() == pytest.approx(start + 720.0 + 180.0)  # reminders go on
    assert r.entered() == [0, 1]  # the group decides when to move on


def test_repeat_after_the_round_says_the_after_prompt_not_the_round_prompt() -> None:
    r = in_round()
    finish_round(r)
    r.advance(60.0)
    new = r.do(C.REPEAT)
    said = [(e.kind, e.text) for e in new if isinstance(e, Say)]
    assert said == [
        (SayKind.ACK, NL.ack_repeat()),
        (SayKind.PROMPT, "Stap twee van drie: Toelichting."),
        (SayKind.PROMPT, AFTER_SAID + " Nog vier minuten."),
    ]


def test_a_round_without_after_prompt_still_keeps_its_reserve() -> None:
    m = reserve_method()
    spec = RoundSpec(reserve_minutes=5)
    m = method(m.steps[0], step("toelichting", 15, role=Role.DEELNEMERS, round=spec))
    r = rig(m)
    r.do(C.NEXT_STEP)
    assert r.turns()[-1].allotted_s == pytest.approx(200.0)
    finish_round(r)
    assert r.says(SayKind.TURN)[-1].startswith(ROUND_DONE + " Zeg 'volgende stap'")
    assert after_prompts(r.events) == []


# --------------------------------------------------------------------------- undo


def test_undo_back_into_the_time_after_the_round() -> None:
    r = in_round()
    finish_round(r)  # 600 s
    r.advance(60.0)
    before = r.session.snapshot()
    r.do(C.NEXT_STEP)
    r.advance(100.0)
    mark = len(r.events)
    r.do(C.PREVIOUS_STEP)
    after = r.last_status()
    assert after.remaining_s == before.remaining_s == pytest.approx(240.0)
    assert after.turn is None and after.round_complete
    said = r.says(since=mark)
    assert said == [
        NL.ack_previous_step(),
        "Stap twee van drie: Toelichting.",
        ROUND_DONE,
        AFTER_SAID + " Nog vier minuten.",
        "Nog vier minuten voor deze stap.",
    ]  # no rule reminder: "één voor één" was about the round
    new = r.advance(240.0)
    assert warnings(new) == [TimeWarning(Scope.STEP, 120.0), TimeWarning(Scope.STEP, 30.0)]
    assert time_ups(new) == [TimeUp(Scope.STEP, 0.0)]


def test_undo_before_the_round_starts_it_afresh() -> None:
    r = in_round()
    finish_round(r)
    r.do(C.PREVIOUS_STEP)  # back to "associeren"
    r.do(C.NEXT_STEP)  # the round step entered anew
    assert r.turns()[-1] == TurnStarted("Bram", 0, 3, pytest.approx(200.0))  # type: ignore[arg-type]
    assert len(after_prompts(r.events)) == 1  # not again until this round is complete
    finish_round(r)
    assert len(after_prompts(r.events)) == 2


# --------------------------------------------------------------------------- saving


def test_resume_mid_round_keeps_the_reserve(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = in_round(store_path=path)
    r.advance(100.0)
    r.do(C.NEXT_SPEAKER)  # Carla: (800 - 300) / 2 = 250 s
    r.advance(50.0)
    r.session.checkpoint()
    state = load_state(path)
    assert state is not None and state.current.round is not None
    assert state.current.round.reserve_s == RESERVE_S
    resumed = rig(
        state.apply_minutes(reserve_method()),
        state.participants,
        state.casusinbrenger,
        store_path=path,
        start=False,
        restore=state,
    )
    resumed.session.start()
    turn = resumed.last_status().turn
    assert turn is not None and turn.name == "Carla"
    assert turn.remaining_s == pytest.approx(200.0)
    resumed.advance(50.0)
    resumed.do(C.NEXT_SPEAKER)  # Daan: 900 - 200 - 300 = 400 s
    assert resumed.turns()[-1] == TurnStarted("Daan", 2, 3, pytest.approx(400.0))  # type: ignore[arg-type]


def test_resume_after_the_round_says_the_after_prompt_again(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = in_round(store_path=path)
    finish_round(r)
    r.advance(30.0)
    r.session.checkpoint()
    state = load_state(path)
    assert state is not None
    resumed = rig(
        state.apply_minutes(reserve_method()),
        state.participants,
        state.casusinbrenger,
        store_path=path,
        start=False,
        restore=state,
    )
    resumed.session.start()
    assert resumed.last_status().remaining_s == pytest.approx(270.0)
    assert [s.text for s in after_prompts(resumed.events)] == [
        AFTER_SAID + " Nog vier en een halve minuut."  # 270 s
    ]
    new = resumed.advance(270.0)
    assert time_ups(new) == [TimeUp(Scope.STEP, 0.0)]


def test_state_saved_before_reserves_existed_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = in_round(store_path=path)
    r.advance(10.0)
    r.session.checkpoint()
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["current"]["round"]["reserve_s"]  # as written by the previous version
    path.write_text(json.dumps(data), encoding="utf-8")
    state = load_state(path)
    assert state is not None and state.current.round is not None
    assert state.current.round.reserve_s == 0.0  # the round goes on as it was planned then
    data["current"]["round"]["reserve_s"] = -5
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StateError, match="reserve_s"):
        load_state(path)


def test_a_fitted_session_resumes_with_the_same_reserve(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    full = reserve_method()
    fitted = fit(full, 17.5)  # 35 -> 17.5 minutes: the round step 7.5, its reserve 2.5
    spec = fitted.steps[1].round
    assert fitted.steps[1].minutes == 7.5 and spec is not None and spec.reserve_minutes == 2.5
    r = rig(fitted, store_path=path)
    r.do(C.NEXT_STEP)
    assert r.turns()[-1].allotted_s == pytest.approx((450.0 - 150.0) / 3)
    state = load_state(path)
    assert state is not None
    assert state.apply_minutes(full) == fitted


# --------------------------------------------------------------------------- rehearsal


def rehearse(m: Method, participants: tuple[str, ...]) -> Rig:
    """Run ``m`` the way ``facilitator oefen`` does: "volgende spreker" at a turn's time-up,
    "volgende stap" at a step's time-up."""
    from facilitator.cli.rehearsal import Rehearsal  # here: the other tests need no CLI

    r = rig(m, participants, participants[0], start=False)
    posted: list[CommandIssued] = []
    r.session.add_listener(Rehearsal().attach(lambda e: posted.append(e))[0])  # type: ignore[arg-type]
    r.session.start()
    for _ in range(10_000):
        if r.session.finished:
            break
        due = r.session.next_due()
        assert due is not None
        r.clock.set(max(due, r.clock.now()))
        r.session.tick()
        while posted:
            issued = posted.pop(0)
            assert issued.source is InputSource.SYSTEM
            r.session.handle(issued.command, issued.source)
    assert r.session.finished
    return r


def test_rehearsal_completes_the_round_and_keeps_the_reserve() -> None:
    r = rehearse(reserve_method(), NAMES_4)
    assert r.entered() == [0, 1, 2]
    said = after_prompts(r.events)
    assert [s.text for s in said] == [AFTER_SAID + " Nog vijf minuten."]


def test_rehearsal_of_the_five_steps_method_asks_the_seed_question_after_the_round() -> None:
    five = next(m for m in builtin_methods() if m.id == "5-stappen")
    names = ("Anna", "Bram", "Carla", "Daan", "Eva", "Fenna")
    r = rehearse(five, names)
    question = "Anna, nu ben jij aan het woord. Wat klopt er aan associaties?"
    index = next(i for i, e in enumerate(r.events) if isinstance(e, Say) and question in e.text)
    said = r.events[index]
    assert isinstance(said, Say) and said.kind is SayKind.PROMPT
    assert said.text.endswith("Nog vijf minuten.")
    step_4 = [e for e in r.events if isinstance(e, TurnStarted) and e.count == 5]
    assert [t.name for t in step_4] == list(names[1:])
    assert all(t.allotted_s == pytest.approx(120.0) for t in step_4)  # 10 of 15 min / 5
    entered = [e for e in r.events if isinstance(e, StepEntered)]
    assert [e.index for e in entered] == list(range(len(five.steps)))


# --------------------------------------------------------------------------- time-up hints


def turn_time_up_lines(events: list[Event]) -> list[str]:
    return [e.text for e in events if isinstance(e, Say) and "je tijd is om" in e.text]


def test_the_last_speakers_time_up_says_volgende_spreker_closes_the_round() -> None:
    r = in_round()
    for turn in range(2):
        said = turn_time_up_lines(r.advance(200.0))
        hint = " Zeg 'volgende spreker' voor de volgende." if turn == 0 else ""  # taught once
        assert said == [f"{r.turns()[-1].name}, je tijd is om.{hint}"]
        r.do(C.NEXT_SPEAKER)
    said = turn_time_up_lines(r.advance(200.0))
    assert said == ["Daan, je tijd is om. Zeg 'volgende spreker' als je klaar bent."]
    new = r.do(C.NEXT_SPEAKER)  # ... and that is what it does: the round ends, the step goes on
    assert after_prompts(new) and r.entered() == [0, 1]


def test_a_reserve_without_after_prompt_also_closes_the_round() -> None:
    spec = RoundSpec(reserve_minutes=5)
    r = rig(method(step("a", 10), step("toelichting", 15, role=Role.DEELNEMERS, round=spec)))
    r.do(C.NEXT_STEP)
    for _ in range(2):
        r.advance(200.0)
        r.do(C.NEXT_SPEAKER)
    said = turn_time_up_lines(r.advance(200.0))
    assert said == ["Daan, je tijd is om. Zeg 'volgende spreker' als je klaar bent."]


def turn_end(session: Session) -> TurnEnd:
    assert session.time is not None
    return session.narrator.turn_end(session.current_step(), session.time)


def test_the_last_turn_without_anything_after_the_round_points_to_the_next_step() -> None:
    r = rig(method(step("a", 10), step("ronde", 6, round=RoundSpec())))
    r.do(C.NEXT_STEP)
    session = r.session
    assert session.step is not None and session.step.round is not None
    assert turn_end(session) is TurnEnd.NEXT_SPEAKER
    for _ in range(len(session.step.round.speakers) - 1):
        r.do(C.NEXT_SPEAKER)
    assert turn_end(session) is TurnEnd.NEXT_STEP
    line = NL.turn_time_up("Daan", TurnEnd.NEXT_STEP)
    assert line == (
        "Daan, je tijd is om. Iedereen is aan de beurt geweest. Zeg 'volgende stap' om verder "
        "te gaan."
    )
    assert "'volgende spreker'" not in line
    english = get_phrases("en").turn_time_up("Daan", TurnEnd.CLOSE_ROUND)
    assert english == "Daan, your time is up. Say 'next speaker' to close the round."
