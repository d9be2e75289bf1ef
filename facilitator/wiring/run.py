"""Wiring only: build clock, session and controller; attach display, speaker, listener,
keyboard, state store and event log; run until the session ends or is interrupted.

Every optional part (voice, microphone, speech model) degrades to what still works and says
so with a ``Notice``; the session always runs with the screen and the keyboard.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol

from facilitator.display.eventlog import EventLog
from facilitator.display.keys import help_keys
from facilitator.events import (
    Event,
    InputEvent,
    Listener,
    Notice,
    Post,
    SayKind,
    Shutdown,
    SpeakingEnded,
    SpeakingStarted,
)
from facilitator.session.clock import Clock
from facilitator.session.plan import SessionPlan
from facilitator.session.store import announce_problems
from facilitator.settings import Settings
from facilitator.wiring.parts import (
    help_phrases,
    listen_settings,
    prepare_speech,
    session_settings,
    speech_settings,
)

if TYPE_CHECKING:
    from facilitator.session.controller import Core
    from facilitator.speech.speaker import Speaker

log = logging.getLogger(__name__)

DRAIN_TIMEOUT_S = 30.0  # longest wait for the closing words to be spoken
DRAIN_POLL_S = 0.1  # s; longest single wait, so a signal ends the drain soon


class Display(Protocol):
    def __call__(self, event: Event) -> None: ...
    def line(self, text: str) -> None: ...
    def start(self) -> None: ...
    def close(self) -> None: ...


class Lifecycle(Protocol):
    """Something that runs between ``start`` and ``close`` (the keyboard)."""

    def start(self) -> None: ...
    def close(self) -> None: ...


class Part(Lifecycle, Protocol):
    """A speaker or listener: a listener with a life cycle."""

    def __call__(self, event: Event) -> None: ...


class SpeakingRelay:
    """The speaker's ``post``: "the device speaks" goes straight to the listening part (its
    mute must not wait behind the session's work), then everything to the controller."""

    def __init__(self, post: Post) -> None:
        self._post = post
        self._direct: list[Listener] = []

    def add(self, listener: Listener) -> None:
        self._direct.append(listener)

    def __call__(self, event: InputEvent) -> None:
        if isinstance(event, SpeakingStarted | SpeakingEnded):
            for listener in list(self._direct):
                listener(event)
        self._post(event)


# --------------------------------------------------------------------------- running


@dataclass
class CoreParts:
    """What a session (or the device, which builds sessions) gets from the wiring."""

    listeners: list[Listener]
    store: Any  # a BackgroundStore, or None
    help_phrases: Any
    help_keys: Any


@dataclass
class Outcome:
    finished: bool  # the session reached its end (or was stopped with "ja, stoppen")
    interrupted: bool  # ended by a signal / Ctrl-C; the state is kept for --hervat
    #: who brought a case that was discussed to its end, one per case, in order (a session
    #: stopped early leaves its current case out)
    casusinbrengers: tuple[str, ...] = ()


@dataclass
class Wiring:
    """Everything one session run needs. ``run()`` blocks until the session ends."""

    plan: SessionPlan | None  # None: the device mode, whose plan comes from its set-up
    settings: Settings
    clock: Clock
    display: Display
    restore: Any = None  # a session.store.SavedState
    store: Any = None  # a session.store.StateStore (None: nothing saved, e.g. a rehearsal)
    make_keyboard: Callable[[Post], Lifecycle] | None = None  # None: no keyboard
    speech: bool = True
    listening: bool = True
    make_extra: Callable[[Post], Sequence[Listener]] | None = None  # listeners needing ``post``
    wall_clock: Callable[[], datetime] = datetime.now
    #: Given a way to say one line through the session (call it on the controller thread,
    #: i.e. from a listener): the room display says its LAN code after "help".
    on_say: Callable[[Callable[[str], None]], None] | None = None
    voice_templates: Any = None  # listening.soundcheck.Templates from the voice check, or None
    _parts: list[Lifecycle] = field(default_factory=list)
    _closers: list[Callable[[], None]] = field(default_factory=list)
    _wake: threading.Event = field(default_factory=threading.Event)
    _signalled: bool = False
    _closing: bool = False
    _speaker: Speaker | None = None
    #: Builds what the controller drives instead of one session (the device mode), given the
    #: listeners, the store and the help words a session needs.
    make_core: Callable[[CoreParts], Core] | None = None

    def run(self) -> Outcome:
        from facilitator.session.controller import Controller
        from facilitator.session.engine import Session
        from facilitator.session.narration import Line

        notices: list[Notice] = []
        listeners: list[Listener] = [self.display]
        event_log: EventLog | None = None
        if self.settings.session.event_log is not None:
            event_log = EventLog(self.settings.session.event_log, self.clock.now)
            listeners.append(event_log)
            self._closers.append(event_log.close)
        store = None
        if self.store is not None:
            from facilitator.session.saver import BackgroundStore

            store = BackgroundStore(self.store)  # the store says its own failures (on_problem)
            self._closers.append(store.close)
        parts = CoreParts(
            listeners=listeners,
            store=store,
            help_phrases=help_phrases(self.settings, notices),
            help_keys=help_keys(self.settings.session.language),
        )
        session: Core
        if self.make_core is not None:
            session = self.make_core(parts)
        else:
            assert self.plan is not None
            session = Session(
                self.plan,
                clock=self.clock,
                listeners=listeners,
                settings=session_settings(self.settings),
                wall_clock=self.wall_clock,
                help_phrases=parts.help_phrases,
                help_keys=parts.help_keys,
                store=store,
                restore=self.restore,
            )
        controller = Controller(session, self.clock)
        post: Post = controller.post
        # Storage problems are said once, never raised: a notice (for the state also aloud).
        if event_log is not None:  # told on the controller thread, inside publish
            event_log.on_problem = lambda text: session.publish(Notice(text, "warning"))
        if self.store is not None:  # told on the writer thread: through the controller
            self.store.on_problem = announce_problems(post, self.settings.session.language)
        if self.on_say is not None:
            self.on_say(lambda text: session.say(Line(text, SayKind.INFO)))
        for notice in notices:
            post(notice)
        if self.plan is not None:
            for warning in self.plan.warnings(self.settings.session.language):
                post(Notice(warning, "info"))
        if self.make_extra is not None:
            for listener in self.make_extra(post):
                session.add_listener(listener)
        keyboard = (
            self.make_keyboard(_while_running(post, session))
            if self.make_keyboard is not None
            else None
        )
        previous = self._install_signals(post)
        try:
            self._attach(session, post)
            self.display.start()
            if keyboard is not None:
                keyboard.start()
                self._parts.append(keyboard)
            controller.run()
            if session.finished:
                self._drain(controller.publish_pending)
        finally:
            self._restore_signals(previous)
            self._close()
        people = getattr(session, "people", None)  # a Session (the device core has none)
        completed = bool(getattr(session, "completed", False))
        cases = people.cases_discussed(completed) if people is not None else ()
        return Outcome(
            finished=session.finished, interrupted=self._signalled, casusinbrengers=cases
        )

    # ------------------------------------------------------------------ parts
    def _attach(self, session: Any, post: Post) -> None:
        relay = SpeakingRelay(post)
        if self.speech:
            self._speaker = self._start_part(
                "facilitator.speech",
                "create_speaker",
                speech_settings(self.settings),
                relay,
                "De stem",
            )
            if self._speaker is not None:
                session.add_listener(self._speaker)
                if self.plan is not None:
                    prepare_speech(self._speaker, self.plan, self.settings, self.clock.speed)
        if self.listening and self.settings.listen.enabled:
            listener = self._start_part(
                "facilitator.listening",
                "create_listener",
                listen_settings(self.settings),
                post,
                "Luisteren",
            )
            if listener is not None:
                relay.add(listener)  # hears the speaker directly, not through the session
                session.add_listener(listener.questions)  # the open question's grammar
                if hasattr(session, "use_name_check"):  # the device: names the group can say
                    session.use_name_check(listener.spotter.sayable_names)
                if self.voice_templates:
                    listener.spotter.templates = self.voice_templates
                    log.info("voice templates from the voice check: %d", len(self.voice_templates))
        elif self.listening:
            post(Notice("Luisteren staat uit; gebruik het toetsenbord.", "info"))

    def _start_part(
        self, module: str, factory_name: str, settings: Any, post: Post, what: str
    ) -> Any:
        """The started part (None when it is not available; a Notice says why)."""
        import importlib

        try:
            factory = getattr(importlib.import_module(module), factory_name)
        except (ImportError, AttributeError) as err:
            log.warning("%s.%s unavailable: %s", module, factory_name, err)
            post(
                Notice(
                    f"{what} is niet beschikbaar in deze installatie; "
                    "de sessie gaat door met scherm en toetsenbord.",
                    "warning",
                )
            )
            return None
        part = factory(settings, post)
        if part is None:  # the factory has posted a Notice saying why
            return None
        part.start()
        self._parts.append(part)
        return part

    def _drain(self, publish_pending: Callable[[], None]) -> None:
        """Let the speaker finish the closing words (bounded; a signal ends the wait); their
        speaking events still reach the listeners (``publish_pending``)."""
        speaker = self._speaker
        try:
            if speaker is None:
                return
            deadline = time.monotonic() + DRAIN_TIMEOUT_S
            while not self._signalled:
                publish_pending()
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("the closing words were not spoken within %.0f s", DRAIN_TIMEOUT_S)
                    return
                if speaker.wait_until_quiet(min(left, DRAIN_POLL_S)):
                    return
        finally:
            publish_pending()

    def _close(self) -> None:
        self._closing = True
        self._wake.set()
        for part in reversed(self._parts):
            try:
                part.close()
            except (OSError, RuntimeError) as err:
                log.warning("closing %r failed: %s", part, err)
        self.display.close()
        for closer in self._closers:
            closer()

    # ------------------------------------------------------------------ signals
    def _install_signals(self, post: Callable[[InputEvent], None]) -> dict[int, Any]:
        """SIGINT/SIGTERM end the session cleanly (the saved state stays for --hervat).

        The handler runs on the main thread, which may hold the controller queue's lock at
        that moment, so it only sets an event; a watcher thread posts the ``Shutdown``.
        """
        if threading.current_thread() is not threading.main_thread():
            return {}

        def handler(signum: int, frame: FrameType | None) -> None:
            self._signalled = True
            self._wake.set()

        def watch() -> None:
            self._wake.wait()
            if self._signalled and not self._closing:
                post(Shutdown(reason="signal"))

        threading.Thread(target=watch, name="signal-watcher", daemon=True).start()
        previous: dict[int, Any] = {}
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, handler)
        return previous

    @staticmethod
    def _restore_signals(previous: dict[int, Any]) -> None:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _while_running(post: Post, session: Any) -> Post:
    """The keyboard's way in: once the session has ended, what its notices say ("no more
    keys; the session goes on", "unknown key") is no longer true, so they are dropped
    here rather than logged after the end (the controller drops late commands itself)."""

    def post_while_running(event: InputEvent) -> None:
        if isinstance(event, Notice) and session.finished:
            log.info("after the end, a keyboard notice dropped: %s", event.text)
            return
        post(event)

    return post_while_running
