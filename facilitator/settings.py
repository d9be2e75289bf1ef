"""One frozen ``Settings`` object, parsed once: defaults ← settings file ← command line.

The settings file is TOML with Dutch section and key names (people edit it), for example::

    [sessie]
    methode = "5-stappen"
    deelnemers = ["Anna", "Bram", "Cem"]   # een vaste groep; --deelnemers gaat voor
    duur = 60            # minuten; leeg = de duur van de methode
    meer_tijd = 2        # minuten per "meer tijd"
    taal = "nl"

    [spraak]
    modus = "spraak"     # spraak, signaal (alleen signaaltonen) of uit
    snelheid = 150       # woorden per minuut
    volume = 90          # 0-100
    stem = "gmw/nl"
    luidspreker = "USB"  # naam (deel) of nummer; leeg = standaard

    [luisteren]
    aan = true
    model = "/pad/naar/vosk-model-small-nl-0.22"
    woordenlijst = "nl"  # nl, en of een pad naar een eigen woordenlijst
    microfoon = "USB"    # naam (deel) of nummer
    aanspreeknaam = "Kompas"

    [scherm]
    eenvoudig = false    # true = een regel per gebeurtenis (schermlezers)

A bad file raises ``SettingsError`` whose text names the file, the line, the field and what to
do. The default location is ``platformdirs.user_config_dir("facilitator")/instellingen.toml``.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.phrases import LANGUAGES

SETTINGS_FILE_NAME = "instellingen.toml"
DEFAULT_METHOD = "5-stappen"
VOLUME_MAX = 100  # percent
RATE_MIN = 80  # words per minute
RATE_MAX = 400  # words per minute
SPEECH_MODES: tuple[str, ...] = ("spraak", "signaal", "uit")  # speech.settings.SpeechMode values


class SettingsError(FacilitatorError, ValueError):
    """A settings file or command-line value that cannot be used; ``str()`` is Dutch."""

    area = ErrorArea.SETTINGS


@dataclass(frozen=True, slots=True)
class SessionPart:
    method: str = DEFAULT_METHOD
    participants: tuple[str, ...] = ()
    casusinbrenger: str = ""
    duration_min: float | None = None  # None: the method's own length
    meeting: int | None = None  # 1-based meeting number of a multi-meeting cycle
    more_time_min: float | None = None  # None: the session's default
    language: str = "nl"
    resume: bool = False
    event_log: Path | None = None
    group: str = ""  # a standing group (facilitator groep); its names, language, history
    prompts: str = ""  # "kort" or "uitgebreid"; "": from the group's experience, else full
    follow_up: tuple[str, ...] = ()  # set from a group's history, never from a file


@dataclass(frozen=True, slots=True)
class SpeechPart:
    mode: str = "spraak"  # "spraak", "signaal" (chimes only) or "uit"
    rate_wpm: int | None = None  # None: the speech part's default
    volume_pct: int | None = None  # 0-100; None: the speech part's default
    voice: str | None = None
    output_device: str | None = None  # sound device name (part) or number


@dataclass(frozen=True, slots=True)
class ListenPart:
    enabled: bool = True
    model: Path | None = None
    vocabulary: str | None = None  # "nl", "en" or a path; None: the session language
    microphone: str | None = None  # device name (part) or number
    input_wav: Path | None = None  # listen to a WAV file instead of a microphone
    address_name: str | None = None  # "Kompas, volgende stap"


@dataclass(frozen=True, slots=True)
class DisplayPart:
    plain: bool = False  # one line per event, no redraws (screen readers)


@dataclass(frozen=True, slots=True)
class Settings:
    session: SessionPart = field(default_factory=SessionPart)
    speech: SpeechPart = field(default_factory=SpeechPart)
    listen: ListenPart = field(default_factory=ListenPart)
    display: DisplayPart = field(default_factory=DisplayPart)
    source: Path | None = None  # the settings file used, if any


# --------------------------------------------------------------------------- file schema

#: (TOML section, TOML key) -> (part attribute, field name, expected kind)
_KIND_TEXT = "tekst"
#: How much the device explains per step ("" in Settings: decided by the group's experience).
PROMPT_LENGTHS = ("kort", "uitgebreid")
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
    },
    "scherm": {
        "eenvoudig": ("display", "plain", _KIND_BOOL),
    },
}

_PART_TYPES: dict[str, type[Any]] = {
    "session": SessionPart,
    "speech": SpeechPart,
    "listen": ListenPart,
    "display": DisplayPart,
}


def default_settings_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("facilitator")) / SETTINGS_FILE_NAME


def _line_of(text: str, section: str, key: str | None) -> int:
    """1-based line of ``key`` inside ``[section]`` (or of the section header); 0 if unknown."""
    in_section = False
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    key_re = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=") if key else None
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            in_section = match.group(1) == section
            if in_section and key_re is None:
                return number
            continue
        if in_section and key_re is not None and key_re.match(line):
            return number
    return 0


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


def load_settings_file(path: Path) -> dict[str, dict[str, Any]]:
    """Read a settings file into ``{part: {field: value}}`` or raise ``SettingsError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise SettingsError(
            f"{path}: instellingenbestand niet gevonden. Controleer het pad of laat "
            "--instellingen weg."
        ) from err
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(
            f"{path}: instellingenbestand kan niet gelezen worden ({err}). "
            "Sla het op als UTF-8-tekst."
        ) from err
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(
            f"{path}: geen geldige TOML ({err}). Zet tekst tussen aanhalingstekens, "
            'bijvoorbeeld stem = "gmw/nl".'
        ) from err
    values: dict[str, dict[str, Any]] = {}
    for section, content in data.items():
        fields = _FILE_FIELDS.get(section)
        if fields is None or not isinstance(content, dict):
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
                raise SettingsError(
                    f"{path}, regel {line}: '{key}' in [{section}] moet {kind} zijn, niet {raw!r}."
                ) from None
            try:
                _validate(part, name, value)
            except SettingsError as err:
                where = f"{path}, regel {line}: '{key}' in [{section}]"
                raise SettingsError(f"{where}: {err}") from None
            values.setdefault(part, {})[name] = value
    return values


def _validate(part: str, name: str, value: Any) -> None:
    """Range checks shared by the file and the command line; messages are Dutch fragments."""
    if value is None:
        return
    if name == "language" and value not in LANGUAGES:
        raise SettingsError(f"taal moet {' of '.join(LANGUAGES)} zijn, niet {value!r}.")
    if name == "mode" and value not in SPEECH_MODES:
        raise SettingsError(f"modus moet {', '.join(SPEECH_MODES)} zijn, niet {value!r}.")
    if name == "volume_pct" and not 0 <= value <= VOLUME_MAX:
        raise SettingsError(f"volume moet tussen 0 en {VOLUME_MAX} liggen, niet {value}.")
    if name == "rate_wpm" and not RATE_MIN <= value <= RATE_MAX:
        raise SettingsError(
            f"spreeksnelheid moet tussen {RATE_MIN} en {RATE_MAX} woorden per minuut liggen, "
            f"niet {value}."
        )
    if name in ("duration_min", "more_time_min") and value <= 0:
        raise SettingsError(f"het aantal minuten moet groter dan 0 zijn, niet {value}.")
    if name == "prompts" and value not in PROMPT_LENGTHS:
        raise SettingsError(f"uitleg moet {' of '.join(PROMPT_LENGTHS)} zijn, niet {value!r}.")
    if name == "meeting" and value < 1:
        raise SettingsError(f"het nummer van de bijeenkomst begint bij 1, niet {value}.")


def build_settings(
    overrides: Mapping[str, Mapping[str, Any]],
    *,
    settings_file: Path | None = None,
    use_default_file: bool = True,
) -> Settings:
    """Defaults ← settings file ← ``overrides`` (command line; ``None`` values are skipped).

    ``settings_file`` must exist when given; the default file is used only when it exists.
    """
    source: Path | None = settings_file
    if source is None and use_default_file:
        candidate = default_settings_path()
        source = candidate if candidate.is_file() else None
    file_values = load_settings_file(source) if source is not None else {}
    parts: dict[str, Any] = {}
    for part, cls in _PART_TYPES.items():
        merged: dict[str, Any] = dict(file_values.get(part, {}))
        for name, value in overrides.get(part, {}).items():
            if name not in {f.name for f in dataclasses.fields(cls)}:
                raise KeyError(f"{part}.{name}")  # a programming error, not user input
            if value is not None:
                try:
                    _validate(part, name, value)
                except SettingsError as err:
                    raise SettingsError(f"Ongeldige waarde op de opdrachtregel: {err}") from None
                merged[name] = value
        parts[part] = cls(**merged)
    unknown = set(overrides) - set(_PART_TYPES)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    return Settings(source=source, **parts)
