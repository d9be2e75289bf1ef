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
    doorpraten = true    # luisteren terwijl het apparaat praat (met echo-onderdrukking)

    [scherm]
    eenvoudig = false    # true = een regel per gebeurtenis (schermlezers)

A bad file raises ``SettingsError`` whose text names the file, the line, the field and what to
do. The default location is ``platformdirs.user_config_dir("facilitator")/instellingen.toml``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.phrases import LANGUAGES
from facilitator.settings_file import (
    PROMPT_LENGTHS,
    RATE_MAX,
    RATE_MIN,
    SPEECH_MODES,
    VOLUME_MAX,
    SettingsError,
    load_settings_file,
    validate,
)

__all__ = [
    "DEFAULT_METHOD",
    "LANGUAGES",
    "PROMPT_LENGTHS",
    "RATE_MAX",
    "RATE_MIN",
    "SETTINGS_FILE_NAME",
    "SPEECH_MODES",
    "VOLUME_MAX",
    "DisplayPart",
    "ListenPart",
    "SessionPart",
    "Settings",
    "SettingsError",
    "SpeechPart",
    "build_settings",
    "default_settings_path",
    "load_settings_file",
]
SETTINGS_FILE_NAME = "instellingen.toml"
DEFAULT_METHOD = "5-stappen"


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
    group: str = ""  # a standing group (facilitator groep): its names, language, experience
    prompts: str = ""  # "kort" or "uitgebreid"; "": from the group's experience, else full
    follow_up: tuple[str, ...] = ()  # set from a group's history, never from a file
    members: tuple[str, ...] = ()  # a standing group's members (who may join later)


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
    barge_in: bool = True  # keep listening while the device speaks (needs echo cancelling)


@dataclass(frozen=True, slots=True)
class DisplayPart:
    plain: bool = False  # one line per event, no redraws (screen readers)
    room_screen: bool = False  # serve the room display (a web page) on this machine
    room_screen_lan: bool = False  # and on the local network, behind a short code
    room_screen_port: int | None = None  # None: the room display's default port


@dataclass(frozen=True, slots=True)
class Settings:
    session: SessionPart = field(default_factory=SessionPart)
    speech: SpeechPart = field(default_factory=SpeechPart)
    listen: ListenPart = field(default_factory=ListenPart)
    display: DisplayPart = field(default_factory=DisplayPart)
    source: Path | None = None  # the settings file used, if any


_PART_TYPES: dict[str, type[Any]] = {
    "session": SessionPart,
    "speech": SpeechPart,
    "listen": ListenPart,
    "display": DisplayPart,
}


def default_settings_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("facilitator")) / SETTINGS_FILE_NAME


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
                    validate(part, name, value)
                except SettingsError as err:
                    raise SettingsError(f"Ongeldige waarde op de opdrachtregel: {err}") from None
                merged[name] = value
        parts[part] = cls(**merged)
    unknown = set(overrides) - set(_PART_TYPES)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    return Settings(source=source, **parts)
