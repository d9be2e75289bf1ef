"""The device's ``transitions`` machine: waiting, set-up by voice, the session, and back.

::

    waiting ──wake──> setup ──hand_over──> session ──session_ended──> waiting
                      ├─ people     roll call (or how many)
                      ├─ method     proposal, or a numbered choice
                      ├─ duration   the time, and the fitted plan in one sentence
                      └─ case       who brings a case (going round)
              setup ──give_up──> waiting      (fewer than two people)

Why a machine of its own, before the session's: the session machine is built from the
method's steps (``session/machine.py``), and the method is one of the set-up's answers. The
device machine does not depend on a method, so it exists before one is chosen; it hands over
to a session machine built for the chosen method, and takes over again when that session
ends. Inside a topic, which question comes next is the form's (``form.py``): a pure function
of the answers, so "opnieuw" and resuming after a crash are the same operation.
"""

from __future__ import annotations

from typing import Any

from transitions.extensions import HierarchicalMachine

from facilitator.device.setup import TOPICS

WAITING = "waiting"
SETUP = "setup"
SESSION = "session"
SEP = "_"


def setup_state(topic: str) -> str:
    return f"{SETUP}{SEP}{topic}"


def definition() -> tuple[list[Any], list[dict[str, Any]]]:
    states: list[Any] = [
        {"name": WAITING},
        {"name": SETUP, "children": list(TOPICS), "initial": TOPICS[0]},
        {"name": SESSION},
    ]
    transitions: list[dict[str, Any]] = [
        {"trigger": "wake", "source": WAITING, "dest": SETUP},
        {"trigger": "hand_over", "source": [WAITING, SETUP], "dest": SESSION},
        {"trigger": "give_up", "source": SETUP, "dest": WAITING},
        {"trigger": "session_ended", "source": SESSION, "dest": WAITING},
    ]
    for topic in TOPICS:  # forward, or back with "opnieuw"
        transitions.append({"trigger": f"ask_{topic}", "source": SETUP, "dest": setup_state(topic)})
    return states, transitions


def build(model: object) -> HierarchicalMachine:
    states, transitions = definition()
    return HierarchicalMachine(
        model=model,
        states=states,
        transitions=transitions,
        initial=WAITING,
        auto_transitions=False,
        ignore_invalid_triggers=False,
    )
