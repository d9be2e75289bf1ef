"""Going round the names during a session: who brings the case, and who just came in.

* **The case**, in the step where the group chooses it (incident, Balint, Socratic:
  ``kiest_casus = true``). The group chooses together during the step; when it says
  "volgende stap" and nobody is named yet (the session's machine would refuse), the device
  goes round: "Wie brengt de casus in? Bram, heb jij een casus?" (ja / nee, or a name). A "ja"
  or a name makes that person the casusinbrenger (``PeopleChange``: the session says it) and
  then moves on as asked. When everyone said no the step goes on: "kies samen, en zeg dan weer
  volgende stap".
* **Someone came in** ("er is iemand bij", accepted by the session): "Is Dewi er?" for each
  absent member of the group; a "ja" (or a name) makes them join.

A silence is asked once more, then counts as "nee"; "opnieuw" asks the previous name again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from facilitator.device.asking import ATTEMPTS, Asker
from facilitator.device.form import YES_NO
from facilitator.events import (
    Answer,
    AnswerGiven,
    AnswerTaken,
    Command,
    InputSource,
    PeopleChange,
    PeopleChangeKind,
)
from facilitator.phrases.setup import SetupPhrases
from facilitator.session.engine import Session

log = logging.getLogger(__name__)


def chooses_case_now(session: Session) -> bool:
    """Is the session in the step where the group chooses its case, with none chosen yet?"""
    index = session.step_index
    return index is not None and index == session.choosing and not session.people.presenter


@dataclass(frozen=True, slots=True)
class Round:
    prefix: str  # question keys: PREFIX:NAME
    ask: Callable[[str], str]  # the question for a name
    kind: PeopleChangeKind  # what a "ja" does
    then: Command | None  # the command to do after a "ja" (the one that started the round)
    none_left: str  # said when everyone said no ("" for nothing)


class NameRound:
    def __init__(
        self,
        asker: Asker,
        phrases: SetupPhrases,
        say: Callable[[str], None],
        publish: Callable[[AnswerTaken], None],
        rotation: tuple[str, ...] = (),
    ) -> None:
        self.asker = asker
        self.phrases = phrases
        self.say = say
        self.publish = publish
        self.rotation = rotation
        self.round: Round | None = None
        self.order: list[str] = []
        self.index = 0
        self.source = InputSource.SYSTEM  # who started the round

    @property
    def active(self) -> bool:
        return self.round is not None

    def case(self, session: Session, source: InputSource, now: float) -> None:
        """Who brings the case (the group said "volgende stap" in the choosing step)."""
        people = session.people.present
        order = [n for n in self.rotation if n in people]
        p = self.phrases
        spec = Round(
            "case", p.has_case, PeopleChangeKind.PRESENTER, Command.NEXT_STEP, p.nobody_yet()
        )
        self._start(
            spec, [*order, *(n for n in people if n not in order)], source, now, p.who_brings()
        )

    def joining(self, session: Session, source: InputSource, now: float) -> None:
        """Who came in (the session accepted "er is iemand bij")."""
        spec = Round("joins", self.phrases.present, PeopleChangeKind.JOIN, None, "")
        self._start(spec, list(session.people.absent), source, now, "")

    def _start(
        self, spec: Round, order: list[str], source: InputSource, now: float, lead: str
    ) -> None:
        if not order:
            return
        self.round, self.order, self.index, self.source = spec, order, 0, source
        self._ask(now, lead, 1)

    def _ask(self, now: float, lead: str, attempt: int) -> None:
        assert self.round is not None
        name = self.order[self.index]
        self.asker.ask(
            f"{self.round.prefix}:{name}",
            self.round.ask(name),
            YES_NO,
            now,
            names=tuple(self.order),
            lead=lead,
            attempt=attempt,
        )

    def answer(self, given: AnswerGiven, session: Session, now: float) -> bool:
        question = self.asker.open
        value = self.asker.accepts(given) if self.active else None
        if value is None or question is None:
            return False
        self.publish(AnswerTaken(question.key, value, given.source))
        self.asker.close()
        if value.startswith("@"):
            self._yes(session, value[1:], given.source)
        elif value == Answer.YES.value:
            self._yes(session, self.order[self.index], given.source)
        elif value == Answer.AGAIN.value:
            self.index = max(0, self.index - 1)
            self._ask(now, "", 1)
        else:
            self._next(now)
        return True

    def timed_out(self, now: float) -> None:
        question = self.asker.expired(now)
        if not self.active or question is None:
            return
        if question.attempt < ATTEMPTS:
            self._ask(now, self.phrases.again(), question.attempt + 1)
            return
        self.publish(AnswerTaken(question.key, Answer.NO.value, InputSource.SYSTEM))
        self.asker.close()
        self._next(now)

    def _next(self, now: float) -> None:
        assert self.round is not None
        self.index += 1
        if self.index < len(self.order):
            self._ask(now, "", 1)
            return
        said = self.round.none_left
        self.round = None
        if said:
            self.say(said)

    def _yes(self, session: Session, name: str, source: InputSource) -> None:
        spec = self.round
        assert spec is not None
        log.info("%s by going round: %s", spec.kind, name)
        if spec.kind is PeopleChangeKind.JOIN:  # the rest of the round may still come in
            session.change(PeopleChange(spec.kind, name, source))
            self.order.remove(name)
            if self.index < len(self.order):
                self._ask(session.clock.now(), "", 1)
                return
            self.round = None
            return
        self.round = None
        if session.change(PeopleChange(spec.kind, name, source)) and spec.then is not None:
            session.handle(spec.then, self.source)

    def cancel(self) -> None:
        if self.active:
            self.round = None
            self.asker.close()
