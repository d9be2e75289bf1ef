"""The voice check: each person says a few commands once; for each, whether it was heard, how
far above the room's noise the voice was, and what to change. In memory only: nothing is
written; what was heard becomes the group's voice templates for the sound check
(``Spotter.templates``) for as long as the process runs.

Time is the microphone's own clock (samples read), so a WAV file gives the same result as a
person at the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from facilitator.listening import levels
from facilitator.listening.audio import SAMPLE_WIDTH, Microphone
from facilitator.listening.gating import Decision, Verdict
from facilitator.listening.levels import trim_to_speech
from facilitator.listening.spotter import Spotter

NOISE_S = 2.0  # s of room sound measured before the first command
LISTEN_S = 8.0  # s of audio listened to for each command
READ_TIMEOUT_S = 0.5  # s
GOOD_SNR_DB = 20.0  # a voice this far above the room is heard reliably
LOW_SNR_DB = 10.0  # below this, the voice is lost in the room's sound
NOISE_FLOOR_RMS = 10.0  # int16 RMS: a digitally silent room still counts as this loud
HEARD = (Verdict.ACCEPTED, Verdict.SOUND_MISMATCH)  # the words were right


@dataclass(frozen=True, slots=True)
class Attempt:
    person: str
    command: str
    phrase: str
    heard: bool
    heard_text: str  # what the recogniser made of it ("" when nothing)
    snr_db: float | None  # voice above the room's noise; None when nothing was said

    def advice(self) -> str:
        """What to change (Dutch), short sentences for the ear."""
        if self.snr_db is None:
            return "Ik hoorde niets. Spreek luider, of kom dichter bij het apparaat."
        level = f"Je stem was {round(self.snr_db)} decibel boven het geluid in de ruimte."
        if self.heard and self.snr_db >= GOOD_SNR_DB:
            return f"Goed verstaan. {level}"
        if self.heard:
            return f"Verstaan, maar net. {level} Kom iets dichterbij of spreek wat luider."
        if self.snr_db < LOW_SNR_DB:
            return f"Niet verstaan. {level} Kom dichterbij of spreek luider."
        return (
            f"Niet verstaan. {level} Zeg de hele opdracht in één keer, "
            "met een korte stilte ervoor en erna."
        )


class VoiceCheck:
    """Reads ``microphone`` and feeds ``spotter`` (its worker must not run meanwhile)."""

    def __init__(self, microphone: Microphone, spotter: Spotter) -> None:
        self.microphone = microphone
        self.spotter = spotter
        self.noise_rms = NOISE_FLOOR_RMS
        self.attempts: list[Attempt] = []

    def _blocks(self, seconds: float) -> list[tuple[bytes, list[Decision]]]:
        """(block, decisions) for ``seconds`` of audio, stopping early at the first result."""
        rate = self.microphone.sample_rate
        wanted = round(seconds * rate) * SAMPLE_WIDTH
        got = 0
        out: list[tuple[bytes, list[Decision]]] = []
        while got < wanted:
            block = self.microphone.read(READ_TIMEOUT_S)
            if block is None:
                if self.microphone.finished:
                    found = [d for d in self.spotter.flush() if d.verdict is not Verdict.EMPTY]
                    out.append((b"", found))
                    break
                continue
            got += len(block)
            decisions = [d for d in self.spotter.feed(block) if d.verdict is not Verdict.EMPTY]
            out.append((block, decisions))
            if decisions:
                break
        return out

    def skip_pending(self) -> None:
        """Drop the audio waiting in the microphone (the device's own instruction)."""
        while self.microphone.read(0.0) is not None:
            pass

    def measure_noise(self, seconds: float = NOISE_S) -> float:
        """The room's sound level (int16 RMS) over ``seconds`` of nobody speaking."""
        rate = self.microphone.sample_rate
        wanted = round(seconds * rate) * SAMPLE_WIDTH
        parts: list[bytes] = []
        while sum(len(p) for p in parts) < wanted:
            block = self.microphone.read(READ_TIMEOUT_S)
            if block is None:
                if self.microphone.finished:
                    break
                continue
            parts.append(block)
        samples = np.frombuffer(b"".join(parts), dtype="<i2").astype(np.float64)
        level = float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0
        self.noise_rms = max(NOISE_FLOOR_RMS, level)
        self.spotter.mute()  # start the first command clean
        self.spotter.unmute()
        return self.noise_rms

    def listen_for(self, person: str, command: str, phrase: str) -> Attempt:
        """Listen for one command; when its words were heard, keep it as a voice template."""
        self.spotter.mute()
        self.spotter.unmute()
        self.spotter.gate.reset_cooldown()
        received = self._blocks(LISTEN_S + self.spotter.settings.guard_s)
        audio = b"".join(block for block, _ in received)
        decisions = [d for _, found in received for d in found]
        peak = max((levels.rms(b) for b, _ in received if b), default=0.0)
        snr = 20 * math.log10(peak / self.noise_rms) if peak > self.noise_rms * 1.5 else None
        decision = decisions[-1] if decisions else None
        heard_text = decision.heard if decision is not None else ""
        heard = (
            decision is not None
            and decision.command is not None
            and decision.command.value == command
            and decision.verdict in HEARD
        )
        if heard:
            rate = self.microphone.sample_rate
            self.spotter.templates.add(command, trim_to_speech(audio, rate), rate)
        attempt = Attempt(person, command, phrase, heard, heard_text, snr)
        self.attempts.append(attempt)
        return attempt
