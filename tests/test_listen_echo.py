"""The echo canceller on real speech (espeak-ng) with an echo made by a real resampler (sox):
the player's 22 050 Hz reference against a 16 kHz microphone, as in a session. Fast and
deterministic: no sound system, the two streams are fed in the order they would arrive."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from facilitator.listening.echo import EchoCanceller
from tests.support.listening_audio import RATE, device_prompts, read_pcm, synth

pytestmark = [pytest.mark.speech]

PLAYER_RATE = 22_050  # Hz, the player's stream rate
PLAYER_BLOCK = 441  # samples per player callback (20 ms)
MIC_BLOCK = 1600  # samples per microphone block (100 ms)
ECHO_DELAY_S = 0.14  # measured in the loopback room (scripts/measure_echo_delay.py)
ECHO_GAIN = 0.5
MIN_REDUCTION_DB = 30.0  # 33 dB measured; a linear resampler for the reference gave 25 dB


def _canceller() -> EchoCanceller:
    echo = EchoCanceller.create(RATE)
    if echo is None:
        pytest.skip("libspeexdsp1 is not installed: run scripts/setup.sh")
    return echo


def _speech(tmp_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(the device's prompts at the player's rate, the same at 16 kHz), resampled by sox."""
    clips = [read_pcm(synth(text, "nl", 150)) for text in device_prompts()[:3]]
    heard = np.concatenate(clips)
    source, played = tmp_path / "16k.raw", tmp_path / "22k.raw"
    heard.astype("<i2").tofile(source)
    common = ["-t", "raw", "-e", "signed", "-b", "16", "-c", "1"]
    source_args = [*common, "-r", str(RATE), str(source)]
    played_args = [*common, "-r", str(PLAYER_RATE), str(played)]
    subprocess.run(
        ["sox", "-R", *source_args, *played_args],
        check=True,
        capture_output=True,
    )
    return np.fromfile(played, dtype="<i2"), heard


def _run(echo: EchoCanceller, played: np.ndarray, mic: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Feed both streams block by block (the player runs a little ahead, as it does live);
    (microphone in, canceller out) for the whole run."""
    ins, outs = [], []
    played_at = 0
    for start in range(0, mic.size - MIC_BLOCK + 1, MIC_BLOCK):
        due = round((start + MIC_BLOCK) * PLAYER_RATE / RATE) + 2 * PLAYER_BLOCK
        while played_at < due:
            block = played[played_at : played_at + PLAYER_BLOCK]
            block = np.pad(block, (0, PLAYER_BLOCK - block.size))
            echo.playback(block, PLAYER_RATE)
            played_at += PLAYER_BLOCK
        block_in = mic[start : start + MIC_BLOCK]
        ins.append(block_in)
        outs.append(np.frombuffer(echo.cancel(block_in.astype("<i2").tobytes()), dtype="<i2"))
    return np.concatenate(ins), np.concatenate(outs)


def _room(heard: np.ndarray, seed: int = 0) -> np.ndarray:
    """The microphone: the echo ``ECHO_DELAY_S`` late, softer, over a little room noise."""
    delay = round(ECHO_DELAY_S * RATE)
    echo = np.concatenate([np.zeros(delay), heard * ECHO_GAIN])
    noise = np.random.default_rng(seed).normal(0.0, 3.0, echo.size)
    return np.clip(echo + noise, -32768, 32767).astype(np.int16)


def test_the_device_voice_is_taken_out_by_at_least_30_db(tmp_path: Path) -> None:
    played, heard = _speech(tmp_path)
    echo = _canceller()
    mic = _room(heard)
    near, out = _run(echo, played, mic)
    settle = 8 * RATE  # the filter learns the room on the first seconds
    size = min(near.size, out.size)
    loud = np.abs(near[settle:size].astype(np.float64)) > 0  # whole tail, speech and pauses
    e_in = float(np.mean(near[settle:size][loud].astype(np.float64) ** 2))
    e_out = float(np.mean(out[settle:size][loud].astype(np.float64) ** 2))
    reduction = 10.0 * np.log10(e_in / e_out)
    print(f"echo taken out after {settle / RATE:.0f} s: {reduction:.1f} dB")
    assert reduction >= MIN_REDUCTION_DB
    assert echo.converged
    echo.close()


def test_a_silent_microphone_does_not_move_the_pairing(tmp_path: Path) -> None:
    """The device's line is cut: the reference still holds its last words, the microphone
    delivers digital silence. No delay may be measured from that (each wrong move made the
    filter learn the room again, and commands said over the next line were lost)."""
    played, heard = _speech(tmp_path)
    echo = _canceller()
    mic = _room(heard)
    cut = 10 * RATE
    mic[cut:] = 0  # cut: nothing reaches the microphone any more
    _run(echo, played, mic)
    print(f"pairing moved {echo.realigned} times")
    assert echo.realigned <= 1  # once at the start, to put the echo inside the filter
    echo.close()


UNDERRUN_S = 0.2  # s of silence the speaker plays when the player's callback comes too late
OUTPUT_LATENCY_S = 0.2  # s from handing a block to the speaker to its sounding
ACOUSTIC_S = 0.003  # s from the speaker to the microphone (measured 2-4 ms by timestamps)


def test_an_underrun_is_followed_by_the_timestamps(tmp_path: Path) -> None:
    """The speaker stalls once (an underrun on a busy machine): everything after it sounds
    0.2 s later than its position says. With PortAudio's timestamps the pairing follows at
    once; the echo stays cancelled without re-learning the room."""
    played, heard = _speech(tmp_path)
    stall_block = round(12.0 * PLAYER_RATE) // PLAYER_BLOCK  # the player stalls 12 s in
    stall_at = round(stall_block * PLAYER_BLOCK * RATE / PLAYER_RATE)  # at 16 kHz
    lead = round((OUTPUT_LATENCY_S + ACOUSTIC_S) * RATE)
    sounded = np.concatenate(
        [np.zeros(lead), heard[:stall_at], np.zeros(round(UNDERRUN_S * RATE)), heard[stall_at:]]
    )
    mic = np.clip(sounded * ECHO_GAIN, -32768, 32767).astype(np.int16)
    echo = _canceller()
    outs, played_at, block_no = [], 0, 0
    for start in range(0, mic.size - MIC_BLOCK + 1, MIC_BLOCK):
        adc_time = 100.0 + start / RATE
        while True:  # the player's blocks go out up to 0.1 s ahead of the microphone
            dac_time = 100.0 + OUTPUT_LATENCY_S + block_no * PLAYER_BLOCK / PLAYER_RATE
            dac_time += UNDERRUN_S if block_no >= stall_block else 0.0
            if dac_time - OUTPUT_LATENCY_S > adc_time + MIC_BLOCK / RATE + 0.1:
                break
            block = played[played_at : played_at + PLAYER_BLOCK]
            echo.playback(np.pad(block, (0, PLAYER_BLOCK - block.size)), PLAYER_RATE, dac_time)
            played_at += PLAYER_BLOCK
            block_no += 1
        data = mic[start : start + MIC_BLOCK].astype("<i2").tobytes()
        outs.append(np.frombuffer(echo.cancel(data, adc_time), dtype="<i2"))
    out = np.concatenate(outs).astype(np.float64)
    near = mic[: out.size].astype(np.float64)
    after = slice(stall_at + lead + round(0.5 * RATE), stall_at + lead + round(4.5 * RATE))
    reduction = 10.0 * np.log10(np.mean(near[after] ** 2) / np.mean(out[after] ** 2))
    print(f"skips followed {echo.skips}, pairing moved {echo.realigned}, {reduction:.1f} dB")
    assert echo.skips == 1
    assert echo.realigned <= 1
    assert reduction >= MIN_REDUCTION_DB
    echo.close()
