"""Speech benchmark over every built-in prompt (and rule) of every built-in method.

Prints:

* latency from a ``Say`` event to its first audio sample handed to PortAudio (median, p95,
  max), and the same plus the stream's output latency (when it leaves the speaker);
* synthesis real-time factor of espeak-ng through pyttsx3 (render time / audio time);
* peak memory (RSS) of the process.

Each prompt is a new step (a newer generation), so it also cuts the one before, as "volgende
stap" does. Without a sound system (a headless machine) it runs inside the tests' private
PulseAudio (``--virtual``, the default when ``PULSE_SERVER`` is not set).

    python scripts/bench_speech.py [--virtual | --real-device] [--rate 150]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator.events import InputEvent, Say, SayKind, SpeakingStarted  # noqa: E402
from facilitator.methods.registry import builtin_methods  # noqa: E402
from facilitator.speech import SpeechSettings, TtsSpeaker, create_speaker  # noqa: E402
from facilitator.speech.engine import shared_engine  # noqa: E402
from facilitator.speech.player import SoundDevicePlayer  # noqa: E402

WAIT_S = 30.0  # seconds per line before giving up
FILL = {"inbrenger": "Bram", "bijeenkomst": "eerste", "accent": "het begin", "deelnemers": "vijf"}


def texts() -> list[str]:
    out: list[str] = []
    for method in builtin_methods():
        out.extend(method.opening_rules)
        for step in method.steps:
            out.append(step.prompt.format_map(FILL))
            if step.rule:
                out.append(step.rule)
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class TimedPlayer(SoundDevicePlayer):
    """The real player, noting when the first sample of each sound is handed to PortAudio."""

    def __init__(self) -> None:
        super().__init__()
        self.first_sample = threading.Event()
        self.first_sample_at = 0.0

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        feed = self._feed
        fresh = feed is not None and feed.position == 0 and not feed.done
        super()._callback(outdata, frames, time_info, status)
        if fresh and not self.first_sample.is_set():
            self.first_sample_at = time.monotonic()
            self.first_sample.set()

    @property
    def latency_s(self) -> float:
        return float(self._stream.latency) if self._stream is not None else 0.0


@contextmanager
def sound_system(virtual: bool) -> Iterator[None]:
    if not virtual:
        yield
        return
    from tests.support.virtual_audio import VirtualAudio

    with TemporaryDirectory() as tmp, VirtualAudio(Path(tmp)):
        import sounddevice

        sounddevice._terminate()
        sounddevice._initialize()
        yield


def bench_synthesis(lines: list[str], rate_wpm: int) -> list[float]:
    engine = shared_engine()
    engine.render("Opwarmen.", "gmw/nl", rate_wpm).result(timeout=WAIT_S)
    factors = []
    for text in lines:
        started = time.perf_counter()
        audio = engine.render(text, "gmw/nl", rate_wpm).result(timeout=WAIT_S)
        factors.append((time.perf_counter() - started) / audio.duration_s)
    return factors


def bench_latency(lines: list[str], settings: SpeechSettings) -> tuple[list[float], float]:
    player = TimedPlayer()
    started = threading.Event()

    def post(event: InputEvent) -> None:
        if isinstance(event, SpeakingStarted):
            started.set()

    speaker = create_speaker(settings, post, player=player)
    if not isinstance(speaker, TtsSpeaker):
        raise SystemExit("no speech engine / voice: nothing to measure")
    speaker.start()
    latencies = []
    out_latency = player.latency_s
    try:
        for generation, text in enumerate(lines, start=1):
            player.first_sample.clear()
            started.clear()
            sent = time.monotonic()
            speaker(Say(text, SayKind.PROMPT, generation))
            if not player.first_sample.wait(WAIT_S):
                raise SystemExit(f"no audio for line {generation}: {text[:50]!r}")
            latencies.append(player.first_sample_at - sent)
            time.sleep(0.2)  # let it sound a moment before the next step cuts it
    finally:
        speaker.close()
    return latencies, out_latency


def report(name: str, values: list[float], unit: str, scale: float = 1.0, digits: int = 1) -> None:
    def fmt(value: float) -> str:
        return f"{value * scale:.{digits}f}{' ' + unit if unit else ''}"

    print(
        f"{name}: median {fmt(statistics.median(values))}, p95 {fmt(percentile(values, 0.95))}, "
        f"max {fmt(max(values))} (n={len(values)})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--virtual", action="store_true", help="private PulseAudio, null sink")
    where.add_argument("--real-device", action="store_true", help="the default sound device")
    parser.add_argument("--rate", type=int, default=SpeechSettings().rate_wpm)
    args = parser.parse_args(argv)
    virtual = args.virtual or (not args.real_device and "PULSE_SERVER" not in os.environ)
    lines = texts()
    rss_before = rss_mb()
    settings = SpeechSettings(rate_wpm=args.rate)
    print(
        f"{len(lines)} built-in lines, rate {args.rate} wpm, "
        f"{'virtual PulseAudio' if virtual else 'default device'}"
    )
    factors = bench_synthesis(lines, args.rate)
    report("synthesis real-time factor (render s / audio s)", factors, "", 1.0, 4)
    with sound_system(virtual):
        latencies, out_latency = bench_latency(lines, settings)
    print(f"first line after start (output stream just opened): {latencies[0] * 1000:.0f} ms")
    rest = latencies[1:]
    report("Say -> first sample to PortAudio (each cutting the line before)", rest, "ms", 1000)
    with_out = [value + out_latency for value in rest]
    report(
        f"Say -> sound leaves the speaker (+{out_latency * 1000:.0f} ms output latency)",
        with_out,
        "ms",
        1000,
    )
    print(f"peak RSS: {rss_mb():.0f} MB (before speech: {rss_before:.0f} MB)")


if __name__ == "__main__":
    main()
