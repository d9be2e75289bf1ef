"""``facilitator apparaat --installeer`` / ``--verwijder``: the systemd user unit, checked by
systemd itself (``systemd-analyze verify``), written and removed without a user manager
(no ``systemctl``, or one that cannot reach a manager), and installed, restarted and removed
by a real user manager in a private mount namespace where that can be started (root)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.cli.device_service import forwarded_options, install_service, remove_service
from facilitator.cli.parser import EXIT_INTERRUPTED, EXIT_USAGE
from facilitator.device import service, unit
from facilitator.device.service import ServiceError, device_command, unit_text
from facilitator.groups.errors import GroupError
from facilitator.groups.model import Group
from facilitator.groups.store import GroupStore
from tests.support.user_manager import user_manager

VERIFY_S = 60.0
#: Awkward for a command line: a space, quotes, a percent sign (a systemd specifier) and a
#: dollar sign (an environment variable to systemd).
ODD_GROUP = 'Team "Noord" 100% $HOME'
ODD_OPTIONS = ["--microfoon", "USB Jabra\\Speak 50%", "--stem", "piper:nl_BE-nathalie-medium"]
#: stderr lines of systemd-analyze that are about other packages' units, not ours.
HARMLESS = re.compile(r"^(/usr/lib|/lib|/etc)/systemd/.*\.(service|socket|target):")
RESTART_WAIT_S = service.START_WATCH_S + unit.RESTART_SEC + 20.0


def parsed(text: str) -> dict[str, list[str]]:
    """``Key=value`` lines of a unit (comments and sections left out)."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Private config and data dirs; no user bus in the environment."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    return tmp_path


def make_group(data_home: Path, name: str) -> None:
    GroupStore(data_home / "facilitator" / "groepen").save(Group(name, ("Anna", "Bram", "Cem")))


# --------------------------------------------------------------------------- the unit (pure)


def test_the_unit_runs_this_installation_in_device_mode() -> None:
    keys = parsed(unit_text("Team Noord", ["--microfoon", "USB"]))
    assert keys["ExecStart"] == [
        f'{sys.executable} -m facilitator apparaat --groep "Team Noord" --microfoon USB'
    ]
    assert keys["Description"] == ["Facilitator voor intervisie (apparaatmodus, groep Team Noord)"]
    assert keys["WantedBy"] == ["default.target"]  # starts with the user's session
    assert keys["Restart"] == ["on-failure"]
    assert keys["RestartSec"] == [str(unit.RESTART_SEC)]
    assert keys["StartLimitBurst"] == [str(unit.START_LIMIT_BURST)]
    assert keys["RestartPreventExitStatus"] == [str(EXIT_USAGE)]  # a restart cannot help
    assert keys["SuccessExitStatus"] == [str(EXIT_INTERRUPTED)]  # systemctl stop: SIGTERM
    assert keys["StandardOutput"] == keys["StandardError"] == ["journal"]
    after = keys["After"][0].split()
    assert {"pipewire-pulse.service", "wireplumber.service", "pulseaudio.service"} <= set(after)
    assert "Wants" not in keys and "Requires" not in keys  # the two sound servers conflict
    assert "User" not in keys  # a user unit: no root
    without_group = parsed(unit_text(None, []))
    assert without_group["ExecStart"] == [f"{sys.executable} -m facilitator apparaat"]
    assert without_group["Description"] == ["Facilitator voor intervisie (apparaatmodus)"]


def test_awkward_words_are_quoted_and_control_characters_refused() -> None:
    assert service.quote_arg("--groep") == "--groep"
    assert service.quote_arg('A "b" 5% $X\\y') == '"A \\"b\\" 5%% $$X\\\\y"'
    assert "100%% $HOME)" in parsed(unit_text(ODD_GROUP, []))["Description"][0]  # no $ there
    with pytest.raises(ServiceError) as refused:
        unit_text("Team\nNoord", [])
    assert refused.value.error_code == "service.argument"
    assert "stuurteken" in str(refused.value)
    with pytest.raises(ServiceError, match="volledig pad"):
        unit_text(None, [], python="python3")


def test_forwarded_options_leave_out_what_the_unit_writes_itself() -> None:
    argv = ["--groep", "Team Noord", "--installeer", "--microfoon", "USB", "--groep=X", "--stem"]
    assert forwarded_options(argv) == ["--microfoon", "USB", "--stem"]
    assert forwarded_options(["--verwijder"]) == []


# --------------------------------------------------------------------------- systemd-analyze


def analyze_verify(unit_file: Path, runtime: Path) -> subprocess.CompletedProcess[str]:
    """``systemd-analyze verify --user`` with a private runtime dir (no session needed)."""
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), SYSTEMD_LOG_COLOR="0")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return subprocess.run(
        ["systemd-analyze", "verify", "--user", str(unit_file)],
        capture_output=True,
        text=True,
        env=env,
        timeout=VERIFY_S,
        check=False,
    )


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Every stderr line, printed; the ones that are not about other packages' units."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    for line in lines:
        print(f"systemd-analyze: {line}")
    return [line for line in lines if not HARMLESS.match(line)]


needs_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze missing: scripts/setup.sh"
)


@needs_analyze
def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    for number, (group, options) in enumerate(((None, []), (ODD_GROUP, ODD_OPTIONS))):
        unit = tmp_path / f"u{number}" / service.UNIT_NAME
        unit.parent.mkdir()
        unit.write_text(unit_text(group, options), encoding="utf-8")
        result = analyze_verify(unit, tmp_path / "runtime")
        assert result.returncode == 0, result.stderr
        assert problems(result) == [], result.stderr


@needs_analyze
def test_systemd_analyze_catches_a_broken_unit(tmp_path: Path) -> None:
    """The check above can fail: a missing interpreter fails outright, and an unknown value
    only warns (exit code 0), which is why stderr is checked too."""
    unit = tmp_path / "gone" / service.UNIT_NAME
    unit.parent.mkdir()
    unit.write_text(unit_text(None, [], python=str(tmp_path / "geen-python")), encoding="utf-8")
    missing = analyze_verify(unit, tmp_path / "runtime")
    assert missing.returncode != 0 and "geen-python" in missing.stderr, missing.stderr
    typo = unit.parent.parent / "typo" / service.UNIT_NAME
    typo.parent.mkdir()
    typo.write_text(unit_text(None, []).replace("=on-failure", "=soms"), encoding="utf-8")
    warned = analyze_verify(typo, tmp_path / "runtime")
    assert warned.returncode == 0  # systemd-analyze only warns ...
    assert any("soms" in line for line in problems(warned)), warned.stderr  # ... on stderr


# --------------------------------------------------------------------------- no user manager


def test_without_systemctl_the_unit_is_written_and_removed(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = home / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no systemctl at all
    make_group(home / "data", "Team Noord")
    out = io.StringIO()
    assert install_service("Team Noord", ["--groep", "Team Noord", "--microfoon", "USB"], out) == 0
    unit = home / "config" / "systemd" / "user" / "facilitator.service"
    assert unit.read_text(encoding="utf-8") == unit_text("Team Noord", ["--microfoon", "USB"])
    report = out.getvalue()
    print(report)
    assert report.count("\n") == 1  # one line
    assert f"geschreven naar {unit}, maar niet ingeschakeld" in report
    assert "systemctl ontbreekt" in report
    assert "systemctl --user daemon-reload && systemctl --user enable --now" in report
    assert [p.name for p in unit.parent.iterdir()] == ["facilitator.service"]  # no temp file

    gone = io.StringIO()
    assert remove_service(gone) == 0
    assert not unit.exists()
    assert "is verwijderd" in gone.getvalue() and "systemctl ontbreekt" in gone.getvalue()
    assert "niets veranderd" in service.remove()  # again: nothing to do, no error


@pytest.mark.skipif(shutil.which("systemctl") is None, reason="systemctl missing")
def test_systemctl_without_a_user_manager_says_what_to_run(home: Path) -> None:
    """The real systemctl, without a user bus (a container, CI, a shell without a login)."""
    report = service.install(None, [])
    print(report)
    unit = home / "config" / "systemd" / "user" / "facilitator.service"
    assert unit.is_file()
    assert "systemctl --user werkt hier niet: " in report
    assert "enable --now facilitator.service" in report
    (unit.parent / "default.target.wants").mkdir()
    (unit.parent / "default.target.wants" / "facilitator.service").symlink_to(unit)
    assert "is verwijderd" in service.remove()
    assert list(unit.parent.rglob("*")) == [unit.parent / "default.target.wants"]  # no link


def test_an_unknown_group_or_an_unwritable_place_is_a_clear_error(home: Path) -> None:
    with pytest.raises(GroupError):
        service.install("Bestaat Niet", [])
    assert not (home / "config").exists()  # nothing written
    (home / "config").write_text("geen map", encoding="utf-8")  # blocks the unit directory
    with pytest.raises(ServiceError) as refused:
        service.install(None, [])
    assert refused.value.error_code == "service.write"
    assert "kan hier niet geschreven worden" in str(refused.value)


# --------------------------------------------------------------------------- a real manager


PROBE = """#!{python}
import json, pathlib, sys, time
here = pathlib.Path(__file__).parent
with open(here / "argv.jsonl", "a", encoding="utf-8") as out:
    out.write(json.dumps(sys.argv[1:]) + "\\n")
code, after_s = (here / "exit").read_text().split()
time.sleep(float(after_s))
sys.exit(int(code))
"""


REMOVE = "from facilitator.device import service; print(service.remove())"


def in_namespace(um: object, code: str) -> str:
    """Run ``code`` with this installation's Python inside the manager's namespace."""
    from tests.support.user_manager import UserManager

    assert isinstance(um, UserManager)
    result = um.run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def starts(probe_dir: Path) -> list[list[str]]:
    log = probe_dir / "argv.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def wait_until(check: object, timeout_s: float) -> bool:
    assert callable(check)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return bool(check())


@pytest.mark.slow
def test_a_real_user_manager_installs_restarts_and_removes_the_service(tmp_path: Path) -> None:
    """The probe stands in for the interpreter: it notes the words it was started with, then
    exits with the code (after the seconds) in its ``exit`` file."""
    home = tmp_path / "home"
    make_group(home / "data", ODD_GROUP)
    probe_dir = tmp_path / "probe"
    probe_dir.mkdir()
    probe = probe_dir / "python"
    probe.write_text(PROBE.format(python=sys.executable), encoding="utf-8")
    probe.chmod(0o755)
    install = (
        "from facilitator.device import service; "
        f"print(service.install({ODD_GROUP!r}, {ODD_OPTIONS!r}, python={str(probe)!r}))"
    )
    with user_manager(home) as um:
        (probe_dir / "exit").write_text("2 0")  # bad input: it stops at once
        failed_start = um.run(sys.executable, "-c", install)
        print(failed_start.stderr.strip().splitlines()[-1])
        assert failed_start.returncode != 0
        assert "stopte meteen (exitcode 2)" in failed_start.stderr, failed_start.stderr
        assert "journalctl --user -u facilitator" in failed_start.stderr

        (probe_dir / "exit").write_text(f"1 {service.START_WATCH_S + 1}")  # a crash, later
        report = in_namespace(um, install)
        print(report)
        assert "is geïnstalleerd en gestart" in report and "journalctl --user" in report
        description = um.show("facilitator.service", "Description")["Description"]
        assert description == f"Facilitator voor intervisie (apparaatmodus, groep {ODD_GROUP})"
        assert um.systemctl("is-enabled", "facilitator.service").stdout.strip() == "enabled"
        unit_dir = home / "config" / "systemd" / "user"
        assert (unit_dir / "default.target.wants" / "facilitator.service").is_symlink()

        (probe_dir / "exit").write_text("2 0")  # after the restart: bad input, no more
        assert wait_until(lambda: len(starts(probe_dir)) >= 3, RESTART_WAIT_S), starts(probe_dir)
        expected = device_command(ODD_GROUP, ODD_OPTIONS, str(probe))[1:]
        assert starts(probe_dir) == [expected] * 3  # every word arrived unchanged

        def failed() -> bool:
            shown = um.show("facilitator.service", "ActiveState")
            return shown["ActiveState"] == "failed"

        assert wait_until(failed, 10.0)
        shown = um.show("facilitator.service", "NRestarts", "ExecMainStatus", "Result")
        print(shown)
        assert shown == {"NRestarts": "1", "ExecMainStatus": "2", "Result": "exit-code"}

        removed = in_namespace(um, REMOVE)
        assert "is gestopt en verwijderd" in removed, removed
        assert um.show("facilitator.service", "LoadState") == {"LoadState": "not-found"}
        assert list(unit_dir.rglob("facilitator.service")) == []
        again = in_namespace(um, REMOVE)
        assert "niets veranderd" in again
