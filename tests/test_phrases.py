"""Phrase packs: Dutch numbers, durations and clock times; both packs complete."""

from __future__ import annotations

import inspect
from datetime import datetime

import pytest

from facilitator.events import VOICE_COMMANDS, Command
from facilitator.phrases import LANGUAGES, Phrases, Refusal, get_phrases
from facilitator.phrases.base import Phrases as PhrasesProtocol


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (0, "nul"),
        (1, "één"),
        (12, "twaalf"),
        (20, "twintig"),
        (21, "eenentwintig"),
        (22, "tweeëntwintig"),
        (23, "drieëntwintig"),
        (45, "vijfenveertig"),
        (99, "negenennegentig"),
        (100, "honderd"),
        (120, "honderdtwintig"),
        (215, "tweehonderdvijftien"),
        (1000, "duizend"),
        (2026, "tweeduizend zesentwintig"),
    ],
)
def test_dutch_numbers(n: int, word: str) -> None:
    assert get_phrases("nl").number(n) == word


@pytest.mark.parametrize(
    ("seconds", "spoken"),
    [
        (1, "een seconde"),
        (12, "twaalf seconden"),
        (20, "twintig seconden"),
        (30, "een halve minuut"),
        (31, "een halve minuut"),
        (45, "vijfenveertig seconden"),
        (60, "een minuut"),
        (72, "een minuut"),  # a 1.2-minute turn: "ongeveer een minuut"
        (90, "anderhalve minuut"),
        (105, "twee minuten"),
        (120, "twee minuten"),
        (150, "twee en een halve minuut"),
        (200, "drie en een halve minuut"),  # to the nearest half minute
        (450, "zeven en een halve minuut"),
        (750, "twaalf en een halve minuut"),
        (-180, "drie minuten"),
        (300, "vijf minuten"),
        (3600, "een uur"),
        (5400, "anderhalf uur"),
        (9000, "tweeënhalf uur"),
        (4200, "een uur en tien minuten"),
        (7260, "twee uur en een minuut"),
    ],
)
def test_dutch_durations(seconds: float, spoken: str) -> None:
    assert get_phrases("nl").duration(seconds) == spoken


@pytest.mark.parametrize(
    ("hhmm", "spoken"),
    [
        ("15:00", "drie uur"),
        ("15:15", "kwart over drie"),
        ("15:20", "tien voor half vier"),
        ("15:30", "half vier"),
        ("15:35", "vijf over half vier"),
        ("15:44", "kwart voor vier"),
        ("15:52", "tien voor vier"),
        ("00:05", "vijf over twaalf"),
        ("12:30", "half één"),
        ("23:58", "twaalf uur"),
    ],
)
def test_dutch_clock_times(hhmm: str, spoken: str) -> None:
    at = datetime.fromisoformat(f"2026-11-24T{hhmm}")
    assert get_phrases("nl").clock_time(at) == spoken


def test_dutch_names_and_common_lines() -> None:
    p = get_phrases("nl")
    assert p.names(["Anna"]) == "Anna"
    assert p.names(["Anna", "Bram", "Carla"]) == "Anna, Bram en Carla"
    assert p.warning(120) == "Nog twee minuten voor deze stap."
    assert p.warning(30) == "Nog een halve minuut voor deze stap."
    assert p.warning(45) == "Nog vijfenveertig seconden voor deze stap."
    assert p.warning(90) == "Nog anderhalve minuut voor deze stap."
    assert p.time_up(120).startswith("De tijd voor deze stap is om.")
    assert p.overtime(180).startswith("We zijn drie minuten over de tijd.")
    assert p.turn_call("Bram", 0) == "Bram, jij bent aan de beurt."
    assert p.ack_next_step() == "Volgende stap."
    assert p.plan_too_few(1, 2).startswith("Er is maar één deelnemer opgegeven;")
    assert p.plan_too_few(0, 2).startswith("Er zijn geen deelnemers opgegeven;")
    assert p.ack_pause().startswith("Gepauzeerd. Zeg 'verder gaan'")
    assert p.ask_stop().startswith("Weet je het zeker? Zeg 'ja, stoppen'")


def test_more_time_ack_says_the_new_end() -> None:
    p = get_phrases("nl")
    end = datetime(2026, 11, 24, 15, 42)
    assert p.ack_more_time(120, end, 300) == (
        "Twee minuten extra. De sessie loopt nu tot ongeveer tien over half vier, "
        "vijf minuten later dan gepland."
    )
    assert p.ack_more_time(120, end, 10).endswith("zoals gepland.")


def test_half_minutes_are_spoken_naturally_in_every_line() -> None:
    """A 2.5-minute step is not "twee minuten" while the screen says "2,5 min"."""
    p = get_phrases("nl")
    assert p.step_intro(1, 3, "Schrijven", "Schrijf.", 150, soft=False).endswith(
        "Deze stap duurt twee en een halve minuut."
    )
    assert p.step_intro(1, 3, "Schrijven", "Schrijf.", 30, soft=False).endswith(
        "Deze stap duurt een halve minuut."
    )
    assert p.turn_call("Bram", 90) == ("Bram, jij begint. Ieder heeft ongeveer anderhalve minuut.")
    assert p.turn_call("Bram", 200).endswith("Ieder heeft ongeveer drie en een halve minuut.")
    assert p.turn_call("Bram", 200, first=False) == "Bram, jij bent aan de beurt."
    assert p.warning(150) == "Nog twee en een halve minuut voor deze stap."
    assert p.time_up(150).endswith("of 'meer tijd' voor twee en een halve minuut extra.")
    end = datetime(2026, 11, 24, 15, 42)
    assert p.ack_more_time(150, end, 150) == (
        "Twee en een halve minuut extra. De sessie loopt nu tot ongeveer tien over half vier, "
        "twee en een halve minuut later dan gepland."
    )
    assert p.ack_more_time(30, end, 30).startswith("Een halve minuut extra.")
    assert p.ack_more_time(30, end, 30).endswith("zoals gepland.")  # under 45 s late
    assert p.ack_more_time(90, end, -90).endswith("anderhalve minuut eerder dan gepland.")


@pytest.mark.parametrize(
    ("seconds", "spoken"),
    [
        (12, "twelve seconds"),
        (30, "half a minute"),
        (60, "one minute"),
        (90, "a minute and a half"),
        (150, "two and a half minutes"),
        (450, "seven and a half minutes"),
        (750, "twelve and a half minutes"),
        (5400, "an hour and a half"),
        (9000, "two and a half hours"),
        (4200, "one hour and ten minutes"),
    ],
)
def test_english_durations(seconds: float, spoken: str) -> None:
    assert get_phrases("en").duration(seconds) == spoken


def test_english_lines_say_half_minutes_too() -> None:
    p = get_phrases("en")
    assert p.step_intro(1, 3, "Writing", "Write.", 150, soft=False).endswith(
        "This step takes two and a half minutes."
    )
    assert p.warning(30) == "Half a minute left for this step."
    end = datetime(2026, 11, 24, 15, 42)
    assert p.ack_more_time(150, end, 150).endswith("two and a half minutes later than planned.")


def test_command_words_follow_the_listening_vocabulary() -> None:
    p = get_phrases("nl", {Command.NEXT_STEP: "door naar de volgende"})
    assert "'door naar de volgende'" in p.time_up(120)
    assert "'meer tijd'" in p.time_up(120)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_refusal_and_label_has_text(language: str) -> None:
    p = get_phrases(language)
    for reason in Refusal:
        assert p.refusal(reason).strip()
        assert "{" not in p.refusal(reason)
    for command in VOICE_COMMANDS:
        assert p.command_words(command)
        assert p.command_label(command)


@pytest.mark.parametrize("language", LANGUAGES)
def test_packs_implement_the_whole_protocol(language: str) -> None:
    p = get_phrases(language)
    wanted = {
        name
        for name, _ in inspect.getmembers(PhrasesProtocol, inspect.isfunction)
        if not name.startswith("_")
    }
    missing = {name for name in wanted if not callable(getattr(p, name, None))}
    assert not missing
    assert p.language == language


def test_english_pack_speaks_english() -> None:
    p: Phrases = get_phrases("en")
    assert p.number(42) == "forty-two"
    assert p.duration(90) == "a minute and a half"
    assert p.warning(120) == "Two minutes left for this step."
    assert p.clock_time(datetime(2026, 11, 24, 15, 45)) == "quarter to four"


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Onbekende taal 'fr'"):
        get_phrases("fr")


@pytest.mark.parametrize(
    ("language", "done", "tail"),
    [
        (
            "nl",
            "Iedereen is aan de beurt geweest.",
            " Nog vijf minuten.",
        ),
        (
            "en",
            "Everyone has had a turn.",
            " Five minutes left.",
        ),
    ],
)
def test_after_round_lines(language: str, done: str, tail: str) -> None:
    p = get_phrases(language)
    assert p.round_done() == done
    assert "'" not in p.round_done()  # unlike round_complete: no "say next step" yet
    assert p.after_round("Anna, wat klopt er?", 300, soft=False) == "Anna, wat klopt er?" + tail
    assert p.after_round("Anna, wat klopt er?", 300, soft=True) == "Anna, wat klopt er?"
    assert p.after_round("Anna, wat klopt er?", 0.4, soft=False) == "Anna, wat klopt er?"
    assert p.after_round("Anna, wat klopt er?", -60, soft=False) == "Anna, wat klopt er?"
