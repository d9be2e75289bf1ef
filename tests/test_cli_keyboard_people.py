"""Keys for changes of people: the key asks for a name, Enter gives it, Escape withdraws it;
in line mode the name may follow the key. The keyboard itself reads a real stream."""

from __future__ import annotations

import io

from facilitator.cli.keyboard import NAME_WITHDRAWN, Keyboard
from facilitator.display.keys import NAMED_KEYMAP
from facilitator.events import (
    Command,
    CommandIssued,
    InputEvent,
    InputSource,
    Notice,
    PeopleChange,
    PeopleChangeKind,
)

K = PeopleChangeKind


def changes(posted: list[InputEvent]) -> list[tuple[PeopleChangeKind, str]]:
    return [(e.kind, e.name) for e in posted if isinstance(e, PeopleChange)]


def notices(posted: list[InputEvent]) -> list[str]:
    return [e.text for e in posted if isinstance(e, Notice)]


def test_a_key_asks_for_the_name_and_enter_gives_it() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append)
    for char in "bCex\x7fm\r":  # a typo taken back with backspace
        keyboard.press(char)
    assert notices(posted) == [NAMED_KEYMAP["b"].prompt]
    assert changes(posted) == [(K.JOIN, "Cem")]
    change = posted[-1]
    assert isinstance(change, PeopleChange) and change.source is InputSource.KEYBOARD
    keyboard.press("v")  # after the name, keys are commands again
    assert isinstance(posted[-1], CommandIssued) and posted[-1].command is Command.NEXT_STEP


def test_escape_or_an_empty_name_changes_nothing() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append)
    for char in "wAn\x1b":
        keyboard.press(char)
    for char in "c\n":
        keyboard.press(char)
    assert changes(posted) == []
    assert notices(posted)[1::2] == [NAME_WITHDRAWN, NAME_WITHDRAWN]


def test_another_case_may_leave_the_name_to_the_choosing_step() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append)
    for char in "e\r":
        keyboard.press(char)
    assert changes(posted) == [(K.ANOTHER_CASE, "")]


def test_line_mode_takes_the_name_on_the_same_or_the_next_line() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append, stream=io.StringIO("b Cem van Dijk\nw\nAnna\nc  Bram \nl\n"))
    keyboard.start()
    assert keyboard.ended.wait(5.0)
    assert changes(posted) == [(K.JOIN, "Cem van Dijk"), (K.LEAVE, "Anna"), (K.PRESENTER, "Bram")]
    issued = [e.command for e in posted if isinstance(e, CommandIssued)]
    assert issued == [Command.SOMEONE_JOINS]


def test_single_key_mode_reads_the_name_up_to_enter() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append, stream=io.StringIO("bEva\nvw"), single_key=True)
    keyboard._single_key = True  # a StringIO has no terminal: read it key by key all the same
    keyboard._run()
    assert changes(posted) == [(K.JOIN, "Eva")]
    assert [e.command for e in posted if isinstance(e, CommandIssued)] == [Command.NEXT_STEP]
    assert notices(posted)[-1].startswith("Er komt geen invoer meer")  # "w" never got a name


def test_the_live_screen_shows_the_name_as_it_is_typed() -> None:
    from rich.console import Console

    from facilitator.display.live import LiveDisplay
    from facilitator.session.clock import FakeClock

    console = Console(record=True, width=100, color_system=None)
    display = LiveDisplay(FakeClock(0.0).now, console=console)
    shown: list[str] = []

    def echo(text: str) -> None:
        shown.append(text)
        display.typing(text)

    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append, echo=echo)
    for char in "bCe":
        keyboard.press(char)
    console.print(display.renderable())
    assert "Naam: Ce_" in console.export_text()
    keyboard.press("\r")
    assert shown == ["Naam: _", "Naam: C_", "Naam: Ce_", ""]
    console.print(display.renderable())
    assert "Naam:" not in console.export_text()  # gone once the name is given
    assert changes(posted) == [(K.JOIN, "Ce")]
