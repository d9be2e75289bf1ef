"""Clocks: the session never reads time itself, it asks an injected clock.

All clocks give monotonic seconds. ``speed`` tells a waiting thread how many clock seconds
pass per real second (1 for real time; more for a rehearsal with ``ScaledClock``).
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    @property
    def speed(self) -> float:
        """Clock seconds per real second."""
        ...

    def now(self) -> float:
        """Monotonic seconds."""
        ...


class MonotonicClock:
    """Real time (``time.monotonic``)."""

    @property
    def speed(self) -> float:
        return 1.0

    def now(self) -> float:
        return time.monotonic()


class ScaledClock:
    """Real monotonic time sped up by ``speed``, from ``start`` (the soak benchmark)."""

    def __init__(self, speed: float, start: float = 0.0) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be positive, got {speed}")
        self._speed = speed
        self._origin = time.monotonic()
        self._start = start

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> float:
        return self._start + (time.monotonic() - self._origin) * self._speed


class SimulatedClock:
    """Rehearsal time: it stands still until the controller has waited for the next due
    moment, then it is exactly that moment. A rehearsal is therefore exact at any speed:
    handling an event takes no simulated time, and every step lasts its planned time.

    ``speed`` is how much faster than real time the waits pass (``math.inf``: no waiting).
    """

    def __init__(self, speed: float, start: float = 0.0) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be positive, got {speed}")
        self._speed = speed
        self._now = start

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> float:
        return self._now

    def advance_to(self, at: float) -> None:
        """The controller waited until ``at``: now it is ``at`` (never back in time)."""
        self._now = max(self._now, at)


class FakeClock:
    """A clock that only moves when told to (tests)."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    @property
    def speed(self) -> float:
        return 1.0

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError(f"a monotonic clock cannot go back ({seconds} s)")
        self._now += seconds
        return self._now

    def set(self, at: float) -> float:
        if at < self._now:
            raise ValueError(f"a monotonic clock cannot go back (from {self._now} to {at})")
        self._now = at
        return self._now
