"""The rehearsal driver of ``facilitator oefen``: says "volgende stap" / "volgende spreker"
whenever time is up, so a whole session plays out on the live controller and its fast clock.

A listener with no state and no clock of its own: a hard step's first ``TimeUp`` gets
"volgende stap", a turn's ``TimeUp`` gets "volgende spreker", and a soft step (no time-up)
gets "volgende stap" when the session says it reached its planned time
(``PlannedTimeReached``). Each of these fires once per step or turn, at the moment the
controller's clock reaches it, so every step is entered and lasts its planned time.
"""

from __future__ import annotations

from facilitator.events import (
    Command,
    CommandIssued,
    Event,
    InputSource,
    PlannedTimeReached,
    Post,
    Scope,
    TimeUp,
)
from facilitator.phrases.commands import COMMAND_NAMES


class Rehearsal:
    def __init__(self) -> None:
        self._post: Post | None = None

    def attach(self, post: Post) -> list[Rehearsal]:
        """For ``Wiring.make_extra``: remember ``post`` and listen."""
        self._post = post
        return [self]

    def _say(self, command: Command) -> None:
        if self._post is not None:
            self._post(CommandIssued(command, InputSource.SYSTEM, heard=COMMAND_NAMES[command]))

    def __call__(self, event: Event) -> None:
        match event:
            case TimeUp(scope=Scope.STEP, overtime_s=over) if over == 0:
                self._say(Command.NEXT_STEP)
            case TimeUp(scope=Scope.TURN, overtime_s=over) if over == 0:
                self._say(Command.NEXT_SPEAKER)
            case PlannedTimeReached():
                self._say(Command.NEXT_STEP)
