"""English lines for changes of people (part of ``EnglishPhrases``)."""

from __future__ import annotations

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


class EnglishPeople:
    def ack_join(self, name: str) -> str:
        return f"{name} joins us."

    def ack_leave(self, name: str) -> str:
        return f"{name} has left."

    def ack_presenter(self, name: str) -> str:
        return f"{name} brings the case."

    def ack_another_case(self, number: int, name: str) -> str:
        which = (
            f"{_ORDINALS[number - 1].capitalize()} case."
            if 0 < number <= len(_ORDINALS)
            else "Another case."
        )
        return f"{which} {name} brings it." if name else which

    def ack_someone_joins(self) -> str:
        return "Let me go through the names."
