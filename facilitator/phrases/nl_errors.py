"""Dutch messages for plans and saved states that cannot be used (shown, not spoken)."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.phrases import nl_words


class DutchErrors:
    # ---------------------------------------------------------------- errors and warnings
    def plan_too_few(self, count: int, minimum: int) -> str:
        given = {0: "Er zijn geen deelnemers opgegeven", 1: "Er is maar één deelnemer opgegeven"}
        return (
            f"{given.get(count, f'Er zijn {count} deelnemers opgegeven')}; intervisie heeft er "
            f"minstens {minimum} nodig. Geef alle namen op, gescheiden door komma's."
        )

    def plan_empty_name(self, position: int) -> str:
        return f"Deelnemer {position} heeft geen naam. Vul een naam in of haal de lege plek weg."

    def plan_duplicate_name(self, name: str) -> str:
        return (
            f"De naam '{name}' staat er meer dan eens in. Maak de namen uniek, "
            "bijvoorbeeld met een achternaam of initiaal."
        )

    def plan_inbrenger_unknown(self, name: str, participants: Sequence[str]) -> str:
        return (
            f"De casusinbrenger '{name}' staat niet tussen de deelnemers "
            f"({nl_words.names(participants)}). Kies een van hen of voeg de naam toe."
        )

    def plan_meeting_missing(self, method_name: str, numbers: Sequence[int]) -> str:
        listed = ", ".join(str(n) for n in numbers)
        return f"{method_name} is een cyclus; geef op welke bijeenkomst het is ({listed})."

    def plan_meeting_unknown(self, number: int, method_name: str, numbers: Sequence[int]) -> str:
        listed = ", ".join(str(n) for n in numbers)
        return f"{method_name} heeft geen bijeenkomst {number}; kies een van: {listed}."

    def plan_meeting_not_cycle(self, number: int, method_name: str) -> str:
        return (
            f"{method_name} is geen cyclus van bijeenkomsten; laat het bijeenkomstnummer "
            f"({number}) weg."
        )

    def plan_group_size(self, count: int, low: int, high: int, method_name: str) -> str:
        return (
            f"Let op: {method_name} is bedoeld voor {low} tot {high} deelnemers; "
            f"jullie zijn met {count}. Het kan, maar de tijd per persoon verandert."
        )

    def state_unreadable(self, path: str, detail: str) -> str:
        return (
            f"Het bewaarde sessiebestand {path} is onleesbaar ({detail}). "
            "Start een nieuwe sessie; het oude bestand kun je verwijderen."
        )

    def state_old(self, path: str, version: object) -> str:
        return (
            f"Het bewaarde sessiebestand {path} komt van een andere versie ({version}) "
            "en kan niet worden hervat. Start een nieuwe sessie."
        )

    def state_mismatch(self, path: str, detail: str) -> str:
        return (
            f"Het bewaarde sessiebestand {path} past niet meer bij de methode ({detail}). "
            "Start een nieuwe sessie."
        )

    def state_unsaved_reason(self, failure: str, where: str) -> str:
        """``failure`` is a ``session.store.SaveFailure`` value."""
        return {
            "disk_full": f"de schijf is vol ({where})",
            "read_only": f"er mag niet geschreven worden in {where}",
            "not_a_directory": f"{where} is geen map",
            "is_a_directory": f"{where} is een map in plaats van een bestand",
        }.get(failure, f"schrijven in {where} lukt niet")

    def state_unsaved(self, failure: str, where: str) -> str:
        why = self.state_unsaved_reason(failure, where)
        return (
            f"De stand van de sessie kan niet bewaard worden: {why}. De sessie loopt gewoon "
            "door, maar kan na een storing niet hervat worden. Maak ruimte of pas de rechten "
            "aan; de stand wordt dan vanzelf weer bewaard."
        )

    def state_unsaved_spoken(self) -> str:
        return (
            "Let op. De stand kan niet bewaard worden. De sessie gaat door, "
            "maar na een storing kunnen we niet verder waar we waren."
        )

    def state_saved_again(self) -> str:
        return "De stand van de sessie wordt weer bewaard; hervatten na een storing kan weer."
