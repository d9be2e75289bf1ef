"""Changes of people in ``facilitator start`` as people run it: keys on its stdin, the plain
lines, the event log, the state file, and ``--hervat`` afterwards (a subprocess)."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from facilitator.cli.parser import EXIT_INTERRUPTED
from tests.support.process import ProductProcess
from tests.test_cli_commands import isolated_env

QUIET = ("--plain", "--geen-spraak", "--geen-luisteren")


def people_events(path: Path) -> list[tuple[str, str, str]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(r["type"], r["kind"], r["name"]) for r in records if r["type"].startswith("people_")]


@pytest.mark.slow
def test_join_leave_choose_and_another_case_by_keys_then_resume(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    args = ("start", "incidentmethode", "--deelnemers", "Anna,Bram,Cem,Dirk", "--inbrenger")
    env = isolated_env(tmp_path)
    with ProductProcess(*args, "Anna", *QUIET, "--event-log", str(log), env=env) as run:
        run.wait_for("Stap 1/11")
        run.key("c Bram")  # not in the choosing step yet
        run.wait_for("Wie de casus inbrengt, kiezen jullie in de stap")
        run.key("v")
        run.wait_for("Stap 2/11")
        run.key("c bram")
        run.wait_for("Bram brengt de casus in.")
        run.key("v")
        run.wait_for("Stap 3/11")
        run.key("b")  # the key asks, the next line answers
        run.wait_for("Wie doet er mee?")
        run.key("Eva")
        run.wait_for("Eva doet mee.")
        run.key("w Fenna")
        run.wait_for("Fenna is er niet. Aanwezig zijn Anna, Bram, Cem, Dirk en Eva.")
        run.key("w Cem")
        run.wait_for("Aanwezig: Anna, Bram, Dirk, Eva — casus: Bram")
        run.key("e")
        run.key("")  # no name: the group chooses in the choosing step
        run.wait_for("Tweede casus.")
        run.wait_for("Stap 2/11")
        run.key("c Dirk")
        run.wait_for("Dirk brengt de casus in.")
        code, stderr = run.stop(signal.SIGTERM)
    assert code == EXIT_INTERRUPTED, stderr
    assert people_events(log) == [
        ("people_change_refused", "presenter", "Bram"),
        ("people_changed", "presenter", "Bram"),
        ("people_changed", "join", "Eva"),
        ("people_change_refused", "leave", "Fenna"),
        ("people_changed", "leave", "Cem"),
        ("people_changed", "another_case", ""),
        ("people_changed", "presenter", "Dirk"),
    ]
    saved = json.loads((tmp_path / "state" / "facilitator" / "sessie.json").read_text("utf-8"))
    assert saved["participants"] == ["Anna", "Bram", "Dirk", "Eva"]
    assert (saved["casusinbrenger"], saved["case_number"]) == ("Dirk", 2)

    with ProductProcess("start", "--hervat", *QUIET, env=env) as resumed:
        resumed.close_stdin()
        line = resumed.wait_for("Sessie hervat")
        assert "deelnemers: Anna, Bram, Dirk, Eva; casusinbrenger: Dirk" in line
        code, stderr = resumed.stop(signal.SIGINT)
    assert code == EXIT_INTERRUPTED, stderr
    again = json.loads((tmp_path / "state" / "facilitator" / "sessie.json").read_text("utf-8"))
    assert again["case_number"] == 2 and again["earlier_casusinbrengers"] == ["Bram"]
