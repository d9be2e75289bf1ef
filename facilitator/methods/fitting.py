"""Fit a method to the minutes a group has: proportional, floored, rounded to half minutes.

Every step keeps its share of the time (``step.minutes / method.total_minutes``), except
that no step drops below its floor: ``step.min_minutes`` when the file gives one, else
a default by kind of step (never more than the step's own planned minutes). Steps are
rounded to half minutes with the largest-remainder method, so the total is exactly the
time asked for; a time that is not a multiple of half a minute leaves a remainder of
less than half a minute, which goes to the longest step. Scaling up works the same way,
and soft-timed steps scale like the others. A round's reserve (the minutes kept back after
the last turn) scales with its step: 5 of 15 minutes becomes 2.5 of 7.5.
"""

from __future__ import annotations

import dataclasses
import math

from facilitator.methods.errors import FitError
from facilitator.methods.schema import Method, Role, Step

UNITS_PER_MINUTE = 2  # fitted minutes are multiples of half a minute
DEFAULT_MIN_SPEAKING = 2.0  # minutes: the floor of a step in which someone speaks
DEFAULT_MIN_SILENT = 1.0  # minutes: the floor of a silent (writing, thinking) step
DEFAULT_MIN_ROUND = 4.0  # minutes: a round needs roughly a minute for each speaker
_EPSILON = 1e-9  # absorbs float noise when converting minutes to units
_DECIMALS = 6  # a step that takes an odd remainder is kept free of float noise


def step_floor(step: Step) -> float:
    """The fewest minutes ``fit`` will give this step."""
    if step.min_minutes is not None:
        return step.min_minutes
    if step.role is Role.STIL:
        default = DEFAULT_MIN_SILENT
    elif step.round is not None:
        default = DEFAULT_MIN_ROUND
    else:
        default = DEFAULT_MIN_SPEAKING
    return min(default, step.minutes)


def one_session(method: Method) -> Method:
    """The steps of one session: a cycle whose steps differ per meeting and that was not
    narrowed to a meeting (``Method.for_meeting``) is taken at its first meeting."""
    if method.varies_per_meeting:
        return method.for_meeting(method.meetings[0].number)
    return method


def minimum_minutes(method: Method) -> float:
    """The shortest total this method can be fitted to."""
    method = one_session(method)
    return sum(_floor_units(step) for step in method.steps) / UNITS_PER_MINUTE


def fit(method: Method, minutes: float) -> Method:
    """``method`` with its step minutes rescaled to a total of ``minutes``.

    Raises ``FitError`` (Dutch message) when ``minutes`` is not a positive number or is
    less than ``minimum_minutes(method)``.
    """
    method = one_session(method)
    if not math.isfinite(minutes) or minutes <= 0:
        raise FitError(
            f"De beschikbare tijd moet een getal groter dan 0 minuten zijn "
            f"(nu: {format_minutes(minutes)}). Geef het aantal minuten op, bijvoorbeeld 60."
        )
    if math.isclose(minutes, method.total_minutes, abs_tol=_EPSILON):
        return method
    total_units = math.floor(minutes * UNITS_PER_MINUTE + _EPSILON)
    floors = [_floor_units(step) for step in method.steps]
    if sum(floors) > total_units:
        minimum = sum(floors) / UNITS_PER_MINUTE
        raise FitError(
            f'De methode "{method.name}" heeft minstens {format_minutes(minimum)} minuten nodig '
            f"(nu: {format_minutes(minutes)} minuten). Kies meer tijd of een kortere methode.",
            minimum_minutes=minimum,
        )
    units = _distribute([step.minutes for step in method.steps], floors, total_units)
    fitted = [u / UNITS_PER_MINUTE for u in units]
    rest = minutes - total_units / UNITS_PER_MINUTE  # 0 <= rest < half a minute
    if rest > _EPSILON:
        longest = max(range(len(fitted)), key=lambda i: fitted[i])
        fitted[longest] = round(fitted[longest] + rest, _DECIMALS)
    steps = tuple(rescale_step(step, new) for step, new in zip(method.steps, fitted, strict=True))
    return dataclasses.replace(method, steps=steps)


def rescale_step(step: Step, minutes: float) -> Step:
    """``step`` lasting ``minutes``; a round's reserve keeps its share of the step.

    Used by ``fit`` and when a saved session is resumed, so both give the same reserve.
    """
    rnd = step.round
    if rnd is None or rnd.reserve_minutes == 0 or minutes == step.minutes:
        return dataclasses.replace(step, minutes=minutes)
    exact = rnd.reserve_minutes * minutes / step.minutes
    reserve = round(exact, _DECIMALS)
    if reserve >= minutes:  # rounding must not eat the whole round
        reserve = exact
    return dataclasses.replace(
        step, minutes=minutes, round=dataclasses.replace(rnd, reserve_minutes=reserve)
    )


def format_minutes(minutes: float) -> str:
    """Dutch number format: 37.5 -> '37,5'."""
    return f"{minutes:g}".replace(".", ",")


def _floor_units(step: Step) -> int:
    return math.ceil(step_floor(step) * UNITS_PER_MINUTE - _EPSILON)


def _distribute(weights: list[float], floors: list[int], total: int) -> list[int]:
    """Split ``total`` units in proportion to ``weights``, never below ``floors``.

    Steps whose proportional share falls below their floor are pinned to it and the rest
    is shared again among the others (water filling); the free steps are then rounded by
    largest remainder, which keeps each within one unit of its exact share.
    """
    pinned: set[int] = set()
    while True:
        free = [i for i in range(len(weights)) if i not in pinned]
        available = total - sum(floors[i] for i in pinned)
        weight = sum(weights[i] for i in free)
        shares = {i: weights[i] * available / weight for i in free} if free else {}
        below = {i for i, share in shares.items() if share < floors[i]}
        if not below:
            break
        pinned |= below
    units = [
        floors[i] if i in pinned else math.floor(shares[i] + _EPSILON) for i in range(len(weights))
    ]
    leftover = total - sum(units)
    if not free:  # every step pinned: give what is left to the longest step
        units[max(range(len(units)), key=lambda i: weights[i])] += leftover
        return units
    by_remainder = sorted(free, key=lambda i: (-(shares[i] - units[i]), -weights[i], i))
    for i in by_remainder[:leftover]:
        units[i] += 1
    for i in reversed(by_remainder[leftover:]):  # float noise only: take back what was over
        if sum(units) <= total:
            break
        if units[i] > floors[i]:
            units[i] -= 1
    return units
