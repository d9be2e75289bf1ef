"""Phrase packs: every word the session says, per language."""

from __future__ import annotations

from collections.abc import Mapping

from facilitator.events import Command
from facilitator.phrases.base import Phrases, Refusal, TurnEnd
from facilitator.phrases.en import EnglishPhrases
from facilitator.phrases.nl import DutchPhrases

__all__ = ["LANGUAGES", "Phrases", "Refusal", "TurnEnd", "get_phrases"]

LANGUAGES: tuple[str, ...] = ("nl", "en")


def get_phrases(
    language: str, command_words: Mapping[Command, str] | None = None, *, brief: bool = False
) -> Phrases:
    """The phrase pack for ``language`` ("nl" or "en"); ``command_words`` overrides what the
    pack tells people to say for a command (taken from the listening vocabulary); ``brief``
    gives the short lines for a group that knows the method."""
    if language == "nl":
        return DutchPhrases(command_words, brief=brief)
    if language == "en":
        return EnglishPhrases(command_words, brief=brief)
    raise ValueError(f"Onbekende taal '{language}'; kies een van: {', '.join(LANGUAGES)}.")
