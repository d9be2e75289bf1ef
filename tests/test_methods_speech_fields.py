"""The method-file fields for speech economy: kort, regel_halverwege, incheckronde,
evaluatieronde, bronnen, and steps that belong to some meetings of a cycle (bijeenkomsten)."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.methods.errors import ErrorCode, MethodError
from facilitator.methods.fitting import fit, minimum_minutes
from facilitator.methods.loader import load_method

BASE = """\
naam = "Testmethode"
bronnen = ["Achternaam, A. (2020). Een titel. Uitgever."]

[[stap]]
id = "introductie"
titel = "Introductie"
minuten = 5
spreekt = "iedereen"
ronde = true
prompt = "Welkom. Wat hier gezegd wordt, is vertrouwelijk."
kort = "De afspraken kennen jullie."

[[stap]]
id = "verkennen"
titel = "Verkennen"
minuten = 10
spreekt = "deelnemers"
prompt = "Stel vragen aan {inbrenger}."
regel = "Alleen vragen."
regel_halverwege = true
"""

CYCLE = """\
naam = "Cyclus"
totaal_minuten = 20

[[bijeenkomst]]
nummer = 1
titel = "Begin"
accent = "Vandaag beginnen we."

[[bijeenkomst]]
nummer = 2
titel = "Terugblik"
accent = "Vandaag kijken we terug."

[[stap]]
id = "inleiding"
titel = "Inleiding"
minuten = 5
spreekt = "iedereen"
prompt = "{accent}"

[[stap]]
id = "casus"
titel = "Casus"
minuten = 15
spreekt = "casusinbrenger"
bijeenkomsten = [1]
prompt = "{inbrenger}, vertel."

[[stap]]
id = "terugblik"
titel = "Terugblik"
minuten = 15
spreekt = "iedereen"
ronde = true
bijeenkomsten = [2]
prompt = "Kijk om de beurt terug."
"""


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "methode.toml"
    path.write_text(text, encoding="utf-8")
    return load_method(path)


def error(tmp_path: Path, text: str) -> MethodError:
    with pytest.raises(MethodError) as info:
        load(tmp_path, text)
    return info.value


def test_the_new_fields_are_read(tmp_path: Path) -> None:
    method = load(tmp_path, BASE)
    intro, explore = method.steps  # type: ignore[attr-defined]
    assert intro.short_prompt == "De afspraken kennen jullie."
    assert explore.short_prompt == "" and explore.rule_halfway
    assert method.sources == ("Achternaam, A. (2020). Een titel. Uitgever.",)  # type: ignore[attr-defined]
    assert method.checkin_round and method.evaluation_round  # type: ignore[attr-defined]
    off = load(tmp_path, "incheckronde = false\nevaluatieronde = false\n" + BASE)
    assert not off.checkin_round and not off.evaluation_round  # type: ignore[attr-defined]


def test_a_bad_short_prompt_is_located(tmp_path: Path) -> None:
    err = error(tmp_path, BASE.replace('kort = "De afspraken kennen jullie."', 'kort = "{naam}"'))
    assert err.code is ErrorCode.PLACEHOLDER and err.field == "kort" and err.line == 11


def test_a_cycle_narrows_to_the_steps_of_one_meeting(tmp_path: Path) -> None:
    method = load(tmp_path, CYCLE)
    assert method.varies_per_meeting and method.total_minutes == 20  # type: ignore[attr-defined]
    first = method.for_meeting(1)  # type: ignore[attr-defined]
    second = method.for_meeting(2)  # type: ignore[attr-defined]
    assert [s.id for s in first.steps] == ["inleiding", "casus"]
    assert [s.id for s in second.steps] == ["inleiding", "terugblik"]
    assert second.for_meeting(2) == second  # narrowing twice changes nothing
    assert fit(second, 40).total_minutes == 40
    assert [s.id for s in fit(method, 40).steps] == ["inleiding", "casus"]  # first meeting
    assert minimum_minutes(method) == minimum_minutes(first)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (("bijeenkomsten = [1]", "bijeenkomsten = [3]"), "bijeenkomsten", "3 bestaat niet"),
        (("bijeenkomsten = [1]", 'bijeenkomsten = "een"'), "bijeenkomsten", "lijst van nummers"),
        (("bijeenkomsten = [2]", "bijeenkomsten = [1]"), "totaal_minuten", "1 duurt 35"),
        (
            ('minuten = 15\nspreekt = "iedereen"', 'minuten = 10\nspreekt = "iedereen"'),
            "totaal_minuten",
            "bijeenkomst 2 duurt 15 minuten",
        ),
    ],
)  # fmt: skip
def test_cycle_mistakes_are_named(
    tmp_path: Path, change: tuple[str, str], field: str, words: str
) -> None:
    old, new = change
    assert old in CYCLE
    err = error(tmp_path, CYCLE.replace(old, new))
    assert err.field == field and words in str(err), str(err)


def test_bijeenkomsten_outside_a_cycle_is_refused(tmp_path: Path) -> None:
    err = error(tmp_path, BASE + "bijeenkomsten = [1]\n")
    assert err.field == "bijeenkomsten" and "geen [[bijeenkomst]]" in str(err)


def test_a_meeting_without_steps_is_named(tmp_path: Path) -> None:
    text = CYCLE.replace('prompt = "{accent}"', 'prompt = "{accent}"\nbijeenkomsten = [1]')
    text = text.replace("bijeenkomsten = [2]", "bijeenkomsten = [1]").replace("= 20", "= 35")
    err = error(tmp_path, text)
    assert err.code is ErrorCode.NO_STEPS and "bijeenkomst 2 heeft geen stappen" in str(err)
