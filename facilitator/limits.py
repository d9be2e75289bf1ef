"""Sensible ranges for every number a user can give, checked where it comes in.

A value outside its range is refused with a Dutch message that states the range, so a typo
such as ``--duur 1e300`` or ``meer_tijd = nan`` never reaches the session (where it would
overflow or hang).
"""

from __future__ import annotations

import math

#: Longest session, step or fitted duration, in minutes (ten hours).
MAX_MINUTES = 600.0
#: Most minutes one "meer tijd" may add.
MAX_MORE_TIME_MIN = 60.0
#: Fastest rehearsal ("oefen --snelheid"). The rehearsal is exact at any speed (its clock
#: moves to what is due); the bound only keeps out typos such as 1e300 or inf.
MAX_SPEED = 1_000_000.0
#: Slowest rehearsal: real time.
MIN_SPEED = 1.0
#: Highest meeting number of a cycle.
MAX_MEETING = 99
#: Longest warning before the end of a step, in seconds (ten hours).
MAX_WARNING_S = 36000
#: Highest TCP port (the room display's; 0 lets the system choose a free one).
MAX_PORT = 65535


def finite_in(value: float, low: float, high: float, *, low_open: bool = False) -> bool:
    """True when ``value`` is a finite number in [low, high] (``(low, high]`` with
    ``low_open``)."""
    if not math.isfinite(value):
        return False
    above = value > low if low_open else value >= low
    return above and value <= high
