"""What the session's parts share: where the machine stands (the step, paused, stop asked,
started or finished: the machine's state is the truth of it), and the attributes and calls
of ``Session`` (``engine.py``) that the conditions and callbacks of the machine's command
transitions (``commands.py``) and people transitions (``changes.py``) use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from facilitator.events import Event
from facilitator.methods.schema import Method, Step
from facilitator.phrases import Phrases
from facilitator.session import machine as m
from facilitator.session.clock import Clock
from facilitator.session.narration import Line, Narrator
from facilitator.session.plan import SessionPlan, SessionSettings
from facilitator.session.state import StepState, StepTime
from facilitator.session.timekeeper import Timekeeper


class SessionParts:
    """The base of ``Session`` and of its parts (``StepCommands``, ``PeopleChanges``)."""

    plan: SessionPlan
    settings: SessionSettings
    method: Method
    narrator: Narrator
    timekeeper: Timekeeper
    phrases: Phrases
    clock: Clock
    wall_clock: Callable[[], datetime]
    generation: int
    deadline_wall: datetime | None  # the latest end the group has time for
    machine: Any
    state: Any  # the machine's state, set by transitions

    if TYPE_CHECKING:  # provided by Session

        def publish(self, event: Event) -> None: ...
        def say(self, line: Line) -> None: ...
        def _announce_step(self, *, full: bool, title: bool = True) -> None: ...
        def _announce_turn(self) -> None: ...
        def _changed(self) -> None: ...

    # ---------------------------------------------------------------- what the machine says
    @property
    def step_index(self) -> int | None:
        """The 0-based step the machine is in (None before the start and after the end)."""
        return m.step_index(self.state)

    @property
    def started(self) -> bool:
        return m.START not in m.leaves(self.state)

    @property
    def finished(self) -> bool:
        return m.END in m.leaves(self.state)

    @property
    def paused(self) -> bool:
        return m.PAUSED in m.leaves(self.state)

    @property
    def stop_pending(self) -> bool:
        return m.STOP_ASKED in m.leaves(self.state)

    @property
    def time(self) -> StepTime | None:
        """The current step's clock and round (kept by the timekeeper)."""
        return self.timekeeper.time

    @property
    def step(self) -> StepState | None:
        """The current step with its time (None outside the session)."""
        index = self.step_index
        return None if index is None or self.time is None else self.time.at(index)

    def current_step(self) -> Step:
        index = self.step_index
        assert index is not None
        return self.method.steps[index]
