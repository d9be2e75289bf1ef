"""Time-critical paths: the mute goes straight from speaker to listener, and saving the state
never holds up the controller (a slow or failing disk cannot delay a warning)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

from facilitator.events import (
    Command,
    CommandIssued,
    Event,
    Notice,
    Say,
    SayKind,
    Scope,
    SpeakingEnded,
    SpeakingStarted,
    TimeWarning,
)
from facilitator.session import Controller, ScaledClock, Session, SessionPlan, StateStore
from facilitator.session.saver import BackgroundStore
from facilitator.session.store import SavedState, SaveFailure, UnsavedState, load_state
from facilitator.wiring.run import SpeakingRelay
from tests.test_session_helpers import NAMES_4, method, rig, step

WAIT_S = 10.0


def test_the_speaker_reaches_the_listener_before_the_controller() -> None:
    order: list[str] = []
    relay = SpeakingRelay(lambda e: order.append(f"controller:{e.type}"))
    relay.add(lambda e: order.append(f"listener:{e.type}"))
    relay(SpeakingStarted("Stap een."))
    relay(Notice("x"))  # not a speaking event: the controller only
    relay(SpeakingEnded("Stap een."))
    assert order == [
        "listener:speaking_started",
        "controller:speaking_started",
        "controller:notice",
        "listener:speaking_ended",
        "controller:speaking_ended",
    ]


class SlowStore(StateStore):
    """A store whose writes hang until released (a stalled disk)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.release = threading.Event()
        self.writes = 0

    def save(self, state: SavedState) -> None:
        self.release.wait(WAIT_S)
        super().save(state)
        self.writes += 1


def saved(tmp_path: Path) -> SavedState:
    rig(store_path=tmp_path / "x.json")  # a started session saves its state
    state = load_state(tmp_path / "x.json")
    assert state is not None
    return state


def test_the_newest_state_is_written_and_an_older_one_replaced(tmp_path: Path) -> None:
    first = saved(tmp_path)
    slow = SlowStore(tmp_path / "sessie.json")
    store = BackgroundStore(slow)
    started = time.monotonic()
    store.save(first)  # the writer takes it and hangs on the disk
    store.save(replace(first, paused=False))
    newest = replace(first, paused=True)
    store.save(newest)
    assert time.monotonic() - started < 1.0  # the caller never waited for the disk
    slow.release.set()
    store.close()
    assert load_state(slow.path) == newest
    assert slow.writes <= 2  # the middle one was replaced before it was written


def test_clear_comes_after_a_write_in_flight(tmp_path: Path) -> None:
    slow = SlowStore(tmp_path / "sessie.json")
    store = BackgroundStore(slow)
    store.save(saved(tmp_path))
    store.clear()
    slow.release.set()
    store.close()
    assert not slow.path.exists()


def test_a_failing_disk_is_reported_once(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    problems: list[UnsavedState | None] = []
    inner = StateStore(blocker / "sessie.json", on_problem=problems.append)
    store = BackgroundStore(inner)  # the store itself says its failures; it never raises
    state = saved(tmp_path)
    for _ in range(3):
        store.save(state)
        assert store.flush()
    store.close()
    assert len(problems) == 1 and problems[0] is not None
    assert problems[0].failure is SaveFailure.NOT_A_DIRECTORY
    assert not inner.resumable


def test_a_stalled_disk_does_not_delay_a_warning(tmp_path: Path) -> None:
    """Through the real controller on a fast clock: the warning is due a minute (simulated)
    after the start while every save hangs; it still arrives on time."""
    speed = 60.0
    clock = ScaledClock(speed)
    slow = SlowStore(tmp_path / "sessie.json")
    store = BackgroundStore(slow)
    heard: list[tuple[float, Event]] = []
    m = method(step("kort", 2, warnings_s=(60,)), step("twee", 1))
    session = Session(
        SessionPlan(m, NAMES_4, "Anna"),
        clock=clock,
        listeners=[lambda e: heard.append((clock.now(), e))],
        store=store,
    )
    controller = Controller(session, clock)
    thread = controller.start_thread()
    start = clock.now()
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and not any(isinstance(e, TimeWarning) for _, e in heard):
        time.sleep(0.01)
    warning_at = next(at for at, e in heard if isinstance(e, TimeWarning))
    late_real_s = (warning_at - (start + 60.0)) / speed
    print(f"warning {late_real_s * 1000:.1f} ms late (real) with every save stalled")
    # the disk stays stalled until released, so a warning that waited for it would not come
    # at all; the bound only leaves room for a busy machine (measured: about 5 ms)
    assert late_real_s < 2.0
    assert slow.writes == 0  # nothing was written yet: the disk is still stalled
    assert any(isinstance(e, Say) and e.kind is SayKind.WARNING for _, e in heard)
    assert [e.scope for _, e in heard if isinstance(e, TimeWarning)] == [Scope.STEP]
    slow.release.set()
    controller.post(CommandIssued(Command.STOP))
    controller.post(CommandIssued(Command.CONFIRM))
    thread.join(WAIT_S)
    store.close()
    assert session.finished and not slow.path.exists()
