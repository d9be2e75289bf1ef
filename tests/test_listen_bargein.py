"""Barge-in in a loopback room: the device's speaker feeds the microphone at full level (a
private PulseAudio, ``VirtualAudio.loopback_room``), the device reads its own prompts aloud
through the real player, and people say commands *over* them. The echo canceller (speexdsp,
fed with exactly what the player plays) takes the device's voice out of the microphone:
commands said over its speech are heard, and its own speech never triggers a command."""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import pytest

from facilitator.events import CommandIssued, InputEvent, SpeakingEnded, SpeakingStarted
from facilitator.listening import ListenSettings, create_listener
from facilitator.listening.echo import EchoCanceller
from facilitator.speech.audio import Audio
from tests.support.listening_audio import device_prompts, ko_model_path, read_pcm, synth
from tests.support.virtual_audio import VirtualAudio

pytestmark = [pytest.mark.audio, pytest.mark.vosk, pytest.mark.speech, pytest.mark.slow]

VOCAB = Path(__file__).resolve().parents[1] / "tests" / "data" / "vocab_ko.toml"
RATE = 16_000  # Hz
READY_TIMEOUT_S = 30.0
WARM_UP_PROMPTS = 3  # the canceller learns the room on the first prompts (half-duplex then)
SAID_AFTER_S = 2.0  # a command starts this long into the device's prompt
HEARD_WITHIN_S = 4.0  # after the command was played
COMMANDS = [
    ("피아노 감사합니다", "next_step"),
    ("오렌지 감사합니다", "more_time"),
    ("여보세요 피아노", "repeat"),
    ("오렌지 여보세요", "time_left"),
    ("아니요 감사합니다", "help"),
]
LONG_PROMPT_CHARS = 120  # prompts that last well past the moment a command is said
#: Commands said over the device's speech (the five phrases, then again over other prompts).
#: Half-duplex hears none of them, so two prove that the canceller lets commands through; the
#: rate itself (target 80 %, measured 70-95 % depending on the machine's load) is the
#: benchmark's figure (``scripts/bench_bargein.py``), not a test's. A floor of 4 of 5 failed
#: about one run in two on a shared, loaded machine; 2 of 5 fails about one run in 35 at
#: 70 %; 2 of 8 about one in 800.
ROUNDS = 8
MIN_HEARD = 2


class Device:
    """The real player on the room's speaker, posting speaking events like the speaker does."""

    def __init__(self, post: queue.SimpleQueue[InputEvent], listener: object) -> None:
        from facilitator.speech.player import SoundDevicePlayer

        self.player = SoundDevicePlayer()
        self.player.check()
        self._listener = listener
        self.done = threading.Event()

    def say(self, text: str) -> None:
        pcm = read_pcm(synth(text, "nl", 160))
        self.done.clear()
        assert callable(self._listener)
        self._listener(SpeakingStarted(text))

        def finished() -> None:
            assert callable(self._listener)
            self._listener(SpeakingEnded(text))
            self.done.set()

        self.player.start(Audio(pcm, RATE), finished)

    def cut(self) -> None:
        self.player.stop()
        self.done.set()


def _commands(events: queue.SimpleQueue[InputEvent]) -> list[str]:
    found = []
    while not events.empty():
        event = events.get()
        if isinstance(event, CommandIssued):
            found.append(event.command.value)
    return found


def test_commands_over_the_device_are_heard_and_its_voice_never_triggers(
    virtual_audio: VirtualAudio,
) -> None:
    if EchoCanceller.create(RATE) is None:
        pytest.skip("libspeexdsp1 is not installed: run scripts/setup.sh")
    import sounddevice

    virtual_audio.loopback_room()
    sounddevice._terminate()
    sounddevice._initialize()
    events: queue.SimpleQueue[InputEvent] = queue.SimpleQueue()
    settings = ListenSettings(model=ko_model_path(), vocabulary=str(VOCAB))
    listener = create_listener(settings, events.put)
    assert listener is not None and listener.echo is not None
    listener.start()
    device = None
    try:
        assert listener.ready.wait(READY_TIMEOUT_S), "the microphone delivered no audio"
        device = Device(events, listener)
        prompts = [p for p in device_prompts() if len(p) >= LONG_PROMPT_CHARS]
        for text in prompts[:WARM_UP_PROMPTS]:  # nobody speaks: learn the room
            device.say(text)
            assert device.done.wait(60.0)
        echo = listener.echo
        print(f"echo taken out after the warm-up: {echo.reduction_db:.0f} dB")
        assert echo.converged, f"only {echo.reduction_db:.0f} dB of echo taken out"
        self_triggers = _commands(events)
        heard: list[str] = []
        assert len(prompts) >= WARM_UP_PROMPTS + ROUNDS
        for number in range(ROUNDS):
            phrase, command = COMMANDS[number % len(COMMANDS)]
            device.say(prompts[WARM_UP_PROMPTS + number])
            time.sleep(SAID_AFTER_S)
            talking = not device.done.is_set()
            virtual_audio.play_into_mic(synth(phrase, "ko", 150))
            deadline = time.monotonic() + HEARD_WITHIN_S
            got: list[str] = []
            while time.monotonic() < deadline and not got:
                time.sleep(0.1)
                got = _commands(events)
            print(f"{command}: said over the device ({talking}), heard {got}")
            assert talking, "the command must be said while the device speaks"
            if got:
                device.cut()  # as the acknowledgement does: the device stops talking
                heard += got
            assert device.done.wait(60.0)
            time.sleep(1.6)  # past the cooldown
            later = _commands(events)
            # the command said, heard after the window on a busy machine: late, not a
            # self-trigger (it does not count as heard either); anything else is one
            late = [c for c in later if c == command and not got]
            if late:
                print(f"{command}: heard late, after {HEARD_WITHIN_S:.0f} s")
            self_triggers += [c for c in later if c not in late]
        print(f"heard {len(heard)} of {ROUNDS} said over the device's speech")
        print(f"self-triggers: {self_triggers}")
        assert self_triggers == []
        assert set(heard) <= {c for _, c in COMMANDS}
        assert len(heard) >= MIN_HEARD, heard
    finally:
        listener.close()
        if device is not None:
            device.player.close()


def test_without_a_canceller_it_says_so_once_and_stays_half_duplex(
    virtual_audio: VirtualAudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sounddevice

    from facilitator.listening import echo as echo_module
    from facilitator.listening.echo import NO_CANCELLER

    sounddevice._terminate()
    sounddevice._initialize()
    monkeypatch.setattr(echo_module, "_load", lambda: None)
    events: queue.SimpleQueue[InputEvent] = queue.SimpleQueue()
    settings = ListenSettings(model=ko_model_path(), vocabulary=str(VOCAB))
    listener = create_listener(settings, events.put)
    assert listener is not None and listener.echo is None
    try:
        notices = []
        while not events.empty():
            notices.append(events.get())
        assert [getattr(n, "text", "") for n in notices] == [NO_CANCELLER]
        listener(SpeakingStarted("test"))
        listener.start()
        assert listener.ready.wait(READY_TIMEOUT_S)
        deadline = time.monotonic() + 5.0
        while not listener.spotter.gate.muted and time.monotonic() < deadline:
            time.sleep(0.05)
        assert listener.spotter.gate.muted  # half-duplex: deaf while the device speaks
    finally:
        listener.close()
