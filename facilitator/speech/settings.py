"""What a group can change about the device's voice: mode, rate, volume, voice, output.

``SpeechSettings`` is frozen and validated on construction; ``from_mapping`` builds one from a
settings-file section or command-line values (Dutch keys) and names the source and the field in
every error. Errors are ``SpeechSettingsError`` with a Dutch message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.phrases import LANGUAGES

RATE_MIN_WPM = 80  # words per minute; espeak-ng's slowest rate
RATE_MAX_WPM = 400  # words per minute; faster is not intelligible for a group
DEFAULT_RATE_WPM = 150  # words per minute; calm, a little slower than espeak-ng's 175
VOLUME_MIN = 0.0  # fraction of full scale
VOLUME_MAX = 1.0  # fraction of full scale
DEFAULT_VOLUME = 0.9  # fraction of full scale; headroom for the chimes


class SpeechMode(StrEnum):
    """How the device makes itself heard (the values are what people type)."""

    SPEECH = "spraak"  # every line spoken, chimes before warnings and at time up
    SIGNAL = "signaal"  # quiet mode: only the chimes; texts appear on screen
    OFF = "uit"  # silent: texts appear on screen only


class SpeechSettingsError(FacilitatorError, ValueError):
    """A speech setting that cannot be used; ``str()`` is a Dutch message for people."""

    area = ErrorArea.SETTINGS


@dataclass(frozen=True, slots=True)
class SpeechSettings:
    mode: SpeechMode = SpeechMode.SPEECH
    rate_wpm: int = DEFAULT_RATE_WPM  # words per minute
    volume: float = DEFAULT_VOLUME  # 0.0 (silent) .. 1.0 (full scale)
    voice: str | None = None  # voice id or name; None: the first voice of ``language``
    language: str = "nl"  # "nl" or "en": which voice is chosen automatically
    output_device: str | int | None = None  # sound device name (part) or index; None: default

    def __post_init__(self) -> None:
        _check(self)


def _check(settings: SpeechSettings) -> None:
    if not isinstance(settings.mode, SpeechMode):
        raise SpeechSettingsError(
            f"modus moet {_choices(m.value for m in SpeechMode)} zijn, niet {settings.mode!r}."
        )
    rate = settings.rate_wpm
    if isinstance(rate, bool) or not isinstance(rate, int):
        raise SpeechSettingsError(f"snelheid moet een geheel getal zijn, niet {rate!r}.")
    if not RATE_MIN_WPM <= rate <= RATE_MAX_WPM:
        raise SpeechSettingsError(
            f"snelheid moet tussen {RATE_MIN_WPM} en {RATE_MAX_WPM} woorden per minuut "
            f"liggen, niet {rate}."
        )
    volume = settings.volume
    if isinstance(volume, bool) or not isinstance(volume, int | float):
        raise SpeechSettingsError(f"volume moet een getal zijn, niet {volume!r}.")
    if not VOLUME_MIN <= volume <= VOLUME_MAX:
        raise SpeechSettingsError(
            f"volume moet tussen {VOLUME_MIN:g} en {VOLUME_MAX:g} liggen (bijvoorbeeld 0.8), "
            f"niet {volume}."
        )
    if settings.voice is not None and (
        not isinstance(settings.voice, str) or not settings.voice.strip()
    ):
        raise SpeechSettingsError(
            f"stem moet de naam of id van een stem zijn (zie 'facilitator spreek-test'), "
            f"niet {settings.voice!r}."
        )
    if settings.language not in LANGUAGES:
        raise SpeechSettingsError(
            f"taal moet {_choices(LANGUAGES)} zijn, niet {settings.language!r}."
        )
    device = settings.output_device
    if device is not None and (
        isinstance(device, bool)
        or not isinstance(device, str | int)
        or (isinstance(device, str) and not device.strip())
        or (isinstance(device, int) and device < 0)
    ):
        raise SpeechSettingsError(
            "luidspreker moet de naam (of een deel ervan) of het nummer van een "
            f"geluidsapparaat zijn, niet {device!r}."
        )


def _choices(values: Any) -> str:
    items = [f"'{v}'" for v in values]
    return ", ".join(items[:-1]) + f" of {items[-1]}" if len(items) > 1 else items[0]


#: Dutch key (settings file / command line) -> SpeechSettings field.
MAPPING_KEYS: dict[str, str] = {
    "modus": "mode",
    "snelheid": "rate_wpm",
    "volume": "volume",
    "stem": "voice",
    "taal": "language",
    "luidspreker": "output_device",
}


def from_mapping(values: Mapping[str, Any], source: str) -> SpeechSettings:
    """Build settings from Dutch keys (see ``MAPPING_KEYS``); ``None`` values keep the default.

    ``source`` names where the values came from (a file path and section, or "opdrachtregel")
    and starts every error message.
    """
    fields: dict[str, Any] = {}
    for key, value in values.items():
        name = MAPPING_KEYS.get(key)
        if name is None:
            known = _choices(MAPPING_KEYS)
            raise SpeechSettingsError(
                f"{source}: onbekende spraakinstelling '{key}'. Mogelijk zijn: {known}."
            )
        if value is None:
            continue
        if name == "mode":
            try:
                value = SpeechMode(str(value).strip().lower())
            except ValueError:
                raise SpeechSettingsError(
                    f"{source}: '{key}' moet {_choices(m.value for m in SpeechMode)} zijn, "
                    f"niet {value!r}."
                ) from None
        elif name == "volume" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        elif name == "output_device" and isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        fields[name] = value
    try:
        return SpeechSettings(**fields)
    except SpeechSettingsError as err:
        raise SpeechSettingsError(f"{source}: {err}") from None
