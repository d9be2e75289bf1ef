"""Loudness and voicing measures (pure numpy) behind the pause, early-end and speech rules."""

from __future__ import annotations

import numpy as np

from facilitator.listening.audio import pcm16_mono
from facilitator.listening.levels import LevelLog, trim_to_speech, voiced_fraction
from tests.support.listening_audio import RATE, noise, silence

BLOCK = RATE // 10  # 0.1 s


def tone(seconds: float, f0: float = 140.0, level: float = 0.3) -> np.ndarray:
    """A vowel-like harmonic sound with pitch ``f0``."""
    t = np.arange(round(seconds * RATE)) / RATE
    wave = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 8))
    result: np.ndarray = (wave / np.max(np.abs(wave)) * level * 32767).astype(np.int16)
    return result


def test_voicing_separates_pitched_sound_from_noise() -> None:
    assert voiced_fraction(tone(1.0).tobytes(), RATE) > 0.9
    for kind in ("pink", "brown", "white"):
        assert voiced_fraction(noise(kind, 1.0, 0.2, seed=1).tobytes(), RATE) < 0.05, kind


def test_level_log_quiet_before_and_tail() -> None:
    log = LevelLog(RATE, keep_s=5.0)
    for part in (tone(1.0), silence(0.5), tone(0.5), silence(0.4)):
        for start in range(0, len(part), BLOCK):
            log.add(part[start : start + BLOCK].tobytes())
    threshold = 0.1 * log.peak(1.5, 2.0)
    assert abs(log.quiet_before(1.6, threshold, skip_s=0.1) - 0.5) < 0.11
    assert abs(log.quiet_tail(threshold) - 0.4) < 0.01
    assert log.quiet_before(0.2, threshold) == 0.0  # the tone was still sounding
    assert log.quiet_before(0.05, threshold) == float("inf")  # nothing logged before: quiet


def test_trim_to_speech_keeps_the_loud_part_with_a_margin() -> None:
    pcm = np.concatenate([silence(1.0), tone(0.5), silence(1.0)]).tobytes()
    trimmed = trim_to_speech(pcm, RATE)
    assert 0.5 * RATE * 2 <= len(trimmed) <= 0.85 * RATE * 2


def test_pcm16_mono_downmixes_stereo() -> None:
    stereo = np.array([[1000, 3000], [-2000, 0]], dtype="<i2").tobytes()
    assert np.frombuffer(pcm16_mono(stereo, 2, 2), dtype="<i2").tolist() == [2000, -1000]
