"""The English phrase pack (for rehearsal and non-Dutch groups); mirrors ``nl.py``."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.events import Command
from facilitator.phrases.base import TurnEnd, sentence
from facilitator.phrases.en_answers import DEFAULT_WORDS, EnglishAnswers
from facilitator.phrases.en_errors import EnglishErrors
from facilitator.phrases.en_people import EnglishPeople

__all__ = ["DEFAULT_WORDS", "EnglishPhrases"]


class EnglishPhrases(EnglishAnswers, EnglishErrors, EnglishPeople):
    def with_brief(self, brief: bool) -> EnglishPhrases:
        return EnglishPhrases(self._given, brief=brief)

    def _left(self, seconds: float) -> str:
        return f"{self.duration(seconds).capitalize()} left."

    def welcome(self, method_name: str, participants: Sequence[str], casusinbrenger: str) -> str:
        case = f" {casusinbrenger} brings the case." if casusinbrenger else ""
        if self.brief:
            return f"Welcome. We work with the method {method_name}.{case}"
        return (
            f"Welcome to this peer consultation. Today we use the method {method_name}.{case} "
            "I keep the time and the steps. "
            f"Say {self._w(Command.HELP)} to hear what you can say."
        )

    def meeting_intro(self, number: int, title: str) -> str:
        return f"This is meeting {self.number(number)}: {sentence(title)}"

    def resumed(self, step_number: int, title: str, remaining_s: float, paused: bool) -> str:
        text = f"We carry on where we left off: step {self.number(step_number)}, {sentence(title)}"
        if remaining_s > 0:
            text += f" {self._left(remaining_s)}"
        if paused:
            text += f" We are on a break. Say {self._w(Command.RESUME)} to continue."
        return text

    def step_intro(
        self, number: int, count: int, title: str, prompt: str, allotted_s: float, soft: bool
    ) -> str:
        if self.brief:
            head = f"Step {self.number(number)}: {sentence(title)}"
            tail = "" if soft else f" {self.duration(allotted_s).capitalize()}."
        else:
            head = self.step_title(number, count, title)
            tail = "" if soft else f" This step takes {self.duration(allotted_s)}."
        return f"{head} {prompt}{tail}".strip()

    def step_title(self, number: int, count: int, title: str) -> str:
        return f"Step {self.number(number)} of {self.number(count)}: {sentence(title)}"

    def who_speaks(self, role: str, casusinbrenger: str) -> str:
        return {
            "casusinbrenger": f"{casusinbrenger} speaks.",
            "deelnemers": "The others speak.",
            "iedereen": "Everyone takes part.",
            "stil": "We work in silence.",
        }.get(role, "")

    def checkin_round(self) -> str:
        if self.brief:
            return "First the check-in: how are you arriving? One sentence."
        return (
            "We start with a short check-in round. "
            "In turn, say in one sentence how you are arriving today."
        )

    def evaluation_round(self) -> str:
        if self.brief:
            return "Finally the evaluation: what did it bring you, and how did we work?"
        return (
            "Finally a short evaluation. In turn, say what this session brought you, "
            "and how we worked together."
        )

    def follow_up(self, names: Sequence[str]) -> str:
        if not names:
            return ""
        if len(names) == 1:
            return f"{names[0]}, last time you brought a case. What did you do with it?"
        return f"{self.names(names)}, last time you brought a case. What did you do with it?"

    def turn_call(self, name: str, allotted_s: float, first: bool = True) -> str:
        if self.brief:
            return f"{name}."
        if allotted_s <= 0 or not first:
            return f"{name}, it is your turn."
        return f"{name}, you start. Everyone has about {self.duration(allotted_s)}."

    def round_complete(self) -> str:
        if self.brief:
            return "Everyone has had a turn."
        return (
            f"Everyone has had a turn. Say {self._w(Command.NEXT_STEP)} when you want to move on."
        )

    def round_done(self) -> str:
        return "Everyone has had a turn."

    def after_round(self, prompt: str, remaining_s: float, soft: bool) -> str:
        if soft or remaining_s < 1:
            return prompt
        return f"{prompt} {self._left(remaining_s)}"

    def closing(self, casusinbrenger: str) -> str:
        if self.brief:
            return "The session is complete. Thank you."
        return "That was the last step. The session is complete. Thank you all for taking part."

    def warning(self, seconds_left: float) -> str:
        if self.brief:
            return self._left(seconds_left)
        return f"{self.duration(seconds_left).capitalize()} left for this step."

    def turn_warning(self, name: str, seconds_left: float) -> str:
        return f"{name}, {self.duration(seconds_left)} left."

    def time_up(self, more_time_s: float, hint: bool = True) -> str:
        if self.brief:
            return "Time is up."
        if not hint:
            return "Time is up for this step."
        return (
            f"Time is up for this step. Say {self._w(Command.NEXT_STEP)} to move on, or "
            f"{self._w(Command.MORE_TIME)} for {self.duration(more_time_s)} more."
        )

    def turn_time_up(
        self, name: str, then: TurnEnd = TurnEnd.NEXT_SPEAKER, hint: bool = True
    ) -> str:
        if self.brief:
            return f"Thank you, {name}."
        if not hint and then is TurnEnd.NEXT_SPEAKER:
            return f"{name}, your time is up."
        if then is TurnEnd.CLOSE_ROUND:
            return (
                f"{name}, your time is up. Say {self._w(Command.NEXT_SPEAKER)} to close the round."
            )
        if then is TurnEnd.NEXT_STEP:
            return (
                f"{name}, your time is up. Everyone has had a turn. "
                f"Say {self._w(Command.NEXT_STEP)} to move on."
            )
        return f"{name}, your time is up. Say {self._w(Command.NEXT_SPEAKER)} for the next person."

    def overtime(self, over_s: float) -> str:
        if self.brief:
            return f"{self.duration(over_s).capitalize()} over time."
        return (
            f"We are {self.duration(over_s)} over time. "
            f"Do you move on, or take {self._w(Command.MORE_TIME)}?"
        )

    def checkin(self, elapsed_s: float) -> str:
        if self.brief:
            return f"{self.duration(elapsed_s).capitalize()} on this step."
        return (
            f"You have been on this step for {self.duration(elapsed_s)}. Take the time you "
            f"need. Say {self._w(Command.NEXT_STEP)} when you want to move on."
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
            text = f"You have been on this step for {self.duration(elapsed_s)}."
        elif remaining_s >= 0.5:
            text = f"{self.duration(remaining_s).capitalize()} left for this step."
        else:
            text = f"This step is {self.duration(-remaining_s)} over time."
        if turn_name and not soft:
            if turn_remaining_s >= 0.5:
                text += f" {turn_name} has {self.duration(turn_remaining_s)} left."
            else:
                text += f" {turn_name}'s time is up."
        if paused:
            text += " We are on a break."
        return text
