"""The ``facilitator`` command in a subprocess: methodes, toon, apparaten and user errors.

Every run gets its own config/data/state directories, so no user file is read or written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli.parser import translate

EXIT_USAGE = 2
RUN_TIMEOUT_S = 60  # safety net only; these commands take about a second

SHORT_METHOD = """\
naam = "Korte oefenmethode"
beschrijving = "Drie korte stappen om mee te testen."
groep = [2, 6]

[[stap]]
titel = "Openen"
minuten = 1
spreekt = "iedereen"
prompt = "We beginnen. {inbrenger} brengt de casus in."
regel = "Kort en krachtig."

[[stap]]
titel = "Rondje"
minuten = 2
spreekt = "deelnemers"
ronde = true
prompt = "Ieder zegt om de beurt iets."

[[stap]]
titel = "Vrij gesprek"
minuten = 1
spreekt = "iedereen"
timing = "zacht"
prompt = "Praat vrij met elkaar."
"""


def isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
    ):
        env[var] = str(home / sub)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def facilitator(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=isolated_env(home),
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def user_methods(home: Path) -> Path:
    directory = home / "data" / "facilitator" / "methodes"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def assert_user_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == EXIT_USAGE, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip(), "a user error must say something"
    for fragment in fragments:
        assert fragment in result.stderr


def test_help_is_dutch(tmp_path: Path) -> None:
    result = facilitator(tmp_path, "--help")
    assert result.returncode == 0
    assert "Gebruik: facilitator" in result.stdout
    for command in ("methodes", "toon", "start", "oefen", "spreek-test", "model", "apparaten"):
        assert command in result.stdout
    assert "toon deze hulp en stop" in result.stdout


def test_methodes_lists_builtin_user_and_broken_files(tmp_path: Path) -> None:
    directory = user_methods(tmp_path)
    (directory / "kort.toml").write_text(SHORT_METHOD, encoding="utf-8")
    (directory / "kapot.toml").write_text(
        'naam = "Kapot"\n[[stap]]\ntitel = "X"\nminuten = 0\n', encoding="utf-8"
    )
    result = facilitator(tmp_path, "methodes")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "5-stappen: Vijfstappenmethode, 60 min, 4 tot 8 deelnemers" in out
    assert "kort [eigen]: Korte oefenmethode, 4 min, 2 tot 6 deelnemers" in out
    assert "Methodebestanden die niet gebruikt kunnen worden:" in out
    broken = out.split("Methodebestanden die niet gebruikt kunnen worden:")[1]
    assert "kapot: kan niet worden gebruikt" in broken and "kapot.toml" in broken
    assert str(directory) in out


def test_toon_shows_fitted_agenda_with_clock_times(tmp_path: Path) -> None:
    result = facilitator(tmp_path, "toon", "5-stappen", "--duur", "45", "--start", "19:30")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Vijfstappenmethode (45 min, 4 tot 8 deelnemers)")
    assert "Passend gemaakt: 45 min in plaats van 60 min." in out
    assert "Begin 19:30, gepland einde 20:15." in out
    assert "Stap 1 van 7: Introductie. 19:30 tot" in out
    assert "Aan het woord: de casusinbrenger." in out
    assert "Regel: Alleen verhelderende vragen" in out
    assert "Ronde:" in out
    assert "─" not in out and "│" not in out  # plain text for screen readers


def test_toon_of_a_cycle_lists_its_meetings(tmp_path: Path) -> None:
    listing = facilitator(tmp_path, "toon", "draagvlak")
    assert listing.returncode == 0, listing.stderr
    assert "kies er een met --bijeenkomst N" in listing.stdout
    assert "  3: " in listing.stdout
    chosen = facilitator(tmp_path, "toon", "draagvlak", "--bijeenkomst", "3")
    assert chosen.returncode == 0, chosen.stderr
    assert "Bijeenkomst 3: " in chosen.stdout
    assert "--bijeenkomst N" not in chosen.stdout


def test_toon_by_file_path(tmp_path: Path) -> None:
    path = tmp_path / "kort.toml"
    path.write_text(SHORT_METHOD, encoding="utf-8")
    result = facilitator(tmp_path, "toon", str(path), "--start", "09:00")
    assert result.returncode == 0, result.stderr
    assert "Stap 3 van 3: Vrij gesprek. 09:03 tot 09:04, 1 min, vrije tijd." in result.stdout


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (
            ["toon", "bestaatniet"],
            ['Geen methode gevonden met de naam "bestaatniet"', "facilitator methodes"],
        ),
        (["toon", "5-stappen", "--duur", "5"], ["minstens", "Kies meer tijd"]),
        (["toon", "5-stappen", "--duur", "veel"], ["fout:", "'veel' is geen aantal minuten"]),
        (["toon", "5-stappen", "--start", "25:00"], ["geen kloktijd"]),
        (["toon", "5-stappen", "--bijeenkomst", "2"], ["geen bijeenkomst 2"]),
        (["start", "--onzin"], ["onbekende argumenten: --onzin"]),
        (
            ["start", "--volume", "150", "--deelnemers", "A,B", "--inbrenger", "A"],
            ["volume", "tussen 0 en 100"],
        ),
        (
            [
                "start",
                "--deelnemers",
                "Anna,Bram,Cem,Dirk",
                "--inbrenger",
                "Zoë",
                "--plain",
                "--geen-spraak",
                "--geen-luisteren",
            ],
            ["Zoë"],
        ),
        (
            [
                "start",
                "--deelnemers",
                "Anna,,Cem",
                "--inbrenger",
                "Anna",
                "--geen-spraak",
                "--geen-luisteren",
            ],
            [],
        ),
        (["start", "--geen-spraak", "--geen-luisteren"], ["Namen ontbreken", "--deelnemers"]),
        (["start", "--hervat", "--geen-spraak", "--geen-luisteren"], ["geen onderbroken sessie"]),
        (["oefen", "bestaatniet"], ["Geen methode gevonden"]),
        (
            [
                "start",
                "draagvlak",
                "--deelnemers",
                "A,B,C,D",
                "--inbrenger",
                "A",
                "--geen-spraak",
                "--geen-luisteren",
            ],
            ["bijeenkomst"],
        ),
        (["model"], ["deze gegevens ontbreken"]),
    ],
)
def test_user_errors_are_one_dutch_message_and_exit_2(
    tmp_path: Path, args: list[str], fragments: list[str]
) -> None:
    assert_user_error(facilitator(tmp_path, *args), *fragments)


def test_broken_method_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "kapot.toml"
    path.write_text(SHORT_METHOD.replace("minuten = 2", "minuten = -2"), encoding="utf-8")
    result = facilitator(tmp_path, "toon", str(path))
    assert_user_error(result, str(path), "regel 14", "minuten")


def test_bad_settings_file_names_file_line_and_field(tmp_path: Path) -> None:
    settings = tmp_path / "mijn.toml"
    settings.write_text('[spraak]\nvolume = "hard"\n', encoding="utf-8")
    result = facilitator(
        tmp_path,
        "start",
        "--instellingen",
        str(settings),
        "--deelnemers",
        "A,B",
        "--inbrenger",
        "A",
    )
    assert_user_error(result, str(settings), "regel 2", "'volume'", "geheel getal")


def test_default_settings_file_is_read(tmp_path: Path) -> None:
    config = tmp_path / "config" / "facilitator"
    config.mkdir(parents=True)
    (config / "instellingen.toml").write_text("[sessie]\nduur = 3\n", encoding="utf-8")
    result = facilitator(
        tmp_path,
        "start",
        "--deelnemers",
        "A,B,C,D",
        "--inbrenger",
        "A",
        "--geen-spraak",
        "--geen-luisteren",
    )
    assert_user_error(result, "minstens")  # 5-stappen cannot fit into 3 minutes


def test_argparse_messages_are_translated() -> None:
    assert translate("the following arguments are required: METHODE") == (
        "deze gegevens ontbreken: METHODE"
    )
    assert translate("argument --taal: invalid choice: 'fr' (choose from 'nl', 'en')") == (
        "bij --taal: ongeldige keuze: 'fr' (kies uit 'nl', 'en')"
    )


@pytest.mark.audio
def test_apparaten_lists_the_virtual_devices(virtual_audio: object, tmp_path: Path) -> None:
    env = {**isolated_env(tmp_path), **virtual_audio.env}  # type: ignore[attr-defined]
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "apparaten"],
        capture_output=True,
        text=True,
        env=env,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "microfoon (standaard)" in result.stdout
    assert "luidspreker" in result.stdout


def test_agenda_says_what_follows_a_round_with_a_reserve() -> None:
    """The 5-stappen step "Toelichting" keeps 5 of its 15 minutes for after the round."""
    from dataclasses import replace
    from datetime import datetime

    from facilitator.cli.agenda import agenda_lines
    from facilitator.methods.fitting import fit
    from facilitator.methods.registry import builtin_methods

    method = next(m for m in builtin_methods() if m.id == "5-stappen")
    start = datetime(2026, 11, 24, 19, 30)
    lines = list(agenda_lines(method, start))
    at = next(i for i, line in enumerate(lines) if "Toelichting." in line)
    assert lines[at + 1] == (
        "    Ronde: de deelnemers om de beurt, de tijd wordt eerlijk verdeeld; "
        "de laatste 5 min van de stap zijn voor na de ronde."
    )
    assert lines[at + 2].startswith("    Na de ronde: De casusinbrenger, nu ben jij aan het woord.")
    named = list(agenda_lines(method, start, participants=("Anna", "Bram"), casusinbrenger="Anna"))
    assert any(line.startswith("    Na de ronde: Anna, nu ben jij") for line in named)
    fitted = list(agenda_lines(fit(method, 45), start))
    assert any("de laatste 3,7 min van de stap zijn voor na de ronde" in line for line in fitted)
    introduction = next(i for i, line in enumerate(lines) if "Introductie." in line)
    assert lines[introduction + 1].endswith("eerlijk verdeeld.")  # no reserve: nothing after
    assert not lines[introduction + 2].startswith("    Na de ronde")
    toelichting = next(i for i, st in enumerate(method.steps) if st.title == "Toelichting")
    steps = list(method.steps)
    old = steps[toelichting]
    assert old.round is not None
    steps[toelichting] = replace(old, round=replace(old.round, after_prompt=""))
    free = list(agenda_lines(replace(method, steps=tuple(steps)), start))
    assert "    Na de ronde: vrij gesprek in de tijd die over is." in free
