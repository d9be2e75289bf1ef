"""The listener: a worker thread from microphone to spotter to the controller's queue.

It is also an event listener (``__call__``): ``SpeakingStarted`` mutes the spotter and resets
its recogniser; ``SpeakingEnded`` unmutes it after the guard time (and the recogniser starts
clean). Both are handed to the worker thread through a queue, so ``__call__`` never blocks and
only the worker touches Vosk.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from enum import StrEnum

from facilitator.events import (
    CommandIssued,
    Event,
    InputSource,
    Notice,
    Post,
    SpeakingEnded,
    SpeakingStarted,
)
from facilitator.listening.audio import Microphone, MicrophoneError
from facilitator.listening.gating import Decision
from facilitator.listening.spotter import Spotter

log = logging.getLogger(__name__)

READ_TIMEOUT_S = 0.25  # s; how often the worker looks at its control queue when no audio comes


class _Control(StrEnum):
    MUTE = "mute"
    UNMUTE = "unmute"
    STOP = "stop"


class Listener:
    def __init__(
        self,
        microphone: Microphone,
        spotter: Spotter,
        post: Post,
        on_decision: Callable[[Decision], None] | None = None,
    ) -> None:
        self.microphone = microphone
        self.spotter = spotter
        self._post = post
        self._on_decision = on_decision
        self._control: queue.SimpleQueue[_Control] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.finished = threading.Event()  # set when the worker has ended

    # ------------------------------------------------------------------ listener side
    def __call__(self, event: Event) -> None:
        if isinstance(event, SpeakingStarted):
            self._control.put(_Control.MUTE)
        elif isinstance(event, SpeakingEnded):
            self._control.put(_Control.UNMUTE)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self.run, name="listener", daemon=True)
        self._thread.start()

    def close(self, timeout_s: float = 5.0) -> None:
        self._stopping.set()
        self._control.put(_Control.STOP)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
            if thread.is_alive():
                log.warning("the listener thread did not stop within %.1f s", timeout_s)
        self.microphone.close()

    # ------------------------------------------------------------------ worker
    def run(self) -> None:
        """The worker loop (on its own thread after ``start()``; callable directly for replay)."""
        try:
            self._loop()
        except MicrophoneError as err:
            log.warning("listening stopped: %s", err)
            self._post(Notice(str(err), "warning"))
        finally:
            self.finished.set()

    def _loop(self) -> None:
        mic = self.microphone
        while not self._stopping.is_set():
            if not self._apply_controls():
                return
            block = mic.read(READ_TIMEOUT_S)
            if block is None:
                if mic.finished:
                    self._handle(self.spotter.flush())
                    return
                continue
            if mic.sample_rate != self.spotter.sample_rate:
                self.spotter.set_sample_rate(mic.sample_rate)
            self._handle(self.spotter.feed(block))

    def _apply_controls(self) -> bool:
        while True:
            try:
                control = self._control.get_nowait()
            except queue.Empty:
                return True
            if control is _Control.STOP:
                return False
            if control is _Control.MUTE:
                self.spotter.mute()
            else:
                self.spotter.unmute()

    def _handle(self, decisions: list[Decision]) -> None:
        for decision in decisions:
            if self._on_decision is not None:
                self._on_decision(decision)
            if decision.accepted and decision.command is not None:
                log.info("voice command: %s", decision.command.value)
                self._post(
                    CommandIssued(decision.command, source=InputSource.VOICE, heard=decision.heard)
                )
