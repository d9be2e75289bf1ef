"""The real pyttsx3 engine (espeak-ng): the 2.99 behaviours we work around, and every built-in
prompt rendered to audio. Fresh-engine facts run in a subprocess (espeak-ng initialises once
per process)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict

import numpy as np
import pytest

from facilitator.methods.registry import builtin_methods
from facilitator.speech import SpeechSettings, list_voices
from facilitator.speech.audio import Audio
from facilitator.speech.engine import shared_engine
from tests.support.audio import rms

pytestmark = pytest.mark.speech

ESPEAK_RATE = 22_050  # Hz
DUTCH = "gmw/nl"
RATE_WPM = SpeechSettings().rate_wpm
LONG_TEXT = " ".join(["Dit is een lange zin om de synthese wat tijd te geven."] * 20)
SUBPROCESS_TIMEOUT_S = 120
#: espeak-ng speaks Dutch at roughly the set rate plus a pause at each punctuation mark
#: (measured on the built-in prompts: 0.76-1.37 of this estimate). A line outside this band
#: means a dropped, truncated or doubled utterance.
PAUSE_S = 0.3  # seconds per punctuation mark
PLAUSIBLE_SPEED = (0.6, 1.7)  # actual seconds / estimated seconds
SILENCE_RMS = 0.01  # fraction of full scale


def run_python(code: str) -> tuple[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT_S,
        check=True,
    )
    return result.stdout, result.stderr


def render(text: str) -> Audio:
    return shared_engine().render(text, DUTCH, RATE_WPM).result(timeout=60)


def expected_s(text: str, rate_wpm: int = RATE_WPM) -> float:
    return len(text.split()) / rate_wpm * 60 + PAUSE_S * len(re.findall(r"[.,:;?!]", text))


# ------------------------------------------------------------------ the 2.99 behaviours, raw

RAW_FACTS = f"""
import json, os, sys, tempfile, wave, pyttsx3
d = tempfile.mkdtemp()
first, a, b = (os.path.join(d, n) for n in ("first.wav", "a.wav", "b.wav"))
e = pyttsx3.init()
e.setProperty("voice", "{DUTCH}")
e.save_to_file({LONG_TEXT!r}, first)
e.runAndWait()
first_at_return = os.path.exists(first) and os.path.getsize(first)
e.save_to_file("Eerste zin.", a)
e.save_to_file("Tweede zin.", b)
e.runAndWait()
with wave.open(b) as w:
    fmt = [w.getframerate(), w.getnchannels(), w.getsampwidth()]
sys.stderr.write(json.dumps({{"first_at_return": first_at_return,
    "a_exists": os.path.exists(a), "b_exists": os.path.exists(b), "format": fmt}}))
"""


def test_raw_pyttsx3_299_behaviours_that_we_work_around() -> None:
    """If this fails, pyttsx3 changed: re-check the workarounds in speech/engine.py."""
    stdout, stderr = run_python(RAW_FACTS)
    facts = json.loads(stderr.strip().splitlines()[-1])
    assert not facts["first_at_return"], "first runAndWait no longer returns early"
    assert not facts["a_exists"] and facts["b_exists"], "two utterances per runAndWait now work"
    assert facts["format"] == [ESPEAK_RATE, 1, 2]  # 22.05 kHz mono 16-bit
    assert "Audio saved to" in stdout  # the print we keep off the command line


ENGINE_FIRST_RENDER = f"""
import json, sys
from facilitator.speech.engine import TtsEngine
engine = TtsEngine()
first = engine.render({LONG_TEXT!r}, "{DUTCH}", {RATE_WPM}).result(timeout=60)
again = engine.render({LONG_TEXT!r}, "{DUTCH}", {RATE_WPM}).result(timeout=60)
one = engine.render("Eerste zin.", "{DUTCH}", {RATE_WPM}).result(timeout=60)
two = engine.render("Tweede zin, langer dan de eerste.", "{DUTCH}", {RATE_WPM}).result(60)
sys.stderr.write(json.dumps({{"first": len(first.samples), "again": len(again.samples),
    "rate": first.rate, "one": len(one.samples), "two": len(two.samples)}}))
"""


def test_first_render_of_a_fresh_engine_is_complete_and_stdout_stays_clean() -> None:
    stdout, stderr = run_python(ENGINE_FIRST_RENDER)
    sizes = json.loads(stderr.strip().splitlines()[-1])
    # not cut short (a fresh espeak-ng voice differs from later renders by a few ms)
    assert sizes["first"] == pytest.approx(sizes["again"], rel=0.01)
    assert sizes["rate"] == ESPEAK_RATE
    assert sizes["first"] / ESPEAK_RATE > 0.5 * expected_s(LONG_TEXT)
    assert 0 < sizes["one"] < sizes["two"]  # both of two renders in a row, each its own text
    assert stdout == ""  # no "Audio saved to …" on the command line


# ------------------------------------------------------------------ every built-in prompt


def builtin_texts() -> list[tuple[str, str]]:
    fill: defaultdict[str, str] = defaultdict(lambda: "iets")
    fill.update(inbrenger="Bram", bijeenkomst="eerste", accent="het begin", deelnemers="vijf")
    texts: list[tuple[str, str]] = []
    for method in builtin_methods():
        texts.extend((f"{method.id}/rules", rule) for rule in method.opening_rules)
        for step in method.steps:
            texts.append((f"{method.id}/{step.id}", step.prompt.format_map(fill)))
            if step.rule:
                texts.append((f"{method.id}/{step.id}/rule", step.rule))
    return texts


def test_builtin_methods_have_prompts() -> None:
    texts = builtin_texts()
    assert len({name.split("/")[0] for name, _ in texts}) >= 5
    assert all(text.strip() and "{" not in text for _, text in texts)


def test_every_builtin_prompt_renders_to_plausible_dutch_speech() -> None:
    problems: list[str] = []
    previous: Audio | None = None
    for name, text in builtin_texts():
        audio = render(text)
        duration = audio.duration_s
        ratio = duration / expected_s(text)
        if audio.rate != ESPEAK_RATE:
            problems.append(f"{name}: {audio.rate} Hz")
        if rms(audio) < SILENCE_RMS:
            problems.append(f"{name}: silent (rms {rms(audio):.4f})")
        if not PLAUSIBLE_SPEED[0] <= ratio <= PLAUSIBLE_SPEED[1]:
            problems.append(f"{name}: {duration:.1f} s for {len(text.split())} words")
        if previous is not None and np.array_equal(previous.samples, audio.samples):
            problems.append(f"{name}: same audio as the line before (dropped utterance)")
        previous = audio
    assert problems == []


def test_rate_setting_changes_the_speed() -> None:
    text = "Nog twee minuten voor deze stap."
    slow = shared_engine().render(text, DUTCH, 100).result(timeout=60)
    fast = shared_engine().render(text, DUTCH, 250).result(timeout=60)
    assert slow.duration_s > 1.8 * fast.duration_s


def test_dutch_voice_is_listed_first_for_dutch() -> None:
    voices = list_voices("nl")
    assert voices and voices[0].id == DUTCH
    assert all(not re.match(r"^gmw/en", v.id) for v in voices)
