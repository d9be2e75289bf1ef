"""Session plan validation: clear Dutch errors, group size as a warning."""

from __future__ import annotations

import pytest

from facilitator.session import PlanError, SessionPlan, SessionSettings
from tests.test_session_helpers import NAMES_4, cycle_method, standard_method


@pytest.mark.parametrize(
    ("participants", "inbrenger", "message"),
    [
        (("Anna", "Bram"), "Zoë", "De casusinbrenger 'Zoë' staat niet tussen de deelnemers"),
        (("Anna", "Bram", "anna"), "Bram", "De naam 'anna' staat er meer dan eens in"),
        (("Anna", " ", "Bram"), "Anna", "Deelnemer 2 heeft geen naam"),
        (("Anna",), "Anna", "Er is maar één deelnemer opgegeven; intervisie heeft er minstens 2"),
    ],
)
def test_plan_errors_are_dutch_and_specific(
    participants: tuple[str, ...], inbrenger: str, message: str
) -> None:
    with pytest.raises(PlanError, match=message):
        SessionPlan(standard_method(), participants, inbrenger)


def test_names_are_trimmed() -> None:
    plan = SessionPlan(standard_method(), (" Anna ", "Bram"), "Anna ")
    assert plan.participants == ("Anna", "Bram")
    assert plan.casusinbrenger == "Anna"
    assert plan.others == ("Bram",)


def test_cycle_methods_need_a_known_meeting() -> None:
    with pytest.raises(PlanError, match="Cyclus is een cyclus; geef op welke bijeenkomst"):
        SessionPlan(cycle_method(), NAMES_4, "Anna")
    with pytest.raises(PlanError, match="Cyclus heeft geen bijeenkomst 7; kies een van: 1, 2"):
        SessionPlan(cycle_method(), NAMES_4, "Anna", 7)
    with pytest.raises(PlanError, match="is geen cyclus van bijeenkomsten"):
        SessionPlan(standard_method(), NAMES_4, "Anna", 1)
    assert SessionPlan(cycle_method(), NAMES_4, "Anna", 2).meeting == 2


def test_group_size_outside_range_is_a_warning_not_an_error() -> None:
    small = SessionPlan(standard_method(), ("Anna", "Bram"), "Anna")
    assert small.warnings() == [
        "Let op: Testmethode is bedoeld voor 3 tot 8 deelnemers; jullie zijn met 2. "
        "Het kan, maar de tijd per persoon verandert."
    ]
    assert SessionPlan(standard_method(), NAMES_4, "Anna").warnings() == []
    assert "meant for 3 to 8" in small.warnings("en")[0]


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError, match="more_time_s"):
        SessionSettings(more_time_s=0)
    assert SessionSettings().more_time_s == 120.0
