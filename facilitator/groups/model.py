"""A standing group: the people who meet regularly, and (only if they opt in) who brought a
case when. No content of any case is ever kept."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum


class PromptLength(StrEnum):
    """How much the device explains at each step (the Dutch word is the stored value)."""

    AUTO = "automatisch"  # short for a method the group has done before (needs history)
    BRIEF = "kort"
    FULL = "uitgebreid"


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """Who brought a case, on which date, with which method. Nothing else."""

    on: date
    casusinbrenger: str
    method_id: str


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    participants: tuple[str, ...]
    language: str = "nl"
    methods: tuple[str, ...] = ()  # preferred methods, by id
    prompts: PromptLength = PromptLength.AUTO
    keep_history: bool = False  # opt-in: record CaseRecords
    history: tuple[CaseRecord, ...] = ()

    def times_done(self, method_id: str) -> int:
        """How often this group has done ``method_id`` (0 without history)."""
        return sum(1 for record in self.history if record.method_id == method_id)

    def brief_for(self, method_id: str) -> bool:
        """Short prompts for this method? By setting, or by experience when automatic."""
        if self.prompts is PromptLength.AUTO:
            return self.times_done(method_id) > 0
        return self.prompts is PromptLength.BRIEF

    def last_case_bringers(self) -> tuple[str, ...]:
        """Who brought a case at the last meeting on record (for the follow-up round)."""
        if not self.keep_history or not self.history:
            return ()
        last = max(record.on for record in self.history)
        names = [r.casusinbrenger for r in self.history if r.on == last]
        return tuple(dict.fromkeys(n for n in names if n in self.participants))

    def with_record(self, record: CaseRecord) -> Group:
        """This group with ``record`` added (unchanged when it does not keep history)."""
        if not self.keep_history:
            return self
        return replace(self, history=(*self.history, record))

    def forgotten(self) -> Group:
        return replace(self, history=())
