"""From parsed arguments to ``Settings``, and asking for names when they are missing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.settings import Settings, build_settings
from facilitator.textfiles import repair_argv, strip_controls


class CliError(FacilitatorError):
    """A user error found by the command itself; ``str()`` is the Dutch message."""

    area = ErrorArea.USAGE


def _path(value: str | None) -> Path | None:
    return Path(value).expanduser() if value else None


def _get(args: argparse.Namespace, name: str) -> Any:
    return getattr(args, name, None)


def _text(value: str | None) -> str | None:
    """A command-line text as typed (bytes the locale could not decode read as UTF-8)."""
    return repair_argv(value) if value is not None else None


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Defaults ← settings file ← the options given on the command line."""
    speech_mode: str | None = None
    if _get(args, "geen_spraak"):
        speech_mode = "uit"
    elif _get(args, "signaal"):
        speech_mode = "signaal"
    overrides: dict[str, dict[str, Any]] = {
        "session": {
            "method": _get(args, "methode"),
            "participants": split_names(_get(args, "deelnemers")),
            "casusinbrenger": _text(_get(args, "inbrenger")),
            "duration_min": _get(args, "duur"),
            "meeting": _get(args, "bijeenkomst"),
            "more_time_min": _get(args, "meer_tijd"),
            "language": _get(args, "taal"),
            "resume": True if _get(args, "hervat") else None,
            "event_log": _path(_get(args, "event_log")),
            "group": _get(args, "groep"),
            "prompts": _get(args, "uitleg"),
        },
        "speech": {
            "mode": speech_mode,
            "rate_wpm": _get(args, "spreeksnelheid"),
            "volume_pct": _get(args, "volume"),
            "voice": _get(args, "stem"),
        },
        "listen": {
            "enabled": False if _get(args, "geen_luisteren") else None,
            "model": _path(_get(args, "model")),
            "vocabulary": _get(args, "woordenlijst"),
            "microphone": _get(args, "microfoon"),
            "input_wav": _path(_get(args, "invoer_wav")),
            "address_name": _text(_get(args, "aanspreeknaam")),
            "barge_in": _get(args, "doorpraten"),
        },
        "display": {
            "plain": True if _get(args, "plain") else None,
            "room_screen": True if _get(args, "kamerscherm") else None,
            "room_screen_lan": True if _get(args, "kamerscherm_lan") else None,
            "room_screen_port": _get(args, "poort"),
        },
    }
    return build_settings(overrides, settings_file=_path(_get(args, "instellingen")))


def split_names(text: str | None) -> tuple[str, ...] | None:
    """``"Anna, Bram,Cem"`` -> ``("Anna", "Bram", "Cem")``; ``None`` when not given.

    Empty names are kept (as ``""``) so the session plan can say which position is empty.
    """
    if text is None:
        return None
    return tuple(part.strip() for part in repair_argv(text).split(","))


def ask_people(
    participants: tuple[str, ...],
    casusinbrenger: str,
    *,
    ask: Callable[[str], str] = input,
    out: TextIO | None = None,
) -> tuple[tuple[str, ...], str]:
    """Ask for the names that are missing (interactive terminals only)."""
    out = out if out is not None else sys.stdout
    while not participants:
        answer = ask("Wie doen er mee? Namen gescheiden door komma's (bijv. Anna, Bram, Cem): ")
        answer = strip_controls(answer)
        participants = tuple(name.strip() for name in answer.split(",") if name.strip())
        if len(participants) < 2:
            out.write("Geef minstens twee namen op.\n")
            participants = ()
    while not casusinbrenger:
        answer = strip_controls(ask(f"Wie brengt de casus in? ({', '.join(participants)}): "))
        answer = answer.strip()
        match = next((n for n in participants if n.casefold() == answer.casefold()), "")
        if match:
            casusinbrenger = match
        else:
            out.write(f"Kies een van: {', '.join(participants)}.\n")
    return participants, casusinbrenger


def need_people(
    settings: Settings, *, interactive: bool, ask: Callable[[str], str] = input
) -> tuple[tuple[str, ...], str]:
    """The participants and casusinbrenger: from settings, asked, or a ``CliError``."""
    participants = settings.session.participants
    casusinbrenger = settings.session.casusinbrenger
    if participants and casusinbrenger:
        return participants, casusinbrenger
    if not interactive:
        missing = []
        if not participants:
            missing.append('--deelnemers "Anna,Bram,Cem"')
        if not casusinbrenger:
            missing.append("--inbrenger Anna")
        raise CliError(
            "Namen ontbreken en er kan niet om gevraagd worden (geen toetsenbord). "
            f"Geef op: {' '.join(missing)}."
        )
    return ask_people(participants, casusinbrenger, ask=ask)
