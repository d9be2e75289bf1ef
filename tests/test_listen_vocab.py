"""Command vocabularies and listening settings: data validation with clear Dutch errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.events import STATE_CHANGING, VOICE_COMMANDS, Command
from facilitator.listening import (
    ListenSettings,
    ListenSettingsError,
    VocabularyError,
    load_vocabulary,
)

DATA = Path(__file__).parent / "data"

GOOD = """
taal = "nl"
naam = "Vlaams"
opvulwoorden = ["de", "het"]

[opdrachten]
next_step = ["volgende stap", "verder doen"]
previous_step = ["vorige stap"]
more_time = ["meer tijd"]
pause = ["even pauze"]
resume = ["verder gaan"]
repeat = ["herhaal"]
time_left = ["hoeveel tijd"]
next_speaker = ["volgende spreker"]
questions = ["welke vragen"]
help = ["help"]
stop = ["sessie stoppen"]
confirm = ["ja stoppen"]
cancel = ["nee doorgaan"]
rule = ["spelregel"]
more_help = ["meer hulp"]
brief = ["korte uitleg"]
full = ["uitgebreide uitleg"]
another_case = ["nog een casus"]
someone_joins = ["er is iemand bij"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "eigen.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["nl", "en", str(DATA / "vocab_ko.toml")])
def test_built_in_and_test_vocabularies_cover_every_command(name: str) -> None:
    vocab = load_vocabulary(name)
    table = vocab.help_phrases()
    assert list(table) == list(VOICE_COMMANDS)
    assert all(table[c] for c in VOICE_COMMANDS)
    for phrase, command in vocab.phrases.items():
        if command in STATE_CHANGING:
            assert len(phrase.split()) >= 2, phrase


def test_user_vocabulary_with_variants(tmp_path: Path) -> None:
    vocab = load_vocabulary(write(tmp_path, GOOD))
    assert vocab.help_phrases()[Command.NEXT_STEP] == ("volgende stap", "verder doen")
    assert vocab.name == "Vlaams"
    assert "verder" in vocab.command_words() and "de" in vocab.all_words()


def test_one_word_state_changing_phrase_is_refused_with_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('more_time = ["meer tijd"]', 'more_time = ["meer"]'))
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(path)
    text = str(err.value)
    assert str(path) in text and "regel 9" in text and "minstens 2 woorden" in text


def test_missing_command_is_named(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="geen zin voor help"):
        load_vocabulary(write(tmp_path, GOOD.replace('help = ["help"]\n', "")))


def test_unknown_command_lists_the_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match=r"onbekende opdracht 'vooruit'.*next_step"):
        load_vocabulary(write(tmp_path, GOOD + 'vooruit = ["ga vooruit"]\n'))


def test_same_phrase_for_two_commands(tmp_path: Path) -> None:
    text = GOOD.replace('resume = ["verder gaan"]', 'resume = ["volgende stap"]')
    path = write(tmp_path, text)
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(path)
    line = text.splitlines().index('resume = ["volgende stap"]') + 1
    assert str(caught.value) == (
        f"{path}, regel {line}: de zin 'volgende stap' staat bij 'next_step' én bij 'resume'. "
        "Een zin mag maar bij één opdracht horen."
    )


def test_digits_and_punctuation_are_refused(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="alleen woorden"):
        load_vocabulary(write(tmp_path, GOOD.replace('"herhaal"', '"herhaal!"')))


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="geen geldige TOML"):
        load_vocabulary(write(tmp_path, "next_step = [volgende stap]"))
    with pytest.raises(VocabularyError, match="niet gevonden"):
        load_vocabulary(tmp_path / "bestaat-niet.toml")


def test_settings_from_dutch_and_english_keys() -> None:
    settings = ListenSettings.from_mapping(
        {
            "model": "~/modellen/nl",
            "woordenlijst": "en",
            "microfoon": "3",
            "aanspreeknaam": " Kompas ",
            "invoer_wav": "/tmp/x.wav",
            "cooldown_s": 2,
            "guard_s": None,
        },
        "--opties",
    )
    assert settings.vocabulary == "en" and settings.device == 3
    assert settings.wake_name == "kompas" and settings.cooldown_s == 2.0
    assert settings.guard_s == ListenSettings().guard_s
    assert settings.model is not None and "~" not in str(settings.model)
    assert ListenSettings.from_mapping({"microfoon": "USB"}).device == "USB"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"aanspreeknaam": "hee kompas"}, "precies één woord"),
        ({"block_s": 0.5}, "tussen 0.05 en 0.25"),
        ({"cooldown_s": "lang"}, "moet een getal"),
        ({"kleur": "rood"}, "onbekende luisterinstelling 'kleur'"),
        ({"aan": "ja"}, "true of false"),
    ],
)
def test_settings_errors_are_dutch_and_name_the_field(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(ListenSettingsError, match=message) as err:
        ListenSettings.from_mapping(values, "instellingen.toml")
    assert "instellingen.toml" in str(err.value)


def test_no_model_installed_says_exactly_how_to_fix_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.events import InputEvent, Notice
    from facilitator.listening import create_listener, models

    monkeypatch.setattr(models, "model_dirs", lambda: (tmp_path / "models",))
    posted: list[InputEvent] = []
    assert create_listener(ListenSettings(), posted.append) is None
    assert len(posted) == 1 and isinstance(posted[0], Notice)
    assert "python -m facilitator model download" in posted[0].text
    assert str(tmp_path / "models") in posted[0].text and "toetsenbord" in posted[0].text


def test_bad_vocabulary_turns_listening_off_with_a_notice(tmp_path: Path) -> None:
    from facilitator.events import InputEvent, Notice
    from facilitator.listening import create_listener

    posted: list[InputEvent] = []
    settings = ListenSettings(vocabulary=str(tmp_path / "weg.toml"))
    assert create_listener(settings, posted.append) is None
    assert isinstance(posted[0], Notice) and "woordenlijst niet gevonden" in posted[0].text
