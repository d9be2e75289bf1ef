"""The microphone port and its file adapter (replay a WAV file as if it were a microphone).

A ``Microphone`` yields blocks of 16-bit mono PCM (``bytes``) at ``sample_rate``; the spotter
passes that rate to Vosk, so no resampling happens. Audio is never written anywhere.
"""

from __future__ import annotations

import logging
import time
import wave
from pathlib import Path
from typing import Protocol

import numpy as np

from facilitator.errors import ErrorArea, FacilitatorError

log = logging.getLogger(__name__)

SAMPLE_WIDTH = 2  # bytes per sample, int16
DEFAULT_BLOCK_S = 0.1  # s


class MicrophoneError(FacilitatorError, RuntimeError):
    """No usable audio input; ``str()`` is Dutch and says what to do."""

    area = ErrorArea.MICROPHONE


class Microphone(Protocol):
    sample_rate: int  # Hz

    def start(self) -> None: ...

    def read(self, timeout_s: float) -> bytes | None:
        """The next block; ``None`` when nothing arrived within ``timeout_s``."""
        ...

    @property
    def finished(self) -> bool:
        """True when the source has ended for good (end of a file; never for a device)."""
        ...

    def close(self) -> None: ...


def block_frames(sample_rate: int, block_s: float) -> int:
    """Frames per block for a rate and block length (at least one)."""
    return max(1, round(sample_rate * block_s))


def pcm16_mono(frames: bytes, channels: int, sample_width: int) -> bytes:
    """Convert interleaved PCM of any common width/channel count to 16-bit mono."""
    if sample_width == SAMPLE_WIDTH and channels == 1:
        return frames
    if sample_width == 1:
        data = (np.frombuffer(frames, dtype=np.uint8).astype(np.int32) - 128) << 8
    elif sample_width == SAMPLE_WIDTH:
        data = np.frombuffer(frames, dtype="<i2").astype(np.int32)
    elif sample_width == 4:
        data = np.frombuffer(frames, dtype="<i4").astype(np.int64) >> 16
    else:
        raise MicrophoneError(
            f"WAV-bestand met {sample_width * 8} bits per monster wordt niet ondersteund. "
            "Zet het om naar 16 bits, bijvoorbeeld: sox in.wav -b 16 uit.wav"
        )
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return bytes(np.clip(data, -32768, 32767).astype("<i2").tobytes())


class WavFileSource:
    """A WAV file as a microphone. ``realtime=True`` paces blocks like a live device."""

    def __init__(self, path: Path, block_s: float = DEFAULT_BLOCK_S, realtime: bool = True) -> None:
        self.path = Path(path)
        self.realtime = realtime
        try:
            with wave.open(str(self.path), "rb") as wav:
                self.sample_rate = wav.getframerate()
                channels = wav.getnchannels()
                width = wav.getsampwidth()
                frames = wav.readframes(wav.getnframes())
        except FileNotFoundError:
            raise MicrophoneError(
                f"{self.path}: WAV-bestand niet gevonden. Controleer het pad bij --invoer-wav."
            ) from None
        except (wave.Error, EOFError, OSError) as err:
            raise MicrophoneError(
                f"{self.path}: geen bruikbaar WAV-bestand ({err}). Gebruik 16-bit PCM WAV, "
                "bijvoorbeeld: sox in.mp3 -r 16000 -c 1 -b 16 uit.wav"
            ) from None
        self._pcm = pcm16_mono(frames, channels, width)
        self._block_bytes = block_frames(self.sample_rate, block_s) * SAMPLE_WIDTH
        self._block_s = self._block_bytes / SAMPLE_WIDTH / self.sample_rate
        self._offset = 0
        self._started_at: float | None = None
        self._closed = False

    @property
    def duration_s(self) -> float:
        return len(self._pcm) / SAMPLE_WIDTH / self.sample_rate

    @property
    def finished(self) -> bool:
        return self._closed or self._offset >= len(self._pcm)

    def start(self) -> None:
        self._started_at = time.monotonic()

    def read(self, timeout_s: float) -> bytes | None:
        if self.finished:
            return None
        if self.realtime:
            if self._started_at is None:
                self.start()
            assert self._started_at is not None
            due = self._started_at + (self._offset + self._block_bytes) / (
                SAMPLE_WIDTH * self.sample_rate
            )
            wait_s = due - time.monotonic()
            if wait_s > timeout_s:
                time.sleep(timeout_s)
                return None
            if wait_s > 0:
                time.sleep(wait_s)
        block = self._pcm[self._offset : self._offset + self._block_bytes]
        self._offset += len(block)
        return block

    def close(self) -> None:
        self._closed = True
        self._pcm = b""
