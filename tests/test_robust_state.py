"""Nothing lost: the saved state when it cannot be written, two sessions at once, a moved
installation, and broken state files. Each case runs the real command in a subprocess
with real files and real permissions (as root: with the permission-ignoring capabilities
dropped)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest

from facilitator.cli.parser import EXIT_INTERRUPTED, EXIT_USAGE
from tests.robust_support import (
    DROP_CAPS,
    NAMES,
    NOT_RESUMABLE,
    QUIET,
    UNSAVED_SCREEN,
    UNSAVED_SPOKEN,
    fill_disk,
    live_session,
    run,
    small_disk,
    state_dir,
)
from tests.support.process import ProductProcess
from tests.test_cli_commands import SHORT_METHOD, isolated_env

pytestmark = pytest.mark.slow
RESUME_HINT = "Sessie onderbroken; de stand is bewaard. Ga verder met: facilitator start --hervat"
NOTHING_TO_RESUME = "Er is geen onderbroken sessie om te hervatten"


def interrupted_at_step_two(
    home: Path, *args: str, prefix: tuple[str, ...] = (), unsaved: bool = False
) -> ProductProcess:
    """A session moved to step 2 and then sent SIGTERM (the process is returned, ended).

    ``unsaved``: the state cannot be written; the stop waits until the group has been told
    (the store writes on its own thread, so the notice may come just after step two)."""
    live = live_session(home, "start", *args, *NAMES, *QUIET, prefix=prefix)
    with live:
        live.wait_for("Stap 1/")
        live.key("v")
        live.wait_for("Stap 2/")
        for told in (UNSAVED_SCREEN, UNSAVED_SPOKEN) if unsaved else ():
            if not live.count(told):
                live.wait_for(told)
        live.stop()
    return live


def assert_said_once_and_not_resumable(live: ProductProcess) -> None:
    assert live.code == EXIT_INTERRUPTED, live.stderr
    assert "Traceback" not in live.stderr, live.stderr
    assert live.count(UNSAVED_SCREEN) == 1, live.lines
    assert live.count(UNSAVED_SPOKEN) == 1, live.lines
    assert NOT_RESUMABLE in live.lines[-1]
    assert RESUME_HINT not in live.lines


# ------------------------------------------------------------------ 1. cannot be saved


@pytest.mark.skipif(
    os.geteuid() == 0 and not shutil.which("setpriv"), reason="needs setpriv to drop root"
)
def test_read_only_state_dir_is_said_once_and_the_closing_message_is_true(tmp_path: Path) -> None:
    directory = state_dir(tmp_path)
    directory.mkdir(parents=True)
    directory.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    live = interrupted_at_step_two(tmp_path, prefix=DROP_CAPS, unsaved=True)
    assert_said_once_and_not_resumable(live)
    assert "er mag niet geschreven worden in" in live.lines[-1]
    resumed = run(tmp_path, "start", "--hervat", *QUIET)
    assert resumed.returncode == EXIT_USAGE and NOTHING_TO_RESUME in resumed.stderr


def test_state_home_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "state").write_text("geen map\n", encoding="utf-8")
    live = interrupted_at_step_two(tmp_path, unsaved=True)
    assert_said_once_and_not_resumable(live)
    assert "is geen map" in live.lines[-1]


def test_state_file_that_is_a_directory_is_set_aside(tmp_path: Path) -> None:
    (state_dir(tmp_path) / "sessie.json" / "iets").mkdir(parents=True)
    live = interrupted_at_step_two(tmp_path)
    assert live.code == EXIT_INTERRUPTED and "Traceback" not in live.stderr
    assert live.count("opzijgezet") == 1
    assert live.lines[-1] == RESUME_HINT  # true: the state is saved where the directory was
    (aside,) = state_dir(tmp_path).glob("sessie.json.kapot-*")
    assert (aside / "iets").is_dir()  # nothing of it is lost
    with live_session(tmp_path, "start", "--hervat", *QUIET) as resumed:
        resumed.wait_for("Stap 2/")
        resumed.stop()


def test_state_file_that_becomes_a_directory_is_said_once(tmp_path: Path) -> None:
    """The state path taken by a directory while the session runs."""
    from facilitator.session.store import SaveFailure, StateStore
    from tests.test_session_helpers import rig

    path = tmp_path / "sessie.json"
    told: list[object] = []
    r = rig(store_path=path)
    store = r.session.store
    assert isinstance(store, StateStore) and store.resumable
    store.on_problem = told.append
    path.unlink()
    path.mkdir()
    r.advance(30.0)  # several saves, every 5 s
    assert len(told) == 1 and store.problem is not None
    assert store.problem.failure is SaveFailure.IS_A_DIRECTORY
    assert not store.resumable and path.is_dir()


def test_full_disk_resumes_the_real_step_never_an_older_one(tmp_path: Path) -> None:
    """A disk that fills up after a save: the older state makes room for the new one, so
    --hervat continues at the step the session really was at."""
    state_home = tmp_path / "state"
    with small_disk(state_home, 256) as prefix:
        first = interrupted_at_step_two(tmp_path, prefix=prefix)
        assert first.code == EXIT_INTERRUPTED and first.lines[-1] == RESUME_HINT
        fill_disk(prefix, state_home)
        with live_session(tmp_path, "start", "--hervat", *QUIET, prefix=prefix) as live:
            live.wait_for("Stap 2/")
            live.key("v")
            live.wait_for("Stap 3/")
            live.stop()
        assert live.code == EXIT_INTERRUPTED and "Traceback" not in live.stderr
        assert live.lines[-1] == RESUME_HINT and live.count(UNSAVED_SCREEN) == 0
        with live_session(tmp_path, "start", "--hervat", *QUIET, prefix=prefix) as again:
            again.wait_for("Sessie hervat")
            line = again.wait_for("Stap ")
            again.stop()
        assert "Stap 3/" in line  # not the older step 2


def test_full_disk_from_the_start_is_said_once(tmp_path: Path) -> None:
    state_home = tmp_path / "state"
    with small_disk(state_home, 64) as prefix:
        fill_disk(prefix, state_home)
        live = interrupted_at_step_two(tmp_path, prefix=prefix, unsaved=True)
        assert_said_once_and_not_resumable(live)
        assert "de schijf is vol" in live.lines[-1]
        resumed = run(tmp_path, "start", "--hervat", *QUIET, prefix=prefix)
        assert resumed.returncode == EXIT_USAGE and NOTHING_TO_RESUME in resumed.stderr


# ------------------------------------------------------------------ 2. two sessions


def test_one_session_per_account_and_a_crash_leaves_no_stale_lock(tmp_path: Path) -> None:
    with live_session(tmp_path, "start", *NAMES, *QUIET) as first:
        first.wait_for("Stap 1/")
        first.key("v")
        first.wait_for("Stap 2/")
        second = run(tmp_path, "start", *NAMES, *QUIET, stdin="q\nj\n")
        assert second.returncode == EXIT_USAGE, second.stderr
        assert "Er loopt al een sessie op dit account" in second.stderr
        assert f"proces {first.proc.pid}" in second.stderr
        assert "Vijfstappenmethode" in second.stderr
        assert "vervangen" not in second.stdout
        again = run(tmp_path, "start", "--hervat", *QUIET)
        assert again.returncode == EXIT_USAGE and "Er loopt al een sessie" in again.stderr
        saved = json.loads((state_dir(tmp_path) / "sessie.json").read_text(encoding="utf-8"))
        assert saved["current"]["index"] == 1  # the first session's state is untouched
        first.proc.send_signal(signal.SIGKILL)  # a crash: the kernel drops the lock
        first.proc.wait(timeout=30)
    with live_session(tmp_path, "start", "--hervat", *QUIET) as resumed:
        resumed.wait_for("Sessie hervat")
        resumed.wait_for("Stap 2/")
        code, stderr = resumed.stop(signal.SIGINT)
    assert code == EXIT_INTERRUPTED, stderr


# ------------------------------------------------------------------ 3. moved installation


def test_moving_the_installation_keeps_resume_working(tmp_path: Path) -> None:
    old = tmp_path / "oude-plek"
    shutil.copytree(
        Path(__file__).parents[1] / "facilitator",
        old / "facilitator",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    env = {**isolated_env(tmp_path), "PYTHONPATH": str(old)}
    with live_session(tmp_path, "start", *NAMES, *QUIET, env=env) as live:
        live.wait_for("Stap 1/")
        live.key("v")
        live.wait_for("Stap 2/")
        code, _ = live.stop()
    assert code == EXIT_INTERRUPTED
    text = (state_dir(tmp_path) / "sessie.json").read_text(encoding="utf-8")
    assert str(old) not in text  # built-in methods are referred to by id and version
    assert json.loads(text)["method"]["id"] == "5-stappen"
    shutil.rmtree(old)  # the old installation is gone
    with live_session(tmp_path, "start", "--hervat", *QUIET) as resumed:
        resumed.wait_for("Sessie hervat")
        resumed.wait_for("Stap 2/7")
        resumed.stop()


def test_user_method_file_changed_or_gone(tmp_path: Path) -> None:
    method = tmp_path / "kort.toml"
    method.write_text(SHORT_METHOD, encoding="utf-8")
    live = interrupted_at_step_two(tmp_path, str(method))
    assert live.lines[-1] == RESUME_HINT
    saved = json.loads((state_dir(tmp_path) / "sessie.json").read_text(encoding="utf-8"))
    assert saved["method"]["path"] == str(method)

    method.write_text(SHORT_METHOD.replace("We beginnen.", "We starten."), encoding="utf-8")
    with live_session(tmp_path, "start", "--hervat", *QUIET) as resumed:
        line = resumed.wait_for("is veranderd sinds de sessie begon")
        assert str(method) in line
        resumed.wait_for("Stap 2/3")
        resumed.stop()

    method.rename(tmp_path / "elders.toml")
    gone = run(tmp_path, "start", "--hervat", *QUIET)
    assert gone.returncode == EXIT_USAGE
    assert f"Het methodebestand {method} van de onderbroken sessie is er niet meer" in gone.stderr
    assert "Traceback" not in gone.stderr


# ------------------------------------------------------------------ 5. broken state files

BROKEN_STATES = {
    "not-utf8": b'{"version": 2, "naam": "\xff\xfe caf\xe9"}',
    "utf16": json.dumps({"version": 2}).encode("utf-16"),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "nan": None,  # filled in below from a real state: elapsed_s NaN
    "inf-turn": None,  # turn_allotted_s Infinity
}


def _broken_bytes(kind: str, real: dict[str, object]) -> bytes:
    fixed = BROKEN_STATES[kind]
    if fixed is not None:
        return fixed
    data = json.loads(json.dumps(real))
    if kind == "nan":
        data["current"]["elapsed_s"] = float("nan")
    else:
        data["current"]["round"] = {
            "speakers": ["Bram", "Cem"],
            "index": 0,
            "turn_start_s": 0.0,
            "turn_allotted_s": float("inf"),
        }
    return json.dumps(data).encode("utf-8")  # json writes NaN / Infinity


@pytest.fixture(scope="module")
def real_state(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    home = tmp_path_factory.mktemp("echt")
    interrupted_at_step_two(home)
    data: dict[str, object] = json.loads(
        (state_dir(home) / "sessie.json").read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize("kind", list(BROKEN_STATES))
def test_broken_state_is_set_aside_and_a_new_session_starts(
    tmp_path: Path, kind: str, real_state: dict[str, object]
) -> None:
    path = state_dir(tmp_path) / "sessie.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(_broken_bytes(kind, real_state))
    resumed = run(tmp_path, "start", "--hervat", *QUIET, timeout_s=30)
    assert resumed.returncode == EXIT_USAGE, resumed.stderr
    assert "Traceback" not in resumed.stderr
    assert "Het bewaarde sessiebestand" in resumed.stderr and "opzijgezet" in resumed.stderr
    assert not path.exists()
    assert len(list(path.parent.glob("sessie.json.kapot-*"))) == 1

    path.write_bytes(_broken_bytes(kind, real_state))  # and once more, for a new session
    fresh = run(tmp_path, "start", *NAMES, *QUIET, stdin="q\nj\n", timeout_s=30)
    assert fresh.returncode == 0, fresh.stderr
    assert "Traceback" not in fresh.stderr
    assert "opzijgezet" in fresh.stdout and "Sessie gestopt." in fresh.stdout


@pytest.mark.parametrize("special", ["dev-zero", "fifo"])
def test_state_file_that_is_a_device_or_a_pipe_is_not_read_forever(
    tmp_path: Path, special: str
) -> None:
    path = state_dir(tmp_path) / "sessie.json"
    path.parent.mkdir(parents=True)
    if special == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)
    resumed = run(tmp_path, "start", "--hervat", *QUIET, timeout_s=20)
    assert resumed.returncode == EXIT_USAGE, resumed.stderr
    assert "geen gewoon bestand" in resumed.stderr


def test_interrupted_session_exit_code_and_resume_ignores_names_and_duration(
    tmp_path: Path,
) -> None:
    live = interrupted_at_step_two(tmp_path)
    assert live.code == EXIT_INTERRUPTED
    with live_session(
        tmp_path, "start", "--hervat", "--deelnemers", "X,Y,Z", "--duur", "30", *QUIET
    ) as resumed:
        line = resumed.wait_for("genegeerd")
        assert "--deelnemers" in line and "--duur" in line
        started = resumed.wait_for("Sessie hervat")
        assert "Anna" in started and "X" not in started.split("Sessie hervat")[1]
        resumed.stop()


def test_kill_9_loses_at_most_five_seconds(tmp_path: Path) -> None:
    with live_session(tmp_path, "start", *NAMES, *QUIET) as live:
        live.wait_for("Stap 1/")
        entered = time.monotonic()
        time.sleep(7.5)
        ran_s = time.monotonic() - entered
        live.proc.send_signal(signal.SIGKILL)
        live.proc.wait(timeout=30)
    saved = json.loads((state_dir(tmp_path) / "sessie.json").read_text(encoding="utf-8"))
    kept_s = saved["current"]["elapsed_s"]
    lost_s = ran_s - kept_s
    print(f"ran {ran_s:.2f} s, saved {kept_s:.2f} s: lost {lost_s:.2f} s")
    assert -0.5 <= lost_s <= 5.0 + 0.5  # 0.5 s: reading the line and starting to count
