"""The room display's changes of people in a real headless Chromium, fed by the real server
with hand-made snapshots: the buttons follow what the session offers, the chooser offers
the names that fit, works by touch and by keyboard alone (focus in and back, Escape), passes
axe-core, and fits an 800x480 touchscreen and a TV without clipped text.

The whole session behind the page is tested in ``test_roomscreen_people_e2e.py``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from facilitator.events import InputSource, PeopleChange, PeopleChangeKind
from facilitator.methods.registry import builtin_methods
from tests.support.browser import (
    axe_violations,
    missing_reason,
    overflow_problems,
    wait_chooser_closed,
)
from tests.support.room_page import TOUCH, TV, WAIT_MS, Room, open_page, shot, worst_case
from tests.support.room_snapshots import turn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(missing_reason() is not None, reason=str(missing_reason())),
]

K = PeopleChangeKind
ALL = frozenset(K)
#: The longest names a change takes (40 characters), a whole table of them.
LONG = tuple(f"Maximiliaan-Alexander van Oranje-Nassau{n}" for n in range(8))


def changes(room: Room, count: int, wait_s: float = WAIT_MS / 1000) -> list[PeopleChange]:
    """The changes the page posted, once ``count`` arrived (or the wait ran out)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        found = [e for e in room.posted if isinstance(e, PeopleChange)]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    return [e for e in room.posted if isinstance(e, PeopleChange)]


def closed(page: Any) -> None:
    wait_chooser_closed(page, WAIT_MS)


def visible_changes(page: Any) -> list[str]:
    result: list[str] = page.evaluate(
        "[...document.querySelectorAll('.change')].filter((b) => !b.hidden)"
        ".map((b) => b.dataset.change)"
    )
    return result


def choices(page: Any) -> list[str]:
    result: list[str] = page.evaluate(
        "[...document.querySelectorAll('#chooser-names .choice')].map((b) => b.textContent)"
    )
    return result


def test_the_buttons_follow_what_the_session_takes(browser: Any, room: Room) -> None:
    room.show(changes=frozenset())
    page = open_page(browser, room.url)
    assert visible_changes(page) == [] and page.is_hidden("#changes")
    room.show(seq=2, changes=frozenset({K.JOIN, K.LEAVE}))
    page.wait_for_selector(".change-join:not([hidden])", timeout=WAIT_MS)
    assert visible_changes(page) == ["join", "leave"]
    assert page.inner_text(".change-join .cmd-label") == "Iemand doet mee"
    assert page.inner_text(".change-join .cmd-key") == "Toets b"
    room.show(seq=3, changes=ALL)
    page.wait_for_selector(".change-another_case:not([hidden])", timeout=WAIT_MS)
    assert visible_changes(page) == ["join", "leave", "presenter", "another_case"]
    page.close()


def test_join_by_touch_an_absent_member_or_a_new_name(browser: Any, room: Room) -> None:
    room.show(absent=("Eva", "Fenna"), changes=ALL)
    page = open_page(browser, room.url)
    page.click(".change-join")
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    assert page.inner_text("#chooser-title") == "Wie doet er mee?"
    assert choices(page) == ["Eva", "Fenna"]
    assert page.is_visible("#chooser-name")
    page.click("#chooser-names .choice >> text=Fenna")
    closed(page)
    page.click(".change-join")
    page.fill("#chooser-name", "  Gijs   de Vries ")
    page.click("#chooser-add")
    closed(page)
    page.click(".change-join")
    page.click("#chooser-add")  # an empty name sends nothing: the chooser stays
    assert page.is_visible("#chooser") and page.evaluate("document.activeElement.id") == (
        "chooser-name"
    )
    page.click("#chooser-cancel")  # sends nothing either
    closed(page)
    page.click(".change-leave")  # a change sent after both: anything they sent came before it
    page.click("#chooser-names .choice >> text=Anna")
    assert [(e.kind, e.name, e.source) for e in changes(room, 3)] == [
        (K.JOIN, "Fenna", InputSource.SCREEN),
        (K.JOIN, "Gijs de Vries", InputSource.SCREEN),
        (K.LEAVE, "Anna", InputSource.SCREEN),
    ]
    page.close()


def test_the_other_choosers_offer_the_present(browser: Any, room: Room) -> None:
    room.show(casusinbrenger="Bram", changes=ALL, case_later=True)
    page = open_page(browser, room.url)
    expected = {
        "leave": ("Wie gaat er weg?", ["Anna", "Bram", "Cem", "Dirk"]),
        "presenter": ("Wie brengt de casus in?", ["Anna", "Bram", "Cem", "Dirk"]),
        "another_case": (
            "Nog een casus: wie brengt hem in?",
            ["Anna", "Bram", "Cem", "Dirk", "Kiezen jullie later"],
        ),
    }
    for kind, (question, names) in expected.items():
        page.click(f".change-{kind}")
        page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
        assert (page.inner_text("#chooser-title"), choices(page)) == (question, names)
        assert page.is_hidden("#chooser-name")  # a new name only joins
        if kind == "presenter":
            assert page.get_attribute("#chooser-names [data-name=Bram]", "aria-current") == "true"
        page.click(f"#chooser-names .choice >> nth={len(names) - 1}")
        closed(page)
    assert [(e.kind, e.name) for e in changes(room, 3)] == [
        (K.LEAVE, "Dirk"),
        (K.PRESENTER, "Dirk"),
        (K.ANOTHER_CASE, ""),
    ]
    page.close()


def test_keyboard_only_with_focus_in_and_back_and_escape(browser: Any, room: Room) -> None:
    room.show(absent=("Eva",), changes=ALL)
    page = open_page(browser, room.url)
    page.keyboard.press("b")  # the terminal's key opens the chooser
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    assert page.evaluate("document.activeElement.dataset.name") == "Eva"  # focus moved in
    for key in ("v", "w"):  # no commands, no other chooser while it is open
        page.keyboard.press(key)
    page.keyboard.press("Escape")
    closed(page)
    assert room.commands() == []
    page.focus(".change-leave")
    page.keyboard.press("Enter")
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    tabbed = []
    for _ in range(6):  # Tab stays inside the chooser
        page.keyboard.press("Tab")
        tabbed.append(page.evaluate("document.activeElement.closest('#chooser') !== null"))
    assert all(tabbed), tabbed
    page.keyboard.press("Escape")
    closed(page)
    assert page.evaluate("document.activeElement.dataset.change") == "leave"  # focus back
    page.keyboard.press("c")
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    page.keyboard.press("Tab")  # to Bram
    page.keyboard.press("Enter")
    closed(page)
    page.keyboard.press("b")
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    page.keyboard.press("Tab")  # from Eva to the name field
    page.keyboard.type("vwce")  # letters typed are the name, not shortcuts
    page.keyboard.press("Enter")
    closed(page)
    assert [(e.kind, e.name) for e in changes(room, 2)] == [
        (K.PRESENTER, "Bram"),
        (K.JOIN, "vwce"),
    ]
    assert room.commands() == []
    page.close()


def test_what_comes_at_once_after_escape_is_not_undone(browser: Any, room: Room) -> None:
    """No wait after Escape here, on purpose: a person who moves on at once (another
    button, or the chooser again) keeps where they went and what they chose."""
    room.show(absent=("Eva",), changes=ALL)
    page = open_page(browser, room.url)
    page.keyboard.press("b")
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    page.keyboard.press("Escape")
    page.focus(".change-presenter")  # at once
    closed(page)
    assert page.evaluate("document.activeElement.dataset.change") == "presenter"
    page.keyboard.press("b")
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # at once: the chooser again
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    page.keyboard.press("Enter")  # Eva
    closed(page)
    assert page.evaluate("document.activeElement.dataset.change") == "join"  # its opener
    assert [(e.kind, e.name) for e in changes(room, 1)] == [(K.JOIN, "Eva")]
    page.close()


def test_the_chooser_follows_the_session_while_open(browser: Any, room: Room) -> None:
    room.show(changes=frozenset({K.PRESENTER, K.JOIN}))
    page = open_page(browser, room.url)
    page.click(".change-presenter")
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
    page.focus("#chooser-names [data-name=Cem]")
    names = ("Anna", "Bram", "Cem", "Dirk", "Eva")
    room.show(seq=2, participants=names, changes=frozenset({K.PRESENTER, K.JOIN}))  # Eva joined
    page.wait_for_selector("#chooser-names [data-name=Eva]", timeout=WAIT_MS)
    assert choices(page) == list(names)
    assert page.evaluate("document.activeElement.dataset.name") == "Cem"  # focus stays
    room.show(seq=3, changes=frozenset({K.JOIN}))  # the choosing step is over
    closed(page)
    assert visible_changes(page) == ["join"]
    page.close()


def open_worst_chooser(room: Room, page: Any) -> None:
    page.click(".change-join")
    page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)


@pytest.mark.parametrize("size", [TOUCH, TV], ids=["800x480", "1920x1080"])
@pytest.mark.parametrize("mode", ["", "large"])
def test_the_chooser_fits_without_clipped_text(
    browser: Any, room: Room, tmp_path: Path, size: tuple[int, int], mode: str
) -> None:
    worst_case(room)  # the longest texts, captions, a notice, a time-up; then all four changes
    steps = [step for method in builtin_methods() for step in method.steps]
    room.show(
        seq=2, method_name="Socratische dialoog", step_index=9, step_count=10,
        step_title=max((s.title for s in steps), key=len),
        rule=max((s.rule or "" for s in steps), key=len),
        turn=turn("Maximiliaan-Alexander", 11, 12, 75.0), is_round=True,
        absent=LONG, changes=ALL, casusinbrenger="Anna",
    )  # fmt: skip
    page = open_page(browser, room.url + ("?groot=1" if mode else ""), size)
    page.wait_for_selector(".change-another_case:not([hidden])", timeout=WAIT_MS)
    page.wait_for_function("document.querySelectorAll('#captions li').length === 3")
    fits = mode != "large"  # the large-text mode may scroll, as the page without a chooser
    name = f"{size[0]}x{size[1]}{'-' + mode if mode else ''}"
    problems = overflow_problems(page, fits_screen=fits)
    shot(page, tmp_path, f"{name}-changes")
    assert problems == []  # the four buttons fit too
    open_worst_chooser(room, page)
    shot(page, tmp_path, f"{name}-chooser")
    assert overflow_problems(page, fits_screen=fits) == []
    for always in ("#chooser-title", "#chooser-name", "#chooser-cancel"):  # names scroll; not these
        box = page.locator(always).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size[1], always
    page.close()


@pytest.mark.parametrize("query", ["", "?contrast=1"])
def test_axe_finds_no_serious_violations_with_the_chooser_open(
    browser: Any, room: Room, query: str
) -> None:
    room.show(absent=("Eva", "Fenna"), changes=ALL)
    page = open_page(browser, room.url + query)
    open_worst_chooser(room, page)
    assert page.get_attribute("#chooser", "aria-modal") == "true"
    assert page.evaluate("document.getElementById('chooser').matches(':modal')")
    labelled = page.evaluate(
        "document.getElementById(document.getElementById('chooser')"
        ".getAttribute('aria-labelledby')).tagName"
    )
    assert labelled == "H2"  # the dialog is named by its heading
    assert axe_violations(page) == []
    page.close()


def test_english(browser: Any) -> None:
    room = Room(language="en")
    try:
        room.show(changes=ALL, case_later=True)
        page = open_page(browser, room.url)
        assert page.inner_text(".change-join .cmd-label") == "Someone joins"
        page.click(".change-another_case")
        page.wait_for_selector("#chooser[open]", timeout=WAIT_MS)
        assert choices(page)[-1] == "You choose later"
        assert page.inner_text("#chooser-cancel") == "Cancel"
        page.close()
    finally:
        room.screen.close()
