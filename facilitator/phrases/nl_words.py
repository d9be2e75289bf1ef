"""Dutch numbers, durations and clock times written out as words (for speech and captions)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from facilitator.units import SECONDS_PER_MINUTE

_UNITS = [
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
]
_TENS = [
    "_",
    "_",
    "twintig",
    "dertig",
    "veertig",
    "vijftig",
    "zestig",
    "zeventig",
    "tachtig",
    "negentig",
]

MINUTES_PER_HOUR = 60
#: Under this many seconds a duration is said in seconds.
SECONDS_LIMIT_S = 60
HALF_MINUTE_S = 30  # durations under an hour are said to the nearest half minute


def number(n: int) -> str:
    """``22`` → ``"tweeëntwintig"``; 0 to 999 999."""
    if n < 0:
        return "min " + _compound(-n)
    if n == 1:
        return "één"  # stressed when it stands alone ("stap één"); "honderdeen" below
    return _compound(n)


def _compound(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS[tens]
        word = _UNITS[unit]
        joiner = "ën" if word.endswith("e") else "en"  # tweeëntwintig, drieëntwintig
        return f"{word}{joiner}{_TENS[tens]}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "honderd" if hundreds == 1 else f"{_UNITS[hundreds]}honderd"
        return head + (_compound(rest) if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "duizend" if thousands == 1 else f"{_compound(thousands)}duizend"
    return head + (" " + _compound(rest) if rest else "")


def _round_seconds(seconds: float) -> int:
    """Seconds rounded the way people say them: to 5 s from 20 s up, to 1 s below."""
    step = 5 if seconds >= 20 else 1
    return max(1, round(seconds / step) * step)


def _halves(seconds: float) -> int:
    """``seconds`` rounded to the nearest half minute (halves round up), in half minutes."""
    return math.floor(seconds / HALF_MINUTE_S + 0.5)


def duration(seconds: float) -> str:
    """``90`` → ``"anderhalve minuut"``, ``150`` → ``"twee en een halve minuut"``, ``30`` →
    ``"een halve minuut"``, ``45`` → ``"vijfenveertig seconden"``, ``4000`` → ``"een uur en
    zeven minuten"``. Under an hour to the nearest half minute; negative durations are said as
    their size."""
    seconds = abs(seconds)
    if seconds < SECONDS_LIMIT_S - 2.5:
        value = _round_seconds(seconds)
        if value == HALF_MINUTE_S:
            return "een halve minuut"
        return "een seconde" if value == 1 else f"{number(value)} seconden"
    halves = _halves(seconds)
    if halves < 2 * MINUTES_PER_HOUR:
        return minutes_and_halves(halves)
    minutes = round(seconds / SECONDS_PER_MINUTE)
    hours, rest = divmod(minutes, MINUTES_PER_HOUR)
    if rest == 30:  # anderhalf uur, tweeënhalf uur
        if hours == 1:
            return "anderhalf uur"
        word = number(hours)
        return f"{word}{'ën' if word.endswith('e') else 'en'}half uur"
    head = "een uur" if hours == 1 else f"{number(hours)} uur"
    if rest == 0:
        return head
    tail = "een minuut" if rest == 1 else f"{number(rest)} minuten"
    return f"{head} en {tail}"


def minutes_and_halves(halves: int) -> str:
    """A count of half minutes in words: 1 → "een halve minuut", 3 → "anderhalve minuut",
    5 → "twee en een halve minuut", 4 → "twee minuten"."""
    whole, half = divmod(halves, 2)
    if not half:
        return "een minuut" if whole == 1 else f"{number(whole)} minuten"
    if whole == 0:
        return "een halve minuut"
    if whole == 1:
        return "anderhalve minuut"
    return f"{number(whole)} en een halve minuut"


def clock_time(at: datetime) -> str:
    """Informal clock time to the nearest five minutes: ``15:42`` → ``"kwart voor vier"``."""
    total = at.hour * MINUTES_PER_HOUR + at.minute + (1 if at.second >= 30 else 0)
    total = round(total / 5) * 5
    hour, minute = divmod(total, MINUTES_PER_HOUR)

    def hour_word(h: int) -> str:
        h12 = h % 12
        return number(12 if h12 == 0 else h12)

    this, following = hour_word(hour), hour_word(hour + 1)
    spoken = {
        0: f"{this} uur",
        5: f"vijf over {this}",
        10: f"tien over {this}",
        15: f"kwart over {this}",
        20: f"tien voor half {following}",
        25: f"vijf voor half {following}",
        30: f"half {following}",
        35: f"vijf over half {following}",
        40: f"tien over half {following}",
        45: f"kwart voor {following}",
        50: f"tien voor {following}",
        55: f"vijf voor {following}",
    }
    return spoken[minute]


def names(items: Sequence[str]) -> str:
    """``["Anna", "Bram", "Carla"]`` → ``"Anna, Bram en Carla"``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]
