"""Typed reading of one TOML table, turning every problem into a located ``MethodError``."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from facilitator.limits import MAX_MINUTES, MAX_WARNING_S
from facilitator.methods.errors import ErrorCode, MethodError
from facilitator.methods.schema import PLACEHOLDERS
from facilitator.textfiles import control_characters
from facilitator.tomllines import LineIndex, TableRef

#: Fields that are shown on one line (a newline in them would break the screen).
_ONE_LINE = frozenset({"naam", "titel", "id"})

#: A placeholder as the session fills it: ``{name}``, no nesting, no escapes.
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def describe(value: object) -> str:
    """A value as a Dutch reader would recognise it from the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'tekst "{value}"' if len(value) <= 40 else "een tekst"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een tabel"
    return "een datum of tijd"


@dataclass(frozen=True, slots=True)
class Source:
    path: Path
    lines: LineIndex


class Table:
    """One TOML table (the top level, a ``[[stap]]`` or a ``[[bijeenkomst]]``)."""

    def __init__(
        self,
        source: Source,
        data: Mapping[str, object],
        ref: TableRef,
        *,
        step_number: int | None = None,
        label: str = "",
    ) -> None:
        self.source = source
        self.data = data
        self.ref = ref
        self.step_number = step_number
        self.label = label  # "bijeenkomst 2": prefix for messages outside steps
        title = data.get("titel")
        self.step_title = title if isinstance(title, str) and step_number is not None else ""

    # ------------------------------------------------------------------ errors

    def error(self, key: str, message: str, code: ErrorCode) -> MethodError:
        return MethodError(
            self.source.path,
            f"{self.label}: {message}" if self.label else message,
            code=code,
            line=self.source.lines.line_of(self.ref, key),
            step_number=self.step_number,
            step_title=self.step_title,
            field=key,
        )

    def check_keys(self, allowed: Collection[str]) -> None:
        for key in self.data:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            hint = (
                f'Bedoel je "{close[0]}"?'
                if close
                else "Toegestane velden: " + ", ".join(sorted(allowed)) + "."
            )
            raise self.error(key, f"onbekend veld. {hint} Pas de naam aan.", ErrorCode.UNKNOWN_KEY)

    def _wrong_type(self, key: str, expected: str, example: str) -> MethodError:
        actual = describe(self.data[key])
        return self.error(
            key,
            f"moet {expected} zijn (nu: {actual}). Schrijf bijvoorbeeld: {key} = {example}",
            ErrorCode.WRONG_TYPE,
        )

    def _missing(self, key: str, example: str) -> MethodError:
        return self.error(
            key, f"ontbreekt. Voeg toe, bijvoorbeeld: {key} = {example}", ErrorCode.MISSING
        )

    def _check_controls(self, key: str, value: str, position: int | None = None) -> None:
        found = control_characters(value, multiline=key not in _ONE_LINE)
        if not found:
            return
        where = f"tekst {position} " if position is not None else ""
        raise self.error(
            key,
            f"{where}bevat een onzichtbaar stuurteken ({', '.join(found)}), dat het scherm "
            "in de war brengt. Haal het weg en schrijf gewone tekst.",
            ErrorCode.BAD_VALUE,
        )

    # ------------------------------------------------------------------ readers

    def text(self, key: str, *, example: str, required: bool = False, default: str = "") -> str:
        if key not in self.data:
            if required:
                raise self._missing(key, example)
            return default
        value = self.data[key]
        if not isinstance(value, str):
            raise self._wrong_type(key, "een tekst tussen aanhalingstekens", example)
        self._check_controls(key, value)
        value = value.strip()
        if required and not value:
            raise self.error(
                key,
                f"mag niet leeg zijn. Schrijf bijvoorbeeld: {key} = {example}",
                ErrorCode.MISSING,
            )
        return value

    def number(
        self,
        key: str,
        *,
        example: str,
        required: bool = False,
        default: float | None = None,
        allow_zero: bool = False,
    ) -> float | None:
        """A finite number > 0, or >= 0 with ``allow_zero`` (int or float; booleans are not
        numbers here)."""
        if key not in self.data:
            if required:
                raise self._missing(key, example)
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._wrong_type(key, "een getal", example)
        if not math.isfinite(value):
            raise self._wrong_type(key, "een gewoon getal", example)
        if value > MAX_MINUTES:
            raise self.error(
                key,
                f"is te groot (nu: {value:g}); hoogstens {MAX_MINUTES:g} minuten. "
                "Pas de waarde aan.",
                ErrorCode.BAD_VALUE,
            )
        if allow_zero and value < 0:
            raise self.error(
                key,
                f"mag niet negatief zijn (nu: {value:g}). Schrijf 0 of meer, bijvoorbeeld: "
                f"{key} = {example}",
                ErrorCode.NOT_POSITIVE,
            )
        if not allow_zero and value <= 0:
            raise self.error(
                key,
                f"moet groter dan 0 zijn (nu: {value:g}). Pas de waarde aan.",
                ErrorCode.NOT_POSITIVE,
            )
        return float(value)

    def integer(self, key: str, *, example: str, required: bool = False) -> int | None:
        if key not in self.data:
            if required:
                raise self._missing(key, example)
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong_type(key, "een geheel getal", example)
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            raise self._wrong_type(key, "true of false (zonder aanhalingstekens)", "true")
        return value

    def text_list(self, key: str, *, example: str) -> tuple[str, ...]:
        if key not in self.data:
            return ()
        value = self.data[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._wrong_type(key, "een lijst van teksten", example)
        for position, item in enumerate(value, start=1):
            if not item.strip():
                raise self.error(
                    key,
                    f"tekst {position} van de lijst is leeg. Vul hem in of haal hem weg; "
                    f"bijvoorbeeld: {key} = {example}",
                    ErrorCode.MISSING,
                )
            self._check_controls(key, item, position)
        return tuple(item.strip() for item in value)

    def seconds_list(self, key: str) -> tuple[int, ...] | None:
        """Warning moments in seconds: positive whole numbers, returned largest first."""
        if key not in self.data:
            return None
        value = self.data[key]
        example = "[120, 30]"
        if not isinstance(value, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in value
        ):
            raise self._wrong_type(key, "een lijst van hele seconden", example)
        if any(item <= 0 for item in value):
            raise self.error(
                key,
                f"elke waarschuwing moet groter dan 0 seconden zijn (nu: {value}). "
                "Pas de waarden aan.",
                ErrorCode.NOT_POSITIVE,
            )
        if any(item > MAX_WARNING_S for item in value):
            raise self.error(
                key,
                f"een waarschuwing mag hoogstens {MAX_WARNING_S} seconden voor het einde "
                f"komen (nu: {max(value)}). Pas de waarden aan.",
                ErrorCode.BAD_VALUE,
            )
        return tuple(sorted(set(value), reverse=True))

    def choice(
        self,
        key: str,
        choices: Mapping[str, object],
        *,
        code: ErrorCode,
        required: bool,
        noun: str = "waarde",
    ) -> object | None:
        allowed = ", ".join(choices)
        if key not in self.data:
            if required:
                raise self.error(
                    key,
                    f'ontbreekt. Voeg toe: {key} = "..." met één van: {allowed}.',
                    ErrorCode.MISSING,
                )
            return None
        value = self.data[key]
        if not isinstance(value, str):
            raise self._wrong_type(
                key, f"een tekst, één van: {allowed}", f'"{next(iter(choices))}"'
            )
        if value not in choices:
            raise self.error(key, f'onbekende {noun} "{value}". Kies uit: {allowed}.', code)
        return choices[value]

    def placeholders(self, key: str, texts: tuple[str, ...], allowed: frozenset[str]) -> None:
        """Every ``{name}`` in ``texts`` must be one of ``allowed``."""
        known = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))
        for text in texts:
            rest = _PLACEHOLDER.sub("", text)
            if "{" in rest or "}" in rest:
                raise self.error(
                    key,
                    "bevat een losse accolade { of }. Accolades zijn alleen voor invulplekken "
                    f"zoals {{inbrenger}}; haal de losse accolade weg. Toegestaan: {known}.",
                    ErrorCode.PLACEHOLDER,
                )
            for name in _PLACEHOLDER.findall(text):
                if name in allowed:
                    continue
                if name in PLACEHOLDERS and not allowed:
                    raise self.error(
                        key,
                        f"hier werken geen invulplekken (nu: {{{name}}}). Schrijf de tekst uit.",
                        ErrorCode.PLACEHOLDER,
                    )
                if name in PLACEHOLDERS:
                    raise self.error(
                        key,
                        f"gebruikt {{{name}}}, maar de methode heeft geen [[bijeenkomst]]. "
                        "Voeg bijeenkomsten toe of haal de invulplek weg.",
                        ErrorCode.PLACEHOLDER,
                    )
                close = difflib.get_close_matches(name, sorted(PLACEHOLDERS), n=1)
                hint = f" Bedoel je {{{close[0]}}}?" if close else ""
                raise self.error(
                    key,
                    f"onbekende invulplek {{{name}}}.{hint} Toegestaan: {known}.",
                    ErrorCode.PLACEHOLDER,
                )
