"""The room display's real web server over real HTTP: where it binds, what it refuses,
what a command from the page becomes, and that the stream carries every change."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.errors import FacilitatorError
from facilitator.events import (
    Command,
    CommandIssued,
    InputSource,
    Notice,
    Say,
    SayKind,
    SessionEnded,
)
from facilitator.roomscreen import RoomScreen, RoomScreenError, RoomScreenOptions
from facilitator.roomscreen.access import COOKIE
from tests.support.room_page import Room
from tests.support.room_snapshots import snapshot

STREAM_TIMEOUT_S = 5.0


class Screen(Room):
    """A started room display, spoken to over plain HTTP."""

    def __init__(self, lan: bool = False) -> None:
        super().__init__(lan=lan)
        self.port = self.screen.port

    def request(
        self,
        method: str,
        path: str,
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=STREAM_TIMEOUT_S)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            res = conn.getresponse()
            if res.getheader("Content-Type", "").startswith("text/event-stream"):
                return res.status, dict(res.getheaders()), res.read1(65536).decode()
            return res.status, dict(res.getheaders()), res.read().decode()
        finally:
            conn.close()

    def command(self, command: str, headers: dict[str, str] | None = None) -> int:
        head = {"Content-Type": "application/json", **(headers or {})}
        status, _, _ = self.request("POST", "/api/command", json.dumps({"command": command}), head)
        return status


@pytest.fixture
def local() -> Iterator[Screen]:
    screen = Screen()
    yield screen
    screen.screen.close()


@pytest.fixture
def lan() -> Iterator[Screen]:
    screen = Screen(lan=True)
    yield screen
    screen.screen.close()


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the listening TCP sockets on ``port`` (from /proc/net/tcp)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_it_binds_only_to_this_machine_and_says_so(local: Screen) -> None:
    assert listening_addresses(local.port) == {"0100007F"}  # 127.0.0.1, nothing else
    assert local.screen.urls() == [f"http://127.0.0.1:{local.port}/"]
    assert local.screen.announcement() == f"Kamerscherm: http://127.0.0.1:{local.port}/"
    assert isinstance(local.posted[0], Notice) and "Kamerscherm" in local.posted[0].text


def test_the_page_and_its_files_come_from_the_server(local: Screen) -> None:
    status, headers, page = local.request("GET", "/")
    assert status == 200 and '<html lang="nl">' in page and "Volgende stap" in page
    assert "http" not in page.replace("http-equiv", "")  # no external resource
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    for name in ("app.js", "style.css"):
        status, _, text = local.request("GET", f"/static/{name}")
        assert status == 200 and len(text) > 1000
        assert "http://" not in text and "https://" not in text
    assert local.request("GET", "/static/../__init__.py")[0] == 404


def test_a_command_from_the_page_is_posted_with_its_own_source(local: Screen) -> None:
    assert local.command("next_step") == 202
    assert local.command("toggle_pause", {"Origin": f"http://127.0.0.1:{local.port}"}) == 202
    issued = [e for e in local.posted if isinstance(e, CommandIssued)]
    assert issued == [
        CommandIssued(Command.NEXT_STEP, InputSource.SCREEN, heard="volgende stap"),
        CommandIssued(Command.TOGGLE_PAUSE, InputSource.SCREEN, heard="pauze/verder"),
    ]


def test_it_refuses_foreign_names_foreign_origins_forms_and_nonsense(local: Screen) -> None:
    evil = {"Host": f"evil.example:{local.port}"}
    assert local.request("GET", "/", headers=evil)[0] == 403
    assert local.request("GET", "/events", headers=evil)[0] == 403
    assert local.command("next_step", {"Origin": "http://evil.example"}) == 403
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert local.request("POST", "/api/command", "command=next_step", form)[0] == 403
    assert local.command("launch_rockets") == 400
    assert local.command("pause") == 400  # the page has one pause/continue button
    assert local.request("POST", "/api/command", "{", {"Content-Type": "application/json"})[0]
    assert not any(isinstance(e, CommandIssued) for e in local.posted)


def read_message(res: http.client.HTTPResponse) -> dict[str, Any]:
    """The next ``data:`` message of an event stream (keep-alive events skipped)."""
    while True:
        line = res.readline().decode()
        assert line, "the stream ended"
        if line.startswith("data: ") and line.strip() != "data:":
            data: dict[str, Any] = json.loads(line[6:])
            return data


def test_the_stream_carries_the_whole_view_and_every_change(local: Screen) -> None:
    local.screen(snapshot(at=time.monotonic()))
    local.screen(Say("Welkom bij deze intervisie.", SayKind.PROMPT, 1))
    conn = http.client.HTTPConnection("127.0.0.1", local.port, timeout=STREAM_TIMEOUT_S)
    try:
        conn.request("GET", "/events")
        res = conn.getresponse()
        assert res.status == 200 and res.getheader("Content-Type") == "text/event-stream"
        first = read_message(res)
        assert first["session"]["step_title"] == "Informatieve vragen"
        assert first["captions"][-1]["text"] == "Welkom bij deze intervisie."
        sent = time.monotonic()
        local.screen(snapshot(at=time.monotonic(), seq=2, step_index=2, step_title="Adviezen"))
        second = read_message(res)
        took = time.monotonic() - sent
    finally:
        conn.close()
    assert second["session"]["step_title"] == "Adviezen"
    assert second["session"]["step_label"] == "Stap 3 van 5"
    assert took < STREAM_TIMEOUT_S


def test_the_last_view_reaches_the_page_when_the_display_closes() -> None:
    """The session ends and the display closes at once (no closing words to wait for): the
    page still gets the ended view, then the stream ends."""
    screen = Screen()
    conn = http.client.HTTPConnection("127.0.0.1", screen.port, timeout=STREAM_TIMEOUT_S)
    try:
        conn.request("GET", "/events")
        res = conn.getresponse()
        assert read_message(res)["session"] is None  # nothing yet
        screen.screen(snapshot(at=time.monotonic()))
        assert read_message(res)["session"]["step_title"] == "Informatieve vragen"
        screen.screen(SessionEnded(completed=False))
        screen.screen.close()
        last = read_message(res)
    finally:
        conn.close()
        screen.screen.close()
    assert last["session"]["ended"] is True and last["message"]["text"] == "Sessie gestopt.", last


def test_lan_mode_shows_and_does_nothing_without_the_code(lan: Screen) -> None:
    code = lan.screen.code
    assert code is not None and len(code) == 6
    assert listening_addresses(lan.port) == {"00000000"}  # 0.0.0.0: it says "on the network"
    lan.screen(snapshot(at=time.monotonic()))
    status, _, page = lan.request("GET", "/")
    assert status == 401 and "Informatieve vragen" not in page and 'name="code"' in page
    assert lan.request("GET", "/events")[0] == 401
    assert lan.request("GET", "/static/app.js")[0] == 401
    assert lan.command("next_step") == 401
    wrong = "000000" if code != "000000" else "111111"
    assert lan.request("GET", "/", headers={"Cookie": f"{COOKIE}={wrong}"})[0] == 401
    assert not any(isinstance(e, CommandIssued) for e in lan.posted)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, headers, _ = lan.request("POST", "/code", f"code={code[:3]}+{code[3:]}", form)
    assert status == 303 and f"{COOKIE}={code}" in headers["Set-Cookie"]
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
    with_code = {"Cookie": f"{COOKIE}={code}"}
    status, _, page = lan.request("GET", "/", headers=with_code)
    assert status == 200 and "Volgende stap" in page
    assert lan.command("next_step", with_code) == 202
    assert lan.request("GET", f"/?code={code}")[0] == 303  # a kiosk URL with the code


def test_lan_mode_locks_after_wrong_codes(lan: Screen) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    statuses = [lan.request("POST", "/code", "code=99999x", form)[0] for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    assert lan.request("POST", "/code", f"code={lan.screen.code}", form)[0] == 429


def test_a_port_in_use_is_a_clear_dutch_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        screen = RoomScreen(RoomScreenOptions(port=port), now=time.monotonic)
        with pytest.raises(RoomScreenError) as caught:
            screen.start()
    assert isinstance(caught.value, FacilitatorError)
    assert str(caught.value) == (
        f"Het kamerscherm kan poort {port} niet gebruiken: die is al in gebruik. "
        "Kies een andere poort met --poort, bijvoorbeeld --poort 8766."
    )
