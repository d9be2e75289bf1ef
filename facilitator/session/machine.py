"""The ``transitions`` state machine of a session: one state per method step.

States: ``start`` → ``step_0`` … ``step_<n-1>`` → ``end``. Step changes are real
transitions; everything else (meer tijd, pauze, …) is an internal transition
(``dest=None``) whose ``after`` callback on the model does the work. Whether a command makes
sense *now* is decided before triggering (``rules.refusal``): with ``queued=True`` a trigger
always returns True, so a failed condition could not tell the caller why.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine

from facilitator.events import Command

INITIAL = "start"
FINAL = "end"
BEGIN = "begin"

#: Commands handled as internal transitions, with the model callback that handles each.
INTERNAL: dict[Command, str] = {
    Command.MORE_TIME: "_on_more_time",
    Command.PAUSE: "_on_pause",
    Command.RESUME: "_on_resume",
    Command.REPEAT: "_on_repeat",
    Command.TIME_LEFT: "_on_time_left",
    Command.NEXT_SPEAKER: "_on_next_speaker",
    Command.QUESTIONS: "_on_questions",
    Command.HELP: "_on_help",
    Command.STOP: "_on_stop",
    Command.CANCEL: "_on_cancel",
    Command.RULE: "_on_rule",
    Command.MORE_HELP: "_on_more_help",
    Command.BRIEF: "_on_brief",
    Command.FULL: "_on_full",
}


def step_state(index: int) -> str:
    return f"step_{index}"


def build_machine(model: object, step_count: int) -> Any:
    """A queued machine bound to ``model`` (which must have the callbacks named here)."""
    steps = [step_state(i) for i in range(step_count)]
    transitions: list[dict[str, Any]] = [
        {"trigger": BEGIN, "source": INITIAL, "dest": steps[0], "after": "_on_begin"},
        {"trigger": Command.CONFIRM.value, "source": steps, "dest": FINAL, "after": "_on_confirm"},
    ]
    for i, name in enumerate(steps):
        transitions.append(
            {
                "trigger": Command.NEXT_STEP.value,
                "source": name,
                "dest": steps[i + 1] if i + 1 < step_count else FINAL,
                "before": "_push_undo",
                "after": "_on_next_step",
            }
        )
        if i > 0:
            transitions.append(
                {
                    "trigger": Command.PREVIOUS_STEP.value,
                    "source": name,
                    "dest": steps[i - 1],
                    "after": "_on_previous_step",
                }
            )
    for command, callback in INTERNAL.items():
        transitions.append(
            {"trigger": command.value, "source": steps, "dest": None, "after": callback}
        )
    return Machine(
        model=model,
        states=[INITIAL, *steps, FINAL],
        transitions=transitions,
        initial=INITIAL,
        queued=True,
        auto_transitions=False,
        ignore_invalid_triggers=False,
    )
