"""``--kamerscherm`` on the command line: the options, a busy port as a Dutch user error,
and a fast rehearsal with the room display on."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from facilitator.cli.parser import build_parser
from facilitator.cli.roomscreen import with_room_screen
from facilitator.events import InputEvent
from facilitator.roomscreen import DEFAULT_PORT
from tests.test_cli_commands import SHORT_METHOD, assert_user_error, facilitator, user_methods

PEOPLE = ("--deelnemers", "Anna,Bram,Cem", "--inbrenger", "Anna")


def test_the_options() -> None:
    parser = build_parser()
    args = parser.parse_args(["start", "--kamerscherm", "--poort", "9000"])
    assert args.kamerscherm and not args.kamerscherm_lan and args.poort == 9000
    args = parser.parse_args(["oefen", "--kamerscherm-lan"])
    assert args.kamerscherm_lan and args.poort is None
    assert DEFAULT_PORT == 8765


def test_a_bad_port_is_refused_in_dutch(tmp_path: Path) -> None:
    result = facilitator(tmp_path, "start", "--kamerscherm", "--poort", "http", *PEOPLE)
    assert_user_error(result, "'http' is geen poortnummer")


def test_a_busy_port_is_a_user_error_before_the_session_starts(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        args = ("start", "--plain", "--kamerscherm", "--poort", port, *PEOPLE)
        result = facilitator(tmp_path, *args)
    assert_user_error(result, f"poort {port}", "--poort")
    assert "Toetsen" not in result.stdout  # the session did not start (only the agenda)


def test_the_room_display_is_chained_after_other_extras() -> None:
    class Fake:
        def __init__(self) -> None:
            self.attached = 0

        def attach(self, post: object) -> list[object]:
            self.attached += 1
            return [self]

    screen, other = Fake(), Fake()
    make = with_room_screen(other.attach, screen)  # type: ignore[arg-type]
    assert make is not None
    posted: list[InputEvent] = []
    assert list(make(posted.append)) == [other, screen]
    assert with_room_screen(None, None) is None


@pytest.mark.slow
def test_a_rehearsal_with_the_room_display(tmp_path: Path) -> None:
    (user_methods(tmp_path) / "kort.toml").write_text(SHORT_METHOD, encoding="utf-8")
    result = facilitator(
        tmp_path, "oefen", "kort", "--snelheid", "120", "--kamerscherm", "--poort", "0", *PEOPLE
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Kamerscherm: http://127.0.0.1:" in result.stdout
    assert "Sessie afgerond." in result.stdout


def test_the_settings_file_can_turn_the_room_display_on(tmp_path: Path) -> None:
    from facilitator.settings import SettingsError, build_settings

    path = tmp_path / "instellingen.toml"
    path.write_text("[kamerscherm]\naan = true\nlan = false\npoort = 9001\n", encoding="utf-8")
    display = build_settings({}, settings_file=path).display
    assert (display.room_screen, display.room_screen_lan, display.room_screen_port) == (
        True,
        False,
        9001,
    )
    # the command line wins over the file
    overrides = {"display": {"room_screen_port": 9002}}
    assert build_settings(overrides, settings_file=path).display.room_screen_port == 9002
    path.write_text("[kamerscherm]\naan = true\npoort = 70000\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"regel 3: 'poort' in \[kamerscherm\].*tussen 1 en"):
        build_settings({}, settings_file=path)
    path.write_text('[kamerscherm]\naan = "ja"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"regel 2.*true of false"):
        build_settings({}, settings_file=path)


@pytest.mark.slow
def test_a_rehearsal_with_the_room_display_from_the_settings_file(tmp_path: Path) -> None:
    (user_methods(tmp_path) / "kort.toml").write_text(SHORT_METHOD, encoding="utf-8")
    settings = tmp_path / "instellingen.toml"
    settings.write_text("[kamerscherm]\naan = true\npoort = 0\n", encoding="utf-8")
    args = ("oefen", "kort", "--snelheid", "120", "--instellingen", str(settings), *PEOPLE)
    result = facilitator(tmp_path, *args)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Kamerscherm: http://127.0.0.1:" in result.stdout
    assert "Sessie afgerond." in result.stdout
