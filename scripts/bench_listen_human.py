"""A labelled benchmark stream of real human speech (``fetch_human_speech``) with commands.

People in a room say short things with pauses around them and talk on in longer stretches:
the clips of each source come in runs (one speaker at a time, as in a conversation), separated
by pauses drawn from ``PAUSE_S`` (mostly a natural pause, sometimes hardly any, so utterances
also run together), each clip at a level drawn from ``LEVELS`` (near and far speakers). The
command clips (espeak-ng, as in the synthetic stream) are inserted with a pause before and after.
"""

from __future__ import annotations

import random

import numpy as np

from scripts import fetch_human_speech
from scripts.bench_listen_corpus import Stream, assemble, command_clips
from tests.support.listening_audio import RATE, silence

PAUSE_S = (0.3, 2.5)  # s, pause between two utterances
RUN_ON_SHARE = 0.3  # share of utterances followed by hardly any pause (running speech)
RUN_ON_PAUSE_S = (0.05, 0.25)  # s
LEVELS = (0.03, 0.15)  # RMS, fraction of full scale
RUN_LENGTH = 8  # utterances of one speaker in a row


def _level(clip: np.ndarray, rms: float) -> np.ndarray:
    current = float(np.sqrt(np.mean(clip.astype(np.float64) ** 2))) or 1.0
    scaled = clip.astype(np.float64) * (rms * 32767 / current)
    return np.clip(scaled, -32768, 32767).astype(np.int16)


def human_chunks(
    seconds: float, rng: random.Random, sources: tuple[str, ...] | None = None
) -> tuple[list[tuple[str, np.ndarray]], dict[str, float]]:
    """About ``seconds`` of human speech, an equal share from each source, in speaker runs."""
    pools = fetch_human_speech.load(sources)
    share = seconds / len(pools)
    runs: list[list[tuple[str, np.ndarray]]] = []
    parts: dict[str, float] = {}
    for name, clips in pools.items():
        order = list(range(len(clips)))
        rng.shuffle(order)
        taken = 0.0
        run: list[tuple[str, np.ndarray]] = []
        for index in order:
            if taken >= share:
                break
            clip = _level(clips[index], rng.uniform(*LEVELS))
            pause = RUN_ON_PAUSE_S if rng.random() < RUN_ON_SHARE else PAUSE_S
            gap = silence(rng.uniform(*pause))
            run += [(f"human:{name}", clip), (f"human:{name}", gap)]
            taken += (len(clip) + len(gap)) / RATE
            if len(run) >= 2 * RUN_LENGTH:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        parts[f"human:{name}"] = taken
    rng.shuffle(runs)
    return [item for run in runs for item in run], parts


def build_human_stream(
    phrases: dict[str, str],
    seconds: float,
    quick: bool,
    seed: int = 11,
    wake_name: str | None = None,
    sources: tuple[str, ...] | None = None,
) -> Stream:
    rng = random.Random(seed)
    chunks, parts = human_chunks(seconds, rng, sources)
    return assemble(chunks, command_clips(phrases, quick, wake_name), parts, rng, seed)
