"""Builds the device for ``Wiring.make_core``: its set-up context, how a plan becomes a
session, what is resumed after a crash, and what a finished session records for the group."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from facilitator.device import choices
from facilitator.device.core import Device, DeviceParts
from facilitator.device.record import SetupRecord, load_setup
from facilitator.events import Listener, Notice
from facilitator.groups import Group
from facilitator.phrases.setup import setup_phrases
from facilitator.session.clock import Clock
from facilitator.session.engine import Session
from facilitator.session.plan import SessionPlan
from facilitator.session.store import SavedState, StateError, load_state, set_aside
from facilitator.settings import Settings
from facilitator.wiring.parts import session_settings
from facilitator.wiring.run import CoreParts

log = logging.getLogger(__name__)


def pending(path: Path) -> tuple[SetupRecord | None, SavedState | None, str]:
    """What a crash left: a set-up, or a session, or nothing; and a notice when the file
    could not be used (it is set aside)."""
    try:
        return load_setup(path), load_state(path), ""
    except StateError as err:
        aside = set_aside(path)
        kept = f" Het is opzijgezet als {aside}." if aside is not None else ""
        return None, None, f"{err}{kept}"


def device_core(
    settings: Settings,
    group: Group | None,
    method: str | None,
    store_path: Path,
    clock: Clock,
    wall_clock: Callable[[], datetime],
) -> Callable[[CoreParts], Device]:
    language = settings.session.language
    phrases = setup_phrases(language)
    members = settings.session.participants or (group.participants if group else ())

    def make(parts: CoreParts) -> Device:
        setup, restore, problem = pending(store_path)
        if setup is not None and setup.group != (group.name if group else None):
            setup = None  # another group's set-up: start afresh

        def make_session(
            plan: SessionPlan, saved: SavedState | None, out: Listener, minutes: float | None
        ) -> Session:
            values = replace(
                session_settings(settings), members=members, available_min=minutes, roll_call=True
            )
            if group is not None and settings.session.prompts is None:
                values = replace(values, brief=group.brief_for(plan.method.id))
            if group is not None:
                values = replace(values, follow_up=group.last_case_bringers())
            return Session(
                plan,
                clock=clock,
                listeners=[out],
                settings=values,
                wall_clock=wall_clock,
                help_phrases=parts.help_phrases,
                help_keys=parts.help_keys,
                store=parts.store,
                restore=saved,
            )

        def ended(session: Session) -> None:
            if group is None:
                return
            from facilitator.cli.groups import record_case

            for casusinbrenger in session.people.cases_discussed(session.completed):
                record_case(group.name, casusinbrenger, session.method.id)

        device_parts = DeviceParts(
            context=lambda: choices.context(group, members, method, phrases),
            make_plan=choices.make_plan,
            make_session=make_session,
            plan_line=choices.plan_line(phrases, wall_clock),
            store=parts.store,
            group=group.name if group else None,
            on_session_end=ended,
        )
        device = Device(
            device_parts, clock, parts.listeners, language, setup=setup, restore=restore
        )
        if problem:
            device.publish(Notice(problem, "warning"))
        return device

    return make
