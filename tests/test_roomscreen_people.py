"""Changes of people on the room display without a browser: which changes the session's
machine offers (the snapshot), what the page is sent, what it shows after a change or a
refusal, and what ``POST /api/people`` becomes, over real HTTP (LAN code included)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from facilitator.events import (
    Command,
    InputSource,
    PeopleChange,
    PeopleChanged,
    PeopleChangeKind,
    PeopleChangeRefused,
)
from facilitator.roomscreen.access import COOKIE
from facilitator.roomscreen.texts import texts_for
from facilitator.roomscreen.view import RoomState, apply, payload
from tests.support.room_snapshots import snapshot
from tests.test_roomscreen_http import Screen
from tests.test_session_changes import change, session

K = PeopleChangeKind
NL = texts_for("nl")


def kinds(r: object) -> list[str]:
    snap = r.session.snapshot()  # type: ignore[attr-defined]
    return sorted(kind.value for kind in snap.changes)


def test_the_snapshot_offers_what_the_machine_takes_now() -> None:
    r = session()  # a group of five, four here; the choosing step is the second
    assert kinds(r) == ["join", "leave"]  # no casusinbrenger outside the choosing step
    r.do(Command.NEXT_STEP)
    assert kinds(r) == ["join", "leave", "presenter"]
    change(r, K.PRESENTER, "Bram")
    r.do(Command.NEXT_STEP)
    snap = r.session.snapshot()
    assert sorted(k.value for k in snap.changes) == ["another_case", "join", "leave"]
    assert snap.case_later  # the case part starts with the choosing step: choose there
    for name in ("Anna", "Carla"):  # two leave: the fewest a session runs with
        change(r, K.LEAVE, name)
    assert "leave" not in kinds(r)  # nobody more may leave
    r.do(Command.STOP)
    r.do(Command.CONFIRM)
    assert kinds(r) == []  # after the end nothing changes


def test_a_newcomer_may_join_when_nobody_is_absent() -> None:
    r = session()
    change(r, K.JOIN, "Eva")
    snap = r.session.snapshot()
    assert snap.absent == () and "join" in kinds(r)  # a new name is still welcome


def test_the_page_gets_the_changes_and_the_names_that_fit() -> None:
    snap = snapshot(
        at=0.0,
        participants=("Anna", "Bram", "Cem"),
        casusinbrenger="Anna",
        absent=("Dirk",),
        changes=frozenset({K.JOIN, K.LEAVE, K.ANOTHER_CASE}),
        case_later=True,
    )
    state = apply(RoomState(), snap, NL)
    sent = payload(state, 0.0, 1.0, NL)["session"]["changes"]
    assert sent == {
        "allowed": ["another_case", "join", "leave"],
        "names": {
            "join": ["Dirk"],
            "leave": ["Anna", "Bram", "Cem"],
            "presenter": ["Anna", "Bram", "Cem"],
            "another_case": ["Anna", "Bram", "Cem"],
        },
        "presenter": "Anna",
        "later": True,
    }
    page = NL.for_page()
    assert [(c["key"], c["label"]) for c in page["changes"]] == [
        ("b", "Iemand doet mee"),
        ("w", "Iemand gaat weg"),
        ("c", "Casusinbrenger kiezen"),
        ("e", "Nog een casus"),
    ]
    assert texts_for("en").for_page()["changes"][0]["label"] == "Someone joins"


def test_a_change_and_a_refusal_are_shown_as_the_session_gives_them() -> None:
    state = apply(RoomState(), PeopleChanged(K.JOIN, "Eva", InputSource.SCREEN, (), "", 1), NL)
    assert state.message is not None and state.message.text == "Gedaan: Iemand doet mee — Eva"
    reason = "Anna brengt de casus in. Kies nog een casus of stop."
    refused = PeopleChangeRefused(K.LEAVE, "Anna", InputSource.SCREEN, reason)
    state = apply(state, refused, NL)
    assert state.message is not None and state.message.level == "warning"
    assert state.message.text == f"Niet gedaan: Iemand gaat weg — {reason}"
    later = PeopleChanged(K.ANOTHER_CASE, "", InputSource.SCREEN, (), "", 2)
    assert apply(state, later, NL).message.text == (  # type: ignore[union-attr]
        "Gedaan: Nog een casus — Kiezen jullie later"
    )


@pytest.fixture
def local() -> Iterator[Screen]:
    screen = Screen()
    yield screen
    screen.screen.close()


def people(screen: Screen, body: object, headers: dict[str, str] | None = None) -> int:
    head = {"Content-Type": "application/json", **(headers or {})}
    return screen.request("POST", "/api/people", json.dumps(body), head)[0]


def posted(screen: Screen) -> list[PeopleChange]:
    return [e for e in screen.posted if isinstance(e, PeopleChange)]


def test_a_change_from_the_page_is_posted_with_its_own_source(local: Screen) -> None:
    assert people(local, {"kind": "join", "name": "  Eva   van  Dijk "}) == 202
    assert people(local, {"kind": "another_case", "name": ""}) == 202
    assert people(local, {"kind": "join", "name": "Eva, Fenna"}) == 202  # the session says no
    assert posted(local) == [
        PeopleChange(K.JOIN, "Eva van Dijk", InputSource.SCREEN, heard="iemand doet mee"),
        PeopleChange(K.ANOTHER_CASE, "", InputSource.SCREEN, heard="nog een casus"),
        PeopleChange(K.JOIN, "Eva, Fenna", InputSource.SCREEN, heard="iemand doet mee"),
    ]


def test_it_refuses_nonsense_foreign_origins_and_empty_names(local: Screen) -> None:
    assert people(local, {"kind": "join", "name": "Eva"}, {"Origin": "http://evil.example"}) == 403
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert local.request("POST", "/api/people", "kind=join&name=Eva", form)[0] == 403
    assert people(local, {"kind": "promote", "name": "Eva"}) == 400
    assert people(local, {"kind": "leave", "name": "  "}) == 400  # only another case: nobody
    assert people(local, {"kind": "leave"}) == 400
    assert people(local, {"kind": "join", "name": 7}) == 400
    assert people(local, {"kind": "join", "name": "x" * 101}) == 400
    assert people(local, ["join"]) == 400
    assert posted(local) == []


def test_lan_mode_takes_no_change_without_the_code() -> None:
    lan = Screen(lan=True)
    try:
        lan.screen(snapshot(at=time.monotonic(), changes=frozenset({K.JOIN})))
        assert people(lan, {"kind": "join", "name": "Eva"}) == 401
        wrong = "000000" if lan.screen.code != "000000" else "111111"
        assert people(lan, {"kind": "join", "name": "Eva"}, {"Cookie": f"{COOKIE}={wrong}"}) == 401
        assert lan.request("GET", "/static/people.js")[0] == 401
        assert posted(lan) == []
        with_code = {"Cookie": f"{COOKIE}={lan.screen.code}"}
        assert people(lan, {"kind": "join", "name": "Eva"}, with_code) == 202
        assert [(e.kind, e.name) for e in posted(lan)] == [(K.JOIN, "Eva")]
    finally:
        lan.screen.close()
