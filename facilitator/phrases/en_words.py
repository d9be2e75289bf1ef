"""English numbers, durations and clock times written out as words."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from facilitator.units import SECONDS_PER_MINUTE

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number(n: int) -> str:
    if n < 0:
        return "minus " + number(-n)
    if n < 20:
        return _SMALL[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (f"-{_SMALL[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_SMALL[hundreds]} hundred" + (f" and {number(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{number(thousands)} thousand" + (f" {number(rest)}" if rest else "")


MINUTES_PER_HOUR = 60
HALF_MINUTE_S = 30  # durations under an hour are said to the nearest half minute
SECONDS_LIMIT_S = 57.5  # under this, a duration is said in seconds


def duration(seconds: float) -> str:
    """``90`` -> ``"a minute and a half"``, ``150`` -> ``"two and a half minutes"``, ``30`` ->
    ``"half a minute"``; under an hour to the nearest half minute."""
    seconds = abs(seconds)
    if seconds < SECONDS_LIMIT_S:
        step = 5 if seconds >= 20 else 1
        value = max(1, round(seconds / step) * step)
        if value == HALF_MINUTE_S:
            return "half a minute"
        return "one second" if value == 1 else f"{number(value)} seconds"
    halves = math.floor(seconds / HALF_MINUTE_S + 0.5)
    if halves < 2 * MINUTES_PER_HOUR:
        return minutes_and_halves(halves)
    minutes = round(seconds / SECONDS_PER_MINUTE)
    hours, rest = divmod(minutes, MINUTES_PER_HOUR)
    if rest == 30:
        return "an hour and a half" if hours == 1 else f"{number(hours)} and a half hours"
    head = "one hour" if hours == 1 else f"{number(hours)} hours"
    if rest == 0:
        return head
    return f"{head} and " + ("one minute" if rest == 1 else f"{number(rest)} minutes")


def minutes_and_halves(halves: int) -> str:
    """A count of half minutes in words: 1 -> "half a minute", 3 -> "a minute and a half",
    5 -> "two and a half minutes"."""
    whole, half = divmod(halves, 2)
    if not half:
        return "one minute" if whole == 1 else f"{number(whole)} minutes"
    if whole == 0:
        return "half a minute"
    if whole == 1:
        return "a minute and a half"
    return f"{number(whole)} and a half minutes"


def clock_time(at: datetime) -> str:
    total = round((at.hour * 60 + at.minute + at.second / 60) / 5) * 5
    hour, minute = divmod(total, 60)
    h12 = hour % 12 or 12
    nxt = (hour + 1) % 12 or 12
    if minute == 0:
        return f"{number(h12)} o'clock"
    if minute == 15:
        return f"quarter past {number(h12)}"
    if minute == 30:
        return f"half past {number(h12)}"
    if minute == 45:
        return f"quarter to {number(nxt)}"
    if minute < 30:
        return f"{number(minute)} past {number(h12)}"
    return f"{number(60 - minute)} to {number(nxt)}"


def names(items: Sequence[str]) -> str:
    """``["Anna", "Bram", "Carla"]`` -> ``"Anna, Bram and Carla"``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
