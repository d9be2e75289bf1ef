"""The device mode as a systemd user service (``facilitator apparaat --installeer`` /
``--verwijder``).

The unit runs this installation's own interpreter (``sys.executable -m facilitator apparaat``),
starts with the user's session (``WantedBy=default.target``; with ``loginctl enable-linger``
at boot, without anyone logging in), after the session's sound server (PipeWire or
PulseAudio), restarts after a crash within a start limit, and logs to the journal. No root
is needed: the unit lives in ``$XDG_CONFIG_HOME/systemd/user/``.

Where ``systemctl --user`` cannot reach a user manager (a container, CI, a shell without a
login session) the unit is still written and the report says what to run.
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from facilitator.device.unit import (
    UNIT_NAME,
    ServiceError,
    device_command,
    quote_arg,
    unit_text,
)

log = logging.getLogger(__name__)

__all__ = ["UNIT_NAME", "ServiceError", "device_command", "install", "quote_arg", "remove",
           "unit_text"]  # fmt: skip

SYSTEMCTL_TIMEOUT_S = 60.0
#: After the start: watch this long for a start that fails at once (a wrong option).
START_WATCH_S = 5.0
START_POLL_S = 0.25
LINGER_DIR = Path("/var/lib/systemd/linger")


def unit_dir() -> Path:
    """Where systemd looks for the user's own units: ``$XDG_CONFIG_HOME/systemd/user``."""
    import platformdirs

    return platformdirs.user_config_path() / "systemd" / "user"


def unit_path() -> Path:
    return unit_dir() / UNIT_NAME


def _wants_link() -> Path:
    """The link ``systemctl --user enable`` makes."""
    return unit_dir() / "default.target.wants" / UNIT_NAME


# --------------------------------------------------------------------------- systemctl


def _systemctl(*args: str) -> subprocess.CompletedProcess[str] | None:
    """``systemctl --user ARGS``; None when there is no systemctl."""
    program = shutil.which("systemctl")
    if program is None:
        return None
    try:
        return subprocess.run(
            [program, "--user", *args],
            capture_output=True,
            text=True,
            timeout=SYSTEMCTL_TIMEOUT_S,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ServiceError(
            f"'systemctl --user {' '.join(args)}' gaf na {SYSTEMCTL_TIMEOUT_S:.0f} seconden "
            "geen antwoord. Probeer het opnieuw, of voer het zelf uit.",
            "timeout",
        ) from None


def _first_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[0] if lines else f"exitcode {result.returncode}"


def _manager_problem() -> str | None:
    """Why the user's service manager cannot be used; None when it can."""
    result = _systemctl("show", "--property=Version")
    if result is None:
        return "systemctl ontbreekt op deze computer"
    if result.returncode != 0:
        return f"systemctl --user werkt hier niet: {_first_line(result)}"
    return None


def _user_name() -> str:
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return str(os.getuid())


def _linger_hint() -> str:
    user = _user_name()
    if (LINGER_DIR / user).exists():
        return " Hij start ook bij het opstarten, zonder aanmelden."
    return f" Starten bij het opstarten, zonder aanmelden: sudo loginctl enable-linger {user}."


# --------------------------------------------------------------------------- install / remove


def _write_unit(path: Path, text: str) -> None:
    """Atomically: a half-written unit must never be read by systemd."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".facilitator-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise ServiceError(
            f"{path}: de dienst kan hier niet geschreven worden ({err.strerror or err}). "
            "Controleer of deze map van jou is en of de schijf vol is.",
            "write",
        ) from err


def install(group: str | None, options: list[str], *, python: str | None = None) -> str:
    """Write, enable and start the service; a Dutch one-line report. ``python``: the
    interpreter the unit runs (default: this installation's own)."""
    if group is not None:
        from facilitator.groups.store import GroupStore

        group = GroupStore().get(group).name  # the group must exist (GroupError otherwise)
    text = unit_text(group, options, python)
    path = unit_path()
    _write_unit(path, text)
    log.info("unit written to %s", path)
    enable = f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}"
    problem = _manager_problem()
    if problem is not None:
        return (
            f"De dienst is geschreven naar {path}, maar niet ingeschakeld: {problem}. "
            f"Schakel hem in vanuit een aangemelde sessie van deze gebruiker met: {enable}"
        )
    for args in (("daemon-reload",), ("enable", UNIT_NAME), ("restart", UNIT_NAME)):
        result = _systemctl(*args)
        if result is not None and result.returncode != 0:
            raise ServiceError(
                f"De dienst is geschreven naar {path}, maar 'systemctl --user "
                f"{' '.join(args)}' lukte niet: {_first_line(result)}. Bekijk wat er misging "
                "met: journalctl --user -u facilitator",
                "enable",
            )
    _watch_start(path)
    about = f" voor groep {group}" if group else ""
    return (
        f"De dienst {UNIT_NAME}{about} is geïnstalleerd en gestart; hij start voortaan "
        f"als je je aanmeldt.{_linger_hint()} Logboek: journalctl --user -u facilitator"
    )


def _watch_start(path: Path) -> None:
    """Raise when the service fails (or waits to be restarted) within ``START_WATCH_S``."""
    deadline = time.monotonic() + START_WATCH_S
    while True:
        result = _systemctl("show", UNIT_NAME, "--property=ActiveState,SubState,ExecMainStatus")
        if result is None or result.returncode != 0:
            return  # nothing to watch with
        shown = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
        if shown.get("ActiveState") == "failed" or shown.get("SubState") == "auto-restart":
            raise ServiceError(
                f"De dienst is geschreven naar {path} en ingeschakeld, maar stopte meteen "
                f"(exitcode {shown.get('ExecMainStatus', '?')}). Bekijk waarom met: "
                "journalctl --user -u facilitator; verwijder hem met: facilitator apparaat "
                "--verwijder",
                "start",
            )
        if time.monotonic() >= deadline:
            return
        time.sleep(START_POLL_S)


def _remove_files() -> bool:
    """Delete the unit and its enable link; whether there was anything to delete."""
    removed = False
    for path in (_wants_link(), unit_path()):
        try:
            path.unlink()
            removed = True
        except FileNotFoundError:
            pass
        except OSError as err:
            raise ServiceError(
                f"{path}: kan niet verwijderd worden ({err.strerror or err}). "
                "Verwijder het zelf, of controleer de rechten op die map.",
                "remove",
            ) from err
    return removed


def remove() -> str:
    """Stop, disable and delete the service; safe to repeat. A Dutch one-line report."""
    problem = _manager_problem()
    if problem is None:
        for args in (("stop", UNIT_NAME), ("disable", UNIT_NAME)):
            result = _systemctl(*args)
            if result is not None and result.returncode != 0:  # e.g. not installed: fine
                log.info("systemctl --user %s: %s", " ".join(args), _first_line(result))
    removed = _remove_files()
    if problem is None:
        _systemctl("daemon-reload")
        _systemctl("reset-failed", UNIT_NAME)  # forget a failed state; fails when unknown
    if not removed:
        return f"Er was geen dienst {UNIT_NAME} geïnstalleerd; er is niets veranderd."
    if problem is not None:
        return (
            f"De dienst {UNIT_NAME} is verwijderd ({unit_path()}), maar {problem}; loopt hij "
            f"nog, stop hem dan in een aangemelde sessie met: systemctl --user stop {UNIT_NAME}"
        )
    return f"De dienst {UNIT_NAME} is gestopt en verwijderd; hij start niet meer vanzelf."
