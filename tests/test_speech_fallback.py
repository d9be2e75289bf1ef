"""No TTS engine, no Dutch voice, speech off: the session's captions still appear and exactly
one clear Dutch Notice says why nothing is spoken. Each case runs the real command and wiring
in its own process (a real missing module, a real espeak-ng data directory without Dutch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli_commands import SHORT_METHOD

pytestmark = pytest.mark.speech

SUBPROCESS_TIMEOUT_S = 120
ESPEAK_DATA_DIRS = (
    Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data"),
    Path("/usr/lib/aarch64-linux-gnu/espeak-ng-data"),
    Path("/usr/share/espeak-ng-data"),
)
#: The real command, through the real wiring: a rehearsal with speech asked for, run to its
#: end; ``prelude`` takes a part away first (e.g. pyttsx3 not installed).
SESSION = """
import sys
{prelude}
from facilitator.cli import main
sys.exit(main({argv!r}))
"""


def run_session(
    tmp_path: Path, prelude: str = "", settings: str = "", env: dict[str, str] | None = None
) -> tuple[str, list[dict[str, Any]]]:
    method = tmp_path / "kort.toml"
    method.write_text(SHORT_METHOD, encoding="utf-8")
    log = tmp_path / "log.jsonl"
    argv = ["oefen", str(method), "--snelheid", "100000", "--spraak", "--event-log", str(log)]
    if settings:
        (tmp_path / "instellingen.toml").write_text(settings, encoding="utf-8")
        argv += ["--instellingen", str(tmp_path / "instellingen.toml")]
    result = subprocess.run(
        [sys.executable, "-c", SESSION.format(prelude=prelude, argv=argv)],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT_S,
        env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), **(env or {})},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return result.stdout, events


def assert_text_only(stdout: str, events: list[dict[str, Any]], *fragments: str) -> None:
    said = [e["text"] for e in events if e["type"] == "say"]
    assert len(said) >= 5 and "Welkom" in said[0]
    for text in said:
        assert f"» {text}" in stdout  # every line is shown, exactly as it would be spoken
    assert not [e for e in events if e["type"].startswith("speaking")]  # nothing was spoken
    notices = [e for e in events if e["type"] == "notice" and "alleen op het scherm" in e["text"]]
    assert len(notices) == 1, notices  # one notice says why
    text, level = notices[0]["text"], notices[0]["level"]
    assert level in ("warning", "info")
    for fragment in fragments:
        assert fragment in text
    assert text in stdout  # and the display shows it
    assert "Audio saved" not in stdout


def test_no_tts_engine_runs_text_only_with_one_notice(tmp_path: Path) -> None:
    stdout, events = run_session(tmp_path, prelude="sys.modules['pyttsx3'] = None")
    assert_text_only(stdout, events, "pyttsx3")


def dutchless_espeak_data(tmp_path: Path) -> Path:
    """An espeak-ng data directory made of links to the real one, without the Dutch voice."""
    source = next((d for d in ESPEAK_DATA_DIRS if (d / "lang" / "gmw" / "nl").exists()), None)
    if source is None:
        pytest.skip("espeak-ng data directory with a Dutch voice not found")
    root = tmp_path / "espeak"
    data = root / "espeak-ng-data"
    (data / "lang" / "gmw").mkdir(parents=True)
    for entry in source.iterdir():
        if entry.name != "lang":
            (data / entry.name).symlink_to(entry)
    for entry in (source / "lang").iterdir():
        if entry.name != "gmw":
            (data / "lang" / entry.name).symlink_to(entry)
    for entry in (source / "lang" / "gmw").iterdir():
        if entry.name != "nl":
            (data / "lang" / "gmw" / entry.name).symlink_to(entry)
    return root


def test_no_dutch_voice_runs_text_only_with_one_notice(tmp_path: Path) -> None:
    root = dutchless_espeak_data(tmp_path)
    stdout, events = run_session(tmp_path, env={"ESPEAK_DATA_PATH": str(root)})
    assert_text_only(stdout, events, "geen Nederlandse stem", "espeak-ng")


def test_speech_off_is_text_only_with_an_info_notice(tmp_path: Path) -> None:
    stdout, events = run_session(tmp_path, settings='[spraak]\nmodus = "uit"\n')
    assert_text_only(stdout, events, "Spraak staat uit")
