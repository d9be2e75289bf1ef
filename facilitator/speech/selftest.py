"""``facilitator spreek-test``: say a sample sentence and list the voices of the language."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from facilitator.events import InputEvent, Notice, Say, SayKind, SpeakingEnded, SpeakingStarted
from facilitator.speech.factory import create_speaker, list_voices
from facilitator.speech.player import Player
from facilitator.speech.settings import SpeechMode, SpeechSettings
from facilitator.speech.speaker import TtsSpeaker
from facilitator.speech.voices import VoiceInfo

SAMPLE_TEXT: dict[str, str] = {
    "nl": "Goedendag. Ik ben de facilitator en ik begeleid vandaag jullie intervisie.",
    "en": "Good day. I am the facilitator and I will guide your peer consultation today.",
}
SELFTEST_TIMEOUT_S = 30.0  # seconds to wait for the sample to finish playing


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    ok: bool  # the sample (or, in signal mode, the chime) was played to the end
    mode: SpeechMode
    sample_text: str
    voice: VoiceInfo | None  # the voice used; None when nothing could speak
    voices: tuple[VoiceInfo, ...]  # the installed voices of the language, best first
    played_s: float  # seconds between the start and the end of the sound
    notices: tuple[str, ...]  # problems found, in Dutch

    def lines(self) -> list[str]:
        """A Dutch report for the command line."""
        out: list[str] = []
        if self.mode is SpeechMode.OFF:
            out.append("Spraak staat uit (modus 'uit'); er is niets afgespeeld.")
        elif self.ok and self.mode is SpeechMode.SIGNAL:
            out.append(f"Signaaltoon afgespeeld ({self.played_s:.1f} s).")
        elif self.ok:
            out.append(f"Voorgelezen ({self.played_s:.1f} s): \u201c{self.sample_text}\u201d")
        else:
            out.append("Het voorlezen is niet gelukt.")
        if self.voice is not None:
            out.append(f"Gebruikte stem: {self.voice.describe()}")
        if self.voices:
            out.append("Beschikbare stemmen voor deze taal:")
            out.extend(f"  - {voice.describe()}" for voice in self.voices)
        else:
            out.append("Er zijn geen stemmen voor deze taal gevonden.")
        out.extend(f"Let op: {text}" for text in self.notices)
        return out


def speech_selftest(
    settings: SpeechSettings,
    *,
    player: Player | None = None,
    timeout_s: float = SELFTEST_TIMEOUT_S,
) -> SelfTestResult:
    """Speak the sample through the real speaker path and report what happened."""
    sample = SAMPLE_TEXT.get(settings.language, SAMPLE_TEXT["nl"])
    voices = tuple(list_voices(settings.language))
    notices: list[str] = []
    times: dict[str, float] = {}
    ended = threading.Event()

    def post(event: InputEvent) -> None:
        if isinstance(event, Notice):
            notices.append(event.text)
        elif isinstance(event, SpeakingStarted):
            times["start"] = time.monotonic()
        elif isinstance(event, SpeakingEnded) and not event.interrupted:
            times["end"] = time.monotonic()
            ended.set()

    speaker = create_speaker(settings, post, player=player)
    speaker.start()
    try:
        if settings.mode is not SpeechMode.OFF:
            kind = SayKind.WARNING if settings.mode is SpeechMode.SIGNAL else SayKind.INFO
            speaker(Say(sample, kind, generation=0))
            ended.wait(timeout_s)
    finally:
        speaker.close()
    played = times.get("end", 0.0) - times.get("start", 0.0) if "start" in times else 0.0
    return SelfTestResult(
        ok="end" in times,
        mode=settings.mode,
        sample_text=sample,
        voice=speaker.voice if isinstance(speaker, TtsSpeaker) else None,
        voices=voices,
        played_s=max(played, 0.0),
        notices=tuple(notices),
    )
