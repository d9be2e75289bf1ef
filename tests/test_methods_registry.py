"""The registry: built-in plus user methods, overrides, broken files and forgiving names."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.methods import registry
from facilitator.methods.errors import ErrorCode, MethodError, MethodNotFound
from facilitator.methods.registry import Origin, discover, find_method

USER_METHOD = """\
naam = "{name}"
groep = [3, 6]

[[stap]]
id = "introductie"
titel = "Introductie"
minuten = 5
spreekt = "iedereen"
prompt = "Welkom."
"""


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "methodes"
    directory.mkdir()
    monkeypatch.setattr(registry, "user_methods_dir", lambda: directory)
    return directory


def add(directory: Path, stem: str, name: str = "Eigen methode", text: str | None = None) -> Path:
    path = directory / f"{stem}.toml"
    path.write_text(USER_METHOD.format(name=name) if text is None else text, encoding="utf-8")
    return path


def test_user_methods_dir_is_in_the_user_data_dir() -> None:
    directory = registry.user_methods_dir()
    assert directory.name == "methodes"
    assert "facilitator" in directory.parts


def test_without_user_methods_only_builtins(user_dir: Path) -> None:
    found = discover()
    assert found.user_dir == user_dir
    assert {entry.origin for entry in found.entries} == {Origin.BUILTIN}
    assert len(found.methods) == len(registry.builtin_methods())
    assert found.broken == () and found.notices == ()


def test_missing_user_dir_is_fine(tmp_path: Path) -> None:
    found = discover(tmp_path / "bestaat-niet")
    assert found.methods and found.notices == ()


def test_user_dir_that_is_a_file_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "methodes"
    path.write_text("geen map")
    found = discover(path)
    assert len(found.methods) == len(registry.builtin_methods())
    assert found.notices and "geen map" in found.notices[0]


def test_user_method_is_listed_and_found(user_dir: Path) -> None:
    add(user_dir, "mijn-methode", "Mijn Methode")
    (user_dir / "notities.txt").write_text("geen methode")
    (user_dir / ".verborgen.toml").write_text("kapot = ")
    found = discover()
    user = [entry for entry in found.entries if entry.origin is Origin.USER]
    assert [entry.id for entry in user] == ["mijn-methode"]
    assert user[0].usable and user[0].note == ""
    assert find_method("mijn-methode").name == "Mijn Methode"
    assert find_method("Mijn methode").id == "mijn-methode"


def test_user_method_overrides_builtin(user_dir: Path) -> None:
    add(user_dir, "5-stappen", "Onze vijf stappen")
    found = discover()
    builtin = next(e for e in found.entries if e.id == "5-stappen" and e.origin is Origin.BUILTIN)
    user = next(e for e in found.entries if e.id == "5-stappen" and e.origin is Origin.USER)
    assert builtin.overridden and not builtin.usable
    assert user.overrides_builtin and user.usable
    assert "vervangt de ingebouwde" in user.note
    assert "vervangen door je eigen methode" in builtin.note
    assert [m.name for m in found.methods if m.id == "5-stappen"] == ["Onze vijf stappen"]
    assert find_method("5-stappen").name == "Onze vijf stappen"
    assert [e.id for e in found.active()].count("5-stappen") == 1


def test_broken_user_file_does_not_hide_the_others(user_dir: Path) -> None:
    add(user_dir, "goed")
    add(user_dir, "kapot", text='naam = "Kapot"\n\n[[stap]]\ntitel = "Een"\nminuten = 0\n')
    found = discover()
    broken = found.broken
    assert [entry.id for entry in broken] == ["kapot"]
    assert broken[0].error is not None and broken[0].error.code is ErrorCode.NOT_POSITIVE
    assert "kan niet worden gebruikt" in broken[0].note and "regel 5" in broken[0].note
    ids = {method.id for method in found.methods}
    assert "goed" in ids and "kapot" not in ids and "5-stappen" in ids
    with pytest.raises(MethodError) as info:
        find_method("kapot")
    assert info.value.code is ErrorCode.NOT_POSITIVE
    assert find_method("goed").id == "goed"


def test_broken_override_is_reported_not_silently_replaced(user_dir: Path) -> None:
    add(user_dir, "balint", text="naam = \n")
    found = discover()
    assert "balint" not in {method.id for method in found.methods}
    entry = next(e for e in found.broken if e.id == "balint")
    assert entry.overrides_builtin and "vervangt daarmee de ingebouwde" in entry.note
    with pytest.raises(MethodError) as info:
        find_method("balint")
    assert info.value.code is ErrorCode.SYNTAX


@pytest.mark.parametrize(
    ("query", "method_id"),
    [
        ("5-stappen", "5-stappen"),
        ("5 stappen", "5-stappen"),
        ("  5 STAPPEN ", "5-stappen"),
        ("vijfstappenmethode", "5-stappen"),
        ("Vijf stappen", "5-stappen"),
        ("tien stappen", "10-stappen"),
        ("Incident methode", "incidentmethode"),
        ("incident", "incidentmethode"),
        ("socratisch", "socratische-dialoog"),
        ("Socratische Dialoog", "socratische-dialoog"),
        ("balint-methode", "balint"),
        ("zes denk hoeden", "zes-denkhoeden"),
        ("leren van succéssen", "leren-van-successen"),
        ("Draagvlakcyclus", "draagvlak"),
    ],
)
def test_forgiving_names(user_dir: Path, query: str, method_id: str) -> None:
    assert find_method(query).id == method_id


def test_unknown_name_suggests_close_ones(user_dir: Path) -> None:
    with pytest.raises(MethodNotFound) as info:
        find_method("roddelmetode")
    assert info.value.suggestions[0] == "roddelmethode"
    assert str(info.value).startswith('Geen methode gevonden met de naam "roddelmetode".')
    assert "Bedoel je: roddelmethode" in str(info.value)
    assert '"facilitator methodes"' in str(info.value)


def test_ambiguous_name_lists_candidates(user_dir: Path) -> None:
    with pytest.raises(MethodNotFound) as info:
        find_method("stappen")  # neither a name nor the start of one; close to both
    assert set(info.value.suggestions) >= {"5-stappen", "10-stappen"}


def test_nonsense_name_has_no_suggestions(user_dir: Path) -> None:
    with pytest.raises(MethodNotFound) as info:
        find_method("qqqq")
    assert info.value.suggestions == ()
    with pytest.raises(MethodNotFound):
        find_method("  ")


def test_find_by_path(tmp_path: Path, user_dir: Path) -> None:
    path = add(tmp_path, "los-bestand", "Los bestand")
    assert find_method(str(path)).name == "Los bestand"
    with pytest.raises(MethodError) as info:
        find_method(str(tmp_path / "weg.toml"))
    assert info.value.code is ErrorCode.NOT_FOUND


def test_file_name_without_directory_falls_back_to_the_id(
    user_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_method("5-stappen.toml").id == "5-stappen"
