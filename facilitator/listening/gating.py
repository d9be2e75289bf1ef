"""The gating rules that decide whether a recogniser result is a command: pure, no engine.

Input is what a Vosk recogniser returns as a *final* result (JSON with word timings); output
is a ``Decision``. The rules, strongest first:

1. the whole utterance must be exactly one command phrase (anything else in it rejects);
2. with an address name configured, the phrase must follow that name ("kompas volgende stap");
3. a word that lasts implausibly long is not a command word (a hum matched to a word), and
   a phrase with speech right before it is part of a longer sentence (people pause before
   giving a command), and audio that is not voiced is noise, not speech;
4. state-changing commands need a second pass over the buffered utterance to agree, and every
   command must *sound* like the command (``soundcheck``/``verify``: a likelihood ratio against
   ordinary words, or the group's own voice templates), whatever words the grammar allowed;
5. nothing is accepted while the device speaks, during a guard time after it, or during the
   cooldown after an accepted command.

Times are seconds of audio (the stream's own clock), so replaying a file faster than real time
gives the same decisions as listening live.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from facilitator.events import STATE_CHANGING, Command
from facilitator.listening.answers import Reply
from facilitator.listening.soundcheck import syllables

#: What a phrase means: a command, or (while a question is open) an answer or a name.
Target = Command | Reply


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    RECHECK = "recheck"  # looks like a state-changing command: run the second pass
    EMPTY = "empty"  # nothing recognised
    NOT_COMMAND = "not_command"  # the utterance is not exactly one command phrase
    NO_NAME = "no_name"  # a command phrase without the address name
    IMPLAUSIBLE = "implausible"  # word timings do not fit speech
    NO_PAUSE = "no_pause"  # speech right before the phrase: part of a longer sentence
    LOW_CONFIDENCE = "low_confidence"  # a word the recogniser was unsure of
    NOT_SPEECH = "not_speech"  # the audio is not voiced speech (noise decoded as words)
    MUTED = "muted"  # the device was speaking (or just stopped)
    COOLDOWN = "cooldown"  # too soon after the previous command
    RECHECK_FAILED = "recheck_failed"  # the second pass heard something else
    SOUND_MISMATCH = "sound_mismatch"  # the audio does not sound like the command


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start_s: float
    end_s: float
    conf: float = 1.0


@dataclass(frozen=True, slots=True)
class Utterance:
    text: str  # normalised: lower case, single spaces
    words: tuple[Word, ...] = ()

    @property
    def end_s(self) -> float | None:
        return self.words[-1].end_s if self.words else None


def parse_result(result: str | Mapping[str, Any]) -> Utterance:
    """A Vosk result (JSON text or decoded) as an ``Utterance``; tolerant of missing fields."""
    data: Mapping[str, Any] = json.loads(result) if isinstance(result, str) else result
    raw_words = data.get("result") or data.get("partial_result") or []
    words = tuple(
        Word(
            text=str(item.get("word", "")).lower(),
            start_s=float(item.get("start", 0.0)),
            end_s=float(item.get("end", 0.0)),
            conf=float(item.get("conf", 1.0)),
        )
        for item in raw_words
        if isinstance(item, Mapping)
    )
    text = data.get("text", data.get("partial", ""))
    return Utterance(text=" ".join(str(text).lower().split()), words=words)


@dataclass(frozen=True, slots=True)
class Match:
    target: Target
    phrase: str  # the command phrase without the address name


class PhraseTable:
    """Exact matching of an utterance to one command phrase (plus the optional address name)."""

    def __init__(self, phrases: Mapping[str, Target], wake_name: str | None = None) -> None:
        self._phrases = {" ".join(p.lower().split()): c for p, c in phrases.items()}
        self.wake_name = wake_name.lower().strip() if wake_name else None

    @property
    def phrases(self) -> Mapping[str, Target]:
        return self._phrases

    def spoken_forms(self) -> tuple[str, ...]:
        """What a speaker says for each phrase (with the address name when configured)."""
        prefix = f"{self.wake_name} " if self.wake_name else ""
        return tuple(prefix + phrase for phrase in self._phrases)

    def match(self, text: str) -> tuple[Match | None, bool]:
        """(match, name_ok): the command if ``text`` is exactly one phrase, and whether the
        address name rule is met (always True when no name is configured)."""
        words = text.split()
        if self.wake_name is None:
            return self._lookup(words), True
        if words[:1] == [self.wake_name]:
            return self._lookup(words[1:]), True
        return self._lookup(words), False

    def _lookup(self, words: list[str]) -> Match | None:
        phrase = " ".join(words)
        target = self._phrases.get(phrase)
        return Match(target, phrase) if target is not None else None


@dataclass(frozen=True, slots=True)
class GateRules:
    cooldown_s: float = 1.5
    guard_s: float = 0.4
    recheck: bool = True
    max_word_s: float = 2.0
    min_pause_s: float = 0.0  # quiet needed right before a command phrase
    min_conf: float = 0.0  # every word of a command needs at least this confidence
    min_voiced: float = 0.0  # share of the utterance's loud frames that must be voiced
    min_syllable_s: float = 0.0  # every command word lasts at least this per syllable
    sound_check: bool = False  # every command goes through the sound check (RECHECK)


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    at_s: float  # stream time of the decision
    command: Command | None = None
    heard: str = ""  # the recognised words (command words only when accepted)
    reply: Reply | None = None  # an answer or a name instead of a command

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.ACCEPTED

    @property
    def target(self) -> Target | None:
        return self.command if self.command is not None else self.reply


def _decision(verdict: Verdict, now_s: float, target: Target, heard: str) -> Decision:
    if isinstance(target, Reply):
        return Decision(verdict, now_s, None, heard, target)
    return Decision(verdict, now_s, target, heard)


class Gate:
    """Stateful rules over time: mute, guard, cooldown; plus the per-utterance rules."""

    def __init__(self, table: PhraseTable, rules: GateRules) -> None:
        self.table = table
        self.rules = rules
        self.muted = False
        self._deaf_until_s = -math.inf
        self._cooldown_until_s = -math.inf

    # ------------------------------------------------------------------ time rules
    def mute(self) -> None:
        self.muted = True

    def unmute(self, now_s: float) -> None:
        self.muted = False
        self._deaf_until_s = max(self._deaf_until_s, now_s + self.rules.guard_s)

    def hearing(self, now_s: float) -> bool:
        """Whether audio at ``now_s`` should reach the recogniser at all."""
        return not self.muted and now_s >= self._deaf_until_s

    def reset_cooldown(self) -> None:
        self._cooldown_until_s = -math.inf

    def in_cooldown(self, now_s: float) -> bool:
        return now_s < self._cooldown_until_s

    # ------------------------------------------------------------------ utterance rules
    def judge(
        self,
        utterance: Utterance,
        now_s: float,
        pause_before_s: float = math.inf,
        voiced: float = 1.0,
    ) -> Decision:
        """First-pass decision on a final result; ``pause_before_s`` is how long it was quiet
        before the utterance's first word, ``voiced`` the voiced share of its audio."""
        if not utterance.text:
            return Decision(Verdict.EMPTY, now_s)
        if not self.hearing(now_s):
            return Decision(Verdict.MUTED, now_s, heard=utterance.text)
        match, name_ok = self.table.match(utterance.text)
        if match is None:
            return Decision(Verdict.NOT_COMMAND, now_s, heard=utterance.text)
        if not name_ok:
            return _decision(Verdict.NO_NAME, now_s, match.target, utterance.text)
        if any(w.end_s - w.start_s > self.rules.max_word_s for w in utterance.words) or any(
            w.end_s - w.start_s < self.rules.min_syllable_s * syllables(w.text)
            for w in utterance.words
        ):
            return _decision(Verdict.IMPLAUSIBLE, now_s, match.target, utterance.text)
        if any(w.conf < self.rules.min_conf for w in utterance.words):
            return _decision(Verdict.LOW_CONFIDENCE, now_s, match.target, utterance.text)
        if voiced < self.rules.min_voiced:
            return _decision(Verdict.NOT_SPEECH, now_s, match.target, utterance.text)
        if pause_before_s < self.rules.min_pause_s:
            return _decision(Verdict.NO_PAUSE, now_s, match.target, utterance.text)
        if self.in_cooldown(now_s):
            return _decision(Verdict.COOLDOWN, now_s, match.target, utterance.text)
        if self.needs_second_pass(match.target) or self.rules.sound_check:
            return _decision(Verdict.RECHECK, now_s, match.target, utterance.text)
        return self._accept(match.target, utterance.text, now_s)

    def needs_second_pass(self, target: Target) -> bool:
        """State-changing commands and every answer (an answer changes the set-up)."""
        return self.rules.recheck and (isinstance(target, Reply) or target in STATE_CHANGING)

    def confirm(
        self, first: Decision, second: Utterance | None, now_s: float, sound_ok: bool = True
    ) -> Decision:
        """Decision for a ``RECHECK`` result after the second pass over the same audio
        (``None``: none was needed) and the sound check."""
        target = first.target
        if first.verdict is not Verdict.RECHECK or target is None:
            return first
        if second is not None:
            match, name_ok = self.table.match(second.text)
            if match is None or not name_ok or match.target != target:
                return _decision(Verdict.RECHECK_FAILED, now_s, target, second.text)
        if not sound_ok:
            return _decision(Verdict.SOUND_MISMATCH, now_s, target, first.heard)
        return self._accept(target, first.heard, now_s)

    def _accept(self, target: Target, heard: str, now_s: float) -> Decision:
        self._cooldown_until_s = now_s + self.rules.cooldown_s
        return _decision(Verdict.ACCEPTED, now_s, target, heard)
