"""The sounddevice adapter of the microphone port (the only module that imports sounddevice).

* ``RawInputStream``, int16 mono, at 16 kHz when the device offers it, else its own rate (the
  spotter passes the rate to Vosk); blocks of ``block_s``.
* The PortAudio callback only enqueues (a bounded queue; a full queue drops and counts).
* Input overflows are counted and logged (rate-limited).
* A watchdog: when no audio arrives for ``watchdog_s`` (a USB speakerphone unplugged), the
  stream is closed and reopened, retrying until the device is back; for a device named with
  ``--microfoon`` PortAudio is re-initialised first (to see devices again). Lost and found are
  reported through ``notice``.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any, Protocol

from facilitator.listening.audio import MicrophoneError, block_frames

log = logging.getLogger(__name__)

PREFERRED_RATE = 16_000  # Hz, what Vosk models are trained on
QUEUE_S = 5.0  # s of audio the callback queue holds before dropping
OVERFLOW_LOG_INTERVAL_S = 10.0


class NoticeFn(Protocol):
    def __call__(self, text: str, level: str, microphone: bool | None = None) -> None:
        """A Dutch notice; ``microphone``: lost (False) or back (True)."""


def _import_sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as err:  # PortAudio library missing
        raise MicrophoneError(
            f"Geen geluidsondersteuning: PortAudio ontbreekt ({err}). Installeer het met "
            "'sudo apt install libportaudio2'. De sessie gaat verder met het toetsenbord."
        ) from None
    return sounddevice


def find_input_device(sd: Any, wanted: str | int | None) -> int | None:
    """The PortAudio index of the input device named (in part) or numbered ``wanted``."""
    if wanted is None:
        return None
    devices = list(sd.query_devices())
    inputs = [(i, d) for i, d in enumerate(devices) if d.get("max_input_channels", 0) > 0]
    if isinstance(wanted, int):
        if any(i == wanted for i, _ in inputs):
            return wanted
    else:
        needle = wanted.lower()
        for i, device in inputs:
            if needle in str(device.get("name", "")).lower():
                return i
    names = ", ".join(f"{i}: {d.get('name', '?')}" for i, d in inputs) or "geen"
    raise MicrophoneError(
        f"Microfoon '{wanted}' niet gevonden. Beschikbare invoerapparaten: {names}. "
        "Kies er een met --microfoon (naam of nummer)."
    )


class SoundDeviceMicrophone:
    def __init__(
        self,
        device: str | int | None = None,
        block_s: float = 0.1,
        watchdog_s: float = 2.0,
        notice: NoticeFn | None = None,
    ) -> None:
        self._wanted = device
        self._block_s = block_s
        self._watchdog_s = watchdog_s
        self._notice: NoticeFn = notice or (lambda text, level, microphone=None: None)
        self._sd = _import_sounddevice()
        self._stream: Any = None
        self.sample_rate = PREFERRED_RATE
        max_blocks = max(1, round(QUEUE_S / block_s))
        self._queue: queue.Queue[tuple[bytes, float | None]] = queue.Queue(maxsize=max_blocks)
        #: PortAudio's time when the first sample of the block ``read`` returned was captured
        #: (``None`` when the device does not say): the echo canceller pairs by it.
        self.block_time: float | None = None
        self._last_audio = time.monotonic()
        self._lost = False
        self._lock = threading.Lock()
        self.overflows = 0
        self.dropped_blocks = 0
        self._logged_overflows = 0
        self._overflow_logged_at = 0.0

    @property
    def finished(self) -> bool:
        return False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Open the stream; raises ``MicrophoneError`` (Dutch) when there is no microphone."""
        self._open()

    def close(self) -> None:
        with self._lock:
            self._close_stream()

    def _open(self) -> None:
        sd = self._sd
        index = find_input_device(sd, self._wanted)
        try:
            info = sd.query_devices(index, "input")
        except (sd.PortAudioError, ValueError) as err:
            raise MicrophoneError(
                f"Geen microfoon gevonden ({err}). Sluit een microfoon aan of kies er een met "
                "--microfoon. De sessie gaat verder met het toetsenbord."
            ) from None
        rate = PREFERRED_RATE
        try:
            sd.check_input_settings(device=index, channels=1, dtype="int16", samplerate=rate)
        except (sd.PortAudioError, ValueError):
            rate = int(info["default_samplerate"])
        try:
            stream = sd.RawInputStream(
                samplerate=rate,
                blocksize=block_frames(rate, self._block_s),
                device=index,
                channels=1,
                dtype="int16",
                callback=self._callback,
            )
            stream.start()
        except (sd.PortAudioError, ValueError) as err:
            raise MicrophoneError(
                f"De microfoon '{info.get('name', '?')}' kan niet geopend worden ({err}). "
                "Controleer de aansluiting of kies een andere met --microfoon."
            ) from None
        self._stream = stream
        self.sample_rate = int(stream.samplerate)
        self._last_audio = time.monotonic()
        log.info("microphone open: %s at %d Hz", info.get("name", "?"), self.sample_rate)

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            stream.abort()
            stream.close()
        except self._sd.PortAudioError as err:
            log.warning("closing the microphone stream failed: %s", err)

    # ------------------------------------------------------------------ audio
    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status.input_overflow:
            self.overflows += 1
        adc_time = float(getattr(time_info, "inputBufferAdcTime", 0.0)) or None
        try:
            self._queue.put_nowait((bytes(indata), adc_time))
        except queue.Full:
            self.dropped_blocks += 1

    def read(self, timeout_s: float) -> bytes | None:
        try:
            block, self.block_time = self._queue.get(timeout=timeout_s)
        except queue.Empty:
            self._watchdog()
            return None
        self._last_audio = time.monotonic()
        if self._lost:
            self._lost = False
            self._notice("De microfoon werkt weer; er wordt weer geluisterd.", "info", True)
        self._log_overflows()
        return block

    def _log_overflows(self) -> None:
        now = time.monotonic()
        if self.overflows > self._logged_overflows and (
            now - self._overflow_logged_at > OVERFLOW_LOG_INTERVAL_S
        ):
            log.warning(
                "microphone input overflows: %d (dropped blocks: %d)",
                self.overflows,
                self.dropped_blocks,
            )
            self._logged_overflows = self.overflows
            self._overflow_logged_at = now

    def _watchdog(self) -> None:
        if time.monotonic() - self._last_audio < self._watchdog_s:
            return
        if not self._lost:
            self._lost = True
            log.warning("no audio for %.1f s: reopening the microphone", self._watchdog_s)
            self._notice(
                "De microfoon geeft geen geluid meer (losgekoppeld?). Ik probeer hem opnieuw "
                "te openen; het toetsenbord werkt gewoon.",
                "warning",
                False,
            )
        with self._lock:
            self._close_stream()
            if self._wanted is not None:
                self._reinitialise()
            try:
                self._open()
            except MicrophoneError as err:
                log.info("microphone not back yet: %s", err)
                self._last_audio = time.monotonic()  # retry after another watchdog period

    def _reinitialise(self) -> None:
        """Re-initialise PortAudio, so a replugged device named with ``--microfoon`` is seen
        again. Only then: it closes every PortAudio stream of the process, the speaker's too
        (its line would never end). The default device needs none: the sound server routes
        it to the microphone again when that comes back."""
        try:
            self._sd._terminate()
            self._sd._initialize()
        except self._sd.PortAudioError as err:
            log.warning("re-initialising PortAudio failed: %s", err)
