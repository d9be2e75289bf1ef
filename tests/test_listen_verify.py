"""The sound check's likelihood ratio on the real test model: the same audio gets the same
score every time (Kaldi's dither is seeded before each decode), whatever was decoded before."""

from __future__ import annotations

import pytest

from facilitator.listening.levels import trim_to_speech
from facilitator.listening.models import load_model
from facilitator.listening.verify import LikelihoodRatio
from facilitator.listening.vocabulary import load_vocabulary
from tests.support.listening_audio import DATA, RATE, ko_model_path, read_pcm, synth

pytestmark = [pytest.mark.vosk, pytest.mark.speech]

REPEATS = 4
PAD = bytes(round(0.3 * RATE) * 2)  # digital silence around the clip, as the spotter pads it


def test_the_same_clip_scores_the_same_in_every_check() -> None:
    vocab = load_vocabulary(str(DATA / "vocab_ko.toml"))
    model = load_model(ko_model_path())
    ratio = LikelihoodRatio(model, list(vocab.absorbers), RATE)
    phrases = list(vocab.phrases)
    other = PAD + trim_to_speech(read_pcm(synth(phrases[-1], "ko", 130)).tobytes(), RATE) + PAD
    for phrase in phrases[:3]:
        clip = read_pcm(synth(phrase, "ko+m3", 150)).tobytes()
        audio = PAD + trim_to_speech(clip, RATE) + PAD
        scores = []
        for _ in range(REPEATS):
            scores.append(ratio.per_second(phrase, audio))
            ratio.per_second(phrases[-1], other)  # another decode in between
        print(phrase, [round(s, 3) for s in scores])
        assert len(set(scores)) == 1, scores  # before the seeding: 3.8 per s apart on average
