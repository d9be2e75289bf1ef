"""The English phrase pack (for rehearsal and non-Dutch groups)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from facilitator.events import Command
from facilitator.phrases import en_words
from facilitator.phrases.base import Refusal, TurnEnd, sentence
from facilitator.phrases.en_errors import EnglishErrors
from facilitator.phrases.en_words import HALF_MINUTE_S, clock_time, duration, number

DEFAULT_WORDS: Mapping[Command, str] = {
    Command.NEXT_STEP: "next step",
    Command.PREVIOUS_STEP: "previous step",
    Command.MORE_TIME: "more time",
    Command.PAUSE: "pause please",
    Command.RESUME: "carry on",
    Command.REPEAT: "repeat",
    Command.TIME_LEFT: "time left",
    Command.NEXT_SPEAKER: "next speaker",
    Command.QUESTIONS: "questions",
    Command.HELP: "help",
    Command.STOP: "stop session",
    Command.CONFIRM: "yes, stop",
    Command.CANCEL: "no, continue",
}

_LABELS: Mapping[Command, str] = {
    Command.NEXT_STEP: "go to the next step",
    Command.PREVIOUS_STEP: "go back to the previous step",
    Command.MORE_TIME: "get more time for this step",
    Command.PAUSE: "pause",
    Command.TOGGLE_PAUSE: "pause or continue",
    Command.RESUME: "continue after a pause",
    Command.REPEAT: "hear the instructions again",
    Command.TIME_LEFT: "hear how much time is left",
    Command.NEXT_SPEAKER: "move to the next person in the round",
    Command.QUESTIONS: "hear the inspiration questions",
    Command.HELP: "hear this help",
    Command.STOP: "stop the session",
    Command.CONFIRM: "confirm stopping",
    Command.CANCEL: "carry on after all",
}

_REFUSALS: Mapping[Refusal, str] = {
    Refusal.NOT_STARTED: "The session has not started yet.",
    Refusal.FINISHED: "The session has already ended.",
    Refusal.FIRST_STEP: "This is the first step; there is no previous step.",
    Refusal.NOT_A_ROUND: "This step is not a round; there is no next speaker.",
    Refusal.ROUND_COMPLETE: "Everyone has already had a turn in this round.",
    Refusal.NOT_PAUSED: "The session is not paused.",
    Refusal.ALREADY_PAUSED: "The session is already paused.",
    Refusal.PAUSED: "The session is paused. Say '{resume}' first.",
    Refusal.NO_STOP_PENDING: "There is nothing to confirm or withdraw.",
    Refusal.STOP_PENDING: "Say '{confirm}' or '{cancel}' first.",
    Refusal.NO_QUESTIONS: "This step has no inspiration questions.",
}


class EnglishPhrases(EnglishErrors):
    language = "en"

    def __init__(self, command_words: Mapping[Command, str] | None = None) -> None:
        self._words = {**DEFAULT_WORDS, **(command_words or {})}

    def number(self, n: int) -> str:
        return number(n)

    def duration(self, seconds: float) -> str:
        return duration(seconds)

    def clock_time(self, at: datetime) -> str:
        return clock_time(at)

    def names(self, names: Sequence[str]) -> str:
        return en_words.names(names)

    def command_words(self, command: Command) -> str:
        return self._words[command]

    def command_label(self, command: Command) -> str:
        return _LABELS[command]

    def _w(self, command: Command) -> str:
        return f"'{self._words[command]}'"

    def welcome(self, method_name: str, participants: Sequence[str], casusinbrenger: str) -> str:
        return (
            f"Welcome to this peer consultation. Today's method: {method_name}. "
            f"Taking part today: {self.names(participants)}. {casusinbrenger} brings the case. "
            f"I keep the time and the steps; say {self._w(Command.HELP)} to hear what you can "
            "ask me."
        )

    def meeting_intro(self, number: int, title: str) -> str:
        return f"This is meeting {self.number(number)}: {sentence(title)}"

    def resumed(self, step_number: int, title: str, remaining_s: float, paused: bool) -> str:
        text = f"We carry on where we left off: step {self.number(step_number)}, {sentence(title)}"
        if remaining_s > 0:
            text += f" There is {self.duration(remaining_s)} left."
        if paused:
            text += f" The session is paused; say {self._w(Command.RESUME)} to continue."
        return text

    def step_intro(
        self, number: int, count: int, title: str, prompt: str, allotted_s: float, soft: bool
    ) -> str:
        head = f"Step {self.number(number)} of {self.number(count)}: {sentence(title)}"
        tail = "" if soft else f" You have {self.duration(allotted_s)} for this."
        return f"{head} {prompt}{tail}".strip()

    def step_title(self, number: int, count: int, title: str) -> str:
        return f"Step {self.number(number)} of {self.number(count)}: {sentence(title)}"

    def rule_reminder(self, rule: str) -> str:
        return f"Remember: {sentence(rule)}"

    def turn_call(self, name: str, allotted_s: float) -> str:
        if allotted_s <= 0:
            return f"{name}, it is your turn."
        return f"{name}, it is your turn. You have about {self.duration(allotted_s)}."

    def round_complete(self) -> str:
        return (
            "Everyone has had a turn; the round is complete. "
            f"Say {self._w(Command.NEXT_STEP)} when you want to move on."
        )

    def round_done(self) -> str:
        return "Everyone has had a turn; the round is complete."

    def after_round(self, prompt: str, remaining_s: float, soft: bool) -> str:
        if soft or remaining_s < 1:
            return prompt
        return f"{prompt} You have {self.duration(remaining_s)} left for this."

    def closing(self, casusinbrenger: str) -> str:
        return (
            "That was the last step; the session is complete. Thank you all, and "
            f"{casusinbrenger}, good luck with your case."
        )

    def warning(self, seconds_left: float) -> str:
        return f"{self.duration(seconds_left).capitalize()} left for this step."

    def turn_warning(self, name: str, seconds_left: float) -> str:
        return f"{name}, {self.duration(seconds_left)} left."

    def time_up(self, more_time_s: float) -> str:
        return (
            f"Time is up for this step. Say {self._w(Command.NEXT_STEP)} to move on, or "
            f"{self._w(Command.MORE_TIME)} for {self.duration(more_time_s)} more."
        )

    def turn_time_up(self, name: str, then: TurnEnd = TurnEnd.NEXT_SPEAKER) -> str:
        if then is TurnEnd.CLOSE_ROUND:
            return (
                f"{name}, your time is up. Say {self._w(Command.NEXT_SPEAKER)} to close the round."
            )
        if then is TurnEnd.NEXT_STEP:
            return (
                f"{name}, your time is up; everyone has had a turn. "
                f"Say {self._w(Command.NEXT_STEP)} to move on."
            )
        return f"{name}, your time is up. Say {self._w(Command.NEXT_SPEAKER)} for the next person."

    def overtime(self, over_s: float) -> str:
        return (
            f"You are {self.duration(over_s)} over time. "
            f"Say {self._w(Command.NEXT_STEP)} or {self._w(Command.MORE_TIME)}."
        )

    def checkin(self, elapsed_s: float) -> str:
        return (
            f"You have been on this step for {self.duration(elapsed_s)}. Take the time you "
            f"need, and say {self._w(Command.NEXT_STEP)} when you want to move on."
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
            text += " The session is paused."
        return text

    def questions_intro(self) -> str:
        return "Inspiration questions for this step."

    def help_intro(self) -> str:
        return "This is what you can say to me."

    def help_voice(self, phrases: Mapping[Command, Sequence[str]]) -> str:
        parts = [f"'{s[0]}' to {self.command_label(c)}" for c, s in phrases.items() if s]
        return "Say " + "; ".join(parts) + "." if parts else ""

    def help_keys(self, keys: Mapping[Command, str]) -> str:
        parts = [f"{key} to {self.command_label(c)}" for c, key in keys.items()]
        return "On the keyboard: " + "; ".join(parts) + "." if parts else ""

    def ack_next_step(self) -> str:
        return "Next step."

    def ack_previous_step(self) -> str:
        return "Back to the previous step, with the time it had left."

    def ack_more_time(self, extra_s: float, end: datetime, delay_s: float) -> str:
        # to the half minute, like the extra time; under 45 s it is "as planned"
        halves = round(delay_s / HALF_MINUTE_S)
        if halves > 1:
            when = f"{self.duration(halves * HALF_MINUTE_S)} later than planned"
        elif halves < -1:
            when = f"{self.duration(-halves * HALF_MINUTE_S)} earlier than planned"
        else:
            when = "as planned"
        return (
            f"{self.duration(extra_s).capitalize()} extra. The session now runs until about "
            f"{self.clock_time(end)}, {when}."
        )

    def ack_pause(self) -> str:
        return f"Paused. Say {self._w(Command.RESUME)} when you want to continue."

    def ack_resume(self) -> str:
        return "Let's continue."

    def ack_repeat(self) -> str:
        return "Once more."

    def ack_next_speaker(self) -> str:
        return "Next."

    def ask_stop(self) -> str:
        return (
            f"Are you sure? Say {self._w(Command.CONFIRM)} to stop the session, "
            f"or {self._w(Command.CANCEL)}."
        )

    def ack_stop_confirmed(self) -> str:
        return "The session has stopped. Thank you, until next time."

    def ack_cancel(self) -> str:
        return "We carry on."

    def stop_expired(self) -> str:
        return "Stopping was not confirmed; we carry on."

    def refusal(self, reason: Refusal) -> str:
        return _REFUSALS[reason].format(
            resume=self._words[Command.RESUME],
            confirm=self._words[Command.CONFIRM],
            cancel=self._words[Command.CANCEL],
        )
