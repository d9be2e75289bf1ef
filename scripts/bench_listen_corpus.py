"""Labelled benchmark streams for the spotter: command clips inserted into negative audio.

Negative audio: Dutch running speech containing the command words (``tests/data/
negatives_nl.txt``), the device's own prompts (every built-in method), Korean running speech
containing the test vocabulary's words (``tests/data/negatives_ko.txt``), pink/brown/white
noise and near-silence, in several espeak-ng voices and speeds. Commands: every phrase of the
vocabulary in several voices and speeds, with a natural pause before and after. Everything is
generated once and cached (see ``bench_listen_audio.cache_dir``).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import numpy as np

from tests.support.listening_audio import (
    RATE,
    device_prompts,
    noise,
    read_pcm,
    silence,
    speech_bounds,
    synth,
    text_lines,
)

BACKGROUND_LEVEL = 0.003  # RMS fraction of full scale (about -50 dBFS) under everything
NOISE_CHUNK_S = 20.0  # s per noise segment
SHARES = {"nl_speech": 0.35, "prompts": 0.25, "ko_speech": 0.15, "noise": 0.2, "quiet": 0.05}
NL_VOICES = ("nl", "nl+f2", "nl+m3", "nl+f4")
KO_VOICES = ("ko", "ko+f2", "ko+m3")
#: Voices that say the commands, by vocabulary language (``COMMAND_LANGUAGE`` is set by the
#: benchmark from ``--vocab``; real recordings of the group are better, see the README).
COMMAND_VOICES = {"ko": KO_VOICES, "nl": NL_VOICES, "en": ("en", "en+f2", "en+m3")}
COMMAND_LANGUAGE = ["ko"]
SPEEDS = (140, 160, 180)
COMMAND_SPEEDS = (130, 150, 175)
PAUSE_BEFORE_S = (0.5, 1.5)  # s, range of the pause people leave before a command
PAUSE_AFTER_S = (1.0, 2.0)  # s


@dataclass(frozen=True, slots=True)
class Label:
    command: str
    phrase: str
    start_s: float  # speech start in the stream
    end_s: float  # speech end in the stream


@dataclass(frozen=True, slots=True)
class Stream:
    pcm: np.ndarray
    labels: tuple[Label, ...]
    negative_s: float  # seconds of negative audio (everything except the command clips)
    parts: dict[str, float]  # seconds per negative kind
    spans: tuple[tuple[float, float, str], ...] = ()  # (start s, end s, kind) of negatives

    def kind_at(self, t_s: float) -> str:
        for start, end, kind in self.spans:
            if start <= t_s <= end + 1.0:
                return kind
        return "pause"

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / RATE


def _speech_pool(kind: str, rng: random.Random) -> itertools.cycle[np.ndarray]:
    voices: tuple[str, ...]
    if kind == "nl_speech":
        texts, voices = text_lines("negatives_nl.txt"), NL_VOICES
    elif kind == "prompts":
        texts, voices = device_prompts(), NL_VOICES
    else:
        texts, voices = text_lines("negatives_ko.txt"), KO_VOICES
    variants = [(v, s) for v in voices for s in SPEEDS]
    rng.shuffle(variants)

    def clips() -> itertools.chain[np.ndarray]:
        return itertools.chain.from_iterable(
            (read_pcm(synth(t, v, s)) for t in texts) for v, s in variants
        )

    return itertools.cycle(clips())


def _negatives(kind: str, seconds: float, rng: random.Random, seed: int) -> list[np.ndarray]:
    chunks: list[np.ndarray] = []
    total = 0.0
    if kind in ("noise", "quiet"):
        kinds = itertools.cycle(("pink", "brown", "white"))
        n = 0
        while total < seconds:
            level = 0.002 if kind == "quiet" else rng.choice((0.03, 0.08, 0.15, 0.25))
            chunk = noise(next(kinds), min(NOISE_CHUNK_S, seconds - total + 0.1), level, seed + n)
            chunks.append(chunk)
            total += len(chunk) / RATE
            n += 1
        return chunks
    pool = _speech_pool(kind, rng)
    while total < seconds:
        clip = next(pool)
        gap = silence(rng.uniform(0.15, 0.6))  # pauses between sentences
        chunks += [clip, gap]
        total += (len(clip) + len(gap)) / RATE
    return chunks


def command_clips(
    phrases: dict[str, str], quick: bool, wake_name: str | None = None
) -> list[tuple[str, str, np.ndarray]]:
    """(command, phrase, pcm) for every phrase in several voices and speeds."""
    every = COMMAND_VOICES.get(COMMAND_LANGUAGE[0], KO_VOICES)
    voices = every[:1] if quick else every
    speeds = COMMAND_SPEEDS[1:3] if quick else COMMAND_SPEEDS
    clips = []
    for phrase, command in phrases.items():
        spoken = f"{wake_name} {phrase}" if wake_name else phrase
        for voice in voices:
            for speed in speeds:
                clips.append((command, phrase, read_pcm(synth(spoken, voice, speed))))
    return clips


def build_stream(
    phrases: dict[str, str],
    negative_s: float,
    quick: bool,
    seed: int = 7,
    wake_name: str | None = None,
) -> Stream:
    """One long stream: negative audio with the command clips inserted at random places."""
    rng = random.Random(seed)
    negatives: list[tuple[str, np.ndarray]] = []
    parts: dict[str, float] = {}
    for kind, share in SHARES.items():
        chunks = _negatives(kind, negative_s * share, rng, seed)
        parts[kind] = sum(len(c) for c in chunks) / RATE
        negatives += [(kind, c) for c in chunks]
    # keep sentences whole but mix the kinds: shuffle runs of a few chunks
    runs = [negatives[i : i + 6] for i in range(0, len(negatives), 6)]
    rng.shuffle(runs)
    ordered = [item for run in runs for item in run]
    return assemble(ordered, command_clips(phrases, quick, wake_name), parts, rng, seed)


def assemble(
    ordered: list[tuple[str, np.ndarray]],
    clips: list[tuple[str, str, np.ndarray]],
    parts: dict[str, float],
    rng: random.Random,
    seed: int,
) -> Stream:
    """Negative chunks in order with the command clips inserted at random places (a natural
    pause before and after each), over a quiet pink background."""
    rng.shuffle(clips)
    slots = sorted(rng.sample(range(1, len(ordered)), min(len(clips), len(ordered) - 1)))
    pieces: list[np.ndarray] = []
    labels: list[Label] = []
    spans: list[tuple[float, float, str]] = []
    position = 0
    slot_iter = iter(zip(slots, clips, strict=False))
    next_slot = next(slot_iter, None)
    for index, (kind, chunk) in enumerate(ordered):
        while next_slot is not None and next_slot[0] == index:
            _, (command, phrase, pcm) = next_slot
            before = silence(rng.uniform(*PAUSE_BEFORE_S))
            after = silence(rng.uniform(*PAUSE_AFTER_S))
            start, end = speech_bounds(pcm)
            offset = position + len(before)
            labels.append(Label(command, phrase, offset / RATE + start, offset / RATE + end))
            pieces += [before, pcm, after]
            position += len(before) + len(pcm) + len(after)
            next_slot = next(slot_iter, None)
        pieces.append(chunk)
        spans.append((position / RATE, (position + len(chunk)) / RATE, kind))
        position += len(chunk)
    pcm = np.concatenate(pieces).astype(np.int32)
    piece = round(NOISE_CHUNK_S * RATE)  # in pieces: one FFT over an hour needs gigabytes
    background = np.concatenate(
        [
            noise("pink", NOISE_CHUNK_S, BACKGROUND_LEVEL, seed + 999 + i)
            for i in range(len(pcm) // piece + 1)
        ]
    )[: len(pcm)]
    pcm = np.clip(pcm + background, -32768, 32767).astype(np.int16)
    command_s = sum(len(c[2]) for c in clips) / RATE
    return Stream(pcm, tuple(labels), len(pcm) / RATE - command_s, parts, tuple(spans))
