"""The speaker's priority and stale-speech rules (pure; see facilitator/speech/policy.py)."""

from __future__ import annotations

import pytest

from facilitator.events import Say, SayKind
from facilitator.speech.policy import URGENT_KINDS, Priority, SpeechPolicy, priority_of


def say(text: str, kind: SayKind = SayKind.PROMPT, generation: int = 1, **kw: bool) -> Say:
    return Say(text, kind, generation, **kw)


def texts(policy: SpeechPolicy) -> list[str]:
    return [line.say.text for line in policy.queued]


def start(policy: SpeechPolicy) -> str:
    line = policy.next_line()
    assert line is not None
    return line.say.text


def test_urgent_kinds_are_exactly_warnings_time_up_acks_and_refusals() -> None:
    assert {k for k in SayKind if priority_of(k) is Priority.URGENT} == {
        SayKind.WARNING,
        SayKind.TIME_UP,
        SayKind.ACK,
        SayKind.REFUSAL,
    }
    assert {k for k in SayKind if priority_of(k) is Priority.URGENT} == URGENT_KINDS


def test_normal_lines_queue_first_in_first_out_and_play_one_at_a_time() -> None:
    policy = SpeechPolicy()
    for text in ("prompt", "rule", "turn"):
        decision = policy.offer(say(text, SayKind.RULE if text == "rule" else SayKind.PROMPT))
        assert decision.cut is None and decision.dropped == ()
    assert start(policy) == "prompt"
    assert policy.next_line() is None  # still playing
    playing = policy.playing
    assert playing is not None and policy.finished(playing)
    assert start(policy) == "rule"


@pytest.mark.parametrize("kind", sorted(URGENT_KINDS))
def test_urgent_line_cuts_a_playing_prompt(kind: SayKind) -> None:
    policy = SpeechPolicy()
    policy.offer(say("long prompt"))
    start(policy)
    decision = policy.offer(say("urgent", kind))
    assert decision.cut is not None and decision.cut.say.text == "long prompt"
    assert policy.finished(decision.cut)
    assert start(policy) == "urgent"


def test_urgent_line_jumps_ahead_of_queued_normal_lines_but_not_other_urgent_ones() -> None:
    policy = SpeechPolicy()
    policy.offer(say("prompt"))
    policy.offer(say("rule", SayKind.RULE))
    policy.offer(say("ack", SayKind.ACK))
    policy.offer(say("warning", SayKind.WARNING))
    assert texts(policy) == ["ack", "warning", "prompt", "rule"]


def test_urgent_line_is_never_cut_by_another_urgent_line() -> None:
    policy = SpeechPolicy()
    policy.offer(say("warning", SayKind.WARNING))
    start(policy)
    decision = policy.offer(say("ack", SayKind.ACK))
    assert decision.cut is None
    assert texts(policy) == ["ack"]


def test_urgent_line_is_not_cut_by_a_repeat_or_a_newer_generation() -> None:
    policy = SpeechPolicy()
    policy.offer(say("time up", SayKind.TIME_UP, generation=1))
    start(policy)
    assert policy.offer(say("again", replaces=True, generation=1)).cut is None
    assert policy.offer(say("next step", generation=2)).cut is None


def test_normal_line_waits_for_the_playing_line() -> None:
    policy = SpeechPolicy()
    policy.offer(say("prompt"))
    start(policy)
    decision = policy.offer(say("turn", SayKind.TURN))
    assert decision.cut is None
    assert texts(policy) == ["turn"]


def test_newer_generation_drops_queued_old_lines_and_cuts_a_playing_old_prompt() -> None:
    policy = SpeechPolicy()
    policy.offer(say("old prompt", generation=1))
    policy.offer(say("old rule", SayKind.RULE, generation=1))
    policy.offer(say("old ack", SayKind.ACK, generation=1))
    assert start(policy) == "old ack"
    policy.finished(policy.playing)  # type: ignore[arg-type]
    assert start(policy) == "old prompt"
    decision = policy.offer(say("new prompt", generation=2))
    assert decision.cut is not None and decision.cut.say.text == "old prompt"
    assert [line.say.text for line in decision.dropped] == ["old rule"]
    assert texts(policy) == ["new prompt"]


def test_line_of_an_older_generation_is_dropped_on_arrival() -> None:
    policy = SpeechPolicy()
    policy.offer(say("step 3", generation=3))
    decision = policy.offer(say("late line of step 2", SayKind.WARNING, generation=2))
    assert decision.queued is None
    assert texts(policy) == ["step 3"]


def test_same_generation_keeps_queued_lines() -> None:
    policy = SpeechPolicy()
    policy.offer(say("prompt", generation=4))
    decision = policy.offer(say("rule", SayKind.RULE, generation=4))
    assert decision.dropped == ()
    assert texts(policy) == ["prompt", "rule"]


def test_repeat_cuts_the_playing_line_and_goes_before_queued_normal_lines() -> None:
    policy = SpeechPolicy()
    policy.offer(say("prompt"))
    policy.offer(say("rule", SayKind.RULE))
    start(policy)
    policy.offer(say("warning", SayKind.WARNING))
    decision = policy.offer(say("prompt again", replaces=True))
    assert decision.cut is not None and decision.cut.say.text == "prompt"
    assert texts(policy) == ["warning", "prompt again", "rule"]


def test_finished_ignores_a_line_that_is_no_longer_playing() -> None:
    policy = SpeechPolicy()
    policy.offer(say("prompt"))
    first = policy.next_line()
    assert first is not None and policy.finished(first)
    assert not policy.finished(first)  # a late "done" from the player changes nothing
    policy.offer(say("turn", SayKind.TURN))
    second = policy.next_line()
    assert second is not None and not policy.finished(first)
    assert policy.playing == second


def test_sequence_numbers_are_unique_and_increasing() -> None:
    policy = SpeechPolicy()
    seqs = [policy.offer(say(str(i))).queued.seq for i in range(5)]  # type: ignore[union-attr]
    assert seqs == sorted(set(seqs))


def test_clear_drops_everything_queued() -> None:
    policy = SpeechPolicy()
    policy.offer(say("a"))
    policy.offer(say("b"))
    assert [line.say.text for line in policy.clear()] == ["a", "b"]
    assert policy.next_line() is None
