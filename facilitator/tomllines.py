"""Find the line of a table or key in TOML text (tomllib gives values, not positions): the
one line scanner of method files, the settings file and vocabularies.

A light line scanner, good enough to point a user at the right place: it knows table
headers (``[[stap]]``), ``key = value`` lines and skips the inside of multi-line strings.
When a key cannot be found, callers fall back to the line of its table header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\]\s]+)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*[=.]""")
_TRIPLE_QUOTES = ('"""', "'''")

#: (table name or None for the top level, 0-based occurrence of that table)
TableRef = tuple[str | None, int]


@dataclass(slots=True)
class LineIndex:
    """Line numbers (1-based) of table headers and keys in one TOML text."""

    headers: dict[TableRef, int] = field(default_factory=dict)
    keys: dict[tuple[str | None, int, str], int] = field(default_factory=dict)

    def line_of(self, table: TableRef, key: str = "") -> int | None:
        """Line of ``key`` inside ``table``; the table's header line when not found."""
        if key:
            found = self.keys.get((table[0], table[1], key))
            if found is None and table[0] is None:
                found = self.headers.get((key, 0))  # a top-level key written as [[key]]
            if found is not None:
                return found
        return self.headers.get(table)

    def first_line_of_key(self, key: str) -> int | None:
        """Line of the first ``key = …`` in any table."""
        lines = [line for (_, _, name), line in self.keys.items() if name == key]
        return min(lines) if lines else None


def index_lines(text: str) -> LineIndex:
    index = LineIndex(headers={(None, 0): 1})
    counts: dict[str, int] = {}
    current: TableRef = (None, 0)
    open_quote = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if open_quote:
            if line.count(open_quote) % 2 == 1:
                open_quote = ""
            continue
        array = _ARRAY_HEADER.match(line)
        table = None if array else _TABLE_HEADER.match(line)
        if array or table:
            name = (array or table).group(1)  # type: ignore[union-attr]
            occurrence = counts.get(name, 0)
            counts[name] = occurrence + 1
            current = (name, occurrence)
            index.headers.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key:
            name = next(group for group in key.groups() if group)
            index.keys.setdefault((current[0], current[1], name), number)
        open_quote = _opens_multiline(line)
    return index


def _opens_multiline(line: str) -> str:
    """The triple quote left open at the end of ``line``, or ""."""
    for quote in _TRIPLE_QUOTES:
        if line.count(quote) % 2 == 1:
            return quote
    return ""


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line of a byte offset (for decoding errors)."""
    return data.count(b"\n", 0, offset) + 1
