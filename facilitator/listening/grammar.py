"""The recognisers' grammar lists for the commands, checked against the model's words.

The first pass hears the command phrases (with the address name in front when there is one),
the first ``primary_absorbers`` absorber words and ``[unk]`` where the model has it; the
second pass (``recheck``) the same phrases with ``recheck_absorbers`` absorber words, or open
vocabulary. Phrases with a word the model lacks are dropped and named, so the user can be told.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitator.listening.models import UNKNOWN_WORD, has_unknown_word, missing_words
from facilitator.listening.settings import ListenSettings
from facilitator.listening.vocabulary import Vocabulary


@dataclass(frozen=True, slots=True)
class Grammar:
    primary: tuple[str, ...]
    recheck: tuple[str, ...] | None  # None: open vocabulary
    dropped_words: tuple[str, ...]
    dropped_phrases: tuple[str, ...]
    absorbers: tuple[str, ...] = ()  # every absorber word the model knows


def build_grammar(model: Any, vocab: Vocabulary, settings: ListenSettings) -> Grammar:
    """Grammar lists for both passes, with every word checked against the model."""
    table_words = list(vocab.command_words())
    if settings.wake_name:
        table_words.append(settings.wake_name)
    absent = set(missing_words(model, table_words))
    phrases = [p for p in vocab.phrases if not absent.intersection(p.split())]
    dropped_phrases = tuple(p for p in vocab.phrases if p not in phrases)
    if settings.wake_name and settings.wake_name not in absent:
        spoken = [f"{settings.wake_name} {p}" for p in phrases]
    else:
        spoken = list(phrases)
    absorbers = [w for w in vocab.absorbers if w not in vocab.command_words()]
    absent_absorbers = set(missing_words(model, absorbers))
    absorbers = [w for w in absorbers if w not in absent_absorbers]
    unk = [UNKNOWN_WORD] if has_unknown_word(model) else []
    primary = (*spoken, *absorbers[: settings.primary_absorbers], *unk)
    recheck = (
        None if settings.recheck_open else (*spoken, *absorbers[: settings.recheck_absorbers], *unk)
    )
    return Grammar(primary, recheck, tuple(sorted(absent)), dropped_phrases, tuple(absorbers))
