"""Pure parts of speech: settings, voice choice, chimes and in-memory audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from facilitator.speech import SpeechMode, SpeechSettings, SpeechSettingsError, from_mapping
from facilitator.speech.audio import Audio, concat, read_wav
from facilitator.speech.chimes import GAP_AFTER_CHIME_S, ChimeKind, chime, tone_frequencies
from facilitator.speech.factory import choose_voice
from facilitator.speech.voices import VoiceInfo, find_voice, voices_for
from tests.support.audio import rms, write_wav

RATE = 22_050  # Hz

# ------------------------------------------------------------------ settings


def test_defaults_are_valid_dutch_speech() -> None:
    settings = SpeechSettings()
    assert settings.mode is SpeechMode.SPEECH
    assert settings.language == "nl" and settings.voice is None


def test_from_mapping_reads_dutch_keys() -> None:
    settings = from_mapping(
        {"modus": "Signaal", "snelheid": 170, "volume": 1, "stem": "gmw/nl", "luidspreker": "3"},
        "instellingen.toml [spraak]",
    )
    assert settings == SpeechSettings(
        mode=SpeechMode.SIGNAL, rate_wpm=170, volume=1.0, voice="gmw/nl", output_device=3
    )


def test_from_mapping_skips_none_values() -> None:
    assert from_mapping({"snelheid": None, "stem": None}, "opdrachtregel") == SpeechSettings()


@pytest.mark.parametrize(
    ("values", "fragments"),
    [
        ({"modus": "fluister"}, ["'modus'", "'spraak', 'signaal' of 'uit'", "'fluister'"]),
        ({"snelheid": 20}, ["snelheid", "80", "400", "20"]),
        ({"snelheid": "snel"}, ["snelheid", "geheel getal", "'snel'"]),
        ({"volume": 1.5}, ["volume", "tussen 0 en 1", "1.5"]),
        ({"volume": True}, ["volume", "getal"]),
        ({"stem": "  "}, ["stem", "spreek-test"]),
        ({"taal": "de"}, ["taal", "'nl' of 'en'", "'de'"]),
        ({"luidspreker": -1}, ["luidspreker", "-1"]),
        ({"snelhied": 150}, ["onbekende spraakinstelling 'snelhied'", "snelheid"]),
    ],
)
def test_bad_values_give_a_dutch_error_naming_source_and_field(
    values: dict[str, object], fragments: list[str]
) -> None:
    with pytest.raises(SpeechSettingsError) as caught:
        from_mapping(values, "instellingen.toml [spraak]")
    message = str(caught.value)
    assert message.startswith("instellingen.toml [spraak]: ")
    for fragment in fragments:
        assert fragment in message


# ------------------------------------------------------------------ voices

ESPEAK_LIKE = [
    VoiceInfo("gmw/af", "Afrikaans", ("af",)),
    VoiceInfo("gmw/en-029", "English (Caribbean)", ("en-029",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
    VoiceInfo("gmw/nl", "Dutch", ("nl",)),
]
SAPI_LIKE = [
    VoiceInfo(r"HKEY\TTS_MS_EN-US_ZIRA_11.0", "Microsoft Zira Desktop - English (United States)"),
    VoiceInfo(r"HKEY\TTS_MS_NL-NL_FRANK_11.0", "Microsoft Frank - Dutch (Netherlands)"),
]
MAC_LIKE = [
    VoiceInfo("com.apple.voice.compact.en-US.Samantha", "Samantha", ("en_US",)),
    VoiceInfo("com.apple.voice.compact.nl-BE.Ellen", "Ellen", ("nl_BE",)),
    VoiceInfo("com.apple.voice.compact.nl-NL.Xander", "Xander", ("nl_NL",)),
]


def test_dutch_voice_is_found_on_each_platform_style() -> None:
    assert voices_for(ESPEAK_LIKE, "nl")[0].id == "gmw/nl"
    assert voices_for(SAPI_LIKE, "nl")[0].name.startswith("Microsoft Frank")
    assert {v.name for v in voices_for(MAC_LIKE, "nl")} == {"Ellen", "Xander"}
    assert voices_for(ESPEAK_LIKE, "en")[0].id == "gmw/en"  # shortest regional code first


def test_afrikaans_is_not_taken_for_dutch() -> None:
    assert voices_for([ESPEAK_LIKE[0]], "nl") == []


def test_find_voice_by_id_name_or_unique_part() -> None:
    assert find_voice(ESPEAK_LIKE, "GMW/NL") == ESPEAK_LIKE[3]
    assert find_voice(ESPEAK_LIKE, "dutch") == ESPEAK_LIKE[3]
    assert find_voice(MAC_LIKE, "xand") == MAC_LIKE[2]
    assert find_voice(ESPEAK_LIKE, "english") is None  # ambiguous
    assert find_voice(ESPEAK_LIKE, "klingon") is None


def test_choose_voice_falls_back_to_the_language_with_a_notice() -> None:
    voice, notices = choose_voice(SpeechSettings(voice="klingon"), ESPEAK_LIKE)
    assert voice is not None and voice.id == "gmw/nl"
    assert len(notices) == 1 and "'klingon'" in notices[0] and "niet gevonden" in notices[0]
    assert choose_voice(SpeechSettings(), ESPEAK_LIKE[:3]) == (None, ())


# ------------------------------------------------------------------ chimes and audio


def dominant_hz(audio: Audio) -> float:
    spectrum = np.abs(np.fft.rfft(audio.samples.astype(np.float64)))
    return float(np.fft.rfftfreq(len(audio.samples), 1 / audio.rate)[np.argmax(spectrum)])


@pytest.mark.parametrize("kind", list(ChimeKind))
def test_chimes_are_short_audible_click_free_tones(kind: ChimeKind) -> None:
    sound = chime(kind, RATE)
    assert 0.5 < sound.duration_s < 2.0
    assert rms(sound) > 0.05
    peak = int(np.abs(sound.samples.astype(np.int32)).max())
    assert peak < 32_767  # no clipping
    assert abs(int(sound.samples[0])) < 50  # starts at silence: no click
    gap = round(GAP_AFTER_CHIME_S * RATE)
    assert not sound.samples[-gap:].any()  # ends in a short silence before any words


def test_warning_and_time_up_chimes_are_distinct() -> None:
    warning, time_up = chime(ChimeKind.WARNING, RATE), chime(ChimeKind.TIME_UP, RATE)
    assert tone_frequencies(ChimeKind.WARNING) != tone_frequencies(ChimeKind.TIME_UP)
    assert time_up.duration_s > warning.duration_s
    # the first tone of each chime really sounds at its own pitch
    first_w = Audio(warning.samples[: round(0.2 * RATE)], RATE)
    first_t = Audio(time_up.samples[: round(0.2 * RATE)], RATE)
    assert dominant_hz(first_w) == pytest.approx(tone_frequencies(ChimeKind.WARNING)[0], abs=10)
    assert dominant_hz(first_t) == pytest.approx(tone_frequencies(ChimeKind.TIME_UP)[0], abs=10)


def test_audio_volume_resampling_and_wav_round_trip(tmp_path: Path) -> None:
    sound = chime(ChimeKind.WARNING, RATE)
    half = sound.scaled(0.5)
    assert rms(half) == pytest.approx(rms(sound) / 2, rel=0.01)
    assert sound.scaled(1.0) is sound
    up = sound.resampled(44_100)
    assert up.rate == 44_100 and up.duration_s == pytest.approx(sound.duration_s, abs=1e-3)
    assert dominant_hz(up) == pytest.approx(dominant_hz(sound), abs=5)
    joined = concat(sound, up)
    assert joined.rate == RATE
    assert joined.duration_s == pytest.approx(2 * sound.duration_s, abs=1e-3)
    path = tmp_path / "x.wav"
    write_wav(path, sound)
    back = read_wav(path)
    assert back.rate == RATE and np.array_equal(back.samples, sound.samples)
