"""The listener: a worker thread from microphone to spotter to the controller's queue.

It is also an event listener (``__call__``): ``SpeakingStarted`` mutes the spotter and resets
its recogniser; ``SpeakingEnded`` unmutes it after the guard time (and the recogniser starts
clean). Both are handed to the worker thread through a queue, so ``__call__`` never blocks and
only the worker touches Vosk.

Barge-in: with an echo canceller (``echo.EchoCanceller``) every microphone block passes through
it, and once it has learnt the echo path (``converged``) the device's speech no longer mutes
the spotter: people can give a command while the device talks (the acknowledgement then cuts
the device's line). Before that, and without a canceller, it is half-duplex as above.

Questions (set-up and changes by voice): ``QuestionAsked`` switches the spotter to a grammar of
that question's answers and names only, so commands are not heard while it is open;
``QuestionClosed`` (for the open question) or the next ``QuestionAsked`` switches back. The
switch is queued like mute/unmute and applied by the worker between two blocks. An answer heard
is posted as ``AnswerGiven`` with the key of the question that was open when it was heard (the
dialogue ignores a late answer to an older key). "opnieuw" (``Answer.AGAIN``) is an answer like
any other: heard only when the question lists it, and the dialogue decides what it does.

``ready`` is set when the microphone has delivered its first block of audio.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from enum import StrEnum

from facilitator.events import (
    AnswerGiven,
    CommandIssued,
    Event,
    InputSource,
    Notice,
    Post,
    QuestionAsked,
    QuestionClosed,
    SpeakingEnded,
    SpeakingStarted,
    VoiceHeard,
)
from facilitator.listening.audio import Microphone, MicrophoneError
from facilitator.listening.echo import EchoCanceller
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
        echo: EchoCanceller | None = None,
    ) -> None:
        self.microphone = microphone
        self.spotter = spotter
        self.echo = echo
        self._post = post
        self._on_decision = on_decision
        self._speaking = False  # the device is speaking
        self._muted = False  # the spotter is muted because the device speaks
        self.ready = threading.Event()  # set when the microphone delivers audio
        self._control: queue.SimpleQueue[_Control | QuestionAsked | QuestionClosed] = (
            queue.SimpleQueue()
        )
        self.question: str | None = None  # key of the open question (worker's view)
        self._voice = False  # an utterance is in progress (told with ``VoiceHeard``)
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.finished = threading.Event()  # set when the worker has ended

    # ------------------------------------------------------------------ listener side
    def __call__(self, event: Event) -> None:
        if isinstance(event, SpeakingStarted):
            self._control.put(_Control.MUTE)
        elif isinstance(event, SpeakingEnded):
            self._control.put(_Control.UNMUTE)
        else:
            self.questions(event)

    def questions(self, event: Event) -> None:
        """A session listener for the open question only (``QuestionAsked``/``QuestionClosed``)."""
        if isinstance(event, QuestionAsked | QuestionClosed):
            self._control.put(event)

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
        if self.echo is not None:
            from facilitator.speech import player

            if self.echo.playback in player.playback_taps:
                player.playback_taps.remove(self.echo.playback)
            self.echo.close()

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
            if not self.ready.is_set():
                log.info("the microphone delivers audio")
                self.ready.set()
            if mic.sample_rate != self.spotter.sample_rate:
                self.spotter.set_sample_rate(mic.sample_rate)
            if self.echo is not None:
                if self.echo.sample_rate != mic.sample_rate:
                    self._renew_echo(mic.sample_rate)
                    if self.echo is None:
                        continue
                block = self.echo.cancel(block, getattr(mic, "block_time", None))
                if self._muted and self.echo.converged:
                    self._set_muted(False)  # learnt the echo mid-line: listen from here on
                    self.spotter.over_device = True
            self._handle(self.spotter.feed(block))
            self._tell_voice()

    def _renew_echo(self, sample_rate: int) -> None:
        """A reopened microphone with another rate: a new canceller, fed by the player."""
        from facilitator.speech import player

        assert self.echo is not None
        if self.echo.playback in player.playback_taps:
            player.playback_taps.remove(self.echo.playback)
        self.echo.close()
        self.echo = EchoCanceller.create(sample_rate)
        if self.echo is not None:
            player.playback_taps.append(self.echo.playback)

    def _apply_controls(self) -> bool:
        while True:
            try:
                control = self._control.get_nowait()
            except queue.Empty:
                return True
            if control is _Control.STOP:
                return False
            if isinstance(control, QuestionAsked | QuestionClosed):
                self._switch(control)
                continue
            self._speaking = control is _Control.MUTE
            barge_in = self.echo is not None and self.echo.converged
            self._set_muted(self._speaking and not barge_in)
            self.spotter.over_device = self._speaking and barge_in

    def _switch(self, event: QuestionAsked | QuestionClosed) -> None:
        if isinstance(event, QuestionAsked):
            self.question = event.key
            phrases = self.spotter.ask(event.answers, event.names)
            log.info("question %s: listening for %d phrases", event.key, len(phrases))
        elif event.key == self.question:
            self.question = None
            self.spotter.close_question()

    def _tell_voice(self) -> None:
        """``VoiceHeard`` at the start and end of an utterance (after its verdict, so an
        answer arrives before the end of the voice that gave it)."""
        voice = self.spotter.in_utterance
        if voice != self._voice:
            self._voice = voice
            self._post(VoiceHeard(voice))

    def _set_muted(self, muted: bool) -> None:
        if muted == self._muted:
            return
        self._muted = muted
        log.debug("%s at %.2f s of audio", "muted" if muted else "unmuted", self.spotter.position_s)
        if muted:
            self.spotter.mute()
            self._tell_voice()  # the device speaks: whatever was heard is over
        else:
            self.spotter.unmute()

    def _handle(self, decisions: list[Decision]) -> None:
        for decision in decisions:
            if self._on_decision is not None:
                self._on_decision(decision)
            if decision.accepted and decision.reply is not None and self.question is not None:
                log.info("voice answer to %s", self.question)
                self._post(
                    AnswerGiven(
                        self.question,
                        decision.reply.answer,
                        InputSource.VOICE,
                        decision.reply.name,
                        decision.heard,
                    )
                )
            elif decision.accepted and decision.command is not None:
                log.info("voice command: %s", decision.command.value)
                self._post(
                    CommandIssued(decision.command, source=InputSource.VOICE, heard=decision.heard)
                )
