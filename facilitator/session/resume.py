"""Finding the method of an interrupted session again, wherever the installation now is.

A built-in method is looked up by its id in this installation's library (never by the
path it had when the session was saved); a user method by its path. A version that
changed since is said (a ``notice``); a file that went away, or a method whose steps no
longer match, is a Dutch ``StateError`` that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.methods.schema import Method
from facilitator.session.saved import SavedState, StateError, file_digest

NEW_SESSION = "Start een nieuwe sessie zonder --hervat."


@dataclass(frozen=True, slots=True)
class ResumedMethod:
    method: Method
    notices: tuple[str, ...] = ()  # Dutch lines to show before the session continues


def resume_method(saved: SavedState) -> ResumedMethod:
    if saved.builtin:
        method = _builtin(saved.method_id)
        current = file_digest(str(method.path)) if method.path else ""
    else:
        assert saved.method_path is not None
        method = _user_file(Path(saved.method_path))
        current = file_digest(saved.method_path)
    notices: list[str] = []
    if saved.method_version and current and current != saved.method_version:
        what = (
            f"De methode {method.name} is bijgewerkt"
            if saved.builtin
            else f"Het methodebestand {saved.method_path} is veranderd"
        )
        notices.append(
            f"Let op: {what} sinds de sessie begon; de sessie gaat verder met de nieuwe teksten."
        )
    if len(method.steps) != len(saved.step_minutes):
        raise StateError(
            f"De methode '{saved.method_id}' heeft nu {len(method.steps)} stappen; de "
            f"onderbroken sessie had er {len(saved.step_minutes)}. Hervatten kan daardoor "
            f"niet. {NEW_SESSION}"
        )
    return ResumedMethod(method, tuple(notices))


def _builtin(method_id: str) -> Method:
    from facilitator.methods.registry import builtin_methods

    for method in builtin_methods():
        if method.id == method_id:
            return method
    raise StateError(
        f"De ingebouwde methode '{method_id}' van de onderbroken sessie bestaat niet in deze "
        f"versie van de facilitator. {NEW_SESSION}"
    )


def _user_file(path: Path) -> Method:
    from facilitator.methods.loader import load_method

    if not path.exists():
        raise StateError(
            f"Het methodebestand {path} van de onderbroken sessie is er niet meer (verplaatst "
            f"of verwijderd). Zet het terug op die plek en probeer opnieuw, of: {NEW_SESSION}"
        )
    return load_method(path)
