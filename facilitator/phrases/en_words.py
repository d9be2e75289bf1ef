"""English numbers, durations and clock times written out as words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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


def duration(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 57.5:
        step = 5 if seconds >= 20 else 1
        value = max(1, round(seconds / step) * step)
        return "one second" if value == 1 else f"{number(value)} seconds"
    if seconds < 105:
        return "one minute" if round(seconds / 30) <= 2 else "a minute and a half"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{number(minutes)} minutes"
    hours, rest = divmod(minutes, 60)
    head = "one hour" if hours == 1 else f"{number(hours)} hours"
    if rest == 0:
        return head
    return f"{head} and " + ("one minute" if rest == 1 else f"{number(rest)} minutes")


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
