"""The time of a step: ``StepTime`` (the live data of the current step; its position is the
machine's state) and ``StepState`` (a step's time *with* its position: the unit of undo and of
the saved state)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from facilitator.session.timing import RoundState, StepClock


@dataclass(frozen=True, slots=True)
class StepTime:
    """The current step's clock, round position and what already fired."""

    clock: StepClock
    round: RoundState | None  # None outside rounds
    checked_s: float  # step-elapsed moment of the last alert check (what already fired)

    def at(self, index: int) -> StepState:
        """This time as the state of step ``index`` (for undo and saving)."""
        return StepState(index, self.clock, self.round, self.checked_s)


@dataclass(frozen=True, slots=True)
class StepState:
    index: int  # 0-based step
    clock: StepClock
    round: RoundState | None  # None outside rounds
    checked_s: float  # step-elapsed moment of the last alert check (what already fired)

    @property
    def time(self) -> StepTime:
        return StepTime(self.clock, self.round, self.checked_s)

    def frozen_at(self, now: float) -> StepState:
        """This state with its clock stopped at ``now`` (for the undo stack and saving)."""
        return replace(self, clock=self.clock.pause(now))

    def to_dict(self) -> dict[str, Any]:
        rnd = self.round
        return {
            "index": self.index,
            "allotted_s": self.clock.allotted_s,
            "elapsed_s": self.clock.elapsed_s,
            "checked_s": self.checked_s,
            "round": None
            if rnd is None
            else {
                "speakers": list(rnd.speakers),
                "index": rnd.index,
                "turn_start_s": rnd.turn_start_s,
                "turn_allotted_s": rnd.turn_allotted_s,
                "reserve_s": rnd.reserve_s,
            },
        }

    @classmethod
    def from_dict(cls, data: Any) -> StepState:
        """Raises ``KeyError``/``TypeError``/``ValueError`` on a malformed dict."""
        if not isinstance(data, dict):
            raise TypeError("step state is not an object")
        raw_round = data["round"]
        rnd = None
        # "reserve_s" is absent in files saved before a round could keep time back: none.
        if raw_round is not None:
            speakers = raw_round["speakers"]
            if not isinstance(speakers, list) or not all(isinstance(s, str) for s in speakers):
                raise TypeError("round.speakers is not a list of names")
            reserve_s = _float(raw_round.get("reserve_s", 0.0), "round.reserve_s")
            if reserve_s < 0:
                raise ValueError("round.reserve_s is negative")
            rnd = RoundState(
                tuple(speakers),
                _int(raw_round["index"], "round.index"),
                _float(raw_round["turn_start_s"], "round.turn_start_s"),
                _float(raw_round["turn_allotted_s"], "round.turn_allotted_s"),
                reserve_s,
            )
        return cls(
            _int(data["index"], "index"),
            StepClock(
                _float(data["allotted_s"], "allotted_s"), _float(data["elapsed_s"], "elapsed_s")
            ),
            rnd,
            _float(data["checked_s"], "checked_s"),
        )


def _float(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} is not a number")
    return float(value)


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"{name} is not a non-negative whole number")
    return value
