"""The speaker's loop, checked through its event log (fake renderer and player: the rules are
what is tested here; the real engine and real playback have their own tests)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from facilitator.events import (
    InputEvent,
    Notice,
    Say,
    SayKind,
    SpeakingEnded,
    SpeakingStarted,
)
from facilitator.speech import SpeechMode, SpeechSettings, TtsSpeaker
from facilitator.speech.audio import Audio
from facilitator.speech.chimes import ChimeKind, chime
from facilitator.speech.engine import RenderError
from facilitator.speech.player import PlaybackError
from facilitator.speech.speaker import CHIME_RATE, RENDER_FAILED, SilentSpeaker
from tests.support.snapshots import snapshot

RATE = 22_050  # Hz
WAIT_S = 10.0  # generous: only for synchronising with the speaker thread, never a speed check
SAMPLES_PER_CHAR = 100


class FakePlayer:
    """Plays nothing; a sound 'ends' when the test says so."""

    def __init__(self) -> None:
        self.started: list[Audio] = []
        self.fail = False
        self._on_done: Callable[[], None] | None = None

    def check(self) -> str:
        if self.fail:
            raise PlaybackError("geen luidspreker (test)")
        return "fake"

    def start(self, audio: Audio, on_done: Callable[[], None]) -> None:
        if self.fail:
            raise PlaybackError("geen luidspreker (test)")
        self.started.append(audio)
        self._on_done = on_done

    def finish(self) -> None:
        done, self._on_done = self._on_done, None
        assert done is not None
        done()

    def stop(self) -> None:
        self._on_done = None

    def close(self) -> None:
        self._on_done = None


class Log:
    def __init__(self) -> None:
        self.events: list[InputEvent] = []
        self._cond = threading.Condition()

    def post(self, event: InputEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, count: int) -> list[InputEvent]:
        deadline = time.monotonic() + WAIT_S
        with self._cond:
            while len(self.events) < count:
                left = deadline - time.monotonic()
                assert left > 0, f"only {self.events}"
                self._cond.wait(left)
            return list(self.events)


def render(text: str) -> Audio:
    return Audio(np.full(len(text) * SAMPLES_PER_CHAR, 1000, dtype=np.int16), RATE)


@pytest.fixture
def rig() -> Iterator[tuple[TtsSpeaker, FakePlayer, Log]]:
    player, log = FakePlayer(), Log()
    speaker = TtsSpeaker(SpeechSettings(volume=1.0), log.post, render, player)
    speaker.start()
    yield speaker, player, log
    speaker.close()


def test_lines_are_spoken_in_order_with_start_and_end_events(
    rig: tuple[TtsSpeaker, FakePlayer, Log],
) -> None:
    speaker, player, log = rig
    speaker(Say("Stap een.", SayKind.PROMPT, 1))
    speaker(snapshot())  # ignored
    speaker(Say("Bram, jij bent aan de beurt.", SayKind.TURN, 1))
    log.wait_for(1)
    player.finish()
    log.wait_for(3)
    player.finish()
    assert log.wait_for(4) == [
        SpeakingStarted("Stap een."),
        SpeakingEnded("Stap een."),
        SpeakingStarted("Bram, jij bent aan de beurt."),
        SpeakingEnded("Bram, jij bent aan de beurt."),
    ]
    assert [len(a.samples) for a in player.started] == [
        len("Stap een.") * SAMPLES_PER_CHAR,
        len("Bram, jij bent aan de beurt.") * SAMPLES_PER_CHAR,
    ]


def test_warning_interrupts_a_prompt_and_starts_with_its_chime(
    rig: tuple[TtsSpeaker, FakePlayer, Log],
) -> None:
    speaker, player, log = rig
    speaker(Say("Een lange uitleg van de stap.", SayKind.PROMPT, 1))
    log.wait_for(1)
    speaker(Say("Nog twee minuten.", SayKind.WARNING, 1))
    assert log.wait_for(3)[1:] == [
        SpeakingEnded("Een lange uitleg van de stap.", interrupted=True),
        SpeakingStarted("Nog twee minuten."),
    ]
    warning = player.started[-1]
    ding = chime(ChimeKind.WARNING, CHIME_RATE)
    assert np.array_equal(warning.samples[: len(ding.samples)], ding.samples)
    assert len(warning.samples) == len(ding.samples) + len("Nog twee minuten.") * SAMPLES_PER_CHAR


def test_next_step_cuts_the_old_prompt_and_drops_its_queued_lines(
    rig: tuple[TtsSpeaker, FakePlayer, Log],
) -> None:
    speaker, player, log = rig
    speaker(Say("Prompt stap een.", SayKind.PROMPT, 1))
    log.wait_for(1)
    speaker(Say("Regel stap een.", SayKind.RULE, 1))
    speaker(Say("Prompt stap twee.", SayKind.PROMPT, 2))
    log.wait_for(3)
    player.finish()
    events = log.wait_for(4)
    assert events == [
        SpeakingStarted("Prompt stap een."),
        SpeakingEnded("Prompt stap een.", interrupted=True),
        SpeakingStarted("Prompt stap twee."),
        SpeakingEnded("Prompt stap twee."),
    ]
    time.sleep(0.2)  # give a wrongly kept old line the chance to start (it must not)
    assert len(log.events) == 4 and len(player.started) == 2


def test_repeat_cuts_the_current_line(rig: tuple[TtsSpeaker, FakePlayer, Log]) -> None:
    speaker, _player, log = rig
    speaker(Say("Prompt.", SayKind.PROMPT, 1))
    log.wait_for(1)
    speaker(Say("Prompt.", SayKind.PROMPT, 1, replaces=True))
    assert log.wait_for(3) == [
        SpeakingStarted("Prompt."),
        SpeakingEnded("Prompt.", interrupted=True),
        SpeakingStarted("Prompt."),
    ]


def test_every_spoken_text_was_a_say(rig: tuple[TtsSpeaker, FakePlayer, Log]) -> None:
    speaker, player, log = rig
    says = [
        Say("Welkom.", SayKind.PROMPT, 1),
        Say("Volgende stap.", SayKind.ACK, 1),
        Say("De tijd is om.", SayKind.TIME_UP, 1),
        Say("Stap twee.", SayKind.PROMPT, 2),
    ]
    for item in says:
        speaker(item)
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and not (
        log.events
        and isinstance(log.events[-1], SpeakingStarted)
        and log.events[-1].text == "Stap twee."
    ):
        if player._on_done is not None:
            player.finish()
        time.sleep(0.01)
    spoken = {e.text for e in log.events if isinstance(e, SpeakingStarted | SpeakingEnded)}
    assert spoken <= {s.text for s in says}
    assert "Stap twee." in spoken


def test_signal_mode_plays_only_chimes_and_announces_no_words() -> None:
    player, log = FakePlayer(), Log()
    rendered: list[str] = []

    def spy_render(text: str) -> Audio:
        rendered.append(text)
        return render(text)

    speaker = TtsSpeaker(SpeechSettings(mode=SpeechMode.SIGNAL), log.post, spy_render, player)
    speaker.start()
    try:
        speaker(Say("Welkom.", SayKind.PROMPT, 1))
        speaker(Say("Nog twee minuten.", SayKind.WARNING, 1))
        assert log.wait_for(1) == [SpeakingStarted("")]
        player.finish()
        log.wait_for(2)
        speaker(Say("De tijd is om.", SayKind.TIME_UP, 1))
        log.wait_for(3)
    finally:
        speaker.close()
    assert rendered == []
    ding = chime(ChimeKind.WARNING, CHIME_RATE).scaled(SpeechSettings().volume)
    dong = chime(ChimeKind.TIME_UP, CHIME_RATE).scaled(SpeechSettings().volume)
    assert [len(a.samples) for a in player.started] == [len(ding.samples), len(dong.samples)]
    assert np.array_equal(player.started[1].samples, dong.samples)


def test_no_speaker_device_gives_one_notice_and_recovers() -> None:
    player, log = FakePlayer(), Log()
    player.fail = True
    speaker = TtsSpeaker(SpeechSettings(), log.post, render, player)
    speaker.start()
    try:
        events = log.wait_for(1)
        assert isinstance(events[0], Notice) and events[0].level == "warning"
        speaker(Say("Een.", SayKind.PROMPT, 1))
        speaker(Say("Twee.", SayKind.PROMPT, 1))
        time.sleep(0.2)
        assert len(log.events) == 1  # no second notice, no speaking events
        player.fail = False
        speaker(Say("Drie.", SayKind.PROMPT, 1))
        events = log.wait_for(3)
    finally:
        speaker.close()
    assert events[1] == Notice("De luidspreker werkt weer.", level="info")
    assert events[2] == SpeakingStarted("Drie.")


def test_close_cuts_what_is_playing() -> None:
    player, log = FakePlayer(), Log()
    speaker = TtsSpeaker(SpeechSettings(), log.post, render, player)
    speaker.start()
    speaker(Say("Slotwoord.", SayKind.CLOSING, 9))
    log.wait_for(1)
    speaker.close()
    assert log.events == [SpeakingStarted("Slotwoord."), SpeakingEnded("Slotwoord.", True)]


def test_silent_speaker_posts_its_reason_once_and_ignores_says() -> None:
    log = Log()
    speaker = SilentSpeaker(log.post, "Geen stem.")
    speaker(Say("Welkom.", SayKind.PROMPT, 1))
    speaker.start()
    speaker.close()
    assert log.events == [Notice("Geen stem.", level="warning")]


def test_render_failure_gives_one_notice_and_the_chime_still_sounds() -> None:
    player, log = FakePlayer(), Log()

    def broken(text: str) -> Audio:
        raise RenderError(f"no audio rendered for {text!r}")

    speaker = TtsSpeaker(SpeechSettings(), log.post, broken, player)
    speaker.start()
    try:
        speaker(Say("Welkom.", SayKind.PROMPT, 1))  # nothing to play at all
        speaker(Say("Nog twee minuten.", SayKind.WARNING, 1))
        events = log.wait_for(2)
    finally:
        speaker.close()
    assert events[0] == Notice(RENDER_FAILED, level="warning")
    assert events[1] == SpeakingStarted("")  # only the chime sounds: no words are claimed
    assert sum(isinstance(e, Notice) for e in log.events) == 1
    assert len(player.started) == 1


def test_wait_until_quiet_waits_for_every_line_handed_in(
    rig: tuple[TtsSpeaker, FakePlayer, Log],
) -> None:
    speaker, player, log = rig
    assert speaker.wait_until_quiet(0.0)  # nothing said yet
    speaker(Say("Stap een.", SayKind.PROMPT, 1))
    speaker(Say("Dag allemaal.", SayKind.CLOSING, 1))
    assert not speaker.wait_until_quiet(0.0)  # handed in: not quiet even before it plays
    log.wait_for(1)
    assert not speaker.wait_until_quiet(0.0)  # the first line plays, the second waits
    player.finish()
    log.wait_for(3)  # the closing words have started
    assert not speaker.wait_until_quiet(0.0)
    player.finish()
    assert speaker.wait_until_quiet(WAIT_S)
    assert log.events[-1] == SpeakingEnded("Dag allemaal.")


def test_wait_until_quiet_times_out_while_a_line_plays_and_ends_at_close() -> None:
    player, log = FakePlayer(), Log()
    speaker = TtsSpeaker(SpeechSettings(), log.post, render, player)
    speaker(Say("Welkom.", SayKind.PROMPT, 1))
    assert not speaker.wait_until_quiet(0.0)  # not started: the line is still queued
    speaker.start()
    log.wait_for(1)
    assert not speaker.wait_until_quiet(0.01)  # playing: False after the time-out
    speaker.close()
    assert speaker.wait_until_quiet(0.0)  # closed: nothing will play any more


def test_a_silent_speaker_is_always_quiet() -> None:
    speaker = SilentSpeaker(Log().post, "Geen stem.")
    speaker(Say("Welkom.", SayKind.PROMPT, 1))
    assert speaker.wait_until_quiet(0.0)
