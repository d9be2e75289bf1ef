"""Rendering ahead: the cache's rules (pure logic, with a timed stand-in for the engine), and
that the lines known before a session are the lines every built-in method really says."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from facilitator.cli.info import load_fitted
from facilitator.events import SayKind
from facilitator.methods.registry import builtin_methods
from facilitator.session.plan import SessionPlan
from facilitator.settings import build_settings
from facilitator.speech.audio import Audio
from facilitator.speech.prerender import RenderCache, sentences
from facilitator.wiring.parts import speech_texts

RATE = 1000  # Hz: a stand-in sound of one sample per character keeps sizes easy
SENTENCE_S = 0.05  # seconds the stand-in engine takes per sentence


class SlowEngine:
    """Renders each text as one sample per character, taking ``SENTENCE_S`` per call."""

    def __init__(self, delay_s: float = SENTENCE_S, fail: bool = False) -> None:
        self.delay_s = delay_s
        self.fail = fail
        self.calls: list[str] = []
        self.active = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, text: str) -> Audio:
        with self._lock:
            self.calls.append(text)
            self.active += 1
            self.most_at_once = max(self.most_at_once, self.active)
        try:
            time.sleep(self.delay_s)
            if self.fail:
                raise OSError("engine gone")
            return Audio(np.full(len(text), len(text), dtype=np.int16), RATE)
        finally:
            with self._lock:
                self.active -= 1


def test_sentences_are_cut_after_their_end_marks() -> None:
    assert sentences("Stap een. Wat zie je? Zeg het!  Klaar") == [
        "Stap een.",
        "Wat zie je?",
        "Zeg het!",
        "Klaar",
    ]
    assert sentences("Half 8, 19.30 uur: niet knippen.") == ["Half 8, 19.30 uur: niet knippen."]
    spoken_list = "Zeg " + "; ".join(f"'opdracht {n}' om iets te doen" for n in range(8)) + "."
    parts = sentences(spoken_list)
    assert len(spoken_list) > 160 and len(parts) == 8  # a long list: clause by clause
    assert " ".join(parts) == spoken_list


def test_prepared_lines_are_ready_and_shared_sentences_render_once() -> None:
    engine = SlowEngine(delay_s=0.0)
    cache = RenderCache(engine)
    try:
        cache.prepare(["Welkom. Je hebt twee minuten.", "Stap twee. Je hebt twee minuten."])
        assert cache.wait_prepared(5.0)
        assert engine.calls == ["Welkom.", "Je hebt twee minuten.", "Stap twee."]
        calls = len(engine.calls)
        audio = cache.render("Stap twee. Je hebt twee minuten.")
        assert len(engine.calls) == calls  # nothing rendered now
        assert len(audio.samples) == len("Stap twee.") + len("Je hebt twee minuten.")
        assert (cache.stats.hits, cache.stats.misses) == (1, 0)
        cache.render("Iets nieuws.")
        assert engine.calls[-1] == "Iets nieuws." and cache.stats.misses == 1
    finally:
        cache.close()


def test_a_line_wanted_now_goes_before_the_rest_of_the_plan() -> None:
    engine = SlowEngine()
    cache = RenderCache(engine)
    plan = [f"Regel nummer {n}." for n in range(40)]  # 40 x 50 ms = 2 s of rendering ahead
    try:
        cache.prepare(plan, wait_first_s=5.0)
        started = time.monotonic()
        cache.render("Nog twee minuten.")
        waited = time.monotonic() - started
        assert waited < 3 * SENTENCE_S + 0.1, waited  # one sentence ahead of it, then its own
        assert not cache.stats.prepare_done  # the plan was still being rendered
        assert engine.most_at_once == 1  # one render at a time on the engine
        assert cache.wait_prepared(10.0)
        assert set(plan) <= set(engine.calls)
    finally:
        cache.close()


def test_with_an_engine_of_its_own_a_line_wanted_now_never_waits() -> None:
    now_engine, ahead_engine = SlowEngine(delay_s=0.01), SlowEngine(delay_s=0.5)
    cache = RenderCache(now_engine, ahead=ahead_engine)
    plan = ["Welkom allemaal.", *(f"Lange regel nummer {n}." for n in range(6))]
    try:
        cache.prepare(plan)
        assert now_engine.calls == ["Welkom allemaal."]  # the first line: ready on return
        assert cache.is_ready("Welkom allemaal.")
        time.sleep(0.1)  # the other engine is now half a second into a sentence
        started = time.monotonic()
        cache.render("Nog twee minuten.")
        assert time.monotonic() - started < 0.2
        # a sentence the other engine is rendering at this moment is waited for, not doubled
        in_flight = ahead_engine.calls[-1]
        cache.render(in_flight)
        assert in_flight not in now_engine.calls
        assert cache.wait_prepared(10.0)
        assert "Welkom allemaal." not in ahead_engine.calls
    finally:
        cache.close()


def test_the_cache_is_bounded() -> None:
    engine = SlowEngine(delay_s=0.0)
    size = 2 * len("Regel nummer 10.")  # bytes per sentence (int16)
    cache = RenderCache(engine, max_bytes=5 * size)
    try:
        cache.prepare([f"Regel nummer {n}." for n in range(10, 30)])
        assert cache.wait_prepared(5.0)
        assert cache.cached_bytes <= 5 * size
        assert len(engine.calls) == 6  # the sixth did not fit: the rest is left for later
        for n in range(40, 50):  # on demand: the least recently used make room
            cache.render(f"Regel nummer {n}.")
            assert cache.cached_bytes <= 5 * size
        assert cache.is_ready("Regel nummer 49.") and not cache.is_ready("Regel nummer 10.")
    finally:
        cache.close()


def test_a_failing_engine_stops_rendering_ahead_and_fails_the_line_wanted() -> None:
    engine = SlowEngine(delay_s=0.0, fail=True)
    cache = RenderCache(engine)
    try:
        cache.prepare(["Een.", "Twee.", "Drie."], wait_first_s=0.0)
        assert cache.wait_prepared(5.0)
        assert engine.calls == ["Een."]  # it gave up after the first failure
        with pytest.raises(OSError, match="engine gone"):
            cache.render("Vier.")
    finally:
        cache.close()


REHEARSAL_TIMEOUT_S = 90.0  # one rehearsal at 3000 times real time takes a few seconds
REHEARSAL_ATTEMPTS = 2  # a rehearsal that hangs (seen once on a loaded machine) is run again


def rehearsed_says(method_id: str, language: str, tmp_path: Path) -> list[dict[str, object]]:
    log = tmp_path / f"{method_id}-{language}.jsonl"
    command = [sys.executable, "-m", "facilitator", "oefen", method_id, "--snelheid", "3000"]
    command += ["--taal", language, "--event-log", str(log)]
    for attempt in range(1, REHEARSAL_ATTEMPTS + 1):
        log.unlink(missing_ok=True)
        try:
            run = subprocess.run(
                command, capture_output=True, text=True, timeout=REHEARSAL_TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            print(f"{method_id} ({language}): attempt {attempt} did not end in time")
            continue
        assert run.returncode == 0, run.stderr[-2000:]
        break
    else:
        pytest.fail(
            f"{method_id} ({language}): no rehearsal ended in {REHEARSAL_ATTEMPTS} attempts"
        )
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return [e for e in events if e["type"] == "say"]


@pytest.mark.slow
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_line_of_a_rehearsed_session_is_known_before_it_starts(
    language: str, tmp_path: Path
) -> None:
    """Each built-in method rehearsed to its end: every sentence said was in the plan's texts
    (``oefen`` says "volgende stap"/"volgende spreker" as time runs out, like a group). The
    cache works per sentence: a turn's "you have about two minutes" is ready for any time."""
    settings = build_settings({"session": {"language": language}}, use_default_file=False)
    total = 0
    for method in builtin_methods():
        says = rehearsed_says(method.id, language, tmp_path)
        fitted, _ = load_fitted(method.id, None)
        count = max(fitted.group_min, 3)
        people = tuple(f"Deelnemer {n}" for n in range(1, count + 1))
        meeting = fitted.meetings[0].number if fitted.meetings else None
        texts = speech_texts(SessionPlan(fitted, people, people[0], meeting), settings)
        known = {part for text in texts for part in sentences(text)}
        unknown = [
            (s["kind"], part)
            for s in says
            for part in sentences(str(s["text"]))
            if part not in known
        ]
        assert unknown == [], (method.id, unknown)
        assert any(s["kind"] == SayKind.PROMPT.value for s in says)
        total += len(says)
    print(f"{total} lines said in {language}, all known ahead")
    assert total > 200
