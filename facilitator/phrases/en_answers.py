"""English answers to commands: acknowledgements, refusals, help (part of ``EnglishPhrases``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from facilitator.events import Command
from facilitator.phrases import en_words
from facilitator.phrases.base import HELP_FIRST, Refusal, sentence, spoken_list
from facilitator.phrases.en_words import HALF_MINUTE_S

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
    Command.RULE: "ground rule",
    Command.MORE_HELP: "more help",
    Command.BRIEF: "short version",
    Command.FULL: "full version",
    Command.ANOTHER_CASE: "another case",
    Command.SOMEONE_JOINS: "someone joined",
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
    Command.HELP: "hear what you can say",
    Command.STOP: "stop the session",
    Command.CONFIRM: "confirm stopping",
    Command.CANCEL: "carry on after all",
    Command.RULE: "hear this step's ground rule",
    Command.MORE_HELP: "hear all commands",
    Command.BRIEF: "hear only the short instructions from now on",
    Command.FULL: "hear the full instructions again",
    Command.ANOTHER_CASE: "discuss another case, when there is time for it",
    Command.SOMEONE_JOINS: "when someone of the group comes in",
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
    Refusal.NO_RULE: "This step has no separate ground rule.",
    Refusal.NAME_INVALID: "I cannot use that name. Give a short name, without a comma.",
    Refusal.ALREADY_PRESENT: "{name} is already here.",
    Refusal.TOO_MANY: "Nobody else can join.",
    Refusal.NOT_PRESENT: "{name} is not here. Present are {names}.",
    Refusal.TOO_FEW_LEFT: "Only one person would be left. Say '{stop}' if you want to stop.",
    Refusal.PRESENTER_LEAVES: (
        "{name} brings the case. Without {name} this case cannot go on. "
        "Say '{another}' for a new case, or '{stop}'."
    ),
    Refusal.ALREADY_PRESENTER: "{name} already brings the case.",
    Refusal.NO_PRESENTER: "First choose who brings the case.",
    Refusal.NOT_CHOOSING: ("You choose who brings the case in the step where you choose the case."),
    Refusal.NO_CHOOSING_STEP: "This method has no step for choosing the case.",
    Refusal.NAME_NEEDED: "Also say who brings the new case.",
    Refusal.SAME_PRESENTER: "{name} just brought the case. Choose someone else.",
    Refusal.NO_TIME: "There is no time left for that.",
    Refusal.CASE_NOT_BEGUN: "We have not started on the case yet.",
    Refusal.NO_CASE: "Nobody brings a case in this meeting.",
    Refusal.NOBODY_ABSENT: "Everyone of the group is already here.",
    Refusal.NO_ROLL_CALL: (
        "I do not go round the names here. Add someone with the keyboard or the room display."
    ),
}


class EnglishWords:
    language = "en"

    def __init__(
        self, command_words: Mapping[Command, str] | None = None, *, brief: bool = False
    ) -> None:
        self._given = dict(command_words or {})
        self._words = {**DEFAULT_WORDS, **self._given}
        self.brief = brief

    def number(self, n: int) -> str:
        return en_words.number(n)

    def duration(self, seconds: float) -> str:
        return en_words.duration(seconds)

    def clock_time(self, at: datetime) -> str:
        return en_words.clock_time(at)

    def names(self, names: Sequence[str]) -> str:
        return en_words.names(names)

    def command_words(self, command: Command) -> str:
        return self._words.get(command, command.value)

    def command_label(self, command: Command) -> str:
        return _LABELS.get(command, "")

    def _w(self, command: Command) -> str:
        return f"'{self.command_words(command)}'"


class EnglishAnswers(EnglishWords):
    def questions_intro(self) -> str:
        return "Inspiration questions for this step."

    def help_intro(self) -> str:
        return ""

    def help_voice(self, phrases: Mapping[Command, Sequence[str]]) -> str:
        said = [phrases[c][0] for c in HELP_FIRST if phrases.get(c)]
        more = phrases.get(Command.MORE_HELP)
        text = f"You can say: {spoken_list(said, 'or')}." if said else ""
        if more:
            text += f" Say '{more[0]}' for the rest."
        return text.strip()

    def help_more(self, phrases: Mapping[Command, Sequence[str]]) -> str:
        rest = [s[0] for c, s in phrases.items() if s and c not in HELP_FIRST]
        return f"You can also say: {spoken_list(rest, 'and')}." if rest else ""

    def help_keys(self, keys: Mapping[Command, str]) -> str:
        parts = [f"{key} to {self.command_label(c)}" for c, key in keys.items()]
        return "On the keyboard: " + "; ".join(parts) + "." if parts else ""

    def rule_reminder(self, rule: str) -> str:
        return f"The ground rule for this step: {sentence(rule)}"

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

    def ack_brief(self, brief: bool) -> str:
        return "Fine, I will keep it short." if brief else "Fine, I will explain in full again."

    def ask_stop(self) -> str:
        return (
            f"Are you sure? Say {self._w(Command.CONFIRM)} to stop the session, "
            f"or {self._w(Command.CANCEL)}."
        )

    def ack_stop_confirmed(self) -> str:
        return "The session has stopped. Thank you."

    def ack_cancel(self) -> str:
        return "We carry on."

    def stop_expired(self) -> str:
        return "Stopping was not confirmed; we carry on."

    def refusal(self, reason: Refusal, name: str = "", names: Sequence[str] = ()) -> str:
        return _REFUSALS[reason].format(
            resume=self.command_words(Command.RESUME),
            confirm=self.command_words(Command.CONFIRM),
            cancel=self.command_words(Command.CANCEL),
            stop=self.command_words(Command.STOP),
            another=self.command_words(Command.ANOTHER_CASE),
            name=name,
            names=self.names(names),
        )
