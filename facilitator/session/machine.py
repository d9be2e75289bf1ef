"""The session's ``transitions`` machine: the one truth of where a session stands.

A hierarchical machine (``transitions.extensions.HierarchicalMachine``)::

    start ──begin──> session ──(next_step after the last step, or confirm)──> finished
                     ├─ step:  s1 ─ s2 ─ … ─ sN      where the group is in the method
                     ├─ clock: running ⇄ paused       pause / resume / toggle_pause
                     └─ stop:  idle ⇄ asked           stop / cancel / stop_expired

``session`` is a *parallel* state: it is in one step, one clock state and one stop state at
once (``Session.state`` is the list of the three leaves). Whether a command may be done now is
the machine's own answer (``may_<command>()``, from sources and conditions); why not comes from
the condition that failed (``refusal``). Commands that only answer or change the time within a
step (more time, next speaker, repeat, …) are internal transitions of ``session``.

Changes of who is there (``PeopleChange``: join, leave, the casusinbrenger chosen in the
method's choosing step, "nog een casus") are transitions too, with the person as the
trigger's argument: the conditions and callbacks receive the ``PeopleChange``. Joining,
leaving and "er is iemand bij" are internal transitions of ``session``; choosing the
casusinbrenger is an internal transition of the choosing step only; "nog een casus" moves
from any step after the start of the case part back to it (``people.case_start``).

The same definition, with Dutch labels, draws the machine as a Mermaid state diagram
(``diagram``; ``facilitator toon METHODE --diagram``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from transitions.extensions import HierarchicalGraphMachine, HierarchicalMachine
from transitions.extensions.nesting import NestedState

from facilitator.events import Command
from facilitator.methods.schema import Method
from facilitator.phrases import Refusal
from facilitator.phrases.commands import COMMAND_NAMES
from facilitator.session import people
from facilitator.session.machine_people import (
    NO_TRANSITION,
    PEOPLE_CONDITION_LABELS,
    PEOPLE_CONDITIONS,
    PEOPLE_NO_SOURCE,
    PEOPLE_TRIGGER_LABELS,
    SETTINGS_CONDITIONS,
    people_transitions,
)

if TYPE_CHECKING:
    from facilitator.session.plan import SessionSettings

START = "start"
SESSION = "session"
END = "finished"
BEGIN = "begin"  # trigger: start -> session
STOP_EXPIRED = "stop_expired"  # trigger (system): a pending stop was not confirmed in time

SEP = "_"  # transitions' default separator of nested state names
RUNNING = f"{SESSION}{SEP}clock{SEP}running"
PAUSED = f"{SESSION}{SEP}clock{SEP}paused"
STOP_IDLE = f"{SESSION}{SEP}stop{SEP}idle"
STOP_ASKED = f"{SESSION}{SEP}stop{SEP}asked"
STEP_PREFIX = f"{SESSION}{SEP}step{SEP}s"

#: Conditions (model methods) and the refusal a group hears when one fails.
CONDITIONS: dict[str, Refusal] = {
    "stop_not_pending": Refusal.STOP_PENDING,
    "clock_running": Refusal.PAUSED,
    "in_round": Refusal.NOT_A_ROUND,
    "round_open": Refusal.ROUND_COMPLETE,
    "has_questions": Refusal.NO_QUESTIONS,
    "has_rule": Refusal.NO_RULE,
    **PEOPLE_CONDITIONS,
}

#: Why a command cannot be done when no transition leaves the current state for it.
NO_SOURCE: dict[str, Refusal] = {
    Command.PREVIOUS_STEP: Refusal.FIRST_STEP,
    Command.PAUSE: Refusal.ALREADY_PAUSED,
    Command.RESUME: Refusal.NOT_PAUSED,
    Command.STOP: Refusal.STOP_PENDING,
    Command.CONFIRM: Refusal.NO_STOP_PENDING,
    Command.CANCEL: Refusal.NO_STOP_PENDING,
    **PEOPLE_NO_SOURCE,
}

#: Dutch labels of conditions and commands for the diagram.
CONDITION_LABELS: dict[str, str] = {
    "stop_not_pending": "geen stop gevraagd",
    "clock_running": "klok loopt",
    "in_round": "in een ronde",
    "round_open": "ronde niet rond",
    "has_questions": "stap heeft vragen",
    "has_rule": "stap heeft een regel",
    **PEOPLE_CONDITION_LABELS,
}
#: Labels of the system triggers and the changes of people (commands are named as
#: everywhere: ``COMMAND_NAMES``).
TRIGGER_LABELS: dict[str, str] = {
    BEGIN: "begin",
    STOP_EXPIRED: "niet bevestigd",
    **PEOPLE_TRIGGER_LABELS,
}
STATE_LABELS: dict[str, str] = {
    START: "Nog niet begonnen",
    SESSION: "Sessie",
    END: "Afgelopen",
    "step": "Stap",
    "clock": "Klok",
    "running": "loopt",
    "paused": "gepauzeerd",
    "stop": "Stoppen",
    "idle": "niet gevraagd",
    "asked": "gevraagd, wacht op ja of nee",
}

MOVE = ("stop_not_pending", "clock_running")  # what moving the position or the time needs

#: Internal transitions of ``session`` (dest None): command, conditions, model callback.
INTERNAL: tuple[tuple[Command, tuple[str, ...], str], ...] = (
    (Command.MORE_TIME, MOVE, "_on_more_time"),
    (Command.NEXT_SPEAKER, (*MOVE, "in_round", "round_open"), "_on_next_speaker"),
    (Command.REPEAT, (), "_on_repeat"),
    (Command.TIME_LEFT, (), "_on_time_left"),
    (Command.QUESTIONS, ("has_questions",), "_on_questions"),
    (Command.HELP, (), "_on_help"),
    (Command.MORE_HELP, (), "_on_more_help"),
    (Command.RULE, ("has_rule",), "_on_rule"),
    (Command.BRIEF, (), "_on_brief"),
    (Command.FULL, (), "_on_full"),
    (Command.SOMEONE_JOINS, ("has_absent", "calls_roll"), "_on_someone_joins"),
)


def ruled_out(settings: SessionSettings) -> frozenset[Command]:
    """The commands a session with ``settings`` never takes: a condition of theirs that reads
    only the settings fails ("er is iemand bij" without the device's roll call). Views do
    not offer them; one given anyway is refused with its reason, as always."""
    failing = {name for name, holds in SETTINGS_CONDITIONS.items() if not holds(settings)}
    return frozenset(command for command, conditions, _ in INTERNAL if failing & set(conditions))


def step_state(index: int) -> str:
    """The full name of the state of step ``index`` (0-based)."""
    return f"{STEP_PREFIX}{index + 1}"


def leaves(state: Any) -> tuple[str, ...]:
    """The machine's current leaf states as a tuple (one outside the session, three in it)."""
    if isinstance(state, str):
        return (state,)
    found: list[str] = []
    for item in state:
        found.extend(leaves(item))
    return tuple(found)


def step_index(state: Any) -> int | None:
    """The 0-based step the machine is in, or None outside the session."""
    for leaf in leaves(state):
        if leaf.startswith(STEP_PREFIX):
            return int(leaf[len(STEP_PREFIX) :]) - 1
    return None


def definition(
    step_titles: Sequence[str],
    *,
    labelled: bool = False,
    choosing: int | None = None,
    case_start: int | None = None,
) -> tuple[list[Any], list[dict[str, Any]]]:
    """(states, transitions) of a method with these steps, for ``transitions``.

    ``choosing`` is the step in which the group chooses the case (``people.chooser``),
    ``case_start`` the first step of the case part (``people.case_start``); None when the
    method has none. ``labelled`` adds Dutch labels (state titles, command words,
    conditions) for drawing.
    """
    count = len(step_titles)
    steps = [f"s{i + 1}" for i in range(count)]

    def state(name: str, label: str | None = None, **more: Any) -> dict[str, Any]:
        spec: dict[str, Any] = {"name": name, **more}
        if labelled:
            spec["label"] = label if label is not None else STATE_LABELS.get(name, name)
        return spec

    step_states = [
        state(name, f"{i + 1}. {title}")
        for i, (name, title) in enumerate(zip(steps, step_titles, strict=True))
    ]
    states: list[Any] = [
        state(START),
        state(
            SESSION,
            parallel=[
                state("step", children=step_states, initial=steps[0]),
                state("clock", children=[state("running"), state("paused")], initial="running"),
                state("stop", children=[state("idle"), state("asked")], initial="idle"),
            ],
        ),
        state(END),
    ]
    full = [step_state(i) for i in range(count)]
    move = list(MOVE)
    transitions: list[dict[str, Any]] = [
        {"trigger": BEGIN, "source": START, "dest": SESSION, "after": "_on_begin"},
    ]
    for i, name in enumerate(full):
        transitions.append(
            {
                "trigger": Command.NEXT_STEP.value,
                "source": name,
                "dest": full[i + 1] if i + 1 < count else END,
                "conditions": [*move, "presenter_chosen"] if i == choosing else move,
                "before": "_push_undo",
                "after": "_on_next_step",
            }
        )
        if i > 0:
            transitions.append(
                {
                    "trigger": Command.PREVIOUS_STEP.value,
                    "source": name,
                    "dest": full[i - 1],
                    "conditions": move,
                    "after": "_on_previous_step",
                }
            )
    clock = [
        (Command.PAUSE, RUNNING, PAUSED, "_on_pause"),
        (Command.RESUME, PAUSED, RUNNING, "_on_resume"),
    ]
    for command, source, dest, callback in clock:
        transitions.append(
            {
                "trigger": command.value,
                "source": source,
                "dest": dest,
                "conditions": ["stop_not_pending"],
                "after": callback,
            }
        )
    transitions += [
        {
            "trigger": Command.STOP.value,
            "source": STOP_IDLE,
            "dest": STOP_ASKED,
            "after": "_on_stop",
        },
        {
            "trigger": Command.CANCEL.value,
            "source": STOP_ASKED,
            "dest": STOP_IDLE,
            "after": "_on_cancel",
        },
        {"trigger": STOP_EXPIRED, "source": STOP_ASKED, "dest": STOP_IDLE},
        {
            "trigger": Command.CONFIRM.value,
            "source": STOP_ASKED,
            "dest": END,
            "after": "_on_confirm",
        },
    ]
    for command, conditions, callback in INTERNAL:
        transitions.append(
            {
                "trigger": command.value,
                "source": SESSION,
                "dest": None,
                "conditions": list(conditions),
                "after": callback,
            }
        )
    transitions += people_transitions(full, choosing, case_start, SESSION, MOVE)
    if labelled:
        for transition in transitions:
            trigger = transition["trigger"]
            words = TRIGGER_LABELS.get(trigger) or COMMAND_NAMES[Command(trigger)]
            guards = [CONDITION_LABELS[c] for c in transition.get("conditions", ())]
            transition["label"] = f"{words} [{', '.join(guards)}]" if guards else words
    return states, transitions


def build(
    model: object,
    step_titles: Sequence[str],
    *,
    choosing: int | None = None,
    case_start: int | None = None,
) -> HierarchicalMachine:
    """A queued machine bound to ``model`` (which has the callbacks and conditions named)."""
    states, transitions = definition(step_titles, choosing=choosing, case_start=case_start)
    return HierarchicalMachine(
        model=model,
        states=states,
        transitions=transitions,
        initial=START,
        queued=True,
        auto_transitions=False,
        ignore_invalid_triggers=False,
    )


def refusal(
    machine: HierarchicalMachine, model: Any, command: Command | str, *args: Any
) -> Refusal | None:
    """Why the machine does not take ``command`` (a command or a trigger, with the trigger's
    ``args``) now, or None when it does.

    The reason comes from the machine: outside the session, its state; else the first
    failing condition of the transition that would fire (or of the command's transitions,
    when none leaves the current state), else the command's own reason for having none.
    """
    trigger = str(command)
    current = leaves(model.state)
    if START in current:
        return Refusal.NOT_STARTED
    if END in current:
        return Refusal.FINISHED
    if trigger not in machine.events:  # this method has no such transition at all
        return NO_TRANSITION[trigger]
    if getattr(model, f"may_{trigger}")(*args):
        return None
    scopes = {SEP.join(leaf.split(SEP)[:n]) for leaf in current for n in range(1, 4)}
    by_source = machine.events[trigger].transitions
    candidates = [t for source, ts in by_source.items() if source in scopes for t in ts]
    # with no transition from here, only what the state says (paused, stop asked) comes first
    checked = candidates or [t for ts in by_source.values() for t in ts][:1]
    for transition in checked:
        for condition in transition.conditions:
            name = str(condition.func)  # always a method name here (see ``definition``)
            if not candidates and name not in MOVE:
                continue
            if bool(getattr(model, name)(*args)) != condition.target:
                return CONDITIONS[name]
    if not candidates:
        return NO_SOURCE[trigger]
    raise RuntimeError(f"{trigger} refused in {current} without a failing condition")


class _Drawing:
    """A stand-in model for drawing: conditions are only named, never evaluated."""


class _LabelledState(NestedState):
    """A state with a Dutch label for the diagram."""

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label or self.name


class _DrawingMachine(HierarchicalGraphMachine):
    state_cls = _LabelledState


def diagram(
    step_titles: Sequence[str],
    title: str,
    *,
    choosing: int | None = None,
    case_start: int | None = None,
) -> str:
    """The method's machine as a Mermaid state diagram (transitions' own Mermaid engine)."""
    states, transitions = definition(
        step_titles, labelled=True, choosing=choosing, case_start=case_start
    )
    return mermaid(states, transitions, START, title)


def mermaid(states: list[Any], transitions: list[dict[str, Any]], initial: str, title: str) -> str:
    """A labelled machine definition (states and transitions with ``label``) as a Mermaid
    state diagram, drawn by transitions' own Mermaid engine; conditions are not evaluated."""
    machine = _DrawingMachine(
        model=_Drawing(),
        states=states,
        transitions=transitions,
        initial=initial,
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=False,
        title=title,
    )
    text = str(machine.get_graph().draw(None))
    return text.replace(" [internal]", "")  # a self-loop says it already


def method_diagram(method: Method) -> str:
    """``diagram`` of one session of ``method``, with its choosing step and case part."""
    return diagram(
        [step.title for step in method.steps],
        method.name,
        choosing=people.chooser(method),
        case_start=people.case_start(method),
    )
