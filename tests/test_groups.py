"""Standing groups: stored locally and atomically, history only on opt-in, Dutch errors."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.cli.groups import for_session, record_case
from facilitator.groups import (
    CaseRecord,
    Group,
    GroupError,
    GroupStore,
    PromptLength,
    check_group,
)

PEOPLE = ("Anna", "Bram", "Cem", "Dirk")


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    return tmp_path / "facilitator" / "groepen"


def test_a_group_round_trips_and_keeps_no_content(tmp_path: Path) -> None:
    store = GroupStore(tmp_path)
    group = Group("Team Noord", PEOPLE, "nl", ("5-stappen",), PromptLength.AUTO, True)
    path = store.save(group.with_record(CaseRecord(date(2026, 11, 1), "Anna", "5-stappen")))
    assert path == tmp_path / "team-noord.json"
    loaded = store.get("team noord")  # names are matched without case
    assert loaded.history == (CaseRecord(date(2026, 11, 1), "Anna", "5-stappen"),)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["geschiedenis"][0]) == {"datum", "casusinbrenger", "methode"}
    assert [p.name for p in tmp_path.iterdir()] == ["team-noord.json"]  # no temp files


def test_history_is_kept_only_when_the_group_opts_in(tmp_path: Path) -> None:
    store = GroupStore(tmp_path)
    store.save(Group("Zonder", PEOPLE))
    record = CaseRecord(date(2026, 11, 1), "Anna", "balint")
    assert store.record("Zonder", record).history == ()
    assert store.get("Zonder").history == ()
    store.save(Group("Met", PEOPLE, keep_history=True))
    assert store.record("Met", record).history == (record,)
    assert store.forget("Met").history == ()
    assert store.get("Met").history == () and store.get("Met").participants == PEOPLE


def test_a_failed_write_leaves_the_old_group_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = GroupStore(tmp_path)
    store.save(Group("Team", PEOPLE))

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        store.save(Group("Team", ("Eva", "Fons")))
    monkeypatch.undo()
    assert store.get("Team").participants == PEOPLE
    assert [p.name for p in tmp_path.iterdir()] == ["team.json"]


def test_an_unreadable_group_file_is_named_in_dutch(tmp_path: Path) -> None:
    (tmp_path / "kapot.json").write_text("{niet json", encoding="utf-8")
    with pytest.raises(GroupError) as err:
        GroupStore(tmp_path).get("kapot")
    assert "kapot.json" in str(err.value) and "onleesbaar" in str(err.value)
    assert err.value.error_code == "group.unreadable"
    assert GroupStore(tmp_path).names() == []  # the list skips it


@pytest.mark.parametrize(
    ("people", "words"),
    [
        (("Anna",), "minstens 2 deelnemers"),
        (("Anna", ""), "lege naam"),
        (("Anna", "anna"), "twee keer"),
    ],
)
def test_bad_names_are_refused(people: tuple[str, ...], words: str) -> None:
    with pytest.raises(GroupError, match=words):
        check_group(Group("Team", people))


def test_experience_chooses_short_prompts_and_the_follow_up() -> None:
    group = Group("Team", PEOPLE, keep_history=True)
    assert not group.brief_for("5-stappen") and group.last_case_bringers() == ()
    group = group.with_record(CaseRecord(date(2026, 10, 1), "Cem", "5-stappen"))
    group = group.with_record(CaseRecord(date(2026, 11, 1), "Anna", "balint"))
    assert group.brief_for("5-stappen") and not group.brief_for("roddelmethode")
    assert group.last_case_bringers() == ("Anna",)  # only the last meeting
    assert not Group("T", PEOPLE, prompts=PromptLength.FULL).brief_for("x")
    assert Group("T", PEOPLE, prompts=PromptLength.BRIEF).brief_for("x")


def test_for_session_takes_the_setting_over_the_experience(tmp_path: Path) -> None:
    store = GroupStore(tmp_path)
    store.save(Group("Team", PEOPLE, keep_history=True))
    record_case("Team", "Bram", "5-stappen", store=store)
    use = for_session("Team", "5-stappen", store=store)
    assert use.brief and use.follow_up == ("Bram",)
    assert not for_session("Team", "5-stappen", "uitgebreid", store=store).brief
    assert not for_session("Team", "balint", store=store).brief


def test_the_groep_commands(data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["groep", "maak", "Team Noord", "--deelnemers", "Anna,Bram,Cem"]) == 0
    assert main(["groep", "maak", "Team Noord", "--deelnemers", "Anna,Bram"]) == 2
    assert "Er is al een groep" in capsys.readouterr().err
    assert main(["groep", "wijzig", "team noord", "--geschiedenis", "ja", "--uitleg", "kort"]) == 0
    store = GroupStore(data_home)
    record_case("Team Noord", "Cem", "balint", store=store)
    assert main(["groep", "toon", "Team Noord"]) == 0
    shown = capsys.readouterr().out
    assert "Deelnemers: Anna, Bram, Cem" in shown and "Cem  balint" in shown
    assert main(["groep", "vergeet", "Team Noord"]) == 0
    assert store.get("Team Noord").history == ()
    assert main(["groep", "lijst"]) == 0
    assert "Team Noord: Anna, Bram, Cem" in capsys.readouterr().out
    assert main(["groep", "verwijder", "Team Noord"]) == 0
    assert main(["groep", "toon", "Team Noord"]) == 2
    assert "Er is geen groep 'Team Noord'" in capsys.readouterr().err
    assert main(["groep", "maak", "X", "--deelnemers", "A,B", "--methodes", "geen"]) == 2
    assert "Onbekende methode 'geen'" in capsys.readouterr().err


def team_with_history(tmp: Path) -> tuple[Path, GroupStore]:
    """A short method file and the group "Team" (Anna, Bram, Cem, history on), made through
    the real command; the method's path and the group store the command uses."""
    from tests.test_cli_commands import SHORT_METHOD, facilitator

    method = tmp / "kort.toml"
    method.write_text(SHORT_METHOD, encoding="utf-8")
    made = facilitator(
        tmp, "groep", "maak", "Team", "--deelnemers", "Anna,Bram,Cem", "--geschiedenis", "ja"
    )
    assert made.returncode == 0, made.stderr
    return method, GroupStore(tmp / "data" / "facilitator" / "groepen")


@pytest.mark.slow
def test_start_with_a_group_asks_about_last_time_and_records_the_case(tmp_path: Path) -> None:
    """Through the real command: the group's names, short prompts for a method it did before,
    the follow-up question in the first step, and the new case recorded at the end."""
    from tests.test_cli_run import QUIET, running

    method, store = team_with_history(tmp_path)
    store.record("Team", CaseRecord(date(2026, 10, 1), "Cem", "kort"))
    args = ("start", str(method), "--groep", "Team", "--inbrenger", "Anna", *QUIET)
    with running(tmp_path, *args) as run:
        run.wait_for("Cem, vorige keer bracht jij een casus in. Wat heb je ermee gedaan?")
        for _ in range(3):
            run.key("v")
        run.wait_for("De intervisie is klaar.")
        code, stderr = run.finish()
    assert code == 0, stderr
    captions = [line.split("] » ", 1)[1] for line in run.lines if "] » " in line]
    assert any(c.startswith("Stap één: Openen.") for c in captions)  # short: done before
    assert store.get("Team").history[-1].casusinbrenger == "Anna"
    assert len(store.get("Team").history) == 2


@pytest.mark.slow
def test_a_session_stopped_early_records_no_case(tmp_path: Path) -> None:
    """ "ja, stoppen" in the first step: the case was not discussed, so the group's history
    does not say Anna brought it (next time nobody asks her what she did with it)."""
    from tests.test_cli_run import QUIET, running

    method, store = team_with_history(tmp_path)
    args = ("start", str(method), "--groep", "Team", "--inbrenger", "Anna", *QUIET)
    with running(tmp_path, *args) as run:
        run.wait_for("Stap één")
        run.key("q")
        run.key("j")
        code, stderr = run.finish()
    assert code == 0, stderr
    assert store.get("Team").history == ()


def test_the_settings_file_takes_a_group_and_a_prompt_length(tmp_path: Path) -> None:
    from facilitator.settings import SettingsError, build_settings

    path = tmp_path / "instellingen.toml"
    path.write_text('[sessie]\ngroep = "Team Noord"\nuitleg = "kort"\n', encoding="utf-8")
    settings = build_settings({}, settings_file=path)
    assert (settings.session.group, settings.session.prompts) == ("Team Noord", "kort")
    path.write_text('[sessie]\nuitleg = "lang"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"regel 2.*uitleg moet kort of uitgebreid zijn"):
        build_settings({}, settings_file=path)
