"""Which line is spoken when: priority, interruption and stale speech (pure, no threads, no I/O).

The rules (each has a unit test in ``tests/test_speech_policy.py``):

1. **Urgent lines** (time warning, time up, command acknowledgement, refusal) never wait behind
   a normal line: they go ahead of every queued normal line (first come, first served among
   themselves) and they *cut* a normal line that is playing. A cut line is dropped, not
   resumed: the group can say "herhaal".
2. **Urgent lines are never cut** once they sound (they are short and were said for a reason).
3. **Stale speech**: a line with a newer ``generation`` (the step or turn changed) drops every
   queued line of an older generation and cuts a playing *normal* line of an older generation.
   A line that arrives with a generation older than the newest seen is dropped on arrival.
   Nothing of an old step is spoken after the group moved on.
4. **Repeat**: a line with ``replaces=True`` cuts a playing normal line and goes to the front of
   the normal lines.
5. Everything else (prompts, rules, turns, answers, closing words) queues first in, first out.

The adapter calls ``offer`` for every ``Say``, asks ``next_line`` whenever nothing is playing,
and calls ``finished`` when the playing line stopped (completed or cut).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from facilitator.events import Say, SayKind


class Priority(IntEnum):
    NORMAL = 0
    URGENT = 1


URGENT_KINDS: frozenset[SayKind] = frozenset(
    {SayKind.WARNING, SayKind.TIME_UP, SayKind.ACK, SayKind.REFUSAL}
)


def priority_of(kind: SayKind) -> Priority:
    return Priority.URGENT if kind in URGENT_KINDS else Priority.NORMAL


@dataclass(frozen=True, slots=True)
class Line:
    """One ``Say`` as the speaker handles it; ``seq`` is unique per speaker and never reused."""

    say: Say
    seq: int

    @property
    def priority(self) -> Priority:
        return priority_of(self.say.kind)


@dataclass(frozen=True, slots=True)
class Decision:
    """What ``offer`` decided: whether the line was queued, what to cut now, what was dropped."""

    queued: Line | None  # None: the offered line itself was stale and dropped
    cut: Line | None = None  # the playing line to stop now
    dropped: tuple[Line, ...] = ()  # queued lines removed (stale), never to be spoken


class SpeechPolicy:
    """The speaker's queue and rules. Not thread-safe: owned by the speaker's loop thread."""

    def __init__(self) -> None:
        self._queue: list[Line] = []
        self._playing: Line | None = None
        self._generation: int | None = None
        self._next_seq = 0

    @property
    def playing(self) -> Line | None:
        return self._playing

    @property
    def queued(self) -> tuple[Line, ...]:
        return tuple(self._queue)

    def offer(self, say: Say) -> Decision:
        line = Line(say, self._next_seq)
        self._next_seq += 1
        newest = self._generation
        if newest is not None and say.generation < newest:
            return Decision(queued=None)
        dropped: tuple[Line, ...] = ()
        cut: Line | None = None
        playing = self._playing
        if newest is None or say.generation > newest:
            self._generation = say.generation
            dropped = tuple(q for q in self._queue if q.say.generation < say.generation)
            self._queue = [q for q in self._queue if q.say.generation >= say.generation]
            if (
                playing is not None
                and playing.priority is Priority.NORMAL
                and playing.say.generation < say.generation
            ):
                cut = playing
        if (
            cut is None
            and playing is not None
            and playing.priority is Priority.NORMAL
            and (line.priority is Priority.URGENT or say.replaces)
        ):
            cut = playing
        self._insert(line)
        return Decision(queued=line, cut=cut, dropped=dropped)

    def _insert(self, line: Line) -> None:
        if line.priority is Priority.URGENT or line.say.replaces:
            # urgent lines: after the urgent ones already waiting; repeats: before normal ones
            index = sum(1 for q in self._queue if q.priority is Priority.URGENT)
        else:
            index = len(self._queue)
        self._queue.insert(index, line)

    def next_line(self) -> Line | None:
        """The line to play now (it becomes ``playing``), or None when idle or still playing."""
        if self._playing is not None or not self._queue:
            return None
        self._playing = self._queue.pop(0)
        return self._playing

    def finished(self, line: Line) -> bool:
        """The given line stopped sounding; False when it was not the playing line (ignored)."""
        if self._playing is None or self._playing.seq != line.seq:
            return False
        self._playing = None
        return True

    def clear(self) -> tuple[Line, ...]:
        """Drop every queued line (at shutdown); returns them."""
        dropped = tuple(self._queue)
        self._queue.clear()
        return dropped
