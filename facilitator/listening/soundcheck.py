"""Checks that a candidate command *sounds* like the command, not only that its words match.

Pure numpy, no engine:

* ``syllables`` / ``rate_plausible``: the recogniser's word timings must give a speaking rate
  people use for that phrase (a short "ja hoor" decoded as a five-syllable command is not one);
* ``features`` / ``dtw_distance`` / ``Templates``: per-group voice templates of each command
  (taken by the voice check, held only in memory) compared with the candidate's audio by dynamic
  time warping on log-mel cepstra.

The likelihood-ratio check needs the recogniser and lives in ``verify.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

HANGUL = re.compile(r"[\uac00-\ud7a3]")
VOWEL_GROUPS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûüæøå]+", re.IGNORECASE)

FRAME_S = 0.025  # s
HOP_S = 0.010  # s
MEL_BANDS = 26
CEPSTRA = 13
FFT_SIZE = 512


def syllables(word: str) -> int:
    """Syllables in a written word: Hangul blocks, else groups of vowels (at least one)."""
    hangul = len(HANGUL.findall(word))
    if hangul:
        return hangul
    return max(1, len(VOWEL_GROUPS.findall(word)))


@dataclass(frozen=True, slots=True)
class RateRule:
    """Seconds per syllable a person takes (each word, from the recogniser's timings)."""

    min_syllable_s: float = 0.0  # 0: off
    max_syllable_s: float = 10.0


def rate_plausible(words: Iterable[tuple[str, float, float]], rule: RateRule) -> bool:
    """``words`` are (text, start s, end s); every word's seconds per syllable within the rule."""
    for text, start, end in words:
        per = (end - start) / syllables(text)
        if not rule.min_syllable_s <= per <= rule.max_syllable_s:
            return False
    return True


def _mel_filters(rate: int) -> np.ndarray:
    def mel(f: np.ndarray) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    edges_mel = np.linspace(mel(np.array(60.0)), mel(np.array(rate / 2 * 0.95)), MEL_BANDS + 2)
    edges = 700.0 * (10 ** (edges_mel / 2595.0) - 1.0)
    bins = np.fft.rfftfreq(FFT_SIZE, 1 / rate)
    filters = np.zeros((MEL_BANDS, bins.size))
    for i in range(MEL_BANDS):
        lo, mid, hi = edges[i], edges[i + 1], edges[i + 2]
        up = (bins - lo) / (mid - lo)
        down = (hi - bins) / (hi - mid)
        filters[i] = np.clip(np.minimum(up, down), 0.0, None)
    return filters


def features(pcm: bytes, rate: int) -> np.ndarray:
    """Mean-normalised log-mel cepstra (frames x ``CEPSTRA - 1``, c0 dropped: level-free)."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frame, hop = round(FRAME_S * rate), round(HOP_S * rate)
    if x.size < frame:
        return np.zeros((0, CEPSTRA - 1))
    x = np.append(x[0], x[1:] - 0.97 * x[:-1])
    count = 1 + (x.size - frame) // hop
    index = np.arange(frame)[None, :] + hop * np.arange(count)[:, None]
    frames = x[index] * np.hamming(frame)
    power = np.abs(np.fft.rfft(frames, FFT_SIZE, axis=1)) ** 2
    logmel = np.log(power @ _mel_filters(rate).T + 1e-3)
    n = np.arange(MEL_BANDS)
    dct = np.cos(np.pi / MEL_BANDS * (n[None, :] + 0.5) * np.arange(CEPSTRA)[:, None])
    cep = logmel @ dct.T
    cep = cep[:, 1:]
    result: np.ndarray = cep - cep.mean(axis=0, keepdims=True)
    return result


def dtw_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Mean frame distance along the best alignment of ``a`` to ``b`` (each step of ``a``
    advances ``b`` by 0, 1 or 2 frames, so either may be up to twice as fast)."""
    if len(a) == 0 or len(b) == 0:
        return float("inf")
    cost = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
    acc = np.full(len(b), np.inf)
    acc[0] = cost[0, 0]
    for i in range(1, len(a)):
        prev = acc
        shifted1 = np.concatenate(([np.inf], prev[:-1]))
        shifted2 = np.concatenate(([np.inf, np.inf], prev[:-2]))
        acc = cost[i] + np.minimum(np.minimum(prev, shifted1), shifted2)
    return float(acc[-1] / len(a))


@dataclass
class Templates:
    """Each command's recorded examples (features only, in memory), from the voice check."""

    by_command: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(self, command: str, pcm: bytes, rate: int) -> None:
        feats = features(pcm, rate)
        if len(feats):
            self.by_command.setdefault(command, []).append(feats)

    def distance(self, command: str, pcm: bytes, rate: int) -> float | None:
        """The smallest DTW distance to the command's templates; ``None`` without templates."""
        examples: Sequence[np.ndarray] = self.by_command.get(command, ())
        if not examples:
            return None
        feats = features(pcm, rate)
        return min(dtw_distance(feats, t) for t in examples)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_command.values())

    @classmethod
    def from_clips(cls, clips: Mapping[str, Iterable[bytes]], rate: int) -> Templates:
        templates = cls()
        for command, pcms in clips.items():
            for pcm in pcms:
                templates.add(command, pcm, rate)
        return templates
