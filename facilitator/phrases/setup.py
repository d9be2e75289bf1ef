"""What the device says while a group sets up a session by voice (``facilitator apparaat``).

Written for the ear like the rest of the packs: short sentences, numbers as words, one
question at a time, and every question says what can be answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from facilitator.phrases import en_words, nl_words


class SetupPhrases(Protocol):
    def ready(self) -> str: ...  # once, after the device started (before the wake question)
    def wake(self) -> str: ...  # the screen text of the wake question
    def present(self, name: str) -> str: ...
    def who_is_here(self) -> str: ...  # the group says its names (those the model knows)
    def heard_name(self, name: str) -> str: ...  # a name said: confirmed in a word
    def dropped_name(self, name: str) -> str: ...  # "opnieuw" after a name: it is taken back
    def how_many(self) -> str: ...  # without known names
    def too_few(self) -> str: ...
    def unanswered(self) -> str: ...  # nobody answered since the wake: back to waiting
    def people(self, names: Sequence[str]) -> str: ...
    def propose(self, method: str) -> str: ...
    def choose_method(self, methods: Sequence[str]) -> str: ...
    def duration(self) -> str: ...
    def too_short(self, method: str, minutes: float) -> str: ...
    def plan(self, steps: int, end: datetime) -> str: ...
    def has_case(self, name: str) -> str: ...
    def who_brings(self) -> str: ...  # opening the round in a choosing step
    def brings(self, name: str) -> str: ...
    def nobody_yet(self) -> str: ...
    def default_brings(self, name: str) -> str: ...
    def again(self) -> str: ...  # before a repeated question
    def counted_in(self, name: str) -> str: ...  # a roll call nobody answered
    def default_method(self, method: str) -> str: ...
    def default_duration(self) -> str: ...
    def resumed(self) -> str: ...  # a set-up that went on after a restart
    def hint_keys(self) -> str: ...  # the screen line: answering by keyboard


class DutchSetup:
    def ready(self) -> str:
        return "Ik ben klaar."

    def wake(self) -> str:
        return "Zeg: intervisie beginnen."

    def present(self, name: str) -> str:
        return f"Is {name} er?"

    def who_is_here(self) -> str:
        return "Wie is er? Zeg om de beurt je naam. Zeg klaar als iedereen er is."

    def heard_name(self, name: str) -> str:
        return f"{name}."

    def dropped_name(self, name: str) -> str:
        return f"{name} niet."

    def how_many(self) -> str:
        return "Met hoeveel mensen zijn jullie? Zeg een getal tot zes."

    def too_few(self) -> str:
        return "Met minder dan twee mensen kan het niet."

    def unanswered(self) -> str:
        return "Ik hoor geen antwoord. Ik wacht weer."

    def people(self, names: Sequence[str]) -> str:
        return f"Jullie zijn met {nl_words.number(len(names))}."

    def propose(self, method: str) -> str:
        return f"Doen we de {method}? Ja of nee."

    def choose_method(self, methods: Sequence[str]) -> str:
        items = ". ".join(
            f"{nl_words.number(n).capitalize()}: {m}" for n, m in enumerate(methods, start=1)
        )
        return f"Kies een nummer. {items}."

    def duration(self) -> str:
        return "Hoeveel tijd hebben jullie? Een uur, anderhalf uur of twee uur?"

    def too_short(self, method: str, minutes: float) -> str:
        return f"Dat is te kort. De {method} duurt minstens {nl_words.duration(minutes * 60)}."

    def plan(self, steps: int, end: datetime) -> str:
        count = nl_words.number(steps).capitalize()
        return f"{count} stappen, klaar om {nl_words.clock_time(end)}."

    def has_case(self, name: str) -> str:
        return f"{name}, heb jij een casus?"

    def who_brings(self) -> str:
        return "Wie brengt de casus in?"

    def brings(self, name: str) -> str:
        return f"{name} brengt de casus in."

    def nobody_yet(self) -> str:
        return "Nog niemand. Kies samen, en zeg dan weer volgende stap."

    def default_brings(self, name: str) -> str:
        return f"Ik hoorde niemand. {name} brengt de casus in."

    def again(self) -> str:
        return "Ik hoorde niets."

    def counted_in(self, name: str) -> str:
        return f"Ik reken {name} mee."

    def default_method(self, method: str) -> str:
        return f"Dan doen we de {method}."

    def default_duration(self) -> str:
        return "Dan nemen we de gewone tijd."

    def resumed(self) -> str:
        return "We gaan verder waar we waren."

    def hint_keys(self) -> str:
        return (
            "Toetsen: j = ja of klaar, n = nee, 1 tot 6 = een keuze, o = opnieuw, "
            "spatie = beginnen."
        )


class EnglishSetup:
    def ready(self) -> str:
        return "I am ready."

    def wake(self) -> str:
        return "Say: start intervision."

    def present(self, name: str) -> str:
        return f"Is {name} here?"

    def who_is_here(self) -> str:
        return "Who is here? Say your name, one by one. Say done when everyone is in."

    def heard_name(self, name: str) -> str:
        return f"{name}."

    def dropped_name(self, name: str) -> str:
        return f"Not {name}."

    def how_many(self) -> str:
        return "How many of you are there? Say a number up to six."

    def too_few(self) -> str:
        return "It takes at least two people."

    def unanswered(self) -> str:
        return "I hear no answer. I will wait again."

    def people(self, names: Sequence[str]) -> str:
        return f"There are {en_words.number(len(names))} of you."

    def propose(self, method: str) -> str:
        return f"Shall we do the {method}? Yes or no."

    def choose_method(self, methods: Sequence[str]) -> str:
        items = ". ".join(
            f"{en_words.number(n).capitalize()}: {m}" for n, m in enumerate(methods, start=1)
        )
        return f"Choose a number. {items}."

    def duration(self) -> str:
        return "How much time do you have? One hour, an hour and a half, or two hours?"

    def too_short(self, method: str, minutes: float) -> str:
        return f"That is too short. The {method} takes at least {en_words.duration(minutes * 60)}."

    def plan(self, steps: int, end: datetime) -> str:
        return f"{en_words.number(steps).capitalize()} steps, done at {en_words.clock_time(end)}."

    def has_case(self, name: str) -> str:
        return f"{name}, do you have a case?"

    def who_brings(self) -> str:
        return "Who brings the case?"

    def brings(self, name: str) -> str:
        return f"{name} brings the case."

    def nobody_yet(self) -> str:
        return "Nobody yet. Choose together, then say next step again."

    def default_brings(self, name: str) -> str:
        return f"I heard nobody. {name} brings the case."

    def again(self) -> str:
        return "I heard nothing."

    def counted_in(self, name: str) -> str:
        return f"I count {name} in."

    def default_method(self, method: str) -> str:
        return f"Then we do the {method}."

    def default_duration(self) -> str:
        return "Then we take the usual time."

    def resumed(self) -> str:
        return "We carry on where we were."

    def hint_keys(self) -> str:
        return "Keys: j = yes or done, n = no, 1 to 6 = a choice, o = again, space = start."


def setup_phrases(language: str) -> SetupPhrases:
    return EnglishSetup() if language == "en" else DutchSetup()
