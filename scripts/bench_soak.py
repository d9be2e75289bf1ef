"""Soak benchmark: a whole live session, every part on, on a sped-up clock.

A built-in method fitted to ``--hours`` runs through the real ``Wiring`` exactly as
``facilitator start`` builds it: controller thread, live screen (rendered into a file),
real espeak-ng speech played through a private PulseAudio speaker (the clock is the
rehearsal's simulated clock: exact, its waits ``--speed`` times shorter), the state store saving
every few seconds and an event log. A driver presses keys as a group would: "volgende
stap" at every time-up (or when a soft step reached its planned time), "volgende spreker" at
every turn's end, and pause/resume, "meer tijd", "herhaal", "hoeveel tijd" and "help"
along the way. Memory (RSS), threads and open file descriptors are sampled at the start,
during and at the end, and once more after the parts are closed::

    python scripts/bench_soak.py --hours 3 --speed 60            # about 3 real minutes
    python scripts/bench_soak.py --hours 3 --speed 60 --no-speech

It passes (exit 0) when the session finished, every step was entered, and memory, threads
and file descriptors at the end are within the stated growth of the start.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator.events import (  # noqa: E402
    Command,
    CommandIssued,
    Event,
    InputSource,
    Listener,
    PlannedTimeReached,
    Post,
    Scope,
    SessionEnded,
    SessionStarted,
    StepEntered,
    TimeUp,
    TimeWarning,
)
from facilitator.methods.fitting import fit  # noqa: E402
from facilitator.methods.registry import find_method  # noqa: E402
from facilitator.session.clock import SimulatedClock  # noqa: E402
from facilitator.session.plan import SessionPlan  # noqa: E402
from facilitator.session.store import StateStore  # noqa: E402
from facilitator.settings import build_settings  # noqa: E402
from facilitator.wiring import Wiring  # noqa: E402
from tests.support.virtual_audio import sound_system  # noqa: E402

NAMES = ("Anna", "Bram", "Carla", "Daan", "Eva")
MAX_RSS_GROWTH_MB = 10.0  # end against the warmed-up sample
WARM_FRACTION = 0.1  # of the run: the sample taken as the warmed-up baseline
MAX_FD_GROWTH = 2
MAX_THREAD_GROWTH = 0
SAMPLE_EVERY_S = 5.0  # real seconds
#: Commands the driver gives in turn at each step warning (a group asking things).
ASIDES = (Command.TIME_LEFT, Command.REPEAT, Command.HELP, Command.MORE_TIME)


@dataclass(frozen=True, slots=True)
class Sample:
    real_s: float
    rss_mb: float
    threads: int
    fds: int


def sample(started: float) -> Sample:
    rss_kb = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    return Sample(
        real_s=time.monotonic() - started,
        rss_mb=rss_kb / 1024,
        threads=len(os.listdir("/proc/self/task")),
        fds=len(os.listdir("/proc/self/fd")),
    )


def peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Driver:
    """Gives the commands a group would give; a listener of the session."""

    speed: float
    post: Post | None = None
    steps: list[int] = field(default_factory=list)
    commands: int = 0
    ended: threading.Event = field(default_factory=threading.Event)
    at_start: list[Sample] = field(default_factory=list)  # sampled as the session starts
    at_end: list[Sample] = field(default_factory=list)  # sampled as the session ends
    started: float = field(default_factory=time.monotonic)
    _asides: int = 0

    def attach(self, post: Post) -> Sequence[Listener]:
        self.post = post
        return [self]

    def _give(self, command: Command) -> None:
        assert self.post is not None
        self.commands += 1
        self.post(CommandIssued(command, InputSource.SYSTEM))

    def __call__(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            self.at_start.append(sample(self.started))
        elif isinstance(event, StepEntered):
            self.steps.append(event.index)
            if event.index % 2 == 0:  # a short pause in every other step
                self._give(Command.PAUSE)
                self._give(Command.RESUME)
        elif (isinstance(event, TimeUp) and event.scope is Scope.STEP) or isinstance(
            event, PlannedTimeReached
        ):
            self._give(Command.NEXT_STEP)
        elif isinstance(event, TimeUp) and event.scope is Scope.TURN:
            self._give(Command.NEXT_SPEAKER)
        elif isinstance(event, TimeWarning) and event.scope is Scope.STEP:
            self._give(ASIDES[self._asides % len(ASIDES)])
            self._asides += 1
        elif isinstance(event, SessionEnded):
            self.at_end.append(sample(self.started))
            self.ended.set()

    def close(self) -> None:
        """Nothing to stop: the driver only reacts to the session's events."""


def run(hours: float, speed: float, speech: bool, method_id: str) -> int:
    from rich.console import Console

    from facilitator.display.live import LiveDisplay

    method = fit(find_method(method_id), hours * 60)
    plan = SessionPlan(method, NAMES, NAMES[0])
    with TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = build_settings(
            {
                "session": {"event_log": work / "log.jsonl"},
                "speech": {"mode": "spraak" if speech else "uit"},
                "listen": {"enabled": False},
            },
            use_default_file=False,
        )
        clock = SimulatedClock(speed)  # as a rehearsal: exact, waits sped up
        screen = (work / "scherm.txt").open("w", encoding="utf-8")
        display = LiveDisplay(clock.now, console=Console(file=screen, force_terminal=True))
        store = StateStore(work / "sessie.json")
        driver = Driver(speed)
        started = driver.started
        samples: list[Sample] = []

        def sampler() -> None:
            while not driver.ended.wait(SAMPLE_EVERY_S):
                samples.append(sample(started))

        wiring = Wiring(
            plan=plan,
            settings=settings,
            clock=clock,
            display=display,
            store=store,
            speech=speech,
            listening=False,
            make_extra=driver.attach,
        )
        threading.Thread(target=sampler, name="sampler", daemon=True).start()
        outcome = wiring.run()
        driver.close()
        screen.close()
        time.sleep(0.5)  # let closed threads finish exiting
        closed = sample(started)
        log_lines = len((work / "log.jsonl").read_text(encoding="utf-8").splitlines())
        saves = store.saves
    real_s = time.monotonic() - started
    start = driver.at_start[0]
    end = driver.at_end[0] if driver.at_end else closed
    # warmed up: speech engine, screen and store have all done their first work
    warm = next((s for s in samples if s.real_s >= real_s * WARM_FRACTION), start)
    print(
        f"soak: {method.name} fitted to {hours:g} h at speed {speed:g} "
        f"({real_s:.0f} s real), speech {'on' if speech else 'off'}, live screen, state store"
    )
    print(
        f"  finished={outcome.finished}  steps entered={len(set(driver.steps))}/"
        f"{len(method.steps)}  commands given={driver.commands}  state saves={saves}  "
        f"event log lines={log_lines}"
    )
    print(f"  {'moment':<22}{'RSS MB':>9}{'threads':>9}{'fds':>6}")
    rows = [("start", start), (f"warm ({WARM_FRACTION:.0%} in)", warm)]
    if samples:
        rows.append(("middle", samples[len(samples) // 2]))
    rows += [("end (session ended)", end), ("after closing", closed)]
    for name, item in rows:
        print(f"  {name:<22}{item.rss_mb:9.1f}{item.threads:9d}{item.fds:6d}")
    growth = end.rss_mb - warm.rss_mb
    print(
        f"  RSS growth warm→end {growth:+.1f} MB ({growth / hours:+.1f} MB per simulated hour), "
        f"start→end {end.rss_mb - start.rss_mb:+.1f} MB; "
        f"peak RSS {peak_rss_mb():.1f} MB; max threads "
        f"{max(s.threads for s in [start, *samples, end])}, max fds "
        f"{max(s.fds for s in [start, *samples, end])}"
    )
    ok = (
        outcome.finished
        and len(set(driver.steps)) == len(method.steps)
        and growth <= MAX_RSS_GROWTH_MB
        and end.fds - warm.fds <= MAX_FD_GROWTH
        and end.threads - warm.threads <= MAX_THREAD_GROWTH
    )
    print("  PASS" if ok else "  FAIL (see the limits at the top of scripts/bench_soak.py)")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=3.0)
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--methode", default="10-stappen")
    parser.add_argument("--no-speech", action="store_true")
    parser.add_argument(
        "--default-device", action="store_true", help="play through the default sound device"
    )
    args = parser.parse_args(argv)
    speech = not args.no_speech
    with sound_system(virtual=speech and not args.default_device):
        return run(args.hours, args.speed, speech, args.methode)


if __name__ == "__main__":
    raise SystemExit(main())
