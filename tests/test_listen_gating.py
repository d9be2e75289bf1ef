"""The gating rules, on recorded recogniser results (tests/data/recorded_results.json: real
final results of the Korean test model on espeak-ng audio). No engine needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from facilitator.events import Command
from facilitator.listening.gating import (
    Decision,
    Gate,
    GateRules,
    PhraseTable,
    Utterance,
    Verdict,
    Word,
    parse_result,
)
from facilitator.listening.vocabulary import load_vocabulary

DATA = Path(__file__).parent / "data"
RECORDED: dict[str, dict[str, Any]] = {
    item["label"]: item["result"]
    for item in json.loads((DATA / "recorded_results.json").read_text(encoding="utf-8"))
}
VOCAB = load_vocabulary(DATA / "vocab_ko.toml")


def gate(wake: str | None = None, **rules: Any) -> Gate:
    return Gate(PhraseTable(VOCAB.phrases, wake), GateRules(**rules))


def utter(text: str, word_s: float = 0.5) -> Utterance:
    words = tuple(
        Word(w, start_s=i * word_s, end_s=(i + 1) * word_s) for i, w in enumerate(text.split())
    )
    return Utterance(text, words)


def test_parse_real_result_keeps_words_and_timings() -> None:
    utterance = parse_result(json.dumps(RECORDED["next_step"], ensure_ascii=False))
    assert utterance.text == "피아노 감사합니다"
    assert [w.text for w in utterance.words] == ["피아노", "감사합니다"]
    assert utterance.words[0].start_s < utterance.words[0].end_s <= utterance.words[1].end_s


def test_parse_empty_result() -> None:
    assert parse_result('{"text" : ""}') == Utterance("")


def test_exact_command_phrase_is_rechecked_then_accepted() -> None:
    g = gate()
    first = g.judge(parse_result(RECORDED["next_step"]), now_s=3.0)
    assert first == Decision(Verdict.RECHECK, 3.0, Command.NEXT_STEP, "피아노 감사합니다")
    second = g.confirm(first, parse_result(RECORDED["next_step"]), now_s=3.1)
    assert second.accepted and second.command is Command.NEXT_STEP


def test_recheck_that_hears_something_else_rejects() -> None:
    g = gate()
    first = g.judge(parse_result(RECORDED["next_step"]), now_s=3.0)
    second = g.confirm(first, Utterance("피아노 감사합니다 학교"), now_s=3.1)
    assert second.verdict is Verdict.RECHECK_FAILED
    assert not g.in_cooldown(3.2)  # a rejected candidate starts no cooldown


def test_without_recheck_a_phrase_is_accepted_at_once() -> None:
    decision = gate(recheck=False).judge(parse_result(RECORDED["next_step"]), now_s=2.0)
    assert decision.accepted and decision.command is Command.NEXT_STEP


@pytest.mark.parametrize(
    "label",
    ["korean_sentence", "dutch_sentence", "pink_noise", "cancel"],  # "cancel": old phrase
)
def test_running_speech_and_noise_are_not_commands(label: str) -> None:
    """Real results on negatives hold command words, but never exactly one phrase."""
    decision = gate(recheck=False).judge(parse_result(RECORDED[label]), now_s=5.0)
    assert decision.verdict is Verdict.NOT_COMMAND
    assert not decision.accepted


def test_command_words_inside_a_longer_utterance_reject() -> None:
    g = gate(recheck=False)
    assert g.judge(utter("피아노 감사합니다 오렌지"), 1.0).verdict is Verdict.NOT_COMMAND
    assert g.judge(utter("학교 피아노 감사합니다"), 1.0).verdict is Verdict.NOT_COMMAND
    assert g.judge(utter("피아노"), 1.0).verdict is Verdict.NOT_COMMAND


def test_empty_result() -> None:
    assert gate().judge(Utterance(""), 1.0).verdict is Verdict.EMPTY


def test_cooldown_after_an_accepted_command() -> None:
    g = gate(recheck=False, cooldown_s=1.5)
    assert g.judge(utter("오렌지 감사합니다"), 10.0).accepted
    assert g.judge(utter("오렌지 감사합니다"), 11.0).verdict is Verdict.COOLDOWN
    assert g.judge(utter("오렌지 감사합니다"), 11.6).accepted


def test_muted_while_speaking_and_during_the_guard_time() -> None:
    g = gate(recheck=False, guard_s=0.4)
    g.mute()
    assert not g.hearing(1.0)
    assert g.judge(utter("피아노 아니요"), 1.0).verdict is Verdict.MUTED
    g.unmute(now_s=2.0)
    assert not g.hearing(2.3)
    assert g.judge(utter("피아노 아니요"), 2.3).verdict is Verdict.MUTED
    assert g.hearing(2.4)
    assert g.judge(utter("피아노 아니요"), 2.5).accepted


def test_address_name_is_required_when_configured() -> None:
    g = gate(wake="컴퓨터", recheck=False)
    no_name = g.judge(utter("피아노 감사합니다"), 1.0)
    assert no_name.verdict is Verdict.NO_NAME and no_name.command is Command.NEXT_STEP
    assert g.judge(utter("컴퓨터 피아노 감사합니다"), 1.0).command is Command.NEXT_STEP
    assert g.table.spoken_forms()[0].startswith("컴퓨터 ")


def test_address_name_in_the_recheck_too() -> None:
    g = gate(wake="컴퓨터")
    first = g.judge(utter("컴퓨터 오렌지 피아노"), 1.0)
    assert first.verdict is Verdict.RECHECK
    assert g.confirm(first, Utterance("오렌지 피아노"), 1.1).verdict is Verdict.RECHECK_FAILED
    assert g.confirm(first, Utterance("컴퓨터 오렌지 피아노"), 1.1).accepted


def test_implausibly_long_word_rejects() -> None:
    g = gate(recheck=False, max_word_s=1.0)
    assert g.judge(utter("피아노 아니요", word_s=1.5), 3.0).verdict is Verdict.IMPLAUSIBLE
    assert g.judge(utter("피아노 아니요", word_s=0.6), 3.0).accepted


def test_non_state_changing_commands_skip_the_recheck() -> None:
    """Every phrase maps to its command; only STATE_CHANGING ones need the second pass."""
    from facilitator.events import STATE_CHANGING

    for phrase, command in VOCAB.phrases.items():
        decision = gate().judge(utter(phrase), 1.0)
        assert decision.command is command
        expected = Verdict.RECHECK if command in STATE_CHANGING else Verdict.ACCEPTED
        assert decision.verdict is expected


def test_no_pause_before_the_phrase_rejects() -> None:
    g = gate(recheck=False, min_pause_s=0.3)
    verdict = g.judge(utter("피아노 감사합니다"), 5.0, pause_before_s=0.1).verdict
    assert verdict is Verdict.NO_PAUSE
    assert g.judge(utter("피아노 감사합니다"), 5.0, pause_before_s=0.4).accepted


def test_low_confidence_word_rejects() -> None:
    g = gate(recheck=False, min_conf=0.8)
    words = (Word("피아노", 0, 0.5, 1.0), Word("감사합니다", 0.5, 1, 0.6))
    unsure = Utterance("피아노 감사합니다", words)
    assert g.judge(unsure, 2.0).verdict is Verdict.LOW_CONFIDENCE
    assert g.judge(utter("피아노 감사합니다"), 2.0).accepted


def test_unvoiced_audio_is_not_speech() -> None:
    g = gate(recheck=False, min_voiced=0.2)
    assert g.judge(utter("피아노 감사합니다"), 2.0, voiced=0.0).verdict is Verdict.NOT_SPEECH
    assert g.judge(utter("피아노 감사합니다"), 2.0, voiced=0.6).accepted
