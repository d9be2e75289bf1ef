"""Pure display formatting: plain lines, countdown text, the plain listener, the event log."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from facilitator.display.eventlog import EventLog, event_record
from facilitator.display.format import clock_text, countdown_text, event_text, minutes_text
from facilitator.display.keys import (
    BINDINGS,
    HELP_KEYS,
    KEYMAP,
    NAMED_KEYMAP,
    change_for_key,
    command_for_key,
    legend,
)
from facilitator.display.plain import PlainDisplay
from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    InputSource,
    Notice,
    PlannedTimeReached,
    Say,
    SayKind,
    Scope,
    SessionEnded,
    SessionStarted,
    SpeakingStarted,
    StepEntered,
    TimeUp,
    TimeWarning,
    TurnStarted,
)
from facilitator.session.clock import FakeClock

STEP = StepEntered(
    index=1,
    count=7,
    title="Probleemverkenning",
    role="casusinbrenger",
    allotted_s=600.0,
    rule="",
    is_round=False,
    soft=False,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "00:00:00"), (312.9, "00:05:12"), (3723, "01:02:03"), (-5, "00:00:00")],
)
def test_clock_text(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (600, "10:00"),
        (0.2, "00:01"),  # rounds up while time is left
        (0, "00:00"),
        (-0.5, "+00:00"),
        (-75, "+01:15"),
        (3725, "1:02:05"),
    ],
)
def test_countdown_text(seconds: float, text: str) -> None:
    assert countdown_text(seconds) == text


def test_minutes_text() -> None:
    assert minutes_text(600) == "10 min"
    assert minutes_text(150) == "2,5 min"
    assert minutes_text(30) == "30 s"


def test_step_line_matches_the_agreed_shape() -> None:
    assert event_text(STEP) == "Stap 2/7 — Probleemverkenning (casusinbrenger, 10 min)"
    with_rule = StepEntered(0, 3, "Adviesronde", "deelnemers", 120, "geen discussie", True, False)
    assert event_text(with_rule) == (
        "Stap 1/3 — Adviesronde (deelnemers, 2 min). Regel: geen discussie"
    )


def test_caption_is_exactly_the_spoken_text() -> None:
    text = "Anna, vertel in vijf minuten je casus. Niemand onderbreekt je."
    assert event_text(Say(text, SayKind.PROMPT, 3)) == f"» {text}"


def test_every_shown_event_has_a_dutch_line() -> None:
    lines = [
        event_text(SessionStarted("5-stappen", "5-stappen methode", ("Anna", "Bram"), "Anna", 60)),
        event_text(TurnStarted("Bram", 1, 4, 120)),
        event_text(TimeWarning(Scope.STEP, 120)),
        event_text(TimeWarning(Scope.TURN, 30, "Bram")),
        event_text(TimeUp(Scope.STEP)),
        event_text(TimeUp(Scope.STEP, overtime_s=180)),
        event_text(CommandAccepted(Command.NEXT_STEP, InputSource.VOICE)),
        event_text(
            CommandRefused(Command.PREVIOUS_STEP, InputSource.KEYBOARD, "Dit is de eerste stap.")
        ),
        event_text(SessionEnded(completed=False)),
        event_text(Notice("Geen microfoon gevonden.", "warning")),
        event_text(CommandAccepted(Command.TOGGLE_PAUSE, InputSource.SCREEN)),
        event_text(PlannedTimeReached(2)),
    ]
    assert lines == [
        "Sessie gestart: 5-stappen methode — deelnemers: Anna, Bram; casusinbrenger: Anna; "
        "gepland 60 min",
        "Beurt 2/4: Bram (2 min)",
        "Waarschuwing: nog 2 min voor deze stap",
        "Waarschuwing: nog 30 s voor deze beurt voor Bram",
        "Tijd is om (stap)",
        "Over tijd (stap): 3 min over tijd",
        "Opdracht: volgende stap (stem)",
        "Niet uitgevoerd: vorige stap (toetsenbord) — Dit is de eerste stap.",
        "Sessie gestopt.",
        "Let op: Geen microfoon gevonden.",
        "Opdracht: pauze/verder (kamerscherm)",
        "De geplande tijd van deze stap is om (geen harde grens)",
    ]
    assert event_text(SpeakingStarted("x")) is None


def test_plain_display_stamps_and_flushes_one_line_per_event() -> None:
    clock = FakeClock(start=500.0)
    out = io.StringIO()
    display = PlainDisplay(clock.now, out=out)
    display(SpeakingStarted("stil"))  # not shown
    clock.advance(312)
    display(STEP)
    display(Say("Anna, vertel.", SayKind.PROMPT, 1))
    assert out.getvalue().splitlines() == [
        "[00:05:12] Stap 2/7 — Probleemverkenning (casusinbrenger, 10 min)",
        "[00:05:12] » Anna, vertel.",
    ]


def test_keymap_covers_every_command_once() -> None:
    named = {Command.ANOTHER_CASE}  # "e" asks for the name of who brings it
    assert set(KEYMAP.values()) | {Command.PAUSE, Command.RESUME} | named == set(Command)
    assert not set(KEYMAP) & set(NAMED_KEYMAP)  # every key does one thing
    assert change_for_key("E") is NAMED_KEYMAP["e"]
    assert command_for_key(" ") is Command.NEXT_STEP
    assert command_for_key("V") is Command.NEXT_STEP
    assert command_for_key("x") is None
    assert HELP_KEYS[Command.STOP] == "q"
    for binding in BINDINGS:
        assert f"{binding.label} = {binding.description}" in legend()
    assert "Enter" in legend(plain=True)


def test_event_record_has_type_fields_enum_values_and_t() -> None:
    record = event_record(CommandAccepted(Command.MORE_TIME, InputSource.VOICE), 1.23456)
    assert record == {
        "type": "command_accepted",
        "command": "more_time",
        "source": "voice",
        "t": 1.235,
    }
    started = event_record(SessionStarted("x", "X", ("A", "B"), "A", 30.0), 0)
    assert started["participants"] == ["A", "B"]
    json.dumps(started)  # serialisable


def test_event_log_writes_one_json_line_per_event(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "log" / "sessie.jsonl"
    log = EventLog(path, clock.now)
    log(STEP)
    clock.advance(2.5)
    log(Say("één", SayKind.ACK, 2))
    log.close()
    log(Say("na sluiten", SayKind.ACK, 2))  # ignored, no crash
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["type"] for r in records] == ["step_entered", "say"]
    assert records[0]["title"] == "Probleemverkenning" and records[0]["t"] == 0
    assert records[1] == {
        "type": "say",
        "text": "één",
        "kind": "ack",
        "generation": 2,
        "replaces": False,
        "t": 2.5,
    }


def test_a_notice_quoting_a_file_name_cannot_drive_the_terminal() -> None:
    """A notice may quote a path or a system message; its control characters (an escape
    sequence, a bell, a bidi override) are shown written out, not passed to the terminal."""
    name = "/tmp/x\x1b[2J\x07\u202eevil.json"
    text = event_text(Notice(f"Kan {name} niet lezen.", "warning"))
    assert text == "Let op: Kan /tmp/x\\x1b[2J\\x07\\u202eevil.json niet lezen."
    assert event_text(Notice("Twee regels:\nklaar.", "info")) == "Info: Twee regels:\nklaar."
