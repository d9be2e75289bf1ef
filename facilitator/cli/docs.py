"""Generated parts of README.md (keys and voice commands), so the docs follow the data.

``python -m facilitator.cli.docs`` prints both tables; a test checks README.md contains them.
"""

from __future__ import annotations

from facilitator.display.keys import BINDINGS, NAMED_BINDINGS
from facilitator.events import STATE_CHANGING, Command
from facilitator.phrases.commands import COMMAND_EFFECTS, COMMAND_NAMES, PEOPLE_EFFECTS


def keys_table() -> str:
    lines = ["| Key | Command | What it does |", "|---|---|---|"]
    for binding in BINDINGS:
        label = binding.label.replace("spatie", "space")
        effect = COMMAND_EFFECTS[binding.command]
        lines.append(f"| `{label}` | {binding.description} | {effect} |")
    for named in NAMED_BINDINGS:
        effect = PEOPLE_EFFECTS[named.kind]
        lines.append(f"| `{named.key}` + naam | {named.description} | {effect} |")
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
        lines.append(f"| {quoted}{mark} | {COMMAND_NAMES[command]} | {COMMAND_EFFECTS[command]} |")
    return "\n".join(lines)


def main() -> None:
    print(keys_table())
    print()
    print(voice_table())


if __name__ == "__main__":
    main()
