"""A listening check without a session: ``python -m facilitator.listening [opties]``.

Prints every recognised command (and every notice) until Ctrl-C, the end of ``--invoer-wav``,
or ``--seconden``. With ``--vraag`` it listens as during a question of the device instead
(``--vraag aanwezig=yes,no,again --namen Anna,Bram``) and prints every answer. With ``--json``
each line is one JSON object (used by tests and the benchmark's live measurement). Nothing is
written to disk.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import queue
import sys
import time
from dataclasses import asdict
from pathlib import Path

from facilitator.events import (
    Answer,
    AnswerGiven,
    CommandIssued,
    InputEvent,
    Notice,
    QuestionAsked,
    SpeakingEnded,
    SpeakingStarted,
)
from facilitator.listening import ListenSettings, ListenSettingsError, create_listener

READY_TIMEOUT_S = 30.0  # s to wait for the microphone's first audio before carrying on


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m facilitator.listening",
        description="Luistertest: toont elke herkende opdracht.",
    )
    parser.add_argument("--model", type=Path, help="map van het Vosk-model")
    parser.add_argument("--woordenlijst", default="nl", help="nl, en of een pad (.toml)")
    parser.add_argument("--microfoon", help="naam (deel) of nummer van de microfoon")
    parser.add_argument("--invoer-wav", type=Path, help="luister naar een WAV-bestand")
    parser.add_argument("--snel", action="store_true", help="WAV zo snel mogelijk afspelen")
    parser.add_argument("--aanspreeknaam", help="naam die voor elke opdracht gezegd wordt")
    parser.add_argument("--seconden", type=float, help="stop na zoveel seconden")
    parser.add_argument(
        "--stil-na-start",
        type=float,
        default=0.0,
        help="doe alsof het apparaat zoveel seconden spreekt zodra de microfoon geluid levert "
        "(test van dempen)",
    )
    parser.add_argument(
        "--vraag",
        type=_question,
        help="luister naar de antwoorden van een vraag: SLEUTEL=antwoord,antwoord "
        f"(antwoorden: {', '.join(a.value for a in Answer)})",
    )
    parser.add_argument("--namen", default="", help="namen die als antwoord gelden: Anna,Bram")
    parser.add_argument("--json", action="store_true", help="een JSON-object per regel")
    return parser


def _question(text: str) -> tuple[str, tuple[Answer, ...]]:
    key, _, answers = text.partition("=")
    try:
        return key.strip(), tuple(Answer(a.strip()) for a in answers.split(",") if a.strip())
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"onbekend antwoord in '{text}'. Mogelijk zijn: {', '.join(a.value for a in Answer)}"
        ) from err


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("FACILITATOR_LOG", "warning").upper(), stream=sys.stderr
    )
    try:
        settings = ListenSettings.from_mapping(
            {
                "model": args.model,
                "woordenlijst": args.woordenlijst,
                "microfoon": args.microfoon,
                "invoer_wav": args.invoer_wav,
                "wav_realtime": not args.snel,
                "aanspreeknaam": args.aanspreeknaam,
            },
            "opdrachtregel",
        )
    except ListenSettingsError as err:
        print(err, file=sys.stderr)
        return 2
    events: queue.SimpleQueue[InputEvent] = queue.SimpleQueue()
    started = time.monotonic()

    def show(event: InputEvent) -> None:
        if args.json:
            data = {"t": round(time.monotonic() - started, 3), **asdict(event)}
            print(json.dumps(data, ensure_ascii=False), flush=True)
        elif isinstance(event, CommandIssued):
            print(f"opdracht: {event.command.value} ({event.heard})", flush=True)
        elif isinstance(event, AnswerGiven):
            said = event.name or (event.answer.value if event.answer else "")
            print(f"antwoord op {event.question}: {said} ({event.heard})", flush=True)
        elif isinstance(event, Notice):
            print(f"melding: {event.text}", flush=True)

    listener = create_listener(settings, events.put)
    while not events.empty():
        show(events.get())
    if listener is None:
        return 1
    if args.vraag is not None:
        names = tuple(n.strip() for n in args.namen.split(",") if n.strip())
        listener(QuestionAsked(args.vraag[0], "", args.vraag[1], names))
    if args.stil_na_start > 0:
        listener(SpeakingStarted("test"))
    listener.start()
    if not listener.ready.wait(READY_TIMEOUT_S) and not listener.finished.is_set():
        print("De microfoon levert geen geluid.", file=sys.stderr)
    ready_at = time.monotonic()  # the microphone delivers audio: "ready" means heard from here
    if args.json:
        print(json.dumps({"t": round(ready_at - started, 3), "type": "ready"}), flush=True)
    unmute_at = ready_at + args.stil_na_start if args.stil_na_start > 0 else None
    deadline = started + args.seconden if args.seconden else None
    try:
        while not listener.finished.is_set():
            now = time.monotonic()
            if unmute_at is not None and now >= unmute_at:
                listener(SpeakingEnded("test"))
                unmute_at = None
            if deadline is not None and now >= deadline:
                break
            try:
                show(events.get(timeout=0.05))
            except queue.Empty:
                continue
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()
        while not events.empty():
            show(events.get())
    return 0


if __name__ == "__main__":
    sys.exit(main())
