"""The product as a process, the one way tests run it: ``ProductProcess``.

It starts ``python -m facilitator …`` (or another module, such as ``facilitator.listening``)
with its arguments and environment, optionally behind a command prefix (``setpriv``,
``nsenter``, ``strace``). Threads read its stdout lines and its stderr as they come, so a
chatty process never blocks on a full pipe. Its events are JSON lines, read as they come:
from stdout (``json_stdout=True``) or from the ``--event-log`` file it writes
(``event_log=PATH``). A test waits for a line or an event with a deadline, types keys,
stops it with a signal and a deadline, and leaves nothing behind: as a context manager it
ends the process (politely, then by force) and closes every pipe.

Every wait has a deadline; ``wait_for`` and ``wait_for_event`` fail the test when it passes
(with the last lines and stderr), ``next_event`` and ``wait_until`` return ``None`` / False
for tests that count attempts. ``story`` gives the stderr lines of the loggers that tell
what the product heard and decided, for a failing test to show.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pytest

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 30.0  # safety net for one expected line or event
STOP_S = 30.0  # from the stop signal to the exit
GRACE_S = 5.0  # on clean-up: from SIGTERM to SIGKILL
POLL_S = 0.05
#: The loggers whose lines tell what the product heard and decided: verdicts only (no words
#: are logged), so the story can be shown when a test fails.
STORY_LOGGERS = ("facilitator.listening", "facilitator.device", "facilitator.speech.speaker")

Event = dict[str, Any]
LineMatch = str | re.Pattern[str]  # a fragment of the line, or a pattern searched in it
EventMatch = str | Callable[[Event], bool]  # an event type, or a test of the event


def home_env(home: Path, base: Mapping[str, str] = os.environ) -> dict[str, str]:
    """``base`` with HOME and the product's state, settings and data folders under ``home``,
    so the product keeps nothing outside it."""
    return dict(
        base,
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )


def _matches_line(match: LineMatch, line: str) -> bool:
    return match in line if isinstance(match, str) else match.search(line) is not None


def _matches_event(match: EventMatch, event: Event) -> bool:
    return event.get("type") == match if isinstance(match, str) else match(event)


class ProductProcess:
    """A running product; see the module docstring."""

    def __init__(
        self,
        *args: str,
        env: Mapping[str, str],
        module: str = "facilitator",
        prefix: Sequence[str] = (),
        prefix_forks: bool = False,
        own_group: bool = False,
        stdin: Literal["pipe", "closed"] = "pipe",
        event_log: Path | None = None,
        json_stdout: bool = False,
        cwd: Path = REPO,
    ) -> None:
        """``prefix``: commands in front (``prefix_forks``: the prefix stays as the parent,
        as strace does, and signals go to its child, the product). ``own_group``: the
        process gets its own process group and every signal goes to the whole group.
        ``stdin="closed"``: the product starts with file descriptor 0 closed."""
        command = [*prefix, sys.executable, "-m", module, *args]
        if stdin == "closed":
            command = ["sh", "-c", 'exec "$@" 0<&-', "sh", *command]
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if stdin == "pipe" else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="backslashreplace",  # a wrong byte shows, and never stops the reader
            env=dict(env),
            cwd=cwd,
            start_new_session=own_group,
        )
        self.lines: list[str] = []  # every stdout line read so far, without its newline
        self.code: int | None = None  # the exit code, once it ended (stop, finish, wait_exit)
        self._prefix_forks = prefix_forks
        self._own_group = own_group
        self._event_log = event_log
        self._json_stdout = json_stdout
        self._events: list[Event] = []
        self._log_offset = 0
        self._log_tail = b""
        self._line_cursor = 0  # wait_for looks after the line it returned last
        self._event_cursor = 0  # next_event likewise
        self._stderr: list[str] = []
        self._changed = threading.Condition()
        self._readers = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    # ----------------------------------------------------------------- reading

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.rstrip("\n")
            event = None
            if self._json_stdout:
                with contextlib.suppress(ValueError):
                    event = json.loads(line)
            with self._changed:
                self.lines.append(line)
                if isinstance(event, dict):
                    self._events.append(event)
                self._changed.notify_all()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            with self._changed:
                self._stderr.append(raw)
                self._changed.notify_all()

    def _output_done(self) -> bool:
        return not self._readers[0].is_alive()

    def _pull_log(self) -> None:
        """Read what was added to the event log (whole lines only)."""
        if self._event_log is None:
            return
        try:
            with self._event_log.open("rb") as file:
                file.seek(self._log_offset)
                data = file.read()
        except FileNotFoundError:
            return
        self._log_offset += len(data)
        *complete, self._log_tail = (self._log_tail + data).split(b"\n")
        with self._changed:
            self._events.extend(json.loads(line) for line in complete if line.strip())

    @property
    def stderr(self) -> str:
        """What the process wrote to stderr so far (all of it once it ended)."""
        with self._changed:
            return "".join(self._stderr)

    def output(self) -> str:
        """Stdout so far as one text."""
        with self._changed:
            return "\n".join(self.lines)

    def story(self, last: int = 80, loggers: Sequence[str] = STORY_LOGGERS) -> list[str]:
        """The last ``last`` stderr lines of ``loggers``: what the product heard and decided
        (each of the listener's verdicts, timed, when it runs with ``FACILITATOR_LOG=debug``)."""
        err = self.stderr.splitlines()
        return [line for line in err if any(name in line for name in loggers)][-last:]

    def count(self, fragment: str) -> int:
        """How many stdout lines so far contain ``fragment``."""
        with self._changed:
            return sum(fragment in line for line in self.lines)

    def events(self) -> list[Event]:
        """Every event so far, in order."""
        self._pull_log()
        with self._changed:
            return list(self._events)

    def _tell(self, what: str) -> str:
        return f"{what}; last lines {self.lines[-5:]}; stderr {self.stderr[-2000:]!r}"

    # ----------------------------------------------------------------- waiting

    def _wait_changed(self) -> None:
        with self._changed:
            self._changed.wait(POLL_S)

    def wait_for(self, match: LineMatch, timeout_s: float = WAIT_S) -> str:
        """The next stdout line (after the one this returned last) that matches; fails when
        the output ends or the deadline passes first."""
        deadline = time.monotonic() + timeout_s
        while True:
            with self._changed:
                while self._line_cursor < len(self.lines):
                    line = self.lines[self._line_cursor]
                    self._line_cursor += 1
                    if _matches_line(match, line):
                        return line
            if self._output_done():
                with self._changed:
                    if self._line_cursor == len(self.lines):
                        pytest.fail(self._tell(f"output ended before {match!r}"))
                continue
            if time.monotonic() > deadline:
                pytest.fail(self._tell(f"no line with {match!r} within {timeout_s} s"))
            self._wait_changed()

    def next_event(self, match: EventMatch, timeout_s: float = WAIT_S) -> Event | None:
        """The next event (after the one this returned last) that matches, or None when the
        process ended without it or the deadline passed."""
        deadline = time.monotonic() + timeout_s
        while True:
            ended = self.proc.poll() is not None and self._output_done()
            events = self.events()
            while self._event_cursor < len(events):
                event = events[self._event_cursor]
                self._event_cursor += 1
                if _matches_event(match, event):
                    return event
            if ended or time.monotonic() > deadline:
                return None
            self._wait_changed()

    def wait_for_event(self, match: EventMatch, timeout_s: float = WAIT_S) -> Event:
        """``next_event``, failing the test when it does not come."""
        event = self.next_event(match, timeout_s)
        if event is None:
            pytest.fail(self._tell(f"no event {match!r} within {timeout_s} s"))
        return event

    def stderr_shows(self, fragment: str, timeout_s: float) -> bool:
        """Whether ``fragment`` appeared on stderr before the deadline (or the exit)."""
        deadline = time.monotonic() + timeout_s
        while fragment not in self.stderr:
            ended = self.proc.poll() is not None and not self._readers[1].is_alive()
            if ended or time.monotonic() > deadline:
                return fragment in self.stderr
            self._wait_changed()
        return True

    def wait_until(self, done: Callable[[list[Event]], bool], timeout_s: float) -> bool:
        """Whether ``done(all events)`` came true before the deadline (or the exit)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if done(self.events()):
                return True
            if self.proc.poll() is not None and self._output_done():
                break
            self._wait_changed()
        return bool(done(self.events()))

    # ----------------------------------------------------------------- input and signals

    def key(self, text: str) -> None:
        """Type ``text`` and Enter."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def close_stdin(self) -> None:
        """No more keys: the keyboard input ends."""
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self.proc.stdin.close()

    def product_pid(self) -> int:
        """The product's own process: the prefix's child when the prefix forks."""
        if not self._prefix_forks:
            return self.proc.pid
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            with contextlib.suppress(FileNotFoundError):
                if found := children.read_text().split():
                    return int(found[0])
            if self.proc.poll() is not None:
                break
            time.sleep(POLL_S)
        raise AssertionError(self._tell("the prefix started no product process"))

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the product (to the whole group with ``own_group``)."""
        if self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            if self._own_group:
                os.killpg(self.proc.pid, signum)
            else:
                os.kill(self.product_pid(), signum)

    # ----------------------------------------------------------------- ending

    def wait_exit(self, timeout_s: float = STOP_S) -> int:
        """The exit code once the process ended and all its output is read; fails (after
        killing it) when it does not end in time."""
        try:
            code = self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self._kill()
            pytest.fail(self._tell(f"still running after {timeout_s} s (killed)"))
        for reader in self._readers:
            reader.join(timeout=WAIT_S)
        self._pull_log()
        self.code = code
        return code

    def stop(self, signum: int = signal.SIGTERM, timeout_s: float = STOP_S) -> tuple[int, str]:
        """Send ``signum`` and wait for the exit: (exit code, stderr)."""
        self.send_signal(signum)
        return self.wait_exit(timeout_s), self.stderr

    def finish(self, timeout_s: float = STOP_S) -> tuple[int, str]:
        """Close stdin and wait for the exit: (exit code, stderr)."""
        self.close_stdin()
        return self.wait_exit(timeout_s), self.stderr

    def _kill(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, AssertionError):
                if self._own_group:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                elif self._prefix_forks:
                    os.kill(self.product_pid(), signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
        self.proc.wait(timeout=WAIT_S)

    def close(self, grace_s: float = GRACE_S) -> None:
        """End the process if it still runs (SIGTERM, then SIGKILL after ``grace_s``) and
        close every pipe. Safe to call more than once."""
        if self.proc.poll() is None:
            with contextlib.suppress(AssertionError):  # a prefix that started no product
                self.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                self._kill()
        self.close_stdin()
        for reader in self._readers:
            reader.join(timeout=WAIT_S)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None and not stream.closed:
                stream.close()
        if self.code is None:
            self.code = self.proc.returncode

    def __enter__(self) -> ProductProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
