"""The informational commands: methodes, toon, spreek-test, model, apparaten."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator.cli.agenda import agenda_lines
from facilitator.cli.options import CliError
from facilitator.display.format import minutes_text
from facilitator.units import SECONDS_PER_MINUTE

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
PERCENT = 100
BYTES_PER_MB = 1_000_000


def _say(text: str = "") -> None:
    print(text, flush=True)


def cmd_methodes(args: argparse.Namespace) -> int:
    from facilitator.methods.registry import discover

    found = discover()
    _say("Methodes (kies er een met: facilitator toon NAAM of facilitator start NAAM)")
    _say("")
    for entry in found.active():
        if entry.method is None:
            continue
        method = entry.method
        origin = " [eigen]" if entry.origin == "eigen" else ""
        _say(
            f"{entry.id}{origin}: {method.name}, "
            f"{minutes_text(method.total_minutes * SECONDS_PER_MINUTE)}, "
            f"{method.group_min} tot {method.group_max} deelnemers"
        )
        if entry.note:
            _say(f"    {entry.note}")
    broken = found.broken
    if broken:
        _say("")
        _say("Methodebestanden die niet gebruikt kunnen worden:")
        for entry in broken:
            _say(f"{entry.id}: {entry.note}")
    for notice in found.notices:
        _say(f"Let op: {notice}")
    _say("")
    _say(f"Eigen methodes zet je in: {found.user_dir}")
    return EXIT_OK


def parse_start(text: str | None, now: datetime | None = None) -> datetime:
    now = now if now is not None else datetime.now()
    if not text:
        return now.replace(second=0, microsecond=0)
    hours, minutes = (int(part) for part in text.split(":"))
    return now.replace(hour=hours, minute=minutes, second=0, microsecond=0)


def load_fitted(name: str, minutes: float | None, meeting: int | None = None) -> tuple[Any, float]:
    """The method by name (the steps of ``meeting`` for a cycle whose steps differ per
    meeting), fitted to ``minutes`` when given, and its original length."""
    from facilitator.methods.fitting import fit
    from facilitator.methods.registry import find_method

    method = find_method(name)
    if meeting is not None and method.meeting(meeting) is not None:
        method = method.for_meeting(meeting)
    original = method.total_minutes
    if minutes is not None:
        method = fit(method, minutes)
    return method, original


def cmd_toon(args: argparse.Namespace) -> int:
    method, original = load_fitted(args.methode, args.duur, args.bijeenkomst)
    if args.bijeenkomst is not None and method.meeting(args.bijeenkomst) is None:
        numbers = ", ".join(str(m.number) for m in method.meetings) or "geen"
        raise CliError(
            f'De methode "{method.name}" heeft geen bijeenkomst {args.bijeenkomst} '
            f"(wel: {numbers})."
        )
    if args.diagram:
        from facilitator.methods.fitting import one_session
        from facilitator.session.machine import method_diagram

        _say(method_diagram(one_session(method)))  # a cycle: the steps of the meeting shown
        return EXIT_OK
    for line in agenda_lines(
        method, parse_start(args.start), meeting=args.bijeenkomst, original_minutes=original
    ):
        _say(line)
    return EXIT_OK


def cmd_spreek_test(args: argparse.Namespace) -> int:
    from facilitator.cli.options import settings_from_args
    from facilitator.speech import speech_selftest
    from facilitator.wiring import speech_settings

    settings = settings_from_args(args)
    result = speech_selftest(speech_settings(settings))
    for line in result.lines():
        _say(line)
    return EXIT_OK if result.ok else EXIT_FAILED


def progress_printer() -> Callable[[int, int | None], None]:
    """Prints whole percentages (or megabytes when the size is unknown) on stderr."""
    shown: list[int] = [-1]

    def progress(done: int, total: int | None) -> None:
        step = done * PERCENT // total if total else done // BYTES_PER_MB
        if step != shown[0]:
            shown[0] = step
            unit = "%" if total else " MB"
            print(f"\rDownloaden: {step}{unit}", end="", file=sys.stderr, flush=True)

    return progress


def cmd_model(args: argparse.Namespace) -> int:
    from facilitator.listening import check_model, download_model, find_model
    from facilitator.listening.models import missing_model_text

    if args.model_opdracht == "download":
        _say(f"Spraakmodel voor '{args.taal}' downloaden (alleen het model; er gaat niets heen).")
        target = download_model(args.taal, progress=progress_printer())
        print(file=sys.stderr)
        _say(f"Klaar: het model staat in {target}")
        return EXIT_OK
    vocabulary = args.woordenlijst or "nl"
    language = vocabulary if vocabulary in ("nl", "en") else "nl"
    model = Path(args.model).expanduser() if args.model else find_model(language)
    if model is None:
        raise CliError(missing_model_text(language))
    report = check_model(model, vocabulary)
    _say(report.text())
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_apparaten(args: argparse.Namespace) -> int:
    try:
        import sounddevice
    except OSError as err:  # PortAudio missing: sounddevice raises OSError on import
        raise CliError(
            f"Geluidsapparaten kunnen niet worden opgevraagd: PortAudio ontbreekt ({err}). "
            "Installeer het met: bash scripts/setup.sh"
        ) from None
    devices = sounddevice.query_devices()
    try:
        default_in, default_out = sounddevice.default.device
    except (TypeError, ValueError):
        default_in = default_out = -1
    if not len(devices):
        _say("Geen geluidsapparaten gevonden.")
        return EXIT_FAILED
    _say("Geluidsapparaten (gebruik de naam of het nummer bij --microfoon):")
    for index, device in enumerate(devices):
        kinds = []
        if device["max_input_channels"] > 0:
            kinds.append("microfoon" + (" (standaard)" if index == default_in else ""))
        if device["max_output_channels"] > 0:
            kinds.append("luidspreker" + (" (standaard)" if index == default_out else ""))
        _say(f"{index}: {device['name']} — {', '.join(kinds) or 'geen kanalen'}")
    sys.stdout.flush()
    return EXIT_OK
