"""Short non-speech chimes, generated (no audio files): one before a time warning, one at time up.

* warning: two soft rising tones (E5 → A5), like a gentle "ding-dong" asking for attention;
* time up: three descending tones (A5 → E5 → C5), longer and clearly different.

Each tone is a sine with a few quiet harmonics under an attack/exponential-decay envelope, so it
sounds like a soft bell rather than a beep, and never clicks (it starts and ends at zero).
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from facilitator.speech.audio import FULL_SCALE, Audio, concat, silence

CHIME_LEVEL = 0.5  # peak, fraction of full scale (speech from espeak-ng peaks near 0.6-0.9)
ATTACK_S = 0.01  # seconds of linear fade-in (no click)
DECAY_PER_S = 6.0  # exponential decay rate of each tone, 1/s
HARMONICS: tuple[tuple[int, float], ...] = ((1, 1.0), (2, 0.3), (3, 0.1))  # (multiple, level)
GAP_AFTER_CHIME_S = 0.15  # seconds of silence between a chime and the words after it

NOTE_C5 = 523.25  # Hz
NOTE_E5 = 659.25  # Hz
NOTE_A5 = 880.0  # Hz


class ChimeKind(StrEnum):
    WARNING = "warning"
    TIME_UP = "time_up"


#: (frequency in Hz, duration in s) per tone.
_TONES: dict[ChimeKind, tuple[tuple[float, float], ...]] = {
    ChimeKind.WARNING: ((NOTE_E5, 0.22), (NOTE_A5, 0.35)),
    ChimeKind.TIME_UP: ((NOTE_A5, 0.25), (NOTE_E5, 0.25), (NOTE_C5, 0.6)),
}


def tone(frequency_hz: float, duration_s: float, rate: int) -> Audio:
    count = round(duration_s * rate)
    t = np.arange(count, dtype=np.float64) / rate
    wave = np.zeros(count, dtype=np.float64)
    for multiple, level in HARMONICS:
        wave += level * np.sin(2 * np.pi * frequency_hz * multiple * t)
    wave /= sum(level for _, level in HARMONICS)
    attack = np.clip(t / ATTACK_S, 0.0, 1.0)
    release = np.clip((duration_s - t) / ATTACK_S, 0.0, 1.0)
    envelope = attack * release * np.exp(-DECAY_PER_S * t)
    samples = np.round(wave * envelope * CHIME_LEVEL * FULL_SCALE).astype(np.int16)
    return Audio(samples, rate)


def chime(kind: ChimeKind, rate: int) -> Audio:
    """The chime of ``kind`` at ``rate`` Hz, followed by a short gap before any words."""
    tones = [tone(freq, dur, rate) for freq, dur in _TONES[kind]]
    return concat(*tones, silence(GAP_AFTER_CHIME_S, rate))


def tone_frequencies(kind: ChimeKind) -> tuple[float, ...]:
    """The fundamental frequencies of a chime, in Hz (tests and displays use them)."""
    return tuple(freq for freq, _ in _TONES[kind])
