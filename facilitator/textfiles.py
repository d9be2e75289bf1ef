"""Reading the small text files people give us (methods, settings, saved state) safely.

Every such file is read through ``read_bounded``: it must be a regular file (not a
directory, a device such as ``/dev/zero``, or a pipe, which would be read forever) and no
larger than a stated cap. ``toml_problem`` turns tomllib's English parse errors into Dutch,
and ``control_characters`` finds characters that would reach a terminal raw (ANSI escapes,
BEL, NUL).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
import unicodedata
from pathlib import Path

KIB = 1024
#: A method file is a few kB; a thousand times that is certainly a mistake.
METHOD_MAX_BYTES = 1024 * KIB
SETTINGS_MAX_BYTES = 256 * KIB
STATE_MAX_BYTES = 1024 * KIB


class FileProblem(OSError):
    """A file that cannot be read as a small text file; ``reason`` is a Dutch fragment."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "een map"
    if stat.S_ISFIFO(mode):
        return "een pijp (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaat"
    if stat.S_ISSOCK(mode):
        return "een socket"
    return "geen gewoon bestand"


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of regular file ``path`` (at most ``max_bytes``).

    Raises ``FileNotFoundError`` when it does not exist and ``FileProblem`` (an ``OSError``
    with a Dutch ``reason``) when it is not a regular file, too large or unreadable.
    Opening never blocks: a pipe without a writer is refused, not waited for.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as err:
        raise FileProblem(path, _os_reason(err)) from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, f"dit is {_kind(info.st_mode)}, geen gewoon bestand")
        if info.st_size > max_bytes:
            raise FileProblem(path, _too_large(info.st_size, max_bytes))
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(64 * KIB, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:  # it grew while we read
            raise FileProblem(path, _too_large(total, max_bytes))
        return b"".join(chunks)
    except FileProblem:
        raise
    except OSError as err:
        raise FileProblem(path, _os_reason(err)) from err
    finally:
        os.close(fd)


def _too_large(size: int, max_bytes: int) -> str:
    return f"het bestand is te groot ({size // KIB} kB; hoogstens {max_bytes // KIB} kB)"


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "geen toestemming om het te lezen"
    if isinstance(err, IsADirectoryError):
        return "dit is een map, geen bestand"
    return err.strerror or type(err).__name__


# --------------------------------------------------------------------------- TOML errors

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_MESSAGES = {
    "Invalid value": "ongeldige waarde (staat de tekst tussen aanhalingstekens?)",
    "Unterminated string": "een tekst zonder afsluitend aanhalingsteken",
    "Illegal character '\\n'": "een tekst zonder afsluitend aanhalingsteken op deze regel",
    "Cannot overwrite a value": "deze naam staat er twee keer",
    "Cannot declare": "deze kop staat er twee keer",
    "Expected '=' after a key in a key/value pair": "na de naam hoort een is-teken (=)",
    "Unclosed array": "een lijst zonder afsluitend haakje ]",
    "Unclosed inline table": "een tabel zonder afsluitende accolade }",
    "Invalid statement": "deze regel is geen naam = waarde en geen [kop]",
    "Expected newline or end of document after a statement": (
        "na de waarde staat nog iets op dezelfde regel (zet elke naam = waarde op een eigen regel)"
    ),
    "Unescaped '\\' in a string": "een losse backslash \\ in een tekst (schrijf er twee: \\\\)",
    "Expected ']]' at the end of an array declaration": "de kop mist ]] aan het eind",
    "Expected ']' at the end of a table declaration": "de kop mist ] aan het eind",
    "Invalid initial character for a key part": "een naam begint met een teken dat niet mag",
    "Expected \"'''\"": "een tekst met drie aanhalingstekens die niet wordt afgesloten",
}
NESTING_PROBLEM = "de waarden zijn te diep in elkaar genest (lijsten in lijsten)"
_TOML_MESSAGES[NESTING_PROBLEM] = NESTING_PROBLEM


def toml_problem(err: tomllib.TOMLDecodeError, text: str = "") -> tuple[int | None, str]:
    """(line or None, Dutch description) of a TOML parse error in ``text`` (an error at
    the end of the document is placed on its last line)."""
    detail = str(err)
    match = _TOML_LINE.search(detail)
    line = int(match.group(1)) if match else None
    if line is None and "(at end of document)" in detail and text:
        line = max(1, len(text.splitlines()))
    if line is None and detail == NESTING_PROBLEM and text:  # the line with most brackets
        counts = [row.count("[") + row.count("{") for row in text.splitlines()]
        line = counts.index(max(counts)) + 1 if counts else None
    plain = _TOML_LINE.sub("", detail).replace("(at end of document)", "").strip()
    dutch = _TOML_MESSAGES.get(plain)
    if dutch is None:
        dutch = next(
            (text for key, text in _TOML_MESSAGES.items() if plain.startswith(key)),
            "de opmaak klopt hier niet",
        )
    return line, dutch


def parse_toml(text: str) -> dict[str, object]:
    """``tomllib.loads`` that also turns a too-deep nesting into a ``TOMLDecodeError``."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(NESTING_PROBLEM) from None


# --------------------------------------------------------------------------- control characters

_ALLOWED_IN_TEXT = frozenset("\n\t")


def control_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The control characters in ``text`` written readably (``\\x1b``); allowed: ``\\n`` and
    ``\\t`` when ``multiline``. Also catches lone surrogates and other format characters
    that terminals act on (bidi overrides)."""
    found: list[str] = []
    for char in text:
        if multiline and char in _ALLOWED_IN_TEXT:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in _BIDI:
            shown = repr(char)[1:-1]
            if shown not in found:
                found.append(shown)
    return found


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_control(char: str) -> bool:
    """A control character other than a newline or a tab (see ``control_characters``)."""
    return char not in _ALLOWED_IN_TEXT and bool(control_characters(char))


def strip_controls(text: str) -> str:
    """``text`` without control characters (newlines and tabs become spaces)."""
    return "".join(
        " " if char in _ALLOWED_IN_TEXT else char for char in text if not _is_control(char)
    )


def readable_controls(text: str) -> str:
    """``text`` with each control character written readably (``\\x1b``), newlines and tabs
    kept: a notice quoting a file name or a system message cannot drive the terminal."""
    return "".join(repr(char)[1:-1] if _is_control(char) else char for char in text)


def repair_argv(text: str) -> str:
    """A command-line string as text: bytes that were not valid in the locale's encoding
    (kept by Python as surrogates) are decoded as UTF-8 when they can be."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        return text
