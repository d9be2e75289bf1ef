"""What is saved of a running session, and how it is checked when it is read back.

``SavedState.from_dict`` trusts nothing: every field is checked for its type and a sensible
range (finite numbers, steps that exist, names without control characters), and every
problem is a Dutch ``StateError`` that names the field.

The method is referred to so that moving the installation does not break a resume: a
built-in method by its id and version (a digest of its file), a user method by its path
and digest. Files written before this (version 1) held the absolute path of the file.
"""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.limits import MAX_MINUTES
from facilitator.methods.fitting import rescale_step
from facilitator.methods.schema import Method
from facilitator.session.people import MAX_CASES, MAX_PEOPLE
from facilitator.session.plan import SessionPlan
from facilitator.session.state import StepState
from facilitator.textfiles import control_characters

STATE_VERSION = 3
#: Version 3 adds who is there as it changed: the case number, the known members, the
#: earlier cases' casusinbrengers and the group's deadline; older files resume with case 1.
#: A file of ``kind`` "setup" holds a set-up by voice that did not reach its session yet.
READABLE_VERSIONS = (1, 2, 3)
KIND_SETUP = "setup"
DIGEST_CHARS = 16
#: Longest time a saved step may have run, in seconds (generous: a whole session plus
#: every "meer tijd" a day could hold).
MAX_SECONDS = 24 * 3600.0
MAX_NAMES = MAX_PEOPLE
MAX_UNDO = 10_000


class StateError(FacilitatorError, ValueError):
    """A saved state that cannot be resumed; the message is Dutch and says what to do."""

    area = ErrorArea.STATE


def builtin_dir() -> Path:
    from facilitator.methods.registry import BUILTIN_DIR

    return BUILTIN_DIR


@functools.cache
def file_digest(path: str) -> str:
    """A short digest of a method file's bytes ("" when it cannot be read). Cached per
    path for the process, so a file edited during a session keeps its first digest."""
    from facilitator.textfiles import METHOD_MAX_BYTES, read_bounded

    try:
        data = read_bounded(Path(path), METHOD_MAX_BYTES)
    except OSError:
        return ""
    return hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]


def is_builtin(path: str | None) -> bool:
    """True for a file of the built-in library: of this installation, or of the same
    layout elsewhere (a state file written before the installation moved)."""
    if not path:
        return False
    parent = Path(path).parent
    if parent == builtin_dir():
        return True
    return (parent.name, parent.parent.name) == (builtin_dir().name, builtin_dir().parent.name)


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
    #: Digest of the method file when saved ("" when unknown, e.g. a version 1 file).
    method_version: str = ""
    case_number: int = 1  # "nog een casus" counts up
    members: tuple[str, ...] = ()  # everyone known (the standing group and who joined)
    earlier: tuple[str, ...] = ()  # casusinbrengers of the earlier cases
    deadline: datetime | None = None  # the latest end the group has time for

    @property
    def builtin(self) -> bool:
        """True when the method is a built-in one (found by id, wherever installed)."""
        return self.method_path is None or is_builtin(self.method_path)

    def apply_minutes(self, method: Method) -> Method:
        """``method`` with the step minutes this session was fitted to (a round's reserve
        rescaled exactly as ``fit`` did)."""
        if len(method.steps) != len(self.step_minutes):
            raise StateError(
                f"De methode '{method.id}' heeft nu {len(method.steps)} stappen; de onderbroken "
                f"sessie had er {len(self.step_minutes)}. Start een nieuwe sessie zonder --hervat."
            )
        steps = tuple(
            rescale_step(step, minutes)
            for step, minutes in zip(method.steps, self.step_minutes, strict=True)
        )
        return replace(method, steps=steps)

    def plan(self, method: Method) -> SessionPlan:
        """The session plan to resume with (``method`` as loaded by its id or path)."""
        from facilitator.session.plan import PlanError

        try:
            return SessionPlan(
                self.apply_minutes(method.for_meeting(self.meeting)),
                self.participants,
                self.casusinbrenger,
                self.meeting,
            )
        except PlanError as err:
            raise StateError(
                f"De onderbroken sessie kan niet hervat worden; in het bewaarde sessiebestand: "
                f"{err} Start een nieuwe sessie zonder --hervat."
            ) from None

    def method_ref(self) -> dict[str, str]:
        """How the file refers to the method: by id and version, or by path and digest."""
        version = self.method_version or (file_digest(self.method_path) if self.method_path else "")
        if self.builtin:
            return {"id": self.method_id, "version": version}
        assert self.method_path is not None
        return {"id": self.method_id, "path": self.method_path, "version": version}

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "method": self.method_ref(),
            "step_minutes": list(self.step_minutes),
            "participants": list(self.participants),
            "casusinbrenger": self.casusinbrenger,
            "meeting": self.meeting,
            "current": self.current.to_dict(),
            "undo": [s.to_dict() for s in self.undo],
            "paused": self.paused,
            "planned_end": self.planned_end.isoformat(),
            "saved_at": self.saved_at.isoformat(),
            "case_number": self.case_number,
            "members": list(self.members),
            "earlier_casusinbrengers": list(self.earlier),
            "deadline": self.deadline.isoformat() if self.deadline else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SavedState:
        """Raises ``StateProblem`` (a ``ValueError``) with a Dutch description."""
        return _parse(data)


class StateProblem(ValueError):
    """One field of a saved state that is wrong; ``str()`` is a Dutch fragment."""


# --------------------------------------------------------------------------- parsing


def _field(data: dict[str, Any], key: str) -> Any:
    if key not in data:
        raise StateProblem(f"het veld '{key}' ontbreekt")
    return data[key]


def _text(value: Any, name: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise StateProblem(f"'{name}' is geen tekst")
    if control_characters(value):
        raise StateProblem(f"'{name}' bevat stuurtekens")
    return value


def _number(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StateProblem(f"'{name}' is geen getal")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise StateProblem(f"'{name}' ligt niet tussen {low:g} en {high:g} (nu: {value})")
    return number


def _whole(value: Any, name: str, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise StateProblem(f"'{name}' is geen geheel getal van 0 tot en met {high}")
    return value


def _moment(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise StateProblem(f"'{name}' is geen datum en tijd")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise StateProblem(f"'{name}' is geen datum en tijd (nu: {value[:40]!r})") from None


def _names(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not 0 < len(value) <= MAX_NAMES:
        raise StateProblem(f"'{name}' is geen lijst met namen")
    return tuple(_text(item, name) for item in value)


def _step(value: Any, name: str, steps: int) -> StepState:
    if not isinstance(value, dict):
        raise StateProblem(f"'{name}' is geen stap")
    _whole(_field(value, "index"), f"{name}.index", steps - 1)
    allotted = _number(_field(value, "allotted_s"), f"{name}.allotted_s", 0, MAX_SECONDS)
    _number(_field(value, "elapsed_s"), f"{name}.elapsed_s", 0, MAX_SECONDS)
    _number(_field(value, "checked_s"), f"{name}.checked_s", 0, MAX_SECONDS)
    rnd = _field(value, "round")
    if rnd is not None:
        if not isinstance(rnd, dict):
            raise StateProblem(f"'{name}.round' is geen ronde")
        speakers = _names(_field(rnd, "speakers"), f"{name}.round.speakers")
        _whole(_field(rnd, "index"), f"{name}.round.index", len(speakers))
        for key in ("turn_start_s", "turn_allotted_s"):
            _number(_field(rnd, key), f"{name}.round.{key}", 0, MAX_SECONDS)
        _number(rnd.get("reserve_s", 0.0), f"{name}.round.reserve_s", 0, allotted)
    try:
        return StepState.from_dict(value)
    except (KeyError, TypeError, ValueError) as err:  # checked above; a last safety net
        raise StateProblem(f"'{name}' klopt niet") from err


def _method(data: dict[str, Any]) -> tuple[str, str | None, str]:
    """(id, path or None, version) from either file version."""
    if data.get("version") == 1:
        method_id = _text(_field(data, "method_id"), "method_id")
        path = _field(data, "method_path")
        if path is not None:
            path = _text(path, "method_path")
        return method_id, path, ""
    ref = _field(data, "method")
    if not isinstance(ref, dict):
        raise StateProblem("'method' is geen verwijzing naar een methode")
    method_id = _text(_field(ref, "id"), "method.id")
    path = ref.get("path")
    if path is not None:
        path = _text(path, "method.path")
    version = _text(ref.get("version", ""), "method.version", allow_empty=True)
    return method_id, path, version


def _parse(data: dict[str, Any]) -> SavedState:
    method_id, method_path, version = _method(data)
    minutes = _field(data, "step_minutes")
    if not isinstance(minutes, list) or not 0 < len(minutes) <= 1000:
        raise StateProblem("'step_minutes' is geen lijst met minuten")
    step_minutes = tuple(_number(m, "step_minutes", 1e-3, MAX_MINUTES) for m in minutes)
    participants = _names(_field(data, "participants"), "participants")
    # "" while the group has not chosen (a method with a choosing step)
    casusinbrenger = _text(_field(data, "casusinbrenger"), "casusinbrenger", allow_empty=True)
    meeting = _field(data, "meeting")
    if meeting is not None:
        meeting = _whole(meeting, "meeting", 1000)
    steps = len(step_minutes)
    undo = _field(data, "undo")
    if not isinstance(undo, list) or len(undo) > MAX_UNDO:
        raise StateProblem("'undo' is geen lijst met stappen")
    paused = _field(data, "paused")
    if not isinstance(paused, bool):
        raise StateProblem("'paused' is geen true of false")
    return SavedState(
        method_id=method_id,
        method_path=method_path,
        step_minutes=step_minutes,
        participants=participants,
        casusinbrenger=casusinbrenger,
        meeting=meeting,
        current=_step(_field(data, "current"), "current", steps),
        undo=tuple(_step(item, "undo", steps) for item in undo),
        paused=paused,
        planned_end=_moment(_field(data, "planned_end"), "planned_end"),
        saved_at=_moment(_field(data, "saved_at"), "saved_at"),
        method_version=version,
        **_people(data),
    )


def _people(data: dict[str, Any]) -> dict[str, Any]:
    """The fields version 3 added (absent from older files: the first case, nobody else)."""
    deadline = data.get("deadline")
    return {
        "case_number": _whole(data.get("case_number", 1), "case_number", MAX_CASES) or 1,
        "members": _names(data["members"], "members") if data.get("members") else (),
        "earlier": (
            _names(data["earlier_casusinbrengers"], "earlier_casusinbrengers")
            if data.get("earlier_casusinbrengers")
            else ()
        ),
        "deadline": _moment(deadline, "deadline") if deadline is not None else None,
    }
