"""The room display's words for changes of people, in Dutch and English (``--taal en``).

One button per change, with the terminal's key (``display.keys.NAMED_BINDINGS``: b, w, c,
e); pressing it opens a chooser that asks the question below with a button per name.
"""

from __future__ import annotations

from typing import Any

from facilitator.display.keys import NAMED_BINDINGS
from facilitator.events import PeopleChangeKind
from facilitator.session.people import MAX_NAME_CHARS

K = PeopleChangeKind

#: kind -> (button label, the chooser's question)
_CHANGES: dict[str, dict[PeopleChangeKind, tuple[str, str]]] = {
    "nl": {
        K.JOIN: ("Iemand doet mee", "Wie doet er mee?"),
        K.LEAVE: ("Iemand gaat weg", "Wie gaat er weg?"),
        K.PRESENTER: ("Casusinbrenger kiezen", "Wie brengt de casus in?"),
        K.ANOTHER_CASE: ("Nog een casus", "Nog een casus: wie brengt hem in?"),
    },
    "en": {
        K.JOIN: ("Someone joins", "Who joins?"),
        K.LEAVE: ("Someone leaves", "Who leaves?"),
        K.PRESENTER: ("Choose case holder", "Who brings the case?"),
        K.ANOTHER_CASE: ("Another case", "Another case: who brings it?"),
    },
}

PEOPLE_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "people_changes": "Wie er is",
        "choose_later": "Kiezen jullie later",
        "new_name": "Een nieuwe naam",
        "add_name": "Doet mee",
        "cancel_choice": "Annuleren",
        "nobody": "Er is niemand om te kiezen.",
        "changed": "Gedaan: {label} — {name}",
        "change_refused": "Niet gedaan: {label} — {reason}",
    },
    "en": {
        "people_changes": "Who is here",
        "choose_later": "You choose later",
        "new_name": "A new name",
        "add_name": "Joins",
        "cancel_choice": "Cancel",
        "nobody": "There is nobody to choose.",
        "changed": "Done: {label} — {name}",
        "change_refused": "Not done: {label} — {reason}",
    },
}


def change_label(language: str, kind: PeopleChangeKind) -> str:
    return _CHANGES[language][kind][0]


def changes_for_page(language: str) -> list[dict[str, Any]]:
    """The four change buttons in the terminal's order, with their keys and questions."""
    return [
        {
            "kind": binding.kind.value,
            "key": binding.key,
            "label": _CHANGES[language][binding.kind][0],
            "question": _CHANGES[language][binding.kind][1],
            "max_name": MAX_NAME_CHARS,
        }
        for binding in NAMED_BINDINGS
    ]
