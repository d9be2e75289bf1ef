"""The device mode survives the microphone disappearing and coming back during the set-up.

``facilitator apparaat --groep …`` runs as a process in a loopback room with stdin closed
(``tests/support/device.py``), answered by the scripted group of ``tests/test_device_e2e.py``.
The group says the wake phrase; while the first set-up question (the roll call) is open the
microphone is unplugged (its PulseAudio source removed, as when a USB speakerphone is pulled
out). The device must keep running and report that the microphone is gone (a ``Notice`` in
the event log), and not time the question out meanwhile (nobody can be heard); when the
microphone is plugged in again it must report it is back (not before), take the open
question's answer from the voice and go on to the next question.

A phrase the device did not take is said again, counted and printed; more than
``RETRY_BUDGET`` repeats fails the test.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.virtual_audio import VirtualAudio
from tests.test_device_e2e import device_in_room

pytestmark = [pytest.mark.audio, pytest.mark.vosk, pytest.mark.speech, pytest.mark.slow]

NOTICE_TIMEOUT_S = 20.0  # the watchdog notices after 2 s of no audio; reopening takes ~1.5 s
#: How long the microphone stays out after the device said it is gone: longer than the
#: watchdog's period (2 s) and a new stream's start (~1.5 s), so a reopened stream that found
#: some other source would say "werkt weer" before the microphone is back (and fail).
UNPLUGGED_S = 6.0
RETRY_BUDGET = 3  # repeats in this test (wake, one answer after the replug, one more)
TEST_BUDGET_S = 90.0  # a hang guard; about 35 s without repeats


def notices(events: list[dict[str, Any]], words: str) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == "notice" and words in e["text"]]


def test_the_device_survives_the_microphone_unplugged_and_replugged_during_setup(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    va = virtual_audio
    with device_in_room(va, tmp_path) as group:
        device, log = group.device, group.log
        began = time.monotonic()
        try:
            group.question("wake")
            group.answer("wake", "begin")
            first = group.question("present:")
            group.quiet()  # the question has been asked; its answer is awaited
            va.unplug_mic()
            assert group.wait(lambda ev: notices(ev, "geen geluid meer"), NOTICE_TIMEOUT_S), (
                "no notice that the microphone is gone"
            )
            assert device.proc.poll() is None, "the device stopped when the microphone went"
            time.sleep(UNPLUGGED_S)
            assert not notices(log.read(), "werkt weer"), "back before the microphone was"
            va.replug_mic()
            assert group.wait(lambda ev: notices(ev, "werkt weer"), NOTICE_TIMEOUT_S), (
                "no notice that the microphone is back"
            )
            unplugged = next(
                i for i, e in enumerate(log.read()) if "geen geluid" in e.get("text", "")
            )
            back = next(i for i, e in enumerate(log.read()) if "werkt weer" in e.get("text", ""))
            assert unplugged < back
            asked = [e for e in log.read()[unplugged:back] if e["type"] == "question_asked"]
            assert not asked, f"asked while nobody could be heard: {asked}"
            # no time-out while nobody could be heard: the question is still open, not asked again
            assert group.question(first) == first
            group.answer(first, "yes")  # taken from the voice (asserted by ``answer``)
            following = group.question("present:")
            assert following != first, "the set-up did not go on to the next question"
            assert time.monotonic() - began < TEST_BUDGET_S
        finally:
            print(f"repeats: {len(group.retries)} {group.retries} (budget {RETRY_BUDGET})")
    assert len(group.retries) <= RETRY_BUDGET, group.retries
    events = log.read()
    assert device.code == 0, device.stderr[-3000:]
    taken = [
        (e["question"], e["answer"], e["source"]) for e in events if e["type"] == "answer_taken"
    ]
    assert taken == [("wake", "begin", "voice"), (first, "yes", "voice")], taken
    assert [e["level"] for e in notices(events, "geen geluid meer")] == ["warning"]
    assert len(notices(events, "werkt weer")) == 1
