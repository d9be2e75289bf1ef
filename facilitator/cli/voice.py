"""``facilitator stem lijst`` and ``facilitator stem download NAAM`` (Piper voices)."""

from __future__ import annotations

import argparse
import sys

from facilitator.cli.info import progress_printer
from facilitator.speech.piper_voices import (
    DUTCH_VOICES,
    INSTALL_HINT,
    PIPER_PREFIX,
    VOICE_SITE,
    installed_voices,
    piper_installed,
    user_voices_dir,
)

EXIT_OK = 0
BYTES_PER_MB = 1_000_000


def _say(text: str = "") -> None:
    print(text, flush=True)


def cmd_stem(args: argparse.Namespace) -> int:
    if args.stem_opdracht == "download":
        return _download(args.naam, args.bron or VOICE_SITE)
    return _list()


def _list() -> int:
    if not piper_installed():
        _say(
            f"Piper is niet geïnstalleerd; installeer het met: {INSTALL_HINT} "
            "(Piper valt onder de GPL-3.0-licentie). Zonder Piper spreekt de standaardstem."
        )
        _say("")
    voices = installed_voices()
    if voices:
        _say("Geïnstalleerde Piper-stemmen (gebruik: --stem piper:NAAM):")
        for voice in voices:
            size = voice.model.stat().st_size // BYTES_PER_MB
            _say(f"  {voice.name}: {voice.language or 'taal onbekend'}, {size} MB, {voice.model}")
    else:
        _say("Er zijn nog geen Piper-stemmen geïnstalleerd.")
    _say("")
    have = {voice.name for voice in voices}
    _say("Nederlandse en Vlaamse stemmen om te downloaden (facilitator stem download NAAM):")
    for spec in DUTCH_VOICES.values():
        mark = " [geïnstalleerd]" if spec.name in have else ""
        _say(f"  {spec.name}: {spec.description}, {spec.megabytes} MB{mark}")
    _say("")
    _say(f"Stemmen worden geïnstalleerd in {user_voices_dir()}.")
    return EXIT_OK


def _download(name: str, site: str) -> int:
    from facilitator.speech.voice_download import download_voice, voice_spec

    spec = voice_spec(name)
    _say(f"Stem {spec.name} downloaden ({spec.megabytes} MB; er gaat niets heen).")
    voice = download_voice(name, progress=progress_printer(), site=site)
    print(file=sys.stderr)
    _say(f"Klaar: de stem staat in {voice.model}")
    _say(f"Gebruik hem met: facilitator start --stem {PIPER_PREFIX}{voice.name}")
    if not piper_installed():
        _say(f"Installeer ook Piper zelf: {INSTALL_HINT}")
    return EXIT_OK
