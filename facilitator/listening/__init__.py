"""Listening: offline spoken commands (Vosk) from a microphone or a WAV file.

Public API::

    create_listener(settings, post) -> Listener | None
    load_vocabulary(name_or_path) -> Vocabulary          # .help_phrases()
    download_model(lang="nl", dest=None, progress=None, url=None) -> Path
    check_model(path, vocabulary) -> ModelReport
    known_names(model_or_path, names) -> tuple[str, ...]   # names that can be said

The core imports this package without vosk or sounddevice: both are imported inside their
adapters only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from facilitator.events import Notice, Post
from facilitator.listening.answers import known_names
from facilitator.listening.audio import Microphone, MicrophoneError, WavFileSource
from facilitator.listening.download import DownloadError, download_model
from facilitator.listening.echo import NO_CANCELLER, EchoCanceller
from facilitator.listening.listener import Listener
from facilitator.listening.models import (
    KNOWN_MODELS,
    ModelError,
    ModelReport,
    check_model,
    find_model,
    fix_command,
    load_model,
    missing_model_text,
)
from facilitator.listening.settings import ListenSettings, ListenSettingsError
from facilitator.listening.spotter import Spotter
from facilitator.listening.vocabulary import Vocabulary, VocabularyError, load_vocabulary

__all__ = [
    "KNOWN_MODELS",
    "DownloadError",
    "ListenSettings",
    "ListenSettingsError",
    "Listener",
    "MicrophoneError",
    "ModelError",
    "ModelReport",
    "Vocabulary",
    "VocabularyError",
    "check_model",
    "create_listener",
    "download_model",
    "find_model",
    "fix_command",
    "known_names",
    "load_vocabulary",
]

log = logging.getLogger(__name__)

_NoticeFn = Callable[..., None]  # (text, level[, microphone])

KEYBOARD_ONLY = "De sessie gaat verder met het toetsenbord."


def create_listener(settings: ListenSettings, post: Post) -> Listener | None:
    """A ready listener (microphone open, model loaded), or ``None`` after posting a Dutch
    ``Notice`` saying why (no model, no microphone, bad vocabulary): keyboard still works."""
    if not settings.enabled:
        return None

    def notice(text: str, level: str = "warning", microphone: bool | None = None) -> None:
        post(Notice(text, level, microphone=microphone))

    try:
        vocab = load_vocabulary(settings.vocabulary)
    except VocabularyError as err:
        notice(f"{err} Luisteren staat uit. {KEYBOARD_ONLY}")
        return None
    lang = vocab.language if vocab.language in KNOWN_MODELS else "nl"
    path = settings.model or find_model(lang)
    if path is None:
        notice(missing_model_text(lang))
        return None
    try:
        model = load_model(path)
    except ModelError as err:
        notice(f"{err} {KEYBOARD_ONLY}")
        return None
    try:
        microphone = _open_microphone(settings, notice)
    except MicrophoneError as err:
        text = str(err)
        notice(text if KEYBOARD_ONLY in text else f"{text} {KEYBOARD_ONLY}")
        return None
    spotter = Spotter(model, vocab, settings, microphone.sample_rate, notice)
    if not spotter.active:
        microphone.close()
        notice(
            f"Geen enkele opdracht uit de woordenlijst {vocab.source} staat in het spraakmodel "
            f"{path}: luisteren staat uit. Kies het model dat bij de woordenlijst hoort. "
            + KEYBOARD_ONLY
        )
        return None
    log.info("listening with %s (%s)", path, vocab.source)
    return Listener(microphone, spotter, post, echo=_echo_canceller(settings, microphone, notice))


def _echo_canceller(
    settings: ListenSettings, microphone: Microphone, notice: _NoticeFn
) -> EchoCanceller | None:
    """The canceller for barge-in, fed with every block the speaker plays; ``None`` (said
    once, then half-duplex) when there is none. A WAV file as microphone hears no speaker."""
    if not settings.barge_in or settings.wav_input is not None:
        return None
    echo = EchoCanceller.create(microphone.sample_rate)
    if echo is None:
        notice(NO_CANCELLER, "info")
        return None
    from facilitator.speech import player

    player.playback_taps.append(echo.playback)
    return echo


def _open_microphone(settings: ListenSettings, notice: _NoticeFn) -> Microphone:
    microphone: Microphone
    if settings.wav_input is not None:
        microphone = WavFileSource(settings.wav_input, settings.block_s, settings.wav_realtime)
    else:
        from facilitator.listening.soundcard import SoundDeviceMicrophone

        microphone = SoundDeviceMicrophone(
            settings.device, settings.block_s, settings.watchdog_s, notice
        )
    microphone.start()
    return microphone
