"""The room display's page in a real headless Chromium, fed by the real server with
hand-made snapshots: layout at a small touchscreen and a TV, accessibility (axe-core),
keyboard-only use, the countdown, several pages, and a lost connection.

The whole session behind the page is tested in ``test_roomscreen_e2e.py``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from facilitator.events import Command, Say, SayKind, Scope, SessionEnded, TimeUp
from facilitator.methods.registry import builtin_methods
from tests.support.browser import axe_violations, missing_reason, overflow_problems
from tests.support.room_page import TOUCH, TV, WAIT_MS, Room, open_page, shot, worst_case
from tests.support.room_snapshots import RUNNING_ALLOWED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(missing_reason() is not None, reason=str(missing_reason())),
]

PHONE = (390, 844)


@pytest.mark.parametrize("size", [TOUCH, TV], ids=["800x480", "1920x1080"])
@pytest.mark.parametrize("mode", ["", "contrast", "large"])
def test_no_text_overflows_or_is_clipped(
    browser: Any, room: Room, tmp_path: Path, size: tuple[int, int], mode: str
) -> None:
    worst_case(room)
    query = {"": "", "contrast": "?contrast=1", "large": "?groot=1"}[mode]
    page = open_page(browser, room.url + query, size)
    page.wait_for_function("document.querySelectorAll('#captions li').length === 3")
    shot(page, tmp_path, f"{size[0]}x{size[1]}{'-' + mode if mode else ''}")
    # Everything fits on the screen without scrolling, except in the large-text mode.
    fits = mode != "large"
    assert overflow_problems(page, fits_screen=fits) == []
    assert page.inner_text("#step-title") == max(
        (s.title for m in builtin_methods() for s in m.steps), key=len
    )
    page.close()


def test_a_phone_in_portrait_scrolls_but_clips_nothing(
    browser: Any, room: Room, tmp_path: Path
) -> None:
    worst_case(room)
    room.show(stop_pending=True, allowed=frozenset({Command.CONFIRM, Command.CANCEL}))
    page = open_page(browser, room.url, PHONE)
    page.wait_for_selector("#confirm:not([hidden])")
    shot(page, tmp_path, "390x844-stop")
    assert overflow_problems(page, fits_screen=False) == []
    page.close()


@pytest.mark.parametrize("query", ["", "?contrast=1", "?groot=1"])
def test_axe_finds_no_serious_violations(browser: Any, room: Room, query: str) -> None:
    worst_case(room)
    page = open_page(browser, room.url + query)
    assert axe_violations(page) == []
    room.show(paused=True, stop_pending=True, allowed=frozenset({Command.CONFIRM}))
    page.wait_for_selector("#confirm:not([hidden])")
    assert axe_violations(page) == []
    page.close()


def test_axe_on_the_code_page(browser: Any) -> None:
    room = Room(lan=True)
    room.show()
    try:
        page = browser.new_page(viewport={"width": TOUCH[0], "height": TOUCH[1]}, bypass_csp=True)
        page.goto(room.url)
        assert page.is_visible("input#code")
        assert axe_violations(page) == []
        page.fill("#code", "000000" if room.screen.code != "000000" else "111111")
        page.click("button[type=submit]")
        assert "klopt niet" in page.inner_text(".code-error")
        assert page.query_selector("#step-title") is None  # nothing of the session
        page.fill("#code", str(room.screen.code))
        page.click("button[type=submit]")
        page.wait_for_selector("body[data-seq]", timeout=WAIT_MS)  # the stream, with the code
        assert page.inner_text("#step-title") == "Informatieve vragen"
        page.click(".cmd-next_step")
        deadline = time.monotonic() + WAIT_MS / 1000
        while not room.commands() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert room.commands() == [Command.NEXT_STEP]
        page.close()
    finally:
        room.screen.close()


def test_the_page_runs_under_its_own_script_policy(browser: Any, room: Room) -> None:
    """Nothing inline, nothing evaluated: the page draws and sends with its CSP in force."""
    errors: list[str] = []
    room.show()
    page = browser.new_page(viewport={"width": TOUCH[0], "height": TOUCH[1]})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(room.url)
    page.wait_for_selector("body[data-seq]", timeout=WAIT_MS)
    assert page.inner_text("#step-title") == "Informatieve vragen"
    page.click(".cmd-more_time")
    deadline = time.monotonic() + WAIT_MS / 1000
    while not room.commands() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert room.commands() == [Command.MORE_TIME]
    assert errors == []
    page.close()


def test_keyboard_only(browser: Any, room: Room) -> None:
    room.show()
    page = open_page(browser, room.url)
    page.wait_for_selector(".cmd-next_step:not([disabled])")
    for _ in range(10):  # Tab through the page to the big button, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.command") == "next_step":
            break
    assert page.evaluate("document.activeElement.dataset.command") == "next_step"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "4px"  # focus is visible
    page.keyboard.press("Enter")
    page.keyboard.press("Space")  # on the focused button: that button, once
    page.evaluate("document.activeElement.blur()")
    for key in ("m", "p", "t", "?", "s"):  # "s": no round here, the button is disabled
        page.keyboard.press(key)
    page.keyboard.press("Space")  # no button focused: next step, as in the terminal
    expected = [
        Command.NEXT_STEP,
        Command.NEXT_STEP,
        Command.MORE_TIME,
        Command.TOGGLE_PAUSE,
        Command.PREVIOUS_STEP,
        Command.HELP,
        Command.NEXT_STEP,
    ]
    deadline = time.monotonic() + WAIT_MS / 1000
    while len(room.commands()) < len(expected) and time.monotonic() < deadline:
        time.sleep(0.05)
    # in the order they were given: had "s" been sent, it would be there before the last
    assert room.commands() == expected
    page.close()


def test_a_command_the_session_never_takes_has_no_button(browser: Any, room: Room) -> None:
    """ "Er is iemand bij" is the device mode's (a roll call): in ``facilitator start`` the
    snapshot rules it out and the page leaves its button out, and still fits the screen."""
    worst_case(room)
    page = open_page(browser, room.url)
    assert page.is_visible(".cmd-someone_joins") and page.is_disabled(".cmd-someone_joins")
    room.show(seq=2, ruled_out=frozenset({Command.SOMEONE_JOINS}))
    page.wait_for_selector(".cmd-someone_joins", state="hidden", timeout=WAIT_MS)
    assert page.is_visible(".cmd-more_time") and page.is_enabled(".cmd-more_time")
    assert overflow_problems(page, fits_screen=True) == []
    room.show(seq=3, allowed=RUNNING_ALLOWED | {Command.SOMEONE_JOINS})  # the device mode
    page.wait_for_selector(".cmd-someone_joins:not([disabled])", timeout=WAIT_MS)
    assert page.is_visible(".cmd-someone_joins")
    page.close()


def test_the_countdown_runs_freezes_and_goes_over_time(browser: Any, room: Room) -> None:
    room.show(remaining_s=65.0)
    page = open_page(browser, room.url)
    first = page.inner_text("#countdown")
    assert first.startswith("01:0"), first
    page.wait_for_function(  # it counts down by itself, between snapshots
        "(first) => document.getElementById('countdown').textContent < first",
        arg=first,
        timeout=WAIT_MS,
    )
    assert page.inner_text("#phase") == "Tijd loopt"
    room.show(seq=2, remaining_s=30.0, paused=True, allowed=frozenset({Command.RESUME}))
    page.wait_for_function("document.body.dataset.phase === 'paused'", timeout=WAIT_MS)
    page.wait_for_timeout(1200)
    assert page.inner_text("#countdown") == "00:30"
    assert page.inner_text("#phase") == "GEPAUZEERD"
    assert page.inner_text(".cmd-toggle_pause .cmd-label") == "Verder"
    room.show(seq=3, remaining_s=-5.0)
    page.wait_for_function("document.body.dataset.phase === 'overtime'", timeout=WAIT_MS)
    assert page.inner_text("#countdown").startswith("+00:0")
    assert page.inner_text("#phase") == "OVER TIJD"
    colour = page.evaluate("getComputedStyle(document.getElementById('countdown')).color")
    assert colour == "rgb(255, 155, 145)"  # over time is a colour too, not only words
    page.close()


def test_captions_and_warnings_reach_screen_readers(browser: Any, room: Room) -> None:
    room.show()
    page = open_page(browser, room.url)
    assert page.get_attribute("#captions", "aria-live") == "polite"
    assert page.get_attribute("#alert", "role") == "alert"  # assertive
    room.screen(Say("De tijd voor deze stap is om.", SayKind.TIME_UP, 1))
    room.screen(TimeUp(Scope.STEP))
    page.wait_for_function(
        "document.getElementById('alert').textContent === 'De tijd voor deze stap is om'",
        timeout=WAIT_MS,
    )
    assert page.inner_text("#captions li:last-child") == "De tijd voor deze stap is om."
    page.close()


def test_several_pages_follow_the_same_change(browser: Any, room: Room) -> None:
    room.show()
    pages = [open_page(browser, room.url, size) for size in (TOUCH, TV, PHONE)]
    room.show(seq=2, step_index=2, step_title="Adviezen")
    for page in pages:
        page.wait_for_function(
            "document.getElementById('step-title').textContent === 'Adviezen'", timeout=WAIT_MS
        )
        assert page.inner_text("#step-label") == "Stap 3 van 5"
        page.close()


def test_a_lost_connection_shows_and_comes_back(browser: Any) -> None:
    room = Room()
    port = room.screen.port
    room.show()
    page = open_page(browser, room.url)
    assert page.is_hidden("#link")
    room.screen.close()
    page.wait_for_selector("#link:not([hidden])", timeout=WAIT_MS)
    assert page.inner_text("#link") == "Verbinding verbroken — opnieuw verbinden…"
    assert page.is_disabled(".cmd-next_step")
    again = Room(port=port)  # the facilitator is back on the same address
    try:
        again.show(seq=7, step_title="Terug")
        page.wait_for_function(
            "document.getElementById('step-title').textContent === 'Terug'", timeout=WAIT_MS * 2
        )
        assert page.is_hidden("#link") and page.is_enabled(".cmd-next_step")
    finally:
        page.close()
        again.screen.close()


def test_english(browser: Any) -> None:
    room = Room(language="en")
    try:
        room.show()
        page = open_page(browser, room.url)
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text(".cmd-next_step .cmd-label") == "Next step"
        assert page.inner_text("#step-label") == "Step 2 of 5"
        page.close()
    finally:
        room.screen.close()


def test_after_the_end_the_page_keeps_saying_so(browser: Any) -> None:
    room = Room()
    room.show(ended=True, completed=True, allowed=frozenset())
    room.screen(SessionEnded(completed=True))
    page = open_page(browser, room.url)
    page.wait_for_function("document.body.dataset.phase === 'ended'", timeout=WAIT_MS)
    with page.expect_request("**/events", timeout=WAIT_MS):  # the browser tries again: the
        room.screen.close()  # page was told the stream ended (the facilitator stops)
    with page.expect_request("**/events", timeout=WAIT_MS):  # the page's own next try: it
        pass  # was told that the last one failed too
    assert page.is_hidden("#link")
    assert page.inner_text("#phase") == "Sessie afgelopen"
    assert page.inner_text("#message") == "Sessie afgerond."
    page.close()
