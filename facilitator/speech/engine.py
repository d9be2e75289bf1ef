"""The pyttsx3 adapter: the process's one TTS engine, owned by one thread fed by a queue.

pyttsx3 2.99 on Linux drives libespeak-ng, which can be initialised once per process and keeps
one global synthesis callback, so this module keeps **one** engine per process inside a
single-worker executor (the executor's queue is the engine's queue). Everything that touches
pyttsx3 (creation, voices, properties, synthesis) runs on that thread.

Known 2.99 behaviours and how they are handled (each has a test in ``test_speech_engine.py``):

* The first ``runAndWait()`` of a new engine returns before the work is done (measured: after
  10 ms, before ``save_to_file`` has even created its file; with ``say`` the sound comes
  during the *next* call): the engine is warmed up with one empty ``runAndWait()`` right
  after ``init()``.
* Only one ``say``/``save_to_file`` per ``runAndWait()`` is reliable (the espeak driver keeps a
  single pending text and file: the last one wins): every render is exactly one
  ``save_to_file`` + one ``runAndWait()``, and the WAV is checked afterwards (retried once).
* ``save_to_file`` prints "Audio saved to …" on stdout: the espeak driver module's ``print`` is
  redirected to the debug log, so the command line's output stays clean (process-wide
  ``redirect_stdout`` would also swallow other threads' output).
* espeak-ng runs asynchronously (commands go through its FIFO): a property set just before
  ``runAndWait()`` can still be queued when the driver's ``stop()`` (called by every
  ``runAndWait``) sees espeak "playing" and cancels the FIFO, so the change is lost and the
  render fails (measured: rate changes ignored, ~1 in 50 renders empty). After a change we
  wait until ``getProperty`` reports the new value, and before each render until espeak-ng
  is idle (it stays "playing" a moment after the last callback).
* The driver's ``say`` plays through ``os.system("aplay …")``, which cannot be interrupted and
  reports no real start/stop of sound: we only ever render (``save_to_file``) and play the
  audio ourselves (``player.py``). The espeak driver writes with ``wave.open(target)``, which
  takes a file object, so on Linux speech is rendered into memory and no audio file exists at
  any moment; other drivers get a RAM-backed temp file that is removed at once.
"""

from __future__ import annotations

import atexit
import gc
import io
import logging
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.speech.audio import Audio, AudioFormatError, read_wav
from facilitator.speech.voices import VoiceInfo

log = logging.getLogger(__name__)

SETTLE_TIMEOUT_S = 2.0  # seconds to wait for a property change to reach espeak-ng
SETTLE_POLL_S = 0.005  # seconds between checks
RENDER_ATTEMPTS = 2  # one retry when the engine produced no or an empty file
MEMORY_TEMP_DIR = Path("/dev/shm")  # RAM-backed on Linux: rendered speech never touches disk
ESPEAK_DRIVER_MODULE = "pyttsx3.drivers.espeak"
ESPEAK_LIBRARY_MODULE = "pyttsx3.drivers._espeak"


class TtsUnavailable(FacilitatorError, RuntimeError):
    """No usable TTS engine; ``str()`` is a Dutch message for people."""

    area = ErrorArea.VOICE


class RenderError(RuntimeError):
    """The engine did not produce audio for a text."""


def _temp_dir() -> str | None:
    if MEMORY_TEMP_DIR.is_dir() and os.access(MEMORY_TEMP_DIR, os.W_OK):
        return str(MEMORY_TEMP_DIR)
    return None  # the platform's default temp dir


def _quiet_print(*args: object, **_kwargs: object) -> None:
    log.debug("pyttsx3: %s", " ".join(str(a) for a in args))


def _voice_info(voice: Any) -> VoiceInfo:
    languages: list[str] = []
    for lang in getattr(voice, "languages", None) or ():
        if isinstance(lang, bytes):
            lang = lang.decode("utf-8", errors="ignore").lstrip("\x05")
        languages.append(str(lang))
    gender = getattr(voice, "gender", None)
    return VoiceInfo(
        id=str(voice.id),
        name=str(getattr(voice, "name", None) or voice.id),
        languages=tuple(languages),
        gender=str(gender) if gender else None,
    )


def _decode(source: Path | io.BytesIO) -> Audio | None:
    try:
        audio = read_wav(source)
    except AudioFormatError as err:
        log.warning("unreadable render: %s", err)
        return None
    return audio if len(audio.samples) else None


class _MemoryTarget:
    """espeak driver: ``wave.open`` takes a file object, so speech is rendered into memory
    and no audio file ever exists, not even a temporary one."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()

    def fresh(self) -> io.BytesIO:
        self._buffer = io.BytesIO()
        return self._buffer

    def read(self) -> Audio | None:
        if not self._buffer.getbuffer().nbytes:
            return None
        self._buffer.seek(0)
        return _decode(self._buffer)


class _FileTarget:
    """Other drivers write to a path: a RAM-backed temp file, removed after each render."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def fresh(self) -> str:
        self._path.unlink(missing_ok=True)
        return str(self._path)

    def read(self) -> Audio | None:
        if not self._path.is_file() or self._path.stat().st_size == 0:
            return None
        return _decode(self._path)


_Target = _MemoryTarget | _FileTarget


class TtsEngine:
    """One pyttsx3 engine on its own thread. All methods return futures; none blocks."""

    def __init__(self, driver_name: str | None = None) -> None:
        self._driver_name = driver_name
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts-engine")
        # Touched only on the executor's thread:
        self._engine: Any = None
        self._failure: TtsUnavailable | None = None
        self._voice: str | None = None
        self._rate: int | None = None

    # ------------------------------------------------------------------ public (any thread)
    def voices(self) -> Future[list[VoiceInfo]]:
        return self._executor.submit(self._voices)

    def render(self, text: str, voice_id: str | None, rate_wpm: int) -> Future[Audio]:
        return self._executor.submit(self._render, text, voice_id, rate_wpm)

    def shutdown(self) -> None:
        """Release the engine on its own thread, then stop the thread. Idempotent."""
        try:
            self._executor.submit(self._release).result()
        except RuntimeError:
            # At interpreter exit concurrent.futures refuses new work before atexit handlers
            # run; its worker is idle by then, so release the engine from here.
            self._release()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _release(self) -> None:
        # pyttsx3's DriverProxy.__del__ fails noisily when it only runs at interpreter
        # teardown ("Exception ignored in DriverProxy.__del__"): drop it while Python still runs.
        engine, self._engine = self._engine, None
        if engine is not None:
            del engine
            gc.collect()

    # ------------------------------------------------------------------ engine thread only
    def _ensure(self) -> Any:
        if self._engine is not None:
            return self._engine
        if self._failure is not None:
            raise self._failure
        try:
            import pyttsx3
        except ImportError as err:
            self._failure = TtsUnavailable(
                "De spraakmodule pyttsx3 is niet geïnstalleerd; installeer de facilitator "
                f"opnieuw (pip install facilitator). ({err})"
            )
            raise self._failure from err
        try:
            engine = pyttsx3.init(self._driver_name)
        except (RuntimeError, OSError, ImportError, KeyError, AttributeError) as err:
            self._failure = TtsUnavailable(
                "Er is geen spraakengine beschikbaar (op Linux: installeer espeak-ng, "
                f"bijvoorbeeld 'sudo apt install espeak-ng'). ({err})"
            )
            raise self._failure from err
        espeak_driver = sys.modules.get(ESPEAK_DRIVER_MODULE)
        if espeak_driver is not None:
            espeak_driver.print = _quiet_print  # type: ignore[attr-defined]
        # Workaround: the first runAndWait() of a new engine returns early; spend it on nothing.
        engine.runAndWait()
        self._engine = engine
        log.info("TTS engine ready (driver %s)", engine)
        return engine

    def _voices(self) -> list[VoiceInfo]:
        engine = self._ensure()
        return [_voice_info(v) for v in engine.getProperty("voices") or ()]

    def _render(self, text: str, voice_id: str | None, rate_wpm: int) -> Audio:
        engine = self._ensure()
        if voice_id is not None and voice_id != self._voice:
            engine.setProperty("voice", voice_id)
            self._voice = voice_id
        if rate_wpm != self._rate:
            engine.setProperty("rate", rate_wpm)
            self._settle(engine, "rate", rate_wpm)
            self._rate = rate_wpm
        if ESPEAK_DRIVER_MODULE in sys.modules:
            return self._render_attempts(engine, text, _MemoryTarget())
        # Other drivers (SAPI5, NSSpeechSynthesizer) need a real file name.
        fd, name = tempfile.mkstemp(prefix="facilitator-tts-", suffix=".wav", dir=_temp_dir())
        os.close(fd)
        path = Path(name)
        try:
            return self._render_attempts(engine, text, _FileTarget(path))
        finally:
            path.unlink(missing_ok=True)

    def _render_attempts(self, engine: Any, text: str, target: _Target) -> Audio:
        for attempt in range(1, RENDER_ATTEMPTS + 1):
            self._wait_espeak_idle()
            # Exactly one utterance per runAndWait (2.99 drops all but the last).
            engine.save_to_file(text, target.fresh())
            engine.runAndWait()
            audio = target.read()
            if audio is not None:
                return audio
            log.warning("render attempt %d produced no audio for %r", attempt, text[:40])
        raise RenderError(f"no audio rendered for {text[:40]!r}")

    @staticmethod
    def _wait_espeak_idle() -> None:
        """Wait until espeak-ng's FIFO is idle (see the module notes); no-op for other drivers."""
        espeak = sys.modules.get(ESPEAK_LIBRARY_MODULE)
        if espeak is None:
            return
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while espeak.IsPlaying():
            if time.monotonic() > deadline:
                log.warning("espeak-ng still busy after %.1f s", SETTLE_TIMEOUT_S)
                return
            time.sleep(SETTLE_POLL_S)

    @staticmethod
    def _settle(engine: Any, name: str, value: object) -> None:
        """Wait until the engine reports a property as set (see the module notes)."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while engine.getProperty(name) != value:
            if time.monotonic() > deadline:
                now = engine.getProperty(name)
                log.warning("engine still reports %s=%r, not %r", name, now, value)
                return
            time.sleep(SETTLE_POLL_S)


_shared: TtsEngine | None = None
_shared_lock = threading.Lock()


def shared_engine() -> TtsEngine:
    """The process's engine, created on first use (pyttsx3 is loaded lazily, on its thread)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = TtsEngine()
            atexit.register(_shared.shutdown)
        return _shared
