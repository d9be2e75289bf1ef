"""A real systemd user manager for tests, where none runs (containers, CI).

``systemd --user`` refuses to start unless ``/run/systemd/system`` exists (the mark of a
machine booted with systemd). As root, a private mount namespace gets its own empty tmpfs on
``/run/systemd`` with that mark, so the host is untouched; the manager keeps its sockets in
a private ``XDG_RUNTIME_DIR`` (mode 0700) and reads units from a private
``XDG_CONFIG_HOME``. Every command of the test runs inside that namespace (``nsenter``).
Skips, saying why, where this cannot be done (not root, no ``unshare``/``nsenter``, no
systemd)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

MANAGER = Path("/lib/systemd/systemd")
READY_S = 20.0
STOP_S = 20.0
COMMAND_S = 60.0


def missing_reason() -> str | None:
    if os.geteuid() != 0:
        return "a private systemd user manager needs root (a private mount namespace)"
    for program in ("unshare", "nsenter", "systemctl"):
        if shutil.which(program) is None:
            return f"{program} is not installed"
    if not os.access(MANAGER, os.X_OK):
        return f"{MANAGER} is missing (apt-get install systemd)"
    return None


@dataclass(frozen=True)
class UserManager:
    prefix: tuple[str, ...]  # runs a command inside the namespace
    env: dict[str, str]  # the session's environment: runtime dir, HOME, XDG dirs

    def run(self, *command: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*self.prefix, *command],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_S,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if check:
            assert result.returncode == 0, (command, result.stdout, result.stderr)
        return result

    def systemctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("systemctl", "--user", *args)

    def show(self, unit: str, *properties: str) -> dict[str, str]:
        shown = self.systemctl("show", unit, *(f"--property={p}" for p in properties))
        assert shown.returncode == 0, shown.stderr
        return dict(line.split("=", 1) for line in shown.stdout.splitlines() if "=" in line)


@contextlib.contextmanager
def user_manager(home: Path, extra_env: dict[str, str] | None = None) -> Iterator[UserManager]:
    reason = missing_reason()
    if reason is not None:
        pytest.skip(reason)
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, parents=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        **(extra_env or {}),
    }
    holder = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sleep", "600"])
    manager: subprocess.Popen[bytes] | None = None
    try:
        prefix = ("nsenter", "-t", str(holder.pid), "-m")
        ours = os.readlink("/proc/self/ns/mnt")
        deadline = time.monotonic() + READY_S
        while time.monotonic() < deadline:  # the namespace exists once sleep runs in it
            with contextlib.suppress(FileNotFoundError):
                if os.readlink(f"/proc/{holder.pid}/ns/mnt") != ours:
                    break
            time.sleep(0.02)
        made = subprocess.run(
            [*prefix, "sh", "-c", "mount -t tmpfs tmpfs /run/systemd && mkdir /run/systemd/system"],
            capture_output=True,
            text=True,
            timeout=COMMAND_S,
            check=False,
        )
        if made.returncode != 0:
            pytest.skip(f"cannot mark a private /run/systemd: {made.stderr.strip()}")
        log = home / "manager.log"
        with log.open("wb") as out:
            manager = subprocess.Popen(
                [*prefix, str(MANAGER), "--user"], env=env, stdout=out, stderr=out
            )
        um = UserManager(prefix, env)
        state = ""
        while time.monotonic() < deadline and manager.poll() is None:
            state = um.systemctl("is-system-running").stdout.strip()
            if state in ("running", "degraded"):
                break
            time.sleep(0.1)
        if state not in ("running", "degraded"):
            pytest.skip(f"the user manager did not start ({state}): {log.read_text()[-500:]}")
        yield um
    finally:
        if manager is not None and manager.poll() is None:
            manager.terminate()  # the manager stops its units, then exits
            try:
                manager.wait(timeout=STOP_S)
            except subprocess.TimeoutExpired:
                manager.kill()
                manager.wait(timeout=STOP_S)
        holder.kill()
        holder.wait(timeout=STOP_S)
