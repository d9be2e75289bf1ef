"""Audio helpers for tests only: the product writes no audio file and measures no level."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from facilitator.speech.audio import FULL_SCALE, SAMPLE_WIDTH, Audio


def write_wav(path: Path, audio: Audio) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(audio.rate)
        wav.writeframes(audio.samples.astype("<i2").tobytes())


def rms(audio: Audio) -> float:
    """Root-mean-square level as a fraction of full scale (0 for empty audio)."""
    if len(audio.samples) == 0:
        return 0.0
    return float(np.sqrt(np.mean((audio.samples.astype(np.float64) / FULL_SCALE) ** 2)))
