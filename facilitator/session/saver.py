"""The state store behind its own writer thread, so saving never delays a warning or a mute.

The session hands over the newest state (``save``) and goes on at once; the writer writes the
newest one it has (an older one not yet written is simply replaced) with the store's atomic,
fsync'ed write. ``clear`` removes the file after any write in flight; ``close`` writes what is
pending and stops the thread (a checkpoint on shutdown is on disk when ``close`` returns).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from facilitator.session.store import Saveable, StateStore

log = logging.getLogger(__name__)

CLOSE_TIMEOUT_S = 10.0  # longest wait for the last write when closing


class BackgroundStore:
    """A ``StateStore`` look-alike (``save``/``clear``/``path``) that never blocks its caller.

    ``on_error`` is called (on the writer thread) with the first error of a run of failed
    writes, so a user can be told once; it is called again only after a write succeeded.
    """

    def __init__(
        self, store: StateStore, on_error: Callable[[OSError], None] | None = None
    ) -> None:
        self.store = store
        self._on_error = on_error
        self._cond = threading.Condition()
        self._pending: Saveable | None = None
        self._clear = False
        self._busy = False
        self._closing = False
        self._failing = False
        self._thread = threading.Thread(target=self._run, name="state-writer", daemon=True)
        self._thread.start()

    @property
    def path(self) -> Path:
        return self.store.path

    def save(self, state: Saveable) -> None:
        with self._cond:
            self._pending = state
            self._clear = False
            self._cond.notify()

    def clear(self) -> None:
        with self._cond:
            self._pending = None
            self._clear = True
            self._cond.notify()

    def flush(self, timeout_s: float = CLOSE_TIMEOUT_S) -> bool:
        """Wait until everything handed over is written; False on a time-out."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._pending is None and not self._clear and not self._busy, timeout_s
            )

    def close(self) -> None:
        if not self.flush():
            log.warning("the session state was not written within %.0f s", CLOSE_TIMEOUT_S)
        with self._cond:
            self._closing = True
            self._cond.notify()
        self._thread.join(CLOSE_TIMEOUT_S)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._closing or self._pending or self._clear)
                if self._closing and self._pending is None and not self._clear:
                    return
                state, clear = self._pending, self._clear
                self._pending, self._clear, self._busy = None, False, True
            try:
                if clear:
                    self.store.clear()
                elif state is not None:
                    self.store.save(state)
                self._failing = False
            except OSError as err:
                log.exception("could not write the session state %s", self.store.path)
                if not self._failing and self._on_error is not None:
                    self._on_error(err)
                self._failing = True
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
