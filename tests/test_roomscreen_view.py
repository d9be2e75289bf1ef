"""The room display's pure parts: what the page gets from snapshots and events, its texts,
and the rules for who may see it."""

from __future__ import annotations

import pytest

from facilitator.display.keys import BINDINGS
from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    InputEvent,
    InputSource,
    Notice,
    Say,
    SayKind,
    Scope,
    SessionEnded,
    SpeakingStarted,
    TimeUp,
    TimeWarning,
)
from facilitator.phrases.nl_words import number
from facilitator.roomscreen import RoomScreen, RoomScreenOptions
from facilitator.roomscreen.access import (
    LOCK_S,
    MAX_FAILURES,
    Gate,
    grouped,
    host_allowed,
    new_code,
    same_origin,
)
from facilitator.roomscreen.texts import texts_for
from facilitator.roomscreen.view import CAPTION_LINES, RoomState, apply, payload
from tests.support.room_snapshots import snapshot, turn

NL = texts_for("nl")
NL_NUMBER = [number(n) for n in range(10)]
EN = texts_for("en")


def fold(*events: object, texts: object = NL) -> RoomState:
    state = RoomState()
    for event in events:
        state = apply(state, event, texts)  # type: ignore[arg-type]
    return state


def test_the_page_counts_from_the_snapshot_and_freezes_while_paused() -> None:
    running = payload(fold(snapshot(at=100.0, remaining_s=420.0)), 130.0, 1.0, NL)["session"]
    assert running["remaining_s"] == pytest.approx(390.0)
    assert running["step_label"] == "Stap 2 van 5"
    assert running["step_title"] == "Informatieve vragen"
    assert running["who"] == "de deelnemers"
    assert running["planned_end"] == "Gepland einde: 20:20"
    paused = payload(fold(snapshot(paused=True)), 500.0, 1.0, NL)["session"]
    assert paused["remaining_s"] == pytest.approx(420.0) and paused["paused"]


def test_who_speaks_names_the_casusinbrenger_and_the_turn() -> None:
    own = payload(fold(snapshot(role="casusinbrenger")), 100.0, 1.0, NL)["session"]
    assert own["who"] == "de casusinbrenger (Anna)"
    in_round = payload(fold(snapshot(turn=turn("Bram", 1, 3, 90.0))), 110.0, 1.0, NL)
    session = in_round["session"]
    assert session["who"] == "Bram"
    assert session["turn"]["text"] == "Beurt 2 van 3: Bram"
    assert session["turn"]["remaining_s"] == pytest.approx(80.0)
    done = payload(fold(snapshot(round_complete=True)), 100.0, 1.0, NL)["session"]
    assert done["turn"] == {"text": NL.word("round_done"), "remaining_s": None}


def test_one_pause_button_is_enabled_when_pause_or_resume_is() -> None:
    allowed = frozenset({Command.RESUME, Command.HELP})
    session = payload(fold(snapshot(allowed=allowed)), 100.0, 1.0, NL)["session"]
    assert session["allowed"] == ["help", "resume", "toggle_pause"]
    none = payload(fold(snapshot(allowed=frozenset({Command.HELP}))), 100.0, 1.0, NL)
    assert none["session"]["allowed"] == ["help"]


def test_captions_are_the_spoken_text_numbered_and_the_last_few_kept() -> None:
    lines = [Say(f"Zin {n}.", SayKind.PROMPT, 1) for n in range(5)]
    state = fold(snapshot(), *lines, SpeakingStarted("x"))
    captions = payload(state, 100.0, 1.0, NL)["captions"]
    assert [c["text"] for c in captions] == [f"Zin {n}." for n in range(5 - CAPTION_LINES, 5)]
    ids = [c["id"] for c in captions]
    assert ids == sorted(ids) and len(set(ids)) == CAPTION_LINES


def test_warnings_time_up_commands_and_notices() -> None:
    state = fold(snapshot(), TimeWarning(Scope.STEP, 120.0))
    assert payload(state, 100.0, 1.0, NL)["alert"]["text"] == "Nog 2 min voor deze stap"
    state = apply(state, TimeUp(Scope.TURN, 90.0, "Cem"), NL)
    assert payload(state, 100.0, 1.0, NL)["alert"]["text"] == (
        "De tijd voor Cem is om — 1,5 min over tijd"
    )
    state = apply(state, CommandAccepted(Command.MORE_TIME, InputSource.SCREEN), NL)
    assert payload(state, 100.0, 1.0, NL)["message"]["text"] == "Meer tijd"
    refused = CommandRefused(Command.NEXT_SPEAKER, InputSource.SCREEN, "Er is geen ronde.")
    state = apply(state, refused, NL)
    message = payload(state, 100.0, 1.0, NL)["message"]
    assert message == {
        "id": message["id"],
        "text": "Niet uitgevoerd: Volgende spreker — Er is geen ronde.",
        "level": "warning",
    }
    state = apply(state, Notice("Geen microfoon gevonden.", "warning"), NL)
    assert payload(state, 100.0, 1.0, NL)["notices"][-1]["level"] == "warning"


def test_an_ended_session_allows_nothing() -> None:
    state = fold(snapshot(), SessionEnded(completed=True))
    out = payload(state, 100.0, 1.0, NL)
    assert out["session"]["ended"] and out["session"]["allowed"] == []
    assert out["message"]["text"] == "Sessie afgerond."


def test_english_texts() -> None:
    warning = TimeWarning(Scope.TURN, 30.0, "Bram")
    state = fold(snapshot(turn=turn("Bram", 1, 3, 90.0)), warning, texts=EN)
    out = payload(state, 100.0, 1.0, EN)
    assert out["session"]["step_label"] == "Step 2 of 5"
    assert out["alert"]["text"] == "30 s left for Bram's turn"
    assert EN.duration(90.0) == "1.5 min" and NL.duration(90.0) == "1,5 min"


def test_the_buttons_follow_the_terminal_keys() -> None:
    page = NL.for_page()
    assert [b["keys"] for b in page["buttons"]] == [list(b.keys) for b in BINDINGS]
    commands = [b["command"] for b in page["buttons"]]
    assert "toggle_pause" in commands and "pause" not in commands
    assert page["buttons"][0]["label"] == "Volgende stap"
    assert EN.for_page()["buttons"][0]["key_label"] == "space/v"
    assert NL.heard(Command.TOGGLE_PAUSE) == "pauze/verder"


# --------------------------------------------------------------------------- access


def test_codes_are_six_digits_and_differ() -> None:
    codes = {new_code() for _ in range(20)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 1
    assert grouped("482915") == "482 915"


def test_wrong_codes_lock_the_entry_for_a_while() -> None:
    now = [0.0]
    gate = Gate("482915", now=lambda: now[0])
    assert gate.try_code("482 915")
    for _ in range(MAX_FAILURES):
        assert not gate.try_code("000000")
    assert gate.locked() and not gate.try_code("482915")  # even the right one, while locked
    now[0] += LOCK_S + 1
    assert gate.try_code("482915")
    assert gate.matches("482915") and not gate.matches("") and not gate.matches(None)
    assert Gate(None).matches(None)


def test_only_this_machine_may_name_the_local_server() -> None:
    assert host_allowed("127.0.0.1:8765", 8765, lan=False)
    assert host_allowed("localhost:8765", 8765, lan=False)
    assert not host_allowed("evil.example:8765", 8765, lan=False)
    assert not host_allowed("127.0.0.1:9999", 8765, lan=False)
    assert not host_allowed(None, 8765, lan=False)
    assert host_allowed("192.0.2.7:8765", 8765, lan=True)
    assert same_origin(None, "127.0.0.1:8765")
    assert same_origin("http://127.0.0.1:8765", "127.0.0.1:8765")
    assert not same_origin("http://evil.example", "127.0.0.1:8765")


def test_in_lan_mode_help_shows_the_code_and_then_says_it() -> None:
    screen = RoomScreen(RoomScreenOptions(lan=True), now=lambda: 0.0)
    posted: list[InputEvent] = []
    said: list[str] = []
    screen.attach(posted.append)
    screen.speak = said.append
    assert screen.code is not None
    screen(CommandAccepted(Command.HELP, InputSource.VOICE))
    assert said == []  # not in the middle of the help
    screen(Say("Je kunt zeggen: …", SayKind.INFO, 1))
    screen(snapshot())
    screen(snapshot(seq=2))
    digits = ", ".join(NL_NUMBER[int(d)] for d in screen.code)
    assert said == [f"De code voor het kamerscherm is: {digits}."]
    notices = [e.text for e in posted if isinstance(e, Notice)]
    assert len(notices) == 2 and all(f"(code {grouped(screen.code)})" in n for n in notices)


def test_without_lan_mode_there_is_no_code_to_say() -> None:
    screen = RoomScreen(RoomScreenOptions(), now=lambda: 0.0)
    said: list[str] = []
    screen.attach(lambda event: None)
    screen.speak = said.append
    screen(CommandAccepted(Command.HELP, InputSource.KEYBOARD))
    screen(snapshot())
    assert screen.code is None and said == []


def test_a_rehearsal_without_waits_sends_a_standing_clock() -> None:
    assert payload(fold(snapshot()), 100.0, float("inf"), NL)["speed"] == 0.0
    assert payload(fold(snapshot()), 100.0, 60.0, NL)["speed"] == 60.0
