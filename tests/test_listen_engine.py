"""The real Vosk engine (packaged Korean test model) on real espeak-ng audio, through the
production ``Spotter``/``Listener``: commands are recognised; the device's own Dutch prompts,
Dutch and Korean running speech containing the command words, noise and silence are not."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from facilitator.events import (
    STATE_CHANGING,
    VOICE_COMMANDS,
    Command,
    CommandIssued,
    InputEvent,
    Notice,
)
from facilitator.listening import ListenSettings, create_listener, load_vocabulary
from facilitator.listening.gating import Decision
from facilitator.listening.models import load_model
from facilitator.listening.spotter import Spotter
from tests.support.listening_audio import (
    clip,
    device_prompts,
    feed,
    ko_model_path,
    noise,
    read_pcm,
    silence,
    synth,
    text_lines,
    wav_listener,
    write_wav,
)

pytestmark = [pytest.mark.vosk, pytest.mark.speech]

DATA = Path(__file__).parent / "data"
VOCAB_PATH = DATA / "vocab_ko.toml"
VOCAB = load_vocabulary(VOCAB_PATH)


@pytest.fixture(scope="module")
def model() -> Iterator[Any]:
    yield load_model(ko_model_path())


#: Mechanism tests (mute, cooldown, address name) use plain first-pass settings so that they
#: test the mechanism, not the proxy's recall.
PLAIN = {"primary_absorbers": 0, "min_conf": 0.0, "sound_check": False}


def spotter(model: Any, **overrides: Any) -> Spotter:
    sound_check = overrides.pop("sound_check", True)
    settings = ListenSettings.from_mapping({"vocabulary": str(VOCAB_PATH), **overrides})
    if not sound_check:
        settings = dataclasses.replace(settings, min_likelihood=None)
    return Spotter(model, VOCAB, settings, 16_000)


def accepted(decisions: list[Decision]) -> list[Command | None]:
    return [d.command for d in decisions if d.accepted]


#: Recall floor per speed with the production settings. The proxy (Korean model, espeak-ng
#: Korean) misses some; decoding is deterministic, so this guards against regressions.
#: Measured before the sound check: 15 at speed 140, 14 at 175 (of 17). The sound check's
#: likelihood ratio refuses a command now and then (its score varies between decodes on this
#: engine): the price of refusing short human utterances, measured by the benchmark.
MIN_RECOGNISED = 13  # of 17


@pytest.mark.parametrize("speed", [140, 175])
def test_command_phrases_are_recognised_and_never_confused(model: Any, speed: int) -> None:
    spot = spotter(model)
    hits = 0
    for phrase, command in VOCAB.phrases.items():
        got = accepted(feed(spot, clip(phrase, speed, "ko")))
        assert got in ([], [command]), (phrase, got)  # never a wrong or a double command
        hits += got == [command]
    print(f"recognised {hits} of {len(VOCAB.phrases)} at speed {speed}")
    assert hits >= MIN_RECOGNISED


def prompt_audio() -> list[np.ndarray]:
    prompts = device_prompts()
    assert len(prompts) >= 10, "the built-in method library should provide prompts"
    return [read_pcm(synth(text, "nl", 165)) for text in prompts]


#: Mic path delay: the end of the device's sound reaches the recogniser this much after
#: SpeakingEnded (the guard time must cover it).
ECHO_DELAY_S = 0.15


def test_device_prompts_trigger_nothing_with_half_duplex_muting(model: Any) -> None:
    """Self-trigger as in the product: every prompt of every built-in method, spoken by
    espeak-ng Dutch into the microphone, bracketed by SpeakingStarted/SpeakingEnded."""
    spot = spotter(model)
    decisions: list[Decision] = []
    for pcm in prompt_audio():
        spot.mute()
        cut = len(pcm) - round(ECHO_DELAY_S * 16_000)
        decisions += feed(spot, pcm[:cut])
        spot.unmute()
        decisions += feed(spot, np.concatenate([pcm[cut:], silence(1.0)]))
    assert accepted(decisions) == []


#: Without muting (the worst case) the proxy is not perfect: measured 0-1 false accepts over
#: the ~40 min of all prompts (see scripts/bench_listen.py). This guards against regressions.
MAX_UNMUTED_PROMPT_FALSE_ACCEPTS = 1


def test_device_prompts_without_muting_rarely_trigger(model: Any) -> None:
    spot = spotter(model)
    pad = (silence(0.6), silence(1.6))
    audio = np.concatenate([np.concatenate([pad[0], p, pad[1]]) for p in prompt_audio()])
    decisions = feed(spot, audio) + spot.flush()
    assert len(accepted(decisions)) <= MAX_UNMUTED_PROMPT_FALSE_ACCEPTS
    assert sum(d.verdict != "empty" for d in decisions) > 50  # it did hear words


@pytest.mark.parametrize(
    ("name", "voice"), [("negatives_nl.txt", "nl"), ("negatives_ko.txt", "ko")]
)
def test_running_speech_with_command_words_triggers_nothing(
    model: Any, name: str, voice: str
) -> None:
    lines = text_lines(name)
    spot = spotter(model)
    audio = np.concatenate([clip(text, 160, voice) for text in lines])
    decisions = feed(spot, audio) + spot.flush()
    assert accepted(decisions) == []
    assert sum(d.verdict != "empty" for d in decisions) >= len(lines) // 2  # it heard words


@pytest.mark.parametrize("kind", ["pink", "brown", "white"])
def test_noise_and_silence_trigger_nothing(model: Any, kind: str) -> None:
    spot = spotter(model)
    audio = np.concatenate([silence(5.0), noise(kind, 30.0, 0.15, seed=3), silence(2.0)])
    assert accepted(feed(spot, audio) + spot.flush()) == []


def test_muted_while_the_device_speaks_then_listening_again(model: Any) -> None:
    spot = spotter(model, **PLAIN)
    spot.mute()
    assert accepted(feed(spot, clip("피아노 감사합니다", 150, "ko"))) == []
    spot.unmute()
    assert accepted(feed(spot, clip("오렌지 감사합니다", 150, "ko"))) == [Command.MORE_TIME]


def test_cooldown_swallows_a_quick_repeat(model: Any) -> None:
    spot = spotter(model, cooldown_s=30.0, **PLAIN)
    first = feed(spot, clip("피아노 감사합니다", 150, "ko"))
    second = feed(spot, clip("피아노 감사합니다", 150, "ko"))
    assert accepted(first) == [Command.NEXT_STEP]
    assert accepted(second) == [] and any(d.verdict == "cooldown" for d in second)


def test_address_name_required_when_configured(model: Any) -> None:
    spot = spotter(model, aanspreeknaam="라디오", **PLAIN)
    assert accepted(feed(spot, clip("피아노 감사합니다", 150, "ko"))) == []
    assert accepted(feed(spot, clip("라디오 피아노 감사합니다", 150, "ko"))) == [Command.NEXT_STEP]


def test_words_missing_from_the_model_are_dropped_with_a_notice(model: Any) -> None:
    notices: list[str] = []
    settings = ListenSettings()  # the Dutch vocabulary: no Dutch words in the Korean model
    spot = Spotter(model, load_vocabulary("nl"), settings, 16_000, lambda t, lvl: notices.append(t))
    assert "volgende" in spot.grammar.dropped_words
    assert len(notices) == 1 and "volgende" in notices[0] and "model check" in notices[0]
    assert not spot.gate.table.phrases  # nothing left to match


def test_listener_replays_a_wav_file_and_posts_exactly_the_commands(
    model: Any, tmp_path: Path
) -> None:
    """The production path from file: create_listener(wav_input) -> CommandIssued events."""
    spoken = ["피아노 감사합니다", "오렌지 감사합니다", "감사합니다 오렌지"]
    parts = [clip(text_lines("negatives_nl.txt")[0], 160, "nl")]
    parts.append(clip(text_lines("negatives_ko.txt")[1], 160, "ko"))  # as before every command
    for phrase in spoken:
        parts += [clip(phrase, 150, "ko"), clip(text_lines("negatives_ko.txt")[1], 160, "ko")]
    wav = write_wav(tmp_path / "sessie.wav", np.concatenate(parts))
    posted: list[InputEvent] = []
    # The wiring is under test here, not the proxy's recall: no sound check (its likelihood
    # ratio varies by a few points between runs on this engine; the benchmark measures it).
    listener = wav_listener(wav, VOCAB_PATH, posted.append)
    assert listener is not None, posted
    listener.run()
    issued = [e for e in posted if isinstance(e, CommandIssued)]
    assert [e.command for e in issued] == [VOCAB.phrases[p] for p in spoken]
    assert [e.heard for e in issued] == spoken
    assert all(e.source == "voice" for e in issued)
    assert all(c in STATE_CHANGING for c in (e.command for e in issued))


def test_missing_model_gives_one_clear_notice_and_no_listener(tmp_path: Path) -> None:
    posted: list[InputEvent] = []
    settings = ListenSettings(model=tmp_path / "geen-model")
    assert create_listener(settings, posted.append) is None
    assert len(posted) == 1 and isinstance(posted[0], Notice)
    assert "python -m facilitator model download" in posted[0].text
    assert "toetsenbord" in posted[0].text


def test_check_model_reports_missing_words() -> None:
    from facilitator.listening import check_model

    good = check_model(ko_model_path(), VOCAB_PATH)
    assert good.ok and not good.unavailable and "Alle" in good.text()
    dutch = check_model(ko_model_path(), "nl")
    assert not dutch.ok and "volgende" in dutch.missing
    assert set(dutch.unavailable) == set(VOICE_COMMANDS)
    assert "niet in het model" in dutch.text()
