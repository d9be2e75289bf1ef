"""The keyboard map: one key per command, one key per change of people (which then asks for
a name), and the Dutch legend shown on screen."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from facilitator.events import Answer, Command, PeopleChangeKind
from facilitator.phrases.commands import COMMAND_NAMES, PEOPLE_NAMES


@dataclass(frozen=True, slots=True)
class KeyBinding:
    keys: tuple[str, ...]  # the characters that trigger it
    label: str  # how the key is named on screen ("spatie/v")
    command: Command

    @property
    def description(self) -> str:
        return COMMAND_NAMES[self.command]


BINDINGS: tuple[KeyBinding, ...] = (
    KeyBinding((" ", "v"), "spatie/v", Command.NEXT_STEP),
    KeyBinding(("t",), "t", Command.PREVIOUS_STEP),
    KeyBinding(("m",), "m", Command.MORE_TIME),
    KeyBinding(("p",), "p", Command.TOGGLE_PAUSE),
    KeyBinding(("h",), "h", Command.REPEAT),
    KeyBinding(("r",), "r", Command.TIME_LEFT),
    KeyBinding(("s",), "s", Command.NEXT_SPEAKER),
    KeyBinding(("i",), "i", Command.QUESTIONS),
    KeyBinding(("g",), "g", Command.RULE),
    KeyBinding(("k",), "k", Command.BRIEF),
    KeyBinding(("u",), "u", Command.FULL),
    KeyBinding(("?",), "?", Command.HELP),
    KeyBinding(("a",), "a", Command.MORE_HELP),
    KeyBinding(("q",), "q", Command.STOP),
    KeyBinding(("j",), "j", Command.CONFIRM),
    KeyBinding(("n",), "n", Command.CANCEL),
    KeyBinding(("l",), "l", Command.SOMEONE_JOINS),  # a latecomer: the absent are asked after
)

#: character -> command (lower-case; callers lower-case what they read)
KEYMAP: dict[str, Command] = {key: b.command for b in BINDINGS for key in b.keys}


@dataclass(frozen=True, slots=True)
class NamedKeyBinding:
    """A key for a change of people: the keyboard then asks for the name on the line."""

    key: str
    kind: PeopleChangeKind
    prompt: str  # what the screen asks for
    optional: bool = False  # an empty name is an answer too ("nog een casus": choose later)

    @property
    def description(self) -> str:
        return PEOPLE_NAMES[self.kind]


NAMED_BINDINGS: tuple[NamedKeyBinding, ...] = (
    NamedKeyBinding("b", PeopleChangeKind.JOIN, "Wie doet er mee? Typ de naam en druk Enter."),
    NamedKeyBinding("w", PeopleChangeKind.LEAVE, "Wie gaat er weg? Typ de naam en druk Enter."),
    NamedKeyBinding(
        "c", PeopleChangeKind.PRESENTER, "Wie brengt de casus in? Typ de naam en druk Enter."
    ),
    NamedKeyBinding(
        "e",
        PeopleChangeKind.ANOTHER_CASE,
        "Nog een casus: wie brengt hem in? Typ de naam en druk Enter (alleen Enter: jullie "
        "kiezen in de stap waarin jullie de casus kiezen).",
        optional=True,
    ),
)
#: character -> the change of people it starts
NAMED_KEYMAP: dict[str, NamedKeyBinding] = {b.key: b for b in NAMED_BINDINGS}

#: command -> the key label a spoken help text can mention ("druk op v")
HELP_KEYS: dict[Command, str] = {b.command: b.label for b in BINDINGS}


def help_keys(language: str = "nl") -> dict[Command, str]:
    """``HELP_KEYS`` in the session's language (only the space bar has a name)."""
    if language == "en":
        return {c: label.replace("spatie", "space") for c, label in HELP_KEYS.items()}
    return dict(HELP_KEYS)


#: What ``facilitator start``'s session never takes (``session.machine.ruled_out`` of its
#: settings: only the device mode goes round the names), for its ``--help`` text, written
#: before any session exists; a test holds the two the same.
START_RULED_OUT: frozenset[Command] = frozenset({Command.SOMEONE_JOINS})


def legend(plain: bool = False, ruled_out: Collection[Command] = ()) -> str:
    """The key legend as one line; ``plain`` adds that each key is followed by Enter. Keys of
    commands the session never takes (``Snapshot.ruled_out``) are left out."""
    items = "  ".join(
        [f"{b.label} = {b.description}" for b in BINDINGS if b.command not in ruled_out]
        + [f"{b.key} = {b.description} (naam)" for b in NAMED_BINDINGS]
    )
    if plain:
        return f"Toetsen (typ de letter en druk Enter): {items}"
    return f"Toetsen: {items}"


def command_for_key(char: str) -> Command | None:
    return KEYMAP.get(char.lower())


def change_for_key(char: str) -> NamedKeyBinding | None:
    return NAMED_KEYMAP.get(char.lower())


#: Keys that answer a question the device asks (set-up by voice): digits for a numbered
#: choice, "o" for "opnieuw". "j"/"n" are the confirm/cancel keys, which the device also
#: takes as yes/no while it asks.
ANSWER_KEYS: dict[str, Answer] = {
    "1": Answer.CHOICE_1,
    "2": Answer.CHOICE_2,
    "3": Answer.CHOICE_3,
    "4": Answer.CHOICE_4,
    "5": Answer.CHOICE_5,
    "6": Answer.CHOICE_6,
    "o": Answer.AGAIN,
}


def answer_for_key(char: str) -> Answer | None:
    return ANSWER_KEYS.get(char.lower())
