"""The one thread that owns the session.

Everything else (keyboard, spotter, speaker) only ``post``s input events. The loop waits on
its queue exactly until the session's next due moment (``Session.next_due``), so warnings
fire on time without a ticking thread, and nothing drifts: deadlines are absolute times on
the injected clock.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Protocol

from facilitator.events import (
    AnswerGiven,
    Command,
    CommandIssued,
    Event,
    InputEvent,
    InputSource,
    Listener,
    Notice,
    PeopleChange,
    SayKind,
    Shutdown,
    SpeakingEnded,
    SpeakingStarted,
    VoiceHeard,
)
from facilitator.session.clock import Clock
from facilitator.session.narration import Line

logger = logging.getLogger(__name__)

#: Longest single wait (real seconds), so a stuck clock or a far deadline is re-checked.
MAX_WAIT_S = 5.0


class Core(Protocol):
    """What the controller drives: a ``Session``, or the device (``device/core.py``)."""

    @property
    def started(self) -> bool: ...
    @property
    def finished(self) -> bool: ...
    def start(self) -> None: ...
    def handle(self, command: Command, source: InputSource = ...) -> bool: ...
    def answer(self, given: AnswerGiven) -> bool: ...
    def change(self, change: PeopleChange) -> bool: ...
    def tick(self) -> None: ...
    def next_due(self) -> float | None: ...
    def publish(self, event: Event) -> None: ...
    def say(self, line: Line) -> None: ...
    def set_speaking(self, speaking: bool) -> None: ...
    def hear_voice(self, active: bool) -> None: ...
    def checkpoint(self) -> None: ...
    def add_listener(self, listener: Listener) -> None: ...


class Controller:
    def __init__(self, session: Core, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self._queue: queue.Queue[InputEvent] = queue.Queue()
        self._thread: threading.Thread | None = None

    def post(self, event: InputEvent) -> None:
        """Thread-safe: hand an input event to the controller thread."""
        self._queue.put(event)

    def _wait(self) -> tuple[float, float | None]:
        """(real seconds to wait, the due moment reached when the wait runs out, if any)."""
        due = self.session.next_due()
        if due is None:
            return MAX_WAIT_S, None
        wait = max((due - self.clock.now()) / self.clock.speed, 0.0)
        if wait > MAX_WAIT_S:
            return MAX_WAIT_S, None
        return wait, due

    def run(self) -> None:
        """Start the session if needed and serve the queue until shutdown or the end."""
        session = self.session
        if not session.started:
            session.start()
        advance = getattr(self.clock, "advance_to", None)  # a rehearsal's simulated clock
        while not session.finished:
            wait, due = self._wait()
            try:
                event = self._queue.get(timeout=wait)
            except queue.Empty:
                if advance is not None and due is not None:
                    advance(due)
                session.tick()
                continue
            if isinstance(event, Shutdown):
                logger.info("controller shutting down: %s", event.reason or "no reason given")
                session.checkpoint()
                break
            if isinstance(event, CommandIssued):
                session.tick()  # what was due before the command happens first
                session.handle(event.command, event.source)
            elif isinstance(event, AnswerGiven):
                session.tick()
                session.answer(event)
            elif isinstance(event, PeopleChange):
                session.tick()
                session.change(event)
            elif isinstance(event, SpeakingStarted | SpeakingEnded):
                session.publish(event)
                session.set_speaking(isinstance(event, SpeakingStarted))
            elif isinstance(event, VoiceHeard):
                session.hear_voice(event.active)
            elif isinstance(event, Notice):
                session.publish(event)
                if event.spoken:  # a notice that must also be heard (the state is not saved)
                    session.say(Line(event.spoken, SayKind.INFO))
            else:
                logger.warning("controller ignored unexpected input %r", event)
            session.tick()

    def publish_pending(self) -> None:
        """After the end: what is still queued and only tells (the closing words' speaking
        events, a notice) goes to the listeners, the event log among them; a command or an
        answer comes too late and is dropped. Call it on the thread that ran ``run``."""
        while True:
            try:
                event = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(event, SpeakingStarted | SpeakingEnded | Notice):
                self.session.publish(event)
            else:
                logger.info("after the end, %s dropped", event.type)

    def start_thread(self, name: str = "facilitator-controller") -> threading.Thread:
        """Run the controller in a daemon thread; join it to wait for the end."""
        if self._thread is not None:
            raise RuntimeError("controller already started")
        self._thread = threading.Thread(target=self.run, name=name, daemon=True)
        self._thread.start()
        return self._thread
