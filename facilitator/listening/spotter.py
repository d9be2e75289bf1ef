"""The Vosk spotter: audio blocks in, gating decisions out (the only module that runs Vosk).

One shared ``vosk.Model``; a first-pass grammar recogniser (command phrases, the first
``primary_absorbers`` absorber words, and ``[unk]`` where the model has it); final results
only, with our own end of speech (``early_end_s`` of quiet after speech finalises the utterance,
so a command is neither glued to the speech before it nor kept waiting); the pure ``Gate``
decides, given the quiet before the phrase (``levels.LevelLog``) and how voiced its audio is
(``levels.voiced_fraction``); a state-changing candidate is re-checked by a second pass over
the buffered utterance (a grammar with ``recheck_absorbers`` absorber words, or open
vocabulary); every candidate then passes the sound check: the group's own voice templates
(``soundcheck.Templates``, from the voice check, in memory only) by DTW when there are any,
else the likelihood ratio against ordinary words (``verify.LikelihoodRatio``).
While the device asks a question (``ask``) the same rules run on a grammar of just that
question's answer phrases and names (``questions.QuestionRecognisers``); ``close_question`` goes
back to the commands. Both switch whole recogniser sets, built once per distinct question and
reused, and are called on the audio thread only (the listener queues them).
The utterance buffer is a bounded in-memory ``bytearray`` (``buffer_s``); audio
is never written, logged or sent; the log holds at most command names.

Time is the stream's own clock (the seconds of audio seen), so file replay faster than real
time makes exactly the decisions live listening would.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable
from typing import Any

from facilitator.events import Answer, Command
from facilitator.listening import levels
from facilitator.listening.answers import is_name_key, sayable_names
from facilitator.listening.audio import SAMPLE_WIDTH
from facilitator.listening.gating import (
    Decision,
    Gate,
    GateRules,
    PhraseTable,
    Utterance,
    Verdict,
    parse_result,
)
from facilitator.listening.grammar import build_grammar
from facilitator.listening.levels import trim_to_speech
from facilitator.listening.questions import (
    QuestionKey,
    QuestionRecognisers,
    Recognisers,
    question_key,
)
from facilitator.listening.settings import ListenSettings
from facilitator.listening.soundcheck import Templates
from facilitator.listening.verify import LikelihoodRatio, same_dither
from facilitator.listening.vocabulary import Vocabulary

log = logging.getLogger(__name__)

RECHECK_PAD_S = 0.3  # s of silence around the utterance in the second pass

NoticeFn = Callable[[str, str], None]


class Spotter:
    def __init__(
        self,
        model: Any,
        vocab: Vocabulary,
        settings: ListenSettings,
        sample_rate: int,
        notice: NoticeFn | None = None,
    ) -> None:
        import vosk

        self._vosk = vosk
        self._model = model
        self._vocab = vocab
        self.settings = settings
        self.grammar = build_grammar(model, vocab, settings)
        if self.grammar.dropped_words and notice is not None:
            notice(
                "Deze woorden staan niet in het spraakmodel en worden niet herkend: "
                + ", ".join(self.grammar.dropped_words)
                + (
                    ". Niet met spraak te geven: " + ", ".join(self.grammar.dropped_phrases)
                    if self.grammar.dropped_phrases
                    else ""
                )
                + ". Controleer met: python -m facilitator model check",
                "warning",
            )
        wake = settings.wake_name if settings.wake_name not in self.grammar.dropped_words else None
        self.gate = Gate(
            PhraseTable(
                {p: c for p, c in vocab.phrases.items() if p not in self.grammar.dropped_phrases},
                wake,
            ),
            GateRules(
                cooldown_s=settings.cooldown_s,
                guard_s=settings.guard_s,
                recheck=settings.recheck,
                max_word_s=settings.max_word_s,
                min_pause_s=settings.min_pause_s,
                min_voiced=settings.min_voiced,
                min_conf=settings.min_conf,
                min_syllable_s=settings.min_syllable_s,
                sound_check=True,
            ),
        )
        self.sample_rate = sample_rate
        # The stream clock: samples seen at the current rate, after the seconds seen before
        # the last rate change (a reopened microphone), so a rate change does not move it and
        # a steady stream counts exactly (no float sum drifting across a rule's boundary).
        self._samples = 0
        self._seconds_before = 0.0
        self._segment = bytearray()  # audio of the current utterance, bounded
        self._max_segment_bytes = round(settings.buffer_s * sample_rate) * SAMPLE_WIDTH
        self._hearing = True
        self._levels = levels.LevelLog(sample_rate, settings.buffer_s)
        self._peak_rms = 0.0  # loudest block since the last final result
        self._loud_since_final = False
        self.active = bool(self.gate.table.phrases)  # an empty grammar crashes Vosk
        self._primary = self._recogniser(self.grammar.primary) if self.active else None
        self._second = (
            self._recogniser(self.grammar.recheck) if settings.recheck and self.active else None
        )
        self.templates = Templates()  # the group's own voice, from the voice check (memory only)
        self._ratio = self._likelihood_ratio()
        self.last_distance: float | None = None  # of the last sound check (for the voice check)
        self._commands = self._current()
        self._in_use = self._commands
        self._lag = 0  # samples the recogniser in use did not hear (its word times lag)
        self._questions = QuestionRecognisers(model, vocab, settings, self.grammar.absorbers)
        self.question_phrases: tuple[str, ...] = ()  # while a question is open
        self._open: QuestionKey | None = None
        #: The device is speaking and its voice is cancelled (barge-in): the pause rule is
        #: waived, as the speech right before a command is the device's own.
        self.over_device = False

    # ------------------------------------------------------------------ setup
    def _recogniser(self, grammar: tuple[str, ...] | None) -> Any:
        if grammar is None:
            rec = self._vosk.KaldiRecognizer(self._model, self.sample_rate)
        else:
            rec = self._vosk.KaldiRecognizer(
                self._model, self.sample_rate, json.dumps(list(grammar), ensure_ascii=False)
            )
        rec.SetWords(True)
        return rec

    def _likelihood_ratio(self) -> LikelihoodRatio | None:
        if self.settings.min_likelihood is None or not self.active:
            return None
        return LikelihoodRatio(self._model, self.grammar.absorbers, self.sample_rate)

    def _current(self) -> Recognisers:
        return Recognisers(self.gate.table, self._primary, self._second, self._ratio)

    def _use(self, recognisers: Recognisers) -> None:
        self.gate.table = recognisers.table
        self._primary, self._second = recognisers.primary, recognisers.second
        self._ratio = recognisers.ratio
        self._in_use = recognisers
        self._lag = self._levels.position - recognisers.fed.samples
        self._restart()

    # ------------------------------------------------------------------ questions
    def ask(self, answers: Iterable[Answer], names: Iterable[str] = ()) -> tuple[str, ...]:
        """Listen for this question's answers and names only (commands are not heard);
        returns the phrases listened for (empty: nothing of it is in the model, so the
        spotter hears nothing until ``close_question``)."""
        self._open = question_key(answers, names)
        recognisers = self._questions.get(self._open, self._recogniser, self.sample_rate)
        self._use(recognisers)
        self.question_phrases = tuple(recognisers.table.phrases)
        return self.question_phrases

    def sayable_names(self, names: Iterable[str]) -> tuple[str, ...]:
        """Which of ``names`` a question can hear (``answers.sayable_names``); any thread
        may ask (the model's word lookup only reads)."""
        return sayable_names(self._model, self._vocab, names)

    def close_question(self) -> None:
        """Back to the command grammar."""
        self._open = None
        self.question_phrases = ()
        if self.gate.table is not self._commands.table:
            self._use(self._commands)

    def set_sample_rate(self, sample_rate: int) -> None:
        """A reopened microphone with another rate: rebuild the recognisers."""
        if sample_rate == self.sample_rate:
            return
        self._seconds_before, self._samples = self.position_s, 0
        self.sample_rate = sample_rate
        self._max_segment_bytes = round(self.settings.buffer_s * sample_rate) * SAMPLE_WIDTH
        question = self._open
        self._questions.clear()  # built again at the new rate
        if question is not None:
            self.close_question()
        if self.active:
            self._primary = self._recogniser(self.grammar.primary)
            if self._second is not None:
                self._second = self._recogniser(self.grammar.recheck)
            self._ratio = self._likelihood_ratio()
            self._commands = self._current()
            self._in_use = self._commands
        self._segment.clear()
        self._levels = levels.LevelLog(sample_rate, self.settings.buffer_s)
        self._lag = 0
        if question is not None:
            self.ask(*question)

    @property
    def in_utterance(self) -> bool:
        """Loud audio heard since the last verdict: someone is (still) speaking."""
        return self._loud_since_final

    # ------------------------------------------------------------------ clock and muting
    @property
    def position_s(self) -> float:
        return self._seconds_before + self._samples / self.sample_rate

    def mute(self) -> None:
        self.gate.mute()
        self._restart()

    def unmute(self) -> None:
        self.gate.unmute(self.position_s)

    def _restart(self) -> None:
        if self._primary is not None:
            self._primary.Reset()
        self._segment.clear()
        self._peak_rms = 0.0
        self._loud_since_final = False

    # ------------------------------------------------------------------ audio
    def feed(self, block: bytes) -> list[Decision]:
        """Feed one block; returns the decisions on any final results it completed."""
        self._samples += len(block) // SAMPLE_WIDTH
        now = self.position_s
        if self._primary is None:
            return []
        if not self.gate.hearing(now):
            self._hearing = False
            return []
        if not self._hearing:  # the guard time just ended: start clean
            self._hearing = True
            self._restart()
        self._segment += block
        overflow = len(self._segment) - self._max_segment_bytes
        if overflow > 0:
            del self._segment[:overflow]
        level = self._levels.add(block, SAMPLE_WIDTH)
        self._peak_rms = max(self._peak_rms, level)
        if level >= levels.quiet_threshold(self._peak_rms):
            self._loud_since_final = True
        self._in_use.fed.samples += len(block) // SAMPLE_WIDTH
        if self._primary.AcceptWaveform(block):
            return self._final(parse_result(self._primary.Result()), now)
        if self.settings.early_end_s is not None:
            return self._maybe_early_end(now)
        return []

    def flush(self) -> list[Decision]:
        """End of stream: decide on whatever the recogniser still holds."""
        if self._primary is None:
            return []
        return self._final(parse_result(self._primary.FinalResult()), self.position_s)

    def _maybe_early_end(self, now: float) -> list[Decision]:
        """Our own end of speech: after ``early_end_s`` of quiet following speech, finalise
        (Vosk's rules wait 0.5-2 s, so a command right after other speech would be glued to
        it, and every command would wait)."""
        if not self._loud_since_final or self._primary is None:
            return []
        quiet = self._levels.quiet_tail(levels.quiet_threshold(self._peak_rms))
        if quiet < (self.settings.early_end_s or 0.0):
            return []
        return self._final(parse_result(self._primary.FinalResult()), now)

    def _final(self, utterance: Utterance, now: float) -> list[Decision]:
        segment = bytes(self._segment)
        self._segment.clear()
        pause = math.inf
        if utterance.words:
            lag_s = self._lag / self.sample_rate  # the recogniser's times on the level log's
            first, last = utterance.words[0].start_s + lag_s, utterance.words[-1].end_s + lag_s
            peak = self._levels.peak(first, last)
            pause = self._levels.quiet_before(first, levels.quiet_threshold(peak))
            if self.over_device:
                pause = math.inf
        self._peak_rms = 0.0
        self._loud_since_final = False
        voiced = 1.0
        if self.settings.min_voiced > 0 and self.gate.table.match(utterance.text)[0] is not None:
            voiced = levels.voiced_fraction(
                trim_to_speech(segment, self.sample_rate), self.sample_rate
            )
        decision = self.gate.judge(utterance, now, pause, voiced)
        target = decision.target
        if decision.verdict is Verdict.RECHECK and target is not None:
            second = (
                self._second_pass(segment)
                if self._second is not None and self.gate.needs_second_pass(target)
                else None
            )
            sound_ok = True  # a failed second pass refuses anyway: no sound check then
            if second is None or self.gate.table.match(second.text)[0] is not None:
                key = target.value if isinstance(target, Command) else target.key
                sound_ok = self.sounds_like(key, utterance.text, segment)
            decision = self.gate.confirm(decision, second, now, sound_ok)
        if decision.verdict is not Verdict.EMPTY:
            log.debug("%s: %s", decision.verdict, decision.command or decision.reply or "-")
        if decision.accepted and self._primary is not None:
            self._primary.Reset()
        return [decision]

    def sounds_like(self, command: str, heard: str, segment: bytes) -> bool:
        """The sound check: the group's templates of ``command`` when there are any (DTW),
        else the likelihood ratio of the spoken phrase against ordinary words."""
        speech = trim_to_speech(segment, self.sample_rate)
        distance = self.templates.distance(command, speech, self.sample_rate)
        self.last_distance = distance
        if distance is not None:
            return distance <= self.settings.max_template_distance
        if self._ratio is None or self.settings.min_likelihood is None:
            return True
        ratio = self._ratio.per_second(heard, self._padded(segment))
        floor = self.settings.min_likelihood
        if self.question_phrases and len(heard.split()) == 1:
            # one word of an answer: stricter; a one-word name: the strictest check
            name = self.settings.min_likelihood_name if is_name_key(command) else None
            floor = max(
                x for x in (floor, self.settings.min_likelihood_single, name) if x is not None
            )
        log.debug("sound check of %s: %.1f per s (floor %.1f)", command, ratio, floor)
        return ratio >= floor

    def _padded(self, segment: bytes) -> bytes:
        pad = bytes(round(RECHECK_PAD_S * self.sample_rate) * SAMPLE_WIDTH)
        return pad + trim_to_speech(segment, self.sample_rate) + pad

    def _second_pass(self, segment: bytes) -> Utterance:
        assert self._second is not None
        self._second.Reset()
        same_dither()  # the same audio gives the same second pass every time
        audio = self._padded(segment)
        step = round(self.settings.block_s * self.sample_rate) * SAMPLE_WIDTH
        texts: list[str] = []
        for start in range(0, len(audio), step):
            if self._second.AcceptWaveform(audio[start : start + step]):
                texts.append(parse_result(self._second.Result()).text)
        texts.append(parse_result(self._second.FinalResult()).text)
        return Utterance(" ".join(t for t in texts if t))
