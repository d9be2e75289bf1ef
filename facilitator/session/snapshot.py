"""The one ``Snapshot`` of a session: built from its machine and its step time, nothing else."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from facilitator.events import PeopleChange, PeopleChangeKind, Snapshot, TurnSnapshot
from facilitator.session.machine import leaves

if TYPE_CHECKING:
    from facilitator.session.engine import Session


def build_snapshot(session: Session, now: float) -> Snapshot:
    """Where ``session`` stands at clock time ``now`` (``session.seq`` is its number)."""
    method, plan = session.method, session.plan
    index, time = session.step_index, session.time
    running = index is not None and time is not None
    step = method.steps[index] if running and index is not None else None
    turn: TurnSnapshot | None = None
    round_complete = False
    remaining_s = allotted_s = 0.0
    planned_end_s = now
    if step is not None and time is not None:
        clock, rnd = time.clock, time.round
        allotted_s, remaining_s = clock.allotted_s, clock.remaining(now)
        planned_end_s = session.planned_end_s(now)
        if rnd is not None:
            round_complete = rnd.complete
            if not rnd.complete:
                elapsed = clock.elapsed(now)
                turn = TurnSnapshot(
                    rnd.current,
                    rnd.index,
                    len(rnd.speakers),
                    rnd.turn_allotted_s,
                    rnd.turn_remaining(elapsed),
                )
    planned_end = (
        session.wall_clock() + timedelta(seconds=planned_end_s - now) if step is not None else None
    )
    return Snapshot(
        seq=session.seq,
        at=now,
        state=leaves(session.state),
        method_id=method.id,
        method_name=method.name,
        participants=plan.participants,
        casusinbrenger=plan.casusinbrenger,
        meeting=plan.meeting,
        started=session.started,
        ended=session.finished,
        completed=session.completed,
        step_index=index if index is not None else (len(method.steps) if session.finished else 0),
        step_count=len(method.steps),
        step_title=step.title if step is not None else "",
        role=step.role.value if step is not None else "",
        rule=session.narrator.fill(step.rule) if step is not None else "",
        soft=session.method.is_soft(step) if step is not None else False,
        is_round=step is not None and step.round is not None,
        allotted_s=allotted_s,
        remaining_s=remaining_s,
        turn=turn,
        round_complete=round_complete,
        paused=session.paused,
        stop_pending=session.stop_pending,
        speaking=session.speaking,
        planned_end_s=planned_end_s,
        planned_end=planned_end,
        allowed=session.allowed(),
        generation=session.generation,
        case_number=session.people.case_number,
        absent=session.people.absent,
        choosing=index is not None and index == session.choosing,
        changes=session.possible_changes(),
        case_later=session.can(PeopleChange(PeopleChangeKind.ANOTHER_CASE)),
        ruled_out=session.ruled_out,
    )
