"""Listening settings: one frozen object, built from a mapping (settings file or command line).

``ListenSettings.from_mapping`` accepts the English field names below and the Dutch names of
the settings file / command line (``model``, ``woordenlijst``, ``microfoon``, ``invoer_wav``,
``aanspreeknaam``, ``aan``). A bad value raises ``ListenSettingsError`` (Dutch, names the source
and the field).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from facilitator.errors import ErrorArea, FacilitatorError

BLOCK_S_MIN = 0.05  # s
BLOCK_S_MAX = 0.25  # s; longer blocks delay end-of-speech detection


class ListenSettingsError(FacilitatorError, ValueError):
    """A listening setting that cannot be used; ``str()`` is Dutch."""

    area = ErrorArea.SETTINGS


@dataclass(frozen=True, slots=True)
class ListenSettings:
    enabled: bool = True
    model: Path | None = None  # None: models/ then the user data dir
    vocabulary: str = "nl"  # "nl", "en" or a path to a TOML vocabulary
    device: str | int | None = None  # input device name (part) or index; None: default
    wav_input: Path | None = None  # replay a WAV file as the microphone
    wav_realtime: bool = True  # replay the WAV at its real pace (False: as fast as possible)
    wake_name: str | None = None  # address name said before each command; None: off
    cooldown_s: float = 1.5  # no new command this long after an accepted one
    guard_s: float = 0.4  # stay deaf this long after the device stops speaking
    block_s: float = 0.1  # audio block length read from the microphone
    watchdog_s: float = 2.0  # reopen the microphone when no audio arrives this long
    buffer_s: float = 4.0  # longest utterance kept in memory for the second pass
    recheck: bool = True  # second pass over state-changing commands
    recheck_open: bool = False  # second pass with open vocabulary instead of a grammar
    primary_absorbers: int = 10  # absorber words in the first-pass grammar
    recheck_absorbers: int = 0  # absorber words in the second-pass grammar (see the bench)
    max_word_s: float = 2.0  # a command word longer than this is not a command
    min_conf: float = 0.8  # every command word needs this recogniser confidence (0-1)
    min_voiced: float = 0.2  # share of a command's loud audio that must be voiced speech
    min_pause_s: float = 0.3  # quiet needed right before a command (people pause first)
    early_end_s: float | None = 0.3  # finalise a command after this much quiet (None: Vosk's)
    barge_in: bool = True  # keep listening while the device speaks (needs echo cancelling)
    min_syllable_s: float = 0.0  # each command word lasts this long per syllable (0: off)
    min_likelihood: float | None = 1.0  # score margin per s over ordinary words (None: off)
    #: the same for a one-word answer or name while a question is open ("ja", "nee", "Anna":
    #: the most common words in a conversation); measured by scripts/bench_listen_answers.py
    min_likelihood_single: float | None = 6.0
    #: the same for a one-word name as an answer (the question "Wie is er?" stays open while a
    #: talking room goes on, and a wrong name counts someone in): stricter again, chosen on
    #: the human-speech curve of scripts/bench_listen_answers.py --name-floors
    min_likelihood_name: float | None = 8.0
    max_template_distance: float = 30.0  # DTW distance to the group's own voice templates

    _ALIASES: ClassVar[Mapping[str, str]] = {
        "aan": "enabled",
        "woordenlijst": "vocabulary",
        "microfoon": "device",
        "invoer_wav": "wav_input",
        "invoer-wav": "wav_input",
        "aanspreeknaam": "wake_name",
        "doorpraten": "barge_in",
        "microphone": "device",
        "input_wav": "wav_input",
        "address_name": "wake_name",
    }

    @classmethod
    def from_mapping(
        cls, values: Mapping[str, Any], source: str = "instellingen"
    ) -> ListenSettings:
        """Build from ``values`` (``None`` values are skipped: the default stays)."""
        fields = {f.name: f for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, raw in values.items():
            name = cls._ALIASES.get(key, key)
            if name not in fields or name.startswith("_"):
                known = ", ".join(sorted(n for n in fields if not n.startswith("_")))
                raise ListenSettingsError(
                    f"{source}: onbekende luisterinstelling '{key}'. Mogelijk zijn: {known}."
                )
            if raw is None:
                continue
            kwargs[name] = _convert(name, raw, key, source)
        return cls(**kwargs)


def _convert(name: str, raw: Any, key: str, source: str) -> Any:
    where = f"{source}: '{key}'"
    if name in ("enabled", "wav_realtime", "recheck", "recheck_open", "barge_in"):
        if not isinstance(raw, bool):
            raise ListenSettingsError(f"{where} moet true of false zijn, niet {raw!r}.")
        return raw
    if name in ("model", "wav_input"):
        if not isinstance(raw, str | Path) or not str(raw).strip():
            raise ListenSettingsError(f"{where} moet een pad zijn, niet {raw!r}.")
        return Path(raw).expanduser()
    if name == "vocabulary":
        if isinstance(raw, Path):
            return str(raw)
        if not isinstance(raw, str) or not raw.strip():
            raise ListenSettingsError(
                f"{where} moet 'nl', 'en' of een pad naar een woordenlijst zijn, niet {raw!r}."
            )
        return raw.strip()
    if name == "device":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip():
            text = raw.strip()
            return int(text) if text.isdigit() else text
        raise ListenSettingsError(
            f"{where} moet de naam (of een deel ervan) of het nummer van een microfoon zijn, "
            f"niet {raw!r}. 'python -m sounddevice' toont de apparaten."
        )
    if name == "wake_name":
        if not isinstance(raw, str):
            raise ListenSettingsError(f"{where} moet één woord zijn, niet {raw!r}.")
        text = " ".join(raw.lower().split())
        if len(text.split()) != 1:
            raise ListenSettingsError(
                f"{where} moet precies één woord zijn (bijvoorbeeld 'kompas'), niet {raw!r}."
            )
        return text
    if name in ("primary_absorbers", "recheck_absorbers"):
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            raise ListenSettingsError(f"{where} moet een geheel getal van 0 of meer zijn.")
        return raw
    return _number(name, raw, where)


def _number(name: str, raw: Any, where: str) -> float:
    if not isinstance(raw, int | float) or isinstance(raw, bool):
        raise ListenSettingsError(f"{where} moet een getal (seconden) zijn, niet {raw!r}.")
    value = float(raw)
    if name == "block_s" and not BLOCK_S_MIN <= value <= BLOCK_S_MAX:
        raise ListenSettingsError(
            f"{where} moet tussen {BLOCK_S_MIN} en {BLOCK_S_MAX} seconden liggen, niet {value}."
        )
    if value < 0 or (value == 0 and name in ("watchdog_s", "buffer_s", "max_word_s")):
        raise ListenSettingsError(f"{where} moet groter dan 0 seconden zijn, niet {value}.")
    return value
