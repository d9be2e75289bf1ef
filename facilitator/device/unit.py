"""The systemd user unit of the device mode, as text (pure): what it runs, when it starts,
how it restarts, where it logs. ``service.py`` writes and enables it."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

from facilitator.errors import CodedError, ErrorArea

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
#: An argument systemd reads as it is (anything else is quoted).
_PLAIN_ARG = re.compile(r"[A-Za-z0-9_./:=,+@-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ServiceError(CodedError, RuntimeError):
    """The service cannot be written, enabled, started or removed."""

    area = ErrorArea.SERVICE


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
