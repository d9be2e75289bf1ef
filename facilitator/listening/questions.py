"""The recognisers the spotter listens with while a question is open, one set per question.

``QuestionRecognisers.get`` builds the set for a question on its first ask (both passes'
grammars from ``answers.question_grammar``, the phrase table and the likelihood ratio against
the absorbers that are no answer word) and keeps the last ``CACHE`` questions, so asking one
again (a repeat, the next name of a roll call) costs a ``Reset`` only. Used on the audio thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from facilitator.events import Answer
from facilitator.listening.answers import question_grammar
from facilitator.listening.gating import PhraseTable, Target
from facilitator.listening.models import UNKNOWN_WORD, has_unknown_word
from facilitator.listening.settings import ListenSettings
from facilitator.listening.verify import LikelihoodRatio
from facilitator.listening.vocabulary import Vocabulary

log = logging.getLogger(__name__)

CACHE = 16  # distinct questions whose recognisers are kept

QuestionKey = tuple[tuple[Answer, ...], tuple[str, ...]]  # (answers, names)
MakeRecogniser = Callable[[tuple[str, ...] | None], Any]  # grammar (None: open) -> recogniser


class FedClock:
    """Samples fed to one primary recogniser. Vosk's word times count the audio that
    recogniser was fed (a ``Reset`` does not restart them), so one swapped in mid-stream runs
    behind the stream by what it did not hear; the spotter adds the difference."""

    __slots__ = ("samples",)

    def __init__(self) -> None:
        self.samples = 0


@dataclass(frozen=True, slots=True)
class Recognisers:
    """What the spotter listens with: the phrase table and both passes' recognisers (None
    when the grammar would be empty: Vosk crashes on an empty grammar)."""

    table: PhraseTable
    primary: Any
    second: Any
    ratio: LikelihoodRatio | None
    fed: FedClock = field(default_factory=FedClock)


def question_key(answers: Iterable[Answer], names: Iterable[str]) -> QuestionKey:
    return tuple(sorted(set(answers))), tuple(names)


class QuestionRecognisers:
    def __init__(
        self,
        model: Any,
        vocab: Vocabulary,
        settings: ListenSettings,
        absorbers: tuple[str, ...],
    ) -> None:
        self._model = model
        self._vocab = vocab
        self._settings = settings
        self._absorbers = absorbers  # the command grammar's (every one the model knows)
        self._built: dict[QuestionKey, Recognisers] = {}

    def get(self, key: QuestionKey, make: MakeRecogniser, sample_rate: int) -> Recognisers:
        recognisers = self._built.get(key)
        if recognisers is None:
            recognisers = self._build(key, make, sample_rate)
            if len(self._built) >= CACHE:
                self._built.pop(next(iter(self._built)))
            self._built[key] = recognisers
        return recognisers

    def clear(self) -> None:
        """Forget every set (the microphone's rate changed)."""
        self._built.clear()

    def _build(self, key: QuestionKey, make: MakeRecogniser, sample_rate: int) -> Recognisers:
        settings = self._settings
        lists = question_grammar(
            self._model,
            self._vocab,
            key[0],
            key[1],
            self._absorbers,
            (settings.primary_absorbers, settings.recheck_absorbers, settings.recheck_open),
            (UNKNOWN_WORD,) if has_unknown_word(self._model) else (),
        )
        phrases: dict[str, Target] = dict(lists.phrases)
        active = bool(phrases)
        primary = make(lists.primary) if active else None
        second = make(lists.recheck) if settings.recheck and active else None
        ratio = None
        if settings.min_likelihood is not None and active:
            ratio = LikelihoodRatio(self._model, lists.absorbers, sample_rate)
        log.debug("question grammar: %d phrases", len(phrases))
        return Recognisers(PhraseTable(phrases), primary, second, ratio)
