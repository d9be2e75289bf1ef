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
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from facilitator.errors import ErrorArea, FacilitatorError

log = logging.getLogger(__name__)

UNIT_NAME = "facilitator.service"
#: After a crash: wait this long, and give up after START_LIMIT_BURST starts in the interval.
RESTART_SEC = 5
START_LIMIT_INTERVAL_S = 300
START_LIMIT_BURST = 5
#: The device says its closing words before it stops.
STOP_TIMEOUT_S = 20
#: Exit codes of the command line (facilitator.cli.parser): 2 = bad input (a restart cannot
#: help), 3 = stopped by a signal (what "systemctl stop" does).
EXIT_USAGE = 2
EXIT_INTERRUPTED = 3
#: The session's sound server: PipeWire (Raspberry Pi OS bookworm) or PulseAudio. Ordering
#: only: both are started by default.target and socket-activated by the first client, and
#: they conflict, so the unit must not pull either in.
AUDIO_UNITS = ("pipewire.service", "pipewire-pulse.service", "wireplumber.service",
               "pulseaudio.service")  # fmt: skip
SYSTEMCTL_TIMEOUT_S = 60.0
#: After the start: watch this long for a start that fails at once (a wrong option).
START_WATCH_S = 5.0
START_POLL_S = 0.25
LINGER_DIR = Path("/var/lib/systemd/linger")
#: An argument systemd reads as it is (anything else is quoted).
_PLAIN_ARG = re.compile(r"[A-Za-z0-9_./:=,+@-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ServiceError(FacilitatorError, RuntimeError):
    """The service cannot be written, enabled, started or removed."""

    area = ErrorArea.SERVICE

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code

    @property
    def detail(self) -> str:
        return self.code


def unit_dir() -> Path:
    """Where systemd looks for the user's own units: ``$XDG_CONFIG_HOME/systemd/user``."""
    import platformdirs

    return platformdirs.user_config_path() / "systemd" / "user"


def unit_path() -> Path:
    return unit_dir() / UNIT_NAME


def _wants_link() -> Path:
    """The link ``systemctl --user enable`` makes."""
    return unit_dir() / "default.target.wants" / UNIT_NAME


def device_command(group: str | None, options: Sequence[str], python: str) -> list[str]:
    """The command the service runs."""
    return [python, "-m", "facilitator", "apparaat", *(["--groep", group] if group else []),
            *options]  # fmt: skip


def _checked(text: str, what: str) -> str:
    if _CONTROL.search(text):
        raise ServiceError(
            f"{what} {text!r} bevat een stuurteken (zoals een regelovergang). "
            "Gebruik alleen gewone tekens.",
            "argument",
        )
    return text


def quote_arg(arg: str) -> str:
    """One command-line word as systemd reads it back unchanged (systemd.service(5),
    "Command lines"): ``%`` and ``$`` doubled, quotes and backslashes escaped."""
    _checked(arg, "De optie")
    escaped = arg.replace("%", "%%").replace("$", "$$")
    if _PLAIN_ARG.fullmatch(arg):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unit_text(
    group: str | None = None, options: Sequence[str] = (), python: str | None = None
) -> str:
    """The unit file (pure). ``python`` defaults to this installation's interpreter."""
    interpreter = python if python is not None else sys.executable
    if not os.path.isabs(interpreter):
        raise ServiceError(
            f"De Python van deze installatie ({interpreter!r}) heeft geen volledig pad. "
            "Start facilitator met het volledige pad, bijvoorbeeld .venv/bin/facilitator "
            "vanuit de map van de installatie.",
            "interpreter",
        )
    command = " ".join(quote_arg(a) for a in device_command(group, options, interpreter))
    about = f", groep {_checked(group, 'De groepsnaam')}" if group else ""
    description = f"Facilitator voor intervisie (apparaatmodus{about})".replace("%", "%%")
    return "\n".join(
        [
            "# Geschreven door 'facilitator apparaat --installeer';",
            "# verwijderen met 'facilitator apparaat --verwijder'.",
            "[Unit]",
            f"Description={description}",
            "# Na de geluidsserver van de sessie (PipeWire of PulseAudio), als die start.",
            f"After={' '.join(AUDIO_UNITS)}",
            f"StartLimitIntervalSec={START_LIMIT_INTERVAL_S}",
            f"StartLimitBurst={START_LIMIT_BURST}",
            "",
            "[Service]",
            "Type=exec",
            f"ExecStart={command}",
            "Environment=PYTHONUNBUFFERED=1",
            "Restart=on-failure",
            f"RestartSec={RESTART_SEC}",
            f"RestartPreventExitStatus={EXIT_USAGE}",
            f"SuccessExitStatus={EXIT_INTERRUPTED}",
            f"TimeoutStopSec={STOP_TIMEOUT_S}",
            "StandardInput=null",
            "StandardOutput=journal",
            "StandardError=journal",
            "SyslogIdentifier=facilitator",
            "NoNewPrivileges=yes",
            "",
            "[Install]",
            "WantedBy=default.target",
            "",
        ]
    )


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
