"""Measure the delay between what the device plays and when it is heard, in a loopback room.

The real player reads built-in prompts into a private PulseAudio whose speaker is the
microphone; every played block (with PortAudio's DAC time) and every microphone block (with its
ADC time) is kept. The echo's delay is then measured every ``--step`` s by cross-correlation
(GCC-PHAT), once with the two streams paired by position (samples counted since the start) and
once by PortAudio's timestamps. A pairing is good when that delay stays put.

    python scripts/measure_echo_delay.py --seconds 60
    python scripts/measure_echo_delay.py --seconds 60 --load 2   # with 2 busy processes
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from facilitator.speech.audio import Audio  # noqa: E402
from tests.support.listening_audio import RATE, device_prompts, read_pcm, synth  # noqa: E402
from tests.support.virtual_audio import VirtualAudio  # noqa: E402

WINDOW_S = 0.6
MAX_LAG_S = 0.5
LOUD_RMS = 300.0


def _busy(stop: Any) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def gcc_lag(mic: np.ndarray, ref: np.ndarray, max_lag: int) -> tuple[int, float]:
    """(lag in samples of ``mic`` behind ``ref``, peak sharpness); ``ref`` holds ``max_lag``
    extra samples before the window."""
    n = 1 << (mic.size + ref.size).bit_length()
    cross = np.fft.rfft(mic, n) * np.conj(np.fft.rfft(ref, n))
    gcc = np.fft.irfft(cross / (np.abs(cross) + 1e-9), n)
    lags = np.concatenate([gcc[n - max_lag :], gcc[:1]])
    best = int(np.argmax(lags))
    return best, float(lags[best] / (np.std(gcc) + 1e-12))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--step", type=float, default=1.0)
    parser.add_argument("--load", type=int, default=0, help="busy processes meanwhile")
    args = parser.parse_args(argv)
    played: list[tuple[float, float, np.ndarray, int]] = []  # (monotonic, dac, block, rate)
    heard: list[tuple[float, float, np.ndarray]] = []  # (monotonic, adc, block)
    with tempfile.TemporaryDirectory() as tmp, VirtualAudio(Path(tmp)) as va:
        import sounddevice as sd

        from facilitator.speech.player import SoundDevicePlayer

        va.loopback_room()
        sd._terminate()
        sd._initialize()

        class Recorded(SoundDevicePlayer):
            def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
                super()._callback(outdata, frames, time_info, status)
                played.append(
                    (
                        time.monotonic(),
                        float(time_info.outputBufferDacTime),
                        outdata[:, 0].copy(),
                        self._rate,
                    )
                )

        def mic_callback(indata: Any, frames: int, time_info: Any, status: Any) -> None:
            block = np.frombuffer(bytes(indata), dtype="<i2").copy()
            heard.append((time.monotonic(), float(time_info.inputBufferAdcTime), block))

        player = SoundDevicePlayer.__new__(Recorded)
        SoundDevicePlayer.__init__(player)
        player.check()
        mic = sd.RawInputStream(
            samplerate=RATE, blocksize=RATE // 10, channels=1, dtype="int16", callback=mic_callback
        )
        mic.start()
        stop = multiprocessing.Event()
        workers = [multiprocessing.Process(target=_busy, args=(stop,)) for _ in range(args.load)]
        for worker in workers:
            worker.start()
        done = threading.Event()
        prompts = [p for p in device_prompts() if len(p) > 80]
        t_end = time.monotonic() + args.seconds
        number = 0
        while time.monotonic() < t_end:
            done.clear()
            text = prompts[number % len(prompts)]
            number += 1
            player.start(Audio(read_pcm(synth(text, "nl", 150)), RATE), done.set)
            done.wait(max(0.1, t_end - time.monotonic()))
            time.sleep(0.3)
        player.stop()
        stop.set()
        for worker in workers:
            worker.join()
        time.sleep(0.5)
        mic.stop()
        mic.close()
        player.close()
        print(f"mic latency {mic.latency:.3f} s")
    analyse(played, heard, args.step)
    return 0


def _resample(block: np.ndarray, rate: int) -> np.ndarray:
    if rate == RATE:
        return block.astype(np.float64)
    count = round(block.size * RATE / rate)
    return np.interp(np.linspace(0, block.size - 1, count), np.arange(block.size), block)


def analyse(
    played: list[tuple[float, float, np.ndarray, int]],
    heard: list[tuple[float, float, np.ndarray]],
    step: float,
) -> None:
    ref_pos = np.concatenate([_resample(b, r) for _, _, b, r in played])
    mic_pos = np.concatenate([b.astype(np.float64) for _, _, b in heard])
    t0 = min(played[0][1], heard[0][1])
    total = round((max(played[-1][1], heard[-1][1]) - t0 + 1.0) * RATE)
    ref_ts = np.zeros(total)
    for _, dac, block, rate in played:
        samples = _resample(block, rate)
        start = round((dac - t0) * RATE)
        ref_ts[start : start + samples.size] = samples[: max(0, total - start)]
    mic_ts = np.zeros(total)
    for _, adc, block in heard:
        start = round((adc - t0) * RATE)
        mic_ts[start : start + block.size] = block[: max(0, total - start)]
    # the positional pairing the canceller used: mic sample k <-> played k + offset, with the
    # offset taken when the first microphone block arrived
    first_mic_wall = heard[0][0]
    played_before = sum(
        round(b.size * RATE / r) for wall, _, b, r in played if wall <= first_mic_wall
    )
    offset = played_before - heard[0][2].size
    gaps_out = np.diff([dac for _, dac, _, _ in played])
    gaps_in = np.diff([adc for _, adc, _ in heard])
    print(
        f"{len(played)} played blocks: DAC-time step median {np.median(gaps_out) * 1000:.1f} ms, "
        f"max {gaps_out.max() * 1000:.1f} ms; callback lead (DAC - now) median "
        f"{np.median([dac - wall for wall, dac, _, _ in played]):.3f} s"
    )
    print(
        f"{len(heard)} mic blocks: ADC-time step median {np.median(gaps_in) * 1000:.1f} ms, "
        f"max {gaps_in.max() * 1000:.1f} ms; "
        f"samples played {ref_pos.size}, heard {mic_pos.size}, "
        f"heard/played by DAC time {ref_pos.size / RATE / (played[-1][1] - played[0][1]):.4f}"
    )
    max_lag = round(MAX_LAG_S * RATE)
    window = round(WINDOW_S * RATE)
    print("  t (s)  delay by position (ms)  delay by timestamps (ms)")
    lags_pos: list[float] = []
    lags_ts: list[float] = []
    for k in range(window + max_lag, mic_pos.size - window, round(step * RATE)):
        mic = mic_pos[k : k + window]
        ref = ref_pos[k + offset - max_lag : k + offset + window]
        row = []
        if ref.size == window + max_lag and np.sqrt(np.mean(ref**2)) > LOUD_RMS:
            lag, peak = gcc_lag(mic, ref, max_lag)
            row.append(f"{lag / RATE * 1000:7.0f} ({peak:4.0f})")
            if peak > 8:
                lags_pos.append(lag / RATE * 1000)
        else:
            row.append("      -       ")
        t = k / RATE
        kt = round((heard[0][1] - t0) * RATE) + k
        ref2 = ref_ts[kt - max_lag : kt + window]
        if kt + window < total and np.sqrt(np.mean(ref2**2)) > LOUD_RMS:
            lag, peak = gcc_lag(mic_ts[kt : kt + window], ref2, max_lag)
            row.append(f"{lag / RATE * 1000:7.0f} ({peak:4.0f})")
            if peak > 8:
                lags_ts.append(lag / RATE * 1000)
        else:
            row.append("      -")
        print(f"{t:7.1f}   " + "   ".join(row))
    for name, lags in (("position", lags_pos), ("timestamps", lags_ts)):
        if lags:
            arr = np.array(lags)
            print(
                f"by {name}: {arr.size} clear measurements, delay median {np.median(arr):.0f} ms, "
                f"spread p5-p95 {np.percentile(arr, 5):.0f}-{np.percentile(arr, 95):.0f} ms, "
                f"changes > 5 ms: {int(np.sum(np.abs(np.diff(arr)) > 5))}"
            )


if __name__ == "__main__":
    sys.exit(main())
