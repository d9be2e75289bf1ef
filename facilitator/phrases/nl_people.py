"""Dutch lines for changes of people: who joins or leaves, who brings the case, the next
case (part of ``DutchPhrases``). One short sentence each, for the ear."""

from __future__ import annotations

_ORDINALS = ("eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste")


class DutchPeople:
    def ack_join(self, name: str) -> str:
        return f"{name} doet mee."

    def ack_leave(self, name: str) -> str:
        return f"{name} doet niet meer mee."

    def ack_presenter(self, name: str) -> str:
        return f"{name} brengt de casus in."

    def ack_another_case(self, number: int, name: str) -> str:
        """ "Tweede casus. Ditte brengt hem in." (no name: the group chooses in its step)."""
        which = (
            f"{_ORDINALS[number - 1].capitalize()} casus."
            if 0 < number <= len(_ORDINALS)
            else "Nog een casus."
        )
        return f"{which} {name} brengt hem in." if name else which

    def ack_someone_joins(self) -> str:
        return "Ik loop even de namen na."
