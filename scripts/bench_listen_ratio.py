"""The likelihood ratio's whole trade-off curve from one decode per stream.

The production spotter decodes the human and the synthetic stream once with the sound check
recording every candidate's likelihood ratio (and passing it); since the same audio always gets
the same score (``verify.same_dither``), the false accepts and misses at any threshold follow
from those records. (The cooldown after an accepted false command is the one thing this can
differ in from a real run at that threshold; ``bench_listen.py --only "likelihood >= N"`` gives
the exact figure for one point.)

    python scripts/bench_listen_ratio.py --human-min 62 --hours 0.4
    python scripts/bench_listen_ratio.py --model PATH --vocab nl --human-min 155
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from facilitator.listening.models import load_model  # noqa: E402
from facilitator.listening.settings import ListenSettings  # noqa: E402
from facilitator.listening.spotter import Spotter  # noqa: E402
from facilitator.listening.vocabulary import load_vocabulary  # noqa: E402
from scripts.bench_listen import DEFAULT_VOCAB, MATCH_WINDOW_S  # noqa: E402
from scripts.bench_listen_corpus import COMMAND_LANGUAGE, Stream, build_stream  # noqa: E402
from scripts.bench_listen_human import build_human_stream  # noqa: E402
from tests.support.listening_audio import RATE, ko_model_path  # noqa: E402

THRESHOLDS = (None, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)  # per s; None: no sound check
PASS_ALL = -1e9  # the recording run lets every candidate through


@dataclasses.dataclass(frozen=True, slots=True)
class Records:
    accepted: list[tuple[float, str, float]]  # (stream time s, command, ratio per s)
    labels: list[tuple[str, float]]  # (command, end of its speech s)
    negative_h: float


def record(model: object, vocab_path: str, stream: Stream) -> Records:
    vocab = load_vocabulary(vocab_path)
    settings = ListenSettings(vocabulary=vocab_path, min_likelihood=PASS_ALL)
    spotter = Spotter(model, vocab, settings, RATE)
    assert spotter._ratio is not None
    ratios: dict[float, float] = {}
    score = spotter._ratio.per_second

    def recorded(phrase: str, audio: bytes) -> float:
        value = score(phrase, audio)
        ratios[round(spotter.position_s, 3)] = value
        return value

    spotter._ratio.per_second = recorded  # type: ignore[method-assign]
    step = round(settings.block_s * RATE)
    decisions = []
    for start in range(0, len(stream.pcm), step):
        decisions += spotter.feed(stream.pcm[start : start + step].tobytes())
    decisions += spotter.flush()
    accepted = [
        (d.at_s, d.command.value, ratios.get(round(d.at_s, 3), float("inf")))
        for d in decisions
        if d.accepted and d.command is not None
    ]
    labels = [(label.command, label.end_s) for label in stream.labels]
    return Records(accepted, labels, stream.negative_s / 3600)


def at_threshold(records: Records, threshold: float | None) -> tuple[int, int]:
    """(false accepts, commands heard) when the sound check needs ``threshold`` per s."""
    accepted = [a for a in records.accepted if threshold is None or a[2] >= threshold]
    used: set[int] = set()
    hits = 0
    for command, end in records.labels:
        for i, (at, heard, _) in enumerate(accepted):
            if i not in used and end - 0.5 <= at <= end + MATCH_WINDOW_S:
                used.add(i)
                hits += heard == command
                break
    return len(accepted) - len(used), hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--vocab", default=str(DEFAULT_VOCAB))
    parser.add_argument("--human-min", type=float, default=62.0)
    parser.add_argument("--hours", type=float, default=0.4, help="hours of synthetic negatives")
    args = parser.parse_args(argv)
    vocab = load_vocabulary(args.vocab)
    COMMAND_LANGUAGE[0] = vocab.language
    phrases = {p: c.value for p, c in vocab.phrases.items()}
    model = load_model(args.model or ko_model_path())
    human = record(model, args.vocab, build_human_stream(phrases, args.human_min * 60, True))
    synthetic = record(model, args.vocab, build_stream(phrases, args.hours * 3600, False))
    commands = len(human.labels) + len(synthetic.labels)
    print(
        f"human: {human.negative_h * 60:.0f} min, {len(human.labels)} commands; synthetic: "
        f"{synthetic.negative_h * 60:.0f} min, {len(synthetic.labels)} commands"
    )
    print("ratio >= | FA/h human (n) | FA/h synthetic (n) | misses, all commands | human's")
    for threshold in THRESHOLDS:
        fa_h, hits_h = at_threshold(human, threshold)
        fa_s, hits_s = at_threshold(synthetic, threshold)
        missed = commands - hits_h - hits_s
        name = "off" if threshold is None else f"{threshold:g}"
        print(
            f"{name:>8} | {fa_h / human.negative_h:5.1f} ({fa_h}) | "
            f"{fa_s / synthetic.negative_h:5.1f} ({fa_s}) | "
            f"{missed / commands:6.1%} ({missed}/{commands}) | "
            f"{len(human.labels) - hits_h}/{len(human.labels)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
