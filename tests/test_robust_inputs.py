"""Every input that used to crash or hang: one Dutch line and exit code 2, or handled.

Real files in a subprocess: deeply nested method files, numbers out of range, event logs
that cannot be written, devices and pipes where a file is expected, other output
encodings, a closed stdin and control characters in names and titles.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from facilitator.cli.parser import EXIT_INTERRUPTED, EXIT_USAGE
from tests.robust_support import NAMES, QUIET, live_session, run
from tests.test_cli_commands import SHORT_METHOD, isolated_env, user_methods

pytestmark = pytest.mark.slow
DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"


def assert_one_dutch_line(result: object, *fragments: str) -> None:
    assert getattr(result, "returncode") == EXIT_USAGE, getattr(result, "stderr")  # noqa: B009
    stderr: str = getattr(result, "stderr")  # noqa: B009
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("facilitator")]
    assert len(lines) == 1, stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# ------------------------------------------------------------------ 6. a deep user file


def test_a_deeply_nested_user_file_hides_nothing_else(tmp_path: Path) -> None:
    (user_methods(tmp_path) / "diep.toml").write_text(DEEP, encoding="utf-8")
    listing = run(tmp_path, "methodes")
    assert listing.returncode == 0, listing.stderr
    assert "5-stappen" in listing.stdout and "balint" in listing.stdout
    assert "diep: kan niet worden gebruikt" in listing.stdout
    assert "te diep in elkaar genest" in listing.stdout
    shown = run(tmp_path, "toon", "5-stappen")
    assert shown.returncode == 0 and "Vijfstappenmethode" in shown.stdout
    started = run(tmp_path, "start", "5-stappen", *NAMES, *QUIET, stdin="q\nj\n")
    assert started.returncode == 0, started.stderr
    assert "Sessie gestopt." in started.stdout
    assert_one_dutch_line(run(tmp_path, "toon", "diep"), "diep.toml", "te diep")


# ------------------------------------------------------------------ 7. numbers at the edge


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("start", "--meer-tijd", "1e12"), ("--meer-tijd", "hoogstens 60")),
        (("start", "--duur", "1e300"), ("--duur", "hoogstens 600")),
        (("start", "--duur", "nan"), ("--duur", "hoogstens 600")),
        (("toon", "5-stappen", "--duur", "inf"), ("--duur", "hoogstens 600")),
        (("oefen", "--snelheid", "1e7"), ("--snelheid", "1 tot en met 1000000")),
        (("oefen", "--snelheid", "inf"), ("--snelheid", "1 tot en met 1000000")),
        (("oefen", "--snelheid", "0"), ("--snelheid", "1 tot en met 1000000")),
    ],
)
def test_command_line_numbers_are_checked_at_the_edge(
    tmp_path: Path, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    result = run(tmp_path, *args, *NAMES)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert "Traceback" not in result.stderr
    assert all(fragment in result.stderr for fragment in fragments), result.stderr
    assert "minuten" not in result.stderr or "--snelheid" not in result.stderr


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("[sessie]\nmeer_tijd = nan\n", ("regel 2", "'meer_tijd'", "hoogstens 60")),
        ("[sessie]\nduur = 1e300\n", ("regel 2", "'duur'", "hoogstens 600")),
        ("duur = 60\n", ("regel 1", "niet onder een kop", "[sessie]")),
    ],
)
def test_settings_numbers_name_file_and_line(
    tmp_path: Path, text: str, fragments: tuple[str, ...]
) -> None:
    settings = tmp_path / "instellingen.toml"
    settings.write_text(text, encoding="utf-8")
    result = run(tmp_path, "start", "--instellingen", str(settings), *NAMES, *QUIET)
    assert_one_dutch_line(result, str(settings), *fragments)


def test_method_minutes_out_of_range(tmp_path: Path) -> None:
    method = tmp_path / "groot.toml"
    method.write_text(SHORT_METHOD.replace("minuten = 2", "minuten = 1e300"), encoding="utf-8")
    result = run(tmp_path, "start", str(method), *NAMES, *QUIET)
    assert_one_dutch_line(result, "groot.toml", "regel 14", 'veld "minuten"', "hoogstens 600")


# ------------------------------------------------------------------ 8. event log


def test_event_log_that_is_a_directory_or_under_a_file(tmp_path: Path) -> None:
    directory = tmp_path / "logmap"
    directory.mkdir()
    result = run(tmp_path, "start", *NAMES, *QUIET, "--event-log", str(directory))
    assert_one_dutch_line(result, "--event-log", "is een map", "sessie.jsonl")
    blocked = tmp_path / "bestand"
    blocked.write_text("", encoding="utf-8")
    result = run(tmp_path, "start", *NAMES, *QUIET, "--event-log", str(blocked / "log.jsonl"))
    assert_one_dutch_line(result, "--event-log", "kan niet geschreven worden")


def test_event_log_with_a_missing_parent_is_created(tmp_path: Path) -> None:
    log = tmp_path / "nieuw" / "diep" / "log.jsonl"
    result = run(tmp_path, "start", *NAMES, *QUIET, "--event-log", str(log), stdin="q\nj\n")
    assert result.returncode == 0, result.stderr
    assert '"type": "session_ended"' in log.read_text(encoding="utf-8")


def test_event_log_on_a_full_device_says_so_once(tmp_path: Path) -> None:
    result = run(tmp_path, "start", *NAMES, *QUIET, "--event-log", "/dev/full", stdin="v\nq\nj\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.count("kan niet verder geschreven worden") == 1
    assert "Sessie gestopt." in result.stdout


# ------------------------------------------------------------------ 9. devices and pipes


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_devices_and_pipes_are_refused_not_read_forever(tmp_path: Path, kind: str) -> None:
    special = tmp_path / "speciaal.toml"
    if kind == "dev-zero":
        special.symlink_to("/dev/zero")
    else:
        os.mkfifo(special)
    as_method = run(tmp_path, "toon", str(special), timeout_s=20)
    assert_one_dutch_line(as_method, "speciaal.toml", "geen gewoon bestand")
    as_settings = run(
        tmp_path, "start", "--instellingen", str(special), *NAMES, *QUIET, timeout_s=20
    )
    assert_one_dutch_line(as_settings, "speciaal.toml", "geen gewoon bestand")
    (user_methods(tmp_path) / "pijp.toml").symlink_to(special)
    listing = run(tmp_path, "methodes", timeout_s=20)
    assert listing.returncode == 0 and "pijp: kan niet worden gebruikt" in listing.stdout


def test_a_huge_settings_file_is_refused(tmp_path: Path) -> None:
    settings = tmp_path / "instellingen.toml"
    settings.write_text("# " + "x" * (300 * 1024) + "\n", encoding="utf-8")
    result = run(tmp_path, "start", "--instellingen", str(settings), *NAMES, *QUIET)
    assert_one_dutch_line(result, "te groot", "hoogstens 256 kB")


# ------------------------------------------------------------------ 11. encodings and stdin


@pytest.mark.parametrize(
    "env_extra",
    [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "latin-1"}],
    ids=["ascii", "latin-1"],
)
def test_other_output_encodings_lose_no_line(tmp_path: Path, env_extra: dict[str, str]) -> None:
    reference = run(tmp_path, "start", *NAMES, *QUIET, stdin="v\nq\nj\n")
    env = {**isolated_env(tmp_path), **env_extra}
    encoding = "latin-1" if "PYTHONIOENCODING" in env_extra else "ascii"
    other = run(tmp_path, "start", *NAMES, *QUIET, stdin="v\nq\nj\n", env=env, encoding=encoding)
    assert other.returncode == 0, other.stderr
    assert "UnicodeEncodeError" not in other.stderr and "Traceback" not in other.stderr
    assert len(other.stdout.splitlines()) == len(reference.stdout.splitlines())
    assert "Stap 2/7 - Probleemverkenning" in other.stdout  # "—" written as "-"
    assert "Sessie gestopt." in other.stdout


def test_closed_stdin_says_once_that_keyboard_input_ended(tmp_path: Path) -> None:
    with live_session(tmp_path, "start", *NAMES, *QUIET, close_stdin=True) as live:
        live.wait_for("Stap 1/")
        live.wait_for("Er komt geen invoer meer van het toetsenbord")
        code, stderr = live.stop(signal.SIGTERM)
    assert code == EXIT_INTERRUPTED, stderr
    assert "TypeError" not in stderr and "Traceback" not in stderr
    assert live.count("Er komt geen invoer meer van het toetsenbord") == 1


# ------------------------------------------------------------------ messages


@pytest.mark.parametrize(
    "names", ["Anna,Br\x1b[31mam,Cem", "Anna,Bram\x07,Cem", "Anna,Bram\nCem,Dewi"]
)
def test_control_characters_in_names_are_refused(tmp_path: Path, names: str) -> None:
    result = run(tmp_path, "start", "--deelnemers", names, "--inbrenger", "Anna", *QUIET)
    assert_one_dutch_line(result, "stuurteken")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_control_characters_in_a_method_title_are_refused(tmp_path: Path) -> None:
    method = tmp_path / "kleur.toml"
    method.write_text(
        SHORT_METHOD.replace('titel = "Openen"', 'titel = "Op\\u001b[2Jenen"'), encoding="utf-8"
    )
    result = run(tmp_path, "toon", str(method))
    assert_one_dutch_line(result, "kleur.toml", "regel 6", "titel", "stuurteken", "\\x1b")


def test_an_empty_inspiration_question_is_named(tmp_path: Path) -> None:
    method = tmp_path / "leeg.toml"
    method.write_text(
        SHORT_METHOD.replace('regel = "Kort en krachtig."', 'inspiratie = ["Wat?", ""]'),
        encoding="utf-8",
    )
    result = run(tmp_path, "toon", str(method))
    assert_one_dutch_line(result, "inspiratie", "tekst 2 van de lijst is leeg")


def test_settings_toml_errors_are_dutch(tmp_path: Path) -> None:
    settings = tmp_path / "instellingen.toml"
    settings.write_text('[spraak]\nstem = "gmw/nl\n', encoding="utf-8")
    result = run(tmp_path, "start", "--instellingen", str(settings), *NAMES, *QUIET)
    assert_one_dutch_line(result, "regel 2", "aanhalingsteken")
    assert "line" not in result.stderr and "Invalid" not in result.stderr
