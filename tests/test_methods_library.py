"""The built-in methods: they load, follow their sources, and are written to be spoken."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitator.methods.loader import load_method
from facilitator.methods.registry import BUILTIN_DIR, builtin_methods
from facilitator.methods.schema import PLACEHOLDERS, Method, Role, Step, Timing

EXPECTED_IDS = {
    "5-stappen",
    "leren-van-successen",
    "incidentmethode",
    "socratische-dialoog",
    "draagvlak",
    "roddelmethode",
    "balint",
    "10-stappen",
    "zes-denkhoeden",
}
SEED_003 = Path("/work/shared/seeds/003_7cdd101436dc9f91.txt")
MAX_WORDS_PER_SENTENCE = 25  # spoken prompts: short sentences
MAX_RULE_CHARS = 80  # a rule reminder is one short line
#: Characters that are markup, bullets or emoji rather than speech.
NOT_SPEECH = re.compile(r"[*#_`<>\[\]|•\n\t]|[\U0001F000-\U0001FAFF\u2600-\u27BF]")
ABBREVIATIONS = re.compile(r"\b(bijv|bv|enz|etc|o\.a|d\.w\.z|i\.p\.v|m\.b\.t|evt|ca)\b\.?", re.I)
SAMPLE_VALUES = {
    "inbrenger": "Bram",
    "deelnemers": "Anna en Cor",
    "bijeenkomst": "2",
    "accent": "X.",
}


def methods_by_id() -> dict[str, Method]:
    return {method.id: method for method in builtin_methods()}


def spoken_texts(method: Method) -> list[tuple[str, str]]:
    """(where, text) for everything the device may say from this method."""
    texts = [(f"{method.id} openingsregel", rule) for rule in method.opening_rules]
    texts += [(f"{method.id} bijeenkomst {m.number}", m.accent) for m in method.meetings]
    for step in method.steps:
        texts.append((f"{method.id}/{step.id} prompt", step.prompt))
        texts.append((f"{method.id}/{step.id} kort", step.short_prompt))
        texts.append((f"{method.id}/{step.id} regel", step.rule))
        texts += [(f"{method.id}/{step.id} inspiratie", q) for q in step.inspiration]
        if step.round is not None and step.round.after_prompt:
            texts.append((f"{method.id}/{step.id} na_ronde", step.round.after_prompt))
    return texts


def test_every_builtin_is_present_and_loads() -> None:
    methods = methods_by_id()
    assert set(methods) == EXPECTED_IDS
    files = sorted(BUILTIN_DIR.glob("*.toml"))
    assert {path.stem for path in files} == EXPECTED_IDS
    for path in files:  # directly, not through the cache
        assert load_method(path) == methods[path.stem]


@pytest.mark.parametrize("method_id", sorted(EXPECTED_IDS))
def test_opens_and_closes_as_intervisie_should(method_id: str) -> None:
    method = methods_by_id()[method_id]
    intro, closing = method.steps[0], method.steps[-1]
    assert (intro.id, closing.id) == ("introductie", "afsluiting")
    opening = intro.prompt.lower()
    for words in ("vertrouwelijk", "oordeel", "gelijk"):
        assert words in opening, f"{method_id}: introductie mist '{words}'"
    assert "vertrouwelijk" in closing.prompt and "blijft in deze ruimte" in closing.prompt
    assert intro.role is Role.IEDEREEN and closing.role is Role.IEDEREEN
    # the check-in and the evaluation are rounds inside the introduction and the closing
    assert method.checkin_round and method.evaluation_round
    assert intro.round is not None and intro.round.include_casusinbrenger
    assert closing.round is not None and closing.round.include_casusinbrenger


@pytest.mark.parametrize("method_id", sorted(EXPECTED_IDS))
def test_checkin_and_evaluation_fit_in_the_plan(method_id: str) -> None:
    """No minutes on top: the hosts are the first and last steps, and even the largest group
    has a moment each (one sentence, about a quarter of a minute)."""
    method = methods_by_id()[method_id]
    for meeting in [m.number for m in method.meetings] or [None]:
        narrowed = method.for_meeting(meeting)
        assert narrowed.total_minutes == method.total_minutes
        for host in (narrowed.steps[0], narrowed.steps[-1]):
            assert host.minutes * 60 / method.group_max >= 15, f"{method_id}/{host.id}"


@pytest.mark.parametrize("method_id", sorted(EXPECTED_IDS))
def test_every_step_has_a_short_prompt(method_id: str) -> None:
    """One or two sentences for a group that knows the method, at most half the full one."""
    for step in methods_by_id()[method_id].steps:
        short = step.short_prompt
        assert short, f"{method_id}/{step.id}: geen korte prompt"
        sentences = [part for part in re.split(r"[.?!]+", short) if part.strip()]
        assert len(sentences) <= 2, f"{method_id}/{step.id}: {short!r}"
        assert len(short.split()) <= 15, f"{method_id}/{step.id}: {short!r}"
        if len(step.prompt.split()) > 10:
            assert len(short.split()) <= len(step.prompt.split()) / 2 + 2, f"{method_id}/{step.id}"


INTERNAL_LABELS = re.compile(r"seed|methods-sources|tabel a\d|\.md\b|\brij [a-z0-9]", re.I)


@pytest.mark.parametrize("method_id", sorted(EXPECTED_IDS))
def test_sources_are_cited_as_a_reader_would(method_id: str) -> None:
    method = methods_by_id()[method_id]
    assert method.sources, f"{method_id}: geen bronnen"
    for text in (*method.sources, method.source, method.description):
        assert not INTERNAL_LABELS.search(text), f"{method_id}: {text!r}"
    for citation in method.sources:  # an author or a web page, and a title
        assert ":" in citation or "(" in citation, citation


@pytest.mark.parametrize("method_id", sorted(EXPECTED_IDS))
def test_every_step_is_complete(method_id: str) -> None:
    method = methods_by_id()[method_id]
    assert method.source and method.description
    assert 2 <= method.group_min <= method.group_max
    for step in method.steps:
        assert step.rule, f"{method_id}/{step.id} heeft geen regel"
        assert len(step.rule) <= MAX_RULE_CHARS, f"{method_id}/{step.id}: regel te lang"


@pytest.mark.parametrize("method_id", sorted(EXPECTED_IDS))
def test_texts_are_written_for_speech(method_id: str) -> None:
    for where, text in spoken_texts(methods_by_id()[method_id]):
        assert not NOT_SPEECH.search(text), f"{where}: geen opmaak of emoji: {text!r}"
        assert not ABBREVIATIONS.search(text), f"{where}: geen afkortingen: {text!r}"
        assert text == text.strip() and "  " not in text, f"{where}: witruimte: {text!r}"
        for sentence in re.split(r"[.?!:…]+", text):
            words = sentence.split()
            assert len(words) <= MAX_WORDS_PER_SENTENCE, f"{where}: zin te lang: {sentence!r}"
        filled = text.format(**SAMPLE_VALUES)  # every placeholder can be filled
        assert "{" not in filled and "}" not in filled


@pytest.mark.parametrize("method_id", sorted(EXPECTED_IDS))
def test_prompts_leave_welcome_and_numbering_to_the_session(method_id: str) -> None:
    """The session says the welcome and "Stap twee van zeven: <titel>" itself."""
    numbered = re.compile(
        r"^(stap|ronde) (\d+|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien)\b"
    )
    for step in methods_by_id()[method_id].steps:
        for text in (step.prompt, step.title):
            assert not numbered.match(text.lower()), f"{method_id}/{step.id}: {text!r}"
        assert not step.prompt.startswith("Welkom"), f"{method_id}/{step.id}"


@pytest.mark.parametrize("method_id", sorted(EXPECTED_IDS))
def test_rounds_match_the_words(method_id: str) -> None:
    """A step whose prompt says 'om de beurt' is a round, and every round says so (in the
    check-in and evaluation hosts the check-in or evaluation line says it)."""
    method = methods_by_id()[method_id]
    hosts = {method.steps[0].id, method.steps[-1].id}
    for step in method.steps:
        says_turns = any(w in step.prompt.lower() for w in ("om de beurt", "één voor één"))
        if step.id in hosts and not says_turns:
            assert step.round is not None, f"{method_id}/{step.id}"
            continue
        assert says_turns == (step.round is not None), f"{method_id}/{step.id}"


def test_placeholders_used_are_known() -> None:
    used = {
        name
        for method in builtin_methods()
        for _, text in spoken_texts(method)
        for name in re.findall(r"{(\w+)}", text)
    }
    assert used <= PLACEHOLDERS
    assert "inbrenger" in used


# --------------------------------------------------------------------------- per method


def step_minutes(method: Method) -> dict[str, float]:
    return {step.id: step.minutes for step in method.steps}


def test_five_steps_follows_seed_003() -> None:
    method = methods_by_id()["5-stappen"]
    assert step_minutes(method) == {
        "introductie": 5,
        "probleemverkenning": 10,
        "associeren": 10,
        "toelichting": 15,
        "oplossingen": 10,
        "reactie-inbrenger": 7,  # 3 of the source's 10 minutes go to the closing
        "afsluiting": 3,  # the source gives the closing no time; the hour holds
    }
    assert method.total_minutes == 60
    assert (method.group_min, method.group_max) == (4, 8)
    steps = {step.id: step for step in method.steps}
    question = (
        "Wat klopt er aan associaties? Wie is er warm, wie is er koud? "
        "En verandert dit iets aan jouw vraag?"
    )
    toelichting = steps["toelichting"]
    assert question in toelichting.inspiration
    # "Aansluitend vraagt de gespreksleider aan de casushouder": after the round, within
    # the step's 15 minutes, not in the opening prompt.
    assert toelichting.round is not None
    assert question in toelichting.round.after_prompt
    assert toelichting.round.after_prompt.startswith("{inbrenger}")
    assert question not in toelichting.prompt
    assert toelichting.round.reserve_minutes == 5
    assert toelichting.round.include_casusinbrenger is False
    assert toelichting.role is Role.DEELNEMERS
    assert "als ik in jouw schoenen stond" in steps["oplossingen"].prompt.lower()
    assert steps["reactie-inbrenger"].role is Role.CASUSINBRENGER
    assert "is je vraag beantwoord?" in steps["reactie-inbrenger"].prompt.lower()


@pytest.mark.skipif(not SEED_003.exists(), reason="seed documents not on this machine")
def test_five_steps_minutes_are_those_in_the_seed_text() -> None:
    seed_minutes = [float(m) for m in re.findall(r"<u>(\d+) minuten</u>", SEED_003.read_text())]
    method = methods_by_id()["5-stappen"]
    minutes = [step.minutes for step in method.steps]
    assert minutes[:5] == seed_minutes[:5]
    assert minutes[5] + minutes[6] == seed_minutes[5]  # reaction and closing share 5b's time


def test_leren_van_successen_follows_seed_000() -> None:
    method = methods_by_id()["leren-van-successen"]
    titles = [step.title for step in method.steps]
    assert titles[1:4] == ["Waar werkt het?", "Aanscherpen", "Talent in beeld: positief roddelen"]
    roles = [step.role for step in method.steps[1:4]]
    assert roles == [Role.CASUSINBRENGER, Role.DEELNEMERS, Role.DEELNEMERS]
    assert len(method.steps[2].inspiration) == 6
    assert "Wat zijn bouwstenen voor succes?" in method.steps[2].inspiration
    assert "niet aan het woord" in method.steps[3].prompt


def test_incidentmethode_has_hendriksens_ten_rounds() -> None:
    method = methods_by_id()["incidentmethode"]
    rounds = method.steps[1:]  # after the introduction
    assert [step.id for step in rounds] == [
        "incident-kiezen",
        "incident-vertellen",
        "vragen-opschrijven",
        "informatieronde",
        "analyse",
        "eigen-aanpak",
        "wat-zou-jij-doen",
        "reactie-inbrenger",
        "nabespreking",
        "afsluiting",
    ]
    assert [step.minutes for step in rounds] == [5, 10, 2, 10, 10, 10, 10, 10, 5, 2]
    assert sum(step.minutes for step in rounds) == 74  # the source's total
    assert [step.role for step in rounds].count(Role.STIL) == 2
    analysis = rounds[4]  # the case bringer only listens
    assert analysis.role is Role.DEELNEMERS and "luistert alleen" in analysis.prompt
    assert method.group_max <= 7  # "De leden van een intervisiegroep (maximaal 7)"


def test_socratische_dialoog_follows_seed_002() -> None:
    method = methods_by_id()["socratische-dialoog"]
    assert method.timing is Timing.SOFT
    assert method.total_minutes == 180  # one dagdeel
    assert (method.group_min, method.group_max) == (5, 8)
    rules = " ".join(method.opening_rules).lower()
    for words in (
        "neem de tijd",
        "luister, en vraag door",
        "verplaats je in de ander",
        "onderzoek samen",
        "'ja, en' dan 'ja, maar'",
        "zoek niet meteen een oplossing",
    ):
        assert words in rules
    assert len(method.opening_rules) == 5
    assert any("kernbewering" in step.id for step in method.steps)
    # the voorbeeldgever is chosen in the session: no step belongs to the case bringer
    for step in method.steps:
        assert step.role is not Role.CASUSINBRENGER, step.id
        assert "{inbrenger}" not in step.prompt + step.short_prompt, step.id


def test_draagvlak_is_a_cycle_of_five_meetings() -> None:
    method = methods_by_id()["draagvlak"]
    assert [m.number for m in method.meetings] == [1, 2, 3, 4, 5]
    titles = {m.number: m.title for m in method.meetings}
    accents = {m.number: m.accent for m in method.meetings}
    assert "Draagvlakmodel" in titles[1]
    assert "ík-factor" in titles[2] and "persoonlijke factoren" in accents[2]
    assert "wíj-factor" in titles[3] and "communic" in accents[3]
    assert "eigen rol" in titles[4] and "jouw aandeel" in accents[4]
    assert "Terugblik" in titles[5] and "vooruitblik" in titles[5] and "inzichten" in accents[5]
    intro = method.steps[0].prompt
    assert "{accent}" in intro
    assert any("roddel" in step.id for step in method.steps)
    # HET, IK and WIJ explained in meeting 1, stressed so espeak does not read articles
    for word in ("Hèt is", "Ík is", "Wíj is"):
        assert word in accents[1]
    # "elke keer is het anders": a work form of its own in each of meetings 1 to 4
    forms = [
        {s.id for s in method.for_meeting(n).steps} - {s.id for s in method.steps if not s.meetings}
        for n in (1, 2, 3, 4)
    ]
    work_forms = [f - {"casus", "reactie-inbrenger", "verbinden"} for f in forms]
    assert all(len(f) == 1 for f in work_forms)
    assert len(set.union(*work_forms)) == 4
    # meeting 5 looks back and ahead with everyone, on no one's case, and not to a next time
    last = method.for_meeting(5)
    assert {"terugblik", "vooruitblik"} <= {s.id for s in last.steps}
    texts = " ".join(s.prompt + s.short_prompt for s in last.steps) + accents[5]
    assert "{inbrenger}" not in texts and "volgende" not in texts
    assert all(s.role is not Role.CASUSINBRENGER for s in last.steps)
    assert all(s.round and s.round.include_casusinbrenger for s in last.steps[1:3])


def test_methods_from_the_sources_list() -> None:
    methods = methods_by_id()
    roddel = step_minutes(methods["roddelmethode"])
    assert (roddel["vraag-inbrengen"], roddel["verkennen"], roddel["roddelronde"]) == (5, 15, 15)
    assert methods["balint"].group_min >= 5
    hats = [step.id for step in methods["zes-denkhoeden"].steps if step.id.endswith("-hoed")]
    assert hats == [
        "witte-hoed", "rode-hoed", "zwarte-hoed", "gele-hoed", "groene-hoed", "blauwe-hoed",
    ]  # fmt: skip
    assert methods["zes-denkhoeden"].group_max <= 12
    ten = methods["10-stappen"].steps[1:-1]  # between introduction and closing
    assert len(ten) == 10
    assert ten[2].id == "vragen-beoordelen" and "warm" in ten[2].prompt
    insights = ten[-1]  # "{inbrenger}, vertel jij tot slot": the case bringer speaks last
    assert insights.round is not None and not insights.round.include_casusinbrenger
    assert insights.round.after_prompt.startswith("{inbrenger}, tot slot")
    balint = {step.id: step for step in methods["balint"].steps}
    shared = balint["associaties-delen"]  # the first associations are shared aloud
    assert shared.round is not None and "hardop" in shared.prompt
    order = [step.id for step in methods["balint"].steps]
    assert order.index("eerste-associaties") + 1 == order.index("associaties-delen")


@pytest.mark.parametrize(
    ("method_id", "step_id"),
    [
        ("5-stappen", "reactie-inbrenger"),
        ("balint", "besluit"),
        ("roddelmethode", "reactie-inbrenger"),
        ("draagvlak", "reactie-inbrenger"),
    ],
)
def test_the_help_question_comes_back(method_id: str, step_id: str) -> None:
    steps = {step.id: step for step in methods_by_id()[method_id].steps}
    assert "is je vraag beantwoord?" in steps[step_id].prompt.lower()


def test_source_names_chosen_minutes() -> None:
    """Where a source gives no minutes, `bron` says they were chosen."""
    for method_id in ("leren-van-successen", "socratische-dialoog", "draagvlak", "balint",
                      "10-stappen", "zes-denkhoeden"):  # fmt: skip
        source = methods_by_id()[method_id].source.lower()
        assert "zelf gekozen" in source or "volgen" in source, method_id


def first_round(method: Method) -> Step | None:
    return next((step for step in method.steps if step.round is not None), None)


def test_most_methods_have_a_round() -> None:
    with_round = [m.id for m in builtin_methods() if first_round(m) is not None]
    assert len(with_round) >= 5
