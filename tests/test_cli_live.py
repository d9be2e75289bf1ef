"""``facilitator start`` on a real (pseudo) terminal: the rich live screen and single keys.

The process gets a PTY as stdin and stdout, exactly like a person at a terminal: keys act
without Enter, the screen redraws, and the terminal is restored at the end.
"""

from __future__ import annotations

import os
import pty
import re
import select
import sys
import time
from pathlib import Path

import pytest

from tests.test_cli_commands import SHORT_METHOD, isolated_env

WAIT_S = 30.0  # safety net for one expected text
READ_BYTES = 65_536
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLUMNS = 100


class Terminal:
    def __init__(self, home: Path, *args: str) -> None:
        env = {**isolated_env(home), "COLUMNS": str(COLUMNS), "LINES": "40", "TERM": "xterm"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the facilitator
            os.execve(sys.executable, [sys.executable, "-m", "facilitator", *args], env)
        self.screen = ""
        self._seen = 0

    def _read(self, timeout_s: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout_s)
        if not ready:
            return True
        try:
            data = os.read(self.fd, READ_BYTES)
        except OSError:  # the child closed the terminal
            return False
        if not data:
            return False
        self.screen += ANSI.sub("", data.decode("utf-8", "replace"))
        return True

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            found = self.screen.find(text, self._seen)
            if found >= 0:
                self._seen = found + len(text)
                return
            if not self._read(0.1):
                break
        pytest.fail(f"{text!r} did not appear; screen ends with {self.screen[-800:]!r}")

    def press(self, key: str) -> None:
        os.write(self.fd, key.encode())

    def exit_code(self) -> int:
        while self._read(0.1):
            pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.mark.slow
def test_live_screen_with_single_keys(tmp_path: Path) -> None:
    method = tmp_path / "kort.toml"
    method.write_text(SHORT_METHOD, encoding="utf-8")
    term = Terminal(
        tmp_path,
        "start",
        str(method),
        "--deelnemers",
        "Anna,Bram,Cem",
        "--inbrenger",
        "Anna",
        "--geen-spraak",
        "--geen-luisteren",
    )
    term.wait_for("OPENEN")
    term.wait_for("Aan het woord: iedereen")
    term.wait_for("Toetsen: spatie/v = volgende stap")
    term.press("v")  # no Enter: a single key acts at once
    term.wait_for("RONDJE")
    term.wait_for("Beurt 1 van 2: Bram")
    term.press("p")
    term.wait_for("GEPAUZEERD")
    term.press("q")
    term.wait_for("Stoppen? Druk j (ja, stoppen) of n (nee, doorgaan).")
    term.press("j")
    term.wait_for("Sessie afgelopen")
    assert term.exit_code() == 0
    assert "» De sessie is gestopt." in term.screen.replace("\r\n", "\n")
    assert "Traceback" not in term.screen


@pytest.mark.slow
def test_missing_names_are_asked_for_on_a_terminal(tmp_path: Path) -> None:
    method = tmp_path / "kort.toml"
    method.write_text(SHORT_METHOD, encoding="utf-8")
    term = Terminal(tmp_path, "start", str(method), "--plain", "--geen-spraak", "--geen-luisteren")
    term.wait_for("Wie doen er mee?")
    term.press("Anna, Bram, Cem\r")
    term.wait_for("Wie brengt de casus in? (Anna, Bram, Cem)")
    term.press("Zoë\r")
    term.wait_for("Kies een van: Anna, Bram, Cem.")
    term.press("cem\r")
    term.wait_for("Casusinbrenger: Cem.")
    term.wait_for("Stap 1/3 — Openen")
    term.press("q\r")
    term.wait_for("Opdracht: stoppen")
    term.press("j\r")
    term.wait_for("Sessie gestopt.")
    assert term.exit_code() == 0
