"""Building a speaker from settings: the engine, the voice, the player, and the fallbacks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace

from facilitator.events import Post
from facilitator.speech.audio import Audio
from facilitator.speech.engine import TtsEngine, TtsUnavailable, shared_engine
from facilitator.speech.piper_engine import PiperUnavailable
from facilitator.speech.piper_speech import (
    FALLBACK,
    FallbackSynth,
    open_ahead,
    open_piper,
    piper_speed,
    voice_info,
)
from facilitator.speech.piper_voices import PiperVoiceError, is_piper_choice
from facilitator.speech.player import Player, SoundDevicePlayer
from facilitator.speech.prerender import RenderCache
from facilitator.speech.settings import SpeechMode, SpeechSettings
from facilitator.speech.speaker import SilentSpeaker, Speaker, TtsSpeaker
from facilitator.speech.voices import VoiceInfo, find_voice, voices_for

log = logging.getLogger(__name__)

ENGINE_START_TIMEOUT_S = 30.0  # seconds; espeak-ng starts in well under a second
RENDER_TIMEOUT_S = 30.0  # seconds for one line; espeak-ng renders ~50x faster than real time
TEXT_ONLY = "De teksten verschijnen alleen op het scherm."
LANGUAGE_NAMES = {"nl": "Nederlandse", "en": "Engelse"}


def list_voices(language: str | None = None, engine: TtsEngine | None = None) -> list[VoiceInfo]:
    """The installed voices (of ``language``, best first); empty when there is no TTS engine."""
    engine = engine or shared_engine()
    try:
        voices = engine.voices().result(timeout=ENGINE_START_TIMEOUT_S)
    except (TtsUnavailable, FutureTimeout) as err:
        log.warning("no TTS engine: %s", err)
        return []
    return voices if language is None else voices_for(voices, language)


def choose_voice(
    settings: SpeechSettings, voices: list[VoiceInfo]
) -> tuple[VoiceInfo | None, tuple[str, ...]]:
    """The voice to use and the notices about the choice (Dutch). None: no suitable voice."""
    notices: list[str] = []
    if settings.voice is not None:
        found = find_voice(voices, settings.voice)
        if found is not None:
            return found, ()
        notices.append(
            f"Stem '{settings.voice}' is niet gevonden (zie 'facilitator spreek-test' voor de "
            "stemmen die er zijn); ik kies zelf een stem."
        )
    candidates = voices_for(voices, settings.language)
    return (candidates[0] if candidates else None), tuple(notices)


def create_speaker(
    settings: SpeechSettings,
    post: Post,
    *,
    player: Player | None = None,
    engine: TtsEngine | None = None,
    prerender: bool = True,
) -> Speaker:
    """A speaker for ``settings``; a ``SilentSpeaker`` (one clear Notice) when it cannot speak.

    ``settings.voice`` may name a Piper voice (``piper:NAAM`` or a ``.onnx`` file); when it
    cannot be used, one Notice says why and pyttsx3 speaks. With ``prerender`` the lines given
    to ``Speaker.prepare`` are rendered ahead in the background.
    """
    if settings.mode is SpeechMode.OFF:
        return SilentSpeaker(post, f"Spraak staat uit. {TEXT_ONLY}", level="info")
    player = player or SoundDevicePlayer(settings.output_device)
    if settings.mode is SpeechMode.SIGNAL:
        return TtsSpeaker(settings, post, None, player)
    notices: tuple[str, ...] = ()
    if is_piper_choice(settings.voice):
        try:
            piper = open_piper(settings)
        except (PiperVoiceError, PiperUnavailable) as err:
            log.warning("piper voice not used: %s", err)
            notices = (f"{err} {FALLBACK}",)
            settings = replace(settings, voice=None)
        else:
            fallback_settings = replace(settings, voice=None)

            def make_fallback() -> Callable[[str], Audio] | None:
                return _pyttsx3_render(fallback_settings, engine)

            speed = piper_speed(settings)
            synth = FallbackSynth(piper, speed, post, make_fallback)
            ahead = open_ahead(piper) if prerender else None
            cache = RenderCache(
                synth,
                ahead=(lambda text: ahead.synthesize(text, speed)) if ahead else None,
                split=True,
            )
            closers = (piper.close, ahead.close) if ahead else (piper.close,)
            return TtsSpeaker(
                settings,
                post,
                cache.render,
                player,
                voice=voice_info(piper.voice),
                prerender=cache if prerender else None,
                closers=closers,
            )
    return _pyttsx3_speaker(settings, post, player, engine, prerender, notices)


def _pyttsx3_render(
    settings: SpeechSettings, engine: TtsEngine | None
) -> Callable[[str], Audio] | None:
    """A render function with the pyttsx3 voice for ``settings`` (None: no voice)."""
    engine = engine or shared_engine()
    try:
        voices = engine.voices().result(timeout=ENGINE_START_TIMEOUT_S)
    except (TtsUnavailable, FutureTimeout) as err:
        log.warning("no pyttsx3 fallback: %s", err)
        return None
    voice, _ = choose_voice(settings, voices)
    if voice is None:
        return None
    voice_id, rate = voice.id, settings.rate_wpm

    def render(text: str) -> Audio:
        return engine.render(text, voice_id, rate).result(timeout=RENDER_TIMEOUT_S)

    return render


def _pyttsx3_speaker(
    settings: SpeechSettings,
    post: Post,
    player: Player,
    engine: TtsEngine | None,
    prerender: bool,
    earlier: tuple[str, ...] = (),
) -> Speaker:
    """The pyttsx3 speaker; ``earlier`` are notices to post first (why not Piper)."""
    engine = engine or shared_engine()
    before = "".join(f"{text} " for text in earlier)
    try:
        voices = engine.voices().result(timeout=ENGINE_START_TIMEOUT_S)
    except TtsUnavailable as err:
        return SilentSpeaker(post, f"{before}{err} {TEXT_ONLY}")
    except FutureTimeout:
        return SilentSpeaker(post, f"{before}De spraakengine start niet. {TEXT_ONLY}")
    voice, found = choose_voice(settings, voices)
    notices = earlier + found
    if voice is None:
        language = LANGUAGE_NAMES.get(settings.language, settings.language)
        return SilentSpeaker(
            post,
            f"{before}Er is geen {language} stem geïnstalleerd (op Linux: 'sudo apt install "
            f"espeak-ng'; op Windows of macOS: voeg een {language} stem toe in de "
            f"systeeminstellingen). {TEXT_ONLY}",
        )
    log.info("voice: %s", voice.describe())
    voice_id, rate = voice.id, settings.rate_wpm

    def render(text: str) -> Audio:
        return engine.render(text, voice_id, rate).result(timeout=RENDER_TIMEOUT_S)

    if not prerender:
        return TtsSpeaker(settings, post, render, player, notices, voice)
    cache = RenderCache(render, split=False)
    return TtsSpeaker(settings, post, cache.render, player, notices, voice, prerender=cache)
