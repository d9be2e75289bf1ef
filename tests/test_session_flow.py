"""Session behaviour over time on a fake clock: steps, undo, meer tijd, pause, warnings,
reminders, soft steps, rounds."""

from __future__ import annotations

import pytest

from facilitator.events import (
    Command,
    Say,
    SayKind,
    Scope,
    SessionEnded,
    StepEntered,
    TimeUp,
    TimeWarning,
    TurnStarted,
)
from facilitator.methods.schema import Role, RoundSpec, Timing
from facilitator.session import SessionSettings
from tests.test_session_helpers import (
    NAMES_4,
    NAMES_8,
    cycle_method,
    method,
    rig,
    step,
    time_ups,
    warnings,
)

C = Command


def test_full_run_enters_every_step_in_order_and_closes() -> None:
    r = rig()
    for _ in range(5):
        r.advance(60.0)
        r.do(C.NEXT_STEP)
    assert r.entered() == [0, 1, 2, 3, 4]
    assert r.session.finished
    assert isinstance(r.events[-1], SessionEnded) and r.events[-1].completed
    closing = r.says(SayKind.CLOSING)
    assert closing == ["Dat was de laatste stap. Dank jullie wel voor jullie inzet en openheid."]
    assert r.session.next_due() is None


def test_opening_rules_placeholders_and_generations() -> None:
    r = rig()
    says = [e for e in r.events if isinstance(e, Say)]
    assert says[1] == Say("We spreken vanuit eigen ervaring.", SayKind.RULE, 1)
    assert says[2].text == (
        "Stap één van vijf: Inleiding. Anna, vertel je casus. Deze stap duurt vijf minuten."
    )
    assert {s.generation for s in says} == {1}  # the opening is not stale when step 1 starts
    r.do(C.NEXT_STEP)
    assert r.says(SayKind.RULE) == ["We spreken vanuit eigen ervaring."]  # no rule after a prompt
    r.do(C.RULE)
    assert r.says(SayKind.ACK)[-1] == "De regel bij deze stap: in stilte."
    assert r.session.generation == 2
    r.do(C.REPEAT)
    repeat = [e for e in r.events if isinstance(e, Say)][-2:]  # the prompt, not the rule
    assert repeat[0] == Say("Ik herhaal.", SayKind.ACK, 2, replaces=True)
    assert repeat[1].text.startswith("Stap twee van vijf: Schrijven.")


def test_generation_moves_with_every_step_and_turn_change_only() -> None:
    r = rig()
    r.do(C.NEXT_STEP)
    r.do(C.NEXT_STEP)  # a round: Bram first
    start = r.session.generation
    r.do(C.MORE_TIME)
    r.do(C.TIME_LEFT)
    assert r.session.generation == start
    r.do(C.NEXT_SPEAKER)
    turn = [e for e in r.events if isinstance(e, Say) and e.kind is SayKind.TURN][-1]
    assert turn.generation == start + 1
    r.do(C.PREVIOUS_STEP)
    assert r.session.generation == start + 2


def test_cycle_meeting_fills_bijeenkomst_and_accent() -> None:
    r = rig(cycle_method(), meeting=2)
    assert "Dit is bijeenkomst twee: De IK-factor." in r.says(SayKind.PROMPT)
    assert "Bijeenkomst twee: de IK" in r.says(SayKind.PROMPT)[-1]


def test_warnings_fire_exactly_at_their_due_time() -> None:
    r = rig()
    start = r.clock.now()
    assert r.session.next_due() == pytest.approx(start + 180.0)  # 5 min step, 120 s warning
    assert r.advance(179.9) == []
    new = r.advance(0.1)
    assert warnings(new) == [TimeWarning(Scope.STEP, 120.0)]
    assert r.says(SayKind.WARNING)[-1] == "Nog twee minuten voor deze stap."
    assert r.session.next_due() == pytest.approx(start + 270.0)
    r.advance(90.0)
    assert warnings(r.events)[-1] == TimeWarning(Scope.STEP, 30.0)


def test_time_up_never_advances_and_reminders_follow() -> None:
    r = rig()
    new = r.advance(300.0)
    assert time_ups(new) == [TimeUp(Scope.STEP, 0.0)]
    assert "Zeg 'volgende stap' om verder te gaan, of 'meer tijd'" in r.says(SayKind.TIME_UP)[-1]
    new = r.advance(3 * 180.0)
    assert [t.overtime_s for t in time_ups(new)] == [180.0, 360.0, 540.0]  # the screen
    # said once at time-up and once a few minutes later, then silence: no scolding
    assert r.says(SayKind.TIME_UP)[-2:] == [
        "De tijd voor deze stap is om. Zeg 'volgende stap' om verder te gaan, of 'meer tijd' "
        "voor twee minuten extra.",
        "We zijn drie minuten over de tijd. Gaan jullie verder, of nemen jullie 'meer tijd'?",
    ]
    assert r.entered() == [0]
    assert r.last_status().remaining_s == pytest.approx(-540.0)


def test_reminder_interval_override() -> None:
    r = rig(settings=SessionSettings(reminder_min=1.0))
    new = r.advance(300.0 + 120.0)
    assert [t.overtime_s for t in time_ups(new)] == [0.0, 60.0, 120.0]


def test_more_time_moves_the_deadline_and_rearms_warnings() -> None:
    r = rig()
    r.advance(290.0)  # both warnings fired
    assert len(warnings(r.events)) == 2
    new = r.do(C.MORE_TIME)
    # 14:00 start, 45 min planned: now ends 14:47, 2 min later than planned.
    ack = next(e.text for e in new if isinstance(e, Say))
    assert ack == (
        "Twee minuten extra. De sessie loopt nu tot ongeveer kwart voor drie, "
        "twee minuten later dan gepland."
    )
    assert r.last_status().remaining_s == pytest.approx(130.0)
    new = r.advance(130.0)
    assert warnings(new) == [TimeWarning(Scope.STEP, 120.0), TimeWarning(Scope.STEP, 30.0)]
    assert time_ups(new) == [TimeUp(Scope.STEP, 0.0)]


def test_planned_end_follows_more_time_and_pause() -> None:
    r = rig()
    start = r.clock.now()
    assert r.last_status().planned_end_s == pytest.approx(start + 45 * 60)
    r.do(C.MORE_TIME)
    assert r.last_status().planned_end_s == pytest.approx(start + 47 * 60)
    r.do(C.PAUSE)
    r.advance(600.0)
    r.do(C.TIME_LEFT)
    assert r.last_status().planned_end_s == pytest.approx(start + 57 * 60)


def test_pause_stops_the_clock_and_the_warnings() -> None:
    r = rig()
    r.advance(100.0)
    r.do(C.PAUSE)
    assert r.session.next_due() is None
    assert r.advance(3600.0) == []
    r.do(C.RESUME)
    assert r.last_status().remaining_s == pytest.approx(200.0)
    new = r.advance(80.0)
    assert warnings(new) == [TimeWarning(Scope.STEP, 120.0)]


def test_previous_step_restores_time_exactly() -> None:
    r = rig()
    r.advance(123.25)
    r.do(C.MORE_TIME)
    left = r.last_status().remaining_s
    r.do(C.NEXT_STEP)
    r.advance(77.0)
    r.do(C.PREVIOUS_STEP)
    assert r.session.step is not None and r.session.step.index == 0
    assert r.last_status().remaining_s == left  # exactly, not approximately
    entered = [e for e in r.events if isinstance(e, StepEntered)][-1]
    assert (entered.index, entered.allotted_s) == (0, 420.0)
    assert r.says()[-1] == "Nog vijf minuten voor deze stap."  # 296.75 s left
    new = r.advance(left - 30.0)
    assert warnings(new) == [TimeWarning(Scope.STEP, 120.0), TimeWarning(Scope.STEP, 30.0)]


def test_previous_step_restores_round_position_exactly() -> None:
    r = rig()
    r.do(C.NEXT_STEP)
    r.do(C.NEXT_STEP)  # vragenronde: Bram, Carla, Daan share 12 minutes
    r.advance(200.0)
    r.do(C.NEXT_SPEAKER)  # Carla
    r.advance(50.0)
    before = r.session.snapshot()
    r.do(C.NEXT_STEP)
    r.advance(33.0)
    r.do(C.PREVIOUS_STEP)
    after = r.last_status()
    assert after.turn is not None and before.turn is not None
    assert (after.turn.name, after.turn.index, after.turn.count) == ("Carla", 1, 3)
    assert after.remaining_s == before.remaining_s
    assert after.turn.remaining_s == before.turn.remaining_s
    assert r.turns()[-1] == TurnStarted("Carla", 1, 3, 260.0)
    assert "Carla, jij bent aan de beurt." in r.says(SayKind.TURN)[-1]


def test_undo_twice_and_redo() -> None:
    r = rig()
    r.advance(10.0)
    r.do(C.NEXT_STEP)
    r.advance(20.0)
    r.do(C.NEXT_STEP)
    r.do(C.PREVIOUS_STEP)
    r.do(C.PREVIOUS_STEP)
    assert r.last_status().remaining_s == 290.0
    assert r.do(C.PREVIOUS_STEP)[0].type == "command_refused"
    r.do(C.NEXT_STEP)
    assert r.last_status().remaining_s == 180.0  # a step entered anew starts afresh


def test_soft_steps_check_in_and_never_time_up() -> None:
    r = rig()
    for _ in range(3):
        r.do(C.NEXT_STEP)  # gesprek: soft, 20 minutes
    new = r.advance(3 * 3600.0)
    assert time_ups(new) == [] and warnings(new) == []
    checkins = [e.text for e in new if isinstance(e, Say) and e.kind is SayKind.INFO]
    assert len(checkins) == 18  # every 10 minutes for 3 hours
    assert checkins[1].startswith("Jullie zijn nu twintig minuten met deze stap bezig.")
    r.do(C.TIME_LEFT)
    assert r.says(SayKind.ACK)[-1] == "Jullie zijn drie uur met deze stap bezig."
    assert r.last_status().soft


def _round_method(include: bool, minutes: float) -> object:
    return method(
        step(
            "ronde",
            minutes,
            role=Role.DEELNEMERS,
            round=RoundSpec(include_casusinbrenger=include),
        ),
        step("slot", 5),
    )


@pytest.mark.parametrize(
    ("names", "include", "speakers"),
    [
        (NAMES_4, False, ["Bram", "Carla", "Daan"]),
        (NAMES_4, True, list(NAMES_4)),
        (NAMES_8, False, list(NAMES_8[1:])),
        (NAMES_8, True, list(NAMES_8)),
    ],
)
def test_rounds_call_everyone_by_name_with_an_equal_share(
    names: tuple[str, ...], include: bool, speakers: list[str]
) -> None:
    minutes = 2.0 * len(speakers)
    r = rig(_round_method(include, minutes), names, "Anna")  # type: ignore[arg-type]
    for _ in speakers[1:]:
        r.advance(120.0)
        r.do(C.NEXT_SPEAKER)
    turns = r.turns()
    assert [t.name for t in turns] == speakers
    assert all(t.allotted_s == pytest.approx(120.0) for t in turns)
    assert all(t.count == len(speakers) for t in turns)
    calls = r.says(SayKind.TURN)
    assert calls[0] == f"{speakers[0]}, jij begint. Ieder heeft ongeveer twee minuten."
    assert calls[1] == f"{speakers[1]}, jij bent aan de beurt."  # the share is said once
    turn_warnings = [w for w in warnings(r.events) if w.scope is Scope.TURN]
    assert [w.name for w in turn_warnings] == speakers[:-1]
    assert all(w.seconds_left == 30.0 for w in turn_warnings)
    r.do(C.NEXT_SPEAKER)
    assert r.says(SayKind.TURN)[-1].startswith("Iedereen is aan de beurt geweest")
    assert r.do(C.NEXT_SPEAKER)[0].type == "command_refused"


def test_turn_share_shrinks_after_an_overrun_and_grows_with_more_time() -> None:
    r = rig(_round_method(False, 9.0), NAMES_4, "Anna")  # type: ignore[arg-type]
    new = r.advance(200.0)  # Bram overruns his 180 s
    assert [(t.scope, t.name) for t in time_ups(new)] == [(Scope.TURN, "Bram")]
    r.do(C.NEXT_SPEAKER)
    assert r.turns()[-1] == TurnStarted("Carla", 1, 3, pytest.approx(170.0))  # type: ignore[arg-type]
    r.do(C.MORE_TIME)
    status = r.last_status()
    assert status.turn is not None and status.turn.remaining_s == pytest.approx(290.0)
    assert status.remaining_s == pytest.approx(460.0)


def test_help_uses_the_phrases_and_keys_it_is_given() -> None:
    r = rig(
        help_phrases={C.NEXT_STEP: ["volgende stap", "door"], C.MORE_TIME: ["meer tijd"]},
        help_keys={C.NEXT_STEP: "n", C.PAUSE: "p"},
    )
    new = r.do(C.HELP)
    texts = [e.text for e in new if isinstance(e, Say)]
    assert texts == [  # the phrases it was given; the keys are on the screen, never spoken
        "Zeg bijvoorbeeld: 'volgende stap', 'volgende spreker', 'meer tijd', 'hoeveel tijd' "
        "of 'herhaal'. "
        "Zeg 'meer hulp' voor de rest."
    ]


def test_english_session() -> None:
    r = rig(settings=SessionSettings(language="en"))
    assert r.says(SayKind.PROMPT)[0].startswith("Welcome")
    r.do(C.PREVIOUS_STEP)
    assert r.says(SayKind.REFUSAL)[-1] == "This is the first step; there is no previous step."


def test_a_failing_listener_does_not_stop_the_session() -> None:
    def broken(event: object) -> None:
        raise RuntimeError("display crashed")

    r = rig(start=False)
    r.session.add_listener(broken)
    r.session.start()
    r.do(C.NEXT_STEP)
    assert r.entered() == [0, 1]


def test_timing_soft_method_default() -> None:
    soft = method(step("a", 10), step("b", 10), timing=Timing.SOFT)
    r = rig(soft)
    assert time_ups(r.advance(3600.0)) == []
