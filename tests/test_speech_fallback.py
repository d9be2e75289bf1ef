"""No TTS engine, no Dutch voice, speech off: the session's captions still appear and exactly
one clear Dutch Notice says why nothing is spoken. Each case runs in its own process (a real
missing module, a real espeak-ng data directory without Dutch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.speech

SUBPROCESS_TIMEOUT_S = 120
ESPEAK_DATA_DIRS = (
    Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data"),
    Path("/usr/lib/aarch64-linux-gnu/espeak-ng-data"),
    Path("/usr/share/espeak-ng-data"),
)
CAPTIONS = ("Welkom bij de intervisie.", "Nog twee minuten.")

#: A tiny controller: every event goes to the plain display and to the speaker; what the
#: speaker posts goes to the display too. Prints the speaker's posts as JSON on stderr.
SESSION = """
import json, sys, time
{prelude}
from facilitator.display.plain import PlainDisplay
from facilitator.events import Say, SayKind
from facilitator.speech import SpeechMode, SpeechSettings, create_speaker
display = PlainDisplay(time.monotonic)
posted = []
def post(event):
    posted.append(event)
    display(event)
speaker = create_speaker(SpeechSettings(mode=SpeechMode({mode!r})), post)
speaker.start()
for say in (Say({a!r}, SayKind.PROMPT, 1), Say({b!r}, SayKind.WARNING, 1)):
    display(say)
    speaker(say)
time.sleep(0.5)
speaker.close()
sys.stderr.write("\\n" + json.dumps([[type(e).__name__, getattr(e, "text", ""),
                                      getattr(e, "level", "")] for e in posted]))
"""


def run_session(
    prelude: str = "", mode: str = "spraak", env: dict[str, str] | None = None
) -> tuple[str, list[list[str]]]:
    code = SESSION.format(prelude=prelude, mode=mode, a=CAPTIONS[0], b=CAPTIONS[1])
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT_S,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, json.loads(result.stderr.strip().splitlines()[-1])


def assert_text_only(stdout: str, posted: list[list[str]], *fragments: str) -> None:
    for caption in CAPTIONS:
        assert caption in stdout  # the captions still appear
    assert [kind for kind, _, _ in posted] == ["Notice"]  # one notice, no speaking events
    _, text, level = posted[0]
    assert level in ("warning", "info")
    assert "alleen op het scherm" in text
    for fragment in fragments:
        assert fragment in text
    assert text in stdout  # and the display shows it
    assert "Audio saved" not in stdout


def test_no_tts_engine_runs_text_only_with_one_notice() -> None:
    stdout, posted = run_session(prelude="sys.modules['pyttsx3'] = None  # not installed")
    assert_text_only(stdout, posted, "pyttsx3")
    assert posted[0][2] == "warning"


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
    stdout, posted = run_session(env={"ESPEAK_DATA_PATH": str(root)})
    assert_text_only(stdout, posted, "geen Nederlandse stem", "espeak-ng")
    assert posted[0][2] == "warning"


def test_speech_off_is_text_only_with_an_info_notice() -> None:
    stdout, posted = run_session(mode="uit")
    assert_text_only(stdout, posted, "Spraak staat uit")
    assert posted[0][2] == "info"
