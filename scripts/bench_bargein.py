"""Barge-in benchmark in a loopback room (real time, a private PulseAudio).

The device's speaker feeds the microphone at full level (``VirtualAudio.loopback_room``); the
real player reads the built-in prompts (espeak-ng, Dutch) and the real listener (Korean test
model, ``tests/data/vocab_ko.toml``) listens with echo cancelling. Three phases:

1. **self-triggers**: every built-in prompt once, nobody else speaks: commands heard = self-
   triggers (must be 0); CPU share of the whole process (listening, echo cancelling, playback);
2. **talking over**: a command said 2 s into a long prompt: heard share and latency (end of the
   command -> accepted); an accepted command cuts the prompt, as the acknowledgement does;
3. **waiting**: a command said 0.5 s after a prompt ended: heard share and latency.

    python scripts/bench_bargein.py                    # all prompts (~30 min) + 20 + 20 commands
    python scripts/bench_bargein.py --prompts 20 --commands 10
    python scripts/bench_bargein.py --half-duplex      # the same without echo cancelling
"""

from __future__ import annotations

import argparse
import logging
import os
import queue
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from facilitator.events import CommandIssued, InputEvent, SpeakingEnded, SpeakingStarted  # noqa: E402
from facilitator.listening import Listener, ListenSettings, create_listener  # noqa: E402
from facilitator.speech.audio import Audio  # noqa: E402
from tests.support.listening_audio import (  # noqa: E402
    RATE,
    device_prompts,
    ko_model_path,
    read_pcm,
    speech_bounds,
    synth,
)
from tests.support.virtual_audio import VirtualAudio  # noqa: E402

VOCAB = REPO / "tests" / "data" / "vocab_ko.toml"
LONG_PROMPT_CHARS = 120
SAID_AFTER_S = 2.0  # s into the prompt when talking over
PAUSE_AFTER_PROMPT_S = 0.5  # s after the prompt when waiting
HEARD_WITHIN_S = 4.0
COOLDOWN_S = 1.6


class Device:
    def __init__(self, listener: Listener) -> None:
        from facilitator.speech.player import SoundDevicePlayer

        self.player = SoundDevicePlayer()
        self.player.check()
        self.listener = listener
        self.done = threading.Event()

    def say(self, text: str) -> None:
        self.done.clear()
        self.listener(SpeakingStarted(text))

        def finished() -> None:
            self.listener(SpeakingEnded(text))
            self.done.set()

        self.player.start(Audio(read_pcm(synth(text, "nl", 150)), RATE), finished)

    def cut(self) -> None:
        self.player.stop()
        self.listener(SpeakingEnded("cut"))
        self.done.set()


def drain(events: queue.SimpleQueue[InputEvent]) -> list[tuple[float, str]]:
    found = []
    while not events.empty():
        event = events.get()
        if isinstance(event, CommandIssued):
            found.append((time.monotonic(), event.command.value))
    return found


def command_round(
    va: VirtualAudio,
    device: Device,
    events: queue.SimpleQueue[InputEvent],
    phrase: str,
    command: str,
    prompt: str,
    over: bool,
) -> tuple[bool, float | None, list[str]]:
    """(heard, latency s, wrong or extra commands) for one command said over or after a prompt."""
    clip = synth(phrase, "ko", 150)
    pcm = read_pcm(clip)
    tail_s = len(pcm) / RATE - speech_bounds(pcm)[1]
    device.say(prompt)
    if over:
        time.sleep(SAID_AFTER_S)
    else:
        device.done.wait(120.0)
        time.sleep(PAUSE_AFTER_PROMPT_S)
    drain(events)
    va.play_into_mic(clip)
    speech_end = time.monotonic() - tail_s
    deadline = time.monotonic() + HEARD_WITHIN_S
    got: list[tuple[float, str]] = []
    while time.monotonic() < deadline and not got:
        time.sleep(0.02)
        got = drain(events)
    if got and not device.done.is_set():
        device.cut()
    device.done.wait(120.0)
    time.sleep(COOLDOWN_S)
    got += drain(events)
    right = bool(got) and got[0][1] == command
    others = [c for i, (_, c) in enumerate(got) if i > 0 or not right]
    return right, (got[0][0] - speech_end) if right else None, others


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prompts", type=int, default=0, help="prompts in phase 1 (0: all)")
    parser.add_argument("--commands", type=int, default=20, help="commands per phase 2 and 3")
    parser.add_argument("--half-duplex", action="store_true", help="no echo cancelling")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("FACILITATOR_LOG", "warning").upper())
    from facilitator.listening.vocabulary import load_vocabulary

    phrases = [(p, c.value) for p, c in load_vocabulary(str(VOCAB)).phrases.items()]
    prompts = list(dict.fromkeys(device_prompts()))
    long_prompts = [p for p in prompts if len(p) >= LONG_PROMPT_CHARS]
    with tempfile.TemporaryDirectory() as tmp, VirtualAudio(Path(tmp)) as va:
        import sounddevice

        va.loopback_room()
        sounddevice._terminate()
        sounddevice._initialize()
        events: queue.SimpleQueue[InputEvent] = queue.SimpleQueue()
        settings = ListenSettings(
            model=ko_model_path(), vocabulary=str(VOCAB), barge_in=not args.half_duplex
        )
        listener = create_listener(settings, events.put)
        assert listener is not None
        listener.start()
        assert listener.ready.wait(30.0), "the microphone delivers no audio"
        device = Device(listener)
        chosen = prompts[: args.prompts] if args.prompts else prompts
        wall0, cpu0 = time.monotonic(), time.process_time()
        for text in chosen:
            device.say(text)
            device.done.wait(120.0)
            time.sleep(0.3)
        wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
        self_triggers = drain(events)
        echo = listener.echo
        print(
            f"phase 1: {len(chosen)} prompts, {wall / 60:.1f} min: "
            f"self-triggers {len(self_triggers)} {[c for _, c in self_triggers]}; "
            f"CPU {cpu / wall:.1%} of one core (listening"
            + (" + echo cancelling" if echo is not None else "")
            + " + playback)"
            + (
                f"; echo taken out {echo.reduction_db:.0f} dB, pairing moved {echo.realigned}x, "
                f"streams put back on their timestamps {echo.skips}x"
                if echo is not None
                else ""
            )
        )
        for label, over in (("talking over the device", True), ("waiting for it", False)):
            heard = 0
            latencies: list[float] = []
            extra: list[str] = []
            for number in range(args.commands):
                phrase, command = phrases[number % len(phrases)]
                prompt = long_prompts[number % len(long_prompts)]
                ok, latency, more = command_round(va, device, events, phrase, command, prompt, over)
                heard += ok
                extra += more
                if latency is not None:
                    latencies.append(latency)
            lat = np.array(latencies) if latencies else np.array([np.nan])
            print(
                f"{label}: heard {heard}/{args.commands} ({heard / args.commands:.0%}), "
                f"latency median {np.median(lat):.2f} s, p95 {np.percentile(lat, 95):.2f} s, "
                f"extra commands {extra}"
            )
        listener.close()
        device.player.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
