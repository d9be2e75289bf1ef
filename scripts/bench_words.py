"""Words the device speaks in a rehearsed session of every built-in method, for a group new to
the method and for one that knows it (short prompts), and how long it talks before the first
person may speak.

    python scripts/bench_words.py            # a Markdown table (the README's figures)
    python scripts/bench_words.py --check    # exit 1 when a budget of the tests is exceeded

The rehearsal (``tests/support/spoken.py``) lets every turn and every step run to its
time-up before the group moves on: the most the device says. Seconds are at the default
speaking rate of 150 words per minute.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.events import Say, TurnStarted
from facilitator.listening.vocabulary import load_vocabulary
from facilitator.methods.registry import builtin_methods
from facilitator.phrases import get_phrases
from facilitator.units import SECONDS_PER_MINUTE
from tests.support.spoken import Rehearsal, rehearse

RATE_WPM = 150  # the default speaking rate (settings: spraak.snelheid)


def before_first_turn(r: Rehearsal) -> int:
    """Words said before the first person is given the floor."""
    first = next((i for i, e in enumerate(r.events) if isinstance(e, TurnStarted)), len(r.events))
    return sum(len(e.text.split()) for e in r.events[:first] if isinstance(e, Say))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when a budget is exceeded")
    args = parser.parse_args(argv)
    from tests.test_speech_economy import FIRST_TIME_BUDGET

    print(
        "| Method | Minutes | First time: words | Knows the method: words | Ratio "
        "| Talk before the first turn |"
    )
    print("|---|---|---|---|---|---|")
    ratios: list[float] = []
    over: list[str] = []
    for method in builtin_methods():
        numbers = [m.number for m in method.meetings] or [None]
        for number in numbers:
            full = rehearse(method, meeting=number)
            brief = rehearse(method, meeting=number, brief=True)
            ratio = brief.words / full.words
            ratios.append(ratio)
            name = method.id if number is None else f"{method.id} ({number})"
            opening = before_first_turn(full)
            seconds = round(opening / RATE_WPM * SECONDS_PER_MINUTE)
            print(
                f"| {name} | {full.minutes:g} | {full.words} | {brief.words} | {ratio:.2f} "
                f"| {opening} words, {seconds} s |"
            )
            if full.words > FIRST_TIME_BUDGET[method.id] or ratio > 0.5:
                over.append(name)
    help_text = get_phrases("nl").help_voice(load_vocabulary("nl").help_phrases())
    print()
    print(
        f"Ratio experienced / first time: median {statistics.median(ratios):.2f}, "
        f"max {max(ratios):.2f} (budget 0.50). Spoken help: {len(help_text.split())} words "
        "(budget under 30)."
    )
    if args.check and over:
        print(f"Over budget: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
