"""The Dutch phrase pack (the product's language).

Written for the ear: short sentences, one thing said once, numbers as words. Each line has a
short form for a group that knows the method (``brief``).
"""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.events import Command
from facilitator.phrases.base import TurnEnd, sentence
from facilitator.phrases.nl_answers import DEFAULT_WORDS, DutchAnswers
from facilitator.phrases.nl_errors import DutchErrors
from facilitator.phrases.nl_people import DutchPeople

__all__ = ["DEFAULT_WORDS", "DutchPhrases"]


#: Method names that take "de" as they are ("de Vijfstappenmethode", "de Zes denkhoeden");
#: any other name is introduced as "de methode …" ("de methode Leren van successen").
_NAMED_WITH_DE = ("methode", "dialoog", "cyclus", "hoeden")


def _with_article(name: str) -> str:
    if name.lower().endswith(_NAMED_WITH_DE):
        return f"de {name}"
    return f"de methode {name}"


class DutchPhrases(DutchAnswers, DutchErrors, DutchPeople):
    def with_brief(self, brief: bool) -> DutchPhrases:
        return DutchPhrases(self._given, brief=brief)

    def _left(self, seconds: float) -> str:
        """ "Nog tien minuten." (no verb: "er is nog vijf minuten" is what the ear trips on)."""
        return f"Nog {self.duration(seconds)}."

    # ---------------------------------------------------------------- session flow
    def welcome(self, method_name: str, participants: Sequence[str], casusinbrenger: str) -> str:
        case = f" {casusinbrenger} brengt de casus in." if casusinbrenger else ""
        method = _with_article(method_name)
        if self.brief:
            return f"Welkom. We werken met {method}.{case}"
        return (
            f"Welkom bij deze intervisie. We werken vandaag met {method}.{case} "
            "Ik let op de tijd en de stappen. "
            f"Zeg {self._w(Command.HELP)} als je wilt weten wat je kunt zeggen."
        )

    def meeting_intro(self, number: int, title: str) -> str:
        return f"Dit is bijeenkomst {self.number(number)}: {sentence(title)}"

    def resumed(self, step_number: int, title: str, remaining_s: float, paused: bool) -> str:
        text = (
            "We gaan verder waar we gebleven waren: "
            f"stap {self.number(step_number)}, {sentence(title)}"
        )
        if remaining_s > 0:
            text += f" {self._left(remaining_s)}"
        if paused:
            text += f" De sessie is gepauzeerd. Zeg {self._w(Command.RESUME)} om door te gaan."
        return text

    def step_intro(
        self, number: int, count: int, title: str, prompt: str, allotted_s: float, soft: bool
    ) -> str:
        """The step's number, title and prompt, and how long it takes. Brief: the engine
        passes the short prompt, and the time is said in two words."""
        if self.brief:
            head = f"Stap {self.number(number)}: {sentence(title)}"
            tail = "" if soft else f" {self.duration(allotted_s).capitalize()}."
        else:
            head = self.step_title(number, count, title)
            tail = "" if soft else f" Deze stap duurt {self.duration(allotted_s)}."
        return f"{head} {prompt}{tail}".strip()

    def step_title(self, number: int, count: int, title: str) -> str:
        return f"Stap {self.number(number)} van {self.number(count)}: {sentence(title)}"

    def who_speaks(self, role: str, casusinbrenger: str) -> str:
        """The short prompt of a step whose method file gives none (``role``: a Role value)."""
        return {
            "casusinbrenger": f"{casusinbrenger} is aan het woord.",
            "deelnemers": "De anderen zijn aan het woord.",
            "iedereen": "Iedereen doet mee.",
            "stil": "We werken in stilte.",
        }.get(role, "")

    def checkin_round(self) -> str:
        if self.brief:
            return "Eerst de check-in: hoe kom je binnen? In één zin."
        return (
            "We beginnen met een korte check-in. "
            "Zeg om de beurt in één zin hoe je hier vandaag binnenkomt."
        )

    def evaluation_round(self) -> str:
        if self.brief:
            return "Tot slot de evaluatie: wat bracht het je, en hoe werkten we?"
        return (
            "Tot slot een korte evaluatie. Zeg om de beurt wat deze intervisie je heeft "
            "gebracht, en hoe we samen hebben gewerkt."
        )

    def follow_up(self, names: Sequence[str]) -> str:
        if not names:
            return ""
        if len(names) == 1:
            return f"{names[0]}, vorige keer bracht jij een casus in. Wat heb je ermee gedaan?"
        return (
            f"{self.names(names)}, vorige keer brachten jullie een casus in. "
            "Wat hebben jullie ermee gedaan?"
        )

    def turn_call(self, name: str, allotted_s: float, first: bool = True) -> str:
        """A turn in a round; the time per person is said at the first turn only."""
        if self.brief:
            return f"{name}."
        if allotted_s <= 0 or not first:
            return f"{name}, jij bent aan de beurt."
        return f"{name}, jij begint. Ieder heeft ongeveer {self.duration(allotted_s)}."

    def round_complete(self) -> str:
        if self.brief:
            return "Iedereen is geweest."
        return (
            "Iedereen is aan de beurt geweest. "
            f"Zeg {self._w(Command.NEXT_STEP)} als jullie verder willen."
        )

    def round_done(self) -> str:
        return "Iedereen is geweest." if self.brief else "Iedereen is aan de beurt geweest."

    def after_round(self, prompt: str, remaining_s: float, soft: bool) -> str:
        if soft or remaining_s < 1:
            return prompt
        return f"{prompt} {self._left(remaining_s)}"

    def closing(self, casusinbrenger: str) -> str:
        if self.brief:
            return "De intervisie is klaar. Dank jullie wel."
        return "Dat was de laatste stap. Dank jullie wel voor jullie inzet en openheid."

    # ---------------------------------------------------------------- time
    def warning(self, seconds_left: float) -> str:
        if self.brief:
            return self._left(seconds_left)
        return f"Nog {self.duration(seconds_left)} voor deze stap."

    def turn_warning(self, name: str, seconds_left: float) -> str:
        """Said only to a group new to the method (a brief session shows it on screen)."""
        return f"{name}, nog {self.duration(seconds_left)}."

    def time_up(self, more_time_s: float, hint: bool = True) -> str:
        """``hint``: what to say next (the first time in a session; after that it is known)."""
        if self.brief:
            return "De tijd is om."
        if not hint:
            return "De tijd voor deze stap is om."
        return (
            "De tijd voor deze stap is om. "
            f"Zeg {self._w(Command.NEXT_STEP)} om verder te gaan, "
            f"of {self._w(Command.MORE_TIME)} voor {self.duration(more_time_s)} extra."
        )

    def turn_time_up(
        self, name: str, then: TurnEnd = TurnEnd.NEXT_SPEAKER, hint: bool = True
    ) -> str:
        if self.brief:
            return f"Dank je, {name}."
        if not hint and then is TurnEnd.NEXT_SPEAKER:
            return f"{name}, je tijd is om."
        if then is TurnEnd.CLOSE_ROUND:
            return f"{name}, je tijd is om. Zeg {self._w(Command.NEXT_SPEAKER)} als je klaar bent."
        if then is TurnEnd.NEXT_STEP:
            return (
                f"{name}, je tijd is om. Iedereen is aan de beurt geweest. "
                f"Zeg {self._w(Command.NEXT_STEP)} om verder te gaan."
            )
        return f"{name}, je tijd is om. Zeg {self._w(Command.NEXT_SPEAKER)} voor de volgende."

    def overtime(self, over_s: float) -> str:
        """Said once, a few minutes after time-up; after that the screen shows it."""
        if self.brief:
            return f"{self.duration(over_s).capitalize()} over de tijd."
        return (
            f"We zijn {self.duration(over_s)} over de tijd. "
            f"Gaan jullie verder, of nemen jullie {self._w(Command.MORE_TIME)}?"
        )

    def checkin(self, elapsed_s: float) -> str:
        if self.brief:
            return f"{self.duration(elapsed_s).capitalize()} met deze stap bezig."
        return (
            f"Jullie zijn nu {self.duration(elapsed_s)} met deze stap bezig. Neem de tijd die "
            f"nodig is. Zeg {self._w(Command.NEXT_STEP)} als jullie verder willen."
        )

    def time_left(
        self,
        remaining_s: float,
        soft: bool,
        elapsed_s: float,
        turn_name: str,
        turn_remaining_s: float,
        paused: bool,
    ) -> str:
        if soft:
            text = f"Jullie zijn {self.duration(elapsed_s)} met deze stap bezig."
        elif remaining_s >= 0.5:
            text = f"Nog {self.duration(remaining_s)} voor deze stap."
        else:
            text = f"Deze stap is {self.duration(-remaining_s)} over de tijd."
        if turn_name and not soft:
            if turn_remaining_s >= 0.5:
                text += f" {turn_name} heeft nog {self.duration(turn_remaining_s)}."
            else:
                text += f" De tijd van {turn_name} is om."
        if paused:
            text += " De sessie is gepauzeerd."
        return text
