"""``facilitator apparaat`` as a process: with stdin closed it waits without crashing; with keys
alone (a pipe) a group sets up and runs a session, and the device waits again afterwards."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.support.device import device_env, running_device
from tests.support.process import Event, ProductProcess

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_S = 30.0


def facilitator(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        env=device_env(tmp),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=True,
    )


OPTIONS = ("--groep", "Dinsdag", "--geen-spraak", "--geen-luisteren")


def wait_for(device: ProductProcess, predicate: Any) -> list[Event]:
    """The events once ``predicate(events)`` holds, the device ended or the time is up."""
    device.wait_until(predicate, TIMEOUT_S)
    return device.events()


def questions(events: list[Event]) -> list[str]:
    return [e["key"] for e in events if e["type"] == "question_asked"]


def test_with_stdin_closed_it_says_it_is_ready_and_waits(tmp_path: Path) -> None:
    facilitator(tmp_path, "groep", "maak", "Dinsdag", "--deelnemers", "Anna,Bram,Cem")
    with running_device(device_env(tmp_path), tmp_path / "events.jsonl", *OPTIONS) as device:
        wait_for(device, lambda ev: "wake" in questions(ev))
        time.sleep(1.0)  # still running: no keyboard is not a reason to stop
        assert device.proc.poll() is None, device.stderr
        code, _ = device.stop(timeout_s=TIMEOUT_S)
    assert code == 0
    events = device.events()
    said = [e["text"] for e in events if e["type"] == "say"]
    assert said == ["Ik ben klaar. Zeg: intervisie beginnen."]
    assert questions(events) == ["wake"]


def test_keys_alone_set_up_and_run_a_session_then_it_waits_again(tmp_path: Path) -> None:
    facilitator(tmp_path, "groep", "maak", "Dinsdag", "--deelnemers", "Anna,Bram,Cem")
    with running_device(
        device_env(tmp_path), tmp_path / "events.jsonl", *OPTIONS, stdin="pipe"
    ) as device:

        def press(keys: str, then: Any) -> list[Event]:
            device.key(keys)
            return wait_for(device, then)

        wait_for(device, lambda ev: "wake" in questions(ev))
        press(" ", lambda ev: "present:Anna" in questions(ev))
        press("j", lambda ev: "present:Bram" in questions(ev))
        press("n", lambda ev: "present:Cem" in questions(ev))
        press("j", lambda ev: "method" in questions(ev))
        press("j", lambda ev: "duration" in questions(ev))
        press("1", lambda ev: "case:Anna" in questions(ev))  # 1: the first answer, een uur
        events = press("j", lambda ev: any(e["type"] == "step_entered" for e in ev))
        started = next(e for e in events if e["type"] == "session_started")
        assert started["participants"] == ["Anna", "Cem"]
        assert started["casusinbrenger"] == "Anna" and started["planned_minutes"] == 60
        press("q", lambda ev: any(e["type"] == "command_accepted" for e in ev))
        events = press("j", lambda ev: questions(ev).count("wake") == 2)
        assert any(e["type"] == "session_ended" for e in events)
        assert questions(events)[-1] == "wake"  # waiting again
        assert device.proc.poll() is None
        code, _ = device.stop(timeout_s=TIMEOUT_S)
    assert code == 0
    taken = [
        (e["question"], e["answer"], e["source"])
        for e in device.events()
        if e["type"] == "answer_taken"
    ]
    assert taken == [
        ("wake", "begin", "keyboard"),
        ("present:Anna", "yes", "keyboard"),
        ("present:Bram", "no", "keyboard"),
        ("present:Cem", "yes", "keyboard"),
        ("method", "yes", "keyboard"),
        ("duration", "minutes_60", "keyboard"),
        ("case:Anna", "yes", "keyboard"),
    ]


def test_installeer_and_verwijder_go_through_the_apparaat_parser(tmp_path: Path) -> None:
    facilitator(tmp_path, "groep", "maak", "Dinsdag", "--deelnemers", "Anna,Bram,Cem")
    installed = facilitator(
        tmp_path, "apparaat", "--groep", "Dinsdag", "--geen-spraak", "--installeer"
    )
    unit = next((tmp_path / "config" / "systemd" / "user").glob("*.service"))
    text = unit.read_text(encoding="utf-8")
    assert "apparaat --groep Dinsdag --geen-spraak" in text, text
    start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert "--installeer" not in start
    assert installed.stdout.strip()  # one Dutch line says what was done
    removed = facilitator(tmp_path, "apparaat", "--verwijder")
    assert not unit.exists() and removed.stdout.strip()


def test_diagram_draws_the_device_machine_as_it_is(tmp_path: Path) -> None:
    """``apparaat --diagram`` prints the device machine in Mermaid: every state the machine
    has (drawn from the same definition, so the drawing cannot drift) and every trigger with
    its Dutch words; the machine itself is not started."""
    from transitions.extensions import HierarchicalMachine

    from facilitator.device import machine

    shown = facilitator(tmp_path, "apparaat", "--diagram")
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert text.startswith("---\nHet tafelapparaat\n---\nstateDiagram-v2")

    class Model:
        pass

    built = machine.build(Model())
    assert isinstance(built, HierarchicalMachine)
    for state in built.get_nested_state_names():
        label = machine.STATE_LABELS[state.split(machine.SEP)[-1]]
        assert f'state "{label}" as {state}' in text, state
    for words in (*machine.TRIGGER_LABELS.values(), machine.ASK_LABEL, machine.RESUMED_LABEL):
        assert f": {words}\n" in text, words
    assert " | " not in text and "[internal]" not in text
    assert not (tmp_path / "state").exists()  # nothing ran
