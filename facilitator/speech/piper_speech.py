"""Speaking with a Piper voice: start it, or say why not; fall back to pyttsx3 mid-session.

``open_piper(settings)`` returns a running engine for ``settings.voice`` (``piper:NAAM`` or a
``.onnx`` path) or raises ``PiperVoiceError``/``PiperUnavailable`` with a Dutch message; the
factory turns that into one ``Notice`` and speaks with pyttsx3 instead. ``FallbackSynth``
renders with Piper and, if the worker dies during a session, says so once and continues with
the pyttsx3 voice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from facilitator.events import Notice, Post
from facilitator.speech.audio import Audio
from facilitator.speech.engine import RenderError, TtsUnavailable
from facilitator.speech.piper_engine import AHEAD_NICE, PiperEngine, PiperUnavailable
from facilitator.speech.piper_voices import PiperVoiceError, VoiceFile, find_voice
from facilitator.speech.settings import DEFAULT_RATE_WPM, SpeechSettings
from facilitator.speech.voices import VoiceInfo

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "Engels"}
AHEAD_THREADS = 1  # CPU threads of the worker that renders ahead (the other keeps the rest)
FALLBACK = "De sessie gaat verder met de standaardstem (espeak-ng)."


def piper_speed(settings: SpeechSettings) -> float:
    """Piper's pace factor: the default rate is the voice's own pace; 120 is 0.8 of it."""
    return settings.rate_wpm / DEFAULT_RATE_WPM


def voice_info(voice: VoiceFile) -> VoiceInfo:
    return VoiceInfo(
        id=str(voice.model),
        name=f"{voice.name} (Piper)",
        languages=(voice.language.replace("_", "-"),) if voice.language else (),
    )


def check_language(voice: VoiceFile, language: str) -> None:
    """A voice must speak the session's language (the phrase pack's)."""
    if voice.family == language:
        return
    spoken = LANGUAGE_NAMES.get(voice.family, voice.language or "een onbekende taal")
    wanted = LANGUAGE_NAMES.get(language, language)
    raise PiperVoiceError(
        f"De Piper-stem {voice.name} spreekt {spoken}, maar de sessie is in het {wanted}. "
        f"Kies een {wanted}e stem (facilitator stem lijst)."
    )


def open_piper(settings: SpeechSettings) -> PiperEngine:
    """A started engine for the voice in ``settings.voice``; raises with a Dutch reason."""
    assert settings.voice is not None
    voice = find_voice(settings.voice)
    check_language(voice, settings.language)
    engine = PiperEngine(voice)
    engine.start()
    return engine


def open_ahead(engine: PiperEngine) -> PiperEngine | None:
    """A second worker with the same voice for rendering ahead (one thread, lower priority);
    None when it cannot start (then the first worker renders ahead as well)."""
    ahead = PiperEngine(engine.voice, threads=AHEAD_THREADS, nice=AHEAD_NICE)
    try:
        ahead.start()
    except PiperUnavailable as err:
        log.warning("no second piper worker for rendering ahead: %s", err)
        return None
    return ahead


class FallbackSynth:
    """Piper first; after Piper failed, the pyttsx3 voice (one ``Notice`` when switching)."""

    def __init__(
        self,
        engine: PiperEngine,
        speed: float,
        post: Post,
        make_fallback: Callable[[], Callable[[str], Audio] | None],
    ) -> None:
        self._engine = engine
        self._speed = speed
        self._post = post
        self._make_fallback = make_fallback
        self._fallback: Callable[[str], Audio] | None = None
        self._failed = False
        self._lock = threading.Lock()

    def __call__(self, text: str) -> Audio:
        if not self._failed:
            try:
                return self._engine.synthesize(text, self._speed)
            except PiperUnavailable as err:
                self._switch(err)
        with self._lock:
            fallback = self._fallback
        if fallback is None:
            raise RenderError("neither Piper nor pyttsx3 can speak")
        try:
            return fallback(text)
        except (TtsUnavailable, TimeoutError) as err:
            raise RenderError(str(err)) from err

    def _switch(self, err: PiperUnavailable) -> None:
        with self._lock:
            if self._failed:
                return
            self._failed = True
            log.error("piper failed, falling back to pyttsx3: %s", err)
            self._post(Notice(f"{err} {FALLBACK}", level="warning"))
            self._fallback = self._make_fallback()
        self._engine.close()
