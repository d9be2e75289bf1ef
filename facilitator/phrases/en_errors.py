"""English messages for plans and saved states that cannot be used."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.phrases.en_words import names as _names


class EnglishErrors:
    def plan_too_few(self, count: int, minimum: int) -> str:
        given = {0: "No participants given", 1: "Only one participant given"}
        return (
            f"{given.get(count, f'{count} participants given')}; "
            f"peer consultation needs at least {minimum}."
        )

    def plan_empty_name(self, position: int) -> str:
        return f"Participant {position} has no name. Fill in a name or remove the empty entry."

    def plan_duplicate_name(self, name: str) -> str:
        return f"The name '{name}' appears more than once. Make the names unique."

    def plan_inbrenger_unknown(self, name: str, participants: Sequence[str]) -> str:
        return (
            f"The case giver '{name}' is not among the participants "
            f"({_names(participants)}). Choose one of them or add the name."
        )

    def plan_meeting_missing(self, method_name: str, numbers: Sequence[int]) -> str:
        listed = ", ".join(str(n) for n in numbers)
        return f"{method_name} is a cycle; say which meeting this is ({listed})."

    def plan_meeting_unknown(self, number: int, method_name: str, numbers: Sequence[int]) -> str:
        listed = ", ".join(str(n) for n in numbers)
        return f"{method_name} has no meeting {number}; choose one of: {listed}."

    def plan_meeting_not_cycle(self, number: int, method_name: str) -> str:
        return f"{method_name} is not a cycle of meetings; leave out the meeting number ({number})."

    def plan_group_size(self, count: int, low: int, high: int, method_name: str) -> str:
        return (
            f"Note: {method_name} is meant for {low} to {high} participants; you are {count}. "
            "It works, but the time per person changes."
        )

    def state_unreadable(self, path: str, detail: str) -> str:
        return f"The saved session file {path} cannot be read ({detail}). Start a new session."

    def state_old(self, path: str, version: object) -> str:
        return f"The saved session file {path} is from another version ({version}). Start anew."

    def state_mismatch(self, path: str, detail: str) -> str:
        return f"The saved session file {path} no longer fits the method ({detail}). Start anew."

    def state_unsaved_reason(self, failure: str, where: str) -> str:
        """``failure`` is a ``session.store.SaveFailure`` value."""
        return {
            "disk_full": f"the disk is full ({where})",
            "read_only": f"{where} may not be written to",
            "not_a_directory": f"{where} is not a directory",
            "is_a_directory": f"{where} is a directory instead of a file",
        }.get(failure, f"writing to {where} fails")

    def state_unsaved(self, failure: str, where: str) -> str:
        why = self.state_unsaved_reason(failure, where)
        return (
            f"The session state cannot be saved: {why}. The session goes on, but cannot be "
            "resumed after a failure. Free some space or fix the permissions; saving then "
            "starts again by itself."
        )

    def state_unsaved_spoken(self) -> str:
        return (
            "Please note. The session state cannot be saved. The session goes on, "
            "but after a failure we cannot continue where we were."
        )

    def state_saved_again(self) -> str:
        return "The session state is saved again; resuming after a failure works again."
