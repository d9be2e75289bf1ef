"""Voices: a plain description of each, and the choice of a voice by language or name (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Words in a voice's name or id that mark its language when the engine lists no language
#: (Windows SAPI5 voices, for example "Microsoft Frank - Dutch (Netherlands)").
LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "nl": ("dutch", "nederlands", "nl-nl", "nl_nl", "nl-be", "nl_be", "flemish", "vlaams"),
    "en": ("english", "en-gb", "en_gb", "en-us", "en_us"),
}


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    id: str  # what the engine's "voice" property takes
    name: str  # a readable name
    languages: tuple[str, ...] = ()  # BCP 47-like codes as the engine reports them
    gender: str | None = None

    def describe(self) -> str:
        langs = ", ".join(self.languages) or "taal onbekend"
        return f"{self.name} ({self.id}; {langs})"


def _norm(code: str) -> str:
    return code.strip().lower().replace("_", "-")


def language_rank(voice: VoiceInfo, language: str) -> tuple[int, int] | None:
    """How well ``voice`` speaks ``language`` (lower is better), or None when it does not."""
    wanted = _norm(language)
    codes = [_norm(c) for c in voice.languages]
    if wanted in codes:
        return (0, len(wanted))
    regional = [c for c in codes if c.startswith(wanted + "-")]
    if regional:
        return (1, min(len(c) for c in regional))
    haystack = f"{voice.name} {voice.id}".lower()
    if any(word in haystack for word in LANGUAGE_NAMES.get(wanted, ())):
        return (2, 0)
    return None


def voices_for(voices: Sequence[VoiceInfo], language: str) -> list[VoiceInfo]:
    """The voices that speak ``language``, best first (stable for equal ranks)."""
    ranked = [
        (rank, index, voice)
        for index, voice in enumerate(voices)
        if (rank := language_rank(voice, language)) is not None
    ]
    return [voice for _, _, voice in sorted(ranked, key=lambda item: (item[0], item[1]))]


def find_voice(voices: Sequence[VoiceInfo], wanted: str) -> VoiceInfo | None:
    """A voice by id, by exact name, or by a unique part of its name (case-insensitive)."""
    key = wanted.strip().casefold()
    for voice in voices:
        if voice.id.casefold() == key:
            return voice
    for voice in voices:
        if voice.name.casefold() == key:
            return voice
    partial = [v for v in voices if key in v.name.casefold() or key in v.id.casefold()]
    return partial[0] if len(partial) == 1 else None
