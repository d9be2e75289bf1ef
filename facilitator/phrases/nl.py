"""The Dutch phrase pack (the product's language)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from facilitator.events import Command
from facilitator.phrases import nl_words
from facilitator.phrases.base import Refusal, TurnEnd, sentence
from facilitator.phrases.nl_errors import DutchErrors
from facilitator.phrases.nl_words import HALF_MINUTE_S

#: What people say for each command (overridden by the listening part's vocabulary).
DEFAULT_WORDS: Mapping[Command, str] = {
    Command.NEXT_STEP: "volgende stap",
    Command.PREVIOUS_STEP: "vorige stap",
    Command.MORE_TIME: "meer tijd",
    Command.PAUSE: "even pauze",
    Command.RESUME: "verder gaan",
    Command.REPEAT: "herhaal",
    Command.TIME_LEFT: "hoeveel tijd",
    Command.NEXT_SPEAKER: "volgende spreker",
    Command.QUESTIONS: "inspiratievragen",
    Command.HELP: "help",
    Command.STOP: "sessie stoppen",
    Command.CONFIRM: "ja, stoppen",
    Command.CANCEL: "nee, doorgaan",
}

_LABELS: Mapping[Command, str] = {
    Command.NEXT_STEP: "om naar de volgende stap te gaan",
    Command.PREVIOUS_STEP: "om terug te gaan naar de vorige stap",
    Command.MORE_TIME: "om meer tijd te krijgen",
    Command.PAUSE: "om te pauzeren",
    Command.TOGGLE_PAUSE: "om te pauzeren of verder te gaan",
    Command.RESUME: "om na een pauze verder te gaan",
    Command.REPEAT: "om de uitleg nog eens te horen",
    Command.TIME_LEFT: "om te horen hoeveel tijd er nog is",
    Command.NEXT_SPEAKER: "om de volgende in de ronde het woord te geven",
    Command.QUESTIONS: "om de inspiratievragen te horen",
    Command.HELP: "om deze hulp te horen",
    Command.STOP: "om de sessie te stoppen",
    Command.CONFIRM: "om het stoppen te bevestigen",
    Command.CANCEL: "om toch door te gaan",
}


_REFUSALS: Mapping[Refusal, str] = {
    Refusal.NOT_STARTED: "De sessie is nog niet begonnen.",
    Refusal.FINISHED: "De sessie is al afgelopen.",
    Refusal.FIRST_STEP: "Dit is de eerste stap; er is geen vorige stap.",
    Refusal.NOT_A_ROUND: "Deze stap is geen ronde; er is geen volgende spreker.",
    Refusal.ROUND_COMPLETE: "Iedereen is in deze ronde al aan de beurt geweest.",
    Refusal.NOT_PAUSED: "De sessie is niet gepauzeerd.",
    Refusal.ALREADY_PAUSED: "De sessie is al gepauzeerd.",
    Refusal.PAUSED: "De sessie is gepauzeerd. Zeg eerst '{resume}'.",
    Refusal.NO_STOP_PENDING: "Er is niets om te bevestigen of in te trekken.",
    Refusal.STOP_PENDING: "Zeg eerst '{confirm}' of '{cancel}'.",
    Refusal.NO_QUESTIONS: "Bij deze stap zijn geen inspiratievragen.",
}


class DutchPhrases(DutchErrors):
    language = "nl"

    def __init__(self, command_words: Mapping[Command, str] | None = None) -> None:
        self._words = {**DEFAULT_WORDS, **(command_words or {})}

    # ---------------------------------------------------------------- words
    def number(self, n: int) -> str:
        return nl_words.number(n)

    def duration(self, seconds: float) -> str:
        return nl_words.duration(seconds)

    def clock_time(self, at: datetime) -> str:
        return nl_words.clock_time(at)

    def names(self, names: Sequence[str]) -> str:
        return nl_words.names(names)

    def command_words(self, command: Command) -> str:
        return self._words[command]

    def command_label(self, command: Command) -> str:
        return _LABELS[command]

    def _w(self, command: Command) -> str:
        return f"'{self._words[command]}'"

    # ---------------------------------------------------------------- session flow
    def welcome(self, method_name: str, participants: Sequence[str], casusinbrenger: str) -> str:
        return (
            f"Welkom bij de intervisie. De methode van vandaag: {method_name}. "
            f"Vandaag doen mee: {self.names(participants)}. "
            f"{casusinbrenger} brengt de casus in. Ik houd de tijd en de stappen bij; "
            f"zeg {self._w(Command.HELP)} als je wilt horen wat je tegen mij kunt zeggen."
        )

    def meeting_intro(self, number: int, title: str) -> str:
        return f"Dit is bijeenkomst {self.number(number)}: {sentence(title)}"

    def resumed(self, step_number: int, title: str, remaining_s: float, paused: bool) -> str:
        where = f"stap {self.number(step_number)}, {sentence(title)}"
        text = f"We gaan verder waar we gebleven waren: {where}"
        if remaining_s > 0:
            text += f" Er is nog {self.duration(remaining_s)}."
        if paused:
            text += f" De sessie is gepauzeerd; zeg {self._w(Command.RESUME)} om door te gaan."
        return text

    def step_intro(
        self, number: int, count: int, title: str, prompt: str, allotted_s: float, soft: bool
    ) -> str:
        head = f"Stap {self.number(number)} van {self.number(count)}: {sentence(title)}"
        tail = "" if soft else f" Hiervoor hebben jullie {self.duration(allotted_s)}."
        return f"{head} {prompt}{tail}".strip()

    def step_title(self, number: int, count: int, title: str) -> str:
        return f"Stap {self.number(number)} van {self.number(count)}: {sentence(title)}"

    def rule_reminder(self, rule: str) -> str:
        return f"Denk eraan: {sentence(rule)}"

    def turn_call(self, name: str, allotted_s: float) -> str:
        if allotted_s <= 0:
            return f"{name}, jij bent aan de beurt."
        return f"{name}, jij bent aan de beurt. Je hebt ongeveer {self.duration(allotted_s)}."

    def round_complete(self) -> str:
        return (
            "Iedereen is aan de beurt geweest; de ronde is rond. "
            f"Zeg {self._w(Command.NEXT_STEP)} als jullie verder willen."
        )

    def round_done(self) -> str:
        return "Iedereen is aan de beurt geweest; de ronde is rond."

    def after_round(self, prompt: str, remaining_s: float, soft: bool) -> str:
        if soft or remaining_s < 1:
            return prompt
        return f"{prompt} Hiervoor hebben jullie nog {self.duration(remaining_s)}."

    def closing(self, casusinbrenger: str) -> str:
        return (
            "Dit was de laatste stap; de intervisie is klaar. "
            f"Dank jullie wel voor jullie inbreng, en {casusinbrenger}, veel succes met je casus."
        )

    # ---------------------------------------------------------------- time
    def warning(self, seconds_left: float) -> str:
        return f"Nog {self.duration(seconds_left)} voor deze stap."

    def turn_warning(self, name: str, seconds_left: float) -> str:
        return f"{name}, nog {self.duration(seconds_left)}."

    def time_up(self, more_time_s: float) -> str:
        return (
            "De tijd voor deze stap is om. "
            f"Zeg {self._w(Command.NEXT_STEP)} om verder te gaan, "
            f"of {self._w(Command.MORE_TIME)} voor {self.duration(more_time_s)} extra."
        )

    def turn_time_up(self, name: str, then: TurnEnd = TurnEnd.NEXT_SPEAKER) -> str:
        if then is TurnEnd.CLOSE_ROUND:
            return (
                f"{name}, je tijd is om. "
                f"Zeg {self._w(Command.NEXT_SPEAKER)} om de ronde af te ronden."
            )
        if then is TurnEnd.NEXT_STEP:
            return (
                f"{name}, je tijd is om; iedereen is aan de beurt geweest. "
                f"Zeg {self._w(Command.NEXT_STEP)} om verder te gaan."
            )
        return f"{name}, je tijd is om. Zeg {self._w(Command.NEXT_SPEAKER)} voor de volgende."

    def overtime(self, over_s: float) -> str:
        return (
            f"Jullie zijn {self.duration(over_s)} over de tijd. "
            f"Zeg {self._w(Command.NEXT_STEP)} of {self._w(Command.MORE_TIME)}."
        )

    def checkin(self, elapsed_s: float) -> str:
        return (
            f"Jullie zijn nu {self.duration(elapsed_s)} met deze stap bezig. Neem de tijd die "
            f"nodig is, en zeg {self._w(Command.NEXT_STEP)} als jullie verder willen."
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

    # ---------------------------------------------------------------- answers and acks
    def questions_intro(self) -> str:
        return "Inspiratievragen bij deze stap."

    def help_intro(self) -> str:
        return "Dit kun je tegen mij zeggen."

    def help_voice(self, phrases: Mapping[Command, Sequence[str]]) -> str:
        parts = [
            f"'{said[0]}' {self.command_label(command)}"
            for command, said in phrases.items()
            if said
        ]
        return "Zeg " + "; ".join(parts) + "." if parts else ""

    def help_keys(self, keys: Mapping[Command, str]) -> str:
        parts = [f"{key} {self.command_label(command)}" for command, key in keys.items()]
        return "Op het toetsenbord: " + "; ".join(parts) + "." if parts else ""

    def ack_next_step(self) -> str:
        return "Volgende stap."

    def ack_previous_step(self) -> str:
        return "Terug naar de vorige stap, met de tijd die er nog was."

    def ack_more_time(self, extra_s: float, end: datetime, delay_s: float) -> str:
        # to the half minute, like the extra time; under 45 s it is "as planned"
        halves = round(delay_s / HALF_MINUTE_S)
        if halves > 1:
            when = f"{self.duration(halves * HALF_MINUTE_S)} later dan gepland"
        elif halves < -1:
            when = f"{self.duration(-halves * HALF_MINUTE_S)} eerder dan gepland"
        else:
            when = "zoals gepland"
        return (
            f"{self.duration(extra_s).capitalize()} extra. De sessie loopt nu tot ongeveer "
            f"{self.clock_time(end)}, {when}."
        )

    def ack_pause(self) -> str:
        return f"Gepauzeerd. Zeg {self._w(Command.RESUME)} als jullie verder willen."

    def ack_resume(self) -> str:
        return "We gaan verder."

    def ack_repeat(self) -> str:
        return "Ik herhaal."

    def ack_next_speaker(self) -> str:
        return "Volgende."

    def ask_stop(self) -> str:
        return (
            f"Weet je het zeker? Zeg {self._w(Command.CONFIRM)} om de sessie te stoppen, "
            f"of {self._w(Command.CANCEL)}."
        )

    def ack_stop_confirmed(self) -> str:
        return "De sessie is gestopt. Dank jullie wel, tot de volgende keer."

    def ack_cancel(self) -> str:
        return "We gaan door."

    def stop_expired(self) -> str:
        return "Stoppen is niet bevestigd; we gaan door."

    def refusal(self, reason: Refusal) -> str:
        return _REFUSALS[reason].format(
            resume=self._words[Command.RESUME],
            confirm=self._words[Command.CONFIRM],
            cancel=self._words[Command.CANCEL],
        )
