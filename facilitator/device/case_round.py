"""Who brings the case, asked in the step where the group chooses it (incident, Balint,
Socratic: ``kiest_casus = true``).

The group chooses together during the step; when it says "volgende stap" and nobody is named
yet, the device goes round: "Bram, heb jij een casus?" (ja / nee, or a name). A "ja" or a name
makes that person the casusinbrenger, says so in one sentence, and then moves on to the next
step as asked. A silence is asked once more, then counts as "nee"; when everyone said no the
step goes on ("kies samen, en zeg dan weer volgende stap"). "opnieuw" asks the previous person.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from facilitator.device.asking import ATTEMPTS, Asker
from facilitator.device.form import YES_NO
from facilitator.events import Answer, AnswerGiven, AnswerTaken, Command, InputSource
from facilitator.phrases.setup import SetupPhrases
from facilitator.session.casting import set_casusinbrenger
from facilitator.session.engine import Session

log = logging.getLogger(__name__)


class CaseRound:
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
        self.order: list[str] = []
        self.index = 0
        self.source = InputSource.SYSTEM  # who asked for the next step

    @property
    def active(self) -> bool:
        return bool(self.order)

    def start(self, session: Session, source: InputSource, now: float) -> None:
        people = session.plan.participants
        self.order = [n for n in self.rotation if n in people]
        self.order += [n for n in people if n not in self.order]
        self.index = 0
        self.source = source
        self._ask(now, self.phrases.who_brings(), 1)

    def _ask(self, now: float, lead: str, attempt: int) -> None:
        name = self.order[self.index]
        self.asker.ask(
            f"case:{name}",
            self.phrases.has_case(name),
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
            self._choose(session, value[1:])
        elif value == Answer.YES.value:
            self._choose(session, self.order[self.index])
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
        self.index += 1
        if self.index < len(self.order):
            self._ask(now, "", 1)
            return
        self.order = []
        self.say(self.phrases.nobody_yet())

    def _choose(self, session: Session, name: str) -> None:
        self.order = []
        log.info("casusinbrenger chosen: %s", name)
        set_casusinbrenger(session, name)
        self.say(self.phrases.brings(name))
        session.handle(Command.NEXT_STEP, self.source)

    def cancel(self) -> None:
        if self.active:
            self.order = []
            self.asker.close()
