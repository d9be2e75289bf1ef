"""The shared process helper (``tests/support/process.py``) fails where it should: a line
that never comes ends the wait when the output ends, not at the deadline; the story a failing
test shows holds the last lines of the loggers that tell it, and no others."""

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


def test_the_story_is_the_last_lines_of_the_listening_device_and_speaker_loggers(
    tmp_path: Path,
) -> None:
    (tmp_path / "talker.py").write_text(
        "import sys\n"
        "for n in range(4):\n"
        "    print(f'{n} DEBUG facilitator.listening.spotter: verdict {n}', file=sys.stderr)\n"
        "print('5 INFO facilitator.session.engine: step entered', file=sys.stderr)\n"
        "print('6 INFO facilitator.device.core: question asked', file=sys.stderr)\n"
        "print('7 INFO facilitator.speech.speaker: spoke', file=sys.stderr)\n",
        encoding="utf-8",
    )
    with ProductProcess(module="talker", env=isolated_env(tmp_path), cwd=tmp_path) as talker:
        assert talker.wait_exit() == 0
    story = talker.story(last=3)
    assert story == [
        "3 DEBUG facilitator.listening.spotter: verdict 3",
        "6 INFO facilitator.device.core: question asked",
        "7 INFO facilitator.speech.speaker: spoke",
    ]
    assert len(talker.story()) == 6  # every line of those loggers, none of the session's
    assert talker.story(loggers=("facilitator.device",)) == [story[1]]
