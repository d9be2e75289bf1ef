"""A real, headless sound system for tests and benchmarks: a private PulseAudio daemon.

It provides what a table device has, without hardware:

* a **virtual microphone**: a null sink ``mic_sink`` (16 kHz mono) whose monitor is remapped
  into a source and set as the *default source*. Whatever is played into ``mic_sink``
  (``play_into_mic``) arrives bit-exact at any program reading the default input device
  (sounddevice → PortAudio → ALSA ``pulse`` plugin → this daemon);
* a **virtual speaker**: a null sink ``speaker_sink`` set as the *default sink*, whose monitor
  can be recorded (``record_speaker``) to check what the device said and when.

The daemon runs with its own runtime/state directories and socket in a temp dir, so several
can run at once without touching a user's sound set-up. Facts behind the recipe (checked on
these machines): a silence stream must keep playing into the mic sink or the start of the
first utterance is lost; FIFO pipe-sources hang; snd-aloop is not available.

Measured here (``latency-msec=20`` streams): a *new* capture stream delivers its first block
about 1.4 s after it opens (a start-up cost of the daemon, not a steady lag); after that, a
click played into ``mic_sink`` reaches a sounddevice callback ~0.15 s later (``paplay`` start
included). Tests should wait until the listener has received audio before speaking.

Use::

    with VirtualAudio(tmp_path) as va:
        subprocess.run([...], env=va.env)          # a program using the default devices
        va.play_into_mic(wav)                      # "speak" into the microphone

Inside the ``with`` block ``os.environ`` carries the daemon's address too. ``sounddevice``
initialises PortAudio when imported: in-process, re-initialise it after entering
(``sounddevice._terminate(); sounddevice._initialize()``).

Also usable from the shell (benchmarks, manual checks)::

    python tests/support/virtual_audio.py   # starts one, prints the env, waits for Ctrl-C
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

MIC_RATE = 16_000  # Hz, what the Vosk models expect
SPEAKER_RATE = 22_050  # Hz, what espeak-ng produces
START_TIMEOUT_S = 10.0
STREAM_LATENCY_MS = 20  # low, or the null sink runs at ~2 s latency and delays the mic
RECORDER_READY_BYTES = 4_410  # 0.1 s at 22 050 Hz, 16 bit
SETTLE_S = 0.5  # after the silence stream connects, before the mic is used
MIC_SINK = "facilitator_mic"
MIC_SOURCE = "facilitator_mic_in"
SPEAKER_SINK = "facilitator_speaker"
REQUIRED_PROGRAMS = ("pulseaudio", "pactl", "pacat", "paplay", "parec")


class VirtualAudioError(RuntimeError):
    pass


def missing_programs() -> list[str]:
    """The programs this needs that are not installed (empty when all are there)."""
    return [p for p in REQUIRED_PROGRAMS if shutil.which(p) is None]


class Recorder:
    """Records a sink's monitor (raw s16le mono) until ``stop()``.

    Uses parec's default latency: a low requested latency drops most of the audio here. parec
    needs a moment (more under load) before audio flows, so the constructor waits for data.
    """

    def __init__(self, env: dict[str, str], device: str, path: Path, rate: int) -> None:
        self.path = path
        self.rate = rate
        self._file = path.open("wb")
        self._proc = subprocess.Popen(
            [
                "parec",
                f"--device={device}",
                "--raw",
                f"--rate={rate}",
                "--channels=1",
                "--format=s16le",
            ],
            env=env,
            stdout=self._file,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while path.stat().st_size < RECORDER_READY_BYTES:
            if time.monotonic() > deadline or self._proc.poll() is not None:
                self.stop()
                raise VirtualAudioError("parec delivered no audio")
            time.sleep(0.02)
        self.started_at = time.monotonic()

    def stop(self) -> bytes:
        """Stop recording; the raw samples (int16 little-endian, mono, ``rate`` Hz)."""
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGINT)
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._file.close()
        return self.path.read_bytes()


class VirtualAudio:
    def __init__(self, workdir: Path, mic_rate: int = MIC_RATE) -> None:
        self.workdir = Path(workdir) / "pulse"
        self.mic_rate = mic_rate
        self.mic_sink = MIC_SINK
        self.mic_source = MIC_SOURCE
        self.speaker_sink = SPEAKER_SINK
        self.socket = self.workdir / "native"
        self.env: dict[str, str] = {}
        self._daemon: subprocess.Popen[bytes] | None = None
        self._silence: subprocess.Popen[bytes] | None = None
        self._saved_env: dict[str, str | None] = {}
        self._remap_module: str | None = None

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> VirtualAudio:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> None:
        missing = missing_programs()
        if missing:
            raise VirtualAudioError(f"missing programs: {', '.join(missing)}")
        self.workdir.mkdir(parents=True, exist_ok=True)
        runtime = self.workdir / "runtime"
        state = self.workdir / "state"
        runtime.mkdir(exist_ok=True)
        state.mkdir(exist_ok=True)
        runtime.chmod(0o700)
        config = self.workdir / "default.pa"
        config.write_text(self._config(), encoding="utf-8")
        self.env = {
            **os.environ,
            "PULSE_SERVER": f"unix:{self.socket}",
            "PULSE_RUNTIME_PATH": str(runtime),
            "PULSE_STATE_PATH": str(state),
            "PULSE_COOKIE": str(self.workdir / "cookie"),
            "XDG_RUNTIME_DIR": str(runtime),
        }
        log_path = self.workdir / "daemon.log"
        with log_path.open("wb") as daemon_log:
            self._daemon = subprocess.Popen(
                [
                    "pulseaudio",
                    "-n",
                    "-F",
                    str(config),
                    "--daemonize=no",
                    "--exit-idle-time=-1",
                    "--disallow-exit",
                    "--use-pid-file=no",
                    "--system=false",
                    "--log-target=stderr",
                ],
                env=self.env,
                stdout=daemon_log,
                stderr=subprocess.STDOUT,
            )
        self._wait_ready(log_path)
        self._silence = subprocess.Popen(
            [
                "pacat",
                f"--device={self.mic_sink}",
                "--raw",
                f"--rate={self.mic_rate}",
                "--channels=1",
                "--format=s16le",
                f"--latency-msec={STREAM_LATENCY_MS}",
                "/dev/zero",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_for_silence_stream()
        self._remap_module = self._find_module("module-remap-source")
        for key in (
            "PULSE_SERVER",
            "PULSE_RUNTIME_PATH",
            "PULSE_STATE_PATH",
            "PULSE_COOKIE",
            "XDG_RUNTIME_DIR",
        ):
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = self.env[key]

    def close(self) -> None:
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env.clear()
        for proc in (self._silence, self._daemon):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self._silence = self._daemon = None

    # ------------------------------------------------------------------ actions
    def pactl(self, *args: str) -> str:
        result = subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10
        )
        if result.returncode != 0:
            raise VirtualAudioError(f"pactl {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def play_into_mic(self, wav_path: Path | str) -> None:
        """Play a WAV file into the microphone; returns when it has been played."""
        subprocess.run(
            [
                "paplay",
                f"--device={self.mic_sink}",
                f"--latency-msec={STREAM_LATENCY_MS}",
                str(wav_path),
            ],
            env=self.env,
            check=True,
            timeout=600,
        )

    def play_into_mic_async(self, wav_path: Path | str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                "paplay",
                f"--device={self.mic_sink}",
                f"--latency-msec={STREAM_LATENCY_MS}",
                str(wav_path),
            ],
            env=self.env,
        )

    def record_speaker(self, path: Path | str, rate: int = SPEAKER_RATE) -> Recorder:
        """Record what is played to the default (speaker) sink, from now until ``stop()``.

        Start it after the player's output stream runs: a sink that switches from idle to
        running while recorded loses audio here.
        """
        return Recorder(self.env, f"{self.speaker_sink}.monitor", Path(path), rate)

    def unplug_mic(self) -> None:
        """Remove the microphone source, as when a USB speakerphone is unplugged: the
        program's capture stream gets no more audio.

        PulseAudio moves the streams of a removed source to a fallback. Left to itself it
        picks the monitor of the default sink, which in a loopback room is the microphone
        sink: the room, heard through a microphone that is gone. So the fallback here is the
        speaker sink's monitor with that sink suspended (a card that delivers nothing);
        ``replug_mic`` undoes this and makes the microphone the default again, as PulseAudio
        does for a configured device that comes back (streams follow the default).
        """
        self.pactl("suspend-sink", self.speaker_sink, "1")
        self.pactl("set-default-source", f"{self.speaker_sink}.monitor")
        if self._remap_module is None:
            self._remap_module = self._find_module("module-remap-source")
        if self._remap_module is not None:
            self.pactl("unload-module", self._remap_module)
            self._remap_module = None

    def replug_mic(self) -> None:
        """Bring the microphone source back (and make it the default again)."""
        if self._remap_module is not None:
            return
        self._remap_module = self.pactl(
            "load-module",
            "module-remap-source",
            f"master={self.mic_sink}.monitor",
            f"source_name={self.mic_source}",
            "channels=1",
        ).strip()
        self.pactl("set-default-source", self.mic_source)
        self.pactl("suspend-sink", self.speaker_sink, "0")

    def loopback_room(self) -> None:
        """Make the room a loopback: the device's speaker (the default sink) is the microphone
        sink, so the device hears its own voice at full level, as on a table, and people
        (``play_into_mic``) speak into the same room."""
        self.pactl("set-default-sink", self.mic_sink)

    def sources(self) -> list[str]:
        return [line.split("\t")[1] for line in self.pactl("list", "short", "sources").splitlines()]

    # ------------------------------------------------------------------ internals
    def _config(self) -> str:
        return "\n".join(
            [
                f"load-module module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
                f"load-module module-null-sink sink_name={self.mic_sink} rate={self.mic_rate}"
                " channels=1 format=s16le sink_properties=device.description=VirtueleMicrofoon",
                f"load-module module-null-sink sink_name={self.speaker_sink} rate={SPEAKER_RATE}"
                " channels=1 format=s16le sink_properties=device.description=VirtueleLuidspreker",
                f"load-module module-remap-source master={self.mic_sink}.monitor"
                f" source_name={self.mic_source} channels=1",
                f"set-default-sink {self.speaker_sink}",
                f"set-default-source {self.mic_source}",
                "",
            ]
        )

    def _wait_ready(self, log_path: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self._daemon is not None
            if self._daemon.poll() is not None:
                raise VirtualAudioError(
                    f"pulseaudio exited: {log_path.read_text(errors='replace')[-2000:]}"
                )
            ok = (
                subprocess.run(
                    ["pactl", "info"], env=self.env, capture_output=True, timeout=10
                ).returncode
                == 0
            )
            if ok:
                return
            time.sleep(0.05)
        self.close()
        raise VirtualAudioError("pulseaudio did not start in time")

    def _wait_for_silence_stream(self) -> None:
        """Wait until the silence stream is flowing into the mic sink (else audio is clipped)."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.pactl("list", "short", "sink-inputs").strip():
                time.sleep(SETTLE_S)
                return
            time.sleep(0.05)
        raise VirtualAudioError("the silence stream into the microphone did not start")

    def _find_module(self, name: str) -> str | None:
        for line in self.pactl("list", "short", "modules").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1] == name:
                return parts[0]
        return None


def wav_info(path: Path) -> tuple[int, int, int]:
    """(rate in Hz, channels, frames) of a WAV file."""
    with wave.open(str(path), "rb") as wav:
        return wav.getframerate(), wav.getnchannels(), wav.getnframes()


if __name__ == "__main__":
    import tempfile

    logging.basicConfig(level=logging.INFO)
    with tempfile.TemporaryDirectory() as tmp, VirtualAudio(Path(tmp)) as va:
        print(f"export PULSE_SERVER={va.env['PULSE_SERVER']}")
        print(f"# microphone sink: {va.mic_sink}; speaker sink: {va.speaker_sink}")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)


@contextlib.contextmanager
def sound_system(virtual: bool) -> Iterator[None]:
    """For benchmarks: a private virtual sound system for this process (``virtual``), or the
    machine's own. PortAudio is re-initialised so it sees the one it should."""
    if not virtual:
        yield
        return
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, VirtualAudio(Path(tmp)):
        import sounddevice

        sounddevice._terminate()
        sounddevice._initialize()
        yield
