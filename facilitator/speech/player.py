"""The sounddevice adapter: one always-open output stream that plays a sound when asked.

Why always open: starting a PortAudio stream through ALSA's PulseAudio plugin (and waking a
suspended sink or USB device) stalled for 0.4-2 s before the first sample sounded, and stopping
it with ``CallbackStop`` lost the last 30-190 ms (both measured here). So the stream is opened
once and plays silence between sounds. Then:

* ``start`` hands a sound to PortAudio's callback; it sounds after about one output latency;
* ``stop`` cuts it: the callback plays silence from its next block on (``on_done`` is not
  called for a cut sound);
* ``on_done`` runs on PortAudio's thread once the last sample has left the output buffer (the
  callback counts one output latency of silence after it) and must only enqueue.

If the stream dies (device unplugged), the next ``start`` opens a new one. If the device refuses
the sound's sample rate, the stream runs at the device's default rate and sounds are resampled.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.speech.audio import Audio, Samples

log = logging.getLogger(__name__)

CHANNELS = 1  # mono speech
DTYPE = "int16"  # matches Audio.samples
LATENCY_S = 0.1  # seconds of output buffer: no underruns on a busy Raspberry Pi
BLOCK_S = 0.02  # seconds per callback block: how quickly a cut takes effect
STREAM_RATE = 22_050  # Hz; espeak-ng's rate, used unless the device refuses it
#: A new stream stalls for up to ~2 s after its first blocks (measured through PulseAudio);
#: opening waits until this much silence has flowed, so the first line is not delayed.
WARMUP_S = 0.3  # seconds of silence past the output buffer
WARMUP_TIMEOUT_S = 3.0  # seconds; after this the stream is used anyway


#: Called on PortAudio's thread with every block handed to the speaker (int16 samples, rate,
#: PortAudio's time when its first sample reaches the speaker or ``None``), silence between
#: sounds included: the echo canceller's reference. A tap must only copy.
playback_taps: list[Callable[[Any, int, float | None], None]] = []


class PlaybackError(FacilitatorError, RuntimeError):
    """No sound can be played; ``str()`` is a Dutch message for people."""

    area = ErrorArea.SPEAKER


class Player(Protocol):
    def check(self) -> str: ...

    def start(self, audio: Audio, on_done: Callable[[], None]) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


@dataclass(slots=True)
class _Feed:
    """One sound, handed out block by block on PortAudio's thread."""

    samples: Samples
    on_done: Callable[[], None]
    tail_frames: int  # silence still to pass after the last sample before on_done
    position: int = 0  # next sample to play
    done: bool = field(default=False)


class SoundDevicePlayer:
    """Plays through PortAudio (``sounddevice``) on ``device`` (name part, index or None)."""

    def __init__(self, device: str | int | None = None) -> None:
        self._device = device
        self._stream: Any = None
        self._rate = STREAM_RATE
        self._feed: _Feed | None = None  # swapped atomically; read by the callback
        self._blocks = 0  # callbacks so far (only the callback writes it)
        self._flowing = threading.Event()  # set once the warm-up silence has flowed
        self._warmup_blocks = 0
        self._lock = threading.Lock()  # serialises open/close between caller threads

    @staticmethod
    def _sd() -> Any:
        try:
            import sounddevice
        except OSError as err:  # libportaudio2 missing
            raise PlaybackError(
                "Geluid afspelen lukt niet: PortAudio ontbreekt (op Linux: "
                f"'sudo apt install libportaudio2'). ({err})"
            ) from err
        return sounddevice

    def check(self) -> str:
        """Open the output now (so the first line sounds at once); the device's name."""
        with self._lock:
            stream = self._ensure_stream()
        sd = self._sd()
        try:
            return str(sd.query_devices(stream.device, kind="output")["name"])
        except (ValueError, sd.PortAudioError):
            return str(stream.device)

    def _no_device_message(self, err: BaseException) -> str:
        if self._device is None:
            return (
                "Er is geen luidspreker gevonden; de teksten verschijnen alleen op het scherm. "
                f"Sluit een luidspreker aan. ({err})"
            )
        return (
            f"Luidspreker {self._device!r} is niet gevonden; de teksten verschijnen alleen op "
            f"het scherm. Kies een ander apparaat of laat de instelling leeg. ({err})"
        )

    def _ensure_stream(self) -> Any:
        """The running stream (opened when needed). Call with ``_lock`` held."""
        if self._stream is not None and self._stream.active:
            return self._stream
        self._close_stream()
        sd = self._sd()
        try:
            try:
                stream = self._open(sd, STREAM_RATE)
            except sd.PortAudioError as err:
                info = sd.query_devices(self._device, kind="output")
                rate = round(float(info["default_samplerate"]))
                if rate == STREAM_RATE:
                    raise
                log.info("device refused %d Hz (%s); using %d Hz", STREAM_RATE, err, rate)
                stream = self._open(sd, rate)
            self._blocks = 0
            self._flowing.clear()
            self._warmup_blocks = round((float(stream.latency) + WARMUP_S) / BLOCK_S)
            stream.start()
        except (ValueError, sd.PortAudioError) as err:
            raise PlaybackError(self._no_device_message(err)) from err
        self._stream = stream
        self._rate = int(stream.samplerate)
        if not self._flowing.wait(WARMUP_TIMEOUT_S):
            log.warning("output stream slow to start (%.1f s)", WARMUP_TIMEOUT_S)
        log.info(
            "output stream open: %s at %d Hz, latency %.3f s",
            stream.device,
            self._rate,
            stream.latency,
        )
        return stream

    def _open(self, sd: Any, rate: int) -> Any:
        return sd.OutputStream(
            samplerate=rate,
            channels=CHANNELS,
            dtype=DTYPE,
            device=self._device,
            latency=LATENCY_S,
            blocksize=round(BLOCK_S * rate),
            callback=self._callback,
        )

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        self._fill(outdata, frames, time_info, status)
        if playback_taps:
            dac_time = float(getattr(time_info, "outputBufferDacTime", 0.0)) or None
            for tap in playback_taps:
                tap(outdata[:, 0], self._rate, dac_time)

    def _fill(self, outdata: Any, frames: int, _time: Any, status: Any) -> None:
        if status:
            log.debug("output status: %s", status)
        self._blocks += 1
        if self._blocks >= self._warmup_blocks:
            self._flowing.set()
        feed = self._feed
        if feed is None or feed.done:
            outdata.fill(0)
            return
        chunk = feed.samples[feed.position : feed.position + frames]
        count = len(chunk)
        outdata[:count, 0] = chunk
        outdata[count:, 0] = 0
        feed.position += count
        if feed.position >= len(feed.samples):
            feed.tail_frames -= frames - count
            if feed.tail_frames <= 0:
                feed.done = True
                if self._feed is feed:
                    self._feed = None
                feed.on_done()

    def start(self, audio: Audio, on_done: Callable[[], None]) -> None:
        with self._lock:
            stream = self._ensure_stream()
        sound = audio.resampled(self._rate)
        tail = round(float(stream.latency) * self._rate) + round(BLOCK_S * self._rate)
        self._feed = _Feed(sound.samples, on_done, tail)

    def stop(self) -> None:
        """Cut the current sound (no ``on_done`` for it); harmless when nothing plays."""
        feed, self._feed = self._feed, None
        if feed is not None:
            feed.done = True

    def close(self) -> None:
        self.stop()
        with self._lock:
            self._close_stream()

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        sd = self._sd()
        try:
            stream.abort()
            stream.close()
        except sd.PortAudioError as err:
            log.warning("closing the output stream failed: %s", err)
