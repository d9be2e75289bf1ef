"""The live screen: the pure state/view model and the rich layout rendered to text."""

from __future__ import annotations

import dataclasses

from rich.console import Console

from facilitator.display.live import LiveDisplay, render
from facilitator.display.state import CAPTION_LINES, LiveState, Phase, apply, view
from facilitator.events import (
    Command,
    CommandRefused,
    Event,
    InputSource,
    Notice,
    Say,
    SayKind,
    SessionEnded,
    SessionStarted,
    StepEntered,
    TurnStarted,
)
from facilitator.session.clock import FakeClock
from tests.support.snapshots import snapshot, turn

WIDTH = 100  # columns of the recorded console

STATUS = snapshot()

EVENTS: list[Event] = [
    SessionStarted("5-stappen", "5-stappen methode", ("Anna", "Bram", "Cem"), "Anna", 60),
    StepEntered(1, 5, "Probleemverkenning", "casusinbrenger", 600, "alleen vragen", False, False),
    STATUS,
    Say("Stap twee: probleemverkenning.", SayKind.PROMPT, 2),
]


def fold(events: list[Event]) -> LiveState:
    state = LiveState()
    for event in events:
        state = apply(state, event)
    return state


def screen(state: LiveState, now: float) -> str:
    console = Console(record=True, width=WIDTH, color_system=None)
    console.print(render(view(state, now)))
    return console.export_text()


def test_countdown_runs_from_the_last_snapshot_and_freezes_when_paused() -> None:
    with_turn = snapshot(turn=turn("Cem", 0, 3, 200.0))
    assert with_turn.remaining_at(1100.0) == (500.0, 100.0)
    assert STATUS.remaining_at(1100.0) == (500.0, 0.0)
    paused = dataclasses.replace(with_turn, paused=True)
    assert paused.remaining_at(1100.0) == (600.0, 200.0)


def test_running_step_view() -> None:
    model = view(fold(EVENTS), now=1000.0 + 42.5)
    assert model.header == "5-stappen methode — stap 2 van 5"
    assert model.title == "Probleemverkenning"
    assert model.who == "Aan het woord: de casusinbrenger (Anna)"
    assert model.rule == "Regel: alleen vragen"
    assert model.countdown == "09:18"
    assert model.phase is Phase.RUNNING
    assert model.captions == ("Stap twee: probleemverkenning.",)


def test_layout_shows_title_speaker_countdown_captions_and_keys() -> None:
    text = screen(fold(EVENTS), now=1000.0 + 42.5)
    for fragment in (
        "5-stappen methode — stap 2 van 5",
        "PROBLEEMVERKENNING",
        "Aan het woord: de casusinbrenger (Anna)",
        "Regel: alleen vragen",
        "09:18",
        "Tijd loopt",
        "» Stap twee: probleemverkenning.",
        "spatie/v = volgende stap",
        "q = stoppen",
    ):
        assert fragment in text, fragment


def test_planned_end_is_the_sessions_own_wall_clock_time() -> None:
    model = view(fold(EVENTS), now=1000.0)
    assert model.planned_end == "Gepland einde: 20:20"  # from the snapshot, not the screen's clock
    console = Console(record=True, width=WIDTH, color_system=None)
    console.print(render(model))
    assert "Gepland einde: 20:20" in console.export_text()
    assert view(fold([*EVENTS, snapshot(planned_end=None)]), now=1000.0).planned_end == ""


def test_overtime_and_pause_are_said_in_words_not_only_colour() -> None:
    over = screen(fold(EVENTS), now=1000.0 + 675)
    assert "+01:15" in over and "OVER TIJD" in over
    paused = fold([*EVENTS, dataclasses.replace(STATUS, paused=True, remaining_s=90.0)])
    text = screen(paused, now=5000.0)
    assert "01:30" in text and "GEPAUZEERD" in text


def test_round_turn_stop_pending_notice_and_refusal() -> None:
    turn_status = snapshot(turn=turn("Cem", 2, 3, 120.0), is_round=True, stop_pending=True)
    state = fold(
        [
            *EVENTS,
            TurnStarted("Cem", 2, 3, 120.0),
            turn_status,
            Notice("Geen microfoon gevonden: gebruik het toetsenbord.", "warning"),
            CommandRefused(Command.NEXT_SPEAKER, InputSource.VOICE, "Dit is geen ronde."),
        ]
    )
    text = screen(state, now=1030.0)
    assert "Beurt 3 van 3: Cem — nog 01:30" in text
    assert "Stoppen? Druk j (ja, stoppen) of n (nee, doorgaan)." in text
    assert "Let op: Geen microfoon gevonden: gebruik het toetsenbord." in text
    assert "Dit is geen ronde." in text


def test_only_the_last_captions_are_kept() -> None:
    says: list[Event] = [Say(f"regel {n}", SayKind.INFO, 1) for n in range(CAPTION_LINES + 2)]
    state = fold(says)
    assert state.captions == tuple(f"regel {n}" for n in range(2, CAPTION_LINES + 2))


def test_ended_session() -> None:
    pending = snapshot(stop_pending=True, turn=turn("Cem", 2, 3, 60.0))
    ended = snapshot(ended=True, completed=True, step_title="", turn=None, seq=3)
    state = fold([*EVENTS, pending, ended, SessionEnded(completed=True)])
    model = view(state, now=2000.0)
    assert model.phase is Phase.ENDED
    assert model.countdown == "--:--"
    assert not model.stop_pending and model.turn == ""
    assert "Sessie afgelopen" in screen(state, now=2000.0)


def test_live_display_listener_renders_on_its_clock() -> None:
    clock = FakeClock(start=1000.0)
    console = Console(record=True, width=WIDTH, color_system=None)
    display = LiveDisplay(clock.now, console=console)
    for event in EVENTS:
        display(event)
    clock.advance(60)
    console.print(display.renderable())
    assert "09:00" in console.export_text()


def test_a_complete_round_no_longer_shows_the_last_turn() -> None:
    done = snapshot(is_round=True, round_complete=True, turn=None)
    state = fold([*EVENTS, TurnStarted("Cem", 2, 3, 120.0), done])
    text = screen(state, now=1030.0)
    assert "Ronde rond: iedereen is aan de beurt geweest" in text
    assert "Cem" not in text.split("Ronde rond")[0].split("Aan het woord")[-1]
    assert "Beurt 3 van 3" not in text
