"""A rehearsal of every built-in method sounds like a brief gespreksleider: each line once, no
rule straight after its prompt, words within budget (a group that knows the method hears at
most half), short help, the follow-up only for a group with history, check-in and evaluation
inside the plan's minutes, and no internal source labels anywhere a user looks."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from facilitator.cli.agenda import agenda_lines
from facilitator.cli.run import with_group
from facilitator.events import (
    Command,
    CommandAccepted,
    Say,
    SayKind,
    SessionStarted,
    StepEntered,
)
from facilitator.groups import CaseRecord, Group, GroupStore
from facilitator.methods.registry import builtin_methods
from facilitator.methods.schema import Method
from facilitator.settings import build_settings
from tests.support.spoken import Rehearsal, rehearse
from tests.test_session_helpers import rig

METHODS = builtin_methods()
IDS = [m.id for m in METHODS]
#: Words the device may say in a whole rehearsed session for a group new to the method
#: (the rehearsal lets every turn and step run to its time-up: the most talkative case).
#: Before this budget: 5-stappen about 1 050, 10-stappen about 1 440.
FIRST_TIME_BUDGET = {
    "10-stappen": 1250,
    "5-stappen": 900,
    "balint": 1000,
    "draagvlak": 800,  # each meeting
    "incidentmethode": 1050,
    "leren-van-successen": 650,
    "roddelmethode": 600,
    "socratische-dialoog": 900,
    "zes-denkhoeden": 850,
}
HELP_MAX_WORDS = 30
STRAIGHT_AFTER_S = 60.0  # a rule reminder within a minute of a prompt repeats it
INTERNAL_LABELS = re.compile(r"seed|methods-sources|tabel a\d|\.md\b|\brij [a-z0-9]", re.I)


def meetings(method: Method) -> list[int | None]:
    return [m.number for m in method.meetings] or [None]


CASES = [(m, n) for m in METHODS for n in meetings(m)]
CASE_IDS = [f"{m.id}-{n}" if n else m.id for m, n in CASES]


@pytest.fixture(scope="module")
def rehearsals() -> dict[tuple[str, int | None, bool], Rehearsal]:
    return {
        (m.id, n, brief): rehearse(m, meeting=n, brief=brief)
        for m, n in CASES
        for brief in (False, True)
    }


@pytest.mark.parametrize(("m", "meeting"), CASES, ids=CASE_IDS)
def test_words_stay_within_budget_and_experience_halves_them(
    m: Method, meeting: int | None, rehearsals: dict[tuple[str, int | None, bool], Rehearsal]
) -> None:
    first = rehearsals[(m.id, meeting, False)].words
    experienced = rehearsals[(m.id, meeting, True)].words
    print(f"{m.id} {meeting}: first {first} words, experienced {experienced}")
    assert first <= FIRST_TIME_BUDGET[m.id]
    assert experienced <= first / 2


@pytest.mark.parametrize(("m", "meeting"), CASES, ids=CASE_IDS)
@pytest.mark.parametrize("brief", [False, True], ids=["eerste-keer", "ervaren"])
def test_every_line_once_and_no_rule_after_its_prompt(
    m: Method,
    meeting: int | None,
    brief: bool,
    rehearsals: dict[tuple[str, int | None, bool], Rehearsal],
) -> None:
    timed = rehearsals[(m.id, meeting, brief)].timed_says()
    says = [say for _, say in timed]
    for (at, before), (then, after) in itertools.pairwise(timed):
        assert before.text != after.text, f"twice in a row: {after.text!r}"
        straight_after = then - at < STRAIGHT_AFTER_S
        if before.kind is SayKind.PROMPT and straight_after and after.text not in m.opening_rules:
            assert after.kind is not SayKind.RULE, f"rule after a prompt: {after.text!r}"
            assert "regel bij deze stap" not in after.text
    halfway = [s for s in says if "regel bij deze stap" in s.text]
    assert len(halfway) == sum(1 for step in m.for_meeting(meeting).steps if step.rule_halfway)


@pytest.mark.parametrize(("m", "meeting"), CASES, ids=CASE_IDS)
def test_checkin_and_evaluation_inside_the_plans_minutes(
    m: Method, meeting: int | None, rehearsals: dict[tuple[str, int | None, bool], Rehearsal]
) -> None:
    r = rehearsals[(m.id, meeting, False)]
    entered = [i for i, e in enumerate(r.events) if isinstance(e, StepEntered)]
    texts = [(i, e.text) for i, e in enumerate(r.events) if isinstance(e, Say)]
    checkin = [i for i, t in texts if "check-in" in t]
    evaluation = [i for i, t in texts if "evaluatie" in t]
    assert len(checkin) == 1 and entered[0] < checkin[0] < entered[1]
    assert len(evaluation) == 1 and entered[-1] < evaluation[0]
    started = next(e for e in r.events if isinstance(e, SessionStarted))
    assert started.planned_minutes == pytest.approx(m.total_minutes)  # nothing on top
    allotted = sum(e.allotted_s for e in r.events if isinstance(e, StepEntered))
    assert allotted == pytest.approx(m.total_minutes * 60)


@pytest.mark.parametrize("m", METHODS, ids=IDS)
def test_help_is_short_and_more_help_gives_the_rest(m: Method) -> None:
    r = rehearse(m, commands=[(30.0, Command.HELP), (40.0, Command.MORE_HELP)])
    accepted = [
        i
        for i, e in enumerate(r.events)
        if isinstance(e, CommandAccepted) and e.command in (Command.HELP, Command.MORE_HELP)
    ]
    answers = []
    for index in accepted:
        answers.append(next(e for e in r.events[index:] if isinstance(e, Say)).text)
    help_text, more = answers
    assert len(help_text.split()) < HELP_MAX_WORDS, help_text
    assert help_text.endswith("Zeg 'meer hulp' voor de rest.")
    assert "spel-regel" in more and "sessie stoppen" in more
    for said in (help_text, more):
        assert "spatie" not in said and "toets" not in said  # keys are shown, not read


@pytest.mark.parametrize("m", METHODS, ids=IDS)
def test_spelregel_says_the_rule_of_the_step(m: Method) -> None:
    step = next(s for s in m.steps if s.rule)
    r = rehearse(m, commands=[(10.0, Command.RULE)])
    answer = [
        e.text
        for e in r.events
        if isinstance(e, Say) and e.kind is SayKind.ACK and "regel bij" in e.text
    ]
    assert len(answer) == 1 and step.rule.rstrip(".") in answer[0].replace("Anna", "{inbrenger}")


def test_the_follow_up_is_asked_only_of_a_group_with_history(tmp_path: Path) -> None:
    store = GroupStore(tmp_path)
    store.save(Group("Met", ("Anna", "Bram", "Carla", "Daan"), keep_history=True))
    store.save(Group("Zonder", ("Anna", "Bram", "Carla", "Daan")))
    for name in ("Met", "Zonder"):
        store.record(name, CaseRecord(date(2026, 10, 1), "Bram", "5-stappen"))
    method = next(m for m in METHODS if m.id == "5-stappen")
    asked = "Bram, vorige keer bracht jij een casus in. Wat heb je ermee gedaan?"
    for name, expected in (("Met", True), ("Zonder", False)):
        settings = build_settings({"session": {"group": name}}, use_default_file=False)
        settings, use = with_group(settings, language_given=False, store=store)
        assert use is not None
        assert settings.session.participants == ("Anna", "Bram", "Carla", "Daan")
        r = rehearse(method, follow_up=settings.session.follow_up, brief=use.brief)
        texts = [e.text for e in r.events if isinstance(e, Say)]
        assert (asked in texts) is expected, name
        assert use.brief is expected  # the group with history did this method before
        if expected:  # inside the first step, after the check-in
            entered = [i for i, e in enumerate(r.events) if isinstance(e, StepEntered)]
            at = next(i for i, e in enumerate(r.events) if isinstance(e, Say) and e.text == asked)
            assert entered[0] < at < entered[1]


def test_over_time_is_said_once_more_then_only_shown() -> None:
    late = rig()
    late.advance(300.0 + 20 * 60.0)  # twenty minutes over time
    spoken = late.says(SayKind.TIME_UP)
    assert len(spoken) == 2  # time-up, and one reminder a few minutes later
    assert "over de tijd" in spoken[1] and "!" not in spoken[1]


@pytest.mark.parametrize("m", METHODS, ids=IDS)
def test_no_internal_source_labels_anywhere_a_user_looks(
    m: Method, rehearsals: dict[tuple[str, int | None, bool], Rehearsal]
) -> None:
    start = datetime(2026, 11, 24, 19, 30)
    shown = list(agenda_lines(m, start))
    for number in meetings(m):
        shown += agenda_lines(m, start, meeting=number)
        shown += [e.text for e in rehearsals[(m.id, number, False)].says]
    for line in shown:
        assert not INTERNAL_LABELS.search(line), f"{m.id}: {line!r}"
    assert any(line.startswith("Bronnen:") for line in shown)
