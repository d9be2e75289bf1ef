"""Who is there, whose case it is, and how rounds follow joins and leaves (pure logic), and
where each method's case part starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.methods.errors import ErrorCode, MethodError
from facilitator.methods.loader import load_method
from facilitator.methods.registry import builtin_methods
from facilitator.session.people import (
    People,
    case_start,
    chooser,
    clean_name,
    find,
    has_case,
    rebuild_round,
)

NAMES = ("Anna", "Bram", "Cem", "Ditte", "Eva", "Fenna")


# --------------------------------------------------------------------------- people


def test_join_leave_and_the_absent() -> None:
    p = People(("Anna", "Bram", "Cem"), "Bram", members=("Anna", "Bram", "Cem", "Ditte"))
    assert p.absent == ("Ditte",)
    p = p.join("ditte")  # spelled as the group knows her
    assert p.present == ("Anna", "Bram", "Cem", "Ditte") and p.absent == ()
    p = p.leave("CEM")
    assert p.present == ("Anna", "Bram", "Ditte") and p.absent == ("Cem",)
    assert p.join("Eva").members[-1] == "Eva"  # a newcomer becomes a known member


def test_the_casusinbrenger_leaving_leaves_the_choice_open() -> None:
    p = People(("Anna", "Bram", "Cem"), "Bram").leave("Bram")
    assert p.presenter == "" and p.present == ("Anna", "Cem")


def test_another_case_counts_up_and_remembers_who_brought_the_last() -> None:
    p = People(("Anna", "Bram", "Cem"), "Bram")
    second = p.another_case("anna")
    assert (second.case_number, second.presenter, second.earlier) == (2, "Anna", ("Bram",))
    third = second.another_case("")  # the group chooses in its step
    assert (third.case_number, third.presenter, third.earlier) == (3, "", ("Bram", "Anna"))


def test_only_cases_discussed_to_the_end_count() -> None:
    p = People(("Anna", "Bram", "Cem"), "Bram").another_case("Anna")
    assert p.cases_discussed(completed=True) == ("Bram", "Anna")
    assert p.cases_discussed(completed=False) == ("Bram",)  # stopped during Anna's case
    assert People(("Anna", "Bram"), "").cases_discussed(completed=True) == ()


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [("  Cem ", "Cem"), ("Cem  van  Dijk", "Cem van Dijk"), ("", ""), ("A,B", ""),
     ("x" * 41, ""), ("Cem\x1b[2J", "")],
)  # fmt: skip
def test_clean_name(given_name: str, expected: str) -> None:
    assert clean_name(given_name) == expected


def test_find_ignores_case_and_spacing() -> None:
    assert find(NAMES, " ditte ") == "Ditte"
    assert find(NAMES, "Dit") is None


# --------------------------------------------------------------------------- rounds


def test_a_newcomer_speaks_at_the_end_of_a_round_in_progress() -> None:
    update = rebuild_round(("Anna", "Bram", "Cem"), 1, ("Anna", "Bram", "Cem", "Ditte"))
    assert update.speakers == ("Anna", "Bram", "Cem", "Ditte")
    assert (update.index, update.turn_passed) == (1, False)


def test_a_complete_round_stays_complete() -> None:
    update = rebuild_round(("Anna", "Bram"), 2, ("Anna", "Bram", "Cem"))
    assert update.speakers == ("Anna", "Bram") and update.index == 2


def test_someone_who_spoke_and_comes_back_does_not_speak_twice() -> None:
    update = rebuild_round(("Anna", "Bram", "Cem"), 2, ("Bram", "Cem", "Anna"))
    assert update.speakers == ("Anna", "Bram", "Cem")


def test_a_leaver_loses_coming_turns_and_the_current_one_passes_on() -> None:
    coming = rebuild_round(("Anna", "Bram", "Cem", "Ditte"), 1, ("Anna", "Bram", "Ditte"))
    assert coming.speakers == ("Anna", "Bram", "Ditte") and not coming.turn_passed
    current = rebuild_round(("Anna", "Bram", "Cem", "Ditte"), 1, ("Anna", "Cem", "Ditte"))
    assert current.speakers == ("Anna", "Cem", "Ditte")
    assert (current.index, current.turn_passed) == (1, True)  # Cem's turn now
    last = rebuild_round(("Anna", "Bram"), 1, ("Anna",))
    assert (last.speakers, last.index, last.turn_passed) == (("Anna",), 1, True)  # complete


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(NAMES), unique=True, min_size=1),
    st.data(),
    st.lists(st.sampled_from(NAMES), unique=True),
)
def test_rebuilt_rounds_keep_the_past_and_follow_who_should_speak(
    speakers: list[str], data: st.DataObject, wanted: list[str]
) -> None:
    index = data.draw(st.integers(0, len(speakers)))
    update = rebuild_round(speakers, index, wanted)
    new = update.speakers
    assert len(set(new)) == len(new)  # nobody twice
    assert new[:index] == tuple(speakers[:index])  # turns taken stay as they were
    assert update.index == index  # the position never jumps
    if index == len(speakers):  # a complete round stays as it was
        assert new == tuple(speakers) and not update.turn_passed
        return
    current = speakers[index]
    assert update.turn_passed is (current not in wanted)
    coming = new[index:]
    assert all(name in wanted for name in coming)  # only who should speak is still to come
    missing = [n for n in wanted if n not in speakers[:index]]
    assert sorted(coming) == sorted(missing)  # and everyone who should and has not, once
    old_coming = [n for n in speakers[index:] if n in wanted]
    assert list(coming[: len(old_coming)]) == old_coming  # order kept; newcomers at the end


# --------------------------------------------------------------------------- the case part

BUILTIN = {m.id: m for m in builtin_methods()}


def test_the_choosing_methods_mark_their_choosing_step() -> None:
    chosen = {
        mid: method.steps[i].id
        for mid, method in BUILTIN.items()
        if (i := chooser(method)) is not None
    }
    assert chosen == {
        "incidentmethode": "incident-kiezen",
        "balint": "leervraag-kiezen",
        "socratische-dialoog": "voorbeeld-kiezen",
    }


def test_the_case_part_starts_at_the_choosing_step_or_after_the_opening() -> None:
    starts = {mid: method.steps[case_start(method) or 0].id for mid, method in BUILTIN.items()}
    assert starts["incidentmethode"] == "incident-kiezen"
    assert starts["balint"] == "leervraag-kiezen"
    assert starts["5-stappen"] == "probleemverkenning"
    assert starts["10-stappen"] == "probleem-schetsen"
    assert all(method.steps[0].id == "introductie" for method in BUILTIN.values())
    assert all(case_start(method) != 0 for method in BUILTIN.values())  # never the opening
    look_back = BUILTIN["draagvlak"].for_meeting(5)
    assert not has_case(look_back) and case_start(look_back) is None


# --------------------------------------------------------------------------- the method format

BASE = """\
naam = "Eigen"
{top}
[[stap]]
titel = "Introductie"
minuten = 5
spreekt = "iedereen"
prompt = "Welkom."

[[stap]]
titel = "Kiezen"
minuten = 5
spreekt = "{role}"
prompt = "{prompt}"
kiest_casus = true

[[stap]]
id = "vertellen"
titel = "Vertellen"
minuten = 10
spreekt = "casusinbrenger"
prompt = "{{inbrenger}}, vertel."
{extra}"""


SECOND_CHOICE = """
[[stap]]
titel = "Nog eens kiezen"
minuten = 5
spreekt = "iedereen"
prompt = "Kies opnieuw."
kiest_casus = true
"""


def write(tmp_path: Path, **values: str) -> Path:
    fields = {"top": "", "role": "iedereen", "prompt": "Kies samen de casus.", "extra": ""}
    fields.update(values)
    path = tmp_path / "eigen.toml"
    path.write_text(BASE.format(**fields), encoding="utf-8")
    return path


def test_a_method_file_marks_its_choosing_step(tmp_path: Path) -> None:
    method = load_method(write(tmp_path, top='casus_vanaf = "kiezen"'))
    assert chooser(method) == 1 and case_start(method) == 1 and method.case_from == "kiezen"


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"role": "casusinbrenger"}, "kiest_casus", "nog niet gekozen"),
        ({"prompt": "{inbrenger}, kies."}, "prompt", "kiest de groep pas in stap 2"),
        ({"extra": SECOND_CHOICE}, "kiest_casus", "al gekozen in stap 2"),
        ({"top": 'casus_vanaf = "nergens"'}, "casus_vanaf", 'geen stap met id "nergens"'),
        ({"top": 'casus_vanaf = "vertellen"'}, "casus_vanaf", "daar of eerder beginnen"),
        ({"extra": "kiest_casus = 1\n"}, "kiest_casus", "true of false"),
    ],
)
def test_a_wrong_case_part_is_a_located_dutch_error(
    tmp_path: Path, values: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(MethodError) as err:
        load_method(write(tmp_path, **values))
    text = str(err.value)
    assert err.value.field == field and words in text, text
    assert "eigen.toml" in text and err.value.line is not None
    assert err.value.code in (ErrorCode.CASE_PART, ErrorCode.BAD_VALUE, ErrorCode.WRONG_TYPE)
