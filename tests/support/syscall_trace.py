"""Reading an strace log of a product run for privacy: what was written, where it connected,
and whether any file left behind holds audio. Used by ``tests/test_privacy.py``."""

from __future__ import annotations

import re
from pathlib import Path

MAX_FILE_BYTES = 64 * 1024  # no product file grows this big in one short session
STRACE_CALLS = "open,openat,creat,rename,renameat,renameat2,link,connect,sendto,sendmsg,bind,listen"

#: Files the audio stack itself opens for writing: no audio goes into any of them.
STACK_WRITES = (
    re.compile(r"^/dev/null$"),
    re.compile(r"^/dev/shm/jack_db-\d+/"),  # PortAudio's JACK probe: its metadata database
    re.compile(r"/pulse/cookie$"),  # the PulseAudio client's authentication cookie
    re.compile(r"^/dev/(dsp|snd/)"),  # device nodes
)
#: The flags may end in "<unfinished ...>" (strace -f): do not require the closing ")".
OPEN = re.compile(r'\b(?:open|openat)\((?:[^,"]+, )?"([^"]+)", ([^)]*)')
CREAT = re.compile(r'\bcreat\("([^"]+)"')
RENAME = re.compile(r'\b(?:rename|renameat2?|link)\((?:[^,"]+, )?"([^"]+)", (?:[^,"]+, )?"([^"]+)"')
NETWORK = re.compile(r"^\d+\s+(connect|sendto|sendmsg)\(")
CONNECT = re.compile(r"^\d+\s+connect\(\d+, \{sa_family=(\w+)(?:, sun_path=\"([^\"]*)\")?")
#: Local sockets the product may connect to (besides the sound server's own socket).
STACK_SOCKETS = (re.compile(r"^/dev/shm/jack_"),)  # PortAudio's JACK probe (no server here)
BIND = re.compile(r"^\d+\s+bind\(")
INET_BIND = re.compile(
    r"^\d+\s+bind\((\d+), \{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\), "
    r"(?:sin_addr=inet_addr\(\"([^\"]+)\"\)|.*?inet_pton\(AF_INET6, \"([^\"]+)\")"
)
LISTEN = re.compile(r"^\d+\s+listen\((\d+), \d+\)\s+=\s+0")
INET = re.compile(r"sa_family=AF_INET6?\b")
AUDIO_SUFFIXES = {".wav", ".raw", ".pcm", ".ogg", ".flac", ".mp3", ".opus", ".au", ".aiff"}


def written_paths(lines: list[str], cwd: Path) -> set[str]:
    """Every path opened for writing, created, or renamed/linked (both ends)."""
    paths: set[str] = set()
    for line in lines:
        if "= -1" in line:
            continue
        opened = OPEN.search(line)
        if opened and re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", opened.group(2)):
            paths.add(opened.group(1))
        elif m := CREAT.search(line):
            paths.add(m.group(1))
        elif m := RENAME.search(line):
            paths.update((m.group(1), m.group(2)))
    return {p if p.startswith("/") else str(cwd / p) for p in paths}


def foreign_connects(lines: list[str], sound_socket: Path) -> list[str]:
    """connect() calls to anything but the sound server's socket or the JACK probe."""
    found = []
    for line in lines:
        if not (m := CONNECT.match(line)):
            continue
        family, path = m.group(1), m.group(2) or ""
        local = family == "AF_UNIX" and (
            path == str(sound_socket) or any(a.search(path) for a in STACK_SOCKETS)
        )
        if not local:
            found.append(line)
    return found


def listening_sockets(lines: list[str]) -> list[tuple[str, int]]:
    """(address, port) of every internet socket the process bound and then listened on."""
    bound: dict[str, tuple[str, int]] = {}
    found = []
    for line in lines:
        if (m := INET_BIND.match(line)) and line.rstrip().endswith("= 0"):
            bound[m.group(1)] = (m.group(3) or m.group(4), int(m.group(2)))
        elif (m := LISTEN.match(line)) and m.group(1) in bound:
            found.append(bound.pop(m.group(1)))
    return found


def check_no_audio_files(root: Path, trace: Path) -> None:
    """No file under ``root`` is audio: no RIFF header, no audio suffix, nothing big."""
    found: list[str] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as handle:
            head = handle.read(12)
        size = path.stat().st_size
        if head.startswith(b"RIFF") or b"WAVE" in head or path.suffix.lower() in AUDIO_SUFFIXES:
            found.append(f"{path} (audio header/suffix, {size} B)")
        elif size > MAX_FILE_BYTES and path != trace:
            found.append(f"{path} ({size} B)")
    listing = [str(p.relative_to(root)) for p in sorted(root.rglob("*")) if p.is_file()]
    assert found == [], f"audio-like files: {found}; all files: {listing}"


def check_trace(
    lines: list[str], cwd: Path, own: tuple[re.Pattern[str], ...], sound_socket: Path
) -> None:
    """Every write is to ``own`` or the audio stack's files; no internet; no connection but
    to the sound server (and PortAudio's JACK probe)."""
    assert len(lines) > 100, "the trace does not cover the process"
    written = written_paths(lines, cwd)
    unexpected = sorted(p for p in written if not any(a.search(p) for a in (*own, *STACK_WRITES)))
    assert unexpected == [], (
        f"files written outside the allowlist: {unexpected}; all: {sorted(written)}"
    )
    network = [line for line in lines if NETWORK.match(line) and INET.search(line)]
    assert network == [], f"network use: {network}"
    others = foreign_connects(lines, sound_socket)
    assert others == [], f"connections other than the sound server: {others}"
    binds = [line for line in lines if BIND.match(line) and INET.search(line)]
    # urllib3 (imported by vosk) probes IPv6 support by binding a socket to ::1; nothing else.
    assert all('"::1"' in line or "127.0.0.1" in line for line in binds), binds
