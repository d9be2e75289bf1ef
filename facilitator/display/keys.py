"""The keyboard map: one key per command, and the Dutch legend shown on screen."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.events import Command


@dataclass(frozen=True, slots=True)
class KeyBinding:
    keys: tuple[str, ...]  # the characters that trigger it
    label: str  # how the key is named on screen ("spatie/v")
    command: Command
    description: str  # Dutch


BINDINGS: tuple[KeyBinding, ...] = (
    KeyBinding((" ", "v"), "spatie/v", Command.NEXT_STEP, "volgende stap"),
    KeyBinding(("t",), "t", Command.PREVIOUS_STEP, "vorige stap"),
    KeyBinding(("m",), "m", Command.MORE_TIME, "meer tijd"),
    KeyBinding(("p",), "p", Command.PAUSE, "pauze/verder"),
    KeyBinding(("h",), "h", Command.REPEAT, "herhaal"),
    KeyBinding(("r",), "r", Command.TIME_LEFT, "resterende tijd"),
    KeyBinding(("s",), "s", Command.NEXT_SPEAKER, "volgende spreker"),
    KeyBinding(("i",), "i", Command.QUESTIONS, "inspiratievragen"),
    KeyBinding(("g",), "g", Command.RULE, "spelregel"),
    KeyBinding(("k",), "k", Command.BRIEF, "korte uitleg"),
    KeyBinding(("u",), "u", Command.FULL, "uitgebreide uitleg"),
    KeyBinding(("?",), "?", Command.HELP, "help"),
    KeyBinding(("a",), "a", Command.MORE_HELP, "alle opdrachten"),
    KeyBinding(("q",), "q", Command.STOP, "stoppen"),
    KeyBinding(("j",), "j", Command.CONFIRM, "ja (bevestigen)"),
    KeyBinding(("n",), "n", Command.CANCEL, "nee (annuleren)"),
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


#: Dutch names of commands for screen lines ("Opdracht: volgende stap")
COMMAND_NAMES: dict[Command, str] = {
    Command.NEXT_STEP: "volgende stap",
    Command.PREVIOUS_STEP: "vorige stap",
    Command.MORE_TIME: "meer tijd",
    Command.PAUSE: "pauze",
    Command.RESUME: "verder",
    Command.REPEAT: "herhaal",
    Command.TIME_LEFT: "resterende tijd",
    Command.NEXT_SPEAKER: "volgende spreker",
    Command.QUESTIONS: "inspiratievragen",
    Command.HELP: "help",
    Command.STOP: "stoppen",
    Command.CONFIRM: "ja, stoppen",
    Command.CANCEL: "nee, doorgaan",
    Command.RULE: "spelregel",
    Command.MORE_HELP: "meer hulp",
    Command.BRIEF: "korte uitleg",
    Command.FULL: "uitgebreide uitleg",
}


def legend(plain: bool = False) -> str:
    """The key legend as one line; ``plain`` adds that each key is followed by Enter."""
    items = "  ".join(f"{b.label} = {b.description}" for b in BINDINGS)
    if plain:
        return f"Toetsen (typ de letter en druk Enter): {items}"
    return f"Toetsen: {items}"


def command_for_key(char: str) -> Command | None:
    return KEYMAP.get(char.lower())
