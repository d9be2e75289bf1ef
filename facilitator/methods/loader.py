"""Load a method from a TOML file into the frozen ``schema`` types, or say in Dutch what is wrong.

The layout (documented for users in ``FORMAT.md``)::

    naam = "Vijfstappenmethode"          # required
    beschrijving = "..."                  # optional
    groep = [4, 8]                        # optional, [minimum, maximum] people, minimum >= 2
    totaal_minuten = 62                   # optional; must equal the sum of the step minutes
    timing = "hard"                       # optional: "hard" (default) or "zacht"
    waarschuwingen = [120, 30]            # optional: seconds before the end of a step
    herinnering_minuten = 3               # optional: interval of "still over time" reminders
    checkin_minuten = 10                  # optional: interval of check-ins in soft steps
    openingsregels = ["...", "..."]       # optional: conversation rules spoken at the start
    bron = "..."                          # optional: where the method comes from

    [[bijeenkomst]]                       # optional, one per meeting of a cycle
    nummer = 1
    titel = "..."
    accent = "..."                        # spoken via {accent}

    [[stap]]                              # one or more, in order
    id = "introductie"                    # optional slug; derived from titel when absent
    titel = "Introductie"                 # required
    minuten = 5                           # required, > 0 (halves allowed: 2.5)
    spreekt = "iedereen"                  # required: casusinbrenger / deelnemers / iedereen / stil
    prompt = "..."                        # required, spoken aloud; may use {inbrenger} etc.
    regel = "..."                         # optional short rule reminder
    inspiratie = ["...?", "...?"]         # optional questions the group can ask for
    ronde = true                          # optional: each participant speaks in turn
    ronde_met_inbrenger = false           # optional: the case bringer takes a turn too
    ronde_reserve_minuten = 5             # optional, rounds only: minutes kept back after
                                          # the last turn (>= 0, < minuten)
    na_ronde = "..."                      # optional, rounds only: spoken when the round is
                                          # complete; may use {inbrenger} etc.
    timing = "zacht"                      # optional: overrides the method's timing
    waarschuwingen = [60]                 # optional: overrides the method's warnings
    min_minuten = 3                       # optional floor when fitting to less time

Nothing is ever written: the file is only read.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

from facilitator.methods._case import check_case_part
from facilitator.methods._fields import Source, Table, describe
from facilitator.methods._steps import check_unique_id, read_meetings, read_step, read_timing
from facilitator.methods.errors import ErrorCode, MethodError
from facilitator.methods.schema import (
    DEFAULT_CHECKIN_MIN,
    DEFAULT_REMINDER_MIN,
    DEFAULT_WARNINGS_S,
    PLACEHOLDERS,
    Method,
    Step,
    Timing,
)
from facilitator.textfiles import (
    METHOD_MAX_BYTES,
    FileProblem,
    parse_toml,
    read_bounded,
    toml_problem,
)
from facilitator.tomllines import index_lines, line_of_offset

logger = logging.getLogger(__name__)

METHOD_KEYS = frozenset(
    {
        "naam", "beschrijving", "groep", "totaal_minuten", "timing", "waarschuwingen",
        "herinnering_minuten", "checkin_minuten", "openingsregels", "bron", "bronnen",
        "incheckronde", "evaluatieronde", "bijeenkomst", "stap", "casus_vanaf",
    }
)  # fmt: skip

MIN_GROUP = 2  # people: intervisie needs at least a case bringer and one peer
DEFAULT_GROUP = (3, 12)  # people, when a file gives no `groep`
MEETING_PLACEHOLDERS = frozenset({"bijeenkomst", "accent"})


def load_method(path: Path) -> Method:
    """Read and validate one method file; raises ``MethodError`` with a Dutch message."""
    text = _read_text(path)
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as err:
        raise _syntax_error(path, err, text) from None
    source = Source(path, index_lines(text))
    method = _build_method(path, source, data)
    logger.debug("loaded method %s (%d steps) from %s", method.id, len(method.steps), path)
    return method


def _read_text(path: Path) -> str:
    try:
        data = read_bounded(path, METHOD_MAX_BYTES)
    except FileNotFoundError:
        raise MethodError(
            path, "bestand niet gevonden. Controleer de naam en de map.", code=ErrorCode.NOT_FOUND
        ) from None
    except FileProblem as err:
        raise MethodError(
            path,
            f"kan het bestand niet lezen ({err.reason}). Geef een gewoon methodebestand "
            "(.toml) dat je mag lezen.",
            code=ErrorCode.UNREADABLE,
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise MethodError(
            path,
            "het bestand is geen UTF-8-tekst (onleesbaar teken). Sla het op als UTF-8, "
            "bijvoorbeeld via 'Opslaan als' in je teksteditor.",
            code=ErrorCode.NOT_UTF8,
            line=line_of_offset(data, err.start),
        ) from None


def _syntax_error(path: Path, err: tomllib.TOMLDecodeError, text: str) -> MethodError:
    line, dutch = toml_problem(err, text)
    return MethodError(
        path,
        f"de opmaak klopt niet: {dutch}. Controleer aanhalingstekens, haken en het is-teken.",
        code=ErrorCode.SYNTAX,
        line=line,
    )


def _tables(top: Table, key: str, example: str) -> list[dict[str, object]]:
    value = top.data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise top.error(
            key,
            f"moet een reeks tabellen zijn (nu: {describe(value)}). Schrijf {example} "
            "(met dubbele haken) boven elk onderdeel.",
            ErrorCode.WRONG_TYPE,
        )
    return value


def _build_method(path: Path, source: Source, data: dict[str, object]) -> Method:
    top = Table(source, data, (None, 0))
    top.check_keys(METHOD_KEYS)
    name = top.text("naam", example='"Mijn methode"', required=True)
    group_min, group_max = _group(top)
    meetings = read_meetings(source, _tables(top, "bijeenkomst", "[[bijeenkomst]]"))
    raw_steps = _tables(top, "stap", "[[stap]]")
    if not raw_steps:
        raise top.error(
            "stap",
            "de methode heeft geen stappen. Voeg minstens één [[stap]] toe met titel, "
            "minuten, spreekt en prompt.",
            ErrorCode.NO_STEPS,
        )
    allowed = PLACEHOLDERS if meetings else PLACEHOLDERS - MEETING_PLACEHOLDERS
    steps: list[Step] = []
    for index, raw in enumerate(raw_steps):
        table = Table(source, raw, ("stap", index), step_number=index + 1)
        steps.append(read_step(table, allowed, tuple(m.number for m in meetings)))
        check_unique_id(table, steps)
    method = Method(
        id=path.stem,
        name=name,
        description=top.text("beschrijving", example='"Korte uitleg"'),
        group_min=group_min,
        group_max=group_max,
        steps=tuple(steps),
        timing=read_timing(top) or Timing.HARD,
        warnings_s=top.seconds_list("waarschuwingen") or DEFAULT_WARNINGS_S,
        reminder_min=top.number("herinnering_minuten", example="3") or DEFAULT_REMINDER_MIN,
        checkin_min=top.number("checkin_minuten", example="10") or DEFAULT_CHECKIN_MIN,
        opening_rules=top.text_list("openingsregels", example='["Eerste regel.", "Tweede."]'),
        meetings=meetings,
        source=top.text("bron", example='"Eigen methode"'),
        sources=top.text_list("bronnen", example='["Auteur (2020). Titel. Uitgever."]'),
        checkin_round=top.boolean("incheckronde", default=True),
        evaluation_round=top.boolean("evaluatieronde", default=True),
        case_from=top.text("casus_vanaf", example='"probleemverkenning"'),
        path=path,
    )
    top.placeholders("openingsregels", method.opening_rules, allowed)
    check_case_part(top, source, raw_steps, method)
    _check_total(top, method)
    return method


def _group(top: Table) -> tuple[int, int]:
    if "groep" not in top.data:
        return DEFAULT_GROUP
    value = top.data["groep"]
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
    ):
        raise top.error(
            "groep",
            f"moet twee hele getallen zijn, [minimum, maximum] (nu: {describe(value)}). "
            "Schrijf bijvoorbeeld: groep = [4, 8]",
            ErrorCode.WRONG_TYPE,
        )
    low, high = value
    if low < MIN_GROUP:
        raise top.error(
            "groep",
            f"het minimum moet minstens {MIN_GROUP} zijn (nu: {low}): intervisie doe je met "
            f"minstens twee mensen. Schrijf bijvoorbeeld: groep = [{MIN_GROUP}, {max(high, 8)}]",
            ErrorCode.GROUP_RANGE,
        )
    if low > high:
        raise top.error(
            "groep",
            f"het minimum ({low}) is groter dan het maximum ({high}). "
            f"Schrijf: groep = [{high}, {low}]",
            ErrorCode.GROUP_RANGE,
        )
    return low, high


def _check_total(top: Table, method: Method) -> None:
    total = top.number("totaal_minuten", example=f"{method.total_minutes:g}")
    if method.varies_per_meeting:
        _check_meetings(top, method, total)
        return
    if total is not None and abs(total - method.total_minutes) > 1e-9:
        raise top.error(
            "totaal_minuten",
            f"is {total:g}, maar de stappen duren samen {method.total_minutes:g} minuten. "
            "Pas totaal_minuten of de minuten van de stappen aan.",
            ErrorCode.TOTAL_MISMATCH,
        )


def _check_meetings(top: Table, method: Method, total: float | None) -> None:
    """A cycle whose steps differ per meeting: every meeting has steps and the same length."""
    expected = total if total is not None else method.total_minutes
    for meeting in method.meetings:
        minutes = method.for_meeting(meeting.number).total_minutes
        if not any(step.in_meeting(meeting.number) for step in method.steps):
            raise top.error(
                "stap",
                f"bijeenkomst {meeting.number} heeft geen stappen. Geef een stap "
                f"bijeenkomsten = [{meeting.number}] of haal het veld bij een stap weg.",
                ErrorCode.NO_STEPS,
            )
        if abs(minutes - expected) > 1e-9:
            raise top.error(
                "totaal_minuten",
                f"bijeenkomst {meeting.number} duurt {minutes:g} minuten, maar elke bijeenkomst "
                f"moet {expected:g} minuten duren. Pas de minuten van de stappen aan.",
                ErrorCode.TOTAL_MISMATCH,
            )
