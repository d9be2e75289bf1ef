"""Answers through a real (virtual) PulseAudio microphone, in a subprocess
(``python -m facilitator.listening --vraag``): an answer spoken by espeak-ng into the
microphone while a question is open is posted with the question's key; a command is not."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.support.listening_audio import synth
from tests.support.virtual_audio import VirtualAudio
from tests.test_listen_mic import EVENT_TIMEOUT_S, READY_TIMEOUT_S, listener

pytestmark = [pytest.mark.audio, pytest.mark.vosk, pytest.mark.speech, pytest.mark.slow]

PAUSE_S = 1.0
ATTEMPTS = 3  # said again when missed (the test model misses some, by stream alignment)


@pytest.fixture
def env(virtual_audio: VirtualAudio) -> Iterator[dict[str, str]]:
    yield dict(virtual_audio.env, PYTHONDONTWRITEBYTECODE="1")


def test_an_answer_through_the_microphone_carries_the_question_key(
    virtual_audio: VirtualAudio, env: dict[str, str]
) -> None:
    question = ("--vraag", "aanwezig:민수=yes,no,again", "--namen", "민수,Anna")
    with listener(env, "--seconden", "60", *question) as runner:
        assert runner.next_event("ready", READY_TIMEOUT_S), runner.stderr
        virtual_audio.play_into_mic(synth("오렌지 감사합니다", "ko", 150))  # a command: not heard
        time.sleep(PAUSE_S)  # people pause before they answer (right after speech: not heard)
        answer = None
        attempts = 0
        while answer is None and attempts < ATTEMPTS:
            attempts += 1
            virtual_audio.play_into_mic(synth("아니요 피아노", "ko", 150))
            answer = runner.next_event("answer_given", EVENT_TIMEOUT_S)
        print(f"answer said {attempts} time(s): {answer}")
        assert answer is not None, runner.events()
        assert answer["question"] == "aanwezig:민수"
        assert answer["answer"] == "no" and answer["name"] is None
        assert answer["source"] == "voice" and answer["heard"] == "아니요 피아노"
        assert not [e for e in runner.events() if e["type"] == "command_issued"], runner.events()
