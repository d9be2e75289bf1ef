"""The argument parser: every help text, usage line and parse error in Dutch."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import NoReturn

from facilitator.display.keys import START_RULED_OUT, legend
from facilitator.limits import (
    MAX_MEETING,
    MAX_MINUTES,
    MAX_MORE_TIME_MIN,
    MAX_PORT,
    MAX_SPEED,
    MIN_SPEED,
    finite_in,
)
from facilitator.phrases import LANGUAGES
from facilitator.settings import DEFAULT_METHOD, PROMPT_LENGTHS

PROG = "facilitator"
EXIT_USAGE = 2
EXIT_INTERRUPTED = 3  # a session ended by Ctrl-C or SIGTERM (resume with --hervat)

#: argparse's own English messages -> Dutch (argparse has no Dutch catalogue).
_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"deze gegevens ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"ongeldige keuze: \1 (kies uit \2)"),
    (r"invalid (\w+) value: (.*)", r"ongeldige waarde: \2"),
    (r"expected one argument", r"hier hoort een waarde bij"),
    (r"ambiguous option: (.*) could match (.*)", r"onduidelijke optie: \1 kan zijn \2"),
    (r"^argument ([^:]+): ", r"bij \1: "),
    (r"not allowed with argument (.*)", r"gaat niet samen met \1"),
)


def translate(message: str) -> str:
    for pattern, replacement in _TRANSLATIONS:
        message = re.sub(pattern, replacement, message)
    return message


class DutchFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "Gebruik: ")


class DutchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", DutchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout: {translate(message)}\n")


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _minutes_up_to(high: float) -> Callable[[str], float]:
    def minutes(text: str) -> float:
        value = _number(text)
        if value is None:
            raise argparse.ArgumentTypeError(
                f"'{text}' is geen aantal minuten; geef een getal, bijvoorbeeld 45"
            )
        if not finite_in(value, 0, high, low_open=True):
            raise argparse.ArgumentTypeError(
                f"het aantal minuten moet groter dan 0 zijn en hoogstens {high:g}, niet {text}"
            )
        return value

    return minutes


_positive_minutes = _minutes_up_to(MAX_MINUTES)
_more_time = _minutes_up_to(MAX_MORE_TIME_MIN)


def _meeting(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_MEETING:
        raise argparse.ArgumentTypeError(
            f"'{text}' is geen nummer van een bijeenkomst (1 tot en met {MAX_MEETING})"
        )
    return int(text)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal") from None


def _speed(text: str) -> float:
    value = _number(text)
    if value is None or not finite_in(value, MIN_SPEED, MAX_SPEED):
        raise argparse.ArgumentTypeError(
            f"de snelheid is hoeveel keer sneller dan echt: een getal van {MIN_SPEED:g} tot en "
            f"met {MAX_SPEED:.0f}, niet {text}"
        )
    return value


def _clock(text: str) -> str:
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", text):
        raise argparse.ArgumentTypeError(f"'{text}' is geen kloktijd; schrijf bijvoorbeeld 19:30")
    return text


def _add_people(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--deelnemers", metavar="NAMEN", help='namen, gescheiden door komma\'s: "Anna,Bram,Cem"'
    )
    parser.add_argument("--inbrenger", metavar="NAAM", help="wie de casus inbrengt")
    parser.add_argument(
        "--duur",
        type=_positive_minutes,
        metavar="MIN",
        help="beschikbare minuten; de stappen worden passend gemaakt",
    )
    parser.add_argument(
        "--bijeenkomst", type=_meeting, metavar="N", help="nummer van de bijeenkomst in een reeks"
    )
    parser.add_argument("--taal", choices=LANGUAGES, help="taal van de sessie (standaard nl)")
    parser.add_argument(
        "--groep",
        metavar="NAAM",
        help="een vaste groep (facilitator groep): haar namen, taal en ervaring",
    )
    parser.add_argument(
        "--uitleg",
        choices=PROMPT_LENGTHS,
        help="korte of uitgebreide uitleg per stap (standaard: uit de ervaring van de groep)",
    )
    parser.add_argument(
        "--meer-tijd", type=_more_time, metavar="MIN", help="minuten erbij bij 'meer tijd'"
    )
    parser.add_argument(
        "--instellingen",
        metavar="PAD",
        help="instellingenbestand (TOML) in plaats van het standaardbestand",
    )


def _add_voice(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--signaal", action="store_true", help="alleen signaaltonen; de teksten staan op het scherm"
    )
    parser.add_argument("--spreeksnelheid", type=_whole, metavar="N", help="woorden per minuut")
    parser.add_argument("--volume", type=_whole, metavar="0-100", help="volume van de stem")
    _add_stem(parser)


def _add_talk_over(parser: argparse.ArgumentParser) -> None:
    talk_over = parser.add_mutually_exclusive_group()
    talk_over.add_argument(
        "--doorpraten",
        action="store_const",
        const=True,
        help="ook luisteren terwijl het apparaat praat, met echo-onderdrukking (standaard)",
    )
    talk_over.add_argument(
        "--geen-doorpraten",
        dest="doorpraten",
        action="store_const",
        const=False,
        help="alleen luisteren als het apparaat zwijgt",
    )


def _add_stem(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stem",
        metavar="ID|piper:NAAM|PAD.onnx",
        help="welke stem: een systeemstem (zie spreek-test), of een Piper-stem "
        "(zie facilitator stem lijst)",
    )


def _group_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--deelnemers", metavar="NAMEN", help='namen: "Anna,Bram,Cem"')
    parser.add_argument("--taal", choices=LANGUAGES, help="taal van de groep (standaard nl)")
    parser.add_argument(
        "--methodes", metavar="IDS", help='voorkeursmethodes, bijvoorbeeld "5-stappen,balint"'
    )
    parser.add_argument(
        "--uitleg",
        choices=("automatisch", *PROMPT_LENGTHS),
        help="automatisch: kort bij een methode die de groep al deed (standaard)",
    )
    parser.add_argument(
        "--geschiedenis",
        choices=("ja", "nee"),
        help="bijhouden wie op welke datum met welke methode een casus inbracht (geen inhoud)",
    )


def _add_groups(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    groep = sub.add_parser(
        "groep",
        help="vaste groepen: namen, taal, voorkeuren en (als je wilt) de geschiedenis",
        description=(
            "Beheer vaste groepen. Alles blijft op deze computer. Van een sessie wordt alleen "
            "bewaard wie op welke datum met welke methode een casus inbracht, en alleen als de "
            "groep dat wil (--geschiedenis ja). Nooit wat er gezegd is."
        ),
    )
    actions = groep.add_subparsers(
        dest="groep_opdracht", metavar="OPDRACHT", title="opdrachten", parser_class=DutchParser
    )
    actions.required = True
    maak = actions.add_parser("maak", help="maak een groep")
    maak.add_argument("naam", metavar="NAAM", help="naam van de groep")
    _group_options(maak)
    actions.add_parser("lijst", help="toon alle groepen")
    for name, text in (
        ("toon", "toon een groep en haar geschiedenis"),
        ("verwijder", "verwijder een groep, met alles wat erbij bewaard is"),
        ("vergeet", "wis de geschiedenis van een groep"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("naam", metavar="NAAM", help="naam van de groep")
    wijzig = actions.add_parser("wijzig", help="wijzig een groep")
    wijzig.add_argument("naam", metavar="NAAM", help="naam van de groep")
    _group_options(wijzig)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"'{text}' is geen poortnummer (1 tot {MAX_PORT})")
    return int(text)


def _add_room_screen(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kamerscherm",
        action="store_true",
        help="toon de sessie ook als webpagina (http://127.0.0.1:8765/), met knoppen",
    )
    parser.add_argument(
        "--kamerscherm-lan",
        action="store_true",
        help="het kamerscherm ook op het lokale netwerk, beveiligd met een korte code",
    )
    parser.add_argument(
        "--poort", type=_port, metavar="N", help="poort van het kamerscherm (standaard 8765)"
    )


def build_parser() -> DutchParser:
    parser = DutchParser(
        prog=PROG,
        description=(
            "De facilitator: een offline gespreksleider voor intervisie. Hij leest elke stap "
            "voor, bewaakt de tijd en luistert naar een paar gesproken opdrachten.\n"
            "Er wordt geen geluid opgeslagen of verstuurd."
        ),
        epilog='Begin met: facilitator start --deelnemers "Anna,Bram,Cem" --inbrenger Anna',
    )
    sub = parser.add_subparsers(
        dest="opdracht", metavar="OPDRACHT", title="opdrachten", parser_class=DutchParser
    )
    sub.required = True

    sub.add_parser(
        "methodes",
        help="toon alle methodes (ook eigen methodebestanden)",
        description="Toon alle methodes: naam, minuten en groepsgrootte.",
    )

    toon = sub.add_parser(
        "toon",
        help="toon de agenda van een methode",
        description="Toon de stappen, minuten, wie spreekt en de kloktijden.",
    )
    toon.add_argument(
        "methode", metavar="METHODE", help="naam van de methode of pad naar een bestand"
    )
    toon.add_argument(
        "--duur",
        type=_positive_minutes,
        metavar="MIN",
        help="beschikbare minuten; de stappen worden passend gemaakt",
    )
    toon.add_argument("--start", type=_clock, metavar="UU:MM", help="begintijd (standaard nu)")
    toon.add_argument(
        "--bijeenkomst", type=_meeting, metavar="N", help="nummer van de bijeenkomst in een reeks"
    )
    toon.add_argument(
        "--diagram",
        action="store_true",
        help="toon het verloop als toestandsdiagram (Mermaid) in plaats van de agenda",
    )

    start = sub.add_parser(
        "start",
        help="begin een sessie",
        description="Begin een sessie. " + legend(ruled_out=START_RULED_OUT),
    )
    start.add_argument(
        "methode",
        nargs="?",
        metavar="METHODE",
        help=f"naam van de methode of pad naar een bestand (standaard {DEFAULT_METHOD})",
    )
    _add_people(start)
    start.add_argument("--hervat", action="store_true", help="ga verder met de onderbroken sessie")
    start.add_argument(
        "--plain",
        action="store_true",
        help="eenvoudig scherm: één regel per gebeurtenis (schermlezers); "
        "typ een toets en druk Enter",
    )
    start.add_argument("--geen-spraak", action="store_true", help="niets uitspreken, alleen tonen")
    _add_voice(start)
    start.add_argument(
        "--geen-luisteren", action="store_true", help="niet naar de microfoon luisteren"
    )
    start.add_argument("--model", metavar="PAD", help="map van het spraakherkenningsmodel (Vosk)")
    start.add_argument(
        "--woordenlijst", metavar="nl|en|PAD", help="woordenlijst met gesproken opdrachten"
    )
    start.add_argument("--microfoon", metavar="NAAM|NR", help="welke microfoon (naam of nummer)")
    start.add_argument(
        "--invoer-wav",
        metavar="PAD",
        help="luister naar een WAV-bestand in plaats van een microfoon",
    )
    start.add_argument(
        "--aanspreeknaam",
        metavar="NAAM",
        help='naam waarmee je het apparaat aanspreekt ("Kompas, volgende stap")',
    )
    start.add_argument(
        "--stemtest",
        action="store_true",
        help="begin met een stemtest: ieder zegt een paar opdrachten; de sessie vergelijkt "
        "opdrachten met wat het hoorde (alleen in het geheugen)",
    )
    _add_talk_over(start)
    start.add_argument(
        "--event-log",
        metavar="BESTAND.jsonl",
        help="schrijf elke gebeurtenis als JSON-regel (lokaal, nooit geluid)",
    )
    _add_room_screen(start)

    from facilitator.cli.device import add_device_parser

    add_device_parser(sub, _add_voice, _add_room_screen, _add_talk_over)

    oefen = sub.add_parser(
        "oefen",
        help="oefen een hele sessie versneld, zonder spraak",
        description="Speel een sessie versneld af en toon de tijdlijn.",
    )
    oefen.add_argument(
        "methode",
        nargs="?",
        metavar="METHODE",
        help=f"naam van de methode of pad naar een bestand (standaard {DEFAULT_METHOD})",
    )
    oefen.add_argument(
        "--snelheid",
        type=_speed,
        default=60.0,
        metavar="X",
        help=f"hoeveel keer sneller dan echt, {MIN_SPEED:g} tot {MAX_SPEED:.0f} (standaard 60)",
    )
    _add_people(oefen)
    oefen.add_argument("--spraak", action="store_true", help="spreek de teksten ook uit")
    _add_stem(oefen)  # a voice given means: speak
    oefen.add_argument(
        "--event-log", metavar="BESTAND.jsonl", help="schrijf elke gebeurtenis als JSON-regel"
    )
    _add_room_screen(oefen)

    spreek = sub.add_parser(
        "spreek-test",
        help="test de stem: zegt een proefzin",
        description="Controleer of de stem werkt en toon de beschikbare stemmen.",
    )
    _add_voice(spreek)
    spreek.add_argument("--taal", choices=LANGUAGES, help="taal van de stem (standaard nl)")
    spreek.add_argument("--instellingen", metavar="PAD", help="instellingenbestand (TOML)")

    stem = sub.add_parser(
        "stemtest",
        help="test of het apparaat jullie stemmen verstaat",
        description="Ieder zegt een paar opdrachten; het apparaat zegt of het ze verstond, "
        "hoe ver de stem boven het geluid in de ruimte uitkwam en wat beter kan. "
        "Er wordt niets opgeslagen.",
    )
    stem.add_argument("--deelnemers", metavar="NAMEN", help='wie meedoen: "Anna,Bram,Cem"')
    stem.add_argument("--geen-spraak", action="store_true", help="niets uitspreken, alleen tonen")
    _add_voice(stem)
    stem.add_argument("--model", metavar="PAD", help="map van het spraakherkenningsmodel (Vosk)")
    stem.add_argument("--woordenlijst", metavar="nl|en|PAD", help="woordenlijst met opdrachten")
    stem.add_argument("--microfoon", metavar="NAAM|NR", help="welke microfoon (naam of nummer)")
    stem.add_argument("--invoer-wav", metavar="PAD", help="luister naar een WAV-bestand")
    stem.add_argument("--aanspreeknaam", metavar="NAAM", help="naam voor elke opdracht")
    stem.add_argument("--taal", choices=LANGUAGES, help="taal (standaard nl)")
    stem.add_argument("--instellingen", metavar="PAD", help="instellingenbestand (TOML)")

    model = sub.add_parser(
        "model",
        help="spraakherkenningsmodel downloaden of controleren",
        description="Beheer het spraakherkenningsmodel (Vosk).",
    )
    model_sub = model.add_subparsers(
        dest="model_opdracht", metavar="OPDRACHT", title="opdrachten", parser_class=DutchParser
    )
    model_sub.required = True
    download = model_sub.add_parser("download", help="download het model voor een taal")
    download.add_argument("--taal", choices=LANGUAGES, default="nl", help="taal (standaard nl)")
    check = model_sub.add_parser("check", help="controleer een model en de woordenlijst")
    check.add_argument("--model", metavar="PAD", help="map van het model")
    check.add_argument("--woordenlijst", metavar="nl|en|PAD", help="woordenlijst om te controleren")

    _add_groups(sub)
    _add_stem_commands(sub)

    sub.add_parser(
        "apparaten",
        help="toon microfoons en luidsprekers",
        description="Toon de geluidsapparaten (invoer en uitvoer).",
    )
    return parser


def _add_stem_commands(sub: argparse._SubParsersAction[DutchParser]) -> None:
    stem = sub.add_parser(
        "stem",
        help="Piper-stemmen tonen of downloaden",
        description="Natuurlijke stemmen (Piper): welke er zijn en een Nederlandse downloaden.",
    )
    stem_sub = stem.add_subparsers(
        dest="stem_opdracht", metavar="OPDRACHT", title="opdrachten", parser_class=DutchParser
    )
    stem_sub.required = True
    stem_sub.add_parser("lijst", help="geïnstalleerde stemmen en de Nederlandse die er zijn")
    download = stem_sub.add_parser("download", help="download een Nederlandse stem")
    download.add_argument("naam", metavar="NAAM", help="bijvoorbeeld nl_BE-nathalie-medium")
    download.add_argument(
        "--bron", metavar="URL", help="een andere plek met dezelfde bestanden (spiegel)"
    )
