"""What a session never takes is not offered: "er is iemand bij" (a roll call of the absent)
is the device mode's alone, so ``facilitator start`` shows no key for it in its legend and
no button on the room display; its snapshot says so (``Snapshot.ruled_out``, asked of the
machine's settings conditions). A key pressed anyway is still refused with guidance."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from facilitator.cli.parser import build_parser
from facilitator.display.keys import START_RULED_OUT, legend
from facilitator.display.live import render
from facilitator.display.state import LiveState, view
from facilitator.events import Command, CommandRefused, Say
from facilitator.roomscreen.texts import texts_for
from facilitator.roomscreen.view import RoomState, payload
from facilitator.session import SessionSettings
from facilitator.session.machine import INTERNAL, ruled_out
from facilitator.session.machine_people import SETTINGS_CONDITIONS
from facilitator.settings import Settings
from facilitator.speech.prompts import plan_texts
from facilitator.wiring.parts import session_settings
from tests.support.snapshots import snapshot
from tests.test_session_changes import MEMBERS, choosing_method
from tests.test_session_helpers import rig

KEY_L = "l = er is iemand bij"


def test_the_snapshot_says_what_the_session_never_takes() -> None:
    start = rig(choosing_method(), settings=SessionSettings(members=MEMBERS))
    device = rig(choosing_method(), settings=SessionSettings(members=MEMBERS, roll_call=True))
    assert start.last_status().ruled_out == frozenset({Command.SOMEONE_JOINS})
    assert device.last_status().ruled_out == frozenset()
    assert Command.SOMEONE_JOINS in device.last_status().allowed  # Eva is absent
    new = start.do(Command.SOMEONE_JOINS)  # pressed anyway: refused, with what to do instead
    assert [e.reason for e in new if isinstance(e, CommandRefused)] == [
        "Hier loop ik de namen niet na. Voeg iemand toe met het toetsenbord of het kamerscherm."
    ]
    assert start.last_status().ruled_out == frozenset({Command.SOMEONE_JOINS})  # all along


def test_spoken_help_does_not_offer_it_either() -> None:
    """ "Meer hulp" lists what one can say: not what the session refuses every time. The line
    is the one rendered ahead for the session (``plan_texts``)."""
    for settings, offered in ((SessionSettings(), False), (SessionSettings(roll_call=True), True)):
        r = rig(settings=settings)
        said = [e.text for e in r.do(Command.MORE_HELP) if isinstance(e, Say)]
        assert len(said) == 1 and ("'er is iemand bij'" in said[0]) is offered, said
        assert said[0] in plan_texts(r.session.plan, settings, {}, {})


def test_only_settings_conditions_rule_a_command_out() -> None:
    assert set(SETTINGS_CONDITIONS) == {"calls_roll"}
    gated = {c for c, conditions, _ in INTERNAL if set(conditions) & set(SETTINGS_CONDITIONS)}
    assert gated == {Command.SOMEONE_JOINS}
    assert ruled_out(SessionSettings(roll_call=True)) == frozenset()


def test_start_s_help_matches_what_its_session_takes(capsys: pytest.CaptureFixture[str]) -> None:
    assert ruled_out(session_settings(Settings())) == START_RULED_OUT
    with pytest.raises(SystemExit):
        build_parser().parse_args(["start", "--help"])
    shown = " ".join(capsys.readouterr().out.split())  # one line, as argparse wraps it
    assert KEY_L not in shown and "b = iemand doet mee (naam)" in shown


def test_the_key_legend_leaves_out_what_is_ruled_out() -> None:
    assert KEY_L in legend() and KEY_L in legend(plain=True)
    shown = legend(plain=True, ruled_out=START_RULED_OUT)
    assert KEY_L not in shown and "m = meer tijd" in shown
    for ruled, expected in ((frozenset({Command.SOMEONE_JOINS}), False), (frozenset(), True)):
        screen = view(LiveState(snapshot=snapshot(ruled_out=ruled)), 1000.0)
        assert screen.ruled_out == ruled
        assert (KEY_L in _text(render(screen))) is expected


def test_the_room_display_is_told_which_buttons_to_leave_out() -> None:
    texts = texts_for("nl")
    ruled = snapshot(ruled_out=frozenset({Command.SOMEONE_JOINS}))
    sent = payload(RoomState(snapshot=ruled), 1000.0, 1.0, texts)["session"]
    assert sent["ruled_out"] == ["someone_joins"]
    plain = payload(RoomState(snapshot=snapshot()), 1000.0, 1.0, texts)["session"]
    assert plain["ruled_out"] == []


def _text(renderable: object) -> str:
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()
