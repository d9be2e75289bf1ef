"""``facilitator stemtest`` on the real Vosk engine: a person (espeak-ng Korean, the test
model's language) says the checked commands; the check says what it heard, how far above the
room the voice was, and what to change; a command not said is reported as not heard; nothing
is written anywhere."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.support.listening_audio import ko_model_path, noise, read_pcm, synth, write_wav
from tests.test_cli_commands import facilitator

pytestmark = [pytest.mark.vosk, pytest.mark.slow]

VOCAB = Path(__file__).parent / "data" / "vocab_ko.toml"
RATE = 16_000  # Hz
VOICE_CHECK_S = 240.0  # s; 12 commands read from the WAV at its real pace take about 70 s
CHECKED = [
    "피아노 감사합니다",
    "오렌지 감사합니다",
    "여보세요 피아노",
]  # next_step, more_time, repeat


def _person(path: Path, phrases: list[str | None]) -> Path:
    """Room noise, then each phrase (None: nothing said) a second after its instruction."""
    parts = [noise("pink", 3.0, 0.003, 1)]
    for phrase in phrases:
        said = read_pcm(synth(phrase, "ko", 150)) if phrase else np.zeros(RATE, np.int16)
        parts += [np.zeros(RATE, np.int16), said, np.zeros(3 * RATE, np.int16)]
    return write_wav(path, np.concatenate(parts))


def _stemtest(home: Path, wav: Path) -> list[str]:
    result = facilitator(
        home,
        "stemtest",
        "--geen-spraak",
        "--deelnemers",
        "Anna",
        "--model",
        str(ko_model_path()),
        "--woordenlijst",
        str(VOCAB),
        "--invoer-wav",
        str(wav),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_each_command_is_reported_with_its_level(tmp_path: Path) -> None:
    wav = _person(tmp_path / "anna.wav", CHECKED)
    before = sorted(tmp_path.rglob("*"))
    lines = _stemtest(tmp_path, wav)
    print("\n".join(lines))
    assert [line for line in lines if line.startswith("Anna, zeg nu:")] == [
        f"Anna, zeg nu: {p}." for p in CHECKED
    ]
    verdicts = [line for line in lines if "verstaan" in line and "decibel" in line]
    assert len(verdicts) == 3
    assert all(v.startswith("Goed verstaan.") for v in verdicts), verdicts
    levels = [int(v.split("stem was ")[1].split(" decibel")[0]) for v in verdicts]
    assert all(25 <= level <= 50 for level in levels), levels  # speech at -20 dB over -50 dB
    assert "3 van de 3 opdrachten verstaan." in lines
    assert sorted(tmp_path.rglob("*")) == before  # nothing written, not even settings


def test_a_command_not_said_is_not_heard_and_says_what_to_do(tmp_path: Path) -> None:
    wav = _person(tmp_path / "anna.wav", [CHECKED[0], None, CHECKED[2]])
    lines = _stemtest(tmp_path, wav)
    print("\n".join(lines))
    assert "Ik hoorde niets. Spreek luider, of kom dichter bij het apparaat." in lines
    assert "2 van de 3 opdrachten verstaan." in lines


def test_start_with_a_voice_check_hands_its_templates_to_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_cli_commands import SHORT_METHOD
    from tests.test_cli_run import NAMES, running

    method = tmp_path / "kort.toml"
    method.write_text(SHORT_METHOD, encoding="utf-8")
    people = NAMES[1].split(",")
    wav = _person(tmp_path / "groep.wav", CHECKED * len(people))
    monkeypatch.setenv("FACILITATOR_LOG", "info")  # the hand-over is logged on stderr
    with running(
        tmp_path,
        "start",
        str(method),
        *NAMES,
        "--plain",
        "--geen-spraak",
        "--stemtest",
        "--model",
        str(ko_model_path()),
        "--woordenlijst",
        str(VOCAB),
        "--invoer-wav",
        str(wav),
    ) as run:
        run.wait_for("opdrachten verstaan.", timeout_s=VOICE_CHECK_S)
        run.wait_for("Stap 1/3")
        run.key("q")
        run.key("j")
        run.wait_for("Sessie gestopt.")
        code, stderr = run.finish()
    print("\n".join(run.lines))
    assert code == 0, stderr
    asked = [line.split(",")[0] for line in run.lines if ", zeg nu:" in line]
    assert asked == [name for name in people for _ in CHECKED]
    summary = next(line for line in run.lines if "opdrachten verstaan." in line)
    heard = int(summary.split()[0])
    assert heard >= len(people) * len(CHECKED) - 1, summary
    assert f"voice templates from the voice check: {heard}" in stderr
