"""The room display's page in a real headless Chromium, for the page tests.

``Room`` is a started room display that keeps what its page posted; ``open_page`` opens its
page at a screen size (``TOUCH``, ``TV``); ``worst_case`` shows the longest texts the built-in
methods have; ``shot`` keeps a screenshot to look at. The fixtures ``browser`` (one Chromium
per test module) and ``room`` (a fresh room display per test, closed after it) are registered
for every test through ``pytest_plugins`` in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.events import (
    Command,
    CommandIssued,
    InputEvent,
    InputSource,
    Notice,
    Say,
    SayKind,
    Scope,
    TimeUp,
)
from facilitator.methods.registry import builtin_methods
from facilitator.roomscreen import RoomScreen, RoomScreenOptions
from tests.support.browser import chromium
from tests.support.room_snapshots import RUNNING_ALLOWED, snapshot, turn

WAIT_MS = 3000  # a change must be on the page well within this (the e2e test asks 1 s)
#: Where screenshots go to be looked at (default: the test's tmp_path).
SHOTS = os.environ.get("ROOMSCREEN_SHOTS")
TOUCH = (800, 480)
TV = (1920, 1080)


class Room:
    """A started room display and what its page posted."""

    def __init__(self, port: int = 0, lan: bool = False, language: str = "nl") -> None:
        self.posted: list[InputEvent] = []
        self.screen = RoomScreen(
            RoomScreenOptions(port=port, lan=lan, language=language), now=time.monotonic
        )
        self.screen.start()
        self.screen.attach(self.posted.append)
        self.url = f"http://127.0.0.1:{self.screen.port}/"

    def show(self, **changes: Any) -> None:
        self.screen(snapshot(at=time.monotonic(), **changes))

    def commands(self) -> list[Command]:
        return [
            e.command
            for e in self.posted
            if isinstance(e, CommandIssued) and e.source is InputSource.SCREEN
        ]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def room() -> Iterator[Room]:
    made = Room()
    yield made
    made.screen.close()


def open_page(browser: Any, url: str, size: tuple[int, int] = TOUCH, csp: bool = False) -> Any:
    """A page at ``url``; the page's own script policy is bypassed (``csp`` False) so the
    test can inject axe-core and wait on expressions."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, bypass_csp=not csp)
    page.goto(url)
    page.wait_for_selector("body[data-seq]", timeout=WAIT_MS)
    return page


def worst_case(room: Room) -> None:
    """The longest texts the built-in methods have, in a round, with notices and captions."""
    steps = [step for method in builtin_methods() for step in method.steps]
    title = max((s.title for s in steps), key=len)
    rule = max((s.rule or "" for s in steps), key=len)
    prompts = sorted((s.prompt for s in steps), key=len)[-3:]
    room.show(
        method_name="Socratische dialoog",
        step_title=title,
        rule=rule,
        step_index=9,
        step_count=10,
        turn=turn("Maximiliaan-Alexander", 11, 12, 75.0),
        is_round=True,
        allowed=RUNNING_ALLOWED | {Command.NEXT_SPEAKER},
    )
    for prompt in prompts:
        room.screen(Say(prompt, SayKind.PROMPT, 1))
    room.screen(Notice("Geen spraakmodel gevonden; de sessie gaat door met scherm en toetsen."))
    room.screen(TimeUp(Scope.TURN, 0.0, "Maximiliaan-Alexander"))


def shot(page: Any, tmp_path: Path, name: str) -> Path:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"roomscreen-{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 5000  # a real picture, not an empty one
    return path
