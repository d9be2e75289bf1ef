"""Saved state: atomic writes, clear Dutch errors, resume after a crash with the right time."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.events import Command, SayKind, SessionStarted, TurnStarted
from facilitator.session import SessionSettings, StateError, StateStore, load_state
from facilitator.session.store import default_state_path
from tests.test_session_helpers import NAMES_4, rig, standard_method, warnings

C = Command


def rig_from_state(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    state = load_state(path)
    assert state is not None
    plan_method = state.apply_minutes(standard_method())
    r = rig(
        plan_method,
        state.participants,
        state.casusinbrenger,
        meeting=state.meeting,
        store_path=path,
        start=False,
        restore=state,
        **kwargs,  # type: ignore[arg-type]
    )
    r.session.start()
    return r


def test_default_path_is_in_the_user_state_dir() -> None:
    path = default_state_path()
    assert path.name == "sessie.json"
    assert "facilitator" in str(path)


def test_state_is_written_atomically_and_holds_no_spoken_content(tmp_path: Path) -> None:
    path = tmp_path / "state" / "sessie.json"
    r = rig(store_path=path)
    r.advance(42.0)
    r.do(C.NEXT_STEP)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 3
    assert data["case_number"] == 1 and data["participants"] == list(NAMES_4)
    assert data["method"]["id"] == "testmethode" and "path" not in data["method"]
    assert data["current"]["index"] == 1
    assert [s["index"] for s in data["undo"]] == [0]
    assert data["undo"][0]["elapsed_s"] == 42.0
    assert "vertel je casus" not in text and "Welkom" not in text
    assert sorted(p.name for p in path.parent.iterdir()) == ["sessie.json"]  # no temp files


def test_state_is_saved_every_few_seconds_while_running(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = rig(store_path=path, settings=SessionSettings(save_interval_s=5.0))
    assert r.session.next_due() == pytest.approx(r.clock.now() + 5.0)
    r.advance(61.0)
    saved = load_state(path)
    assert saved is not None
    assert saved.current.clock.elapsed_s == pytest.approx(60.0)  # at most 5 s behind


def test_resume_mid_step_continues_with_the_right_remaining_time(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = rig(store_path=path)
    r.advance(10.0)
    r.do(C.NEXT_STEP)  # schrijven, 3 minutes
    r.advance(100.0)  # a save happened at 100 s exactly (every 5 s)
    del r  # the process dies: nothing more is written
    resumed = rig_from_state(path)
    started = [e for e in resumed.events if isinstance(e, SessionStarted)]
    assert started[0].resumed
    assert resumed.says(SayKind.PROMPT)[0] == (
        "We gaan verder waar we gebleven waren: stap twee, Schrijven. Nog anderhalve minuut."
    )
    assert resumed.last_status().step_index == 1
    assert resumed.last_status().remaining_s == pytest.approx(80.0)
    # the 30 s warning is still ahead; the undo stack survived
    assert warnings(resumed.advance(50.0))[0].seconds_left == 30.0
    resumed.do(C.PREVIOUS_STEP)
    assert resumed.last_status().remaining_s == pytest.approx(290.0)


def test_resume_mid_round_keeps_speaker_and_turn_time(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = rig(store_path=path)
    r.do(C.NEXT_STEP)
    r.do(C.NEXT_STEP)  # vragenronde
    r.advance(240.0)
    r.do(C.NEXT_SPEAKER)  # Carla, 240 s
    r.advance(60.0)
    expected = r.session.snapshot()
    resumed = rig_from_state(path)
    status = resumed.last_status()
    assert status.turn is not None and expected.turn is not None
    assert (status.turn.name, status.turn.index) == ("Carla", 1)
    assert status.turn.remaining_s == pytest.approx(expected.turn.remaining_s)
    assert status.remaining_s == pytest.approx(expected.remaining_s)
    assert resumed.turns()[-1] == TurnStarted("Carla", 1, 3, 240.0)


def test_paused_session_resumes_paused(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    r = rig(store_path=path)
    r.advance(30.0)
    r.do(C.PAUSE)
    resumed = rig_from_state(path)
    assert resumed.last_status().paused
    assert "De sessie is gepauzeerd" in resumed.says(SayKind.PROMPT)[0]
    resumed.advance(600.0)
    resumed.do(C.RESUME)
    assert resumed.last_status().remaining_s == pytest.approx(270.0)


@pytest.mark.parametrize("end", ["complete", "stopped"])
def test_state_file_is_removed_when_the_session_ends(tmp_path: Path, end: str) -> None:
    path = tmp_path / "sessie.json"
    r = rig(store_path=path)
    assert path.exists()
    if end == "complete":
        for _ in range(5):
            r.do(C.NEXT_STEP)
    else:
        r.do(C.STOP)
        r.do(C.CONFIRM)
    assert r.session.finished
    assert not path.exists()
    assert load_state(path) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{niet json", "is onleesbaar \\(geen geldige JSON, regel 1\\)"),
        ("[1, 2]", "is onleesbaar \\(geen JSON-object\\)"),
        ('{"version": 0}', "komt van een andere versie \\(0\\)"),
        ('{"version": 1}', "is onleesbaar \\(het veld 'method_id' ontbreekt\\)"),
        ('{"version": 2}', "is onleesbaar \\(het veld 'method' ontbreekt\\)"),
    ],
)
def test_corrupt_or_old_state_gives_a_clear_dutch_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "sessie.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StateError, match=message) as caught:
        load_state(path)
    assert "Start een nieuwe sessie" in str(caught.value)


def test_state_with_a_bad_field_type(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    rig(store_path=path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["current"]["elapsed_s"] = "veel"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StateError, match=r"'current\.elapsed_s' is geen getal"):
        load_state(path)


def test_state_that_no_longer_fits_the_method(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    rig(store_path=path)
    state = StateStore(path).load()
    assert state is not None
    shorter = standard_method()
    with pytest.raises(StateError, match="heeft nu 3 stappen; de onderbroken sessie had er 5"):
        state.apply_minutes(replace(shorter, steps=shorter.steps[:3]))
    longer = replace(shorter, steps=tuple(replace(s, minutes=s.minutes + 1) for s in shorter.steps))
    with pytest.raises(StateError, match="past niet meer bij de methode"):
        rig(longer, start=False, restore=state)
