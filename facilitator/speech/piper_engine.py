"""The Piper adapter: a neural voice rendered by a separate worker process, into memory.

Why a separate process (``piper_worker.py``) and not ``import piper`` here:

* **Licence.** ``piper-tts`` is GPL-3.0-or-later; the facilitator is MIT. The facilitator only
  sends plain text to a program and reads plain audio back through a pipe (arm's length), so
  it is not combined with GPL code; the worker is a small separate program that uses Piper's
  public API. Piper stays an optional extra (``pip install 'facilitator[piper]'``).
* **Robustness.** A broken voice file, an onnxruntime crash or running out of memory on a
  small board ends the worker, not the session: the speaker falls back to pyttsx3.
* **Timing.** Synthesis runs on its own interpreter (no GIL shared with the controller thread
  or the spotter). The factory runs two workers: one renders what is wanted now, the other
  (one CPU thread, lower priority ``AHEAD_NICE``) renders the plan ahead, so a warning never
  waits behind a long prompt sentence being rendered ahead.

Sound goes through the pipe into an in-memory ``Audio``: no audio file exists at any moment.
``synthesize`` is thread-safe (one request at a time on the pipe).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

import numpy as np

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.speech.audio import Audio
from facilitator.speech.piper_voices import INSTALL_HINT, VoiceFile, piper_installed

log = logging.getLogger(__name__)

WORKER_SCRIPT = Path(__file__).with_name("piper_worker.py")
AHEAD_NICE = 5  # rendering ahead: lower CPU priority than the session and the voice itself
START_TIMEOUT_S = 60.0  # seconds to load a voice (about 0.5 s here, more on a Raspberry Pi)
RENDER_TIMEOUT_S = 30.0  # seconds for one line (about 0.04 s per second of speech here)
CLOSE_TIMEOUT_S = 5.0  # seconds for the worker to end after its input is closed
PROBE_TEXT = "Hallo."  # rendered once at start: a voice that loads but cannot speak fails here
#: onnxruntime (1.29 and later) otherwise writes a device id and a telemetry database under
#: ~/.cache/Microsoft and tries to send usage events: the facilitator stores and sends nothing.
#: (Its opt-out variable has had both names.)
NO_TELEMETRY = {"ORT_DISABLE_TELEMETRY": "1", "ORT_TELEMETRY_DISABLED": "1"}


class PiperUnavailable(FacilitatorError, RuntimeError):
    """Piper cannot speak (not installed, voice broken, worker gone); ``str()`` is Dutch."""

    area = ErrorArea.VOICE


class PiperEngine:
    """One worker process speaking with one voice.

    ``threads``: CPU threads for the network (0: all cores); ``nice``: added to the worker's
    nice value (a lower priority) before it starts.
    """

    def __init__(
        self, voice: VoiceFile, *, python: str = sys.executable, threads: int = 0, nice: int = 0
    ) -> None:
        self.voice = voice
        self.rate = voice.sample_rate  # Hz; confirmed by the worker at start
        self._python = python
        self._threads = threads
        self._nice = nice
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._failure: PiperUnavailable | None = None

    def start(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Start the worker and load the voice; ``PiperUnavailable`` (Dutch) when it cannot."""
        if not piper_installed():
            raise PiperUnavailable(
                f"Piper is niet geïnstalleerd (installeer het met: {INSTALL_HINT})."
            )
        command = [self._python, "-P", str(WORKER_SCRIPT), str(self.voice.model)]
        command += [str(self.voice.config), str(self._threads)]
        nice = self._nice

        def lower_priority() -> None:  # in the child, before exec: only os.nice
            if nice:
                with contextlib.suppress(OSError):
                    os.nice(nice)

        try:
            self._proc = subprocess.Popen(
                command,
                env={**os.environ, **NO_TELEMETRY},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                preexec_fn=lower_priority,
            )
        except OSError as err:
            raise PiperUnavailable(f"Piper kan niet gestart worden ({err}).") from None
        header = self._header(timeout_s)
        if not header.get("ok"):
            self.close()
            raise PiperUnavailable(
                f"De Piper-stem {self.voice.model.name} kan niet geladen worden "
                f"({header.get('error', 'onbekende fout')}). Download de stem opnieuw."
            )
        self.rate = int(header.get("rate", self.rate))
        log.info("piper worker %d ready: %s at %d Hz", self._proc.pid, self.voice.name, self.rate)
        try:
            self.synthesize(PROBE_TEXT)
        except PiperUnavailable:
            self.close()
            raise

    def synthesize(self, text: str, speed: float = 1.0) -> Audio:
        """``text`` as audio; ``speed`` 1.0 is the voice's own pace (2.0: twice as fast)."""
        with self._lock:
            if self._failure is not None:
                raise self._failure
            proc = self._proc
            if proc is None or proc.stdin is None:
                raise PiperUnavailable("Piper is gestopt.")
            request = json.dumps({"text": text, "speed": speed}, ensure_ascii=False)
            try:
                proc.stdin.write(request.encode("utf-8") + b"\n")
                proc.stdin.flush()
                header = self._header(RENDER_TIMEOUT_S)
                if "error" in header:
                    reason = header["error"]
                    raise PiperUnavailable(f"Piper kon een tekst niet uitspreken ({reason}).")
                data = self._read_exact(int(header["bytes"]))
            except (OSError, ValueError, KeyError) as err:
                self._failure = PiperUnavailable(f"Piper werkt niet meer ({err}).")
                raise self._failure from None
        return Audio(np.frombuffer(data, dtype="<i2").astype(np.int16), self.rate)

    def _header(self, timeout_s: float) -> dict[str, Any]:
        out = self._stdout()
        ready, _, _ = select.select([out], [], [], timeout_s)
        if not ready:
            raise PiperUnavailable(f"Piper antwoordt niet binnen {timeout_s:.0f} seconden.")
        line = out.readline()
        if not line:
            code = self._proc.poll() if self._proc is not None else None
            raise PiperUnavailable(f"Piper is onverwacht gestopt (code {code}).")
        header = json.loads(line)
        if not isinstance(header, dict):
            raise ValueError(f"unexpected reply {line[:80]!r}")
        return header

    def _read_exact(self, count: int) -> bytes:
        out = self._stdout()
        data = out.read(count)
        if len(data) != count:
            raise OSError(f"short read: {len(data)} of {count} bytes")
        return data

    def _stdout(self) -> IO[bytes]:
        if self._proc is None or self._proc.stdout is None:
            raise PiperUnavailable("Piper is gestopt.")
        return self._proc.stdout

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def close(self) -> None:
        """End the worker (closing its input ends it; killed if it does not). Idempotent."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=CLOSE_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait(timeout=CLOSE_TIMEOUT_S)
        if proc.stdout is not None:
            proc.stdout.close()
