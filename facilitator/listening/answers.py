"""Answers to the device's questions: what a phrase means, and which names the model knows.

A question (``events.QuestionAsked``) accepts a few ``Answer`` values and perhaps names. While
it is open the spotter listens with a grammar of exactly its phrases (``question_phrases``):
the answer phrases from the vocabulary's ``[antwoorden]`` and the names whose every word the
model knows (``known_names``; a name it does not know is asked by roll call instead).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.events import Answer
from facilitator.listening.models import load_model, missing_words
from facilitator.listening.vocabulary import Vocabulary, normalise

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reply:
    """What an answer phrase means: an ``Answer``, or a name (then ``answer`` is None)."""

    answer: Answer | None = None
    name: str | None = None

    @property
    def key(self) -> str:
        """A stable text key (the voice templates of the sound check are keyed by it)."""
        return self.answer.value if self.answer is not None else f"{NAME_KEY}{self.name}"


NAME_KEY = "name:"  # how a name's ``Reply.key`` starts (no answer or command key does)


def is_name_key(key: str) -> bool:
    """Whether a sound-check key (``Reply.key``, a command's value) is a name's."""
    return key.startswith(NAME_KEY)


def name_phrase(name: str) -> str:
    """How a name is written in a grammar: lower case, single spaces, hyphens as spaces."""
    return normalise(name.replace("-", " "))


def known_names(model_or_path: Any, names: Iterable[str]) -> tuple[str, ...]:
    """The names (as given) whose every word is in the model's vocabulary, in order.

    ``model_or_path`` is a loaded ``vosk.Model`` or a model directory (then loaded here:
    seconds, so a dialogue that asks often should pass the model). The check is the model's
    own word lookup (``vosk_model_find_word``), which works for models without words.txt.
    """
    model = model_or_path
    if isinstance(model_or_path, str | Path):
        model = load_model(Path(model_or_path))
    known: list[str] = []
    for name in names:
        words = name_phrase(name).split()
        if words and not missing_words(model, words):
            known.append(name)
    return tuple(known)


def sayable_names(model: Any, vocab: Vocabulary, names: Iterable[str]) -> tuple[str, ...]:
    """The names a question can hear: known to the model and no answer phrase (a member
    called "Klaar" is asked by roll call)."""
    return tuple(n for n in known_names(model, names) if name_phrase(n) not in vocab.answers)


def question_phrases(
    model: Any, vocab: Vocabulary, answers: Iterable[Answer], names: Iterable[str] = ()
) -> dict[str, Reply]:
    """Phrase -> meaning for one question: its answers' phrases and its names, each only when
    the model knows every word. A name that sounds like an answer phrase is left out (the
    answer wins: the dialogue asks by roll call then)."""
    wanted = set(answers)
    table: dict[str, Reply] = {}
    for phrase, answer in vocab.answers.items():
        if answer in wanted:
            table[phrase] = Reply(answer=answer)
    absent = set(missing_words(model, sorted({w for p in table for w in p.split()})))
    if absent:
        log.info("answer words not in the model: %s", ", ".join(sorted(absent)))
        table = {p: r for p, r in table.items() if not absent.intersection(p.split())}
    for name in known_names(model, names):
        table.setdefault(name_phrase(name), Reply(name=name))
    return table


def question_absorbers(absorbers: Iterable[str], phrases: Mapping[str, Reply]) -> list[str]:
    """The absorber words that are no word of the question's phrases."""
    used = {w for p in phrases for w in p.split()}
    return [w for w in absorbers if w not in used]


@dataclass(frozen=True, slots=True)
class QuestionGrammar:
    """The grammar lists of one question (see ``grammar.Grammar`` for the command grammar)."""

    phrases: Mapping[str, Reply]
    primary: tuple[str, ...]
    recheck: tuple[str, ...] | None  # None: open vocabulary
    absorbers: tuple[str, ...]  # for the likelihood ratio: none is a word of the phrases


def question_grammar(
    model: Any,
    vocab: Vocabulary,
    answers: Iterable[Answer],
    names: Iterable[str],
    absorbers: Iterable[str],
    counts: tuple[int, int, bool],
    unknown: tuple[str, ...] = (),
) -> QuestionGrammar:
    """Both passes' grammars for one question: its phrases, then the first ``counts[0]``
    (primary) or ``counts[1]`` (second pass) absorbers that are no answer word, then
    ``unknown`` (``[unk]`` where the model has it); ``counts[2]``: open-vocabulary re-check."""
    phrases = question_phrases(model, vocab, answers, names)
    free = tuple(question_absorbers(absorbers, phrases))
    primary_count, recheck_count, recheck_open = counts
    spoken = tuple(phrases)
    return QuestionGrammar(
        phrases=phrases,
        primary=(*spoken, *free[:primary_count], *unknown),
        recheck=None if recheck_open else (*spoken, *free[:recheck_count], *unknown),
        absorbers=free,
    )
