"""The saved session state, so ``facilitator start --hervat`` can continue after a crash.

The state is a small JSON file written atomically (temp file + ``os.replace``) after every
change and every few seconds while a step runs. It holds positions and times only: no
spoken content, no audio. On resume, the step continues with the elapsed time of the last
save: the time between that save and the crash (at most ``SessionSettings.save_interval_s``,
5 s by default) is lost, i.e. given back to the group.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_state_dir

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.methods.fitting import rescale_step
from facilitator.methods.schema import Method
from facilitator.phrases import get_phrases
from facilitator.session.plan import SessionPlan
from facilitator.session.state import StepState

logger = logging.getLogger(__name__)

STATE_VERSION = 1
STATE_FILE_NAME = "sessie.json"


class StateError(FacilitatorError, ValueError):
    """A saved state that cannot be resumed; the message is Dutch and says what to do."""

    area = ErrorArea.STATE


def default_state_path() -> Path:
    return Path(user_state_dir("facilitator")) / STATE_FILE_NAME


@dataclass(frozen=True, slots=True)
class SavedState:
    method_id: str
    method_path: str | None  # for user methods loaded from a file
    step_minutes: tuple[float, ...]  # as fitted for this session
    participants: tuple[str, ...]
    casusinbrenger: str
    meeting: int | None
    current: StepState  # clock stopped at the moment of saving
    undo: tuple[StepState, ...]
    paused: bool
    planned_end: datetime  # wall-clock end as planned at the start
    saved_at: datetime

    def apply_minutes(self, method: Method) -> Method:
        """``method`` with the step minutes this session was fitted to (a round's reserve
        rescaled exactly as ``fit`` did)."""
        if len(method.steps) != len(self.step_minutes):
            detail = f"{len(method.steps)} stappen in plaats van {len(self.step_minutes)}"
            raise StateError(get_phrases("nl").state_mismatch(method.id, detail))
        steps = tuple(
            rescale_step(step, minutes)
            for step, minutes in zip(method.steps, self.step_minutes, strict=True)
        )
        return replace(method, steps=steps)

    def plan(self, method: Method) -> SessionPlan:
        """The session plan to resume with (``method`` as loaded by its id or path)."""
        return SessionPlan(
            self.apply_minutes(method.for_meeting(self.meeting)),
            self.participants,
            self.casusinbrenger,
            self.meeting,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "method_id": self.method_id,
            "method_path": self.method_path,
            "step_minutes": list(self.step_minutes),
            "participants": list(self.participants),
            "casusinbrenger": self.casusinbrenger,
            "meeting": self.meeting,
            "current": self.current.to_dict(),
            "undo": [s.to_dict() for s in self.undo],
            "paused": self.paused,
            "planned_end": self.planned_end.isoformat(),
            "saved_at": self.saved_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SavedState:
        """Raises ``KeyError``/``TypeError``/``ValueError`` on malformed data."""
        names = data["participants"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise TypeError("participants is not a list of names")
        minutes = data["step_minutes"]
        if not isinstance(minutes, list) or not all(
            isinstance(m, int | float) and m > 0 for m in minutes
        ):
            raise TypeError("step_minutes is not a list of positive numbers")
        meeting = data["meeting"]
        if meeting is not None and not isinstance(meeting, int):
            raise TypeError("meeting is not a number")
        for key in ("method_id", "casusinbrenger"):
            if not isinstance(data[key], str):
                raise TypeError(f"{key} is not text")
        path = data["method_path"]
        if path is not None and not isinstance(path, str):
            raise TypeError("method_path is not text")
        undo = data["undo"]
        if not isinstance(undo, list):
            raise TypeError("undo is not a list")
        state = cls(
            method_id=data["method_id"],
            method_path=path,
            step_minutes=tuple(float(m) for m in minutes),
            participants=tuple(names),
            casusinbrenger=data["casusinbrenger"],
            meeting=meeting,
            current=StepState.from_dict(data["current"]),
            undo=tuple(StepState.from_dict(s) for s in undo),
            paused=bool(data["paused"]),
            planned_end=datetime.fromisoformat(data["planned_end"]),
            saved_at=datetime.fromisoformat(data["saved_at"]),
        )
        for step in (state.current, *state.undo):
            if step.index >= len(state.step_minutes):
                raise ValueError(f"step {step.index} does not exist")
        return state


def load_state(path: Path | None = None) -> SavedState | None:
    """The saved state at ``path`` (default: the user state dir), or None if there is none.

    Raises ``StateError`` (Dutch) for a corrupt file or one from another version.
    """
    path = path or default_state_path()
    phrases = get_phrases("nl")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StateError(
            phrases.state_unreadable(str(path), error.strerror or str(error))
        ) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        detail = f"geen geldige JSON, regel {error.lineno}"
        raise StateError(phrases.state_unreadable(str(path), detail)) from error
    if not isinstance(data, dict):
        raise StateError(phrases.state_unreadable(str(path), "geen object"))
    if data.get("version") != STATE_VERSION:
        raise StateError(phrases.state_old(str(path), data.get("version", "onbekend")))
    try:
        return SavedState.from_dict(data)
    except KeyError as error:
        raise StateError(phrases.state_unreadable(str(path), f"veld {error} ontbreekt")) from error
    except (TypeError, ValueError) as error:
        raise StateError(phrases.state_unreadable(str(path), str(error))) from error


class StateStore:
    """Writes the state atomically; removes it when a session ends normally."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_state_path()

    def save(self, state: SavedState) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(state.to_dict(), ensure_ascii=False, indent=1)
        fd, tmp = tempfile.mkstemp(prefix=".sessie-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self) -> SavedState | None:
        return load_state(self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
        logger.debug("session state %s removed", self.path)
