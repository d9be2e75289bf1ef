"""The shared process helper (``tests/support/process.py``) fails where it should: a line
that never comes ends the wait when the output ends, not at the deadline."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.support.process import ProductProcess
from tests.test_cli_commands import isolated_env


def test_a_missing_line_fails_when_the_output_ends(tmp_path: Path) -> None:
    with ProductProcess("methodes", env=isolated_env(tmp_path)) as listing:
        assert "5-stappen" in listing.wait_for("5-stappen")
        started = time.monotonic()
        with pytest.raises(pytest.fail.Exception, match="output ended before 'geen-methode'"):
            listing.wait_for("geen-methode", timeout_s=60.0)
        assert time.monotonic() - started < 30.0  # the end of the output, not the deadline
        assert listing.wait_exit() == 0
    assert listing.proc.stdout is not None and listing.proc.stdout.closed
    assert listing.next_event("anything", timeout_s=0.1) is None  # ended: no wait
