"""Reading the settings file: TOML with Dutch names, every value checked where it comes in.

``load_settings_file`` returns ``{part: {field: value}}`` or raises ``SettingsError`` whose
text names the file, the line, the field and what to do; ``validate`` holds the range
checks shared with the command line.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.limits import MAX_MEETING, MAX_MINUTES, MAX_MORE_TIME_MIN, MAX_PORT, finite_in
from facilitator.phrases import LANGUAGES
from facilitator.textfiles import (
    SETTINGS_MAX_BYTES,
    FileProblem,
    control_characters,
    parse_toml,
    read_bounded,
    toml_problem,
)
from facilitator.tomllines import index_lines

VOLUME_MAX = 100  # percent
RATE_MIN = 80  # words per minute
RATE_MAX = 400  # words per minute
SPEECH_MODES: tuple[str, ...] = ("spraak", "signaal", "uit")  # speech.settings.SpeechMode values
#: How much the device explains per step ("" in Settings: decided by the group's experience).
PROMPT_LENGTHS: tuple[str, ...] = ("kort", "uitgebreid")


class SettingsError(FacilitatorError, ValueError):
    """A settings file or command-line value that cannot be used; ``str()`` is Dutch."""

    area = ErrorArea.SETTINGS


# --------------------------------------------------------------------------- file schema

#: (TOML section, TOML key) -> (part attribute, field name, expected kind)
_KIND_TEXT = "tekst"
_KIND_BOOL = "true of false"
_KIND_INT = "een geheel getal"
_KIND_NUMBER = "een getal"
_KIND_PATH = "een pad (tekst)"
_KIND_NAMES = 'een lijst met namen, zoals ["Anna", "Bram"]'

_FILE_FIELDS: dict[str, dict[str, tuple[str, str, str]]] = {
    "sessie": {
        "methode": ("session", "method", _KIND_TEXT),
        "deelnemers": ("session", "participants", _KIND_NAMES),
        "duur": ("session", "duration_min", _KIND_NUMBER),
        "bijeenkomst": ("session", "meeting", _KIND_INT),
        "meer_tijd": ("session", "more_time_min", _KIND_NUMBER),
        "taal": ("session", "language", _KIND_TEXT),
        "event_log": ("session", "event_log", _KIND_PATH),
        "groep": ("session", "group", _KIND_TEXT),
        "uitleg": ("session", "prompts", _KIND_TEXT),
    },
    "spraak": {
        "modus": ("speech", "mode", _KIND_TEXT),
        "snelheid": ("speech", "rate_wpm", _KIND_INT),
        "volume": ("speech", "volume_pct", _KIND_INT),
        "stem": ("speech", "voice", _KIND_TEXT),
        "luidspreker": ("speech", "output_device", _KIND_TEXT),
    },
    "luisteren": {
        "aan": ("listen", "enabled", _KIND_BOOL),
        "model": ("listen", "model", _KIND_PATH),
        "woordenlijst": ("listen", "vocabulary", _KIND_TEXT),
        "microfoon": ("listen", "microphone", _KIND_TEXT),
        "aanspreeknaam": ("listen", "address_name", _KIND_TEXT),
        "doorpraten": ("listen", "barge_in", _KIND_BOOL),
    },
    "scherm": {
        "eenvoudig": ("display", "plain", _KIND_BOOL),
    },
    "kamerscherm": {
        "aan": ("display", "room_screen", _KIND_BOOL),
        "lan": ("display", "room_screen_lan", _KIND_BOOL),
        "poort": ("display", "room_screen_port", _KIND_INT),
    },
}


def _line_of(text: str, section: str, key: str | None) -> int:
    """1-based line of ``key`` inside ``[section]`` (or of the section header); 0 if unknown."""
    return index_lines(text).line_of((section, 0), key or "") or 0


def _convert(value: Any, kind: str) -> Any:
    """The value as the field wants it, or raise ``TypeError`` when it has the wrong kind."""
    if kind == _KIND_BOOL and isinstance(value, bool):
        return value
    if kind == _KIND_INT and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == _KIND_NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind == _KIND_TEXT and isinstance(value, str):
        return value
    if kind == _KIND_PATH and isinstance(value, str):
        return Path(value).expanduser()
    if kind == _KIND_NAMES and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(name.strip() for name in value)
    raise TypeError(kind)


def _top_line(text: str, key: str) -> int:
    """1-based line of a top-level ``key`` (before the first [section]); 0 if unknown."""
    return index_lines(text).keys.get((None, 0, key), 0)


def _read_settings_text(path: Path) -> str:
    try:
        data = read_bounded(path, SETTINGS_MAX_BYTES)
    except FileNotFoundError as err:
        raise SettingsError(
            f"{path}: instellingenbestand niet gevonden. Controleer het pad of laat "
            "--instellingen weg."
        ) from err
    except FileProblem as err:
        raise SettingsError(
            f"{path}: instellingenbestand kan niet gelezen worden ({err.reason}). "
            "Geef een gewoon tekstbestand (TOML) dat je mag lezen."
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SettingsError(
            f"{path}, regel {line}: instellingenbestand is geen UTF-8-tekst (onleesbaar "
            "teken). Sla het op als UTF-8, bijvoorbeeld via 'Opslaan als' in je teksteditor."
        ) from None


def _section_of(key: str) -> str | None:
    return next((name for name, fields in _FILE_FIELDS.items() if key in fields), None)


def load_settings_file(path: Path) -> dict[str, dict[str, Any]]:
    """Read a settings file into ``{part: {field: value}}`` or raise ``SettingsError``."""
    text = _read_settings_text(path)
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as err:
        line, dutch = toml_problem(err, text)
        where = f"{path}, regel {line}" if line else f"{path}"
        raise SettingsError(
            f"{where}: de opmaak klopt niet: {dutch}. Controleer aanhalingstekens, haken en "
            'het is-teken; tekst staat tussen aanhalingstekens, bijvoorbeeld stem = "gmw/nl".'
        ) from None
    values: dict[str, dict[str, Any]] = {}
    for section, content in data.items():
        fields = _FILE_FIELDS.get(section)
        if not isinstance(content, dict):
            home = _section_of(section)
            line = _top_line(text, section)
            where = f"{path}, regel {line}" if line else f"{path}"
            if home is not None:
                raise SettingsError(
                    f"{where}: '{section}' staat niet onder een kop. Zet het onder [{home}]: "
                    f"een regel [{home}] boven '{section} = …'."
                )
            known = ", ".join(f"[{name}]" for name in _FILE_FIELDS)
            raise SettingsError(
                f"{where}: onbekende instelling '{section}' buiten een kop. "
                f"Instellingen staan onder een van: {known}."
            )
        if fields is None:
            known = ", ".join(f"[{name}]" for name in _FILE_FIELDS)
            line = _line_of(text, section, None)
            raise SettingsError(
                f"{path}, regel {line}: onbekend onderdeel [{section}]. Gebruik een van: {known}."
            )
        for key, raw in content.items():
            line = _line_of(text, section, key)
            if key not in fields:
                known = ", ".join(fields)
                raise SettingsError(
                    f"{path}, regel {line}: onbekende instelling '{key}' in [{section}]. "
                    f"Mogelijk zijn: {known}."
                )
            part, name, kind = fields[key]
            try:
                value = _convert(raw, kind)
            except TypeError:
                shown = (
                    raw
                    if isinstance(raw, str | int | float | bool)
                    else "een " + ("lijst" if isinstance(raw, list) else "tabel of datum")
                )
                raise SettingsError(
                    f"{path}, regel {line}: '{key}' in [{section}] moet {kind} zijn, "
                    f"niet {shown!r}."
                ) from None
            try:
                validate(part, name, value)
            except SettingsError as err:
                where = f"{path}, regel {line}: '{key}' in [{section}]"
                raise SettingsError(f"{where}: {err}") from None
            values.setdefault(part, {})[name] = value
    return values


def validate(part: str, name: str, value: Any) -> None:
    """Range checks shared by the file and the command line; messages are Dutch fragments."""
    if value is None:
        return
    if name == "language" and value not in LANGUAGES:
        raise SettingsError(f"taal moet {' of '.join(LANGUAGES)} zijn, niet {value!r}.")
    if name == "prompts" and value not in PROMPT_LENGTHS:
        raise SettingsError(f"uitleg moet {' of '.join(PROMPT_LENGTHS)} zijn, niet {value!r}.")
    if name == "mode" and value not in SPEECH_MODES:
        raise SettingsError(f"modus moet {', '.join(SPEECH_MODES)} zijn, niet {value!r}.")
    if name == "volume_pct" and not 0 <= value <= VOLUME_MAX:
        raise SettingsError(f"volume moet tussen 0 en {VOLUME_MAX} liggen, niet {value}.")
    if name == "rate_wpm" and not RATE_MIN <= value <= RATE_MAX:
        raise SettingsError(
            f"spreeksnelheid moet tussen {RATE_MIN} en {RATE_MAX} woorden per minuut liggen, "
            f"niet {value}."
        )
    if name == "duration_min" and not finite_in(value, 0, MAX_MINUTES, low_open=True):
        raise SettingsError(
            f"de duur moet een aantal minuten zijn groter dan 0 en hoogstens {MAX_MINUTES:g}, "
            f"niet {value}."
        )
    if name == "more_time_min" and not finite_in(value, 0, MAX_MORE_TIME_MIN, low_open=True):
        raise SettingsError(
            f"meer tijd moet een aantal minuten zijn groter dan 0 en hoogstens "
            f"{MAX_MORE_TIME_MIN:g}, niet {value}."
        )
    if name == "room_screen_port" and not 0 <= value <= MAX_PORT:
        raise SettingsError(f"de poort ligt tussen 1 en {MAX_PORT}, niet {value}.")
    if name == "meeting" and not 1 <= value <= MAX_MEETING:
        raise SettingsError(
            f"het nummer van de bijeenkomst ligt tussen 1 en {MAX_MEETING}, niet {value}."
        )
    texts = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
    for text in texts:
        found = control_characters(text)
        if found:
            raise SettingsError(
                f"{text!r} bevat een onzichtbaar stuurteken ({', '.join(found)}). "
                "Gebruik gewone letters."
            )
