"""Who is there during a session, whose case it is, and how a round follows (pure).

``People`` is the session's record of the group as it changes: the people present (in the
order rounds go), the casusinbrenger ("" until the group chooses one in a choosing step),
the case number ("nog een casus" counts up), the known members (a standing group, plus
anyone who joined) and who brought the earlier cases. Every change returns a new value.

``rebuild_round`` is what a join, a leave or a new casusinbrenger does to a round in
progress: turns already taken stay, coming turns follow the people who should speak now, a
newcomer speaks at the end of the round, and a speaker who leaves passes the turn on.

``case_start`` is where the method's case part begins: "nog een casus" starts there again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from facilitator.methods.schema import Method, Role, Step
from facilitator.textfiles import control_characters

#: Longest name a change may give (characters); the screen shows names on one line.
MAX_NAME_CHARS = 40
#: Most people a session keeps track of (the saved state reads at most this many).
MAX_PEOPLE = 100
#: Most cases in one session (the saved state reads a case number up to this).
MAX_CASES = 100


def clean_name(name: str) -> str:
    """``name`` stripped, with inner runs of spaces made one ("" when it is no name)."""
    text = " ".join(name.split())
    if not text or len(text) > MAX_NAME_CHARS or control_characters(text) or "," in text:
        return ""
    return text


def find(names: Sequence[str], name: str) -> str | None:
    """The spelling in ``names`` of ``name`` (case does not matter), or None."""
    wanted = " ".join(name.split()).casefold()
    return next((n for n in names if n.casefold() == wanted), None)


@dataclass(frozen=True, slots=True)
class People:
    present: tuple[str, ...]
    presenter: str  # the casusinbrenger; "" while the group has not chosen one
    case_number: int = 1
    members: tuple[str, ...] = ()  # everyone known: the standing group and who joined
    earlier: tuple[str, ...] = ()  # casusinbrengers of the earlier cases, in order

    def __post_init__(self) -> None:
        known = list(self.members)
        for name in self.present:
            if find(known, name) is None:
                known.append(name)
        object.__setattr__(self, "members", tuple(known))

    @property
    def absent(self) -> tuple[str, ...]:
        """Known members who are not here (not yet, or no longer)."""
        return tuple(n for n in self.members if find(self.present, n) is None)

    def is_present(self, name: str) -> bool:
        return find(self.present, name) is not None

    def is_presenter(self, name: str) -> bool:
        return bool(self.presenter) and find((self.presenter,), name) is not None

    def join(self, name: str) -> People:
        """``name`` joins at the end (spelled as the group knows them)."""
        spelled = find(self.members, name) or clean_name(name)
        return replace(self, present=(*self.present, spelled))

    def leave(self, name: str) -> People:
        """``name`` leaves; when they bring the case, the group chooses again."""
        gone = find(self.present, name)
        present = tuple(n for n in self.present if n != gone)
        presenter = "" if gone == self.presenter else self.presenter
        return replace(self, present=present, presenter=presenter)

    def with_presenter(self, name: str) -> People:
        return replace(self, presenter=find(self.present, name) or "")

    def cases_discussed(self, completed: bool) -> tuple[str, ...]:
        """Who brought a case that went through every step: the earlier cases, and the
        current one when the session ``completed`` (not when it was stopped early)."""
        if completed and self.presenter:
            return (*self.earlier, self.presenter)
        return self.earlier

    def another_case(self, name: str) -> People:
        """The next case, brought by ``name`` ("": the group chooses it in its step)."""
        earlier = (*self.earlier, self.presenter) if self.presenter else self.earlier
        presenter = (find(self.present, name) or "") if name else ""
        return replace(self, presenter=presenter, case_number=self.case_number + 1, earlier=earlier)


# --------------------------------------------------------------------------- rounds


@dataclass(frozen=True, slots=True)
class RoundUpdate:
    speakers: tuple[str, ...]
    index: int  # the current turn (== len(speakers) once the round is complete)
    turn_passed: bool  # the current speaker left: the turn passes to the next


def rebuild_round(speakers: Sequence[str], index: int, wanted: Sequence[str]) -> RoundUpdate:
    """A round at turn ``index`` after the people who should speak became ``wanted``.

    Turns taken (before ``index``) stay as they were. The current speaker keeps the turn
    while they are still wanted; otherwise the turn passes to the next. Coming turns keep
    their order, lose whoever is no longer wanted, and end with whoever is wanted but has
    neither spoken nor is due (a newcomer). A complete round stays complete.
    """
    speakers = tuple(speakers)
    if index >= len(speakers):
        return RoundUpdate(speakers, len(speakers), False)
    done = speakers[:index]
    current = speakers[index]
    keep_current = current in wanted
    coming = [n for n in speakers[index + 1 :] if n in wanted]
    seen = {*done, current, *coming}
    coming += [n for n in wanted if n not in seen]
    head = (*done, current) if keep_current else done
    return RoundUpdate((*head, *coming), index, not keep_current)


# --------------------------------------------------------------------------- the case part


def chooser(method: Method) -> int | None:
    """The step (0-based) in which the group chooses the case, or None."""
    return next((i for i, step in enumerate(method.steps) if step.chooses_case), None)


def _about_case(step: Step) -> bool:
    texts = (step.prompt, step.round.after_prompt if step.round else "")
    return step.role is Role.CASUSINBRENGER or any("{inbrenger}" in t for t in texts)


def has_case(method: Method) -> bool:
    """Does anyone bring a case in this session (a look-back meeting has none)?"""
    return chooser(method) is not None or any(_about_case(step) for step in method.steps)


def case_start(method: Method) -> int | None:
    """The first step (0-based) of the case part, where "nog een casus" starts again.

    The method's ``casus_vanaf`` step when it names one of these steps; else the choosing
    step; else the step after the opening (the first step, when the method opens with a
    check-in round); else the first step. None when the method has no case.
    """
    if not has_case(method):
        return None
    ids = [step.id for step in method.steps]
    if method.case_from in ids:
        return ids.index(method.case_from)
    choosing = chooser(method)
    if choosing is not None:
        return choosing
    return 1 if method.checkin_round and len(method.steps) > 2 else 0


def case_minutes(method: Method, start: int) -> float:
    """Planned minutes from step ``start`` to the end: what another case takes."""
    return sum(step.minutes for step in method.steps[start:])
