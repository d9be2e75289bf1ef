"""One open question at a time: asked, timed out, asked once more, then its default.

``Asker`` publishes ``QuestionAsked`` and says the question; the time-out runs from the moment
the device stopped speaking (a long question is not cut short by its own time-out). An answer
names its question (``AnswerGiven.question``); a late answer to an earlier question is
ignored, and a key press (question "") answers whatever is open. A time-out that comes while
someone is speaking (``set_voice``) waits until the utterance ends, at most ``VOICE_GRACE_S``.
Pure of threads: the controller thread calls it, with times from the session clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from facilitator.events import (
    CHOICES,
    Answer,
    AnswerGiven,
    InputSource,
    QuestionAsked,
    QuestionClosed,
)

log = logging.getLogger(__name__)

#: Seconds a question waits for an answer after the device stopped speaking.
TIMEOUT_S = 12.0
#: A question is asked this often before its default is taken.
ATTEMPTS = 2
#: A person still speaking when the time runs out is not talked over: the question waits for
#: the end of the utterance (and the listener's verdict on it), at most this much longer.
VOICE_GRACE_S = 6.0


def numbered_answer(given: Answer | None, answers: tuple[Answer, ...]) -> Answer | None:
    """The n-th answer (not counting "opnieuw") for the n-th numbered choice, if any."""
    if given not in CHOICES:
        return None
    plain = [a for a in answers if a is not Answer.AGAIN]
    index = CHOICES.index(given)
    return plain[index] if index < len(plain) else None


@dataclass(frozen=True, slots=True)
class Open:
    key: str
    text: str
    answers: tuple[Answer, ...]
    names: tuple[str, ...]
    attempt: int
    timeout_s: float | None  # None: waits for ever (the wake question)


class Asker:
    """Publishes questions and decides what an answer or a silence means."""

    def __init__(
        self,
        publish: Callable[[QuestionAsked | QuestionClosed], None],
        say: Callable[[str], None],
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        self._publish = publish
        self._say = say
        self.timeout_s = timeout_s
        self.open: Open | None = None
        self.deadline: float | None = None
        self.speaking = False
        self.deaf = False  # the microphone is gone: no time-out (nobody can be heard)
        self.voice = False  # someone is speaking (an utterance the listener has not decided)

    def ask(
        self,
        key: str,
        text: str,
        answers: tuple[Answer, ...],
        now: float,
        *,
        names: tuple[str, ...] = (),
        lead: str = "",
        waits: bool = False,
        attempt: int = 1,
    ) -> None:
        """Ask (``lead`` is said first, e.g. what the last answer settled)."""
        self.open = Open(key, text, answers, names, attempt, None if waits else self.timeout_s)
        self._publish(QuestionAsked(key, text, answers, names, attempt))
        self._say(f"{lead} {text}".strip())
        self._restart(now)

    def confirm(self, text: str, now: float) -> None:
        """Say a short line while the question stays open (a name was heard, or taken back);
        its time-out starts again (from the end of the line, like a question's)."""
        self._say(text)
        self._restart(now)

    def close(self) -> None:
        if self.open is not None:
            self._publish(QuestionClosed(self.open.key))
        self.open = None
        self.deadline = None

    def accepts(self, given: AnswerGiven) -> str | None:
        """The stored form of ``given`` when it answers the open question, else None."""
        question = self.open
        if question is None or (given.question and given.question != question.key):
            log.info("answer to %r ignored (open: %r)", given.question, question)
            return None
        if given.name is not None and given.name in question.names:
            return f"@{given.name}"
        if given.answer is not None and given.answer in question.answers:
            return given.answer.value
        numbered = numbered_answer(given.answer, question.answers)
        if numbered is not None and given.source is not InputSource.VOICE:
            return numbered.value  # a digit key or button picks the n-th answer ("2": nee)
        log.info("answer %r/%r not accepted by %s", given.answer, given.name, question.key)
        return None

    # ------------------------------------------------------------------ time
    def set_speaking(self, speaking: bool, now: float) -> None:
        self.speaking = speaking
        if not speaking:
            self._restart(now)

    def set_hearing(self, hearing: bool, now: float) -> None:
        """The microphone went (no time-out meanwhile) or came back (the full time again)."""
        self.deaf = not hearing
        if hearing:
            self._restart(now)

    def set_voice(self, active: bool) -> None:
        """Someone started or stopped speaking (``VoiceHeard``)."""
        self.voice = active

    def _restart(self, now: float) -> None:
        question = self.open
        self.deadline = (
            None if question is None or question.timeout_s is None else now + question.timeout_s
        )

    def next_due(self) -> float | None:
        if self.speaking or self.deaf or self.deadline is None:
            return None
        return self.deadline + VOICE_GRACE_S if self.voice else self.deadline

    def expired(self, now: float) -> Open | None:
        """The open question when its time ran out (it stays open until asked again)."""
        due = self.next_due()
        if due is None or now < due:
            return None
        self.deadline = None
        return self.open
