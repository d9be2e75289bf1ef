"""Pure CLI logic: the keyboard, asking for names, settings from arguments, the rehearsal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from facilitator.cli.keyboard import Keyboard
from facilitator.cli.options import (
    CliError,
    ask_people,
    need_people,
    settings_from_args,
    split_names,
)
from facilitator.cli.parser import build_parser
from facilitator.cli.rehearsal import Rehearsal
from facilitator.events import (
    Command,
    CommandIssued,
    InputEvent,
    InputSource,
    Notice,
    PlannedTimeReached,
    Scope,
    TimeUp,
)
from facilitator.settings import build_settings


def commands(posted: list[InputEvent]) -> list[Command]:
    return [e.command for e in posted if isinstance(e, CommandIssued)]


def test_each_key_posts_its_command_from_the_keyboard() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append)
    for key in " vtmhrsi?qjn":
        keyboard.press(key)
    assert commands(posted) == [
        Command.NEXT_STEP,
        Command.NEXT_STEP,
        Command.PREVIOUS_STEP,
        Command.MORE_TIME,
        Command.REPEAT,
        Command.TIME_LEFT,
        Command.NEXT_SPEAKER,
        Command.QUESTIONS,
        Command.HELP,
        Command.STOP,
        Command.CONFIRM,
        Command.CANCEL,
    ]
    first = posted[0]
    assert isinstance(first, CommandIssued)
    assert first.source is InputSource.KEYBOARD and first.heard == "spatie"


def test_p_is_the_toggle_and_the_keyboard_keeps_no_session_state() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append)
    keyboard.press("p")
    keyboard.press("P")
    assert commands(posted) == [Command.TOGGLE_PAUSE, Command.TOGGLE_PAUSE]
    assert not callable(keyboard)  # not a listener: it follows nothing of the session


def test_unknown_key_gives_a_dutch_notice() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append)
    keyboard.press("x")
    keyboard.press("\x1b")  # escape (arrow keys): ignored without a word
    assert posted == [Notice("Onbekende toets 'x'. Druk ? voor hulp.", "info")]


def test_line_mode_reads_every_character_and_a_blank_line_is_space() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append, stream=io.StringIO("v\n\n  \nm t\n"))
    keyboard.start()
    assert keyboard.ended.wait(timeout=10)  # safety net: a StringIO ends at once
    assert commands(posted) == [
        Command.NEXT_STEP,
        Command.NEXT_STEP,
        Command.MORE_TIME,
        Command.PREVIOUS_STEP,
    ]
    keyboard.close()


def test_single_key_mode_without_a_terminal_falls_back_to_lines() -> None:
    posted: list[InputEvent] = []
    keyboard = Keyboard(posted.append, stream=io.StringIO("s\n"), single_key=True)
    keyboard.start()  # StringIO has no fileno: no cbreak, read lines instead
    assert keyboard.ended.wait(timeout=10)
    assert commands(posted) == [Command.NEXT_SPEAKER]


def test_split_names_keeps_empty_positions_for_a_clear_error() -> None:
    assert split_names(None) is None
    assert split_names(" Anna, Bram ,Cem") == ("Anna", "Bram", "Cem")
    assert split_names("Anna,,Cem") == ("Anna", "", "Cem")


def test_ask_people_repeats_until_the_answers_make_sense() -> None:
    answers = iter(["Anna", "Anna, Bram, Cem", "Zoë", "bram"])
    out = io.StringIO()
    people, inbrenger = ask_people((), "", ask=lambda prompt: next(answers), out=out)
    assert people == ("Anna", "Bram", "Cem")
    assert inbrenger == "Bram"
    assert "minstens twee namen" in out.getvalue()
    assert "Kies een van: Anna, Bram, Cem." in out.getvalue()


def test_need_people_without_a_terminal_is_an_error() -> None:
    settings = build_settings({}, use_default_file=False)
    with pytest.raises(CliError, match=r"--deelnemers.*--inbrenger"):
        need_people(settings, interactive=False)


def test_settings_from_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    args = build_parser().parse_args(
        [
            "start",
            "roddel",
            "--deelnemers",
            "Anna,Bram",
            "--inbrenger",
            "Bram",
            "--duur",
            "45,5",
            "--geen-spraak",
            "--signaal",
            "--geen-luisteren",
            "--volume",
            "40",
            "--plain",
            "--event-log",
            str(tmp_path / "log.jsonl"),
            "--aanspreeknaam",
            "Kompas",
        ]
    )
    settings = settings_from_args(args)
    assert settings.session.method == "roddel"
    assert settings.session.participants == ("Anna", "Bram")
    assert settings.session.casusinbrenger == "Bram"
    assert settings.session.duration_min == 45.5
    assert settings.session.event_log == tmp_path / "log.jsonl"
    assert settings.speech.mode == "uit"  # --geen-spraak wins over --signaal
    assert settings.speech.volume_pct == 40
    assert settings.listen.enabled is False
    assert settings.listen.address_name == "Kompas"
    assert settings.display.plain is True
    signal_only = settings_from_args(build_parser().parse_args(["start", "--signaal"]))
    assert signal_only.speech.mode == "signaal"
    assert signal_only.session.method == "5-stappen"


def test_rehearsal_answers_time_up_with_the_next_step_or_speaker() -> None:
    posted: list[InputEvent] = []
    rehearsal = Rehearsal()
    assert rehearsal.attach(posted.append) == [rehearsal]
    rehearsal(TimeUp(Scope.STEP))
    rehearsal(TimeUp(Scope.TURN, name="Bram"))
    rehearsal(TimeUp(Scope.STEP, overtime_s=180.0))  # a reminder: already asked
    assert commands(posted) == [Command.NEXT_STEP, Command.NEXT_SPEAKER]
    assert all(isinstance(e, CommandIssued) and e.source is InputSource.SYSTEM for e in posted)


def test_rehearsal_ends_a_soft_step_when_the_session_says_its_time_has_passed() -> None:
    posted: list[InputEvent] = []
    rehearsal = Rehearsal()
    rehearsal.attach(posted.append)
    rehearsal(PlannedTimeReached(3))
    assert commands(posted) == [Command.NEXT_STEP]
