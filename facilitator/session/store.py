"""The saved session state, so ``facilitator start --hervat`` can continue after a crash.

The state is a small JSON file written atomically (temp file + ``os.replace``) after every
change and every few seconds while a step runs. It holds positions and times only: no
spoken content, no audio. On resume, the step continues with the elapsed time of the last
save: the time between that save and the crash (at most ``SessionSettings.save_interval_s``,
5 s by default) is lost, i.e. given back to the group.

Saving never raises: when the state cannot be written (a full disk, a read-only
directory, a directory where the file should be) the store remembers why, removes an
older state that would otherwise be resumed at the wrong step, and tells its
``on_problem`` hook once per session (and once, with ``None``, when saving works again).
On a full disk it first removes the older state and tries again: one state file's room
is enough.
``resumable`` says whether the last save succeeded, so the closing message is true.

Reading trusts nothing: a non-regular file, a huge file, bytes that are not UTF-8 JSON,
deep nesting or out-of-range numbers are a Dutch ``StateError``; ``set_aside`` renames such a
file so a new session can start.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from platformdirs import user_state_dir

from facilitator.phrases import get_phrases
from facilitator.session.saved import (
    KIND_SETUP,
    READABLE_VERSIONS,
    STATE_VERSION,
    SavedState,
    StateError,
    StateProblem,
)
from facilitator.textfiles import STATE_MAX_BYTES, FileProblem, read_bounded

__all__ = [
    "STATE_FILE_NAME",
    "STATE_VERSION",
    "SaveFailure",
    "SavedState",
    "StateError",
    "StateStore",
    "UnsavedState",
    "default_state_path",
    "load_state",
    "set_aside",
]

logger = logging.getLogger(__name__)


class Saveable(Protocol):
    """What the store writes: a session's ``SavedState``, or a set-up by voice."""

    def to_dict(self) -> dict[str, Any]: ...


STATE_FILE_NAME = "sessie.json"
ASIDE_SUFFIX = ".kapot"


def default_state_path() -> Path:
    return Path(user_state_dir("facilitator")) / STATE_FILE_NAME


# --------------------------------------------------------------------------- reading


def load_state(path: Path | None = None) -> SavedState | None:
    """The saved state at ``path`` (default: the user state dir), or None if there is none
    (or when it holds a set-up by voice that did not reach its session, ``KIND_SETUP``).

    Raises ``StateError`` (Dutch) for a file that cannot be resumed.
    """
    path = path or default_state_path()
    data = read_state_data(path)
    if data is None or data.get("kind") == KIND_SETUP:
        return None
    try:
        return SavedState.from_dict(data)
    except StateProblem as err:
        raise StateError(get_phrases("nl").state_unreadable(str(path), str(err))) from None


def read_state_data(path: Path) -> dict[str, Any] | None:
    """The state file's JSON object of a readable version (None: no file); ``StateError``."""
    phrases = get_phrases("nl")
    try:
        raw = read_bounded(path, STATE_MAX_BYTES)
    except FileNotFoundError:
        return None
    except FileProblem as err:
        raise StateError(phrases.state_unreadable(str(path), err.reason)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StateError(phrases.state_unreadable(str(path), "geen UTF-8-tekst")) from None
    except json.JSONDecodeError as err:
        detail = f"geen geldige JSON, regel {err.lineno}"
        raise StateError(phrases.state_unreadable(str(path), detail)) from None
    except RecursionError:
        raise StateError(phrases.state_unreadable(str(path), "te diep genest")) from None
    if not isinstance(data, dict):
        raise StateError(phrases.state_unreadable(str(path), "geen JSON-object"))
    version = data.get("version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        shown = version if isinstance(version, int | str) else "onbekend"
        raise StateError(phrases.state_old(str(path), str(shown)[:20]))
    return data


def set_aside(path: Path, now: datetime | None = None) -> Path | None:
    """Rename a state file that cannot be used to ``sessie.json.kapot-JJJJMMDD-UUMMSS``, so a
    new session can start and the file is kept for whoever wants to look at it. Returns the
    new path, or None when it could not be renamed (it is then left where it is)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}{ASIDE_SUFFIX}-{stamp}")
    try:
        os.replace(path, target)
    except OSError as err:
        logger.warning("could not set aside the state file %s: %s", path, err)
        return None
    logger.info("state file %s set aside as %s", path, target)
    return target


# --------------------------------------------------------------------------- writing


class SaveFailure(StrEnum):
    """Why the state cannot be written (each phrase pack says it in its own words)."""

    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    NOT_A_DIRECTORY = "not_a_directory"  # the state directory (or a parent) is a file
    IS_A_DIRECTORY = "is_a_directory"  # the state file's name is taken by a directory
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class UnsavedState:
    """The state could not be saved: ``failure`` and the path (``where``) it concerns."""

    failure: SaveFailure
    where: Path
    detail: str  # the system's own words, for logs

    def reason(self, language: str = "nl") -> str:
        return get_phrases(language).state_unsaved_reason(self.failure.value, str(self.where))

    def screen_text(self, language: str = "nl") -> str:
        return get_phrases(language).state_unsaved(self.failure.value, str(self.where))

    def spoken_text(self, language: str = "nl") -> str:
        return get_phrases(language).state_unsaved_spoken()


def classify(err: OSError, path: Path) -> UnsavedState:
    detail = err.strerror or str(err)
    code = err.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return UnsavedState(SaveFailure.DISK_FULL, path.parent, detail)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UnsavedState(SaveFailure.READ_ONLY, path.parent, detail)
    if code == errno.ENOTDIR or (code == errno.EEXIST and not path.parent.is_dir()):
        return UnsavedState(SaveFailure.NOT_A_DIRECTORY, path.parent, detail)
    if code == errno.EISDIR:
        return UnsavedState(SaveFailure.IS_A_DIRECTORY, path, detail)
    return UnsavedState(SaveFailure.OTHER, path.parent, detail)


#: Hook told when saving starts failing (an ``UnsavedState``) and when it works again (None).
ProblemHook = Callable[[UnsavedState | None], None]


class StateStore:
    """Writes the state atomically; removes it when a session ends normally.

    ``save`` returns whether the state was written and never raises ``OSError``.
    """

    def __init__(self, path: Path | None = None, on_problem: ProblemHook | None = None) -> None:
        self.path = path or default_state_path()
        self.on_problem = on_problem
        self.problem: UnsavedState | None = None
        self.saves = 0  # successful saves
        self._told = 0  # 0: nothing said, 1: failure said, 2: recovery said (then silent)

    @property
    def resumable(self) -> bool:
        """True when the last save succeeded: ``--hervat`` will continue from it."""
        return self.saves > 0 and self.problem is None

    def save(self, state: Saveable) -> bool:
        payload = json.dumps(state.to_dict(), ensure_ascii=False, indent=1)
        try:
            self._write_making_room(payload)
        except OSError as err:
            self._failed(classify(err, self.path))
            return False
        except (UnicodeError, ValueError) as err:  # unencodable text: a bug, but never fatal
            logger.error("session state not saved: %s", err)
            self._failed(UnsavedState(SaveFailure.OTHER, self.path, str(err)))
            return False
        self.saves += 1
        if self.problem is not None:
            logger.info("session state saved again to %s", self.path)
            self.problem = None
            if self._told == 1:  # said once that it failed: say once that it works again
                self._told = 2
                self._tell(None)
        return True

    def _write_making_room(self, payload: str) -> None:
        """Write; on a full disk, remove the older state (it is about to be replaced) and
        try once more, so one state file's room is enough."""
        try:
            self._write(payload)
        except OSError as err:
            if err.errno not in (errno.ENOSPC, errno.EDQUOT) or not self.path.is_file():
                raise
            logger.info("disk full: removing the older state %s to make room", self.path)
            self.path.unlink()
            self._write(payload)

    def _write(self, payload: str) -> None:
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".sessie-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _failed(self, problem: UnsavedState) -> None:
        first = self.problem is None
        self.problem = problem
        if first:
            # An older state would resume at the wrong step: better none than a wrong one.
            self._remove_quietly()
            logger.warning("session state cannot be saved to %s: %s", self.path, problem.detail)
        else:
            logger.debug("session state still not saved: %s", problem.detail)
        if self._told == 0:  # said once per session, on screen and aloud
            self._told = 1
            self._tell(problem)

    def _tell(self, problem: UnsavedState | None) -> None:
        if self.on_problem is None:
            return
        try:
            self.on_problem(problem)
        except Exception:  # a broken hook must not stop the session
            logger.exception("state problem hook failed")

    def _remove_quietly(self) -> None:
        try:
            if self.path.is_file():
                self.path.unlink()
        except OSError as err:
            logger.info("older session state %s could not be removed: %s", self.path, err)

    def load(self) -> SavedState | None:
        return load_state(self.path)

    def clear(self) -> None:
        """Remove the state after a normal end (a failure is logged, never raised)."""
        try:
            self.path.unlink(missing_ok=True)
        except IsADirectoryError:
            logger.info("session state %s is a directory; left alone", self.path)
        except OSError as err:
            logger.warning("session state %s could not be removed: %s", self.path, err)
        else:
            logger.debug("session state %s removed", self.path)


def announce_problems(post: Callable[[Any], None], language: str = "nl") -> ProblemHook:
    """A ``StateStore.on_problem`` hook for a live session: the first failure becomes a
    warning ``Notice`` whose ``spoken`` line the controller has the session say; saving that
    works again becomes an info ``Notice``. ``post`` is the controller's (thread-safe: the
    store may be written from a writer thread)."""
    from facilitator.events import Notice

    def hook(problem: UnsavedState | None) -> None:
        if problem is None:
            post(Notice(get_phrases(language).state_saved_again(), "info"))
            return
        post(Notice(problem.screen_text(language), "warning", spoken=problem.spoken_text(language)))

    return hook
