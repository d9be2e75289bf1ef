"""Piper voices on disk and the Dutch voices that can be downloaded (no piper import here).

A Piper voice is two files side by side: ``NAAM.onnx`` (the network) and ``NAAM.onnx.json``
(its settings: sample rate, language, phonemes). ``--stem piper:NAAM`` looks for
``NAAM.onnx`` in ``voice_dirs()``; ``--stem PAD/NAAM.onnx`` uses that file. A voice counts as
installed only when both files are there (``facilitator stem download`` renames the model
into place first, the settings last).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from facilitator.errors import ErrorArea, FacilitatorError

APP_NAME = "facilitator"
VOICES_DIR_NAME = "stemmen"
MODEL_SUFFIX = ".onnx"
CONFIG_SUFFIX = ".onnx.json"
PIPER_PREFIX = "piper:"
VOICE_SITE = "https://huggingface.co/rhasspy/piper-voices/resolve/main/"
INSTALL_HINT = "pip install 'facilitator[piper]'"


class PiperVoiceError(FacilitatorError, RuntimeError):
    """A Piper voice that cannot be found or read; ``str()`` is Dutch and says what to do."""

    area = ErrorArea.VOICE


@dataclass(frozen=True, slots=True)
class VoiceSpec:
    """A downloadable voice from the public Piper voice list (sizes and MD5 as published)."""

    name: str  # e.g. "nl_BE-nathalie-medium"
    description: str  # Dutch, for ``facilitator stem lijst``
    path: str  # of the .onnx file in the voice list
    size_bytes: int
    md5: str
    config_size_bytes: int | None = None
    config_md5: str | None = None

    @property
    def language(self) -> str:
        return self.name.split("-", 1)[0]

    @property
    def megabytes(self) -> int:
        return round(self.size_bytes / 1_000_000)


#: The Dutch and Flemish voices of the Piper voice list: name, bytes and MD5 of the .onnx file
#: as its voices.json publishes them, and a description.
_DUTCH_TABLE = """
nl_NL-pim-medium       63516050  190b3e6463a931d3c583d2fa7cd0e4a0  Nederlands, man
nl_NL-ronnie-medium    62950044  f74c8e7779cb05f935367d661de5b380  Nederlands, man
nl_NL-alex-medium      63531476  34c3e80cedc491e5d943091cd1b45192  Nederlands, man
nl_NL-mls-medium       76584246  f1d4b1452ccfdac24be72085b2b6b55c  Nederlands, meerdere sprekers
nl_NL-mls_5809-low     63104526  e69130a776b04c9962a1fefb4878d7d9  Nederlands, lage kwaliteit
nl_NL-mls_7432-low     63104526  044b69d583e191203997761434607273  Nederlands, lage kwaliteit
nl_BE-nathalie-medium  63201294  ab0c38b5f66764b59ad9e3e98b1c2172  Vlaams, vrouw
nl_BE-nathalie-x_low   20628813  4a00803b60caecad30ea612bcd9f9344  Vlaams, vrouw, klein
nl_BE-rdh-medium       63104526  33d3469d745677ec4d7e96eb4145b09e  Vlaams, man
nl_BE-rdh-x_low        20628813  7d60d0de9ad9ec11a1d293665743afda  Vlaams, man, klein
"""
#: Settings files whose size and MD5 are known too (the others are checked by reading them).
_CONFIG_CHECKS: dict[str, tuple[int, str]] = {
    "nl_NL-pim-medium": (5037, "c4d22097fefa2afe275b9bb6ff4db865"),
    "nl_BE-nathalie-medium": (4879, "13c6e6c9511447e1906c25748a93f0bd"),
}


def _spec(row: str) -> VoiceSpec:
    name, size, md5, description = row.split(maxsplit=3)
    lang, speaker, quality = name.split("-")
    path = f"nl/{lang}/{speaker}/{quality}/{name}{MODEL_SUFFIX}"
    config = _CONFIG_CHECKS.get(name, (None, None))
    return VoiceSpec(name, description, path, int(size), md5, *config)


DUTCH_VOICES: dict[str, VoiceSpec] = {
    spec.name: spec for spec in (_spec(row) for row in _DUTCH_TABLE.strip().splitlines())
}


@dataclass(frozen=True, slots=True)
class VoiceFile:
    """An installed Piper voice, as its settings file describes it."""

    name: str
    model: Path
    config: Path
    language: str  # e.g. "nl_BE", "en_US" ("" when the file does not say)
    sample_rate: int  # Hz
    quality: str

    @property
    def family(self) -> str:
        """The language without the region: "nl", "en"."""
        return self.language.split("_")[0].split("-")[0].lower()

    def describe(self) -> str:
        return f"{self.name} (Piper; {self.language or 'taal onbekend'})"


def user_voices_dir() -> Path:
    """Where ``facilitator stem download`` installs voices."""
    return Path(user_data_dir(APP_NAME)) / VOICES_DIR_NAME


def voice_dirs() -> tuple[Path, ...]:
    """Where ``piper:NAAM`` is looked for, in order."""
    source_root = Path(__file__).resolve().parents[2] / "models" / VOICES_DIR_NAME
    places = [Path.cwd() / "models" / VOICES_DIR_NAME, source_root, user_voices_dir()]
    return tuple(dict.fromkeys(places))


def is_piper_choice(value: str | None) -> bool:
    """Whether a ``stem`` setting asks for a Piper voice (``piper:NAAM`` or a .onnx file)."""
    if not value:
        return False
    text = value.strip()
    return text.lower().startswith(PIPER_PREFIX) or text.lower().endswith(MODEL_SUFFIX)


def config_path_for(model: Path) -> Path:
    return model.with_name(model.name + ".json")


def read_voice(model: Path) -> VoiceFile:
    """The voice whose network is ``model``; ``PiperVoiceError`` when a file is missing or bad."""
    config = config_path_for(model)
    if not model.is_file():
        raise PiperVoiceError(f"Het stembestand {model} bestaat niet.")
    if not config.is_file():
        raise PiperVoiceError(
            f"Bij het stembestand {model} hoort {config.name}, maar dat ontbreekt. "
            "Zet beide bestanden in dezelfde map."
        )
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
        rate = int(data["audio"]["sample_rate"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise PiperVoiceError(
            f"{config}: geen geldig Piper-stembestand ({err}). Download de stem opnieuw."
        ) from None
    language = data.get("language", {}).get("code") or data.get("espeak", {}).get("voice", "")
    quality = str(data.get("audio", {}).get("quality", ""))
    name = model.name.removesuffix(MODEL_SUFFIX)
    return VoiceFile(name, model, config, str(language), rate, quality)


def find_voice(choice: str) -> VoiceFile:
    """The voice a ``stem`` setting names: ``piper:NAAM`` or a path to a ``.onnx`` file."""
    text = choice.strip()
    if text.lower().startswith(PIPER_PREFIX):
        name = text[len(PIPER_PREFIX) :].strip()
        if not name:
            raise PiperVoiceError(
                "Na 'piper:' hoort de naam van een stem, bijvoorbeeld piper:nl_BE-nathalie-medium."
            )
        if name.lower().endswith(MODEL_SUFFIX) or "/" in name:
            return read_voice(Path(name).expanduser())
        for place in voice_dirs():
            candidate = place / f"{name}{MODEL_SUFFIX}"
            if candidate.is_file():
                return read_voice(candidate)
        where = ", ".join(str(p) for p in voice_dirs())
        hint = (
            f"Installeer hem met: facilitator stem download {name}"
            if name in DUTCH_VOICES
            else "Zie 'facilitator stem lijst' voor de stemmen die er zijn"
        )
        raise PiperVoiceError(
            f"De Piper-stem '{name}' is niet gevonden (gezocht in {where}). {hint}."
        )
    return read_voice(Path(text).expanduser())


def installed_voices() -> list[VoiceFile]:
    """Every complete voice in ``voice_dirs()`` (a broken one is skipped)."""
    found: dict[str, VoiceFile] = {}
    for place in voice_dirs():
        if not place.is_dir():
            continue
        for model in sorted(place.glob(f"*{MODEL_SUFFIX}")):
            try:
                voice = read_voice(model)
            except PiperVoiceError:
                continue
            found.setdefault(voice.name, voice)
    return list(found.values())


def piper_installed() -> bool:
    """Whether the optional Piper engine can be run (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("piper") is not None
