"""From the one ``Settings`` to the settings objects of each part (session, speech, listening)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from facilitator.events import Command, Notice
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.settings import Settings
from facilitator.units import SECONDS_PER_MINUTE

log = logging.getLogger(__name__)

VOLUME_FULL_PCT = 100  # settings give percent; the speech part wants a fraction


def session_settings(settings: Settings) -> SessionSettings:
    part = settings.session
    more = part.more_time_min
    values: dict[str, Any] = {
        "language": part.language,
        "brief": part.prompts == "kort",
        "follow_up": part.follow_up,
        "members": part.members,
    }
    if more is not None:
        values["more_time_s"] = more * SECONDS_PER_MINUTE
    return SessionSettings(**values)


def speech_settings(settings: Settings) -> Any:
    from facilitator.speech.settings import SpeechMode, SpeechSettings

    part = settings.speech
    values: dict[str, Any] = {"mode": SpeechMode(part.mode), "language": settings.session.language}
    if part.rate_wpm is not None:
        values["rate_wpm"] = part.rate_wpm
    if part.volume_pct is not None:
        values["volume"] = part.volume_pct / VOLUME_FULL_PCT
    if part.voice:
        values["voice"] = part.voice
    if part.output_device:
        device = part.output_device.strip()
        values["output_device"] = int(device) if device.isdigit() else device
    return SpeechSettings(**values)


def listen_settings(settings: Settings) -> Any:
    from facilitator.listening.settings import ListenSettings

    part = settings.listen
    return ListenSettings.from_mapping(
        {
            "enabled": part.enabled,
            "model": part.model,
            "vocabulary": part.vocabulary or settings.session.language,
            "device": part.microphone,
            "wav_input": part.input_wav,
            "wake_name": part.address_name,
            "barge_in": part.barge_in,
        },
        source="instellingen",
    )


def help_phrases(settings: Settings, notices: list[Notice]) -> Mapping[Command, Sequence[str]]:
    """Spoken command phrases for "help", from the vocabulary (empty when it cannot load)."""
    name = settings.listen.vocabulary or settings.session.language
    try:
        from facilitator.listening.vocabulary import VocabularyError, load_vocabulary
    except ImportError as err:
        log.warning("vocabulary loader unavailable: %s", err)
        return {}
    try:
        return load_vocabulary(name).help_phrases()
    except VocabularyError as err:
        notices.append(Notice(f"Woordenlijst niet gebruikt: {err}", "warning"))
        return {}


def speech_texts(plan: SessionPlan, settings: Settings) -> tuple[str, ...]:
    """The lines this session is expected to say, for the speaker to render ahead."""
    from facilitator.display.keys import help_keys
    from facilitator.speech.prompts import plan_texts

    language = settings.session.language
    phrases = help_phrases(settings, [])
    return plan_texts(plan, session_settings(settings), phrases, help_keys(language))


REHEARSAL_PREPARE_S = 180.0  # seconds a sped-up rehearsal waits for its lines to be rendered


def prepare_speech(speaker: Any, plan: SessionPlan, settings: Settings, speed: float) -> None:
    """Let the speaker render the session's lines ahead. A sped-up rehearsal (``speed`` > 1)
    needs them sooner than they can be rendered while it runs: it waits for all (bounded)."""
    prepare = getattr(speaker, "prepare", None)
    if prepare is None:
        return
    prepare(speech_texts(plan, settings))
    wait = getattr(speaker, "wait_prepared", None)
    if speed > 1 and wait is not None and not wait(REHEARSAL_PREPARE_S):
        log.warning("not every line was rendered within %.0f s", REHEARSAL_PREPARE_S)
