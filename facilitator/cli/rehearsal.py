"""The rehearsal driver of ``facilitator oefen``: says "volgende stap" / "volgende spreker"
whenever time is up, so a whole session plays out on a fast clock.

A listener: a hard step's ``TimeUp`` gets "volgende stap", a turn's ``TimeUp`` gets "volgende
spreker". A soft step has no time-up (only check-ins), so a timer posts "volgende stap" when
its planned time has passed.
"""

from __future__ import annotations

import logging
import threading

from facilitator.events import (
    Command,
    CommandIssued,
    Event,
    InputSource,
    Post,
    Scope,
    SessionEnded,
    Status,
    TimeUp,
)
from facilitator.session.clock import Clock

log = logging.getLogger(__name__)

HEARD: dict[Command, str] = {
    Command.NEXT_STEP: "volgende stap",
    Command.NEXT_SPEAKER: "volgende spreker",
}


class Rehearsal:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._post: Post | None = None
        self._step_index = -1
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def attach(self, post: Post) -> list[Rehearsal]:
        """For ``Wiring.make_extra``: remember ``post`` and listen."""
        self._post = post
        return [self]

    def _say(self, command: Command) -> None:
        if self._post is not None:
            self._post(CommandIssued(command, InputSource.SYSTEM, heard=HEARD[command]))

    def __call__(self, event: Event) -> None:
        match event:
            case TimeUp(scope=Scope.STEP, overtime_s=over) if over == 0:
                self._say(Command.NEXT_STEP)
            case TimeUp(scope=Scope.TURN, overtime_s=over) if over == 0:
                self._say(Command.NEXT_SPEAKER)
            case Status():
                self._on_status(event)
            case SessionEnded():
                self.close()

    def _on_status(self, status: Status) -> None:
        with self._lock:
            self._step_index = status.step_index
            self._cancel()
            if not status.soft or status.paused:
                return
            wait_s = max(0.0, status.remaining_s) / self._clock.speed
            index = status.step_index
            self._timer = threading.Timer(wait_s, self._soft_step_over, args=(index,))
            self._timer.daemon = True
            self._timer.start()

    def _soft_step_over(self, index: int) -> None:
        with self._lock:
            if index != self._step_index:
                return
        log.debug("soft step %d reached its planned time", index)
        self._say(Command.NEXT_STEP)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def close(self) -> None:
        with self._lock:
            self._cancel()
