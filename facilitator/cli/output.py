"""Output that survives any terminal encoding.

With ``LC_ALL=C`` (ASCII) or ``PYTHONIOENCODING=latin-1`` a plain ``print`` of "—", "»"
or "ë" raises ``UnicodeEncodeError``, and a display that catches it loses the whole line.
``prepare_streams`` gives stdout and stderr an error handler that writes the nearest
character the terminal can show instead ("—" as "-", "ë" as "e", "»" as ">>"), so every
line arrives, readable; stdin replaces undecodable bytes instead of ending the keyboard.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
import unicodedata

HANDLER = "facilitator-nearest"

_NEAREST = {
    "—": "-",
    "\u2013": "-",
    "\u2011": "-",
    "»": ">>",
    "«": "<<",
    "…": "...",
    "\u2018": "'",
    "\u2019": "'",
    "“": '"',
    "”": '"',
    "•": "*",
    "·": "*",
    "\u00d7": "x",
    "→": "->",
    "█": "#",
    "▏": "|",
    "\u00a0": " ",
}


def nearest(text: str) -> str:
    """``text`` in characters every terminal has (ASCII)."""
    out: list[str] = []
    for char in text:
        if ord(char) < 128:
            out.append(char)
            continue
        if char in _NEAREST:
            out.append(_NEAREST[char])
            continue
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        out.append(plain or "?")
    return "".join(out)


def _handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    return nearest(err.object[err.start : err.end]), err.end


def prepare_streams() -> None:
    """Line-buffered stdout/stderr that never fail on a character; a forgiving stdin."""
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _handler)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(line_buffering=True, errors=HANDLER)
        except (ValueError, OSError):
            reconfigure(line_buffering=True)
    reconfigure_in = getattr(sys.stdin, "reconfigure", None)
    if reconfigure_in is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure_in(errors="replace")
