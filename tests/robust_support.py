"""Helpers for the reliability tests: a running ``facilitator`` with any command prefix
(dropped capabilities, another mount namespace), and environments per case."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.support.process import ProductProcess
from tests.test_cli_commands import isolated_env

WAIT_S = 30.0  # safety net for one expected line
NAMES = ("--deelnemers", "Anna,Bram,Cem,Dewi", "--inbrenger", "Anna")
QUIET = ("--plain", "--geen-spraak", "--geen-luisteren")
UNSAVED_SCREEN = "De stand van de sessie kan niet bewaard worden"
UNSAVED_SPOKEN = "» Let op. De stand kan niet bewaard worden."
NOT_RESUMABLE = "hervatten kan daarom niet"
#: Run as root without the capabilities that ignore file permissions (a non-root user sees
#: the same); empty when not root, where permissions apply anyway.
DROP_CAPS: tuple[str, ...] = (
    ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all")
    if os.geteuid() == 0
    else ()
)


def state_dir(home: Path) -> Path:
    return home / "state" / "facilitator"


def live_session(
    home: Path,
    *args: str,
    prefix: Sequence[str] = (),
    env: dict[str, str] | None = None,
    close_stdin: bool = False,
) -> ProductProcess:
    """A running ``facilitator ARGS`` (optionally behind ``prefix``; with
    ``close_stdin`` it starts with file descriptor 0 closed)."""
    return ProductProcess(
        *args,
        env=env if env is not None else isolated_env(home),
        prefix=prefix,
        stdin="closed" if close_stdin else "pipe",
    )


def run(
    home: Path,
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout_s: float = 60.0,
    encoding: str = "utf-8",
) -> subprocess.CompletedProcess[str]:
    """Run to the end; output decoded strictly with ``encoding`` (a wrong byte fails)."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "facilitator", *args],
        input=stdin,
        capture_output=True,
        encoding=encoding,
        env=env if env is not None else isolated_env(home),
        timeout=timeout_s,
        check=False,
    )


@contextlib.contextmanager
def small_disk(mount_at: Path, size_kb: int) -> Iterator[tuple[str, ...]]:
    """A tmpfs of ``size_kb`` mounted at ``mount_at`` in a private mount namespace; yields
    the command prefix that runs a program inside that namespace. Needs root (skips
    otherwise); nothing is mounted on the host."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("nsenter"):
        pytest.skip("a private tmpfs needs root, unshare and nsenter")
    mount_at.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        ["unshare", "--mount", "--propagation", "private", "sleep", "600"],
    )
    try:
        prefix = ("nsenter", "-t", str(holder.pid), "-m")
        for _ in range(100):  # the namespace exists once sleep runs in it
            ours = os.readlink("/proc/self/ns/mnt")
            try:
                if os.readlink(f"/proc/{holder.pid}/ns/mnt") != ours:
                    break
            except FileNotFoundError:
                pass
            threading.Event().wait(0.02)
        mounted = subprocess.run(
            [*prefix, "mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mount_at)],
            capture_output=True,
            text=True,
            check=False,
        )
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
        yield prefix
    finally:
        holder.kill()
        holder.wait(timeout=WAIT_S)


def fill_disk(prefix: Sequence[str], directory: Path) -> None:
    """Fill the file system of ``directory`` (inside ``prefix``'s namespace) to the brim."""
    subprocess.run(
        [*prefix, "sh", "-c", f"dd if=/dev/zero of={directory}/vol bs=1k 2>/dev/null; true"],
        check=True,
        timeout=WAIT_S,
    )
