"""Acoustic echo cancellation: the device's own voice taken out of the microphone signal.

The adapter for Xiph's speexdsp (Debian ``libspeexdsp1``, BSD licence; loaded with ctypes, so
there is nothing to compile): an adaptive echo canceller plus its residual-echo suppressor.
The device knows exactly what it plays: the speech player hands every block it plays
(``playback``, silence between sounds included, so the two streams keep one clock) and the
listener passes every microphone block through ``cancel``, each with PortAudio's timestamp
(when it sounds, when it was recorded). Played blocks wait in a ring and are paired by time with
the microphone blocks. Paired by sample count instead, the echo's delay was 140 ms on a quiet
machine but slipped to 240 and 432 ms within 150 s under load (player underruns), while by the
timestamps it stayed at 2-4 ms (``scripts/measure_echo_delay.py``). The player runs at its own
rate (22 050 Hz); its blocks are brought to the
microphone's rate by speexdsp's streaming resampler: a resampler that starts afresh on every
20 ms block leaves seams and aliases the filter cannot model (it capped the echo taken out at
about 27 dB; now 40-50 dB).

With a canceller the listener keeps listening while the device speaks (barge-in); without one
(``EchoCanceller.create`` returns ``None`` and says why once) it falls back to half-duplex.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading

import numpy as np

log = logging.getLogger(__name__)

FRAME_S = 0.01  # s per canceller frame
TAIL_S = 0.25  # s of echo path the adaptive filter covers (target lag + room)
RING_S = 4.0  # s of played audio kept for pairing and for measuring the echo's delay
WINDOW_S = 0.6  # s of microphone audio correlated with the played audio
MAX_LAG_S = 0.4  # s; the longest echo delay looked for
TARGET_LAG_S = 0.05  # s; the pairing keeps the echo this far behind its reference
LAG_TOLERANCE_S = 0.015  # s of drift allowed before the pairing is moved
ESTIMATE_EVERY_S = 0.3  # s between delay measurements
PEAK_OVER_NOISE = 8.0  # a delay measurement counts when its peak stands this far out
CONVERGED_DB = 20.0  # echo taken out by at least this much: safe to listen while speaking
SKIP_TOLERANCE_S = 0.015  # s; a stream this far off its timestamps skipped (an underrun)
TRUST_TIMESTAMPS_S = 3.0  # s; timestamps further off than this are from another clock
LOUD_REFERENCE_RMS = 300.0  # int16 RMS of played audio that counts as the device speaking
ENERGY_DECAY = 0.9  # per block: how fast the echo measurement forgets (about 1 s at 0.1 s)
RESAMPLER_QUALITY = 4  # speexdsp resampler quality (0-10; PulseAudio's default is close)
SPEEX_ECHO_SET_SAMPLING_RATE = 24
SPEEX_PREPROCESS_SET_ECHO_STATE = 24
SPEEX_PREPROCESS_SET_DENOISE = 0
LIBRARY = "speexdsp"

NO_CANCELLER = (
    "Doorpraten kan niet: er is geen echo-onderdrukking (libspeexdsp ontbreekt; op Linux: "
    "'sudo apt install libspeexdsp1'). Het apparaat luistert niet terwijl het zelf praat."
)


def _load() -> ctypes.CDLL | None:
    name = ctypes.util.find_library(LIBRARY)
    try:
        lib = ctypes.CDLL(name or f"lib{LIBRARY}.so.1")
    except OSError:
        return None
    lib.speex_echo_state_init.restype = ctypes.c_void_p
    lib.speex_echo_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_echo_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.speex_echo_cancellation.argtypes = [ctypes.c_void_p] + [ctypes.c_void_p] * 3
    lib.speex_echo_state_destroy.argtypes = [ctypes.c_void_p]
    lib.speex_preprocess_state_init.restype = ctypes.c_void_p
    lib.speex_preprocess_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.speex_preprocess_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib.speex_preprocess_run.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.speex_preprocess_state_destroy.argtypes = [ctypes.c_void_p]
    uint = ctypes.c_uint32
    lib.speex_resampler_init.restype = ctypes.c_void_p
    lib.speex_resampler_init.argtypes = [uint, uint, uint, ctypes.c_int, ctypes.c_void_p]
    pointer = ctypes.c_void_p
    lib.speex_resampler_process_int.argtypes = [pointer, uint, pointer, pointer, pointer, pointer]
    lib.speex_resampler_destroy.argtypes = [ctypes.c_void_p]
    return lib


class EchoCanceller:
    """One canceller for one microphone rate. ``playback`` may be called from any thread
    (the player's audio thread); ``cancel`` from the listener's worker only.

    Played samples and microphone samples are paired by position, and put back on their
    timestamps when a stream skips (an underrun, lost microphone blocks) by more than
    ``SKIP_TOLERANCE_S``; without timestamps (or from another clock) by position alone. The
    delay of the echo is measured every ``ESTIMATE_EVERY_S`` by cross-correlating the
    microphone with what was played, and the pairing is trimmed to keep the echo
    ``TARGET_LAG_S`` behind its reference, inside the filter."""

    def __init__(self, lib: ctypes.CDLL, sample_rate: int) -> None:
        self._lib = lib
        self.sample_rate = sample_rate
        self.frame = max(1, round(FRAME_S * sample_rate))
        self._echo = lib.speex_echo_state_init(self.frame, round(TAIL_S * sample_rate))
        rate = ctypes.c_int(sample_rate)
        lib.speex_echo_ctl(self._echo, SPEEX_ECHO_SET_SAMPLING_RATE, ctypes.byref(rate))
        self._pre = lib.speex_preprocess_state_init(self.frame, sample_rate)
        lib.speex_preprocess_ctl(self._pre, SPEEX_PREPROCESS_SET_ECHO_STATE, self._echo)
        off = ctypes.c_int(0)
        lib.speex_preprocess_ctl(self._pre, SPEEX_PREPROCESS_SET_DENOISE, ctypes.byref(off))
        self._lock = threading.Lock()
        self._ring = np.zeros(round(RING_S * sample_rate), dtype=np.int16)  # played samples
        self._played = 0  # samples played so far (absolute index of the next one)
        self._heard = 0  # microphone samples cancelled so far
        self._offset: int | None = None  # microphone sample k pairs with played k + offset
        self._mic = np.zeros(round(WINDOW_S * sample_rate), dtype=np.int16)  # recent input
        self._since_estimate = 0
        self.realigned = 0  # how often the pairing was moved
        self._candidate: int | None = None  # a new echo delay, waiting to be confirmed
        self._carry = np.zeros(0, dtype=np.int16)  # microphone samples short of a frame
        self._echo_in = 0.0  # decaying energy of the microphone while the device speaks
        self._echo_out = 0.0  # ... and of what is left of it after cancelling
        self._converged = False
        self._resampler: int | None = None  # speexdsp resampler for the player's rate
        self._resampler_rate = 0
        self._t0: float | None = None  # PortAudio time of played sample 0 (timestamp pairing)
        self._mic_base = 0  # played index the microphone's sample 0 was recorded at
        self._timestamps = True  # False once they proved to be from another clock
        self._timed = False  # both streams have timestamps: paired by time
        self.skips = 0  # how often a stream skipped and was put back on its timestamps

    @property
    def reduction_db(self) -> float:
        """How much of the device's own voice the canceller takes out now (0 before it
        has heard the device speak)."""
        if self._echo_in <= 0.0:
            return 0.0
        return float(10.0 * np.log10(self._echo_in / max(self._echo_out, 1e-9)))

    @property
    def converged(self) -> bool:
        """Whether the canceller has learnt the echo path (latched: someone talking over the
        device lowers the measured reduction, which must not switch barge-in off)."""
        if not self._converged and self.reduction_db >= CONVERGED_DB:
            self._converged = True
            log.info("echo cancelling converged (%.0f dB)", self.reduction_db)
        return self._converged

    @classmethod
    def create(cls, sample_rate: int) -> EchoCanceller | None:
        lib = _load()
        if lib is None:
            log.info("no echo canceller: lib%s is not installed", LIBRARY)
            return None
        return cls(lib, sample_rate)

    # ------------------------------------------------------------------ reference side
    def _index(self, when: float) -> int:
        assert self._t0 is not None
        return round((when - self._t0) * self.sample_rate)

    def playback(self, samples: np.ndarray, rate: int, dac_time: float | None = None) -> None:
        """A block the device just handed to its speaker (int16 mono at ``rate`` Hz; when
        its first sample reaches the speaker, in PortAudio's time, if known)."""
        block = np.asarray(samples, dtype=np.int16).reshape(-1)
        if rate != self.sample_rate and block.size:
            block = self._resample(block, rate)
        size = self._ring.size
        with self._lock:
            if dac_time is not None and self._timestamps:
                if self._t0 is None:
                    self._t0 = dac_time - self._played / self.sample_rate
                due = self._index(dac_time)
                if self._timed and abs(due - self._played) > round(
                    SKIP_TOLERANCE_S * self.sample_rate
                ):
                    self._skip_to(due)  # the speaker played silence we did not hand it
            start = self._played % size
            first = min(block.size, size - start)
            self._ring[start : start + first] = block[:first]
            self._ring[: block.size - first] = block[first:]
            self._played += block.size

    def _skip_to(self, due: int) -> None:
        """Put the played stream back on its timestamps (call with the lock held)."""
        gap = min(max(due - self._played, 0), self._ring.size)
        index = np.arange(self._played, self._played + gap) % self._ring.size
        self._ring[index] = 0
        log.debug("playback skipped %.3f s", (due - self._played) / self.sample_rate)
        self._played = due
        self.skips += 1

    def _resample(self, block: np.ndarray, rate: int) -> np.ndarray:
        """``block`` at the microphone's rate, by speexdsp's streaming resampler (its state
        runs on from block to block, so the reference has no seams)."""
        if self._resampler is None or self._resampler_rate != rate:
            if self._resampler is not None:
                self._lib.speex_resampler_destroy(self._resampler)
            error = ctypes.c_int(0)
            self._resampler = self._lib.speex_resampler_init(
                1, rate, self.sample_rate, RESAMPLER_QUALITY, ctypes.byref(error)
            )
            self._resampler_rate = rate
        source = np.ascontiguousarray(block, dtype=np.int16)
        out = np.zeros(block.size * self.sample_rate // rate + 16, dtype=np.int16)
        taken, made = ctypes.c_uint32(source.size), ctypes.c_uint32(out.size)
        self._lib.speex_resampler_process_int(
            self._resampler,
            0,
            source.ctypes.data,
            ctypes.byref(taken),
            out.ctypes.data,
            ctypes.byref(made),
        )
        return out[: made.value]

    def _reference(self, start: int, count: int) -> np.ndarray:
        """Played samples ``start .. start + count`` (absolute), silence where there are none."""
        out = np.zeros(count, dtype=np.int16)
        size = self._ring.size
        with self._lock:
            lo, hi = max(start, self._played - size, 0), min(start + count, self._played)
            if hi > lo:
                index = np.arange(lo, hi) % size
                out[lo - start : hi - start] = self._ring[index]
        return out

    def _realign(self) -> None:
        """Measure the echo's delay behind its paired reference; move the pairing to
        ``TARGET_LAG_S`` when it drifted."""
        assert self._offset is not None
        window = self._mic.astype(np.float64)
        max_lag = round(MAX_LAG_S * self.sample_rate)
        end = self._heard + self._offset
        ref = self._reference(end - window.size - max_lag, window.size + max_lag)
        reference = ref.astype(np.float64)
        if np.sqrt(np.mean(reference**2)) < LOUD_REFERENCE_RMS:
            return
        n = 1 << (window.size + reference.size).bit_length()
        cross = np.fft.rfft(window, n) * np.conj(np.fft.rfft(reference, n))
        gcc = np.fft.irfft(cross / (np.abs(cross) + 1e-9), n)  # GCC-PHAT: one sharp peak
        # gcc[j] ~ sum_t mic[t + j] * ref[t] (circular): an echo lag d sits at j = d - max_lag
        lags = np.concatenate([gcc[n - max_lag :], gcc[:1]])  # lags[d], d = 0 .. max_lag
        best = int(np.argmax(lags))
        spread = float(np.std(gcc))
        if not spread > 0.0 or lags[best] < PEAK_OVER_NOISE * spread:
            # no clear echo in this window: silence, someone talking over it, or a microphone
            # that delivers digital silence (then every lag scores 0 and none may be taken)
            return
        target = round(TARGET_LAG_S * self.sample_rate)
        tolerance = round(LAG_TOLERANCE_S * self.sample_rate)
        if abs(best - target) <= tolerance:
            self._candidate = None
            return
        if self._candidate is None or abs(self._candidate - best) > tolerance:
            self._candidate = best  # moved: wait for a second measurement to agree
            return
        self._candidate = None
        self._offset -= best - target
        self.realigned += 1
        log.debug("echo delay %.3f s: pairing moved", best / self.sample_rate)

    # ------------------------------------------------------------------ microphone side
    def _follow_timestamp(self, adc_time: float, first: int) -> None:
        """Pair by time: microphone sample ``first`` was recorded at ``adc_time`` (once the
        player's blocks came with timestamps too)."""
        with self._lock:
            if self._t0 is None:
                return  # no timestamped playback yet: by position
            recorded_at = self._index(adc_time)
            played = self._played
        lead = round(TARGET_LAG_S * self.sample_rate)
        if not self._timed:
            if abs(recorded_at - played) > TRUST_TIMESTAMPS_S * self.sample_rate:
                log.info("echo cancelling: the sound card's timestamps do not agree; by position")
                self._timestamps = False
                return
            self._timed = True
            self._mic_base = recorded_at - first
            self._offset = self._mic_base + lead
            return
        shift = recorded_at - (self._mic_base + first)
        if abs(shift) > round(SKIP_TOLERANCE_S * self.sample_rate):
            log.debug("microphone skipped %.3f s", shift / self.sample_rate)
            assert self._offset is not None
            self._mic_base += shift  # blocks were lost: the pairing moves with the time
            self._offset += shift
            self.skips += 1

    def cancel(self, block: bytes, adc_time: float | None = None) -> bytes:
        """The microphone block with the device's own voice taken out (same length; the last
        partial frame is held back and returned with the next block). ``adc_time``: when its
        first sample was recorded, in PortAudio's time (pairs it with what was played then)."""
        if adc_time is not None and self._timestamps:
            self._follow_timestamp(adc_time, self._heard + self._carry.size)
        mic = np.concatenate([self._carry, np.frombuffer(block, dtype="<i2")])
        usable = mic.size - mic.size % self.frame
        self._carry = mic[usable:].copy()
        if usable == 0:
            return b""
        near = np.ascontiguousarray(mic[:usable], dtype=np.int16)
        if self._offset is None:  # pair the first block with what is being played now
            with self._lock:
                self._offset = self._played - usable - self._heard
        far = self._reference(self._heard + self._offset, usable)
        self._heard += usable
        self._mic = np.concatenate([self._mic[usable:], near])[-self._mic.size :]
        self._since_estimate += usable
        if self._since_estimate >= round(ESTIMATE_EVERY_S * self.sample_rate):
            self._since_estimate = 0
            self._realign()
        out = np.empty(usable, dtype=np.int16)
        for start in range(0, usable, self.frame):
            end = start + self.frame
            self._lib.speex_echo_cancellation(
                self._echo,
                near[start:end].ctypes.data,
                far[start:end].ctypes.data,
                out[start:end].ctypes.data,
            )
            self._lib.speex_preprocess_run(self._pre, out[start:end].ctypes.data)
        if float(np.sqrt(np.mean(far.astype(np.float64) ** 2))) >= LOUD_REFERENCE_RMS:
            self._echo_in = ENERGY_DECAY * self._echo_in + float(
                np.mean(near.astype(np.float64) ** 2)
            )
            self._echo_out = ENERGY_DECAY * self._echo_out + float(
                np.mean(out.astype(np.float64) ** 2)
            )
        return out.tobytes()

    def close(self) -> None:
        if self._resampler is not None:
            self._lib.speex_resampler_destroy(self._resampler)
            self._resampler = None
        if self._echo:
            self._lib.speex_preprocess_state_destroy(self._pre)
            self._lib.speex_echo_state_destroy(self._echo)
            self._echo = self._pre = None
