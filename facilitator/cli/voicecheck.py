"""``facilitator stemtest``: the voice check before a session (see ``listening.voicecheck``).

Each person says two or three commands once; the device says and shows, for each, whether it
heard it, how far above the room's noise the voice was, and what to change. Nothing is written.
``facilitator start --stemtest`` runs the same check first and hands what it heard (the voice
templates, in memory) to the session's listener.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from facilitator.events import InputEvent, Notice, Say, SayKind

if TYPE_CHECKING:
    from facilitator.listening.soundcheck import Templates
    from facilitator.settings import Settings
    from facilitator.speech import Speaker

EXIT_OK = 0
EXIT_FAILED = 1
CHECKED = ("next_step", "more_time", "repeat")  # the commands each person says once
SPEAK_TIMEOUT_S = 30.0  # s; an instruction that takes longer is not waited for
EVERYONE = "Iedereen"


def _show(event: InputEvent) -> None:
    if isinstance(event, Notice):
        print(f"Let op: {event.text}", flush=True)


def cmd_stemtest(args: argparse.Namespace) -> int:
    from facilitator.cli.options import settings_from_args, split_names

    settings = settings_from_args(args)
    people = split_names(args.deelnemers) or ()
    templates = voice_check(settings, people, spoken=not args.geen_spraak)
    return EXIT_FAILED if templates is None else EXIT_OK


def voice_check(settings: Settings, people: Sequence[str], spoken: bool) -> Templates | None:
    """Run the voice check for ``people`` (everyone at once when empty); the voice templates
    it took (memory only), or ``None`` when there is nothing to listen with (said why)."""
    from facilitator.listening import create_listener, load_vocabulary
    from facilitator.listening.voicecheck import VoiceCheck
    from facilitator.wiring import listen_settings, speech_settings

    listen = dataclasses.replace(listen_settings(settings), enabled=True, barge_in=False)
    listener = create_listener(listen, _show)
    if listener is None:
        return None
    check = VoiceCheck(listener.microphone, listener.spotter)
    speaker: Speaker | None = None
    if spoken:
        from facilitator.speech import create_speaker

        speaker = create_speaker(speech_settings(settings), _show)
        speaker.start()

    def say(text: str) -> None:
        print(text, flush=True)
        if speaker is not None:
            speaker(Say(text, SayKind.INFO, 0))
            speaker.wait_until_quiet(SPEAK_TIMEOUT_S)
            if listen.wav_input is None:
                check.skip_pending()  # what the microphone heard of the device itself

    vocab = load_vocabulary(listen.vocabulary)
    by_command: dict[str, str] = {}
    for phrase, command in vocab.phrases.items():
        by_command.setdefault(command.value, phrase)
    prefix = f"{listen.wake_name} " if listen.wake_name else ""
    checked = [(c, prefix + by_command[c]) for c in CHECKED if c in by_command]
    people = tuple(people) or (EVERYONE,)
    try:
        say("Stemtest. Wees even stil: ik meet het geluid in de ruimte.")
        check.measure_noise()
        for person in people:
            for checked_command, phrase in checked:
                who = "Iemand" if person == EVERYONE else person
                say(f"{who}, zeg nu: {phrase}.")
                say(check.listen_for(person, checked_command, phrase).advice())
        heard = sum(a.heard for a in check.attempts)
        say(f"{heard} van de {len(check.attempts)} opdrachten verstaan.")
        print("Er is niets opgeslagen: de stemmen blijven alleen in het geheugen.", flush=True)
    finally:
        listener.close()
        if speaker is not None:
            speaker.close()
    return listener.spotter.templates
