"""Benchmark of offline command listening: false accepts, misses, latency, CPU, memory.

Runs the production ``Spotter`` over long labelled streams (``bench_listen_corpus``) faster
than real time, for the production settings and for each defence layer switched off or on,
and prints per configuration: false accepts per hour of negative audio, misses, wrong
commands, latency from the end of the spoken command to acceptance (median, p95), CPU share
of one core, and memory. ``--live`` adds a latency measurement through a real (virtual)
PulseAudio microphone. ``--check`` compares with ``bench_listen_thresholds.toml`` and exits
non-zero on a regression (CI runs ``--quick --check``).

    python scripts/bench_listen.py --quick --check          # CI, a few minutes
    python scripts/bench_listen.py --hours 1 --sweep --live 20
    python scripts/bench_listen.py --model PATH --vocab nl  # any model and vocabulary
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import resource
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from facilitator.listening.gating import Decision  # noqa: E402 (after the path set-up)
from facilitator.listening.models import load_model  # noqa: E402
from facilitator.listening.settings import ListenSettings  # noqa: E402
from facilitator.listening.spotter import Spotter  # noqa: E402
from facilitator.listening.vocabulary import load_vocabulary  # noqa: E402
from scripts.bench_listen_corpus import (  # noqa: E402
    COMMAND_LANGUAGE,
    COMMAND_VOICES,
    KO_VOICES,
    Stream,
    build_stream,
)
from scripts.bench_listen_human import build_human_stream  # noqa: E402
from tests.support.listening_audio import RATE, ko_model_path, read_pcm, synth  # noqa: E402

THRESHOLDS = Path(__file__).with_name("bench_listen_thresholds.toml")
DEFAULT_VOCAB = REPO / "tests" / "data" / "vocab_ko.toml"
MATCH_WINDOW_S = 2.5  # s after the end of a command in which its acceptance counts
QUICK_NEGATIVE_S = 300.0  # s
QUICK_HUMAN_S = 240.0  # s of real human speech in CI's quick check
QUICK_HUMAN_SOURCES = ("asterisk-en", "asterisk-fr")
WAKE_NAME_KO = "라디오"

#: Defence layers, each switched off from the production settings (plus a bare baseline).
LAYERS: dict[str, dict[str, Any]] = {
    "production": {},
    "no recheck": {"recheck": False},
    "recheck 29 absorbers": {"recheck_absorbers": 29},
    "open-vocabulary recheck": {"recheck_open": True},
    "no pause rule": {"min_pause_s": 0.0},
    "pause 0.5 s": {"min_pause_s": 0.5},
    "no early end": {"early_end_s": None},
    "no voicing rule": {"min_voiced": 0.0},
    "no absorbers": {"primary_absorbers": 0},
    "no confidence rule": {"min_conf": 0.0},
    "no cooldown": {"cooldown_s": 0.0},
    "bare (exact phrase only)": {
        "recheck": False,
        "min_pause_s": 0.0,
        "early_end_s": None,
        "cooldown_s": 0.0,
        "min_voiced": 0.0,
        "primary_absorbers": 0,
        "min_conf": 0.0,
    },
    "address name": {"wake_name": WAKE_NAME_KO},
}

#: Trade-off curves: one setting of a sound check stepped over its range (``--curves``).
#: "templates": the group's voice templates (each command once per voice, at another speed than
#: the test commands), as the voice check takes them.
CURVES: dict[str, dict[str, Any]] = {
    "no sound check": {"min_likelihood": None, "min_syllable_s": 0.0},
    **{
        f"likelihood >= {x:g}": {"min_likelihood": float(x), "min_syllable_s": 0.0}
        for x in (1, 3, 5, 8)
    },
    **{
        f"syllable >= {x:g} s": {"min_likelihood": None, "min_syllable_s": x}
        for x in (0.1, 0.12, 0.14)
    },
    "likelihood >= 5 + syllable >= 0.1 s": {"min_likelihood": 5.0, "min_syllable_s": 0.1},
    **{
        f"templates <= {d:g}": {"templates": True, "max_template_distance": float(d)}
        for d in (24, 28, 30, 32)
    },
}
TEMPLATE_SPEED = 160  # words per minute of the template clips (the test commands use others)


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    commands: int
    hits: int
    misses: int
    wrong: int
    false_accepts: int
    negative_h: float
    latency_median_s: float
    latency_p95_s: float
    cpu_share: float  # of one core, while decoding
    audio_s: float
    #: command -> [spoken, recognised, wrong, false accepts, latency sum s]
    per_command: dict[str, list[float]] = dataclasses.field(default_factory=dict)

    @property
    def false_accepts_per_h(self) -> float:
        return self.false_accepts / self.negative_h if self.negative_h else 0.0

    @property
    def miss_rate(self) -> float:
        return self.misses / self.commands if self.commands else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.commands if self.commands else 0.0


@dataclass(frozen=True, slots=True)
class Row:
    """One configuration on both streams: synthetic negatives and real human speech."""

    synthetic: Result
    human: Result | None

    @property
    def name(self) -> str:
        return self.synthetic.name

    @property
    def parts(self) -> tuple[Result, ...]:
        return (self.synthetic,) if self.human is None else (self.synthetic, self.human)

    @property
    def commands(self) -> int:
        return sum(r.commands for r in self.parts)

    @property
    def miss_rate(self) -> float:
        return sum(r.misses for r in self.parts) / self.commands if self.commands else 0.0

    @property
    def wrong_rate(self) -> float:
        return sum(r.wrong for r in self.parts) / self.commands if self.commands else 0.0

    @property
    def human_false_accepts_per_h(self) -> float:
        return self.human.false_accepts_per_h if self.human is not None else float("nan")

    @property
    def cpu_share(self) -> float:
        audio = sum(r.audio_s for r in self.parts)
        return sum(r.cpu_share * r.audio_s for r in self.parts) / audio

    @property
    def latency_median_s(self) -> float:
        return self.synthetic.latency_median_s

    @property
    def latency_p95_s(self) -> float:
        return self.synthetic.latency_p95_s


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident set size now, in MB."""
    return _status_mb("VmRSS")


def peak_rss_mb() -> float:
    """Peak resident set size since the last ``reset_peak``, in MB."""
    return _status_mb("VmHWM")


def reset_peak() -> None:
    """Reset the kernel's peak-RSS mark (so corpus building does not count)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError as err:
        print(f"(peak RSS includes corpus building: {err})")


def run(
    name: str, model: Any, vocab_path: str, stream: Stream, overrides: dict[str, Any]
) -> Result:
    overrides = dict(overrides)
    with_templates = overrides.pop("templates", False)
    settings = dataclasses.replace(ListenSettings(vocabulary=vocab_path), **overrides)
    spotter = Spotter(model, load_vocabulary(vocab_path), settings, RATE)
    if with_templates:
        for phrase, command in load_vocabulary(vocab_path).phrases.items():
            spoken = f"{settings.wake_name} {phrase}" if settings.wake_name else phrase
            for voice in COMMAND_VOICES.get(COMMAND_LANGUAGE[0], KO_VOICES):
                clip = read_pcm(synth(spoken, voice, TEMPLATE_SPEED))
                spotter.templates.add(command.value, clip.tobytes(), RATE)
    step = round(settings.block_s * RATE)  # samples
    decisions: list[Decision] = []
    cpu0 = time.process_time()
    for start in range(0, len(stream.pcm), step):  # block by block: no copy of the stream
        decisions += spotter.feed(stream.pcm[start : start + step].tobytes())
    decisions += spotter.flush()
    cpu = time.process_time() - cpu0
    accepted = [d for d in decisions if d.accepted]
    used: set[int] = set()
    hits = wrong = 0
    latencies: list[float] = []
    per: dict[str, list[float]] = {}
    for label in stream.labels:
        row = per.setdefault(label.command, [0, 0, 0, 0, 0.0])
        row[0] += 1
        found = None
        for i, d in enumerate(accepted):
            if i not in used and label.end_s - 0.5 <= d.at_s <= label.end_s + MATCH_WINDOW_S:
                found = i
                break
        if found is None:
            continue
        used.add(found)
        if accepted[found].command == label.command:
            hits += 1
            latencies.append(accepted[found].at_s - label.end_s)
            row[1] += 1
            row[4] += latencies[-1]
        else:
            wrong += 1
            row[2] += 1
    for i, d in enumerate(accepted):
        if i not in used and d.command is not None:
            per.setdefault(d.command.value, [0, 0, 0, 0, 0.0])[3] += 1
    lat = np.array(latencies) if latencies else np.array([float("nan")])
    return Result(
        name=name,
        commands=len(stream.labels),
        hits=hits,
        misses=len(stream.labels) - hits - wrong,
        wrong=wrong,
        false_accepts=len(accepted) - len(used),
        negative_h=stream.negative_s / 3600,
        latency_median_s=float(np.median(lat)),
        latency_p95_s=float(np.percentile(lat, 95)),
        cpu_share=cpu / stream.duration_s,
        audio_s=stream.duration_s,
        per_command=per,
    )


def print_table(rows: list[Row]) -> None:
    print(
        f"{'configuration':<30} {'FA/h human':>10} {'FA/h synth':>10} {'miss':>6} {'wrong':>6} "
        f"{'lat med':>8} {'lat p95':>8} {'CPU':>6}"
    )
    for r in rows:
        print(
            f"{r.name:<30} {r.human_false_accepts_per_h:10.1f} "
            f"{r.synthetic.false_accepts_per_h:10.1f} "
            f"{r.miss_rate:6.1%} {r.wrong_rate:6.1%} {r.latency_median_s:7.2f}s "
            f"{r.latency_p95_s:7.2f}s {r.cpu_share:6.1%}"
        )


def print_per_command(result: Result) -> None:
    print(f"per command ({result.name}):")
    print(f"{'command':<15} {'spoken':>6} {'missed':>7} {'wrong':>6} {'FA/h':>6} {'lat mean':>9}")
    for command, (spoken, hit, wrong, fa, lat) in sorted(result.per_command.items()):
        missed = (spoken - hit - wrong) / spoken if spoken else 0.0
        mean = f"{lat / hit:8.2f}s" if hit else "        -"
        print(
            f"{command:<15} {spoken:6.0f} {missed:6.1%} {wrong:6.0f} "
            f"{fa / result.negative_h:6.1f} {mean}"
        )


def check(row: Row, memory_over_model_mb: float, path: Path, quick: bool) -> list[str]:
    limits = tomllib.loads(path.read_text(encoding="utf-8"))["quick" if quick else "full"]
    failures = []
    figures = {
        "false_accepts_per_h": row.synthetic.false_accepts_per_h,
        "human_false_accepts_per_h": row.human_false_accepts_per_h,
        "miss_rate": row.miss_rate,
        "wrong_rate": row.wrong_rate,
        "latency_median_s": row.latency_median_s,
        "latency_p95_s": row.latency_p95_s,
        "cpu_share": row.cpu_share,
        "memory_over_model_mb": memory_over_model_mb,
    }
    for key, value in figures.items():
        limit = limits.get(f"max_{key}")
        if limit is not None and not value <= limit:  # NaN fails too
            failures.append(f"{key} = {value:.3f} > {limit}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="model dir (default: ko test)")
    parser.add_argument("--vocab", default=str(DEFAULT_VOCAB), help="nl, en or a TOML path")
    parser.add_argument("--quick", action="store_true", help="5 min of negatives (CI)")
    parser.add_argument("--hours", type=float, default=1.0, help="hours of synthetic negatives")
    parser.add_argument(
        "--human-min", type=float, default=60.0, help="minutes of real human speech (0: none)"
    )
    parser.add_argument("--sweep", action="store_true", help="every defence layer on/off")
    parser.add_argument("--curves", action="store_true", help="sound-check trade-off curves")
    parser.add_argument("--only", help="comma-separated configuration names (with --sweep)")
    parser.add_argument("--live", type=int, default=0, help="N commands through a virtual mic")
    parser.add_argument("--check", action="store_true", help="fail on threshold regressions")
    parser.add_argument("--thresholds", type=Path, default=THRESHOLDS)
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)

    vocab = load_vocabulary(args.vocab)
    COMMAND_LANGUAGE[0] = vocab.language
    negative_s = QUICK_NEGATIVE_S if args.quick else args.hours * 3600
    human_s = QUICK_HUMAN_S if args.quick else args.human_min * 60
    human_sources = QUICK_HUMAN_SOURCES if args.quick else None
    t0 = time.monotonic()
    phrases = {p: c.value for p, c in vocab.phrases.items()}

    def streams(wake_name: str | None = None) -> tuple[Stream, Stream | None]:
        synthetic = build_stream(phrases, negative_s, args.quick, wake_name=wake_name)
        human = None
        if human_s > 0:
            human = build_human_stream(
                phrases, human_s, True, wake_name=wake_name, sources=human_sources
            )
        return synthetic, human

    stream, human = streams()
    for label, this in (("synthetic", stream), ("human", human)):
        if this is None:
            continue
        print(
            f"{label} stream: {this.duration_s / 60:.1f} min, {len(this.labels)} commands, "
            + ", ".join(f"{k} {v / 60:.1f} min" for k, v in this.parts.items())
        )
    print(f"(built in {time.monotonic() - t0:.0f} s)")
    gc.collect()
    reset_peak()
    base_rss = rss_mb()
    t0 = time.monotonic()
    model = load_model(args.model or ko_model_path())
    model_mb = rss_mb() - base_rss
    print(f"model loaded in {time.monotonic() - t0:.1f} s, {model_mb:.0f} MB resident")
    layers = LAYERS if args.sweep else {"production": {}}
    if args.only:
        layers = {name: {**LAYERS, **CURVES}[name] for name in args.only.split(",")}
    if args.curves:
        layers = {**layers, **CURVES}
    rows: list[Row] = []
    for name, overrides in layers.items():
        these = (stream, human)
        if "wake_name" in overrides:
            these = streams(overrides["wake_name"])
        synthetic = run(name, model, args.vocab, these[0], overrides)
        on_human = None if these[1] is None else run(name, model, args.vocab, these[1], overrides)
        rows.append(Row(synthetic, on_human))
        print_table(rows[-1:])
    print()
    print_per_command(rows[0].synthetic)
    print()
    print_table(rows)
    over_model = peak_rss_mb() - base_rss - model_mb
    print(
        f"memory: model {model_mb:.0f} MB, peak RSS {peak_rss_mb():.0f} MB, "
        f"{over_model:.0f} MB above model + process baseline (incl. the streams)"
    )
    live: dict[str, float] = {}
    if args.live:
        from scripts.bench_listen_live import live_latency

        live = live_latency(args.model or ko_model_path(), args.vocab, args.live)
        print(
            f"live latency through the virtual microphone: median {live['median_s']:.2f} s, "
            f"p95 {live['p95_s']:.2f} s, {live['hits']}/{live['count']} recognised"
        )
    if args.json:
        payload = {
            "results": [
                {
                    "name": r.name,
                    "human_false_accepts_per_h": r.human_false_accepts_per_h,
                    "false_accepts_per_h": r.synthetic.false_accepts_per_h,
                    "miss_rate": r.miss_rate,
                    "latency_median_s": r.latency_median_s,
                }
                for r in rows
            ],
            "model_mb": model_mb,
            "over_model_mb": over_model,
            "live": live,
        }
        args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    if args.check:
        failures = check(rows[0], over_model, args.thresholds, args.quick)
        for failure in failures:
            print(f"REGRESSION: {failure}")
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
