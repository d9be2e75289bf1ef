"""``facilitator start`` and ``oefen`` as people run them, in a subprocess.

``start --plain`` is driven by keys written to its stdin pipe; its stdout lines and the
``--event-log`` show what happened. Time-outs here are safety nets, not speed targets.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from facilitator.cli.parser import EXIT_INTERRUPTED
from tests.support.process import ProductProcess
from tests.test_cli_commands import SHORT_METHOD, facilitator, isolated_env

if TYPE_CHECKING:
    from facilitator.events import Event
    from facilitator.wiring import Wiring

NAMES = ("--deelnemers", "Anna,Bram,Cem,Dirk", "--inbrenger", "Anna")
QUIET = ("--plain", "--geen-spraak", "--geen-luisteren")


def running(home: Path, *args: str) -> ProductProcess:
    """``facilitator ARGS`` with its own directories, driven through its stdin."""
    return ProductProcess(*args, env=isolated_env(home))


@pytest.fixture
def short_method(tmp_path: Path) -> Path:
    path = tmp_path / "kort.toml"
    path.write_text(SHORT_METHOD, encoding="utf-8")
    return path


def read_log(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def rushed_wiring(
    method: Path, seen: Callable[[Event], None] | None = None, **options: Any
) -> Wiring:
    """An in-process run of ``method`` for Anna, Bram and Cem, without listening, whose steps
    are skipped as soon as they begin; ``seen`` hears every event first; ``options`` go to
    ``Wiring`` (a keyboard, no speech)."""
    import io

    from facilitator.display.plain import PlainDisplay
    from facilitator.events import Command, CommandIssued, InputSource, Post, StepEntered
    from facilitator.methods.loader import load_method
    from facilitator.session.clock import MonotonicClock
    from facilitator.session.plan import SessionPlan
    from facilitator.settings import build_settings
    from facilitator.wiring import Wiring

    def rush(post: Post) -> list[Callable[[Event], None]]:
        def listener(event: Event) -> None:
            if seen is not None:
                seen(event)
            if isinstance(event, StepEntered):
                post(CommandIssued(Command.NEXT_STEP, InputSource.SYSTEM))

        return [listener]

    clock = MonotonicClock()
    return Wiring(
        plan=SessionPlan(load_method(method), ("Anna", "Bram", "Cem"), "Bram", None),
        settings=build_settings({"listen": {"enabled": False}}, use_default_file=False),
        clock=clock,
        display=PlainDisplay(clock.now, out=io.StringIO()),
        listening=False,
        make_extra=rush,
        **options,
    )


def test_oefen_plays_the_whole_session_on_a_fast_clock(tmp_path: Path, short_method: Path) -> None:
    result = facilitator(
        tmp_path,
        "oefen",
        str(short_method),
        "--snelheid",
        "600",
        "--deelnemers",
        "Anna,Bram,Cem",
        "--inbrenger",
        "Bram",
        "--event-log",
        str(tmp_path / "oefen.jsonl"),
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Oefensessie, 600 keer zo snel" in out
    timeline = [line for line in out.splitlines() if line.startswith("[")]
    steps = [line for line in timeline if "] Stap " in line]
    assert [line.split("] ")[1].split(" (")[0] for line in steps] == [
        "Stap 1/3 — Openen",
        "Stap 2/3 — Rondje",
        "Stap 3/3 — Vrij gesprek",
    ]
    assert "] Tijd is om (stap)" in out
    assert "Opdracht: volgende stap (systeem)" in out
    assert "Opdracht: volgende spreker (systeem)" in out  # the round: Anna and Cem
    assert "Beurt 2/2: Cem" in out
    assert timeline[-1].endswith("Sessie afgerond.")
    # simulated clock: the soft last step starts after the 1 + 2 planned minutes
    assert steps[2].startswith("[00:03:")
    assert int(timeline[-1][4:6]) >= 4  # ends at 4 simulated minutes or later
    records = read_log(tmp_path / "oefen.jsonl")
    assert [r["index"] for r in records if r["type"] == "step_entered"] == [0, 1, 2]
    assert records[-1] == {**records[-1], "type": "session_ended", "completed": True}
    assert float(records[-1]["t"]) >= 4 * 60  # type: ignore[arg-type]  # simulated seconds


@pytest.mark.slow
def test_start_plain_driven_by_keys_on_a_pipe(tmp_path: Path, short_method: Path) -> None:
    log = tmp_path / "sessie.jsonl"
    with running(
        tmp_path, "start", str(short_method), *NAMES, *QUIET, "--event-log", str(log)
    ) as run:
        run.wait_for("Toetsen (typ de letter en druk Enter)")
        run.wait_for("Stap 1/3 — Openen")
        run.key("v")
        run.wait_for("Stap 2/3 — Rondje")
        run.key("s")
        run.wait_for("Beurt 2/3: Cem")
        run.key("t")
        run.wait_for("Stap 1/3 — Openen")
        run.key("x")
        run.wait_for("Onbekende toets 'x'")
        run.key("p")
        run.wait_for("Opdracht: pauze (toetsenbord)")
        run.key("p")
        run.wait_for("Opdracht: verder (toetsenbord)")
        run.key("q")
        run.wait_for("Opdracht: stoppen")
        run.key("j")
        run.wait_for("Sessie gestopt.")
        code, stderr = run.finish()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    captions = [line for line in run.lines if "] » " in line]
    assert captions, "every spoken line is shown as a caption"
    records = read_log(log)
    entered = [r["index"] for r in records if r["type"] == "step_entered"]
    assert entered == [0, 1, 0]
    accepted = [r["command"] for r in records if r["type"] == "command_accepted"]
    assert accepted == [
        "next_step",
        "next_speaker",
        "previous_step",
        "pause",
        "resume",
        "stop",
        "confirm",
    ]
    assert all(isinstance(r["t"], float | int) for r in records)
    says = [r["text"] for r in records if r["type"] == "say"]
    assert [line.split("] » ", 1)[1] for line in captions] == says
    assert records[-1]["type"] == "session_ended" and records[-1]["completed"] is False


@pytest.mark.slow
def test_sigterm_keeps_the_state_and_hervat_continues(tmp_path: Path, short_method: Path) -> None:
    with running(tmp_path, "start", str(short_method), *NAMES, *QUIET) as run:
        run.wait_for("Stap 1/3 — Openen")
        run.key("v")
        run.wait_for("Stap 2/3 — Rondje")
        code, stderr = run.stop(signal.SIGTERM)
    assert code == EXIT_INTERRUPTED, stderr
    assert run.lines[-1] == (
        "Sessie onderbroken; de stand is bewaard. Ga verder met: facilitator start --hervat"
    )
    assert (tmp_path / "state" / "facilitator" / "sessie.json").is_file()

    with running(tmp_path, "start", "--hervat", *QUIET) as resumed:
        resumed.close_stdin()  # no keyboard: it keeps running
        line = resumed.wait_for("Sessie hervat")
        assert "Anna, Bram, Cem, Dirk" in line
        resumed.wait_for("Stap 2/3 — Rondje")
        code, stderr = resumed.stop(signal.SIGINT)
    assert code == EXIT_INTERRUPTED, stderr
    assert "facilitator start --hervat" in resumed.lines[-1]

    fresh = facilitator(tmp_path, "start", str(short_method), *NAMES, *QUIET, stdin="q\nj\n")
    assert fresh.returncode == 0, fresh.stderr
    assert "de onderbroken sessie die nog bewaard was, wordt vervangen" in fresh.stdout
    assert "Sessie gestopt." in fresh.stdout
    assert not (tmp_path / "state" / "facilitator" / "sessie.json").exists()  # ended: cleared


def test_names_are_asked_for_on_a_terminal_only(tmp_path: Path) -> None:
    result = facilitator(tmp_path, "start", *QUIET)  # stdin is a pipe, not a terminal
    assert result.returncode == 2
    assert "Namen ontbreken" in result.stderr
    assert isolated_env(tmp_path)["XDG_STATE_HOME"].endswith("state")


def test_oefen_timeline_starts_when_the_session_starts(
    tmp_path: Path,
    short_method: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Start-up (the plan, building parts) takes no simulated time: while the parts are
    built the rehearsal clock stands at zero, and it only runs once the session starts."""
    from facilitator.cli import main
    from facilitator.cli import run as cli_run
    from facilitator.cli.rehearsal import Rehearsal
    from facilitator.events import Post, SessionStarted, Shutdown
    from facilitator.session.clock import SimulatedClock

    for var, value in isolated_env(tmp_path).items():
        if var.startswith("XDG_"):
            monkeypatch.setenv(var, value)
    seen: dict[str, float] = {}
    clocks: list[SimulatedClock] = []

    def simulated_clock(speed: float) -> SimulatedClock:
        clocks.append(SimulatedClock(speed))
        return clocks[-1]

    class Probe(Rehearsal):
        """The rehearsal driver, noting the clock while parts are built and at the start;
        it ends the session right after the start."""

        def attach(self, post: Post) -> list[Rehearsal]:
            seen["building"] = clocks[0].now()
            self._probe_post = post
            return super().attach(post)

        def __call__(self, event: Event) -> None:
            if isinstance(event, SessionStarted):
                seen["started"] = clocks[0].now()
                self._probe_post(Shutdown(reason="test"))
            super().__call__(event)

    monkeypatch.setattr(cli_run, "Rehearsal", Probe)
    monkeypatch.setattr(cli_run, "SimulatedClock", simulated_clock)
    code = main(["oefen", str(short_method), "--snelheid", "600", "--deelnemers", "Anna,Bram,Cem"])
    assert code == 0
    assert seen["building"] == 0.0  # start-up takes no simulated time
    assert seen["started"] == 0.0  # the timeline starts exactly with the session
    assert "[00:00:00] Sessie gestart" in capsys.readouterr().out


def test_wiring_lets_the_speaker_finish_the_closing_words(
    short_method: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the last step the run waits (bounded) until the speaker says it is quiet."""
    import facilitator.speech as speech
    from facilitator.events import Say, SayKind

    class QuietLater:
        """A speaker that is quiet only on the third look after the closing words."""

        def __init__(self) -> None:
            self.closing_heard = False
            self.looks: list[bool] = []

        def __call__(self, event: Event) -> None:
            if isinstance(event, Say) and event.kind is SayKind.CLOSING:
                self.closing_heard = True

        def start(self) -> None: ...

        def close(self) -> None: ...

        def wait_until_quiet(self, timeout_s: float) -> bool:
            assert self.closing_heard  # asked only once the session has said its last words
            self.looks.append(len(self.looks) >= 2)
            return self.looks[-1]

    fake = QuietLater()
    monkeypatch.setattr(speech, "create_speaker", lambda settings, post: fake)

    outcome = rushed_wiring(short_method).run()
    assert outcome.finished
    assert fake.looks == [False, False, True]


def test_keys_that_end_after_the_session_leave_no_notice_behind(short_method: Path) -> None:
    """Keyboard input that ends once the session has ended (the terminal closed after
    "Sessie gestopt.") says nothing more: "de sessie gaat door" would be untrue, and the
    event log's last record stays the end of the session."""
    import threading
    import time

    from facilitator.cli.keyboard import KEYS_ENDED, Keyboard
    from facilitator.events import Notice, Post, SessionEnded

    ended = threading.Event()
    seen: list[Event] = []

    class KeysUntilTheEnd:
        """A terminal whose input ends just after the session has ended."""

        def __iter__(self) -> KeysUntilTheEnd:
            return self

        def __next__(self) -> str:
            ended.wait(10)
            raise StopIteration

    def see(event: Event) -> None:
        seen.append(event)
        if isinstance(event, SessionEnded):
            ended.set()
            time.sleep(0.3)  # the keyboard posts its notice meanwhile (on the old code)

    made: list[Keyboard] = []

    def keyboard(post: Post) -> Keyboard:
        made.append(Keyboard(post, stream=KeysUntilTheEnd()))  # type: ignore[arg-type]
        return made[-1]

    wiring = rushed_wiring(short_method, see, speech=False, make_keyboard=keyboard)
    assert wiring.run().finished
    assert made and made[0].ended.wait(5)  # the input did end, after the session
    after = seen[next(i for i, e in enumerate(seen) if isinstance(e, SessionEnded)) :]
    assert [e.text for e in after if isinstance(e, Notice)] == []
    assert not any(isinstance(e, Notice) and e.text == KEYS_ENDED for e in seen)
