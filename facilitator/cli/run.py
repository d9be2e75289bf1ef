"""``facilitator start`` (a live session) and ``facilitator oefen`` (a fast rehearsal)."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from facilitator.cli.agenda import agenda_lines
from facilitator.cli.groups import GroupSession, for_session, record_case
from facilitator.cli.info import load_fitted
from facilitator.cli.keyboard import Keyboard
from facilitator.cli.options import CliError, need_people, settings_from_args
from facilitator.cli.parser import EXIT_INTERRUPTED
from facilitator.cli.rehearsal import Rehearsal
from facilitator.cli.roomscreen import start_room_screen, with_room_screen
from facilitator.display.keys import legend
from facilitator.display.plain import PlainDisplay
from facilitator.groups import GroupStore
from facilitator.session.clock import MonotonicClock, SimulatedClock
from facilitator.session.machine import ruled_out
from facilitator.session.plan import SessionPlan
from facilitator.settings import Settings
from facilitator.wiring import Outcome, Wiring
from facilitator.wiring.parts import session_settings

log = logging.getLogger(__name__)

EXIT_OK = 0
RESUME_HINT = "Sessie onderbroken; de stand is bewaard. Ga verder met: facilitator start --hervat"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _print_agenda(plan: SessionPlan, original: float | None, out: TextIO) -> None:
    for line in agenda_lines(
        plan.method,
        datetime.now().replace(second=0, microsecond=0),
        meeting=plan.meeting,
        participants=plan.participants,
        casusinbrenger=plan.casusinbrenger,
        original_minutes=original,
    ):
        out.write(line + "\n")
    out.write("\n")
    out.flush()


def _resume_plan(store_path: Path) -> tuple[SessionPlan, Any]:
    from facilitator.session.resume import resume_method
    from facilitator.session.store import StateError, load_state, set_aside

    try:
        saved = load_state(store_path)
    except StateError as err:
        aside = set_aside(store_path)
        kept = f" Het bestand is opzijgezet als {aside}." if aside is not None else ""
        raise StateError(f"{err}{kept}") from None
    if saved is None:
        raise CliError(
            "Er is geen onderbroken sessie om te hervatten. "
            "Start een nieuwe sessie zonder --hervat."
        )
    found = resume_method(saved)
    for notice in found.notices:
        print(notice, flush=True)
    return saved.plan(found.method), saved


def with_group(
    settings: Settings, language_given: bool, store: GroupStore | None = None
) -> tuple[Settings, GroupSession | None]:
    """``settings`` with the standing group's names (and language, unless given), and what
    the session takes from the group; unchanged without ``--groep``."""
    name = settings.session.group
    if not name:
        return settings, None
    from facilitator.methods.registry import find_method

    method_id = find_method(settings.session.method).id
    use = for_session(name, method_id, settings.session.prompts, store)
    session = settings.session
    session = replace(
        session,
        participants=session.participants or use.group.participants,
        language=session.language if language_given else use.group.language,
        prompts="kort" if use.brief else "uitgebreid",
        follow_up=use.follow_up,
        members=use.group.participants,
    )
    return replace(settings, session=session), use


def _new_plan(settings: Settings, interactive: bool) -> tuple[SessionPlan, float]:
    method, original = load_fitted(
        settings.session.method, settings.session.duration_min, settings.session.meeting
    )
    participants, casusinbrenger = need_people(settings, interactive=interactive)
    plan = SessionPlan(method, participants, casusinbrenger, settings.session.meeting)
    return plan, original


def _check_previous_state(store_path: Path) -> None:
    """Say that a new session replaces an interrupted one; set a broken state file aside."""
    from facilitator.session.store import StateError, load_state, set_aside

    try:
        saved = load_state(store_path)
    except StateError as err:
        aside = set_aside(store_path)
        where = f" Het is opzijgezet als {aside}." if aside is not None else ""
        print(f"Let op: {err}{where} Deze nieuwe sessie begint gewoon.", flush=True)
        return
    if saved is not None:
        print(
            "Let op: de onderbroken sessie die nog bewaard was, wordt vervangen door deze "
            "nieuwe sessie. (Verder gaan met een onderbroken sessie: facilitator start --hervat.)",
            flush=True,
        )


#: Options a resumed session does not use: it keeps its own method, names and times.
_IGNORED_ON_RESUME = (
    ("methode", "METHODE"),
    ("deelnemers", "--deelnemers"),
    ("inbrenger", "--inbrenger"),
    ("duur", "--duur"),
    ("bijeenkomst", "--bijeenkomst"),
)


def _say_ignored_on_resume(args: argparse.Namespace) -> None:
    ignored = [flag for name, flag in _IGNORED_ON_RESUME if getattr(args, name, None) is not None]
    if ignored:
        print(
            f"Let op: met --hervat gaat de onderbroken sessie verder met haar eigen methode, "
            f"namen en tijden; genegeerd: {', '.join(ignored)}.",
            flush=True,
        )


def check_event_log(path: Path | None) -> None:
    """Refuse an event log that cannot be written, before the session starts."""
    if path is None:
        return
    if path.is_dir():
        raise CliError(
            f"--event-log {path} is een map. Geef een bestandsnaam, bijvoorbeeld "
            f"{path / 'sessie.jsonl'}."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise CliError(
            f"--event-log {path} kan niet geschreven worden ({reason}). Kies een bestand in "
            "een map waarin je mag schrijven."
        ) from None


def cmd_start(args: argparse.Namespace) -> int:
    from facilitator.session.lock import SessionLock
    from facilitator.session.store import StateStore, default_state_path

    settings, group = with_group(settings_from_args(args), args.taal is not None)
    check_event_log(settings.session.event_log)
    store_path = default_state_path()
    with SessionLock(store_path.parent, settings.session.method) as lock:
        stdin_tty = _isatty(sys.stdin)
        plain = settings.display.plain or not _isatty(sys.stdout)
        restore = None
        original: float | None = None
        if settings.session.resume:
            _say_ignored_on_resume(args)
            plan, restore = _resume_plan(store_path)
        else:
            plan, original = _new_plan(settings, interactive=stdin_tty)
            _check_previous_state(store_path)
        lock.relabel(plan.method.name)
        _print_agenda(plan, original, sys.stdout)
        templates = None
        if getattr(args, "stemtest", False) and settings.listen.enabled:
            from facilitator.cli.voicecheck import voice_check

            spoken = settings.speech.mode == "spraak"
            templates = voice_check(settings, [p for p in plan.participants if p], spoken)
        clock = MonotonicClock()
        screen = start_room_screen(settings.display, settings.session.language, clock)
        display: Any
        if plain:
            display = PlainDisplay(clock.now)
            display.line(legend(plain=True, ruled_out=ruled_out(session_settings(settings))))
        else:
            from facilitator.display.live import LiveDisplay

            display = LiveDisplay(clock.now)
        single_key = stdin_tty and not plain
        store = StateStore(store_path)
        wiring = Wiring(
            plan=plan,
            settings=settings,
            clock=clock,
            display=display,
            restore=restore,
            store=store,
            make_keyboard=lambda post: Keyboard(
                post, single_key=single_key, echo=getattr(display, "typing", None)
            ),
            make_extra=with_room_screen(None, screen),
            on_say=screen.say_with if screen is not None else None,
            voice_templates=templates,
        )
        try:
            outcome = wiring.run()
        finally:
            if screen is not None:
                screen.close()
    if group is not None and outcome.finished and not settings.session.resume:
        for casusinbrenger in outcome.casusinbrengers:  # every case, "nog een casus" too
            record_case(group.group.name, casusinbrenger, plan.method.id)
    return _finish(outcome, store)


def _finish(outcome: Outcome, store: Any) -> int:
    if not outcome.interrupted or outcome.finished:
        return EXIT_OK
    if store.resumable:
        print(RESUME_HINT, flush=True)
    elif store.problem is not None:
        print(
            f"Sessie onderbroken. De stand kon niet bewaard worden ({store.problem.reason()}); "
            "hervatten kan daarom niet.",
            flush=True,
        )
    else:
        print("Sessie onderbroken; er was nog geen stand bewaard.", flush=True)
    return EXIT_INTERRUPTED


def cmd_oefen(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    check_event_log(settings.session.event_log)
    method, _ = load_fitted(settings.session.method, None)
    meeting = settings.session.meeting
    if meeting is None and method.meetings:
        meeting = method.meetings[0].number
    method, original = load_fitted(settings.session.method, settings.session.duration_min, meeting)
    participants = settings.session.participants
    casusinbrenger = settings.session.casusinbrenger
    if not participants:
        count = max(method.group_min, 3)
        participants = tuple(f"Deelnemer {n}" for n in range(1, count + 1))
    if not casusinbrenger:
        casusinbrenger = participants[0]
    plan = SessionPlan(method, participants, casusinbrenger, meeting)
    _print_agenda(plan, original, sys.stdout)
    speed = float(args.snelheid)
    print(f"Oefensessie, {speed:g} keer zo snel (gesimuleerde tijd tussen haken).", flush=True)
    clock = SimulatedClock(speed)  # exact at any speed: moves only to what is due
    display = PlainDisplay(clock.now)
    rehearsal = Rehearsal()
    screen = start_room_screen(settings.display, settings.session.language, clock)
    wiring = Wiring(
        plan=plan,
        settings=settings,
        clock=clock,
        display=display,
        store=None,
        speech=bool(args.spraak or args.stem),  # a voice given means: speak
        listening=False,
    )
    wiring.make_extra = with_room_screen(rehearsal.attach, screen)
    wiring.on_say = screen.say_with if screen is not None else None
    try:
        outcome = wiring.run()
    finally:
        if screen is not None:
            screen.close()
    if outcome.interrupted and not outcome.finished:
        print("Oefensessie afgebroken.", flush=True)
        return EXIT_INTERRUPTED
    return EXIT_OK
