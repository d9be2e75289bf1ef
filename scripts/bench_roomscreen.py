"""Room display benchmark: change-to-screen latency and the server's idle cost.

Prints:

* **change → screen**: from the moment the session hands a snapshot to the room display's
  listener until a real headless Chromium shows it in the page (a MutationObserver on the
  step title reports back); median, p95, max over ``--changes`` changes.
* **key → screen** through a real session: a key typed into ``facilitator start --plain
  --kamerscherm`` ("m", more time: a new snapshot each time) until the page shows the new
  snapshot number.
* **idle cost**: CPU (% of one core) and memory (RSS) of a real idle session with and without
  ``--kamerscherm`` (one page connected), over ``--idle`` seconds; the difference is the
  server's cost.

    python scripts/bench_roomscreen.py [--changes 100] [--keys 20] [--idle 20]
    python scripts/bench_roomscreen.py --quick --check   # CI: fewer samples, fails past limits
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator.roomscreen import RoomScreen, RoomScreenOptions  # noqa: E402
from tests.support.browser import chromium, missing_reason  # noqa: E402
from tests.support.process import home_env  # noqa: E402
from tests.support.room_snapshots import snapshot  # noqa: E402

WAIT_S = 5.0  # per change, before giving up
START_S = 30.0
PAUSE_S = 0.05  # between changes: one change at a time, as in a session
SETTLE_S = 1.0  # after start-up, before idle is measured
LATENCY_P95_LIMIT_S = 0.2  # the page follows a change within 200 ms
IDLE_CPU_LIMIT_PCT = 5.0  # of one core, the room display's share of an idle session
IDLE_RSS_LIMIT_MB = 40.0
URL = re.compile(r"Kamerscherm: (http://127\.0\.0\.1:\d+/)")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
WATCH_TITLE = """() => new MutationObserver(() =>
    window.seen(document.getElementById('step-title').textContent)
  ).observe(document.getElementById('step-title'), {childList: true, characterData: true,
                                                    subtree: true})"""
WATCH_SEQ = """() => new MutationObserver(() => window.seen(document.body.dataset.seq))
  .observe(document.body, {attributes: true, attributeFilter: ['data-seq']})"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(
        f"{name}: n={len(ms)}  median {statistics.median(ms):.1f} ms  "
        f"p95 {percentile(ms, 0.95):.1f} ms  max {max(ms):.1f} ms",
        flush=True,
    )


class Seen:
    """What the page reported, with the time it arrived (time.monotonic)."""

    def __init__(self) -> None:
        self.values: dict[str, float] = {}
        self.event = threading.Event()

    def __call__(self, value: str) -> None:
        self.values.setdefault(value, time.monotonic())

    def wait(self, page: Any, value: str) -> float:
        deadline = time.monotonic() + WAIT_S
        while value not in self.values:
            if time.monotonic() > deadline:
                raise SystemExit(f"the page did not show {value!r} within {WAIT_S} s")
            page.wait_for_timeout(2)  # lets Playwright deliver the page's calls
        return self.values[value]


def change_to_screen(browser: Any, changes: int) -> list[float]:
    screen = RoomScreen(RoomScreenOptions(port=0), now=time.monotonic)
    screen.start()
    screen.attach(lambda event: None)
    try:
        screen(snapshot(at=time.monotonic()))
        page = browser.new_page(viewport={"width": 800, "height": 480}, bypass_csp=True)
        seen = Seen()
        page.expose_function("seen", seen)
        page.goto(f"http://127.0.0.1:{screen.port}/")
        page.wait_for_selector("body[data-seq]")
        page.evaluate(WATCH_TITLE)
        out = []
        for n in range(changes):
            title = f"Stap {n}"
            start = time.monotonic()
            screen(snapshot(at=start, seq=n + 2, step_title=title))
            out.append(seen.wait(page, title) - start)
            page.wait_for_timeout(PAUSE_S * 1000)
        page.close()
        return out
    finally:
        screen.close()


def start_product(
    home: Path,
    room: bool,
    participants: Sequence[str] = ("Anna", "Bram", "Cem"),
    group: Sequence[str] = (),
) -> subprocess.Popen[str]:
    """``facilitator start 5-stappen --plain`` without speech or listening, its state and
    settings under ``home``, the first of ``participants`` bringing the case. With ``group``,
    a standing group "Team" of those members is made first and the session is of that group."""
    env = home_env(home)
    command = [
        sys.executable, "-m", "facilitator", "start", "5-stappen",
        "--deelnemers", ",".join(participants), "--inbrenger", participants[0],
        "--plain", "--geen-spraak", "--geen-luisteren",
    ]  # fmt: skip
    if group:
        make = ["groep", "maak", "Team", "--deelnemers", ",".join(group)]
        subprocess.run(
            [sys.executable, "-m", "facilitator", *make],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=START_S,
        )  # fmt: skip
        command += ["--groep", "Team"]
    if room:
        command += ["--kamerscherm", "--poort", "0"]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@contextmanager
def running_product(
    room: bool,
    participants: Sequence[str] = ("Anna", "Bram", "Cem"),
    group: Sequence[str] = (),
) -> Iterator[subprocess.Popen[str]]:
    """``start_product`` in a fresh home for the block; ended (SIGTERM) after it."""
    with TemporaryDirectory() as tmp:
        proc = start_product(Path(tmp), room, participants, group)
        try:
            yield proc
        finally:
            proc.terminate()
            proc.wait(timeout=START_S)


def product_url(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if found := URL.search(line):
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep it flowing
            return found.group(1)
    raise SystemExit("the product printed no room display address")


def cpu_and_rss(pid: int) -> tuple[float, float]:
    """(CPU seconds so far, RSS in MB) of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE_KB / 1024
    return cpu, rss


def idle_cost(browser: Any, room: bool, idle_s: float) -> tuple[float, float]:
    """(CPU % of one core, RSS MB) of an idle session, with one page open when ``room``."""
    with running_product(room) as proc:
        page = None
        if room:
            page = browser.new_page(viewport={"width": 800, "height": 480})
            page.goto(product_url(proc))
            page.wait_for_selector("body[data-seq]")
            time.sleep(SETTLE_S)
        else:
            time.sleep(2.0 + SETTLE_S)  # about the same start-up time
        cpu0, _ = cpu_and_rss(proc.pid)
        start = time.monotonic()
        time.sleep(idle_s)
        cpu1, rss = cpu_and_rss(proc.pid)
        share = (cpu1 - cpu0) / (time.monotonic() - start) * 100
        if page is not None:
            page.close()
        return share, rss


def key_to_screen(browser: Any, keys: int) -> list[float]:
    with running_product(room=True) as proc:
        page = browser.new_page(viewport={"width": 800, "height": 480}, bypass_csp=True)
        seen = Seen()
        page.expose_function("seen", seen)
        page.goto(product_url(proc))
        # the session's first snapshot (an early page sees the display before the session)
        page.wait_for_selector("body[data-seq]:not([data-seq=''])", timeout=START_S * 1000)
        page.evaluate(WATCH_SEQ)
        assert proc.stdin is not None
        out = []
        for _ in range(keys):
            before = page.evaluate("document.body.dataset.seq")
            start = time.monotonic()
            proc.stdin.write("m\n")
            proc.stdin.flush()
            deadline = start + WAIT_S
            while not any(v != before and t >= start for v, t in seen.values.items()):
                if time.monotonic() > deadline:
                    raise SystemExit("the page did not follow a key within the limit")
                page.wait_for_timeout(2)
            out.append(min(t for v, t in seen.values.items() if t >= start) - start)
            seen.values.clear()
            page.wait_for_timeout(200)
        page.close()
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle measurement")
    parser.add_argument("--quick", action="store_true", help="30 changes, 10 keys, 8 s idle")
    parser.add_argument("--check", action="store_true", help="exit 1 past the limits")
    args = parser.parse_args()
    if args.quick:
        args.changes, args.keys, args.idle = 30, 10, 8.0
    reason = missing_reason()
    if reason:
        print(f"Skipped: {reason}")
        return 0
    with chromium() as browser:
        changes = change_to_screen(browser, args.changes)
        report("change -> screen (listener -> page)", changes)
        keys = key_to_screen(browser, args.keys)
        report("key -> screen (real session, 'm')", keys)
        base_cpu, base_rss = idle_cost(browser, room=False, idle_s=args.idle)
        room_cpu, room_rss = idle_cost(browser, room=True, idle_s=args.idle)
    print(
        f"idle session without room display: CPU {base_cpu:.2f} % of a core, RSS {base_rss:.1f} MB"
    )
    print(
        f"idle session with room display (1 page): CPU {room_cpu:.2f} % of a core, "
        f"RSS {room_rss:.1f} MB"
    )
    print(
        f"room display's idle cost: CPU {room_cpu - base_cpu:+.2f} % of a core, "
        f"memory {room_rss - base_rss:+.1f} MB"
    )
    if not args.check:
        return 0
    failures = []
    for name, values in (("change -> screen", changes), ("key -> screen", keys)):
        if percentile(values, 0.95) > LATENCY_P95_LIMIT_S:
            failures.append(f"{name} p95 over {LATENCY_P95_LIMIT_S * 1000:.0f} ms")
    if room_cpu - base_cpu > IDLE_CPU_LIMIT_PCT:
        failures.append(f"idle CPU over {IDLE_CPU_LIMIT_PCT} % of a core")
    if room_rss - base_rss > IDLE_RSS_LIMIT_MB:
        failures.append(f"memory over {IDLE_RSS_LIMIT_MB:.0f} MB")
    print("Check: " + ("; ".join(failures) if failures else "within the limits"))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
