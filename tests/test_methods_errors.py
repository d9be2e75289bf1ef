"""load_method on malformed fields: each case has its own Dutch message, line, step and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.methods.errors import ErrorCode
from facilitator.methods.loader import load_method
from tests.test_methods_loader import BASE, line_of, load_error, write


@pytest.mark.parametrize("field", ["titel", "minuten", "spreekt", "prompt"])
def test_missing_required_step_field(tmp_path: Path, field: str) -> None:
    lines = BASE.splitlines(keepends=True)
    start = line_of(BASE, "[[stap]]", 2)
    drop = next(n for n in range(start, len(lines)) if lines[n].startswith(f"{field} ="))
    text = "".join(lines[:drop] + lines[drop + 1 :])
    err = load_error(tmp_path, text)
    assert err.code is ErrorCode.MISSING
    assert (err.field, err.step_number, err.line) == (field, 2, start)
    assert "ontbreekt" in str(err) and f"{field} =" in str(err)


def test_missing_name(tmp_path: Path) -> None:
    err = load_error(tmp_path, BASE.replace('naam = "Testmethode"\n', ""))
    assert (err.code, err.field, err.step_number) == (ErrorCode.MISSING, "naam", None)


@pytest.mark.parametrize(
    ("old", "new", "field", "shown"),
    [
        ("minuten = 10", 'minuten = "tien"', "minuten", 'nu: tekst "tien"'),
        ("minuten = 10", "minuten = true", "minuten", "nu: true"),
        ('prompt = "Stel vragen aan {inbrenger}."', "prompt = 12", "prompt", "nu: 12"),
        ('spreekt = "deelnemers"', 'spreekt = "deelnemers"\nronde = "ja"', "ronde", 'tekst "ja"'),
        ('spreekt = "deelnemers"', 'spreekt = "deelnemers"\ninspiratie = "Waarom?"', "inspiratie",
         'tekst "Waarom?"'),
    ],
)  # fmt: skip
def test_wrong_type(tmp_path: Path, old: str, new: str, field: str, shown: str) -> None:
    text = BASE.replace(old, new, 1)
    err = load_error(tmp_path, text)
    assert err.code is ErrorCode.WRONG_TYPE
    assert err.field == field
    assert err.line == line_of(text, new.splitlines()[-1])
    assert shown in str(err) and "Schrijf bijvoorbeeld" in str(err)


def test_single_bracket_step_table_is_explained(tmp_path: Path) -> None:
    text = 'naam = "X"\n\n[stap]\ntitel = "Een"\nminuten = 3\nspreekt = "stil"\nprompt = "Stil."\n'
    err = load_error(tmp_path, text)
    assert err.code is ErrorCode.WRONG_TYPE and err.field == "stap"
    assert "[[stap]]" in str(err) and "dubbele haken" in str(err)


@pytest.mark.parametrize("value", ["0", "-2.5"])
def test_minutes_must_be_positive(tmp_path: Path, value: str) -> None:
    err = load_error(tmp_path, BASE.replace("minuten = 5", f"minuten = {value}"))
    assert (err.code, err.field, err.step_number, err.line) == (
        ErrorCode.NOT_POSITIVE, "minuten", 1, 7,
    )  # fmt: skip
    assert f"(nu: {value})" in str(err)


def test_unknown_role_lists_the_allowed_ones(tmp_path: Path) -> None:
    text = BASE.replace('spreekt = "iedereen"', 'spreekt = "gespreksleider"')
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.line) == (ErrorCode.UNKNOWN_ROLE, "spreekt", 8)
    assert "gespreksleider" in str(err)
    assert "casusinbrenger, deelnemers, iedereen, stil" in str(err)


def test_unknown_timing_lists_the_allowed_ones(tmp_path: Path) -> None:
    err = load_error(tmp_path, 'timing = "soepel"\n' + BASE)
    assert (err.code, err.field, err.line) == (ErrorCode.UNKNOWN_TIMING, "timing", 1)
    assert "hard, zacht" in str(err)


def test_duplicate_step_id(tmp_path: Path) -> None:
    text = BASE.replace('id = "verkennen"', 'id = "introductie"')
    err = load_error(tmp_path, text)
    assert err.code is ErrorCode.DUPLICATE_STEP
    assert (err.step_number, err.field) == (2, "id")
    assert err.line == line_of(text, 'id = "introductie"', 2)
    assert 'stap 1 ("Introductie")' in str(err)


def test_duplicate_derived_id(tmp_path: Path) -> None:
    text = (
        BASE + '\n[[stap]]\ntitel = "Associëren!"\nminuten = 2\nspreekt = "stil"\nprompt = "X."\n'
    )
    err = load_error(tmp_path, text)
    assert (err.code, err.step_number, err.field) == (ErrorCode.DUPLICATE_STEP, 4, "titel")


def test_bad_explicit_id(tmp_path: Path) -> None:
    err = load_error(tmp_path, BASE.replace('id = "verkennen"', 'id = "Stap Twee"'))
    assert (err.code, err.field) == (ErrorCode.BAD_VALUE, "id")
    assert 'id = "stap-twee"' in str(err)


@pytest.mark.parametrize(
    ("old", "new", "typo", "suggestion", "step"),
    [
        ("minuten = 5", "minuut = 5", "minuut", "minuten", 1),
        ('naam = "Testmethode"', 'naaam = "Testmethode"', "naaam", "naam", None),
        ('[[stap]]\nid = "verkennen"', '[[stappen]]\nid = "verkennen"', "stappen", "stap", None),
        (
            'spreekt = "deelnemers"',
            'spreekt = "deelnemers"\ninspiratie_vragen = []',
            "inspiratie_vragen",
            "inspiratie",
            2,
        ),
    ],
)
def test_unknown_key_suggests_the_closest(
    tmp_path: Path, old: str, new: str, typo: str, suggestion: str, step: int | None
) -> None:
    text = BASE.replace(old, new, 1)
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.step_number) == (ErrorCode.UNKNOWN_KEY, typo, step)
    assert f'Bedoel je "{suggestion}"?' in str(err)
    assert err.line == line_of(text, typo)


def test_unknown_key_without_close_match_lists_fields(tmp_path: Path) -> None:
    err = load_error(tmp_path, BASE.replace("minuten = 5", "minuten = 5\nxyz = 1"))
    assert err.code is ErrorCode.UNKNOWN_KEY
    assert "Toegestane velden:" in str(err) and "spreekt" in str(err)


@pytest.mark.parametrize(
    ("value", "code", "hint"),
    [
        ("[8, 4]", ErrorCode.GROUP_RANGE, "groep = [4, 8]"),
        ("[1, 6]", ErrorCode.GROUP_RANGE, "minstens 2"),
        ("[4]", ErrorCode.WRONG_TYPE, "[minimum, maximum]"),
        ('["vier", 8]', ErrorCode.WRONG_TYPE, "[minimum, maximum]"),
    ],
)
def test_group_range(tmp_path: Path, value: str, code: ErrorCode, hint: str) -> None:
    err = load_error(tmp_path, BASE.replace("groep = [3, 6]", f"groep = {value}"))
    assert (err.code, err.field, err.line) == (code, "groep", 2)
    assert hint in str(err)


def test_unknown_placeholder_suggests_the_closest(tmp_path: Path) -> None:
    text = BASE.replace("Stel vragen aan {inbrenger}.", "Stel vragen aan {inbrengr}.")
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.step_number) == (ErrorCode.PLACEHOLDER, "prompt", 2)
    assert "{inbrengr}" in str(err) and "Bedoel je {inbrenger}?" in str(err)
    assert "{accent}, {bijeenkomst}, {deelnemers}, {inbrenger}" in str(err)


def test_meeting_placeholder_needs_meetings(tmp_path: Path) -> None:
    err = load_error(tmp_path, BASE.replace("Welkom.", "Welkom bij bijeenkomst {bijeenkomst}."))
    assert (err.code, err.field, err.step_number) == (ErrorCode.PLACEHOLDER, "prompt", 1)
    assert "[[bijeenkomst]]" in str(err)


@pytest.mark.parametrize("text", ["Welkom {.", "Welkom }.", "Welkom {{inbrenger}}."])
def test_loose_brace_is_explained(tmp_path: Path, text: str) -> None:
    err = load_error(tmp_path, BASE.replace("Welkom.", text))
    assert (err.code, err.field) == (ErrorCode.PLACEHOLDER, "prompt")
    assert "losse accolade" in str(err)


def test_placeholders_are_checked_in_opening_rules(tmp_path: Path) -> None:
    err = load_error(tmp_path, 'openingsregels = ["Luister naar {inbrengr}."]\n' + BASE)
    assert (err.code, err.field, err.line) == (ErrorCode.PLACEHOLDER, "openingsregels", 1)


def test_no_placeholders_in_a_meeting_accent(tmp_path: Path) -> None:
    meeting = '[[bijeenkomst]]\nnummer = 1\ntitel = "Een"\naccent = "Voor {inbrenger}."\n\n'
    text = BASE.replace("\n[[stap]]", "\n" + meeting + "[[stap]]", 1)
    err = load_error(tmp_path, text)
    assert (err.code, err.field) == (ErrorCode.PLACEHOLDER, "accent")
    assert "bijeenkomst 1: hier werken geen invulplekken (nu: {inbrenger})" in str(err)


def test_placeholders_are_checked_in_inspiration(tmp_path: Path) -> None:
    text = BASE.replace(
        'spreekt = "deelnemers"', 'spreekt = "deelnemers"\ninspiratie = ["{naam}?"]', 1
    )
    err = load_error(tmp_path, text)
    assert (err.code, err.field) == (ErrorCode.PLACEHOLDER, "inspiratie")


def test_round_on_silent_step(tmp_path: Path) -> None:
    text = BASE.replace('spreekt = "iedereen"', 'spreekt = "stil"\nronde = true')
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.step_number, err.line) == (
        ErrorCode.ROUND_SILENT,
        "ronde",
        1,
        9,
    )
    assert 'spreekt = "stil"' in str(err)


def test_round_when_only_the_case_bringer_speaks(tmp_path: Path) -> None:
    text = BASE.replace('spreekt = "iedereen"', 'spreekt = "casusinbrenger"\nronde = true')
    assert load_error(tmp_path, text).code is ErrorCode.ROUND_SILENT


def test_round_with_case_bringer_needs_a_round(tmp_path: Path) -> None:
    text = BASE.replace('spreekt = "iedereen"', 'spreekt = "iedereen"\nronde_met_inbrenger = true')
    err = load_error(tmp_path, text)
    assert (err.code, err.field) == (ErrorCode.BAD_VALUE, "ronde_met_inbrenger")


def test_min_minutes_above_minutes(tmp_path: Path) -> None:
    err = load_error(tmp_path, BASE.replace("minuten = 5", "minuten = 5\nmin_minuten = 6"))
    assert (err.code, err.field, err.step_number) == (ErrorCode.BAD_VALUE, "min_minuten", 1)


def test_warnings_must_be_positive_seconds(tmp_path: Path) -> None:
    err = load_error(tmp_path, "waarschuwingen = [120, 0]\n" + BASE)
    assert (err.code, err.field, err.line) == (ErrorCode.NOT_POSITIVE, "waarschuwingen", 1)
    err = load_error(tmp_path, "waarschuwingen = [1.5]\n" + BASE)
    assert err.code is ErrorCode.WRONG_TYPE


def test_total_minutes_must_match(tmp_path: Path) -> None:
    err = load_error(tmp_path, "totaal_minuten = 60\n" + BASE)
    assert (err.code, err.field, err.line) == (ErrorCode.TOTAL_MISMATCH, "totaal_minuten", 1)
    assert "is 60, maar de stappen duren samen 25 minuten" in str(err)
    assert load_method(write(tmp_path, "totaal_minuten = 25\n" + BASE)).total_minutes == 25


def test_no_steps(tmp_path: Path) -> None:
    err = load_error(tmp_path, 'naam = "Leeg"\n')
    assert (err.code, err.field) == (ErrorCode.NO_STEPS, "stap")
    assert "[[stap]]" in str(err)


def test_duplicate_meeting_numbers(tmp_path: Path) -> None:
    meetings = (
        '[[bijeenkomst]]\nnummer = 1\ntitel = "Een"\naccent = "a"\n\n'
        '[[bijeenkomst]]\nnummer = 1\ntitel = "Twee"\naccent = "b"\n\n'
    )
    text = BASE.replace("\n[[stap]]", "\n" + meetings + "[[stap]]", 1)
    err = load_error(tmp_path, text)
    assert (err.code, err.field) == (ErrorCode.DUPLICATE_MEETING, "nummer")
    assert err.line == line_of(text, "nummer = 1", 2)
    assert str(err).startswith(f'{tmp_path / "methode.toml"}, regel {err.line}, veld "nummer": ')
    assert "bijeenkomst 2: bijeenkomst 1 komt twee keer voor" in str(err)


def test_key_inside_multiline_string_does_not_mislead_the_line(tmp_path: Path) -> None:
    text = BASE.replace(
        'prompt = "Welkom. Wat hier gezegd wordt, is vertrouwelijk."',
        'prompt = """\nminuten = 3\n[[stap]]\nWelkom."""',
    ).replace('titel = "Verkennen"\nminuten = 10', 'titel = "Verkennen"\nminuten = -1')
    err = load_error(tmp_path, text)
    assert (err.step_number, err.field, err.line) == (2, "minuten", line_of(text, "minuten = -1"))


ROUND_STEP = 'spreekt = "iedereen"\nronde = true'  # step 1 ("Introductie", 5 minutes)


@pytest.mark.parametrize("value", ["-1", "-0.5"])
def test_round_reserve_must_not_be_negative(tmp_path: Path, value: str) -> None:
    new = f"{ROUND_STEP}\nronde_reserve_minuten = {value}"
    text = BASE.replace('spreekt = "iedereen"', new)
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.step_number) == (
        ErrorCode.NOT_POSITIVE, "ronde_reserve_minuten", 1,
    )  # fmt: skip
    assert err.line == line_of(text, "ronde_reserve_minuten")
    assert f"mag niet negatief zijn (nu: {value})" in str(err)
    assert "Schrijf 0 of meer" in str(err)


@pytest.mark.parametrize("value", ["5", "5.0", "7"])
def test_round_reserve_must_leave_time_for_the_turns(tmp_path: Path, value: str) -> None:
    text = BASE.replace('spreekt = "iedereen"', f"{ROUND_STEP}\nronde_reserve_minuten = {value}")
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.step_number) == (
        ErrorCode.BAD_VALUE, "ronde_reserve_minuten", 1,
    )  # fmt: skip
    assert "moet kleiner zijn dan minuten" in str(err)
    assert "de stap duurt 5 minuten" in str(err)
    assert "ronde_reserve_minuten = 1.5" in str(err)  # a third of 5, in half minutes


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("ronde_reserve_minuten = 2", "ronde_reserve_minuten"),
        ('na_ronde = "{inbrenger}, wat klopt er?"', "na_ronde"),
    ],
)
def test_time_after_a_round_needs_a_round(tmp_path: Path, line: str, field: str) -> None:
    text = BASE.replace('spreekt = "iedereen"', f'spreekt = "iedereen"\n{line}')
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.step_number) == (ErrorCode.BAD_VALUE, field, 1)
    assert err.line == line_of(text, line)
    assert "alleen betekenis bij een ronde" in str(err) and "ronde = true" in str(err)


@pytest.mark.parametrize(
    ("line", "field", "shown"),
    [
        ('ronde_reserve_minuten = "vijf"', "ronde_reserve_minuten", 'nu: tekst "vijf"'),
        ("ronde_reserve_minuten = true", "ronde_reserve_minuten", "nu: true"),
        ("na_ronde = 3", "na_ronde", "nu: 3"),
    ],
)
def test_time_after_a_round_wrong_type(tmp_path: Path, line: str, field: str, shown: str) -> None:
    text = BASE.replace('spreekt = "iedereen"', f"{ROUND_STEP}\n{line}")
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.line) == (ErrorCode.WRONG_TYPE, field, line_of(text, line))
    assert shown in str(err) and "Schrijf bijvoorbeeld" in str(err)


@pytest.mark.parametrize(
    ("prompt", "hint"),
    [
        ('"{inbreng}, wat klopt er?"', "Bedoel je {inbrenger}?"),
        ('"Bijeenkomst {bijeenkomst}."', "geen [[bijeenkomst]]"),
        ('"Wat klopt er? }"', "losse accolade"),
    ],
)
def test_after_round_prompt_placeholders_are_checked(
    tmp_path: Path, prompt: str, hint: str
) -> None:
    text = BASE.replace('spreekt = "iedereen"', f"{ROUND_STEP}\nna_ronde = {prompt}")
    err = load_error(tmp_path, text)
    assert (err.code, err.field, err.step_number) == (ErrorCode.PLACEHOLDER, "na_ronde", 1)
    assert err.line == line_of(text, "na_ronde")
    assert hint in str(err)
