"""Changes of people during a session: the conditions and callbacks of the machine's people
transitions (``machine.py``), mixed into ``Session``.

A latecomer joins (and speaks at the end of a round in progress, and in every round to
come); someone leaves (and the turn passes on when it was theirs); the casusinbrenger is
chosen or changed in the method's choosing step; "nog een casus" starts the case part again
with another casusinbrenger when the plan has time for it. The bookkeeping is pure
(``people.py``); this module applies it to the session and says it in one short sentence.

The casusinbrenger cannot leave while their case runs: every step after the choosing step
is about their case (prompts name them, rounds are held for them). The refusal says what
the group can do instead: "nog een casus" with someone else, or stop. In or before the
choosing step they can leave; the group then chooses again, and the step cannot be left
before it has (``presenter_chosen``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from facilitator.events import (
    Command,
    CommandAccepted,
    CommandRefused,
    PeopleChange,
    PeopleChanged,
    PeopleChangeKind,
    PeopleChangeRefused,
    SayKind,
)
from facilitator.session import machine as m
from facilitator.session.machine_people import PEOPLE_TRIGGERS, SETTINGS_CONDITIONS
from facilitator.session.narration import Line
from facilitator.session.parts import SessionParts
from facilitator.session.people import (
    MAX_CASES,
    MAX_PEOPLE,
    People,
    case_minutes,
    clean_name,
    find,
    rebuild_round,
)
from facilitator.session.plan import MIN_PARTICIPANTS
from facilitator.session.texts import placeholder_values
from facilitator.session.timing import round_speakers, start_turn
from facilitator.units import SECONDS_PER_MINUTE

logger = logging.getLogger(__name__)


class PeopleChanges(SessionParts):
    """The people part of ``Session`` (which provides what ``SessionParts`` and this class
    declare)."""

    people: People
    choosing: int | None  # the choosing step (people.chooser)
    case_start: int | None  # the first step of the case part (people.case_start)
    trigger: Callable[..., Any]

    # ---------------------------------------------------------------- public API
    def change(self, change: PeopleChange, command: Command | None = None) -> bool:
        """Do ``change`` if the machine takes it now; True when accepted.

        ``command`` is the bare command it stands for ("nog een casus"): then the command is
        accepted or refused like any other, and ``PeopleChanged`` follows its acceptance.
        """
        trigger = PEOPLE_TRIGGERS[change.kind]
        reason = m.refusal(self.machine, self, trigger, change)
        if reason is not None:
            name = find(self.people.members, change.name) or clean_name(change.name)
            text = self.phrases.refusal(reason, name, self.people.present)
            logger.info("refused %s of %r from %s: %s", change.kind, name, change.source, reason)
            if command is not None:
                self.publish(CommandRefused(command, change.source, text))
            else:
                self.publish(PeopleChangeRefused(change.kind, name, change.source, text))
            self.say(Line(text, SayKind.REFUSAL))
            return False
        logger.info("accepted %s from %s", change.kind, change.source)
        if command is not None:
            self.publish(CommandAccepted(command, change.source))
        self.trigger(trigger, change)
        self._changed()
        return True

    def can(self, change: PeopleChange) -> bool:
        """The machine's answer to "may this change be done now?" (``change`` does it)."""
        may = getattr(self, f"may_{PEOPLE_TRIGGERS[change.kind]}", None)
        return (
            may is not None and m.leaves(self.state)[0].startswith(m.SESSION) and bool(may(change))
        )

    def possible_changes(self) -> frozenset[PeopleChangeKind]:
        """The kinds of change the machine takes now for someone: an absent member or a new
        name joins, someone present leaves, becomes the casusinbrenger or brings another
        case (or nobody yet, when the group may choose later). Asked of the machine, name
        by name, so a view offers only what the session would do."""
        present, absent = self.people.present, self.people.absent
        candidates: dict[PeopleChangeKind, tuple[str, ...]] = {
            PeopleChangeKind.JOIN: (*absent, self._unknown_name()),
            PeopleChangeKind.LEAVE: present,
            PeopleChangeKind.PRESENTER: present,
            PeopleChangeKind.ANOTHER_CASE: ("", *present),
        }
        return frozenset(
            kind
            for kind, names in candidates.items()
            if any(self.can(PeopleChange(kind, name)) for name in names)
        )

    def _unknown_name(self) -> str:
        """A name nobody in the group has: would a newcomer be taken?"""
        number = 1
        while find(self.people.members, f"nieuw {number}") is not None:
            number += 1
        return f"nieuw {number}"

    @staticmethod
    def command_change(command: Command) -> PeopleChange | None:
        """The change a bare command stands for ("nog een casus" without a name)."""
        if command is Command.ANOTHER_CASE:
            return PeopleChange(PeopleChangeKind.ANOTHER_CASE)
        return None

    # ---------------------------------------------------------------- conditions
    def name_valid(self, change: PeopleChange) -> bool:
        return bool(clean_name(change.name))

    def name_absent(self, change: PeopleChange) -> bool:
        return not self.people.is_present(change.name)

    def room_for_more(self, change: PeopleChange) -> bool:
        """Room here, and in what the state file keeps (everyone known, at most 100)."""
        known = find(self.people.members, change.name) is not None
        return len(self.people.present) < MAX_PEOPLE and (
            known or len(self.people.members) < MAX_PEOPLE
        )

    def name_present(self, change: PeopleChange) -> bool:
        return self.people.is_present(change.name)

    def enough_left(self, change: PeopleChange) -> bool:
        return len(self.people.present) - 1 >= MIN_PARTICIPANTS

    def presenter_may_leave(self, change: PeopleChange) -> bool:
        """Not while their case runs (see the module's text)."""
        if not self.people.is_presenter(change.name) or self.case_start is None:
            return True
        index = self.step_index
        return self.choosing is not None and index is not None and index <= self.choosing

    def not_presenter_already(self, change: PeopleChange) -> bool:
        return not self.people.is_presenter(change.name)

    def presenter_chosen(self, *_: object) -> bool:
        return bool(self.people.presenter)

    def case_name_given(self, change: PeopleChange) -> bool:
        """A name, or none when the case part starts with the choosing step."""
        return bool(change.name.strip()) or self.case_start == self.choosing

    def case_name_known(self, change: PeopleChange) -> bool:
        return not change.name.strip() or self.people.is_present(change.name)

    def case_name_new(self, change: PeopleChange) -> bool:
        return not change.name.strip() or not self.people.is_presenter(change.name)

    def time_for_case(self, *_: object) -> bool:
        """The case part again, and what follows it, ends before the group's time is up."""
        if self.case_start is None or self.deadline_wall is None:
            return False
        if self.people.case_number >= MAX_CASES:  # the most a state file keeps
            return False
        need_s = case_minutes(self.method, self.case_start) * SECONDS_PER_MINUTE
        return self.wall_clock() + timedelta(seconds=need_s) <= self.deadline_wall

    def has_absent(self, *_: object) -> bool:
        return bool(self.people.absent)

    def calls_roll(self, *_: object) -> bool:
        """Someone goes round the absent names after "er is iemand bij" (the device does;
        ``facilitator start`` adds a latecomer by name, with a key or on the room display)."""
        return SETTINGS_CONDITIONS["calls_roll"](self.settings)

    # ---------------------------------------------------------------- callbacks
    def _on_join(self, change: PeopleChange) -> None:
        self._apply(self.people.join(change.name))
        name = self.people.present[-1]
        self.say(Line(self.phrases.ack_join(name), SayKind.ACK))
        self._regroup()
        self._published(change, name)

    def _on_leave(self, change: PeopleChange) -> None:
        name = find(self.people.present, change.name) or change.name
        self._apply(self.people.leave(name))
        self.say(Line(self.phrases.ack_leave(name), SayKind.ACK))
        self._regroup()
        self._published(change, name)

    def _on_presenter(self, change: PeopleChange) -> None:
        self._apply(self.people.with_presenter(change.name))
        name = self.people.presenter
        self.say(Line(self.phrases.ack_presenter(name), SayKind.ACK))
        self._regroup()
        self._published(change, name)

    def _on_another_case(self, change: PeopleChange) -> None:
        index = self.step_index
        assert index is not None and index == self.case_start
        self._apply(self.people.another_case(change.name))
        self.generation += 1
        people = self.people
        text = self.phrases.ack_another_case(people.case_number, people.presenter)
        self.say(Line(text, SayKind.ACK))
        self.timekeeper.undo.clear()  # "vorige stap" does not go back into the last case
        self.timekeeper.enter(index, self.clock.now())
        self._announce_step(full=True)
        self._published(change, people.presenter)

    def _on_someone_joins(self) -> None:
        self.say(Line(self.phrases.ack_someone_joins(), SayKind.ACK))

    # ---------------------------------------------------------------- applying
    def _apply(self, people: People) -> None:
        """``people`` become the session's: its plan, its prompts' names, its rounds to come."""
        self.people = people
        self.plan = replace(self.plan, participants=people.present, casusinbrenger=people.presenter)
        self.narrator.plan = self.plan
        self.narrator.values = placeholder_values(self.plan, self.phrases)
        self.timekeeper.plan = self.plan

    def _regroup(self, *, announce: bool = True) -> None:
        """The round in progress follows who should speak now (``people.rebuild_round``);
        also a round brought back by "vorige stap" (``announce`` False: the step is
        announced anew anyway)."""
        time, index = self.timekeeper.time, self.step_index
        if time is None or time.round is None or index is None:
            return
        spec = self.method.steps[index].round
        assert spec is not None
        rnd = time.round
        wanted = round_speakers(
            self.plan.participants, self.plan.casusinbrenger, spec.include_casusinbrenger
        )
        update = rebuild_round(rnd.speakers, rnd.index, wanted)
        if not update.turn_passed:
            self.timekeeper.time = replace(time, round=replace(rnd, speakers=update.speakers))
            return
        now = self.clock.now()
        new = start_turn(update.speakers, update.index, time.clock, now, rnd.reserve_s)
        self.timekeeper.time = replace(time, round=new)
        if announce:
            self.generation += 1
            self._announce_turn()

    def _published(self, change: PeopleChange, name: str) -> None:
        people = self.people
        self.publish(
            PeopleChanged(
                change.kind,
                name,
                change.source,
                people.present,
                people.presenter,
                people.case_number,
            )
        )
