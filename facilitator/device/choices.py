"""What the set-up proposes and how its answers become a session plan.

* the method proposed: ``--methode`` when given; else the group's next preferred method after
  the one it used last (its opted-in history), else its first preferred, else the one it used
  last, else the 5-stappen method;
* the numbered choice: the group's preferred methods, then the built-in ones, at most six;
* the rotation for a case: who brought one longest ago (or never) is asked first;
* the plan: the method fitted to the time (never shorter than the method can be).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from facilitator.device.form import MAX_CHOICES, Context, Done
from facilitator.groups import Group
from facilitator.methods.errors import FitError
from facilitator.methods.fitting import fit, minimum_minutes
from facilitator.methods.registry import builtin_methods, find_method
from facilitator.methods.schema import Method
from facilitator.phrases.setup import SetupPhrases
from facilitator.session.plan import SessionPlan
from facilitator.units import SECONDS_PER_MINUTE

DEFAULT_METHOD = "5-stappen"


def proposed_method(group: Group | None, given: str | None) -> str:
    if given:
        return find_method(given).id
    if group is None:
        return DEFAULT_METHOD
    used = [r.method_id for r in sorted(group.history, key=lambda r: r.on)]
    preferred = list(group.methods)
    if preferred and used and used[-1] in preferred:
        return preferred[(preferred.index(used[-1]) + 1) % len(preferred)]
    if preferred:
        return preferred[0]
    return used[-1] if used else DEFAULT_METHOD


def method_choices(group: Group | None, proposed: str) -> tuple[tuple[str, str], ...]:
    methods = {m.id: m.name for m in builtin_methods()}
    order = [*(group.methods if group else ()), *methods]
    ids = [i for i in dict.fromkeys(order) if i != proposed]
    names = {i: methods.get(i) or find_method(i).name for i in ids}
    return tuple((i, names[i]) for i in ids[:MAX_CHOICES])


def rotation(group: Group | None) -> tuple[str, ...]:
    if group is None:
        return ()
    last: dict[str, str] = {}
    for record in group.history:
        last[record.casusinbrenger] = max(last.get(record.casusinbrenger, ""), str(record.on))
    return tuple(sorted(group.participants, key=lambda name: last.get(name, "")))


def context(
    group: Group | None, members: tuple[str, ...], method: str | None, phrases: SetupPhrases
) -> Context:
    proposed = proposed_method(group, method)
    return Context(
        members=members,
        proposed=proposed,
        choices=method_choices(group, proposed),
        load=find_method,
        phrases=phrases,
        rotation=rotation(group),
    )


def fitted(method_id: str, minutes: float | None) -> tuple[Method, bool]:
    """The method for one session fitted to ``minutes`` (its own length for None), and
    whether ``minutes`` was too short (then it has its shortest length)."""
    method = find_method(method_id)
    if method.meetings:
        method = method.for_meeting(method.meetings[0].number)
    if minutes is None:
        return method, False
    try:
        return fit(method, minutes), False
    except FitError:
        return fit(method, minimum_minutes(method)), True


def make_plan(done: Done) -> SessionPlan:
    method, _ = fitted(done.method_id, done.minutes)
    meeting = method.meetings[0].number if method.meetings else None
    return SessionPlan(method, done.participants, done.casusinbrenger, meeting)


def plan_line(
    phrases: SetupPhrases, now: Callable[[], datetime]
) -> Callable[[str, float | None], str]:
    def line(method_id: str, minutes: float | None) -> str:
        method, short = fitted(method_id, minutes)
        end = now() + timedelta(seconds=method.total_minutes * SECONDS_PER_MINUTE)
        said = phrases.plan(len(method.steps), end)
        return f"{phrases.too_short(method.name, method.total_minutes)} {said}" if short else said

    return line
