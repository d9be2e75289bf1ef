"""The keyboard map: one key per command, and the Dutch legend shown on screen."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.events import Answer, Command
from facilitator.phrases.commands import COMMAND_NAMES


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
)

#: character -> command (lower-case; callers lower-case what they read)
KEYMAP: dict[str, Command] = {key: b.command for b in BINDINGS for key in b.keys}

#: command -> the key label a spoken help text can mention ("druk op v")
HELP_KEYS: dict[Command, str] = {b.command: b.label for b in BINDINGS}


def help_keys(language: str = "nl") -> dict[Command, str]:
    """``HELP_KEYS`` in the session's language (only the space bar has a name)."""
    if language == "en":
        return {c: label.replace("spatie", "space") for c, label in HELP_KEYS.items()}
    return dict(HELP_KEYS)


def legend(plain: bool = False) -> str:
    """The key legend as one line; ``plain`` adds that each key is followed by Enter."""
    items = "  ".join(f"{b.label} = {b.description}" for b in BINDINGS)
    if plain:
        return f"Toetsen (typ de letter en druk Enter): {items}"
    return f"Toetsen: {items}"


def command_for_key(char: str) -> Command | None:
    return KEYMAP.get(char.lower())


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
