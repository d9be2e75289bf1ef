"""Everything the room display shows in words, in Dutch and English (``--taal en``).

The page gets these as one JSON object, so the browser code holds no language of its own.
The buttons follow the terminal's key map (``display.keys.BINDINGS``): same keys, same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitator.display.keys import BINDINGS
from facilitator.events import CHOICES, Answer, Command, PeopleChangeKind, Scope
from facilitator.roomscreen.people_texts import PEOPLE_WORDS, change_label, changes_for_page

#: Command labels on the buttons. "p" is one button: pause when running, continue when paused.
_COMMANDS: dict[str, dict[Command, str]] = {
    "nl": {
        Command.NEXT_STEP: "Volgende stap",
        Command.PREVIOUS_STEP: "Vorige stap",
        Command.MORE_TIME: "Meer tijd",
        Command.PAUSE: "Pauze",
        Command.RESUME: "Verder",
        Command.TOGGLE_PAUSE: "Pauze/verder",
        Command.REPEAT: "Herhaal",
        Command.TIME_LEFT: "Resterende tijd",
        Command.NEXT_SPEAKER: "Volgende spreker",
        Command.QUESTIONS: "Inspiratievragen",
        Command.HELP: "Help",
        Command.STOP: "Stoppen",
        Command.CONFIRM: "Ja, stoppen",
        Command.CANCEL: "Nee, doorgaan",
        Command.RULE: "Spelregel",
        Command.MORE_HELP: "Meer hulp",
        Command.BRIEF: "Korte uitleg",
        Command.FULL: "Uitgebreide uitleg",
        Command.ANOTHER_CASE: "Nog een casus",
        Command.SOMEONE_JOINS: "Er is iemand bij",
    },
    "en": {
        Command.NEXT_STEP: "Next step",
        Command.PREVIOUS_STEP: "Previous step",
        Command.MORE_TIME: "More time",
        Command.PAUSE: "Pause",
        Command.RESUME: "Continue",
        Command.TOGGLE_PAUSE: "Pause/continue",
        Command.REPEAT: "Repeat",
        Command.TIME_LEFT: "Time left",
        Command.NEXT_SPEAKER: "Next speaker",
        Command.QUESTIONS: "Questions",
        Command.HELP: "Help",
        Command.STOP: "Stop",
        Command.CONFIRM: "Yes, stop",
        Command.CANCEL: "No, go on",
        Command.RULE: "Ground rule",
        Command.MORE_HELP: "More help",
        Command.BRIEF: "Short version",
        Command.FULL: "Full version",
        Command.ANOTHER_CASE: "Another case",
        Command.SOMEONE_JOINS: "Someone joined",
    },
}

_ROLES: dict[str, dict[str, str]] = {
    "nl": {
        "casusinbrenger": "de casusinbrenger",
        "deelnemers": "de deelnemers",
        "iedereen": "iedereen",
        "stil": "niemand: stil schrijven of nadenken",
    },
    "en": {
        "casusinbrenger": "the case holder",
        "deelnemers": "the participants",
        "iedereen": "everyone",
        "stil": "nobody: quiet writing or thinking",
    },
}

_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "page_title": "Kamerscherm — intervisie",
        "step": "Stap {n} van {count}",
        "who": "Aan het woord",
        "turn": "Beurt {n} van {count}: {name}",
        "round_done": "Ronde rond: iedereen is aan de beurt geweest",
        "turn_left": "Tijd voor deze beurt",
        "step_left": "Tijd voor deze stap",
        "planned_end": "Gepland einde: {time}",
        "people": "Aanwezig: {names}",
        "case": "Casus {n}: {name}",
        "case_open": "Casus {n}: nog te kiezen",
        "waiting": "Even wachten…",
        "running": "Tijd loopt",
        "paused": "GEPAUZEERD",
        "overtime": "OVER TIJD",
        "soft": "Vrije tijd (geen harde grens)",
        "ended": "Sessie afgelopen",
        "stop_pending": "Echt stoppen?",
        "captions": "Wat er gezegd is",
        "notices": "Meldingen",
        "commands": "Opdrachten",
        "connected": "Verbonden",
        "disconnected": "Verbinding verbroken — opnieuw verbinden…",
        "sent": "Verstuurd: {label}",
        "send_failed": "Niet verstuurd: {label}",
        "display": "Weergave",
        "contrast": "Hoog contrast",
        "large": "Grote letters",
        "keys_hint": "Toets {key}",
        "space": "spatie",
        "warn_step": "Nog {time} voor deze stap",
        "warn_turn": "Nog {time} voor de beurt van {name}",
        "up_step": "De tijd voor deze stap is om",
        "up_turn": "De tijd voor {name} is om",
        "over_step": "{time} over tijd",
        "ended_done": "Sessie afgerond.",
        "ended_stopped": "Sessie gestopt.",
        "refused": "Niet uitgevoerd: {label}",
        "code_title": "Code voor het kamerscherm",
        "code_label": "Code",
        "code_help": "De code staat in het venster van de facilitator; vraag om 'help' "
        "en hij zegt de code.",
        "code_submit": "Openen",
        "code_wrong": "Deze code klopt niet. Probeer het opnieuw.",
        "code_wait": "Te vaak een verkeerde code. Wacht een minuut.",
        "minutes": "{n} min",
        "seconds": "{n} s",
    },
    "en": {
        "page_title": "Room display — peer consultation",
        "step": "Step {n} of {count}",
        "who": "Speaking",
        "turn": "Turn {n} of {count}: {name}",
        "round_done": "Round complete: everyone has had a turn",
        "turn_left": "Time for this turn",
        "step_left": "Time for this step",
        "planned_end": "Planned end: {time}",
        "people": "Present: {names}",
        "case": "Case {n}: {name}",
        "case_open": "Case {n}: still to choose",
        "waiting": "Please wait…",
        "running": "Time running",
        "paused": "PAUSED",
        "overtime": "OVER TIME",
        "soft": "Open time (no hard limit)",
        "ended": "Session ended",
        "stop_pending": "Really stop?",
        "captions": "What was said",
        "notices": "Notices",
        "commands": "Commands",
        "connected": "Connected",
        "disconnected": "Connection lost — reconnecting…",
        "sent": "Sent: {label}",
        "send_failed": "Not sent: {label}",
        "display": "Display",
        "contrast": "High contrast",
        "large": "Large text",
        "keys_hint": "Key {key}",
        "space": "space",
        "warn_step": "{time} left for this step",
        "warn_turn": "{time} left for {name}'s turn",
        "up_step": "Time is up for this step",
        "up_turn": "Time is up for {name}",
        "over_step": "{time} over time",
        "ended_done": "Session completed.",
        "ended_stopped": "Session stopped.",
        "refused": "Not done: {label}",
        "code_title": "Code for the room display",
        "code_label": "Code",
        "code_help": "The code is shown in the facilitator's window; ask for 'help' and it "
        "says the code.",
        "code_submit": "Open",
        "code_wrong": "That code is not right. Try again.",
        "code_wait": "Too many wrong codes. Wait a minute.",
        "minutes": "{n} min",
        "seconds": "{n} s",
    },
}

SECONDS_PER_MINUTE = 60


#: Answer buttons of a question the device asks (set-up by voice).
_ANSWERS: dict[str, dict[Answer, str]] = {
    "nl": {
        Answer.YES: "Ja",
        Answer.NO: "Nee",
        Answer.AGAIN: "Opnieuw",
        Answer.BEGIN: "Intervisie beginnen",
        **{c: str(n) for n, c in enumerate(CHOICES, start=1)},
        Answer.HOUR: "Een uur",
        Answer.HOUR_AND_HALF: "Anderhalf uur",
        Answer.TWO_HOURS: "Twee uur",
        Answer.TWO_AND_HALF_HOURS: "Tweeënhalf uur",
        Answer.THREE_HOURS: "Drie uur",
        Answer.DONE: "Klaar",
    },
    "en": {
        Answer.YES: "Yes",
        Answer.NO: "No",
        Answer.AGAIN: "Again",
        Answer.BEGIN: "Start intervision",
        **{c: str(n) for n, c in enumerate(CHOICES, start=1)},
        Answer.HOUR: "One hour",
        Answer.HOUR_AND_HALF: "An hour and a half",
        Answer.TWO_HOURS: "Two hours",
        Answer.TWO_AND_HALF_HOURS: "Two and a half hours",
        Answer.THREE_HOURS: "Three hours",
        Answer.DONE: "Done",
    },
}


@dataclass(frozen=True, slots=True)
class Texts:
    """The words of one language."""

    language: str

    def word(self, key: str, **values: Any) -> str:
        words = _WORDS[self.language]
        text = words[key] if key in words else PEOPLE_WORDS[self.language][key]
        return text.format(**values)

    def change(self, kind: PeopleChangeKind) -> str:
        """The label of a change-of-people button ("Iemand doet mee")."""
        return change_label(self.language, kind)

    def command(self, command: Command) -> str:
        return _COMMANDS[self.language][command]

    def heard(self, command: Command) -> str:
        """What the event log records as "heard" for a button: its words."""
        return self.command(command).lower()

    def answer(self, answer: Answer) -> str:
        return _ANSWERS[self.language][answer]

    def role(self, role: str) -> str:
        return _ROLES[self.language].get(role, role)

    def duration(self, seconds: float) -> str:
        """ "2 min", "1,5 min" / "1.5 min", "30 s"."""
        if round(seconds) < SECONDS_PER_MINUTE:
            return self.word("seconds", n=round(seconds))
        minutes = seconds / SECONDS_PER_MINUTE
        if abs(minutes - round(minutes)) < 0.05:  # within 3 s of whole minutes
            return self.word("minutes", n=round(minutes))
        text = f"{minutes:.1f}"
        return self.word("minutes", n=text.replace(".", ",") if self.language == "nl" else text)

    def warning(self, scope: Scope, seconds_left: float, name: str) -> str:
        time = self.duration(seconds_left)
        if scope is Scope.TURN and name:
            return self.word("warn_turn", time=time, name=name)
        return self.word("warn_step", time=time)

    def time_up(self, scope: Scope, overtime_s: float, name: str) -> str:
        text = (
            self.word("up_turn", name=name)
            if scope is Scope.TURN and name
            else self.word("up_step")
        )
        if overtime_s > 0:
            text += " — " + self.word("over_step", time=self.duration(overtime_s))
        return text

    def spoken_code(self, code: str) -> str:
        """The code for the ear: every digit a word ("vier, acht, twee, …")."""
        from facilitator.phrases import en_words, nl_words

        words = en_words if self.language == "en" else nl_words
        digits = ", ".join(words.number(int(d)) for d in code)
        if self.language == "en":
            return f"The code for the room display is: {digits}."
        return f"De code voor het kamerscherm is: {digits}."

    def for_page(self) -> dict[str, Any]:
        """The JSON the page starts with: words, command labels and the key map."""
        buttons = []
        for binding in BINDINGS:
            command = binding.command
            keys = [" " if k == " " else k for k in binding.keys]
            label_key = binding.label.replace("spatie", self.word("space"))
            if command in (Command.PAUSE, Command.TOGGLE_PAUSE):  # one button, like the "p" key
                buttons.append(
                    {
                        "command": Command.TOGGLE_PAUSE.value,
                        "label": self.command(Command.PAUSE),
                        "label_paused": self.command(Command.RESUME),
                        "keys": keys,
                        "key_label": label_key,
                    }
                )
                continue
            buttons.append(
                {
                    "command": command.value,
                    "label": self.command(command),
                    "keys": keys,
                    "key_label": label_key,
                }
            )
        return {
            "lang": self.language,
            "words": {**_WORDS[self.language], **PEOPLE_WORDS[self.language]},
            "buttons": buttons,
            "changes": changes_for_page(self.language),
        }


def texts_for(language: str) -> Texts:
    return Texts(language if language in _WORDS else "nl")
