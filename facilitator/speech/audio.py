"""Mono 16-bit audio in memory: the unit the renderer produces and the player plays (pure numpy)."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

SAMPLE_WIDTH = 2  # bytes per sample (16-bit PCM)
FULL_SCALE = 32_767  # largest int16 sample value

Samples = npt.NDArray[np.int16]


class AudioFormatError(ValueError):
    pass


@dataclass(frozen=True, slots=True, eq=False)
class Audio:
    samples: Samples  # mono, int16
    rate: int  # Hz

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate

    def scaled(self, gain: float) -> Audio:
        """The same audio with every sample multiplied by ``gain`` (0..1)."""
        if gain >= 1.0:
            return self
        scaled = np.round(self.samples.astype(np.float32) * gain).astype(np.int16)
        return Audio(scaled, self.rate)

    def resampled(self, rate: int) -> Audio:
        """Linear-interpolation resampling (enough for speech and chimes on a loudspeaker)."""
        if rate == self.rate:
            return self
        if len(self.samples) == 0:
            return Audio(self.samples, rate)
        count = round(len(self.samples) * rate / self.rate)
        positions = np.arange(count, dtype=np.float64) * (self.rate / rate)
        values = np.interp(positions, np.arange(len(self.samples)), self.samples)
        return Audio(np.round(values).astype(np.int16), rate)


def silence(duration_s: float, rate: int) -> Audio:
    return Audio(np.zeros(round(duration_s * rate), dtype=np.int16), rate)


def concat(*parts: Audio) -> Audio:
    """Join audio of the same rate (later parts are resampled to the first part's rate)."""
    rate = parts[0].rate
    return Audio(np.concatenate([p.resampled(rate).samples for p in parts]), rate)


def read_wav(path: Path | BinaryIO) -> Audio:
    """Read a PCM WAV file or in-memory WAV (8/16/32-bit, any channel count) as mono int16."""
    try:
        with wave.open(path if not isinstance(path, Path) else str(path), "rb") as wav:
            rate = wav.getframerate()
            channels = wav.getnchannels()
            width = wav.getsampwidth()
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as err:
        raise AudioFormatError(f"{path}: not a PCM WAV file ({err})") from err
    if width == SAMPLE_WIDTH:
        data = np.frombuffer(frames, dtype="<i2").astype(np.float32)
    elif width == 1:
        data = (np.frombuffer(frames, dtype=np.uint8).astype(np.float32) - 128.0) * 256.0
    elif width == 4:
        data = np.frombuffer(frames, dtype="<i4").astype(np.float32) / 65_536.0
    else:
        raise AudioFormatError(f"{path}: unsupported sample width {width} bytes")
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return Audio(np.clip(np.round(data), -FULL_SCALE - 1, FULL_SCALE).astype(np.int16), rate)
