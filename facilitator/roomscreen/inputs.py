"""What a request from the room display's page becomes: the session's input events (pure).

Each reader takes the request's JSON body and returns the event to post, from
``InputSource.SCREEN``; it raises ``ValueError`` (or ``KeyError``/``TypeError`` on a body of
the wrong shape) when the body is not one the page sends: the server answers 400.
"""

from __future__ import annotations

from typing import Any

from facilitator.events import (
    Answer,
    AnswerGiven,
    Command,
    CommandIssued,
    InputSource,
    PeopleChange,
    PeopleChangeKind,
)
from facilitator.roomscreen.texts import Texts
from facilitator.session.people import clean_name

MAX_FIELD = 100  # characters of a question key or a name
#: What the page may ask for: the keyboard's commands, with "p" as one toggle.
PAGE_COMMANDS: frozenset[Command] = frozenset(Command) - {Command.PAUSE, Command.RESUME}


def command_event(body: Any, texts: Texts) -> CommandIssued:
    """``{"command": "next_step"}``: one of the page's buttons."""
    command = Command(body["command"])
    if command not in PAGE_COMMANDS:
        raise ValueError(f"not a command of the page: {command}")
    return CommandIssued(command, InputSource.SCREEN, heard=texts.heard(command))


def answer_event(body: Any) -> AnswerGiven:
    """``{"question": KEY, "answer": VALUE}`` or ``{"question": KEY, "name": NAME}``: the
    answer to the device's open question."""
    question = str(body["question"])[:MAX_FIELD]
    name = body.get("name")
    answer = None if name is not None else Answer(body["answer"])
    if name is not None and (not isinstance(name, str) or len(name) > MAX_FIELD):
        raise ValueError("not a name")
    return AnswerGiven(question, answer, InputSource.SCREEN, name=name)


def people_event(body: Any, texts: Texts) -> PeopleChange:
    """``{"kind": "join", "name": "Eva"}``: a change of people from the page's chooser. The
    name is cleaned as the keyboard's is (``clean_name``); one the session cannot use goes
    on as typed, and the session says why not. Only another case may leave it empty (the
    group chooses in its step)."""
    kind = PeopleChangeKind(body["kind"])
    given = body.get("name", "")
    if not isinstance(given, str) or len(given) > MAX_FIELD:
        raise ValueError("not a name")
    name = clean_name(given) or given.strip()
    if not name and kind is not PeopleChangeKind.ANOTHER_CASE:
        raise ValueError("a name is needed")
    return PeopleChange(kind, name, InputSource.SCREEN, heard=texts.change(kind).lower())
