"""Every command in every situation: accepted with a spoken ack, or refused with a reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    InputSource,
    Say,
    SayKind,
    SessionEnded,
    Snapshot,
)
from facilitator.phrases import Refusal, get_phrases
from tests.test_session_helpers import Rig, rig

C = Command
R = Refusal


def _not_started() -> Rig:
    return rig(start=False)


def _first() -> Rig:
    return rig()


def _second() -> Rig:
    r = rig()
    r.do(C.NEXT_STEP)
    return r


def _round() -> Rig:
    r = rig()
    r.do(C.NEXT_STEP)
    r.do(C.NEXT_STEP)
    return r


def _round_done() -> Rig:
    r = _round()
    for _ in range(3):
        r.do(C.NEXT_SPEAKER)
    return r


def _paused() -> Rig:
    r = rig()
    r.do(C.PAUSE)
    return r


def _stop_pending() -> Rig:
    r = rig()
    r.do(C.STOP)
    return r


def _finished() -> Rig:
    r = rig()
    r.do(C.STOP)
    r.do(C.CONFIRM)
    return r


SITUATIONS: dict[str, Callable[[], Rig]] = {
    "not_started": _not_started,
    "first": _first,
    "second": _second,
    "round": _round,
    "round_done": _round_done,
    "paused": _paused,
    "stop_pending": _stop_pending,
    "finished": _finished,
}

OK = None
# fmt: off
EXPECTED: dict[str, dict[Command, Refusal | None]] = {
    "first": {
        C.NEXT_STEP: OK, C.PREVIOUS_STEP: R.FIRST_STEP, C.MORE_TIME: OK, C.PAUSE: OK,
        C.RESUME: R.NOT_PAUSED, C.REPEAT: OK, C.TIME_LEFT: OK, C.NEXT_SPEAKER: R.NOT_A_ROUND,
        C.QUESTIONS: R.NO_QUESTIONS, C.HELP: OK, C.STOP: OK, C.CONFIRM: R.NO_STOP_PENDING,
        C.CANCEL: R.NO_STOP_PENDING, C.TOGGLE_PAUSE: OK,
    },
    "paused": {
        C.NEXT_STEP: R.PAUSED, C.PREVIOUS_STEP: R.PAUSED, C.MORE_TIME: R.PAUSED,
        C.PAUSE: R.ALREADY_PAUSED, C.RESUME: OK, C.REPEAT: OK, C.TIME_LEFT: OK,
        C.NEXT_SPEAKER: R.PAUSED, C.QUESTIONS: R.NO_QUESTIONS, C.HELP: OK, C.STOP: OK,
        C.CONFIRM: R.NO_STOP_PENDING, C.CANCEL: R.NO_STOP_PENDING, C.TOGGLE_PAUSE: OK,
    },
    "stop_pending": {
        C.NEXT_STEP: R.STOP_PENDING, C.PREVIOUS_STEP: R.STOP_PENDING, C.MORE_TIME: R.STOP_PENDING,
        C.PAUSE: R.STOP_PENDING, C.RESUME: R.STOP_PENDING, C.REPEAT: OK, C.TIME_LEFT: OK,
        C.NEXT_SPEAKER: R.STOP_PENDING, C.QUESTIONS: R.NO_QUESTIONS, C.HELP: OK,
        C.STOP: R.STOP_PENDING, C.CONFIRM: OK, C.CANCEL: OK, C.TOGGLE_PAUSE: R.STOP_PENDING,
    },
}
# fmt: on
for _table in EXPECTED.values():  # answers: fine at any moment of a running session
    _table.update({C.RULE: R.NO_RULE, C.MORE_HELP: OK, C.BRIEF: OK, C.FULL: OK})
    # nobody of a standing group is missing; the case part starts at the first step
    _table.update({C.SOMEONE_JOINS: R.NOBODY_ABSENT, C.ANOTHER_CASE: R.CASE_NOT_BEGUN})
EXPECTED["paused"][C.ANOTHER_CASE] = R.PAUSED
EXPECTED["stop_pending"][C.ANOTHER_CASE] = R.STOP_PENDING
EXPECTED["second"] = {**EXPECTED["first"], C.PREVIOUS_STEP: OK}
EXPECTED["second"][C.RULE] = OK  # "in stilte"
EXPECTED["second"][C.ANOTHER_CASE] = R.NAME_NEEDED  # no choosing step: a name is needed
EXPECTED["round"] = {**EXPECTED["second"], C.NEXT_SPEAKER: OK, C.QUESTIONS: OK}
EXPECTED["round_done"] = {**EXPECTED["round"], C.NEXT_SPEAKER: R.ROUND_COMPLETE}
EXPECTED["not_started"] = dict.fromkeys(Command, R.NOT_STARTED)
EXPECTED["finished"] = dict.fromkeys(Command, R.FINISHED)

CASES = [(s, c) for s in SITUATIONS for c in Command]


def test_the_table_covers_every_command_in_every_situation() -> None:
    assert set(EXPECTED) == set(SITUATIONS)
    for table in EXPECTED.values():
        assert set(table) == set(Command)


@pytest.mark.parametrize(("situation", "command"), CASES, ids=[f"{s}-{c}" for s, c in CASES])
def test_command(situation: str, command: Command) -> None:
    r = SITUATIONS[situation]()
    expected = EXPECTED[situation][command]
    before = r.session.step
    done = r.session.resolve(command)  # the toggle: pause or resume, as the clock says
    assert r.session.may(command) is (expected is None)  # the machine's answer, before
    new = r.do(command)
    if expected is None:
        assert isinstance(new[0], CommandAccepted)
        assert new[0].command is done
        acks = [e for e in new if isinstance(e, Say) and e.kind is SayKind.ACK]
        assert acks, "every accepted command is acknowledged aloud"
        assert any(isinstance(e, Snapshot | SessionEnded) for e in new)
        assert not any(isinstance(e, CommandRefused) for e in new)
    else:
        reason = get_phrases("nl").refusal(expected)
        assert new == [
            CommandRefused(done, InputSource.SYSTEM, reason),
            Say(reason, SayKind.REFUSAL, r.session.generation),
        ]
        assert r.session.step == before  # nothing moved


def test_machine_state_follows_the_steps() -> None:
    r = rig(start=False)
    assert r.session.state == "start"
    r.session.start()
    assert r.session.state == ["session_step_s1", "session_clock_running", "session_stop_idle"]
    r.do(C.NEXT_STEP)
    assert r.session.state[0] == "session_step_s2"
    r.do(C.TOGGLE_PAUSE)
    assert r.session.state[1] == "session_clock_paused"
    assert r.last_status().state == tuple(r.session.state)
    r.do(C.TOGGLE_PAUSE)
    r.do(C.PREVIOUS_STEP)
    assert r.session.state[0] == "session_step_s1"
    r.do(C.STOP)
    assert r.session.state[2] == "session_stop_asked"
    r.do(C.CONFIRM)
    assert r.session.state == "finished"
    assert r.session.finished
    assert [e for e in r.events if isinstance(e, SessionEnded)] == [SessionEnded(False)]


def test_stop_asks_and_cancel_withdraws() -> None:
    r = rig()
    new = r.do(C.STOP)
    assert r.says(SayKind.ACK, len(r.events) - len(new))[0].startswith("Weet je het zeker?")
    assert r.last_status().stop_pending
    r.do(C.CANCEL)
    assert not r.last_status().stop_pending
    assert not r.session.finished
    assert r.do(C.NEXT_STEP)[0] == CommandAccepted(C.NEXT_STEP, InputSource.SYSTEM)


def test_pending_stop_expires() -> None:
    r = rig()
    r.do(C.STOP)
    assert r.advance(14.0) == []
    new = r.advance(2.0)
    assert [e.text for e in new if isinstance(e, Say)] == [
        "Stoppen is niet bevestigd. We gaan door."
    ]
    assert not r.last_status().stop_pending
    assert r.do(C.CONFIRM)[0].type == "command_refused"


def test_start_twice_is_a_programming_error() -> None:
    r = rig()
    with pytest.raises(RuntimeError):
        r.session.start()
