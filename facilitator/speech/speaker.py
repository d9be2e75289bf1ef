"""The Speaker port and its two implementations: one that speaks, one that only stays quiet.

``TtsSpeaker`` is a listener: ``__call__`` only enqueues ``Say`` events (it never blocks the
controller). Its own loop thread applies ``SpeechPolicy``, has each line rendered by the TTS
engine's thread, plays it through a ``Player`` and posts ``SpeakingStarted`` /
``SpeakingEnded`` around the sound, so the spotter can mute itself. It speaks nothing but the
text of a ``Say`` (plus the chimes). Device problems become one ``Notice`` each, never a crash.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from facilitator.events import Event, Notice, Post, Say, SayKind, SpeakingEnded, SpeakingStarted
from facilitator.speech.audio import Audio, concat
from facilitator.speech.chimes import ChimeKind, chime
from facilitator.speech.engine import RenderError, TtsUnavailable
from facilitator.speech.player import PlaybackError, Player
from facilitator.speech.policy import Line, SpeechPolicy
from facilitator.speech.prerender import Prerender
from facilitator.speech.settings import SpeechMode, SpeechSettings
from facilitator.speech.voices import VoiceInfo

log = logging.getLogger(__name__)

CHIME_RATE = 22_050  # Hz; espeak-ng's rate, so a chime joins speech without resampling
CLOSE_TIMEOUT_S = 5.0  # seconds to wait for the loop thread at close()

RENDER_FAILED = "Een tekst kon niet worden uitgesproken; de teksten staan wel op het scherm."
SPEAKER_BACK = "De luidspreker werkt weer."

CHIME_BEFORE: dict[SayKind, ChimeKind] = {
    SayKind.WARNING: ChimeKind.WARNING,
    SayKind.TIME_UP: ChimeKind.TIME_UP,
}

#: Renders one text to audio (the TTS engine's thread does the work; this waits for it).
Render = Callable[[str], Audio]


class Speaker(Protocol):
    """A listener that makes ``Say`` events heard."""

    def __call__(self, event: Event) -> None: ...

    def start(self) -> None: ...

    def prepare(self, texts: Sequence[str]) -> None:
        """Render these lines ahead (in the background), first needed first."""
        ...

    def close(self) -> None: ...

    def wait_until_quiet(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` until nothing is queued or playing; True when quiet."""
        ...


class SilentSpeaker:
    """Text only: speaks nothing; posts its reason once as a ``Notice`` when started."""

    def __init__(self, post: Post, reason: str = "", level: str = "warning") -> None:
        self._post = post
        self.reason = reason
        self._level = level

    def __call__(self, event: Event) -> None:
        return None

    def start(self) -> None:
        if self.reason:
            self._post(Notice(self.reason, level=self._level))

    def close(self) -> None:
        return None

    def prepare(self, texts: Sequence[str]) -> None:
        return None

    def wait_until_quiet(self, timeout_s: float) -> bool:
        """Always quiet: nothing is ever queued or played."""
        return True


@dataclass(frozen=True, slots=True)
class _Arrived:
    say: Say


@dataclass(frozen=True, slots=True)
class _Done:
    seq: int


@dataclass(frozen=True, slots=True)
class _Close:
    pass


_Message = _Arrived | _Done | _Close


class TtsSpeaker:
    def __init__(
        self,
        settings: SpeechSettings,
        post: Post,
        render: Render | None,
        player: Player,
        notices: tuple[str, ...] = (),
        voice: VoiceInfo | None = None,
        *,
        prerender: Prerender | None = None,
        closers: Sequence[Callable[[], None]] = (),
    ) -> None:
        """``render`` may be None in signal mode (chimes need no TTS engine). ``prerender``
        renders ahead what ``prepare`` is given; ``closers`` run at ``close`` (the engine)."""
        self.voice = voice  # the voice ``render`` speaks with, for displays and the self-test
        self.prerender = prerender
        self._closers = tuple(closers)
        self._settings = settings
        self._post = post
        self._render = render
        self._player = player
        self._notices = notices
        self._inbox: queue.Queue[_Message] = queue.Queue()
        self._policy = SpeechPolicy()
        self._thread: threading.Thread | None = None
        self._playback_failed = False  # a Notice was posted; the next success clears it
        self._render_failed = False  # likewise for the TTS engine
        self._texts: dict[int, str] = {}  # seq of a sounding line -> the words in its sound
        self._chimes = {kind: chime(kind, CHIME_RATE) for kind in ChimeKind}
        # For wait_until_quiet: Says handed in but not yet taken in by the loop, and whether
        # the loop had nothing queued or playing when it last settled (both under _quiet).
        self._quiet = threading.Condition()
        self._arrivals = 0
        self._idle = True
        self._stopped = False  # the loop has ended: nothing will play any more

    # ------------------------------------------------------------------ listener side
    def __call__(self, event: Event) -> None:
        if isinstance(event, Say):
            with self._quiet:
                self._arrivals += 1
            self._inbox.put(_Arrived(event))

    def wait_until_quiet(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` until every line handed in has been played, cut or
        dropped (or the speaker has closed); True when quiet, False on time-out."""
        with self._quiet:
            return self._quiet.wait_for(self._is_quiet, timeout=max(0.0, timeout_s))

    def _is_quiet(self) -> bool:  # holding _quiet
        return self._stopped or (self._arrivals == 0 and self._idle)

    def start(self) -> None:
        if self._thread is not None:
            return
        for text in self._notices:
            self._post(Notice(text, level="warning"))
        try:
            device = self._player.check()
        except PlaybackError as err:
            self._playback_failed = True
            self._post(Notice(str(err), level="warning"))
        else:
            log.info("speaking through %s", device)
        with self._quiet:
            self._stopped = False
        self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self._thread.start()

    def prepare(self, texts: Sequence[str]) -> None:
        """Render ``texts`` ahead (no-op without a cache, or when nothing is spoken)."""
        if self.prerender is not None and self._settings.mode is SpeechMode.SPEECH:
            self.prerender.prepare(texts)

    def wait_prepared(self, timeout_s: float) -> bool:
        """Wait until every line given to ``prepare`` is rendered; True when done (or when
        nothing is rendered ahead)."""
        if self.prerender is None or self._settings.mode is not SpeechMode.SPEECH:
            return True
        return self.prerender.wait_prepared(timeout_s)

    def close(self) -> None:
        if self._thread is not None:
            self._inbox.put(_Close())
            self._thread.join(CLOSE_TIMEOUT_S)
            if self._thread.is_alive():
                log.warning("speaker thread did not stop within %.1f s", CLOSE_TIMEOUT_S)
            self._thread = None
        if self.prerender is not None:
            self.prerender.close()
        for closer in self._closers:
            closer()

    # ------------------------------------------------------------------ loop thread
    def _run(self) -> None:
        try:
            while True:
                message = self._inbox.get()
                if not self._handle(message):
                    return
                taken = int(isinstance(message, _Arrived))
                # Take in everything that arrived meanwhile before starting a line, so an
                # old step's line never starts just before the new step's line is seen.
                while True:
                    try:
                        message = self._inbox.get_nowait()
                    except queue.Empty:
                        break
                    if not self._handle(message):
                        return
                    taken += isinstance(message, _Arrived)
                self._start_next()
                self._settle(taken)
        finally:
            self._player.close()
            with self._quiet:
                self._stopped = True
                self._quiet.notify_all()

    def _settle(self, taken: int) -> None:
        """After a batch: ``taken`` Says are in the policy now; is anything left to say?"""
        idle = self._policy.playing is None and not self._policy.queued
        with self._quiet:
            self._arrivals -= taken
            self._idle = idle
            self._quiet.notify_all()

    def _handle(self, message: _Message) -> bool:
        if isinstance(message, _Close):
            self._cut(self._policy.playing)
            self._policy.clear()
            return False
        if isinstance(message, _Done):
            line = self._policy.playing
            if line is not None and line.seq == message.seq:
                self._policy.finished(line)
                self._player.stop()  # releases the device; the sound already ended
                self._post(SpeakingEnded(self._spoken_text(line), interrupted=False))
            return True
        decision = self._policy.offer(message.say)
        if decision.queued is None:
            log.info("stale line dropped on arrival: %r", message.say.text[:60])
        for line in decision.dropped:
            log.info("stale line dropped: %r", line.say.text[:60])
        self._cut(decision.cut)
        return True

    def _cut(self, line: Line | None) -> None:
        if line is None:
            return
        self._player.stop()
        if self._policy.finished(line):
            log.info("cut: %r", line.say.text[:60])
            self._post(SpeakingEnded(self._spoken_text(line), interrupted=True))

    def _start_next(self) -> None:
        while (line := self._policy.next_line()) is not None:
            sound = self._sound_for(line)
            if sound is None:
                self._policy.finished(line)
                continue
            audio, text = sound
            try:
                self._player.start(audio, self._done_callback(line.seq))
            except PlaybackError as err:
                self._policy.finished(line)
                if not self._playback_failed:
                    self._playback_failed = True
                    self._post(Notice(str(err), level="warning"))
                log.warning("playback failed: %s", err)
                continue
            if self._playback_failed:
                self._playback_failed = False
                self._post(Notice(SPEAKER_BACK, level="info"))
            self._texts[line.seq] = text
            self._post(SpeakingStarted(text))
            return

    def _done_callback(self, seq: int) -> Callable[[], None]:
        def done() -> None:  # runs on PortAudio's thread: only enqueue
            self._inbox.put(_Done(seq))

        return done

    def _spoken_text(self, line: Line) -> str:
        """The words that sound for a started line ("" when only a chime sounds)."""
        return self._texts.pop(line.seq, "")

    def _sound_for(self, line: Line) -> tuple[Audio, str] | None:
        """The sound of a line (chime + speech, at the set volume) and the words in it."""
        say = line.say
        parts: list[Audio] = []
        text = ""
        chime_kind = CHIME_BEFORE.get(say.kind)
        if chime_kind is not None:
            parts.append(self._chimes[chime_kind])
        if self._settings.mode is SpeechMode.SPEECH and say.text.strip() and self._render:
            try:
                parts.append(self._render(say.text))
            except (RenderError, TtsUnavailable, TimeoutError, OSError) as err:
                log.error("rendering %r failed: %s", say.text[:60], err)
                if not self._render_failed:
                    self._render_failed = True
                    self._post(Notice(RENDER_FAILED, level="warning"))
            else:
                self._render_failed = False
                text = say.text
        if not parts:
            return None
        return concat(*parts).scaled(self._settings.volume), text
