"""Ready before it is needed: the session's lines rendered ahead, in memory, bounded.

``prepare(texts)`` starts a background thread that renders the texts a session will say (its
prompts, rules, turns, fixed warnings and acknowledgements, in the order they come) into a
cache keyed by the exact text of each sentence. ``render(text)`` (the speaker's loop thread)
returns the cached sentences at once and renders only what is missing, **before** any
further background work. With a second engine for rendering ahead (``ahead``: Piper runs two
workers) a line wanted now never waits; with one engine (pyttsx3) the background renders one
sentence at a time and steps aside whenever a line is wanted now, so such a line waits for
at most one sentence of rendering ahead.

Bounded: the background stops filling at ``max_bytes`` of audio (64 MB is about 24 minutes
of speech at 22 050 Hz); lines rendered on demand evict the least recently used sentences.
Nothing is written to disk.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from facilitator.speech.audio import Audio, concat

log = logging.getLogger(__name__)

CACHE_MAX_BYTES = 64 * 1024 * 1024  # bytes of rendered audio kept in memory
FIRST_LINE_WAIT_S = 5.0  # prepare() waits this long at most for the first line (one engine)
IN_FLIGHT_WAIT_S = 30.0  # a line wanted now waits this long at most for its sentence in flight
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE_END = re.compile(r"(?<=[;:])\s+")
#: Longer sentences (a spoken list, such as the help text) are rendered clause by clause: a
#: neural voice's memory and render time grow with the longest piece it renders at once.
MAX_SENTENCE_CHARS = 160

Synthesize = Callable[[str], Audio]


class Prerender(Protocol):
    """What the speaker needs of a cache that renders ahead (``RenderCache``)."""

    def prepare(self, texts: Sequence[str]) -> None: ...

    def wait_prepared(self, timeout_s: float) -> bool: ...

    def close(self) -> None: ...


def sentences(text: str) -> list[str]:
    """``text`` cut after each full stop, question or exclamation mark, and a sentence longer
    than ``MAX_SENTENCE_CHARS`` also after each semicolon or colon (empty parts dropped)."""
    parts: list[str] = []
    for sentence in (p.strip() for p in _SENTENCE_END.split(text.strip())):
        if len(sentence) > MAX_SENTENCE_CHARS:
            parts += [c.strip() for c in _CLAUSE_END.split(sentence)]
        else:
            parts.append(sentence)
    return [part for part in parts if part]


@dataclass
class RenderStats:
    """What the cache did, for benchmarks and tests."""

    hits: int = 0  # lines whose every sentence was ready
    misses: int = 0  # lines with at least one sentence rendered on demand
    on_demand_s: list[float] = field(default_factory=list)  # render time of each miss
    prepared: int = 0  # sentences rendered ahead
    prepare_s: float = 0.0  # seconds the background spent on the last prepare() list
    prepare_done: bool = False


class RenderCache:
    """Renders through ``synthesize`` (one call at a time), ahead or on demand."""

    def __init__(
        self,
        synthesize: Synthesize,
        *,
        ahead: Synthesize | None = None,
        split: bool = True,
        max_bytes: int = CACHE_MAX_BYTES,
    ) -> None:
        """``synthesize`` renders lines wanted now; ``ahead`` (when given: a separate engine)
        renders ahead, else ``synthesize`` does both, one call at a time."""
        self._synthesize = synthesize
        self._ahead = ahead
        self._split = split
        self._max_bytes = max_bytes
        self._cache: OrderedDict[str, Audio] = OrderedDict()
        self._bytes = 0
        self._cond = threading.Condition()
        self._busy = False  # the engine is rendering (under _cond)
        self._wanted = 0  # on-demand renders waiting for the engine (under _cond)
        self._todo: list[str] = []  # sentences the background will render, in order
        self._thread: threading.Thread | None = None
        self._closed = False
        self._started = 0.0  # monotonic time of the last prepare()
        self._in_flight: str | None = None  # the sentence the background renders now
        self.stats = RenderStats()

    # ------------------------------------------------------------------ public
    def prepare(self, texts: Sequence[str], wait_first_s: float = FIRST_LINE_WAIT_S) -> None:
        """Render ``texts`` in the background, in order. The first one is ready on return:
        rendered here by the engine for lines wanted now (when there are two engines), or
        waited for (bounded by ``wait_first_s``)."""
        first = self._parts(texts[0]) if texts else []
        parts = list(dict.fromkeys(s for text in texts for s in self._parts(text)))
        with self._cond:
            self._todo = [p for p in parts if p not in first] if self._ahead else parts
            self.stats.prepare_done = False
            self.stats.prepare_s = 0.0
            self._started = time.monotonic()
            if not self._todo:
                self.stats.prepare_done = True
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._run, name="prerender", daemon=True)
                self._thread.start()
            self._cond.notify_all()
        if self._ahead is not None:
            for part in first:
                try:
                    self._render_now(part)
                except Exception as err:  # said again when it is needed; nothing lost
                    log.warning("first line not rendered ahead: %s", err)
                    break
        elif texts and wait_first_s > 0:
            self.wait_for(texts[0], wait_first_s)

    def render(self, text: str) -> Audio:
        """``text`` as audio: cached sentences at once, the rest rendered now (first in line)."""
        parts = self._parts(text) or [text]
        audio: list[Audio] = []
        missing = False
        started = time.monotonic()
        for part in parts:
            cached = self._get(part)
            if cached is None:
                missing = True
                cached = self._render_now(part)
            audio.append(cached)
        with self._cond:
            if missing:
                self.stats.misses += 1
                self.stats.on_demand_s.append(time.monotonic() - started)
            else:
                self.stats.hits += 1
        return audio[0] if len(audio) == 1 else concat(*audio)

    def is_ready(self, text: str) -> bool:
        with self._cond:
            return all(p in self._cache for p in self._parts(text))

    def wait_for(self, text: str, timeout_s: float) -> bool:
        """Wait until every sentence of ``text`` is cached; False on time-out."""
        parts = self._parts(text)
        with self._cond:
            return self._cond.wait_for(
                lambda: self._closed or all(p in self._cache for p in parts), timeout=timeout_s
            )

    def wait_prepared(self, timeout_s: float) -> bool:
        """Wait until the background has worked through its list; False on time-out."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._closed or self.stats.prepare_done, timeout=timeout_s
            )

    @property
    def cached_bytes(self) -> int:
        with self._cond:
            return self._bytes

    def close(self) -> None:
        with self._cond:
            stats = self.stats
            log.info(
                "render cache: %d lines ready, %d rendered on demand (%s s); %d sentences "
                "rendered ahead in %.1f s; %d bytes",
                stats.hits,
                stats.misses,
                ", ".join(f"{s:.2f}" for s in stats.on_demand_s[:20]),
                stats.prepared,
                stats.prepare_s,
                self._bytes,
            )
            self._closed = True
            self._todo = []
            self._cond.notify_all()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5.0)

    # ------------------------------------------------------------------ internals
    def _parts(self, text: str) -> list[str]:
        if not text.strip():
            return []
        return sentences(text) if self._split else [text.strip()]

    def _get(self, part: str) -> Audio | None:
        with self._cond:
            audio = self._cache.get(part)
            if audio is not None:
                self._cache.move_to_end(part)
            return audio

    def _store(self, part: str, audio: Audio, evict: bool) -> bool:
        """Keep ``audio`` (holding ``_cond``); False when full and not allowed to evict."""
        size = audio.samples.nbytes
        if part in self._cache:
            return True
        if self._bytes + size > self._max_bytes:
            if not evict:
                return False
            while self._cache and self._bytes + size > self._max_bytes:
                _, old = self._cache.popitem(last=False)
                self._bytes -= old.samples.nbytes
        self._cache[part] = audio
        self._bytes += size
        self._cond.notify_all()
        return True

    def _render_now(self, part: str) -> Audio:
        if self._ahead is not None:  # an engine of its own: no need to wait for the background
            with self._cond:  # unless the background is rendering this very sentence now
                self._cond.wait_for(lambda: self._in_flight != part, timeout=IN_FLIGHT_WAIT_S)
                cached = self._cache.get(part)
            if cached is not None:
                return cached
            audio = self._synthesize(part)
            with self._cond:
                self._store(part, audio, evict=True)
            return audio
        with self._cond:
            self._wanted += 1
            try:
                self._cond.wait_for(lambda: not self._busy)
            finally:
                self._wanted -= 1
            cached = self._cache.get(part)  # the background may just have rendered it
            if cached is not None:
                return cached
            self._busy = True
        try:
            audio = self._synthesize(part)
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()
        with self._cond:
            self._store(part, audio, evict=True)
        return audio

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(
                    lambda: (
                        self._closed
                        or (self._todo and self._ahead is not None)
                        or (self._todo and not self._busy and not self._wanted)
                    )
                )
                if self._closed:
                    return
                part = self._todo.pop(0)
                if part in self._cache:
                    self._finish_if_done()
                    continue
                shared = self._ahead is None
                self._busy = shared
                self._in_flight = part
            try:
                audio = (self._ahead or self._synthesize)(part)
            except Exception as err:  # any engine failure: stop rendering ahead, say it once
                log.warning("rendering ahead stopped: %s", err)
                with self._cond:
                    self._busy = False
                    self._in_flight = None
                    self._todo = []
                    self.stats.prepare_done = True
                    self._cond.notify_all()
                continue
            with self._cond:
                self._busy = False
                self._in_flight = None
                self.stats.prepared += 1
                if not self._store(part, audio, evict=False):
                    log.info("render cache full (%d bytes): the rest on demand", self._bytes)
                    self._todo = []
                self._finish_if_done()
                self._cond.notify_all()

    def _finish_if_done(self) -> None:  # holding _cond
        if not self._todo and not self.stats.prepare_done:
            self.stats.prepare_s = time.monotonic() - self._started
            self.stats.prepare_done = True
            self._cond.notify_all()
