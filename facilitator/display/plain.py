"""The ``--plain`` display: one Dutch line per event, flushed at once, never a redraw.

Good for screen readers, logs and subprocess tests. A listener; it only formats and writes.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TextIO

from facilitator.display.format import event_text, stamped
from facilitator.events import Event, SessionStarted


class PlainDisplay:
    """``Listener``: prints ``[HH:MM:SS] line`` for each event worth showing.

    ``now`` is the session's clock (simulated in a rehearsal); times are shown relative to
    ``start_s`` when given, else to the ``SessionStarted`` event (lines before it show 0).
    """

    def __init__(
        self,
        now: Callable[[], float],
        *,
        out: TextIO | None = None,
        start_s: float | None = None,
    ) -> None:
        self._now = now
        self._out = out if out is not None else sys.stdout
        self._start_s = now() if start_s is None else start_s
        self._follow_start = start_s is None
        self._lock = threading.Lock()  # notices may come from other threads via the controller

    def __call__(self, event: Event) -> None:
        if self._follow_start and isinstance(event, SessionStarted):
            self._start_s = self._now()
            self._follow_start = False
        text = event_text(event)
        if text is not None:
            self.line(text)

    def line(self, text: str) -> None:
        """Print one stamped line (also used for the wiring's own messages)."""
        with self._lock:
            self._out.write(stamped(self._now() - self._start_s, text) + "\n")
            self._out.flush()

    def start(self) -> None:
        """Nothing to start; present so every display has the same shape."""

    def close(self) -> None:
        with self._lock:
            self._out.flush()
