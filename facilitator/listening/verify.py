"""Likelihood ratio of a candidate command against a garbage model (Vosk, on buffered audio).

The same audio is decoded twice with tiny grammars: once forced to the candidate phrase, once
with only the absorber words (ordinary words that are no command). Vosk's n-best score
(``SetMaxAlternatives``) of each is a log-likelihood; their difference per second of audio is
high when the audio really sounds like the phrase, and low when a small grammar merely picked
the phrase as the least bad of a few (a short foreign utterance). Each decode costs about
0.03 s of CPU per second of audio, only for candidates. Both recognisers are made new for every
check (about 15 ms).

Kaldi dithers the audio before its features (Vosk models leave ``--dither`` at 1.0) with random
numbers from the C library's ``rand()``, whose state runs on from one decode to the next: the
same clip then scored 0.4-4.9 per second in consecutive checks (most in its digital silence).
``same_dither`` seeds that generator before each decode, so the same audio always gets the same
score (measured: spread 0.00 over repeated checks, against 3.8 per second before).
"""

from __future__ import annotations

import ctypes
import json
from collections.abc import Callable, Sequence
from typing import Any

from facilitator.listening.audio import SAMPLE_WIDTH

BLOCK_BYTES = 3200 * SAMPLE_WIDTH  # fed in blocks of 0.2 s at 16 kHz
DITHER_SEED = 1  # any fixed number


def _find_srand() -> Callable[[int], None] | None:
    try:
        srand: Callable[[int], None] = ctypes.CDLL(None).srand
    except (OSError, AttributeError, TypeError):  # no C library symbols (not POSIX)
        return None
    return srand


_SRAND = _find_srand()


def same_dither() -> None:
    """Seed the C library's generator Kaldi's dither draws from (call right before a decode
    on the same thread): the same audio then decodes to the same score every time."""
    if _SRAND is not None:
        _SRAND(DITHER_SEED)


class LikelihoodRatio:
    def __init__(self, model: Any, absorbers: Sequence[str], sample_rate: int) -> None:
        import vosk

        self._vosk = vosk
        self._model = model
        self.sample_rate = sample_rate
        self._absorbers = list(absorbers)

    def _recogniser(self, grammar: list[str]) -> Any:
        rec = self._vosk.KaldiRecognizer(
            self._model, self.sample_rate, json.dumps(grammar, ensure_ascii=False)
        )
        rec.SetMaxAlternatives(1)
        return rec

    def _score(self, grammar: list[str], audio: bytes) -> float:
        rec = self._recogniser(grammar)
        same_dither()
        for start in range(0, len(audio), BLOCK_BYTES):
            rec.AcceptWaveform(audio[start : start + BLOCK_BYTES])
        alternatives = json.loads(rec.FinalResult()).get("alternatives") or []
        return float(alternatives[0].get("confidence", 0.0)) if alternatives else float("-inf")

    def per_second(self, phrase: str, audio: bytes) -> float:
        """(score forced to ``phrase`` - garbage score) / seconds of ``audio``."""
        if not self._absorbers:
            return float("inf")
        seconds = len(audio) / SAMPLE_WIDTH / self.sample_rate
        margin = self._score([phrase], audio) - self._score(self._absorbers, audio)
        return margin / max(seconds, 1e-3)
