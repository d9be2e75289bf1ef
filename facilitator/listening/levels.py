"""Loudness of recent audio blocks (pure numpy): where speech pauses, for the pause rules.

Only one number per block (its RMS) is kept, never the audio itself. "Quiet" is relative to
the loudest block of the utterance being judged (20 dB below it), with an absolute floor, so
the rules work at any microphone gain.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from facilitator.listening.audio import SAMPLE_WIDTH

QUIET_FLOOR_RMS = 300.0  # int16 RMS below which a block is always quiet (about -40 dBFS)
QUIET_RATIO = 0.1  # a block 20 dB below the utterance's loudest block is quiet


def rms(block: bytes) -> float:
    samples = np.frombuffer(block, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0


def quiet_threshold(peak_rms: float) -> float:
    return max(QUIET_FLOOR_RMS, peak_rms * QUIET_RATIO)


class LevelLog:
    """(end sample, RMS) of the last blocks, on the recogniser's sample clock."""

    def __init__(self, sample_rate: int, keep_s: float) -> None:
        self.sample_rate = sample_rate
        self._blocks: deque[tuple[int, int, float]] = deque()  # (start, end, rms)
        self._keep = round(keep_s * sample_rate)
        self.position = 0  # samples logged so far

    def add(self, block: bytes, sample_width: int = 2) -> float:
        level = rms(block)
        start = self.position
        self.position += len(block) // sample_width
        self._blocks.append((start, self.position, level))
        while self._blocks and self._blocks[0][1] < self.position - self._keep:
            self._blocks.popleft()
        return level

    def peak(self, start_s: float, end_s: float) -> float:
        """The loudest block overlapping ``[start_s, end_s]`` (recogniser seconds)."""
        a, b = start_s * self.sample_rate, end_s * self.sample_rate
        levels = [level for s, e, level in self._blocks if e > a and s < b]
        return max(levels, default=0.0)

    def quiet_before(self, start_s: float, threshold: float, skip_s: float = 0.1) -> float:
        """Seconds of quiet just before ``start_s - skip_s`` (up to the logged history; the
        start of the log counts as quiet, as after a reset)."""
        limit = (start_s - skip_s) * self.sample_rate
        quiet = 0.0
        for s, e, level in reversed(self._blocks):
            if s >= limit:
                continue
            if level >= threshold:
                return quiet / self.sample_rate
            quiet += min(e, limit) - s
        return float("inf")

    def quiet_tail(self, threshold: float) -> float:
        """Seconds of quiet at the end of the log."""
        quiet = 0
        for s, e, level in reversed(self._blocks):
            if level >= threshold:
                break
            quiet += e - s
        return quiet / self.sample_rate


PRE_EMPHASIS = 0.97  # whitens pink/brown noise so its autocorrelation has no pitch peak
VOICING_FRAME_S = 0.04  # s
VOICING_HOP_S = 0.02  # s
PITCH_MIN_HZ = 70.0
PITCH_MAX_HZ = 400.0
VOICED_PEAK = 0.4  # normalised autocorrelation peak that makes a frame voiced


def voiced_fraction(pcm: bytes, sample_rate: int) -> float:
    """Share of the loud frames that are voiced (a pitch peak in their autocorrelation).

    Speech (vowels) is mostly voiced; pink, brown and white noise are not (measured: espeak-ng
    speech 0.56-0.92, noise 0.0). Used to refuse "commands" decoded from noise.
    """
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frame = round(VOICING_FRAME_S * sample_rate)
    hop = round(VOICING_HOP_S * sample_rate)
    if len(x) < frame + hop:
        return 0.0
    x = np.append(x[0], x[1:] - PRE_EMPHASIS * x[:-1])
    count = (len(x) - frame) // hop
    index = np.arange(frame)[None, :] + hop * np.arange(count)[:, None]
    frames = x[index]
    frames -= frames.mean(axis=1, keepdims=True)
    energy = np.sqrt(np.mean(frames**2, axis=1))
    loud = energy >= max(QUIET_FLOOR_RMS * (1 - PRE_EMPHASIS), float(energy.max()) * QUIET_RATIO)
    if not loud.any():
        return 0.0
    frames = frames[loud] * np.hanning(frame)
    lag_min = int(sample_rate / PITCH_MAX_HZ)
    lag_max = int(sample_rate / PITCH_MIN_HZ)
    power = np.abs(np.fft.rfft(frames, 2 * frame, axis=1)) ** 2
    corr = np.fft.irfft(power, axis=1)[:, : lag_max + 2]
    corr = corr / (corr[:, :1] + 1e-9)
    band = corr[:, lag_min : lag_max + 2]
    is_peak = (band[:, 1:-1] > band[:, :-2]) & (band[:, 1:-1] >= band[:, 2:])
    peak = np.where(is_peak, band[:, 1:-1], 0.0).max(axis=1)
    return float(np.mean(peak > VOICED_PEAK))


#: Frame length when trimming an utterance to its speech, and the margin kept around it.
TRIM_FRAME_S = 0.02
TRIM_MARGIN_S = 0.15


def trim_to_speech(pcm: bytes, sample_rate: int) -> bytes:
    """The part of ``pcm`` from its first to its last loud frame (plus a little margin)."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frame = max(1, round(TRIM_FRAME_S * sample_rate))
    count = len(samples) // frame
    if count == 0:
        return pcm
    rms = np.sqrt(np.mean(samples[: count * frame].reshape(count, frame) ** 2, axis=1))
    loud = np.flatnonzero(rms >= quiet_threshold(float(rms.max())))
    if loud.size == 0:
        return pcm
    margin = round(TRIM_MARGIN_S * sample_rate)
    start = max(0, int(loud[0]) * frame - margin)
    end = min(len(samples), (int(loud[-1]) + 1) * frame + margin)
    return pcm[start * SAMPLE_WIDTH : end * SAMPLE_WIDTH]
