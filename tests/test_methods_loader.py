"""load_method: the TOML layout maps onto the schema; each bad file gets its own Dutch message."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.methods.errors import ErrorCode, MethodError
from facilitator.methods.loader import load_method
from facilitator.methods.schema import DEFAULT_WARNINGS_S, Role, RoundSpec, Timing

# Line numbers below are relied upon by the tests: keep this text as it is.
BASE = """\
naam = "Testmethode"
groep = [3, 6]

[[stap]]
id = "introductie"
titel = "Introductie"
minuten = 5
spreekt = "iedereen"
prompt = "Welkom. Wat hier gezegd wordt, is vertrouwelijk."

[[stap]]
id = "verkennen"
titel = "Verkennen"
minuten = 10
spreekt = "deelnemers"
prompt = "Stel vragen aan {inbrenger}."

[[stap]]
titel = "Associëren"
minuten = 10
spreekt = "deelnemers"
prompt = "Wat denk je bij de vraag van {inbrenger}?"
"""


def write(tmp_path: Path, text: str, name: str = "methode.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> MethodError:
    with pytest.raises(MethodError) as info:
        load_method(write(tmp_path, text))
    return info.value


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``fragment``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[occurrence - 1]


# --------------------------------------------------------------------------- valid files


def test_base_file_maps_onto_schema(tmp_path: Path) -> None:
    method = load_method(write(tmp_path, BASE))
    assert method.id == "methode"
    assert method.name == "Testmethode"
    assert (method.group_min, method.group_max) == (3, 6)
    assert [s.id for s in method.steps] == ["introductie", "verkennen", "associeren"]
    assert [s.role for s in method.steps] == [Role.IEDEREEN, Role.DEELNEMERS, Role.DEELNEMERS]
    assert method.total_minutes == 25
    assert method.timing is Timing.HARD
    assert method.warnings_s == DEFAULT_WARNINGS_S
    assert method.path == tmp_path / "methode.toml"


def test_every_field_is_read(tmp_path: Path) -> None:
    text = """\
naam = "Alles"
beschrijving = "Een methode met alle velden."
groep = [2, 4]
totaal_minuten = 12.5
timing = "zacht"
waarschuwingen = [30, 90, 30]
herinnering_minuten = 2
checkin_minuten = 7.5
openingsregels = ["Neem de tijd.", "Luister."]
bron = "Test"

[[bijeenkomst]]
nummer = 2
titel = "Tweede"
accent = "het tweede accent"

[[bijeenkomst]]
nummer = 1
titel = "Eerste"
accent = "het eerste accent"

[[stap]]
id = "ronde"
titel = "Ronde"
minuten = 10
spreekt = "iedereen"
prompt = \"\"\"\\
Bijeenkomst {bijeenkomst}: {accent}. \\
Om de beurt, {deelnemers}.\"\"\"
regel = "Kort."
inspiratie = ["Wat zie je, {inbrenger}?"]
ronde = true
ronde_met_inbrenger = false
timing = "hard"
waarschuwingen = [60]
min_minuten = 4

[[stap]]
titel = "Stil schrijven"
minuten = 2.5
spreekt = "stil"
prompt = "Schrijf in stilte."
"""
    method = load_method(write(tmp_path, text))
    assert method.description == "Een methode met alle velden."
    assert method.timing is Timing.SOFT
    assert method.warnings_s == (90, 30)  # sorted, largest first, duplicates removed
    assert (method.reminder_min, method.checkin_min) == (2.0, 7.5)
    assert method.opening_rules == ("Neem de tijd.", "Luister.")
    assert [m.number for m in method.meetings] == [1, 2]
    second_meeting = method.meeting(2)
    assert second_meeting is not None and second_meeting.accent == "het tweede accent"
    first, second = method.steps
    assert first.prompt == "Bijeenkomst {bijeenkomst}: {accent}. Om de beurt, {deelnemers}."
    assert first.round == RoundSpec(include_casusinbrenger=False)
    assert first.timing is Timing.HARD and method.step_timing(first) is Timing.HARD
    assert first.warnings_s == (60,) and first.min_minutes == 4
    assert first.inspiration == ("Wat zie je, {inbrenger}?",)
    assert second.id == "stil-schrijven" and second.minutes == 2.5
    assert second.round is None and method.step_timing(second) is Timing.SOFT


def test_round_of_everyone_includes_the_case_bringer_by_default(tmp_path: Path) -> None:
    text = BASE.replace('spreekt = "iedereen"', 'spreekt = "iedereen"\nronde = true')
    method = load_method(write(tmp_path, text))
    assert method.steps[0].round == RoundSpec(include_casusinbrenger=True)


def test_file_is_only_read(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("minuten = 10", "minuten = 0", 1))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(MethodError):
        load_method(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["methode.toml"]


def test_the_example_in_format_md_loads(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[1] / "facilitator/methods/FORMAT.md").read_text()
    blocks = re.findall(r"```toml\n(.*?)```", doc, flags=re.S)
    assert len(blocks) == 4  # the method, a step, a round with time after it, a meeting
    method_block, step_block, round_block, meeting_block = blocks
    method = load_method(write(tmp_path, "\n".join((method_block, step_block, meeting_block))))
    assert method.name == "Mijn methode" and method.total_minutes == 10
    assert method.steps[0].round == RoundSpec(
        include_casusinbrenger=False,
        reserve_minutes=3.0,
        after_prompt="{inbrenger}, wat neem je hieruit mee?",
    )
    assert method.steps[0].min_minutes == 5 and len(method.meetings) == 1
    example = load_method(write(tmp_path, 'naam = "Voorbeeld"\n' + round_block, "ronde.toml"))
    spec = example.steps[0].round
    assert spec is not None and spec.reserve_minutes == 5
    assert spec.after_prompt.startswith("{inbrenger}, wat klopt er aan de associaties?")


# --------------------------------------------------------------------------- the example message


def test_message_names_file_line_step_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = BASE.replace('titel = "Associëren"\nminuten = 10', 'titel = "Associëren"\nminuten = 0')
    assert line_of(text, "minuten = 0") == 20
    write(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MethodError) as info:
        load_method(Path("methode.toml"))
    err = info.value
    assert str(err) == (
        'methode.toml, regel 20, stap 3 ("Associëren"), veld "minuten": '
        "moet groter dan 0 zijn (nu: 0). Pas de waarde aan."
    )
    assert (err.code, err.line, err.step_number, err.step_title, err.field) == (
        ErrorCode.NOT_POSITIVE, 20, 3, "Associëren", "minuten",
    )  # fmt: skip


# --------------------------------------------------------------------------- malformed files


def test_toml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    text = BASE.replace(
        'minuten = 10\nspreekt = "deelnemers"', 'minuten = tien\nspreekt = "deelnemers"', 1
    )
    err = load_error(tmp_path, text)
    assert err.code is ErrorCode.SYNTAX
    assert err.line == line_of(text, "minuten = tien")
    assert f"regel {err.line}" in str(err)
    assert "aanhalingstekens" in str(err)


def test_unterminated_string_is_a_syntax_error(tmp_path: Path) -> None:
    err = load_error(tmp_path, BASE + 'regel = "nooit af\n')
    assert err.code is ErrorCode.SYNTAX
    assert "afsluitend aanhalingsteken" in str(err)


# --------------------------------------------------------------------------- unreadable files


def test_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(MethodError) as info:
        load_method(tmp_path / "bestaat-niet.toml")
    assert info.value.code is ErrorCode.NOT_FOUND
    assert str(info.value).startswith(str(tmp_path / "bestaat-niet.toml"))
    assert "niet gevonden" in str(info.value)


def test_directory_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "map.toml").mkdir()
    with pytest.raises(MethodError) as info:
        load_method(tmp_path / "map.toml")
    assert info.value.code is ErrorCode.UNREADABLE


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, BASE)
    path.chmod(0)
    try:
        with pytest.raises(MethodError) as info:
            load_method(path)
    finally:
        path.chmod(0o644)
    assert info.value.code is ErrorCode.UNREADABLE


def test_not_utf8_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "methode.toml"
    path.write_bytes(BASE.replace("Verkennen", "Verkenn\xebn").encode("latin-1"))
    with pytest.raises(MethodError) as info:
        load_method(path)
    assert info.value.code is ErrorCode.NOT_UTF8
    assert info.value.line == line_of(BASE, 'titel = "Verkennen"')
    assert "UTF-8" in str(info.value)


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "methode.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_method(path).name == "Testmethode"


# --------------------------------------------------------------------------- robustness

_FULL = Path(__file__).resolve().parents[1] / "facilitator/methods/library/draagvlak.toml"


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.data(),
    st.lists(st.sampled_from(["delete", "duplicate", "insert", "swap"]), min_size=1, max_size=4),
)
def test_damaged_files_give_method_errors_never_tracebacks(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, edits: list[str]
) -> None:
    lines = _FULL.read_text(encoding="utf-8").splitlines()
    for edit in edits:
        at = data.draw(st.integers(0, len(lines) - 1))
        if edit == "delete" and len(lines) > 1:
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, lines[at])
        elif edit == "insert":
            lines.insert(at, data.draw(st.text(max_size=20)))
        elif edit == "swap":
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
    path = tmp_path_factory.mktemp("kapot") / "methode.toml"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    try:
        method = load_method(path)
    except MethodError as err:
        assert str(err).startswith(str(path)) and err.message
    else:
        assert method.steps


# --------------------------------------------------------------------------- time after a round


def test_round_reserve_and_after_prompt_are_read(tmp_path: Path) -> None:
    text = BASE.replace(
        'spreekt = "iedereen"',
        'spreekt = "iedereen"\nronde = true\nronde_reserve_minuten = 1.5\n'
        'na_ronde = "  {inbrenger}, wat hoor je terug van {deelnemers}?  "',
    )
    spec = load_method(write(tmp_path, text)).steps[0].round
    assert spec == RoundSpec(
        include_casusinbrenger=True,
        reserve_minutes=1.5,
        after_prompt="{inbrenger}, wat hoor je terug van {deelnemers}?",
    )


@pytest.mark.parametrize("extra", ["", "ronde_reserve_minuten = 0\n"])
def test_round_without_reserve_keeps_no_time_back(tmp_path: Path, extra: str) -> None:
    text = BASE.replace('spreekt = "iedereen"', f'spreekt = "iedereen"\nronde = true\n{extra}')
    spec = load_method(write(tmp_path, text)).steps[0].round
    assert spec is not None
    assert (spec.reserve_minutes, spec.after_prompt) == (0.0, "")
