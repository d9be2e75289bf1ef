"""Every line a phrase pack can say is written for the ear, short when the group knows the
method, and free of what the review found a Dutch ear stumbling on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest

from facilitator.events import VOICE_COMMANDS, Command
from facilitator.listening.vocabulary import load_vocabulary
from facilitator.methods.registry import builtin_methods
from facilitator.phrases import LANGUAGES, Phrases, Refusal, TurnEnd, get_phrases
from facilitator.phrases.base import HELP_FIRST

DIGITS = re.compile(r"\d")
ABBREVIATIONS = re.compile(
    r"\b(bijv|bv|enz|etc|o\.a|d\.w\.z|i\.p\.v|m\.b\.t|evt|ca|e\.g|i\.e|min|sec)\b\.?", re.I
)
#: Upper-case words espeak spells or reads as articles ("HET" -> "h@t").
SHOUTED = re.compile(r"\b[A-Z]{2,}\b")
#: Phrasing the facilitator's review found wrong (telegram style, number agreement, scolding).
STUMBLES = [
    "de ronde is rond",
    "af te ronden",
    "hiervoor hebben jullie",
    "veel succes met je casus",
    "er is nog",
    "mindset",
    "breek ik af",
    "stroopt",
    "dan pas vinden",
    "de methode van vandaag:",
    "vandaag doen mee:",
    "denk eraan",
    "ja, en. niet ja, maar",
]
END = datetime(2026, 11, 24, 15, 42)


def lines(p: Phrases) -> Iterator[tuple[str, str]]:
    """(what, text) for every spoken line, with typical arguments."""
    names = ["Anna", "Bram", "Cem"]
    yield "welcome", p.welcome("Vijfstappenmethode", names, "Anna")
    yield "welcome zonder casus", p.welcome("Draagvlakcyclus", names, "")
    yield "meeting_intro", p.meeting_intro(2, "De ík-factor")
    for paused in (False, True):
        yield "resumed", p.resumed(3, "Associëren", 150, paused)
    for soft in (False, True):
        yield "step_intro", p.step_intro(2, 7, "Probleemverkenning", "Vertel.", 600, soft)
        yield "after_round", p.after_round("Anna, wat klopt er?", 300, soft)
    yield "step_title", p.step_title(2, 7, "Probleemverkenning")
    yield "rule_reminder", p.rule_reminder("Alleen vragen, nog geen adviezen")
    yield "checkin_round", p.checkin_round()
    for role in ("casusinbrenger", "deelnemers", "iedereen", "stil"):
        yield f"who_speaks {role}", p.who_speaks(role, "Anna")
    yield "evaluation_round", p.evaluation_round()
    yield "follow_up", p.follow_up(["Anna"])
    yield "follow_up twee", p.follow_up(["Anna", "Bram"])
    for seconds in (0, 30, 90, 150):
        yield "turn_call", p.turn_call("Bram", seconds)
    yield "round_complete", p.round_complete()
    yield "round_done", p.round_done()
    yield "closing", p.closing("Anna")
    for seconds in (30, 45, 120, 150):
        yield "warning", p.warning(seconds)
        yield "turn_warning", p.turn_warning("Bram", seconds)
    yield "time_up", p.time_up(120)
    for then in TurnEnd:
        yield "turn_time_up", p.turn_time_up("Bram", then)
    yield "overtime", p.overtime(180)
    yield "checkin", p.checkin(1200)
    yield "time_left", p.time_left(150, False, 60, "Bram", 30, False)
    yield "time_left over", p.time_left(-90, False, 700, "Bram", -5, True)
    yield "time_left zacht", p.time_left(0, True, 1800, "", 0, False)
    yield "questions_intro", p.questions_intro()
    phrases = {c: [p.command_words(c)] for c in VOICE_COMMANDS}
    yield "help_voice", p.help_voice(phrases)
    yield "help_more", p.help_more(phrases)
    yield "ack_more_time", p.ack_more_time(150, END, 150)
    for name in ("ack_next_step", "ack_previous_step", "ack_pause", "ack_resume", "ack_repeat"):
        yield name, getattr(p, name)()
    for name in ("ack_next_speaker", "ask_stop", "ack_stop_confirmed", "ack_cancel"):
        yield name, getattr(p, name)()
    yield "stop_expired", p.stop_expired()
    yield "ack_brief", p.ack_brief(True)
    yield "ack_brief uit", p.ack_brief(False)
    for reason in Refusal:
        yield f"refusal {reason}", p.refusal(reason, "Cem", ("Anna", "Bram"))
    yield "ack_join", p.ack_join("Cem")
    yield "ack_leave", p.ack_leave("Cem")
    yield "ack_presenter", p.ack_presenter("Bram")
    yield "ack_another_case", p.ack_another_case(2, "Ditte")
    yield "ack_another_case unnamed", p.ack_another_case(3, "")
    yield "ack_another_case many", p.ack_another_case(12, "Ditte")
    yield "ack_someone_joins", p.ack_someone_joins()


def packs() -> list[tuple[str, bool]]:
    return [(language, brief) for language in LANGUAGES for brief in (False, True)]


@pytest.mark.parametrize(("language", "brief"), packs())
def test_spoken_lines_have_no_digits_symbols_or_abbreviations(language: str, brief: bool) -> None:
    for what, text in lines(get_phrases(language, brief=brief)):
        assert not DIGITS.search(text), f"{what}: cijfers: {text!r}"
        assert "/" not in text and "\\" not in text, f"{what}: schuine streep: {text!r}"
        assert not ABBREVIATIONS.search(text), f"{what}: afkorting: {text!r}"
        assert not SHOUTED.search(text), f"{what}: hoofdletters: {text!r}"
        assert not re.search(r"[*#_`<>\[\]|•]", text), f"{what}: opmaak: {text!r}"
        assert text == text.strip() and "  " not in text, f"{what}: witruimte: {text!r}"


@pytest.mark.parametrize("brief", [False, True])
def test_dutch_lines_avoid_what_the_review_stumbled_on(brief: bool) -> None:
    for what, text in lines(get_phrases("nl", brief=brief)):
        for stumble in STUMBLES:
            assert stumble not in text.lower(), f"{what}: '{stumble}' in {text!r}"


def test_method_texts_avoid_what_the_review_stumbled_on() -> None:
    for method in builtin_methods():
        texts = [*method.opening_rules, *(m.accent for m in method.meetings)]
        for step in method.steps:
            texts += [step.prompt, step.short_prompt, step.rule, *step.inspiration]
            if step.round is not None:
                texts.append(step.round.after_prompt)
        for text in texts:
            assert not DIGITS.search(text), f"{method.id}: {text!r}"
            assert not SHOUTED.search(text), f"{method.id}: hoofdletters: {text!r}"
            assert "Eén" not in text, f"{method.id}: espeak zegt 'e-e-n', schrijf Één: {text!r}"
            for stumble in STUMBLES:
                assert stumble not in text.lower(), f"{method.id}: '{stumble}' in {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_brief_lines_are_never_longer(language: str) -> None:
    full = dict(lines(get_phrases(language)))
    short = dict(lines(get_phrases(language, brief=True)))
    for what, text in full.items():
        assert len(short[what].split()) <= len(text.split()), what
    assert get_phrases(language).with_brief(True).brief
    assert not get_phrases(language, brief=True).with_brief(False).brief


@pytest.mark.parametrize("language", LANGUAGES)
def test_spoken_help_is_short_and_names_no_keys(language: str) -> None:
    """Five phrases and how to hear the rest, under thirty words; keys are on the screen."""
    p = get_phrases(language)
    vocabulary = load_vocabulary(language)
    help_text = p.help_voice(vocabulary.help_phrases())
    assert len(help_text.split()) < 30, help_text
    for command in HELP_FIRST:
        assert vocabulary.help_phrases()[command][0] in help_text
    assert vocabulary.help_phrases()[Command.MORE_HELP][0] in help_text
    assert help_text.count("'") == 2 * (len(HELP_FIRST) + 1)  # six phrases, nothing else
    for key_word in ("spatie", "space", "slash", "toets", "key"):
        assert key_word not in help_text.lower()
    more = p.help_more(vocabulary.help_phrases()).replace("spel-regel", "spelregel")
    for command in set(VOICE_COMMANDS) - set(HELP_FIRST):
        assert vocabulary.help_phrases()[command][0] in more
