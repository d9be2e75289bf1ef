"""``facilitator apparaat``: the table device, set up and run by voice alone.

It needs no keyboard and no screen (stdin may be closed): it says once that it is ready, then
waits for "intervisie beginnen", sets up by voice (who is here, the method, the time, who
brings a case), runs the session, and waits again. ``--installeer`` / ``--verwijder`` write
or remove the systemd user service that starts it at boot (``device/service.py``).
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime
from typing import Any

from facilitator.cli.run import check_event_log
from facilitator.settings import Settings

log = logging.getLogger(__name__)

EXIT_OK = 0


def add_device_parser(sub: Any, add_voice: Any, add_room_screen: Any, add_talk_over: Any) -> None:
    device = sub.add_parser(
        "apparaat",
        help="het tafelapparaat: opzetten en leiden met alleen de stem",
        description=(
            "Het tafelapparaat: zonder toetsenbord of scherm. Zeg 'intervisie beginnen'; het "
            "apparaat vraagt wie er is, welke methode, hoeveel tijd en wie een casus inbrengt. "
            "Antwoorden kan ook met toetsen: j, n, 1 tot 6, o (opnieuw), spatie (beginnen)."
        ),
    )
    device.add_argument("--groep", metavar="NAAM", help="de vaste groep (facilitator groep)")
    device.add_argument("--methode", metavar="METHODE", help="voorstel voor de methode")
    device.add_argument("--deelnemers", metavar="NAMEN", help="namen, zonder groep")
    device.add_argument("--taal", choices=("nl", "en"), help="taal (standaard: die van de groep)")
    device.add_argument("--uitleg", choices=("kort", "uitgebreid"), help="korte of volle uitleg")
    device.add_argument("--instellingen", metavar="PAD", help="instellingenbestand (TOML)")
    device.add_argument("--geen-spraak", action="store_true", help="niets uitspreken")
    add_voice(device)
    device.add_argument("--geen-luisteren", action="store_true", help="niet luisteren")
    device.add_argument("--model", metavar="PAD", help="map van het spraakherkenningsmodel")
    device.add_argument("--woordenlijst", metavar="nl|en|PAD", help="woordenlijst")
    device.add_argument("--microfoon", metavar="NAAM|NR", help="welke microfoon")
    add_talk_over(device)
    device.add_argument("--event-log", metavar="BESTAND.jsonl", help="elke gebeurtenis als JSON")
    add_room_screen(device)
    device.add_argument(
        "--diagram",
        action="store_true",
        help="toon het verloop van het apparaat als toestandsdiagram (Mermaid) en stop",
    )
    service = device.add_mutually_exclusive_group()
    service.add_argument(
        "--installeer",
        action="store_true",
        help="start het apparaat voortaan vanzelf (systemd-gebruikersdienst, zonder root)",
    )
    service.add_argument("--verwijder", action="store_true", help="verwijder die dienst weer")


def cmd_apparaat(args: argparse.Namespace) -> int:
    if args.diagram:
        from facilitator.device.machine import diagram

        print(diagram(), end="", flush=True)
        return EXIT_OK
    if args.installeer or args.verwijder:
        from facilitator.cli.device_service import install_service, remove_service

        if args.verwijder:
            return remove_service()
        argv = sys.argv[sys.argv.index("apparaat") + 1 :] if "apparaat" in sys.argv else []
        return install_service(args.groep, argv)
    return run_device(args)


def _settings(args: argparse.Namespace) -> tuple[Settings, Any]:
    from dataclasses import replace

    from facilitator.cli.options import settings_from_args
    from facilitator.groups import GroupStore

    settings = settings_from_args(args)
    group = GroupStore().get(args.groep) if args.groep else None
    if group is not None and args.taal is None:
        settings = replace(settings, session=replace(settings.session, language=group.language))
    return settings, group


def run_device(args: argparse.Namespace) -> int:
    from facilitator.cli.keyboard import Keyboard
    from facilitator.cli.roomscreen import start_room_screen, with_room_screen
    from facilitator.device.wiring import device_core
    from facilitator.display.plain import PlainDisplay
    from facilitator.session.clock import MonotonicClock
    from facilitator.session.lock import SessionLock
    from facilitator.session.store import StateStore, default_state_path
    from facilitator.wiring import Wiring

    settings, group = _settings(args)
    check_event_log(settings.session.event_log)
    store_path = default_state_path()
    clock = MonotonicClock()
    with SessionLock(store_path.parent, "apparaat"):
        store = StateStore(store_path)
        screen = start_room_screen(settings.display, settings.session.language, clock)
        display = PlainDisplay(clock.now)
        wiring = Wiring(
            plan=None,
            settings=settings,
            clock=clock,
            display=display,
            store=store,
            make_keyboard=lambda post: Keyboard(post, single_key=False),
            make_extra=with_room_screen(None, screen),
            on_say=screen.say_with if screen is not None else None,
        )
        wiring.make_core = device_core(
            settings, group, args.methode, store_path, clock, datetime.now
        )
        try:
            wiring.run()
        finally:
            if screen is not None:
                screen.close()
    return EXIT_OK
