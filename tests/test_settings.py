"""Settings: defaults ← settings file ← command line, and Dutch errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.settings import (
    DEFAULT_METHOD,
    Settings,
    SettingsError,
    build_settings,
    default_settings_path,
    load_settings_file,
)

GOOD_FILE = """\
# mijn instellingen
[sessie]
methode = "roddelmethode"
deelnemers = ["Anna", " Bram "]
duur = 45
meer_tijd = 3
taal = "nl"

[spraak]
snelheid = 150
volume = 70
stem = "gmw/nl"
modus = "signaal"

[luisteren]
aan = false
model = "~/modellen/vosk-nl"
aanspreeknaam = "Kompas"

[scherm]
eenvoudig = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "instellingen.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_file_or_arguments() -> None:
    settings = build_settings({}, use_default_file=False)
    assert settings == Settings()
    assert settings.session.method == DEFAULT_METHOD
    assert settings.speech.mode == "spraak" and settings.listen.enabled
    assert not settings.display.plain
    assert settings.source is None


def test_file_overrides_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_FILE)
    settings = build_settings({}, settings_file=path)
    assert settings.source == path
    assert settings.session.method == "roddelmethode"
    assert settings.session.participants == ("Anna", "Bram")
    assert settings.session.duration_min == 45.0
    assert settings.session.more_time_min == 3.0
    assert settings.speech.rate_wpm == 150
    assert settings.speech.volume_pct == 70
    assert settings.speech.voice == "gmw/nl"
    assert settings.speech.mode == "signaal"
    assert settings.listen.enabled is False
    assert settings.listen.model == Path("~/modellen/vosk-nl").expanduser()
    assert settings.listen.address_name == "Kompas"
    assert settings.display.plain is True


def test_command_line_overrides_file_and_none_means_not_given(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_FILE)
    settings = build_settings(
        {
            "session": {"method": "5-stappen", "duration_min": None},
            "speech": {"volume_pct": 20, "rate_wpm": None},
            "listen": {"enabled": True},
        },
        settings_file=path,
    )
    assert settings.session.method == "5-stappen"  # command line wins
    assert settings.session.duration_min == 45.0  # None: the file's value stays
    assert settings.speech.volume_pct == 20
    assert settings.speech.rate_wpm == 150
    assert settings.listen.enabled is True


def test_default_file_is_used_when_present(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = default_settings_path()
    assert path.name == "instellingen.toml"
    assert build_settings({}).source is None  # absent: defaults, no error
    path.parent.mkdir(parents=True)
    path.write_text('[sessie]\nmethode = "balint"\n', encoding="utf-8")
    settings = build_settings({})
    assert settings.source == path
    assert settings.session.method == "balint"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[sessie]\nmethode = "x"\nduur = "lang"\n', ["regel 3", "'duur'", "[sessie]", "getal"]),
        ("[spraak]\n\nvolume = 150\n", ["regel 3", "'volume'", "tussen 0 en 100"]),
        ("[spraak]\nvolume = true\n", ["regel 2", "'volume'", "geheel getal"]),
        ("[luisteren]\nkleur = 1\n", ["regel 2", "onbekende instelling 'kleur'", "aanspreeknaam"]),
        ("[geluid]\naan = true\n", ["regel 1", "onbekend onderdeel [geluid]", "[spraak]"]),
        ('[sessie]\ntaal = "fr"\n', ["regel 2", "'taal'", "nl of en"]),
        ("[spraak]\nstem = gmw/nl\n", ["regel 2", "de opmaak klopt niet", "aanhalingstekens"]),
        ("[sessie]\nbijeenkomst = 0\n", ["regel 2", "tussen 1 en 99"]),
        ("# groep\nduur = 60\n", ["regel 2", "'duur' staat niet onder een kop", "[sessie]"]),
        ("[sessie]\nduur = nan\n", ["regel 2", "'duur'", "hoogstens 600"]),
        ("[sessie]\n\nduur = 1e300\n", ["regel 3", "'duur'", "hoogstens 600"]),
        ("[sessie]\nmeer_tijd = inf\n", ["regel 2", "'meer_tijd'", "hoogstens 60"]),
        ("[sessie]\nmeer_tijd = -2\n", ["regel 2", "groter dan 0"]),
        ('[sessie]\ndeelnemers = ["An\\u001b[31mna"]\n', ["regel 2", "stuurteken", "\\x1b"]),
        ("[sessie]\nx = [[[[[[\n", ["regel", "de opmaak klopt niet"]),
        ('[sessie]\ndeelnemers = "Anna, Bram"\n', ["regel 2", "lijst met namen"]),
        ('[spraak]\nmodus = "hard"\n', ["regel 2", "'modus'", "spraak, signaal, uit"]),
    ],
)
def test_bad_file_names_file_line_field_and_what_to_do(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        load_settings_file(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    for fragment in expected:
        assert fragment in message


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="niet gevonden"):
        build_settings({}, settings_file=tmp_path / "bestaat-niet.toml")


def test_not_utf8_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "instellingen.toml"
    path.write_bytes(b'[spraak]\nstem = "\xff"\n')
    with pytest.raises(SettingsError, match="UTF-8"):
        load_settings_file(path)


def test_bad_command_line_value_is_a_dutch_error() -> None:
    with pytest.raises(SettingsError, match=r"opdrachtregel.*volume"):
        build_settings({"speech": {"volume_pct": 101}}, use_default_file=False)
    with pytest.raises(SettingsError, match="spreeksnelheid"):
        build_settings({"speech": {"rate_wpm": 5}}, use_default_file=False)


def test_settings_are_frozen() -> None:
    settings = build_settings({}, use_default_file=False)
    with pytest.raises(AttributeError):
        settings.session.method = "x"  # type: ignore[misc]


def test_a_bom_is_accepted_as_in_method_files(tmp_path: Path) -> None:
    path = tmp_path / "instellingen.toml"
    path.write_bytes(b"\xef\xbb\xbf[sessie]\nduur = 45\n")
    assert load_settings_file(path) == {"session": {"duration_min": 45.0}}


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "instellingen.toml"
    path.write_bytes(b'[sessie]\n\nmethode = "caf\xe9"\n')
    with pytest.raises(SettingsError, match=r"regel 3: .*geen UTF-8"):
        load_settings_file(path)


def test_deep_nesting_is_a_syntax_message_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "instellingen.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="te diep in elkaar genest"):
        load_settings_file(path)


def test_talking_over_the_device_from_the_file_and_the_command_line(tmp_path: Path) -> None:
    from facilitator.cli.options import settings_from_args
    from facilitator.cli.parser import build_parser
    from facilitator.wiring import listen_settings

    assert Settings().listen.barge_in is True
    path = write(tmp_path, "[luisteren]\ndoorpraten = false\n")
    from_file = build_settings({}, settings_file=path)
    assert from_file.listen.barge_in is False
    assert listen_settings(from_file).barge_in is False
    parser = build_parser()
    for argv, expected in (
        (["start", "--instellingen", str(path)], False),
        (["start", "--instellingen", str(path), "--doorpraten"], True),
        (["start", "--geen-doorpraten"], False),
    ):
        settings = settings_from_args(parser.parse_args(argv))
        assert listen_settings(settings).barge_in is expected, argv
    bad = write(tmp_path, '[luisteren]\ndoorpraten = "ja"\n')
    with pytest.raises(SettingsError, match=r"regel 2.*'doorpraten'.*true of false"):
        build_settings({}, settings_file=bad)
