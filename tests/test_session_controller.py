"""The controller thread: commands in, events out, speaking events passed on, shutdown,
and a 3-hour session on a sped-up clock without drift."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.events import (
    Command,
    CommandIssued,
    Event,
    InputSource,
    Notice,
    SessionEnded,
    Shutdown,
    SpeakingEnded,
    SpeakingStarted,
    StepEntered,
)
from facilitator.session import Controller, MonotonicClock, Session, SessionPlan, StateStore
from facilitator.session.clock import SimulatedClock
from facilitator.session.soak import percentile, run_soak
from tests.test_session_helpers import NAMES_4, standard_method

WAIT_S = 10.0  # generous: only a hang makes a test wait this long


class Recorder:
    """Collects events from the controller thread; lets the test wait for one."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._changed = threading.Condition()

    def __call__(self, event: Event) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, predicate: Callable[[Event], bool]) -> Event:
        with self._changed:
            found = self._changed.wait_for(
                lambda: next((e for e in self.events if predicate(e)), None), WAIT_S
            )
        assert found is not None, "the controller did not deliver the expected event"
        return found


def make(
    listeners: list[Callable[[Event], None]], store: StateStore | None = None
) -> tuple[Controller, Session]:
    clock = MonotonicClock()
    session = Session(
        SessionPlan(standard_method(), NAMES_4, "Anna"),
        clock=clock,
        listeners=listeners,
        store=store,
    )
    return Controller(session, clock), session


def test_commands_in_events_out_and_shutdown(tmp_path: Path) -> None:
    rec = Recorder()
    store = StateStore(tmp_path / "sessie.json")
    controller, session = make([rec], store)
    thread = controller.start_thread()
    rec.wait_for(lambda e: isinstance(e, StepEntered) and e.index == 0)
    speaking = SpeakingStarted("Welkom")
    controller.post(speaking)
    controller.post(SpeakingEnded("Welkom", interrupted=True))
    controller.post(Notice("Geen microfoon gevonden.", "warning"))
    controller.post(CommandIssued(Command.NEXT_STEP, InputSource.VOICE, "volgende stap"))
    rec.wait_for(lambda e: isinstance(e, StepEntered) and e.index == 1)
    assert speaking in rec.events  # passed on unchanged
    assert SpeakingEnded("Welkom", interrupted=True) in rec.events
    assert Notice("Geen microfoon gevonden.", "warning") in rec.events
    controller.post(Shutdown("test"))
    thread.join(WAIT_S)
    assert not thread.is_alive()
    assert not session.finished  # a shutdown is not an end: the state stays for --hervat
    saved = store.load()
    assert saved is not None and saved.current.index == 1


def test_controller_ends_when_the_session_ends() -> None:
    rec = Recorder()
    controller, session = make([rec])
    thread = controller.start_thread()
    controller.post(CommandIssued(Command.STOP))
    controller.post(CommandIssued(Command.CONFIRM))
    rec.wait_for(lambda e: isinstance(e, SessionEnded))
    thread.join(WAIT_S)
    assert not thread.is_alive()
    assert session.finished


def test_after_the_end_the_closing_words_still_reach_the_listeners() -> None:
    """The closing words are spoken after the session ended: their speaking events (and a
    late notice) are passed on; a late command changes nothing."""
    rec = Recorder()
    controller, session = make([rec])
    controller.post(CommandIssued(Command.STOP))
    controller.post(CommandIssued(Command.CONFIRM))
    controller.run()
    assert session.finished
    closing = SpeakingStarted("Dank jullie wel.")
    for late in (
        closing,
        CommandIssued(Command.PREVIOUS_STEP),
        SpeakingEnded("Dank jullie wel.", interrupted=False),
        Notice("De stand kon niet bewaard worden.", "warning"),
    ):
        controller.post(late)
    before = len(rec.events)
    controller.publish_pending()
    assert rec.events[before:] == [
        closing,
        SpeakingEnded("Dank jullie wel.", interrupted=False),
        Notice("De stand kon niet bewaard worden.", "warning"),
    ]
    controller.publish_pending()  # nothing twice
    assert len(rec.events) == before + 3


def test_a_raising_listener_is_logged_and_does_not_kill_the_controller(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(event: Event) -> None:
        raise RuntimeError("kapotte weergave")

    rec = Recorder()
    controller, _ = make([broken, rec])
    thread = controller.start_thread()
    controller.post(CommandIssued(Command.NEXT_STEP))
    with caplog.at_level(logging.ERROR, logger="facilitator.session.engine"):
        rec.wait_for(lambda e: isinstance(e, StepEntered) and e.index == 1)
        controller.post(Shutdown())
        thread.join(WAIT_S)
    assert any("kapotte weergave" in (r.exc_text or "") for r in caplog.records)
    assert not thread.is_alive()


def test_start_thread_only_once() -> None:
    controller, _ = make([])
    thread = controller.start_thread()
    with pytest.raises(RuntimeError):
        controller.start_thread()
    controller.post(Shutdown())
    thread.join(WAIT_S)


@pytest.mark.slow
def test_three_hour_session_has_no_drift() -> None:
    """9 steps of 20 minutes at 600 times speed (18 s real), advanced at each time up."""
    speed = 600.0
    result = run_soak(hours=3.0, speed=speed)
    assert result.finished
    assert result.steps_entered == 9
    late = result.lateness_s
    assert len(late) == 27  # per step: 2 warnings and a time up
    assert min(late) >= -1e-3  # nothing early
    # Generous bounds on a shared 2-core machine; the design target is 100 ms.
    assert percentile(late, 0.5) < 0.1
    assert max(late) < 0.5
    third = len(late) // 3
    first, last = late[:third], late[-third:]
    assert percentile(last, 0.5) < percentile(first, 0.5) + 0.05  # lateness does not grow


def test_a_simulated_clock_moves_only_to_what_is_due() -> None:
    clock = SimulatedClock(math.inf, start=5.0)
    threading.Event().wait(0.01)  # real time passes; simulated time does not
    assert clock.now() == 5.0
    clock.advance_to(65.0)
    clock.advance_to(30.0)  # never back in time
    assert clock.now() == 65.0
    with pytest.raises(ValueError):
        SimulatedClock(0.0)
