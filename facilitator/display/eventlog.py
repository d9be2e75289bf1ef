"""``--event-log``: every event as one JSON line (opt-in, local, never audio). Snapshots
are left out: they are views of the state, drawn from the events and the machine.

A line is ``{"type": "...", ...every dataclass field..., "t": seconds since start}`` with
enums written as their values and tuples as lists. "t" counts from the ``SessionStarted``
event on the session's monotonic clock (from the log's creation when ``start_s`` is given).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from facilitator.errors import ErrorArea, FacilitatorError
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


class EventLogError(FacilitatorError):
    """The event log file cannot be opened; ``str()`` is Dutch and names the file."""

    area = ErrorArea.USAGE


class EventLog:
    """``Listener`` appending one JSON line per event to ``path`` (flushed per line).

    When writing fails during the session (a full disk, ``/dev/full``) the log stops,
    logs the reason once and tells ``on_problem`` (a Dutch line; the wiring shows it as a
    ``Notice``); the session is never disturbed.
    """

    def __init__(
        self,
        path: Path,
        now: Callable[[], float],
        *,
        start_s: float | None = None,
        on_problem: Callable[[str], None] | None = None,
    ):
        self._now = now
        self._start_s = now() if start_s is None else start_s
        self._follow_start = start_s is None
        self._lock = threading.Lock()
        self.on_problem = on_problem
        self.path = path
        self.failed = False
        try:
            if path.is_dir():
                raise IsADirectoryError(21, "dit is een map")
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file: TextIO | None = path.open("a", encoding="utf-8", errors="replace")
        except OSError as err:
            raise EventLogError(
                f"--event-log {path} kan niet geschreven worden ({err.strerror or err}). "
                "Geef een bestandsnaam in een map waarin je mag schrijven."
            ) from None

    def __call__(self, event: Event) -> None:
        if isinstance(event, Snapshot):  # a view of the state, not an event: not logged
            return
        if self._follow_start and isinstance(event, SessionStarted):
            self._start_s = self._now()
            self._follow_start = False
        line = json.dumps(event_record(event, self._now() - self._start_s), ensure_ascii=False)
        failure: OSError | None = None
        with self._lock:
            if self._file is None:
                log.debug("event after close: %s", event.type)
                return
            try:
                self._file.write(line + "\n")
                self._file.flush()
            except OSError as err:
                failure = err
                self._stop()
        if failure is not None:  # outside the lock: the hook may publish to this log again
            self._report(failure)

    def _stop(self) -> None:
        """Stop logging after a write error (called with the lock held)."""
        self.failed = True
        file, self._file = self._file, None
        if file is not None:
            with contextlib.suppress(OSError):
                file.close()

    def _report(self, err: OSError) -> None:
        log.warning("event log %s stopped: %s", self.path, err)
        text = (
            f"Het gebeurtenissenlogboek {self.path} kan niet verder geschreven worden "
            f"({err.strerror or err}); het stopt. De sessie gaat gewoon door."
        )
        if self.on_problem is not None:
            self.on_problem(text)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                with contextlib.suppress(OSError):
                    self._file.close()
                self._file = None
