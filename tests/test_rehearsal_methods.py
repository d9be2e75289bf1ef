"""``facilitator oefen`` on every built-in method: every step is entered, in order, and lasts
exactly its planned time (the rehearsal runs on the live controller with a simulated clock)."""

from __future__ import annotations

import itertools
import re

import pytest

from facilitator.cli import main
from facilitator.methods.registry import builtin_methods

STEP_LINE = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] Stap (\d+)/(\d+) — ")
END_LINE = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] Sessie afgerond\.")
SECONDS_PER_MINUTE = 60


def seconds(match: re.Match[str]) -> int:
    hours, minutes, secs = (int(match.group(i)) for i in (1, 2, 3))
    return hours * 3600 + minutes * 60 + secs


def timeline(out: str) -> tuple[list[tuple[int, int]], int | None]:
    """([(step number, start second)], end second) from the rehearsal's plain lines."""
    steps = [(int(m.group(4)), seconds(m)) for m in map(STEP_LINE.match, out.splitlines()) if m]
    ends = [seconds(m) for m in map(END_LINE.match, out.splitlines()) if m]
    return steps, (ends[0] if ends else None)


@pytest.mark.parametrize("method_id", sorted(m.id for m in builtin_methods()))
@pytest.mark.parametrize("speed", ["6000", "1000000"])
def test_every_step_is_entered_for_its_planned_time(
    method_id: str, speed: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "/nonexistent-state")  # a rehearsal saves nothing
    method = next(m for m in builtin_methods() if m.id == method_id)
    args = ["oefen", method_id, "--snelheid", speed]
    if method.meetings:
        args += ["--bijeenkomst", str(method.meetings[0].number)]
    assert main(args) == 0
    steps, end = timeline(capsys.readouterr().out)
    first = method.meetings[0].number if method.meetings else None
    planned = method.for_meeting(first).steps  # oefen without --duur: as written
    assert [number for number, _ in steps] == list(range(1, len(planned) + 1))
    starts = [at for _, at in steps] + [end]
    assert None not in starts, "the rehearsal did not reach its end"
    lasted = [b - a for a, b in itertools.pairwise(starts)]  # type: ignore[operator]
    expected = [round(step.minutes * SECONDS_PER_MINUTE) for step in planned]
    assert lasted == expected
