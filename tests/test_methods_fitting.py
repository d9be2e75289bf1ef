"""fit(): exact totals, floors respected, proportional shares, clear errors."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.methods.errors import FitError
from facilitator.methods.fitting import (
    DEFAULT_MIN_ROUND,
    DEFAULT_MIN_SILENT,
    DEFAULT_MIN_SPEAKING,
    fit,
    minimum_minutes,
    rescale_step,
    step_floor,
)
from facilitator.methods.registry import builtin_methods
from facilitator.methods.schema import Method, Role, RoundSpec, Step, Timing

HALF = 0.5  # minutes: the rounding grain of fitted steps


def make_step(
    index: int,
    minutes: float,
    role: Role = Role.DEELNEMERS,
    *,
    is_round: bool = False,
    min_minutes: float | None = None,
) -> Step:
    return Step(
        id=f"stap-{index}",
        title=f"Stap {index}",
        minutes=minutes,
        role=role,
        prompt="Tekst.",
        round=RoundSpec() if is_round else None,
        min_minutes=min_minutes,
    )


def make_method(*steps: Step) -> Method:
    return Method(
        id="test", name="Testmethode", description="", group_min=3, group_max=8, steps=steps
    )


def minutes_of(method: Method) -> list[float]:
    return [step.minutes for step in method.steps]


def is_half_multiple(value: float) -> bool:
    return math.isclose(value * 2, round(value * 2), abs_tol=1e-9)


SIMPLE = make_method(make_step(1, 10), make_step(2, 20), make_step(3, 30))


def test_same_total_returns_the_method_unchanged() -> None:
    assert fit(SIMPLE, 60) is SIMPLE


def test_scale_down_is_exact_and_proportional() -> None:
    fitted = fit(SIMPLE, 30)
    assert minutes_of(fitted) == [5, 10, 15]
    assert fitted.total_minutes == 30
    assert [s.id for s in fitted.steps] == [s.id for s in SIMPLE.steps]  # only minutes change


def test_scale_up_is_exact_and_proportional() -> None:
    assert minutes_of(fit(SIMPLE, 90)) == [15, 30, 45]


def test_rounding_keeps_the_total_exact_in_half_minutes() -> None:
    fitted = fit(SIMPLE, 47)
    assert fitted.total_minutes == 47
    assert all(is_half_multiple(m) for m in minutes_of(fitted))
    for planned, got in zip(minutes_of(SIMPLE), minutes_of(fitted), strict=True):
        assert abs(got - planned * 47 / 60) < HALF


def test_odd_total_puts_the_remainder_on_the_longest_step() -> None:
    fitted = fit(SIMPLE, 47.3)
    assert fitted.total_minutes == pytest.approx(47.3)
    assert all(is_half_multiple(m) for m in minutes_of(fitted)[:2])
    assert not is_half_multiple(fitted.steps[2].minutes)


def test_default_floors_by_kind_of_step() -> None:
    speaking = make_step(1, 10)
    silent = make_step(2, 10, Role.STIL)
    in_turn = make_step(3, 10, Role.IEDEREEN, is_round=True)
    short = make_step(4, 1.5)
    assert step_floor(speaking) == DEFAULT_MIN_SPEAKING
    assert step_floor(silent) == DEFAULT_MIN_SILENT
    assert step_floor(in_turn) == DEFAULT_MIN_ROUND
    assert step_floor(short) == 1.5  # never more than the step's own minutes
    assert step_floor(make_step(5, 10, min_minutes=6)) == 6


def test_floors_are_respected_and_the_rest_shared() -> None:
    method = make_method(
        make_step(1, 2, Role.STIL), make_step(2, 4), make_step(3, 54, min_minutes=20)
    )
    fitted = fit(method, 30)
    got = minutes_of(fitted)
    assert fitted.total_minutes == 30
    assert got[0] >= DEFAULT_MIN_SILENT and got[1] >= DEFAULT_MIN_SPEAKING and got[2] >= 20
    assert got == [1, 2, 27]  # the two short ones pinned to their floors


def test_exactly_the_minimum_gives_every_step_its_floor() -> None:
    method = make_method(
        make_step(1, 5), make_step(2, 10, Role.STIL), make_step(3, 15, Role.IEDEREEN, is_round=True)
    )
    assert minimum_minutes(method) == DEFAULT_MIN_SPEAKING + DEFAULT_MIN_SILENT + DEFAULT_MIN_ROUND
    assert minutes_of(fit(method, minimum_minutes(method))) == [2, 1, 4]


def test_too_little_time_names_the_minimum() -> None:
    with pytest.raises(FitError) as info:
        fit(SIMPLE, 5)
    assert info.value.minimum_minutes == 6
    assert str(info.value) == (
        'De methode "Testmethode" heeft minstens 6 minuten nodig (nu: 5 minuten). '
        "Kies meer tijd of een kortere methode."
    )


def test_minimum_uses_a_dutch_decimal_comma() -> None:
    method = make_method(make_step(1, 10, min_minutes=2.5), make_step(2, 10, min_minutes=3))
    with pytest.raises(FitError, match=r"minstens 5,5 minuten nodig \(nu: 4,5 minuten\)"):
        fit(method, 4.5)


@pytest.mark.parametrize("minutes", [0, -10, math.nan, math.inf])
def test_nonsense_minutes(minutes: float) -> None:
    with pytest.raises(FitError, match="groter dan 0 minuten"):
        fit(SIMPLE, minutes)


def test_soft_steps_scale_too() -> None:
    socratic = next(m for m in builtin_methods() if m.id == "socratische-dialoog")
    assert socratic.timing is Timing.SOFT
    fitted = fit(socratic, 120)
    assert fitted.total_minutes == 120
    assert fitted.timing is Timing.SOFT
    assert all(new < old for new, old in zip(minutes_of(fitted), minutes_of(socratic), strict=True))


def test_every_builtin_fits_every_half_minute_from_its_minimum_to_four_hours() -> None:
    for method in builtin_methods():
        method = method.for_meeting(method.meetings[-1].number if method.meetings else None)
        floors = [step_floor(step) for step in method.steps]
        total = minimum_minutes(method)
        while total <= 240:
            got = minutes_of(fit(method, total))
            assert sum(got) == total, (method.id, total)
            assert all(m >= f for m, f in zip(got, floors, strict=True)), (method.id, total)
            assert all(is_half_multiple(m) for m in got), (method.id, total)
            total += HALF


# --------------------------------------------------------------------------- properties

step_strategy = st.builds(
    lambda i, minutes, role, is_round, floor_share: make_step(
        i,
        minutes,
        role,
        is_round=is_round and role is not Role.STIL,
        min_minutes=None if floor_share is None else round(minutes * floor_share * 2) / 2 or None,
    ),
    st.integers(0, 0),
    st.integers(1, 120).map(lambda halves: halves / 2),
    st.sampled_from(list(Role)),
    st.booleans(),
    st.one_of(st.none(), st.floats(0.0, 1.0)),
)


@st.composite
def methods_and_totals(draw: st.DrawFn) -> tuple[Method, float]:
    raw = draw(st.lists(step_strategy, min_size=1, max_size=14))
    steps = tuple(dataclasses.replace(s, id=f"stap-{i}") for i, s in enumerate(raw))
    method = make_method(*steps)
    low = minimum_minutes(method)
    total = draw(st.integers(int(low * 2), int(low * 2) + 600)) / 2
    return method, total


@settings(max_examples=300, deadline=None, database=None)
@given(methods_and_totals())
def test_property_total_exact_and_floors_kept(case: tuple[Method, float]) -> None:
    method, total = case
    fitted = fit(method, total)
    got = minutes_of(fitted)
    assert sum(got) == total
    assert all(is_half_multiple(m) for m in got)
    for step, minutes in zip(method.steps, got, strict=True):
        assert minutes >= step_floor(step) - 1e-9
        assert minutes > 0


@settings(max_examples=300, deadline=None, database=None)
@given(methods_and_totals())
def test_property_steps_above_their_floor_get_their_share(case: tuple[Method, float]) -> None:
    """A step not held at its floor is within half a minute of a common scale factor."""
    method, total = case
    got = minutes_of(fit(method, total))
    free = [
        (step.minutes, minutes)
        for step, minutes in zip(method.steps, got, strict=True)
        if minutes > math.ceil(step_floor(step) * 2) / 2
    ]
    if len(free) < 2:
        return
    # One scale factor s fits every free step: |minutes - planned * s| < 0.5 for all.
    low = max((m - HALF) / p for p, m in free)
    high = min((m + HALF) / p for p, m in free)
    assert low < high + 1e-9


@settings(max_examples=200, deadline=None, database=None)
@given(methods_and_totals(), st.integers(1, 600))
def test_property_below_minimum_raises(case: tuple[Method, float], short_by: int) -> None:
    method, _ = case
    too_little = minimum_minutes(method) - short_by / 2
    if too_little <= 0:
        return
    with pytest.raises(FitError) as info:
        fit(method, too_little)
    assert info.value.minimum_minutes == minimum_minutes(method)


# --------------------------------------------------------------------------- round reserves


def reserve_step(minutes: float, reserve: float) -> Step:
    spec = RoundSpec(reserve_minutes=reserve, after_prompt="{inbrenger}, wat klopt er?")
    return dataclasses.replace(make_step(0, minutes, is_round=True), round=spec)


@pytest.mark.parametrize(("total", "minutes", "reserve"), [(15, 7.5, 2.5), (60, 30, 10)])
def test_round_reserve_scales_with_its_step(total: float, minutes: float, reserve: float) -> None:
    method = make_method(reserve_step(15, 5), make_step(1, 15))
    fitted = fit(method, total)
    step = fitted.steps[0]
    assert step.minutes == minutes
    assert step.round == RoundSpec(
        include_casusinbrenger=False,
        reserve_minutes=reserve,
        after_prompt="{inbrenger}, wat klopt er?",
    )
    assert fitted.steps[1].round is None


def test_five_steps_reserve_keeps_its_third_of_the_explanation_step() -> None:
    method = next(m for m in builtin_methods() if m.id == "5-stappen")
    for total in (31, 45, 62, 90):
        step = next(s for s in fit(method, total).steps if s.id == "toelichting")
        assert step.round is not None
        assert step.round.reserve_minutes == pytest.approx(step.minutes / 3)
        assert step.round.after_prompt  # the question survives fitting


def test_rescale_step_without_a_reserve_only_changes_minutes() -> None:
    plain = make_step(0, 10, is_round=True)
    assert rescale_step(plain, 4) == dataclasses.replace(plain, minutes=4)
    with_reserve = reserve_step(10, 2)
    assert rescale_step(with_reserve, 10) == with_reserve


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.integers(2, 120).map(lambda halves: halves / 2),
    st.floats(0.0, 0.99),
    st.integers(1, 480).map(lambda halves: halves / 2),
)
def test_property_reserve_keeps_its_share_and_leaves_time_for_turns(
    minutes: float, share: float, new_minutes: float
) -> None:
    step = rescale_step(reserve_step(minutes, minutes * share), new_minutes)
    assert step.round is not None
    assert step.minutes == new_minutes
    assert 0 <= step.round.reserve_minutes < step.minutes
    assert step.round.reserve_minutes == pytest.approx(new_minutes * share, abs=1e-6)
