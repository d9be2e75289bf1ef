"""Dutch answers to commands: acknowledgements, refusals, help (part of ``DutchPhrases``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from facilitator.events import Command
from facilitator.phrases import nl_words
from facilitator.phrases.base import HELP_FIRST, Refusal, sentence, spoken_list
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
    Command.RULE: "spelregel",
    Command.MORE_HELP: "meer hulp",
    Command.BRIEF: "korte uitleg",
    Command.FULL: "uitgebreide uitleg",
    Command.ANOTHER_CASE: "nog een casus",
    Command.SOMEONE_JOINS: "er is iemand bij",
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
    Command.HELP: "om te horen wat je kunt zeggen",
    Command.STOP: "om de sessie te stoppen",
    Command.CONFIRM: "om het stoppen te bevestigen",
    Command.CANCEL: "om toch door te gaan",
    Command.RULE: "om de spelregel van deze stap te horen",
    Command.MORE_HELP: "om alle opdrachten te horen",
    Command.BRIEF: "om voortaan alleen de korte uitleg te horen",
    Command.FULL: "om weer de hele uitleg te horen",
    Command.ANOTHER_CASE: "om nog een casus te bespreken, als daar tijd voor is",
    Command.SOMEONE_JOINS: "als er iemand van de groep bij komt",
}

_REFUSALS: Mapping[Refusal, str] = {
    Refusal.NOT_STARTED: "De sessie is nog niet begonnen.",
    Refusal.FINISHED: "De sessie is al afgelopen.",
    Refusal.FIRST_STEP: "Dit is de eerste stap. Er is geen vorige stap.",
    Refusal.NOT_A_ROUND: "Deze stap is geen ronde. Er is geen volgende spreker.",
    Refusal.ROUND_COMPLETE: "Iedereen is in deze ronde al aan de beurt geweest.",
    Refusal.NOT_PAUSED: "De sessie is niet gepauzeerd.",
    Refusal.ALREADY_PAUSED: "De sessie is al gepauzeerd.",
    Refusal.PAUSED: "De sessie is gepauzeerd. Zeg eerst '{resume}'.",
    Refusal.NO_STOP_PENDING: "Er is niets om te bevestigen of in te trekken.",
    Refusal.STOP_PENDING: "Zeg eerst '{confirm}' of '{cancel}'.",
    Refusal.NO_QUESTIONS: "Bij deze stap zijn geen inspiratievragen.",
    Refusal.NO_RULE: "Bij deze stap is er geen aparte spelregel.",
    Refusal.NAME_INVALID: "Die naam kan ik niet gebruiken. Geef een korte naam, zonder komma.",
    Refusal.ALREADY_PRESENT: "{name} is er al.",
    Refusal.TOO_MANY: "Er kan niemand meer bij.",
    Refusal.NOT_PRESENT: "{name} is er niet. Aanwezig zijn {names}.",
    Refusal.TOO_FEW_LEFT: "Dan blijft er maar één over. Zeg '{stop}' als jullie willen stoppen.",
    Refusal.PRESENTER_LEAVES: (
        "{name} brengt de casus in. Zonder {name} kan deze casus niet verder. "
        "Zeg '{another}' voor een nieuwe casus, of '{stop}'."
    ),
    Refusal.ALREADY_PRESENTER: "{name} brengt de casus al in.",
    Refusal.NO_PRESENTER: "Kies eerst wie de casus inbrengt.",
    Refusal.NOT_CHOOSING: (
        "Wie de casus inbrengt, kiezen jullie in de stap waarin jullie de casus kiezen."
    ),
    Refusal.NO_CHOOSING_STEP: "Deze methode heeft geen stap om de casus te kiezen.",
    Refusal.NAME_NEEDED: "Zeg ook wie de nieuwe casus inbrengt.",
    Refusal.SAME_PRESENTER: "{name} bracht net de casus in. Kies iemand anders.",
    Refusal.NO_TIME: "Daar is geen tijd meer voor.",
    Refusal.CASE_NOT_BEGUN: "We zijn nog niet aan de casus begonnen.",
    Refusal.NO_CASE: "In deze bijeenkomst brengt niemand een casus in.",
    Refusal.NOBODY_ABSENT: "Iedereen van de groep is er al.",
    Refusal.NO_ROLL_CALL: (
        "Hier loop ik de namen niet na. Voeg iemand toe met het toetsenbord of het kamerscherm."
    ),
}


#: Command words espeak-ng stresses wrongly, written as it says them right ("spelreGEL").
_SAY_AS: Mapping[str, str] = {"spelregel": "spel-regel"}


def say_as(words: str) -> str:
    """A command phrase as the device speaks it (and the caption shows it)."""
    return " ".join(_SAY_AS.get(word, word) for word in words.split(" "))


class DutchWords:
    """Numbers, durations and command words; the base of the Dutch pack."""

    language = "nl"

    def __init__(
        self, command_words: Mapping[Command, str] | None = None, *, brief: bool = False
    ) -> None:
        self._given = dict(command_words or {})
        self._words = {**DEFAULT_WORDS, **self._given}
        #: a group that knows the method hears the short form of every line
        self.brief = brief

    def number(self, n: int) -> str:
        return nl_words.number(n)

    def duration(self, seconds: float) -> str:
        return nl_words.duration(seconds)

    def clock_time(self, at: datetime) -> str:
        return nl_words.clock_time(at)

    def names(self, names: Sequence[str]) -> str:
        return nl_words.names(names)

    def command_words(self, command: Command) -> str:
        return self._words.get(command, command.value)

    def command_label(self, command: Command) -> str:
        return _LABELS.get(command, "")

    def _w(self, command: Command) -> str:
        return f"'{say_as(self.command_words(command))}'"


class DutchAnswers(DutchWords):
    """What the device answers to a command."""

    def questions_intro(self) -> str:
        return "Inspiratievragen bij deze stap."

    def help_intro(self) -> str:
        return ""

    def help_voice(self, phrases: Mapping[Command, Sequence[str]]) -> str:
        """The short spoken help: the five most useful phrases, then how to hear the rest."""
        said = [say_as(phrases[c][0]) for c in HELP_FIRST if phrases.get(c)]
        more = phrases.get(Command.MORE_HELP)
        text = f"Zeg bijvoorbeeld: {spoken_list(said, 'of')}." if said else ""
        if more:
            text += f" Zeg '{say_as(more[0])}' voor de rest."
        return text.strip()

    def help_more(self, phrases: Mapping[Command, Sequence[str]]) -> str:
        """The other phrases (for "meer hulp"), without explanations."""
        rest = [say_as(s[0]) for c, s in phrases.items() if s and c not in HELP_FIRST]
        return f"Verder kun je zeggen: {spoken_list(rest, 'en')}." if rest else ""

    def help_keys(self, keys: Mapping[Command, str]) -> str:
        """The key legend for the screen (never spoken)."""
        parts = [f"{key} {self.command_label(command)}" for command, key in keys.items()]
        return "Op het toetsenbord: " + "; ".join(parts) + "." if parts else ""

    def rule_reminder(self, rule: str) -> str:
        return f"De regel bij deze stap: {sentence(rule)}"

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

    def ack_brief(self, brief: bool) -> str:
        """After "kort" / "uitgebreid": how the device will speak from now on."""
        return "Goed, ik houd het kort." if brief else "Goed, ik leg het weer uitgebreid uit."

    def ask_stop(self) -> str:
        return (
            f"Weet je het zeker? Zeg {self._w(Command.CONFIRM)} om de sessie te stoppen, "
            f"of {self._w(Command.CANCEL)}."
        )

    def ack_stop_confirmed(self) -> str:
        return "De sessie is gestopt. Dank jullie wel."

    def ack_cancel(self) -> str:
        return "We gaan door."

    def stop_expired(self) -> str:
        return "Stoppen is niet bevestigd. We gaan door."

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
