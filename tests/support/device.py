"""The device mode as a process, the one way the device tests start it.

``running_device`` starts ``python -m facilitator apparaat …`` as a ``ProductProcess`` with
stdin closed (no keyboard at all) or a pipe for keys, and its ``--event-log``; ``Log`` reads
that log as it grows. When the test fails inside the block, ``print_story`` prints what the
device heard and decided, so a failure on another machine says why; on leaving the block the
device is ended (SIGTERM, then SIGKILL after ``STOP_S``) and its exit code is ``device.code``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from tests.support.process import Event, ProductProcess

STOP_S = 20.0  # from SIGTERM to SIGKILL when the device is ended
STORY_EVENTS = ("question", "answer", "speaking", "command", "notice")


class Log:
    """The device's event log (JSON lines), read as it grows."""

    def __init__(self, device: ProductProcess) -> None:
        self.device = device

    def read(self) -> list[Event]:
        """Every event so far, in order."""
        return self.device.events()

    def of(self, kind: str) -> list[Event]:
        """The events of one type so far."""
        return [e for e in self.read() if e["type"] == kind]


def device_env(tmp: Path, base: Mapping[str, str] = os.environ) -> dict[str, str]:
    """``base`` (a room's sound system: ``VirtualAudio.env``) with the device's state, data
    and settings under ``tmp``."""
    return dict(
        base,
        XDG_STATE_HOME=str(tmp / "state"),
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CONFIG_HOME=str(tmp / "config"),
        PYTHONDONTWRITEBYTECODE="1",
        # debug: each of the listener's verdicts, timed, for the story printed on a failure
        FACILITATOR_LOG=os.environ.get("DEVICE_E2E_LOG", "debug"),
    )


@contextmanager
def running_device(
    env: dict[str, str],
    event_log: Path,
    *options: str,
    stdin: Literal["pipe", "closed"] = "closed",
) -> Iterator[ProductProcess]:
    """``facilitator apparaat OPTIONS --event-log EVENT_LOG`` for the block; stdin closed (no
    keyboard at all), or a pipe for keys (``device.key``)."""
    device = ProductProcess(
        "apparaat",
        *options,
        *("--event-log", str(event_log)),
        env=env,
        stdin=stdin,
        event_log=event_log,
    )
    try:
        yield device
    except BaseException:
        print_story(device)
        raise
    finally:
        device.close(grace_s=STOP_S)


def print_story(device: ProductProcess, lines: int = 80) -> None:
    """What the device heard and decided, last ``lines`` of it, and its last events."""
    print("the device's story (ms since its start):", *device.story(lines), sep="\n  ")
    last = [e for e in device.events() if e["type"].startswith(STORY_EVENTS)][-30:]
    print("its last events:", *last, sep="\n  ")
