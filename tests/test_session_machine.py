"""The machine is the truth: its answer to "may I?" is what the session does, its refusals
come from its conditions, and its drawing is the machine itself."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.cli import main
from facilitator.events import Command, CommandAccepted, Snapshot
from facilitator.methods.fitting import one_session
from facilitator.methods.registry import builtin_methods
from facilitator.phrases import Refusal
from facilitator.session import machine as m
from tests.test_session_helpers import rig

STATE_DECL = re.compile(r'^\s*state "([^"]*)" as (\S+)$')
EDGE = re.compile(r"^\s*(\S+) --> (\S+): (.+)$")


def test_every_refusal_comes_from_the_machine() -> None:
    from_machine = {*m.CONDITIONS.values(), *m.NO_SOURCE.values(), *m.NO_TRANSITION.values()}
    assert from_machine | {Refusal.NOT_STARTED, Refusal.FINISHED} == set(Refusal)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(list(Command)), max_size=25), st.lists(st.floats(0, 900), max_size=25)
)
def test_may_i_is_what_the_session_then_does(commands: list[Command], waits: list[float]) -> None:
    r = rig()
    for i, command in enumerate(commands):
        if i < len(waits):
            r.advance(waits[i])
        snapshot = [e for e in r.events if isinstance(e, Snapshot)][-1]
        may = r.session.may(command)
        assert (command in snapshot.allowed) is may or snapshot.ended
        new = r.do(command)
        assert isinstance(new[0], CommandAccepted) is may, (command, r.session.state)
        if r.session.finished:
            break


@pytest.mark.parametrize("method", builtin_methods(), ids=lambda method: method.id)
def test_the_diagram_draws_every_step_and_every_transition(method: object) -> None:
    from facilitator.methods.schema import Method

    assert isinstance(method, Method)
    text = m.method_diagram(one_session(method))
    method = one_session(method)
    declared = {}
    edges = []
    for line in text.splitlines():
        if found := STATE_DECL.match(line):
            declared[found.group(2)] = found.group(1)
        elif found := EDGE.match(line):
            edges.append(found.groups())
    count = len(method.steps)
    titles = [declared[m.step_state(i)] for i in range(count)]
    assert titles == [f"{i + 1}. {s.title}" for i, s in enumerate(method.steps)]
    for source, dest, _label in edges:
        assert source == "[*]" or source in declared, source
        assert dest in declared, dest
    labels = [label for _s, _d, label in edges]
    nexts = [e for e in edges if e[2].startswith("volgende stap")]
    backs = [e for e in edges if e[2].startswith("vorige stap")]
    assert len(nexts) == count and len(backs) == count - 1
    assert (m.step_state(count - 1), m.END, nexts[-1][2]) in edges  # the last step ends it
    assert any("ja, stoppen" in label for label in labels)
    assert not any(re.search(r"[A-Za-z]+_[a-z]+\(", label) for label in labels)  # no code names
    assert "internal" not in text


def test_toon_diagram_prints_the_machine(capsys: pytest.CaptureFixture[str]) -> None:
    method = next(x for x in builtin_methods() if x.id == "5-stappen")
    assert main(["toon", "5-stappen", "--diagram"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == m.method_diagram(method).strip()
    assert "nog een casus" in out  # the case part can start again (from step two)
    assert "stateDiagram-v2" in out
