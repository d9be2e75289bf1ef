"""Command vocabularies: data files that map spoken phrases to ``Command`` values.

A vocabulary is a TOML file (``vocab/nl.toml`` and ``vocab/en.toml`` are built in; users may
supply their own)::

    taal = "nl"
    naam = "Nederlands"
    opvulwoorden = ["de", "het", ...]   # absorber words that soak up other speech

    [opdrachten]
    next_step = ["volgende stap"]       # every Command needs at least one phrase
    repeat = ["herhaal"]

    [antwoorden]                        # optional: answers to the device's questions
    yes = ["ja"]                        # every Answer needs at least one phrase
    minutes_60 = ["een uur"]

Rules (checked on load, each failure is a ``VocabularyError`` with a Dutch text naming the file,
the line and what to do): every ``Command`` has at least one phrase; phrases of state-changing
commands (``events.STATE_CHANGING``) have at least two words; a phrase belongs to one command
only; words are lower-case letters (apostrophes and hyphens allowed). The optional
``[antwoorden]`` table does the same for ``events.Answer``: when present every answer has a
phrase, a phrase belongs to one answer only (it may also be a command phrase: a question's
grammar holds only its own answers), and the wake phrase (``begin``) has at least two words.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.events import STATE_CHANGING, VOICE_COMMANDS, Answer, Command
from facilitator.tomllines import index_lines

BUILT_IN: tuple[str, ...] = ("nl", "en")
MIN_STATE_CHANGING_WORDS = 2
_WORD = re.compile(r"^[^\W\d_](?:[\w'-]*\w)?$")
_KEY_COMMANDS = "opdrachten"
_KEY_ABSORBERS = "opvulwoorden"
_KEY_LANGUAGE = "taal"
_KEY_NAME = "naam"
_KEY_ANSWERS = "antwoorden"
_KNOWN_KEYS = frozenset({_KEY_COMMANDS, _KEY_ABSORBERS, _KEY_LANGUAGE, _KEY_NAME, _KEY_ANSWERS})
MIN_WAKE_WORDS = 2  # the wake phrase is listened for in an idle room for hours
_Entry = TypeVar("_Entry", Command, Answer)  # what a phrase stands for


class VocabularyError(FacilitatorError, ValueError):
    """A command vocabulary that cannot be used; ``str()`` is Dutch and says what to do."""

    area = ErrorArea.VOCABULARY


def normalise(text: str) -> str:
    """Lower case, single spaces: the form phrases are compared in."""
    return " ".join(text.lower().split())


@dataclass(frozen=True, slots=True)
class Vocabulary:
    language: str
    name: str
    source: str  # "nl", "en" or the file path, for messages
    phrases: Mapping[str, Command]  # normalised phrase -> command
    absorbers: tuple[str, ...]
    #: normalised phrase -> answer; empty when the file has no [antwoorden]
    answers: Mapping[str, Answer] = field(default_factory=lambda: MappingProxyType({}))

    def answer_phrases(self, answer: Answer) -> tuple[str, ...]:
        """The phrases of one answer, in file order."""
        return tuple(p for p, a in self.answers.items() if a is answer)

    def help_phrases(self) -> Mapping[Command, tuple[str, ...]]:
        """Every command with its phrases, in ``Command`` order (read out by "help")."""
        table: dict[Command, list[str]] = {command: [] for command in VOICE_COMMANDS}
        for phrase, command in self.phrases.items():
            table[command].append(phrase)
        return MappingProxyType({command: tuple(p) for command, p in table.items()})

    def command_words(self) -> tuple[str, ...]:
        """The distinct words of all phrases, in first-seen order."""
        seen: dict[str, None] = {}
        for phrase in self.phrases:
            for word in phrase.split():
                seen.setdefault(word, None)
        return tuple(seen)

    def all_words(self) -> tuple[str, ...]:
        """Command words then absorber words, without duplicates."""
        seen = dict.fromkeys(self.command_words())
        for word in self.absorbers:
            seen.setdefault(word, None)
        return tuple(seen)


def _line_of(text: str, key: str) -> int:
    """1-based line on which ``key = ...`` is written (0 when not found)."""
    return index_lines(text).first_line_of_key(key) or 0


def parse_vocabulary(text: str, source: str) -> Vocabulary:
    """Validate TOML text into a ``Vocabulary`` or raise ``VocabularyError``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise VocabularyError(
            f"{source}: geen geldige TOML ({err}). Zet elke zin tussen aanhalingstekens, "
            'bijvoorbeeld next_step = ["volgende stap"].'
        ) from err
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        line = _line_of(text, unknown[0])
        raise VocabularyError(
            f"{source}, regel {line}: onbekend veld '{unknown[0]}'. "
            f"Mogelijk zijn: {', '.join(sorted(_KNOWN_KEYS))}."
        )
    commands = data.get(_KEY_COMMANDS)
    if not isinstance(commands, dict):
        raise VocabularyError(
            f"{source}: het onderdeel [{_KEY_COMMANDS}] ontbreekt. Voeg het toe met per "
            'opdracht een lijst zinnen, bijvoorbeeld next_step = ["volgende stap"].'
        )
    phrases: dict[str, Command] = {}
    valid = ", ".join(c.value for c in VOICE_COMMANDS)
    for key, value in commands.items():
        line = _line_of(text, key)
        where = f"{source}, regel {line}"
        try:
            command = Command(key)
            if command not in VOICE_COMMANDS:
                raise ValueError(key)
        except ValueError:
            raise VocabularyError(
                f"{where}: onbekende opdracht '{key}'. Gebruik een van: {valid}."
            ) from None
        for raw in _phrase_list(value, key, where):
            _add_phrase(phrases, raw, command, key, where)
    missing = [c.value for c in VOICE_COMMANDS if c not in set(phrases.values())]
    if missing:
        raise VocabularyError(
            f"{source}: geen zin voor {', '.join(missing)}. Geef elke opdracht in "
            f"[{_KEY_COMMANDS}] minstens één zin (ook als je die zelden gebruikt)."
        )
    absorbers = _absorbers(data.get(_KEY_ABSORBERS, []), source, text)
    answers = _answers(data.get(_KEY_ANSWERS), source, text)
    language = data.get(_KEY_LANGUAGE, "")
    name = data.get(_KEY_NAME, language)
    if not isinstance(language, str) or not isinstance(name, str):
        raise VocabularyError(f"{source}: 'taal' en 'naam' moeten tekst zijn.")
    return Vocabulary(
        language=language,
        name=name,
        source=source,
        phrases=MappingProxyType(phrases),
        absorbers=absorbers,
        answers=MappingProxyType(answers),
    )


def _phrase_list(value: object, key: str, where: str) -> list[object]:
    """The phrases of one entry: a list of at least one (a single string is allowed)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise VocabularyError(
            f"{where}: '{key}' moet een lijst met minstens één zin zijn, "
            f'bijvoorbeeld {key} = ["..."].'
        )
    return value


def _answers(table: object, source: str, text: str) -> dict[str, Answer]:
    if table is None:
        return {}
    lines = index_lines(text)
    header = lines.line_of((_KEY_ANSWERS, 0)) or _line_of(text, _KEY_ANSWERS)
    if not isinstance(table, dict):
        raise VocabularyError(
            f"{source}, regel {header}: [{_KEY_ANSWERS}] moet een tabel "
            'zijn met per antwoord een lijst zinnen, bijvoorbeeld yes = ["ja"].'
        )
    answers: dict[str, Answer] = {}
    valid = ", ".join(a.value for a in Answer)
    for key, value in table.items():
        line = lines.line_of((_KEY_ANSWERS, 0), key) or header
        where = f"{source}, regel {line}, [{_KEY_ANSWERS}]"
        try:
            answer = Answer(key)
        except ValueError:
            raise VocabularyError(
                f"{where}: onbekend antwoord '{key}'. Gebruik een van: {valid}."
            ) from None
        for raw in _phrase_list(value, key, where):
            phrase = _checked_phrase(raw, key, where)
            if answer is Answer.BEGIN and len(phrase.split()) < MIN_WAKE_WORDS:
                raise VocabularyError(
                    f"{where}: de zin '{raw}' van '{key}' is te kort. Het startwoord heeft "
                    f"minstens {MIN_WAKE_WORDS} woorden nodig, zodat een los woord in de kamer "
                    "de sessie niet start (bijvoorbeeld 'intervisie beginnen')."
                )
            _claim(answers, phrase, answer, raw, where, "antwoord")
    missing = [a.value for a in Answer if a not in set(answers.values())]
    if missing:
        raise VocabularyError(
            f"{source}, regel {header}: geen zin voor "
            f"{', '.join(missing)}. Geef elk antwoord in [{_KEY_ANSWERS}] minstens één zin."
        )
    return answers


def _checked_phrase(raw: object, key: str, where: str) -> str:
    """``raw`` normalised, or a ``VocabularyError`` for an empty or non-word phrase."""
    if not isinstance(raw, str) or not raw.strip():
        raise VocabularyError(f"{where}: '{key}' bevat een lege zin of iets anders dan tekst.")
    phrase = normalise(raw)
    bad = [w for w in phrase.split() if not _WORD.match(w)]
    if bad:
        raise VocabularyError(
            f"{where}: de zin '{raw}' van '{key}' bevat '{bad[0]}'. Gebruik alleen woorden "
            "(letters), zonder cijfers of leestekens."
        )
    return phrase


def _add_phrase(
    phrases: dict[str, Command], raw: object, command: Command, key: str, where: str
) -> None:
    phrase = _checked_phrase(raw, key, where)
    if command in STATE_CHANGING and len(phrase.split()) < MIN_STATE_CHANGING_WORDS:
        raise VocabularyError(
            f"{where}: de zin '{raw}' van '{key}' is te kort. Opdrachten die de sessie "
            f"veranderen hebben zinnen van minstens {MIN_STATE_CHANGING_WORDS} woorden nodig, "
            "zodat een los woord in het gesprek geen opdracht wordt (bijvoorbeeld "
            "'volgende stap')."
        )
    _claim(phrases, phrase, command, raw, where, "opdracht")


def _claim(
    table: dict[str, _Entry], phrase: str, entry: _Entry, raw: object, where: str, kind: str
) -> None:
    """Give ``phrase`` to ``entry``: a phrase belongs to one entry (command or answer) only.
    ``kind`` names such an entry in the message ("opdracht", "antwoord")."""
    other = table.get(phrase)
    if other is not None and other is not entry:
        raise VocabularyError(
            f"{where}: de zin '{raw}' staat bij '{other.value}' én bij '{entry.value}'. "
            f"Een zin mag maar bij één {kind} horen."
        )
    table[phrase] = entry


def _absorbers(value: object, source: str, text: str) -> tuple[str, ...]:
    line = _line_of(text, _KEY_ABSORBERS)
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise VocabularyError(
            f"{source}, regel {line}: '{_KEY_ABSORBERS}' moet een lijst met woorden zijn."
        )
    words: dict[str, None] = {}
    for raw in value:
        for word in normalise(raw).split():
            if not _WORD.match(word):
                raise VocabularyError(
                    f"{source}, regel {line}: opvulwoord '{raw}' bevat iets anders dan letters."
                )
            words.setdefault(word, None)
    return tuple(words)


def load_vocabulary(name_or_path: str | Path) -> Vocabulary:
    """A built-in vocabulary ("nl", "en") or a user's TOML file."""
    if isinstance(name_or_path, str) and name_or_path in BUILT_IN:
        resource = resources.files("facilitator.listening") / "vocab" / f"{name_or_path}.toml"
        return parse_vocabulary(resource.read_text(encoding="utf-8"), name_or_path)
    path = Path(name_or_path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VocabularyError(
            f"{path}: woordenlijst niet gevonden. Gebruik 'nl', 'en' of het pad naar een "
            "eigen woordenlijst (.toml)."
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise VocabularyError(
            f"{path}: woordenlijst kan niet gelezen worden ({err}). Sla hem op als UTF-8-tekst."
        ) from None
    return parse_vocabulary(text, str(path))
