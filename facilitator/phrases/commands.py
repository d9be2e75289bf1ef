"""The Dutch names of the commands (screen lines, key legend, diagram, README) and what each
does: one table, so every view names a command the same way."""

from __future__ import annotations

from collections.abc import Mapping

from facilitator.events import Command, PeopleChangeKind

#: Short names: "Opdracht: volgende stap", "v = volgende stap".
COMMAND_NAMES: Mapping[Command, str] = {
    Command.NEXT_STEP: "volgende stap",
    Command.PREVIOUS_STEP: "vorige stap",
    Command.MORE_TIME: "meer tijd",
    Command.PAUSE: "pauze",
    Command.RESUME: "verder",
    Command.TOGGLE_PAUSE: "pauze/verder",
    Command.REPEAT: "herhaal",
    Command.TIME_LEFT: "resterende tijd",
    Command.NEXT_SPEAKER: "volgende spreker",
    Command.QUESTIONS: "inspiratievragen",
    Command.HELP: "help",
    Command.STOP: "stoppen",
    Command.CONFIRM: "ja, stoppen",
    Command.CANCEL: "nee, doorgaan",
    Command.RULE: "spelregel",
    Command.MORE_HELP: "meer hulp",
    Command.BRIEF: "korte uitleg",
    Command.FULL: "uitgebreide uitleg",
    Command.ANOTHER_CASE: "nog een casus",
    Command.SOMEONE_JOINS: "er is iemand bij",
}

#: What each command does, for people.
COMMAND_EFFECTS: Mapping[Command, str] = {
    Command.NEXT_STEP: "naar de volgende stap (na de laatste stap: afsluiten)",
    Command.PREVIOUS_STEP: "terug naar de vorige stap, met de tijd die er nog was",
    Command.MORE_TIME: "extra tijd voor deze stap (standaard 2 minuten)",
    Command.PAUSE: "de klok stilzetten",
    Command.RESUME: "de klok weer laten lopen",
    Command.TOGGLE_PAUSE: "de klok stilzetten, of weer laten lopen",
    Command.REPEAT: "de laatste tekst nog eens",
    Command.TIME_LEFT: "hoeveel tijd er nog is",
    Command.NEXT_SPEAKER: "de volgende in de ronde is aan de beurt",
    Command.QUESTIONS: "de inspiratievragen van deze stap voorlezen",
    Command.HELP: "de vijf handigste opdrachten (de toetsen staan op het scherm)",
    Command.STOP: "de sessie stoppen (vraagt om bevestiging)",
    Command.CONFIRM: "ja, de sessie echt stoppen",
    Command.CANCEL: "nee, toch doorgaan",
    Command.RULE: "de spelregel van deze stap",
    Command.MORE_HELP: "alle andere opdrachten",
    Command.BRIEF: "voortaan korte uitleg (voor een groep die de methode kent)",
    Command.FULL: "weer de hele uitleg bij elke stap",
    Command.ANOTHER_CASE: "de casus opnieuw, met een andere inbrenger (als er tijd is)",
    Command.SOMEONE_JOINS: "iemand van de groep komt binnen: de namen nalopen",
}

#: The changes of people that name someone (a key asks for the name), for the key legend,
#: the help and the diagram.
PEOPLE_NAMES: Mapping[PeopleChangeKind, str] = {
    PeopleChangeKind.JOIN: "iemand doet mee",
    PeopleChangeKind.LEAVE: "iemand gaat weg",
    PeopleChangeKind.PRESENTER: "casusinbrenger kiezen",
    PeopleChangeKind.ANOTHER_CASE: "nog een casus",
}
PEOPLE_EFFECTS: Mapping[PeopleChangeKind, str] = {
    PeopleChangeKind.JOIN: "een laatkomer doet mee (en komt aan de beurt in de rondes die komen)",
    PeopleChangeKind.LEAVE: "iemand gaat weg (en slaat de beurten over die nog komen)",
    PeopleChangeKind.PRESENTER: "wie de casus inbrengt (in de stap waarin jullie de casus kiezen)",
    PeopleChangeKind.ANOTHER_CASE: "nog een casus, met wie hem inbrengt (als er tijd is)",
}
