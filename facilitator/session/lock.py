"""One live session per state file: a lock that a crash cannot leave behind.

The lock is an ``fcntl.flock`` on ``sessie.lock`` next to the state file. The kernel
releases it when the process ends in any way (``kill -9`` included), so a stale lock
cannot exist: a lock that is held belongs to a live process. The file also holds who holds
it (process id, start time, method), so the refusal can name the running session.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from facilitator.session.saved import StateError

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "sessie.lock"
INFO_MAX_BYTES = 4096


class SessionRunning(StateError):
    """Another live session uses the same state file."""

    @property
    def detail(self) -> str:
        return "running"


@dataclass(frozen=True, slots=True)
class Holder:
    pid: int
    started: str  # "HH:MM"
    method: str


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class SessionLock:
    """``with SessionLock(dir, method_name):`` holds the lock for the whole session.

    When the lock file cannot be made (the state directory is not writable, or not a
    directory), the session runs unlocked: it cannot save either, and it says so.
    """

    def __init__(self, directory: Path, method: str) -> None:
        self.path = directory / LOCK_FILE_NAME
        self.method = method
        self._fd: int | None = None
        self.problem: str | None = None  # why the session runs unlocked (English, for logs)

    def acquire(self) -> None:
        """Take the lock or raise ``SessionRunning`` naming the running session."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        except OSError as err:
            try:  # a read-only directory may still hold a lock file we can lock
                fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
            except OSError:
                self.problem = f"{self.path}: {err.strerror or err}"
                log.warning("session lock unavailable: %s", self.problem)
                return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise SessionRunning(_running_message(holder)) from None
        except OSError as err:  # a file system without locks
            os.close(fd)
            self.problem = f"{self.path}: {err.strerror or err}"
            log.warning("session lock unavailable: %s", self.problem)
            return
        self._fd = fd
        self._write_holder()

    def relabel(self, method: str) -> None:
        """Name the method in the lock file once it is known (for the refusal message)."""
        self.method = method
        if self._fd is not None:
            self._write_holder()

    def _write_holder(self) -> None:
        assert self._fd is not None
        info = {
            "pid": os.getpid(),
            "started": datetime.now().isoformat(timespec="seconds"),
            "method": self.method,
        }
        try:
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, json.dumps(info, ensure_ascii=False).encode("utf-8"), 0)
        except OSError as err:  # read-only fd or a full disk: the lock still holds
            log.info("could not record the lock holder: %s", err)

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> SessionLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _read_holder(fd: int) -> Holder | None:
    try:
        raw = os.pread(fd, INFO_MAX_BYTES, 0)
        data = json.loads(raw.decode("utf-8"))
        pid = data["pid"]
        if not isinstance(pid, int) or isinstance(pid, bool) or not _alive(pid):
            return None
        started = datetime.fromisoformat(str(data["started"])).strftime("%H:%M")
        method = str(data.get("method", ""))[:80]
        return Holder(pid, started, method if method.isprintable() else "")
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def _running_message(holder: Holder | None) -> str:
    who = (
        f"(proces {holder.pid}, {holder.method or 'een methode'}, gestart om {holder.started})"
        if holder is not None
        else "(een ander proces van deze gebruiker)"
    )
    return (
        f"Er loopt al een sessie op dit account {who}. Er kan er maar één tegelijk lopen: "
        "stop die eerst (toets q en dan j, of Ctrl-C in dat venster) en probeer het dan opnieuw."
    )
