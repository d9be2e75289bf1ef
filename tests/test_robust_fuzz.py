"""Property-based fuzz of the saved state and the settings file.

Whatever the file holds: no traceback, a Dutch ``FacilitatorError`` (exit code 2) or a
working result (exit code 0), and nothing hangs. In-process for many examples; through the
real command in a subprocess, under a time-out, for a few.
"""

from __future__ import annotations

import json
import math
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.errors import FacilitatorError
from facilitator.events import Command
from facilitator.session.store import StateError, load_state
from facilitator.settings import SettingsError, build_settings, load_settings_file
from tests.robust_support import NAMES, QUIET
from tests.test_cli_commands import isolated_env
from tests.test_session_helpers import rig, standard_method

SUBPROCESS_TIMEOUT_S = 30.0  # "nothing hangs": a run that takes longer fails the test
#: Ticks a resumed session may need for two simulated hours; a spin would need far more.
MAX_TICKS = 5000

# ------------------------------------------------------------------ values

TEXTS = st.text(
    alphabet=st.sampled_from(list(string.ascii_letters + " éë—\x00\x07\x1b\n\ud800{}[]\"'\\")),
    max_size=12,
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e300, -1e300, 1e-300, 5.0, 90, 2**63]),
)
LEAVES = st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS)
JSON_VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXTS, inner, max_size=4)),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def valid_state(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("geldig") / "sessie.json"
    r = rig(store_path=path)
    r.advance(42.0)
    r.do(Command.NEXT_STEP)
    r.advance(100.0)
    r.do(Command.NEXT_STEP)  # the round step: a round in the state
    r.advance(10.0)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _mutate(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(data))
    target = copy
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return copy


_DELETE = object()


@st.composite
def state_texts(draw: st.DrawFn, valid: dict[str, Any]) -> bytes:
    """A valid state with a few fields replaced, removed or the bytes damaged."""
    data: Any = valid
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        value = draw(st.one_of(JSON_VALUES, st.just(_DELETE))) if path else draw(JSON_VALUES)
        if value is _DELETE and not path:
            continue
        data = _mutate(data, path, value)
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    raw = text.encode("utf-8", "surrogatepass")
    how = draw(st.sampled_from(["keep", "keep", "truncate", "bytes", "utf16"]))
    if how == "truncate":
        raw = raw[: draw(st.integers(min_value=0, max_value=len(raw)))]
    elif how == "bytes":
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    elif how == "utf16":
        raw = text.encode("utf-16", "surrogatepass")
    return raw


def _dutch(message: str) -> None:
    assert message.strip(), "an empty message"
    assert "Traceback" not in message and "Error" not in message, message
    assert any(word in message for word in ("sessie", "bestand", "regel", "methode")), message


def _run_resumed(saved: Any) -> None:
    """Resume a state that loaded, on a fake clock, for two simulated hours."""
    saved.plan(standard_method())  # a state whose names or meeting no longer form a plan
    r = rig(
        saved.apply_minutes(standard_method()),
        saved.participants,
        saved.casusinbrenger,
        meeting=saved.meeting,
        start=False,
        restore=saved,
    )
    r.session.start()
    ticks = 0
    end = r.clock.now() + 7200.0
    while not r.session.finished and r.clock.now() < end:
        due = r.session.next_due()
        assert due is None or math.isfinite(due)
        step = 60.0 if due is None else min(max(due - r.clock.now(), 0.0), 60.0)
        r.clock.advance(step)
        r.session.tick()
        ticks += 1
        assert ticks < MAX_TICKS, "the session spins instead of waiting"
        if ticks % 50 == 0:
            r.session.handle(Command.NEXT_STEP)


# ------------------------------------------------------------------ state, in process


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_state_loads_or_gives_a_dutch_error(
    data: st.DataObject, valid_state: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    raw = data.draw(state_texts(valid_state))
    path = tmp_path_factory.mktemp("fuzz") / "sessie.json"
    path.write_bytes(raw)
    try:
        saved = load_state(path)
    except StateError as err:
        _dutch(str(err))
        assert str(path) in str(err)
        return
    assert saved is not None
    try:
        _run_resumed(saved)
    except FacilitatorError as err:  # e.g. names that no longer form a valid plan
        _dutch(str(err))


# ------------------------------------------------------------------ settings, in process

SECTIONS = ["sessie", "spraak", "luisteren", "scherm", "geluid", ""]
KEYS = [
    "methode", "deelnemers", "duur", "meer_tijd", "taal", "bijeenkomst", "modus", "snelheid",
    "volume", "stem", "aan", "woordenlijst", "microfoon", "aanspreeknaam", "eenvoudig", "kleur",
]  # fmt: skip
TOML_VALUES = st.one_of(
    st.sampled_from(
        ["nan", "inf", "-inf", "1e300", "-1", "0", "45", "2.5", "true", "1979-05-27", "[]"]
    ),
    st.integers(min_value=-(2**64), max_value=2**64).map(str),
    TEXTS.map(lambda t: json.dumps(t)),
    st.lists(TEXTS.map(lambda t: json.dumps(t)), max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
    st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n),
    TEXTS,  # bare text: a syntax error
)


@st.composite
def settings_texts(draw: st.DrawFn) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("\ufeff# instellingen")
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            section = draw(st.sampled_from(SECTIONS))
            lines.append(f"[{section}]" if section else "[")
        key = draw(st.sampled_from(KEYS))
        lines.append(f"{key} = {draw(TOML_VALUES)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None)
@given(text=settings_texts())
def test_fuzzed_settings_load_or_give_a_dutch_error_with_file_and_line(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("instellingen") / "instellingen.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        load_settings_file(path)
        build_settings({}, settings_file=path)
    except SettingsError as err:
        message = str(err)
        _dutch(message)
        assert message.startswith(str(path)), message


# ------------------------------------------------------------------ through the command


def _command(home: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "facilitator", *args],
            input=stdin,
            capture_output=True,
            text=True,
            errors="replace",
            env=isolated_env(home),
            timeout=SUBPROCESS_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"facilitator {' '.join(args)} still ran after {SUBPROCESS_TIMEOUT_S} s")


def _assert_clean_exit(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("facilitator"), result.stderr
        _dutch(lines[0])


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzzed_state_through_the_command(
    data: st.DataObject, valid_state: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("thuis")
    path = home / "state" / "facilitator" / "sessie.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(data.draw(state_texts(valid_state)))
    _assert_clean_exit(_command(home, "start", "--hervat", *QUIET, stdin="v\nq\nj\n"))


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=settings_texts())
def test_fuzzed_settings_through_the_command(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("thuis")
    path = home / "instellingen.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = _command(home, "start", "--instellingen", str(path), *NAMES, *QUIET, stdin="v\nq\nj\n")
    _assert_clean_exit(result)
