"""Speech: every ``Say`` heard in the room (pyttsx3 or an optional Piper voice + PortAudio),
with a text-only fallback.

Public API::

    speaker = create_speaker(SpeechSettings(), post)   # a listener; never blocks
    speaker.start(); speaker.prepare(texts); ...; speaker(event); ...; speaker.close()
    list_voices("nl") -> list[VoiceInfo]
    speech_selftest(settings) -> SelfTestResult          # `facilitator spreek-test`

pyttsx3 and sounddevice are imported inside their adapters only (``engine.py``,
``player.py``), so importing this package needs neither. Piper (GPL) is never imported here:
it runs in worker processes (``piper_worker.py``, driven by ``piper_engine.py``).
"""

from __future__ import annotations

from facilitator.speech.factory import choose_voice, create_speaker, list_voices
from facilitator.speech.selftest import SelfTestResult, speech_selftest
from facilitator.speech.settings import (
    SpeechMode,
    SpeechSettings,
    SpeechSettingsError,
    from_mapping,
)
from facilitator.speech.speaker import SilentSpeaker, Speaker, TtsSpeaker
from facilitator.speech.voices import VoiceInfo

__all__ = [
    "SelfTestResult",
    "SilentSpeaker",
    "Speaker",
    "SpeechMode",
    "SpeechSettings",
    "SpeechSettingsError",
    "TtsSpeaker",
    "VoiceInfo",
    "choose_voice",
    "create_speaker",
    "from_mapping",
    "list_voices",
    "speech_selftest",
]
