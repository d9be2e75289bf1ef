"""The people part of the session's machine (``machine.py``): the triggers, conditions and
transitions of a change of who is there.

Joining, leaving and "er is iemand bij" are internal transitions of ``session``; choosing
the casusinbrenger is an internal transition of the choosing step only; "nog een casus"
moves from any step after the start of the case part back to it. Each condition receives the
``PeopleChange`` (the trigger's argument); the model's are in ``changes.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from facilitator.events import Command, PeopleChangeKind
from facilitator.phrases import Refusal

if TYPE_CHECKING:
    from facilitator.session.plan import SessionSettings

#: The trigger of each change of people ("nog een casus" is also a command of its own).
PEOPLE_TRIGGERS: dict[PeopleChangeKind, str] = {
    PeopleChangeKind.JOIN: "people_join",
    PeopleChangeKind.LEAVE: "people_leave",
    PeopleChangeKind.PRESENTER: "people_presenter",
    PeopleChangeKind.ANOTHER_CASE: Command.ANOTHER_CASE.value,
}

#: Conditions of the people transitions and the refusal a group hears when one fails.
PEOPLE_CONDITIONS: dict[str, Refusal] = {
    "name_valid": Refusal.NAME_INVALID,
    "name_absent": Refusal.ALREADY_PRESENT,
    "room_for_more": Refusal.TOO_MANY,
    "name_present": Refusal.NOT_PRESENT,
    "enough_left": Refusal.TOO_FEW_LEFT,
    "presenter_may_leave": Refusal.PRESENTER_LEAVES,
    "not_presenter_already": Refusal.ALREADY_PRESENTER,
    "presenter_chosen": Refusal.NO_PRESENTER,
    "case_name_given": Refusal.NAME_NEEDED,
    "case_name_known": Refusal.NOT_PRESENT,
    "case_name_new": Refusal.SAME_PRESENTER,
    "time_for_case": Refusal.NO_TIME,
    "has_absent": Refusal.NOBODY_ABSENT,
    "calls_roll": Refusal.NO_ROLL_CALL,
}

#: Conditions that read only the session's settings, the same for the whole session: a
#: command behind one that fails is never taken, so no view offers it (``machine.ruled_out``).
SETTINGS_CONDITIONS: dict[str, Callable[[SessionSettings], bool]] = {
    "calls_roll": lambda settings: settings.roll_call,
}

#: Why a change cannot be done from where the session is (no transition leaves it).
PEOPLE_NO_SOURCE: dict[str, Refusal] = {
    Command.ANOTHER_CASE: Refusal.CASE_NOT_BEGUN,
    PEOPLE_TRIGGERS[PeopleChangeKind.PRESENTER]: Refusal.NOT_CHOOSING,
}

#: Why a trigger cannot be done in this method at all (it has no such transitions).
NO_TRANSITION: dict[str, Refusal] = {
    PEOPLE_TRIGGERS[PeopleChangeKind.PRESENTER]: Refusal.NO_CHOOSING_STEP,
    Command.ANOTHER_CASE.value: Refusal.NO_CASE,
}

#: Dutch labels of the conditions and triggers for the diagram.
PEOPLE_CONDITION_LABELS: dict[str, str] = {
    "name_valid": "een naam",
    "name_absent": "nog niet aanwezig",
    "room_for_more": "plaats",
    "name_present": "aanwezig",
    "enough_left": "genoeg mensen over",
    "presenter_may_leave": "niet de casusinbrenger midden in de casus",
    "not_presenter_already": "nog niet de casusinbrenger",
    "presenter_chosen": "casusinbrenger gekozen",
    "case_name_given": "casusinbrenger genoemd of nog te kiezen",
    "case_name_known": "aanwezig",
    "case_name_new": "een andere casusinbrenger",
    "time_for_case": "tijd genoeg",
    "has_absent": "iemand afwezig",
    "calls_roll": "het apparaat loopt de namen na",
}
PEOPLE_TRIGGER_LABELS: dict[str, str] = {
    PEOPLE_TRIGGERS[PeopleChangeKind.JOIN]: "iemand doet mee",
    PEOPLE_TRIGGERS[PeopleChangeKind.LEAVE]: "iemand gaat weg",
    PEOPLE_TRIGGERS[PeopleChangeKind.PRESENTER]: "casusinbrenger kiezen",
}

#: Internal transitions of ``session`` for people: trigger, conditions, model callback.
PEOPLE_INTERNAL: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        PEOPLE_TRIGGERS[PeopleChangeKind.JOIN],
        ("name_valid", "name_absent", "room_for_more"),
        "_on_join",
    ),
    (
        PEOPLE_TRIGGERS[PeopleChangeKind.LEAVE],
        ("name_present", "enough_left", "presenter_may_leave"),
        "_on_leave",
    ),
)
#: What "nog een casus" needs besides a running clock (checked in this order).
ANOTHER_CASE_CONDITIONS = ("case_name_given", "case_name_known", "case_name_new", "time_for_case")


def people_transitions(
    full: Sequence[str],
    choosing: int | None,
    case_start: int | None,
    session: str,
    move: Sequence[str],
) -> list[dict[str, Any]]:
    """Join, leave, choose the casusinbrenger, "nog een casus" (see the module's text)."""
    found: list[dict[str, Any]] = [
        {
            "trigger": trigger,
            "source": session,
            "dest": None,
            "conditions": list(conditions),
            "after": callback,
        }
        for trigger, conditions, callback in PEOPLE_INTERNAL
    ]
    if choosing is not None:
        found.append(
            {
                "trigger": PEOPLE_TRIGGERS[PeopleChangeKind.PRESENTER],
                "source": full[choosing],
                "dest": None,
                "conditions": ["name_present", "not_presenter_already"],
                "after": "_on_presenter",
            }
        )
    if case_start is not None:
        for name in full[case_start + 1 :]:
            found.append(
                {
                    "trigger": Command.ANOTHER_CASE.value,
                    "source": name,
                    "dest": full[case_start],
                    "conditions": [*move, *ANOTHER_CASE_CONDITIONS],
                    "after": "_on_another_case",
                }
            )
    return found
