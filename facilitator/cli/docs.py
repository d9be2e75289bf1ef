"""Generated parts of README.md (keys and voice commands), so the docs follow the data.

``python -m facilitator.cli.docs`` prints both tables; a test checks README.md contains them.
"""

from __future__ import annotations

from facilitator.display.keys import BINDINGS, COMMAND_NAMES
from facilitator.events import STATE_CHANGING, Command

#: What each command does, for people (Dutch, as the README quotes it).
EFFECT: dict[Command, str] = {
    Command.NEXT_STEP: "naar de volgende stap (na de laatste stap: afsluiten)",
    Command.PREVIOUS_STEP: "terug naar de vorige stap, met de tijd die er nog was",
    Command.MORE_TIME: "extra tijd voor deze stap (standaard 2 minuten)",
    Command.PAUSE: "de klok stilzetten",
    Command.RESUME: "de klok weer laten lopen",
    Command.REPEAT: "de laatste tekst nog eens",
    Command.TIME_LEFT: "hoeveel tijd er nog is",
    Command.NEXT_SPEAKER: "de volgende in de ronde is aan de beurt",
    Command.QUESTIONS: "de inspiratievragen van deze stap voorlezen",
    Command.HELP: "de vijf handigste opdrachten (de toetsen staan op het scherm)",
    Command.STOP: "de sessie stoppen (vraagt om bevestiging)",
    Command.CONFIRM: "ja, de sessie echt stoppen",
    Command.CANCEL: "nee, toch doorgaan",
    Command.RULE: "de spelregel van deze stap",
    Command.MORE_HELP: "alle andere opdrachten",
    Command.BRIEF: "voortaan korte uitleg (voor een groep die de methode kent)",
    Command.FULL: "weer de hele uitleg bij elke stap",
}


def keys_table() -> str:
    lines = ["| Key | Command | What it does |", "|---|---|---|"]
    for binding in BINDINGS:
        label = binding.label.replace("spatie", "space")
        effect = EFFECT[binding.command]
        if binding.command is Command.PAUSE:
            effect = "de klok stilzetten, of weer laten lopen"
        lines.append(f"| `{label}` | {binding.description} | {effect} |")
    return "\n".join(lines)


def voice_table(vocabulary: str = "nl") -> str:
    """The voice commands of a vocabulary as a Markdown table."""
    from facilitator.listening.vocabulary import load_vocabulary

    vocab = load_vocabulary(vocabulary)
    phrases = vocab.help_phrases()
    lines = ["| Say | Command | What it does |", "|---|---|---|"]
    for command in Command:
        said = phrases.get(command, ())
        if not said:
            continue
        quoted = " / ".join(f"\u201c{text}\u201d" for text in said)
        mark = " ¹" if command in STATE_CHANGING else ""
        lines.append(f"| {quoted}{mark} | {COMMAND_NAMES[command]} | {EFFECT[command]} |")
    return "\n".join(lines)


def main() -> None:
    print(keys_table())
    print()
    print(voice_table())


if __name__ == "__main__":
    main()
