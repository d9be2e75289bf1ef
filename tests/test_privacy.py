"""The confidentiality promise of a whole real session: no audio is ever stored or sent.

One real ``python -m facilitator start 5-stappen … --plain`` runs under strace with speech on
(espeak-ng to the virtual speaker) and listening on (the packaged Korean test model through
the virtual microphone). HOME, the XDG directories and TMPDIR point into ``tmp_path``, so any
file the product writes lands where the test can see it. Free speech (filler words the model
knows) and one command are spoken into the microphone; then the session is stopped by SIGTERM.

The room display is on (``--kamerscherm``): the test reads its page and its event stream
while the session runs.

Checked: every file opened for writing, created or renamed is on a short allowlist (the
session state file and its temp file, the requested event log, /dev/null, PulseAudio's cookie,
PortAudio's JACK probe, device nodes); no connect/sendto/sendmsg to an internet address, and
no connection at all other than to the sound server's socket (and PortAudio's JACK probe); the
only listening socket is the room display's, on 127.0.0.1 at the port it printed, and what it
serves holds no recognised words but command words; no
file under ``tmp_path`` holds audio; the state file and the event log hold only their known
fields and command words; stdout/stderr hold no recognised words other than command words.
The input WAVs are generated outside ``tmp_path`` (``tests.support.listening_audio.synth``).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import shutil
import signal
import time
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from facilitator.cli.parser import EXIT_INTERRUPTED
from facilitator.events import EventType
from facilitator.session.store import STATE_FILE_NAME
from tests.support.listening_audio import ko_model_path, synth
from tests.support.process import ProductProcess
from tests.support.syscall_trace import (
    STRACE_CALLS,
    check_no_audio_files,
    check_trace,
    foreign_connects,
    listening_sockets,
    written_paths,
)
from tests.support.virtual_audio import VirtualAudio

NO_STRACE = shutil.which("strace") is None

REPO = Path(__file__).resolve().parents[1]
VOCAB = REPO / "tests" / "data" / "vocab_ko.toml"
SPEED = 150  # espeak-ng words per minute for the voice "in the room"
PRODUCT_RATE_WPM = "400"  # the product's own voice at its fastest: the intro takes less time
START_TIMEOUT_S = 60.0
QUIET_TIMEOUT_S = 60.0  # until the device has finished its opening speech
QUIET_FOR_S = 1.0  # the device must have been silent this long before we speak
GAP_S = 1.0  # after the free speech, before the command
ACCEPT_TIMEOUT_S = 10.0
#: The test model misses about one command in four in a virtual room (measured over whole
#: sessions in tests/test_device_e2e.py); five tries fail by chance about once in a thousand.
ATTEMPTS = 5
STOP_TIMEOUT_S = 20.0
NEXT_STEP = "피아노 감사합니다"
#: Free speech in the room: words the model knows (fillers), none of them a command word.
FREE_SPEECH = "학교 친구 자동차 병원"
HANGUL = re.compile(r"[\uac00-\ud7a3]+")
ROOM_URL = re.compile(r"Kamerscherm: http://127\.0\.0\.1:(\d+)/")
HTTP_TIMEOUT_S = 5.0
STATE_KEYS = {
    "version",
    "method",  # {"id", "version"} for a built-in method, plus "path" for a user file
    "step_minutes",
    "participants",
    "casusinbrenger",
    "meeting",
    "current",
    "undo",
    "paused",
    "planned_end",
    "saved_at",
    # who is there as it changed: a number, names and a moment (no spoken content)
    "case_number",
    "members",
    "earlier_casusinbrengers",
    "deadline",
}
STEP_KEYS = {"index", "allotted_s", "elapsed_s", "checked_s", "round"}
ROUND_KEYS = {"speakers", "index", "turn_start_s", "turn_allotted_s", "reserve_s"}
PARTICIPANTS = ("Anna", "Bram", "Chris", "Dirk")


def command_phrases() -> set[str]:
    data = tomllib.loads(VOCAB.read_text(encoding="utf-8"))
    return {phrase for phrases in data["opdrachten"].values() for phrase in phrases}


def command_words() -> set[str]:
    return {word for phrase in command_phrases() for word in phrase.split()}


def wait_quiet(session: ProductProcess) -> bool:
    """Until the device is not speaking and has been silent for ``QUIET_FOR_S``."""
    seen = {"count": 0, "at": time.monotonic()}  # speaking events seen, and when they changed

    def quiet(events: list[dict[str, Any]]) -> bool:
        talk = [e for e in events if e["type"] in ("speaking_started", "speaking_ended")]
        if len(talk) != seen["count"]:
            seen.update(count=len(talk), at=time.monotonic())
        return (
            bool(talk)
            and talk[-1]["type"] == "speaking_ended"
            and time.monotonic() - seen["at"] >= QUIET_FOR_S
        )

    return session.wait_until(quiet, QUIET_TIMEOUT_S)


def room_port(session: ProductProcess) -> int:
    for line in session.lines:
        if found := ROOM_URL.search(line):
            return int(found.group(1))
    raise AssertionError(f"no room display address: {session.output()[-2000:]}")


def accepted(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["command"], e["source"]) for e in events if e["type"] == "command_accepted"]


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def foreign_words(text: str) -> list[str]:
    """Recognisable (Korean) words in ``text`` that are not command words."""
    allowed = command_words()
    return sorted({w for w in HANGUL.findall(text) if w not in allowed})


# --------------------------------------------------------------------------- the trace


def room_display(port: int) -> str:
    """The room display's page and the first message of its event stream."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT_S)
    try:
        conn.request("GET", "/")
        page = conn.getresponse().read().decode()
        conn.request("GET", "/events")
        res = conn.getresponse()
        line = ""
        while not line.startswith("data: {"):
            line = res.readline().decode()
            assert line, "the room display's stream ended"
        return page + line
    finally:
        conn.close()


def check_session_trace(
    trace: Path, state_dir: Path, event_log: Path, sound_socket: Path, room_port: int
) -> None:
    lines = trace.read_text(errors="replace").splitlines()
    sockets = listening_sockets(lines)  # the room display's, bound where it said (port 0: any)
    assert len(sockets) == 1 and sockets[0][0] == "127.0.0.1", sockets
    assert sockets[0][1] in (0, room_port), sockets
    own = (
        re.compile(rf"^{re.escape(str(state_dir))}/{re.escape(STATE_FILE_NAME)}$"),
        re.compile(rf"^{re.escape(str(state_dir))}/\.sessie-[^/]*\.tmp$"),  # atomic replace
        re.compile(rf"^{re.escape(str(state_dir))}/sessie\.lock$"),  # one session at a time
        re.compile(rf"^{re.escape(str(event_log))}$"),
    )
    check_trace(lines, REPO, own, sound_socket)
    written = written_paths(lines, REPO)
    assert any(own[0].search(p) for p in written), f"no state file written: {sorted(written)}"


# --------------------------------------------------------------------------- contents


def check_state(state_file: Path) -> None:
    data = json.loads(state_file.read_text(encoding="utf-8"))
    assert set(data) == STATE_KEYS, sorted(data)
    for step in (data["current"], *data["undo"]):
        assert set(step) == STEP_KEYS, sorted(step)
        if step["round"] is not None:
            assert set(step["round"]) == ROUND_KEYS, sorted(step["round"])
            assert set(step["round"]["speakers"]) <= set(PARTICIPANTS), step["round"]
    method = data["method"]
    assert set(method) <= {"id", "version", "path"}, method
    assert re.fullmatch(r"[0-9a-f]*", method["version"]), method  # a digest of the file
    method_path = method.get("path")
    assert method_path is None or Path(method_path).suffix == ".toml", method_path
    allowed = {"5-stappen", *PARTICIPANTS, method_path, method["version"]}
    for text in strings_in(data):
        if text not in allowed:
            datetime.fromisoformat(text)  # the only other strings: the three timestamps
    assert data["current"]["index"] == 1, data  # the spoken "next step" is in it


def check_event_log(events: list[dict[str, Any]]) -> None:
    types = {t.value for t in EventType}
    assert {e["type"] for e in events} <= types, sorted({e["type"] for e in events} - types)
    phrases = command_phrases()
    heard = [e["heard"] for e in events if e.get("heard")]  # command_issued, if ever logged
    assert all(h in phrases for h in heard), f"heard: {heard}"
    for event in events:
        for text in strings_in(event):
            assert foreign_words(text) == [], f"free speech in the event log: {event}"


def wait_for_saved_step(state_file: Path, index: int, copy: Path) -> bool:
    """Wait until the saved state is at step ``index``; keep a copy of it (it is replaced
    atomically, so every read sees a whole file)."""
    deadline = time.monotonic() + ACCEPT_TIMEOUT_S
    while time.monotonic() < deadline:
        with contextlib.suppress(FileNotFoundError):
            text = state_file.read_text(encoding="utf-8")
            if json.loads(text)["current"]["index"] == index:
                copy.write_text(text, encoding="utf-8")
                return True
        time.sleep(0.1)
    return False


def say(va: VirtualAudio, text: str) -> None:
    va.play_into_mic(synth(text, "ko", SPEED))


def test_the_checks_catch_leaks(tmp_path: Path) -> None:
    """The checks below really fail on a leak (fabricated strace lines and files)."""
    trace_lines = [
        '12 openat(AT_FDCWD, "/tmp/x/rec.wav", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 5',
        '12 openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 6',
        '12 rename("/tmp/x/a.tmp", "/tmp/x/b.raw") = 0',
        '12 renameat2(AT_FDCWD, "/tmp/x/c", AT_FDCWD, "/tmp/x/d", RENAME_NOREPLACE) = 0',
        '12 creat("/tmp/x/e.pcm", 0644) = 7',
        '13 openat(AT_FDCWD, "/tmp/x/g", O_RDWR|O_CREAT|O_CLOEXEC <unfinished ...>',
        '12 openat(AT_FDCWD, "/tmp/x/f", O_WRONLY|O_CREAT, 0600) = -1 EACCES (Permission denied)',
    ]
    assert written_paths(trace_lines, REPO) == {
        "/tmp/x/rec.wav", "/tmp/x/a.tmp", "/tmp/x/b.raw", "/tmp/x/c", "/tmp/x/d", "/tmp/x/e.pcm",
        "/tmp/x/g",
    }  # fmt: skip
    sound = Path("/run/pulse/native")
    connects = [
        '12 connect(7, {sa_family=AF_UNIX, sun_path="/run/pulse/native"}, 110) = 0',
        '12 connect(8, {sa_family=AF_UNIX, sun_path="/run/dbus/system_bus_socket"}, 110) = 0',
        "12 connect(9, {sa_family=AF_INET, sin_port=htons(443), "
        'sin_addr=inet_addr("1.2.3.4")}, 16) = 0',
    ]
    assert foreign_connects(connects, sound) == connects[1:]
    (tmp_path / "hidden.bin").write_bytes(b"RIFF\0\0\0\0WAVEfmt ")
    with pytest.raises(AssertionError, match=r"hidden\.bin"):
        check_no_audio_files(tmp_path, tmp_path / "trace.txt")
    assert foreign_words("Opdracht: 피아노 감사합니다 — 학교") == ["학교"]


@pytest.mark.audio
@pytest.mark.vosk
@pytest.mark.speech
@pytest.mark.slow
@pytest.mark.skipif(NO_STRACE, reason="strace not installed (scripts/setup.sh --test)")
def test_a_whole_spoken_session_stores_and_sends_no_audio(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    dirs = {name: home / name for name in ("state", "data", "config", "cache", "tmp")}
    for path in dirs.values():
        path.mkdir(parents=True)
    state_dir = dirs["state"] / "facilitator"
    event_log = tmp_path / "logs" / "events.jsonl"
    trace = tmp_path / "trace" / "trace.txt"
    trace.parent.mkdir()
    env = dict(
        virtual_audio.env,
        PYTHONDONTWRITEBYTECODE="1",
        FACILITATOR_LOG="debug",  # every log line the product can write, checked below
        HOME=str(home),
        XDG_STATE_HOME=str(dirs["state"]),
        XDG_DATA_HOME=str(dirs["data"]),
        XDG_CONFIG_HOME=str(dirs["config"]),
        XDG_CACHE_HOME=str(dirs["cache"]),
        TMPDIR=str(dirs["tmp"]),
    )
    inputs = [synth(text, "ko", SPEED) for text in (FREE_SPEECH, NEXT_STEP)]
    assert not any(p.is_relative_to(tmp_path) for p in inputs)  # the inputs live elsewhere
    command = [
        "start", "5-stappen",
        "--deelnemers", ",".join(PARTICIPANTS), "--inbrenger", PARTICIPANTS[0],
        "--plain", "--spreeksnelheid", PRODUCT_RATE_WPM,
        "--model", str(ko_model_path()), "--woordenlijst", str(VOCAB),
        "--event-log", str(event_log), "--kamerscherm", "--poort", "0",
    ]  # fmt: skip
    strace = ["strace", "-f", "-qq", "-e", f"trace={STRACE_CALLS}", "-o", str(trace)]
    state_mid_session: Path | None = None
    with ProductProcess(
        *command, env=env, prefix=strace, prefix_forks=True, event_log=event_log
    ) as session:
        assert session.wait_until(
            lambda ev: any(e["type"] == "step_entered" for e in ev), START_TIMEOUT_S
        ), session.lines
        # The device must not be talking while we speak: it mutes the microphone then.
        assert wait_quiet(session), session.events()
        say(virtual_audio, FREE_SPEECH)  # heard by the model, and must surface nowhere
        time.sleep(GAP_S)
        said = 0
        while said < ATTEMPTS:  # a loaded machine may drop a block: say it again, budgeted
            assert wait_quiet(session), session.events()
            say(virtual_audio, NEXT_STEP)
            said += 1
            if session.wait_until(lambda ev: bool(accepted(ev)), ACCEPT_TIMEOUT_S):
                break
        print(f"'volgende stap' said {said} time(s) before it was heard (budget {ATTEMPTS})")
        served = room_display(room_port(session))  # the free speech was heard by now
        if accepted(session.events()):
            state_mid_session = tmp_path / "sessie-copy.json.txt"
            wait_for_saved_step(state_dir / STATE_FILE_NAME, 1, state_mid_session)
        # stop cleanly, as a service manager does (the signal goes to the product, not strace)
        code, err = session.stop(signal.SIGTERM, STOP_TIMEOUT_S)
    stdout = session.output()
    events = session.events()
    assert accepted(events) == [("next_step", "voice")], "\n".join(session.story(40))
    assert [e["index"] for e in events if e["type"] == "step_entered"] == [0, 1], events
    assert code == EXIT_INTERRUPTED, err[-3000:]  # interrupted; state kept
    assert "controller shutting down: signal" in err, err[-3000:]  # a clean stop, not a kill
    assert "Opdracht: " in stdout and "(stem)" in stdout, stdout[-2000:]
    assert any(e["type"] == "speaking_ended" for e in events)  # it really spoke

    check_session_trace(trace, state_dir, event_log, virtual_audio.socket, room_port(session))
    assert "Volgende stap" in served and foreign_words(served) == [], served[-2000:]
    check_no_audio_files(tmp_path, trace)
    assert state_mid_session is not None and state_mid_session.exists(), "state not saved"
    check_state(state_mid_session)
    check_state(state_dir / STATE_FILE_NAME)  # kept after a signal, for --hervat
    check_event_log(events)
    assert foreign_words(stdout) == [], stdout
    assert foreign_words(err) == [], err[-3000:]
