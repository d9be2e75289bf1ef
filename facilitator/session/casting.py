"""Naming the casusinbrenger of a running session (a group that chooses its case in a step).

The plan is frozen: the session, its narrator and its timekeeper get a new plan with the name,
so every later prompt, round and saved state uses it. Only the controller thread calls this.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from facilitator.session.texts import placeholder_values

if TYPE_CHECKING:
    from facilitator.session.engine import Session


def set_casusinbrenger(session: Session, name: str) -> None:
    """Make ``name`` (one of the participants) the casusinbrenger from now on.

    Raises ``PlanError`` (Dutch) when ``name`` is not a participant."""
    plan = replace(session.plan, casusinbrenger=name)
    session.plan = plan
    session.narrator.plan = plan
    session.narrator.values = placeholder_values(plan, session.phrases)
    session.timekeeper.plan = plan
    session.publish(session.snapshot())
    session.checkpoint()


def chooses_case_now(session: Session) -> bool:
    """Is the session in the step where the group chooses its case, with none chosen yet?"""
    index = session.step_index
    if index is None or session.plan.casusinbrenger:
        return False
    return session.method.steps[index].chooses_case
