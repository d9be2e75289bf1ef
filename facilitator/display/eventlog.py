"""``--event-log``: every event as one JSON line (opt-in, local, never audio). Snapshots
are left out: they are views of the state, drawn from the events and the machine.

A line is ``{"type": "...", ...every dataclass field..., "t": seconds since start}`` with
enums written as their values and tuples as lists. "t" counts from the ``SessionStarted``
event on the session's monotonic clock (from the log's creation when ``start_s`` is given).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from facilitator.events import Event, SessionStarted, Snapshot

log = logging.getLogger(__name__)

T_DECIMALS = 3  # millisecond resolution for "t"


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    return value


def event_record(event: Event, t: float) -> dict[str, Any]:
    """The JSON-ready dict of one event (``type`` first, ``t`` last)."""
    record: dict[str, Any] = {"type": _plain(event.type)}
    for item in dataclasses.fields(event):
        if item.name != "type":
            record[item.name] = _plain(getattr(event, item.name))
    record["t"] = round(t, T_DECIMALS)
    return record


class EventLog:
    """``Listener`` appending one JSON line per event to ``path`` (flushed per line)."""

    def __init__(self, path: Path, now: Callable[[], float], *, start_s: float | None = None):
        self._now = now
        self._start_s = now() if start_s is None else start_s
        self._follow_start = start_s is None
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: TextIO | None = path.open("a", encoding="utf-8")
        self.path = path

    def __call__(self, event: Event) -> None:
        if isinstance(event, Snapshot):  # a view of the state, not an event: not logged
            return
        if self._follow_start and isinstance(event, SessionStarted):
            self._start_s = self._now()
            self._follow_start = False
        line = json.dumps(event_record(event, self._now() - self._start_s), ensure_ascii=False)
        with self._lock:
            if self._file is None:
                log.debug("event after close: %s", event.type)
                return
            self._file.write(line + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
