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


#: Dutch labels of the states and triggers for the diagram (``facilitator apparaat --diagram``).
STATE_LABELS = {
    WAITING: "Wachten: zeg intervisie beginnen",
    SETUP: "Voorbereiden",
    SESSION: "De sessie (de methode: facilitator toon METHODE --diagram)",
    "people": "Wie is er",
    "method": "Welke methode",
    "duration": "Hoeveel tijd",
    "case": "Wie brengt een casus in",
}
TRIGGER_LABELS = {
    "wake": "intervisie beginnen",
    "hand_over": "alles gevraagd",
    "give_up": "te weinig mensen, of geen antwoord",
    "session_ended": "klaar of gestopt",
}
ASK_LABEL = "volgende vraag, of opnieuw"
RESUMED_LABEL = "een onderbroken sessie hervat"


def definition(labelled: bool = False) -> tuple[list[Any], list[dict[str, Any]]]:
    """(states, transitions) of the device machine; ``labelled`` adds Dutch labels."""

    def state(name: str, **more: Any) -> dict[str, Any]:
        return {"name": name, **more, **({"label": STATE_LABELS[name]} if labelled else {})}

    states: list[Any] = [
        state(WAITING),
        state(SETUP, children=[state(t) for t in TOPICS], initial=TOPICS[0]),
        state(SESSION),
    ]
    transitions: list[dict[str, Any]] = [
        {"trigger": "wake", "source": WAITING, "dest": SETUP},
        {"trigger": "hand_over", "source": SETUP, "dest": SESSION},
        {"trigger": "hand_over", "source": WAITING, "dest": SESSION},  # a resumed session
        {"trigger": "give_up", "source": SETUP, "dest": WAITING},
        {"trigger": "session_ended", "source": SESSION, "dest": WAITING},
    ]
    for topic in TOPICS:  # forward, or back with "opnieuw"
        transitions.append({"trigger": f"ask_{topic}", "source": SETUP, "dest": setup_state(topic)})
    if labelled:
        for transition in transitions:
            resumed = transition["trigger"] == "hand_over" and transition["source"] == WAITING
            label = RESUMED_LABEL if resumed else TRIGGER_LABELS.get(transition["trigger"])
            transition["label"] = label or ASK_LABEL
    return states, transitions


def diagram() -> str:
    """The device machine as a Mermaid state diagram."""
    from facilitator.session.machine import mermaid

    states, transitions = definition(labelled=True)
    text = mermaid(states, transitions, WAITING, "Het tafelapparaat")
    # transitions joins the labels of two edges between the same states with " | "; the
    # initial substate's edge has none
    return "\n".join(line.removesuffix(" | ") for line in text.splitlines()) + "\n"


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
