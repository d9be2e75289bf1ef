"""The methods a user can choose: the built-in library plus their own files.

User methods live in ``user_methods_dir()`` (one ``.toml`` file per method, the file
name is the id). A user file with the id of a built-in method replaces it. A broken user
file never hides the other methods: ``discover()`` lists it with its error.
"""

from __future__ import annotations

import difflib
import functools
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

import platformdirs

from facilitator.methods.errors import ErrorCode, MethodError, MethodNotFound
from facilitator.methods.loader import load_method
from facilitator.methods.schema import Method

logger = logging.getLogger(__name__)

APP_NAME = "facilitator"
USER_SUBDIR = "methodes"
BUILTIN_DIR = Path(__file__).with_name("library")
METHOD_SUFFIX = ".toml"
MIN_PREFIX = 3  # characters: shortest name that may match a method by its start
_GENERIC_SUFFIX = "methode"  # "incidentmethode" and "incident" mean the same method


class Origin(StrEnum):
    BUILTIN = "ingebouwd"
    USER = "eigen"


@dataclass(frozen=True, slots=True)
class MethodEntry:
    """One method file as listed: loaded, or broken with its error."""

    id: str
    origin: Origin
    path: Path
    method: Method | None
    error: MethodError | None = None
    overrides_builtin: bool = False  # a user file with the id of a built-in method
    overridden: bool = False  # a built-in method replaced by a user file

    @property
    def usable(self) -> bool:
        return self.method is not None and not self.overridden

    @property
    def note(self) -> str:
        """A short Dutch remark for listings ("" when there is nothing to say)."""
        if self.error is not None:
            extra = " (en vervangt daarmee de ingebouwde methode)" if self.overrides_builtin else ""
            return f"kan niet worden gebruikt{extra}: {self.error}"
        if self.overridden:
            return "vervangen door je eigen methode met dezelfde naam"
        if self.overrides_builtin:
            return "eigen methode; vervangt de ingebouwde methode met dezelfde naam"
        return ""


@dataclass(frozen=True, slots=True)
class Discovery:
    """Everything found: built-in and user entries, in listing order."""

    entries: tuple[MethodEntry, ...]
    user_dir: Path
    notices: tuple[str, ...] = ()  # Dutch remarks about the user directory itself

    @property
    def methods(self) -> tuple[Method, ...]:
        """The methods that can be started (user overrides applied, broken files left out)."""
        return tuple(entry.method for entry in self.entries if entry.usable and entry.method)

    @property
    def broken(self) -> tuple[MethodEntry, ...]:
        return tuple(entry for entry in self.entries if entry.error is not None)

    def active(self) -> tuple[MethodEntry, ...]:
        """One entry per id: the one ``find_method`` uses (which may be broken)."""
        return tuple(entry for entry in self.entries if not entry.overridden)


def user_methods_dir() -> Path:
    """Where a user keeps their own method files."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / USER_SUBDIR


@functools.cache
def _builtin_entries() -> tuple[MethodEntry, ...]:
    return tuple(_load_entry(path, Origin.BUILTIN) for path in _method_files(BUILTIN_DIR))


def builtin_methods() -> list[Method]:
    """The methods shipped with the facilitator (a bug if one of them does not load)."""
    entries = _builtin_entries()
    broken = [entry.error for entry in entries if entry.error is not None]
    if broken:
        raise broken[0]
    return [entry.method for entry in entries if entry.method is not None]


def discover(user_dir: Path | None = None) -> Discovery:
    """All built-in and user methods; user files override built-ins with the same id."""
    directory = user_methods_dir() if user_dir is None else user_dir
    notices: list[str] = []
    user_entries: list[MethodEntry] = []
    if directory.is_dir():
        try:
            files = _method_files(directory)
        except OSError as err:
            notices.append(f"De map met eigen methodes ({directory}) is niet te lezen: {err}.")
            files = []
        user_entries = [_load_entry(path, Origin.USER) for path in files]
    elif directory.exists():
        notices.append(f"{directory} is geen map; eigen methodes worden daar niet gezocht.")
    user_ids = {entry.id for entry in user_entries}
    builtin_ids = {entry.id for entry in _builtin_entries()}
    builtins = [replace(entry, overridden=entry.id in user_ids) for entry in _builtin_entries()]
    users = [replace(entry, overrides_builtin=entry.id in builtin_ids) for entry in user_entries]
    return Discovery(entries=tuple(builtins + users), user_dir=directory, notices=tuple(notices))


def find_method(name_or_path: str) -> Method:
    """A method by id ("5-stappen"), forgiving name ("Vijf stappen", "socratisch") or file path.

    Raises ``MethodNotFound`` with close suggestions, or the ``MethodError`` of a broken file.
    """
    query = name_or_path.strip()
    if _looks_like_path(query):
        path = Path(query).expanduser()
        if path.exists() or os.sep in query or "/" in query:
            return load_method(path)
        query = path.stem  # "5-stappen.toml" typed without a directory: try it as an id
    active = discover().active()
    keys = {entry.id: _keys(entry) for entry in active}
    wanted = _normalise(query)
    if not wanted:
        raise MethodNotFound(name_or_path)
    exact = [entry for entry in active if wanted in keys[entry.id]]
    prefix = [
        entry
        for entry in active
        if len(wanted) >= MIN_PREFIX and any(key.startswith(wanted) for key in keys[entry.id])
    ]
    matches = exact or prefix
    if len(matches) == 1:
        entry = matches[0]
        if entry.error is not None:
            raise entry.error
        assert entry.method is not None  # an entry has a method or an error
        return entry.method
    if matches:
        raise MethodNotFound(name_or_path, tuple(entry.id for entry in matches))
    by_key = {key: entry_id for entry_id, entry_keys in keys.items() for key in entry_keys}
    close = difflib.get_close_matches(wanted, list(by_key), n=5, cutoff=0.5)
    suggestions = tuple(dict.fromkeys(by_key[key] for key in close))[:3]
    raise MethodNotFound(name_or_path, suggestions)


# --------------------------------------------------------------------------- helpers


def _method_files(directory: Path) -> list[Path]:
    """Every ``*.toml`` entry that is not a directory (a pipe or device named like a method
    is listed too, as a broken file, rather than hidden or read forever)."""
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix == METHOD_SUFFIX and not path.name.startswith(".") and not path.is_dir()
    )


def _load_entry(path: Path, origin: Origin) -> MethodEntry:
    try:
        return MethodEntry(id=path.stem, origin=origin, path=path, method=load_method(path))
    except MethodError as err:
        logger.info("method file %s cannot be used: %s", path, err)
        return MethodEntry(id=path.stem, origin=origin, path=path, method=None, error=err)
    except (RecursionError, MemoryError, ValueError) as err:  # one bad file hides nothing else
        logger.warning("method file %s failed unexpectedly", path, exc_info=True)
        error = MethodError(
            path,
            f"dit bestand kan niet gelezen worden ({type(err).__name__}). Controleer de opmaak "
            "of haal het bestand weg.",
            code=ErrorCode.UNREADABLE,
        )
        return MethodEntry(id=path.stem, origin=origin, path=path, method=None, error=error)


def _normalise(text: str) -> str:
    """Case, accents, spaces and punctuation do not matter; nor does a trailing 'methode'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    key = re.sub(r"[^a-z0-9]+", "", plain)
    if key.endswith(_GENERIC_SUFFIX) and len(key) > len(_GENERIC_SUFFIX):
        key = key.removesuffix(_GENERIC_SUFFIX)
    return key


def _keys(entry: MethodEntry) -> frozenset[str]:
    keys = {_normalise(entry.id)}
    if entry.method is not None:
        keys.add(_normalise(entry.method.name))
    return frozenset(keys)


def _looks_like_path(query: str) -> bool:
    return query.endswith(METHOD_SUFFIX) or "/" in query or os.sep in query
