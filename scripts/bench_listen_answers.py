"""Benchmark of listening for answers: false accepts on real human speech while a question is
open, and recall of each question's answers, for the production settings.

A question's grammar is small (its answers and names only), so the risk is not confusing two
commands but taking ordinary speech for an answer: "ja" and "nee" are the most common words in
a conversation. Each question below stays open for the whole stream of real human speech
(``bench_listen_human.human_chunks``: short utterances with pauses, several languages and
speakers), so the figure is false accepts per hour *of open question*; a question is open for
some 10 to 20 s, so per question the chance is that figure times the seconds open / 3600.
The variant "single" answers with single words (as "ja"/"nee" would be) instead of the pairs of
the test vocabulary, to measure what a second word buys. It also prints how long switching
the spotter to a question's grammar and back takes (done on the audio thread between blocks).

    python scripts/bench_listen_answers.py                 # 30 min of human speech per question
    python scripts/bench_listen_answers.py --minutes 5     # quicker
    python scripts/bench_listen_answers.py --single-floor 1 --only present,case   # no stricter
                                               # sound check for one-word answers and names
    python scripts/bench_listen_answers.py --minutes 240 --only names --pairs-only \
        --name-floors 6,7,8,9,10           # the names question's curve on all human speech

The names question's figures also count its names alone ("names": heard of said; the same
names at each speed and voice), as a one-word name has its own floor (``min_likelihood_name``).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from facilitator.events import Answer  # noqa: E402 (after the path set-up)
from facilitator.listening.models import load_model  # noqa: E402
from facilitator.listening.settings import ListenSettings  # noqa: E402
from facilitator.listening.spotter import Spotter  # noqa: E402
from facilitator.listening.vocabulary import Vocabulary, parse_vocabulary  # noqa: E402
from scripts.bench_listen_human import human_chunks  # noqa: E402
from tests.support.listening_audio import RATE, clip, feed, ko_model_path, silence  # noqa: E402

VOCAB_PATH = REPO / "tests" / "data" / "vocab_ko.toml"
SPEEDS = (110, 140, 175)
VOICES = ("ko", "ko+f2")
CHOICES = tuple(Answer(f"choice_{n}") for n in range(1, 7))
DURATIONS = tuple(a for a in Answer if a.value.startswith("minutes_"))
NAMES = ("민수", "지수")
#: question -> (answers, names): the answer sets the set-up dialogue asks.
YES_NO = (Answer.YES, Answer.NO, Answer.AGAIN)
QUESTIONS: dict[str, tuple[tuple[Answer, ...], tuple[str, ...]]] = {
    "wake": ((Answer.BEGIN,), ()),
    "present": (YES_NO, ()),  # also "method": the proposal accepted or not
    "count": ((*CHOICES[1:], Answer.AGAIN), ()),
    "method_choice": ((*CHOICES, Answer.AGAIN), ()),
    "duration": ((*DURATIONS, Answer.AGAIN), ()),
    "case": (YES_NO, NAMES),
    #: "wie is er?": a group of five whose names the model knows (it stays open while names
    #: come in, so a name taken from other speech counts someone in who is not there)
    "names": ((Answer.DONE, Answer.AGAIN), ("민수", "지수", "서연", "지영", "준호")),
}
#: Single-word answers (the reliable single words of the proxy), as "ja"/"nee"/"opnieuw".
SINGLE = {Answer.YES: "감사합니다", Answer.NO: "아니요", Answer.AGAIN: "여보세요"}


def vocabulary(single: bool) -> Vocabulary:
    text = VOCAB_PATH.read_text(encoding="utf-8")
    if single:
        for answer, word in SINGLE.items():
            head, _, tail = text.partition(f"\n{answer.value} = ")
            text = head + f'\n{answer.value} = ["{word}"]' + tail[tail.index("\n") :]
    return parse_vocabulary(text, str(VOCAB_PATH))


def human_audio(minutes: float, seed: int) -> np.ndarray:
    chunks, _ = human_chunks(minutes * 60, random.Random(seed))
    return np.concatenate([clip for _, clip in chunks])


def heard(spot: Spotter, pcm: np.ndarray) -> list[Answer | str]:
    """The answers (and ``name:NAME``) ``spot`` took from ``pcm``."""
    return [
        d.reply.answer or f"name:{d.reply.name}"
        for d in feed(spot, pcm)
        if d.accepted and d.reply is not None
    ]


@dataclasses.dataclass
class Figures:
    false_accepts: int = 0  # on the human speech
    hits: int = 0  # answers and names recognised
    wrong: int = 0  # another answer than the one said
    spoken: int = 0
    name_hits: int = 0  # the names alone
    names_spoken: int = 0
    cpu_s: float = 0.0  # decoding the human speech


def measure(
    model: object,
    vocab: Vocabulary,
    key: str,
    human: np.ndarray,
    floors: tuple[float | None, float | None],
) -> Figures:
    """Figures of one question; ``floors``: (min_likelihood_single, min_likelihood_name),
    None keeps the setting's default (NaN: off)."""
    settings = ListenSettings.from_mapping({"vocabulary": str(VOCAB_PATH)})
    single_floor, name_floor = floors
    if single_floor is not None:
        settings = dataclasses.replace(settings, min_likelihood_single=single_floor)
    if name_floor is not None:
        off = math.isnan(name_floor)
        settings = dataclasses.replace(settings, min_likelihood_name=None if off else name_floor)
    spot = Spotter(model, vocab, settings, RATE)
    answers, names = QUESTIONS[key]
    spot.ask(answers, names)
    started = time.process_time()
    figures = Figures(false_accepts=len(heard(spot, np.concatenate([human, silence(2.0)]))))
    figures.cpu_s = time.process_time() - started
    said = [(vocab.answer_phrases(a)[0], a) for a in answers] + [(n, f"name:{n}") for n in names]
    for phrase, expected in said:
        for speed in SPEEDS:
            for voice in VOICES:
                got = heard(spot, clip(phrase, speed, voice))
                figures.spoken += 1
                figures.hits += got == [expected]
                figures.wrong += any(g != expected for g in got)
                if not isinstance(expected, Answer):  # a name
                    figures.names_spoken += 1
                    figures.name_hits += got == [expected]
    return figures


def switch_times(model: object, vocab: Vocabulary, rounds: int = 20) -> str:
    """Percentiles of switching to each question's grammar (first time: built) and back."""
    settings = ListenSettings.from_mapping({"vocabulary": str(VOCAB_PATH)})
    spot = Spotter(model, vocab, settings, RATE)
    first: list[float] = []
    cached: list[float] = []
    back: list[float] = []
    for round_ in range(rounds):
        for answers, names in QUESTIONS.values():
            started = time.perf_counter()
            spot.ask(answers, names)
            (first if round_ == 0 else cached).append(time.perf_counter() - started)
            started = time.perf_counter()
            spot.close_question()
            back.append(time.perf_counter() - started)

    def ms(values: list[float]) -> str:
        p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
        return f"median {statistics.median(values) * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms"

    return f"switch: first ask {ms(first)}; again {ms(cached)}; back to commands {ms(back)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="human speech per question")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--only", help="comma-separated questions")
    parser.add_argument(
        "--single-floor", type=float, help="min_likelihood_single (default: the setting's)"
    )
    parser.add_argument(
        "--name-floors",
        help="comma-separated min_likelihood_name values to sweep ('off': none; "
        "default: the setting's)",
    )
    parser.add_argument("--pairs-only", action="store_true", help="skip the single-word variant")
    args = parser.parse_args(argv)
    model = load_model(ko_model_path())
    print(switch_times(model, vocabulary(False)))
    human = human_audio(args.minutes, args.seed)
    hours = len(human) / RATE / 3600
    print(f"{len(human) / RATE / 60:.1f} min of human speech per question (seed {args.seed})")
    heads = f"{'FA':>3} {'FA/h':>6} {'recall':>8} {'names':>8} {'wrong':>5} {'CPU':>6}"
    print(f"{'question':<16} {'answers':<7} {'name floor':>10} {heads}")
    keys = args.only.split(",") if args.only else list(QUESTIONS)
    floor = args.single_floor
    shown = floor if floor is not None else ListenSettings().min_likelihood_single
    print(f"sound check: min_likelihood {ListenSettings().min_likelihood}, one word {shown}")
    name_floors: list[float | None] = [None]
    if args.name_floors:
        name_floors = [math.nan if x == "off" else float(x) for x in args.name_floors.split(",")]
    for single in (False,) if args.pairs_only else (False, True):
        vocab = vocabulary(single)
        for key in keys:
            if single and not set(QUESTIONS[key][0]) & set(SINGLE):
                continue
            for name_floor in name_floors if QUESTIONS[key][1] else [None]:
                f = measure(model, vocab, key, human, (floor, name_floor))
                shown_name: object = (
                    ListenSettings().min_likelihood_name if name_floor is None else name_floor
                )
                if shown_name is None or (isinstance(shown_name, float) and math.isnan(shown_name)):
                    shown_name = "off"
                names = f"{f.name_hits}/{f.names_spoken}" if f.names_spoken else "-"
                print(
                    f"{key:<16} {'single' if single else 'pairs':<7} {shown_name!s:>10} "
                    f"{f.false_accepts:>3} {f.false_accepts / hours:6.1f} "
                    f"{f.hits:>3}/{f.spoken:<4} {names:>8} {f.wrong:>5} "
                    f"{f.cpu_s / (hours * 3600):6.1%}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
