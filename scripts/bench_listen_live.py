"""Live latency through a real (virtual) PulseAudio microphone, in-process.

Each command clip is played into the virtual microphone with ``paplay`` (which returns once
the sound has been played); the end of speech is that moment minus the clip's trailing
silence; latency is the time from there to the ``CommandIssued`` posted by the production
listener (sounddevice → Spotter).
"""

from __future__ import annotations

import queue
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from facilitator.events import CommandIssued, InputEvent
from facilitator.listening import ListenSettings, create_listener, load_vocabulary
from tests.support.listening_audio import RATE, read_pcm, speech_bounds, synth

WAIT_S = 5.0  # s to wait for a command after its clip
GAP_S = 2.0  # s between clips (past the cooldown)


def live_latency(model: Path, vocab_name: str, count: int) -> dict[str, Any]:
    import sounddevice

    from tests.support.virtual_audio import VirtualAudio

    vocab = load_vocabulary(vocab_name)
    phrases = list(vocab.phrases.items())
    latencies: list[float] = []
    hits = 0
    with tempfile.TemporaryDirectory() as tmp, VirtualAudio(Path(tmp)) as va:
        sounddevice._terminate()
        sounddevice._initialize()
        events: queue.SimpleQueue[tuple[float, InputEvent]] = queue.SimpleQueue()
        settings = ListenSettings(model=model, vocabulary=vocab_name)
        listener = create_listener(settings, lambda e: events.put((time.monotonic(), e)))
        if listener is None:
            raise RuntimeError(f"no listener: {[e for _, e in iter_queue(events)]}")
        listener.start()
        try:
            time.sleep(1.0)
            for n in range(count):
                phrase, command = phrases[n % len(phrases)]
                wav = synth(phrase, "ko", 150)
                pcm = read_pcm(wav)
                _, end = speech_bounds(pcm)
                tail_s = len(pcm) / RATE - end
                va.play_into_mic(wav)
                speech_end = time.monotonic() - tail_s
                deadline = time.monotonic() + WAIT_S
                while time.monotonic() < deadline:
                    try:
                        at, event = events.get(timeout=0.05)
                    except queue.Empty:
                        continue
                    if isinstance(event, CommandIssued):
                        if event.command is command:
                            hits += 1
                            latencies.append(max(0.0, at - speech_end))
                        break
                time.sleep(GAP_S)
        finally:
            listener.close()
    lat = np.array(latencies) if latencies else np.array([float("nan")])
    return {
        "count": count,
        "hits": hits,
        "median_s": float(np.median(lat)),
        "p95_s": float(np.percentile(lat, 95)),
    }


def iter_queue(q: queue.SimpleQueue[tuple[float, InputEvent]]) -> list[tuple[float, InputEvent]]:
    items = []
    while not q.empty():
        items.append(q.get())
    return items
