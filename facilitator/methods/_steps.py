"""Reading ``[[stap]]`` and ``[[bijeenkomst]]`` tables into schema types."""

from __future__ import annotations

import math
import re
import unicodedata

from facilitator.methods._fields import Source, Table
from facilitator.methods.errors import ErrorCode
from facilitator.methods.schema import Meeting, Role, RoundSpec, Step, Timing

STEP_KEYS = frozenset(
    {
        "id", "titel", "minuten", "spreekt", "prompt", "regel", "inspiratie", "ronde",
        "ronde_met_inbrenger", "ronde_reserve_minuten", "na_ronde", "timing", "waarschuwingen",
        "min_minuten", "kort", "bijeenkomsten", "regel_halverwege", "kiest_casus",
    }
)  # fmt: skip
#: Fields that only mean something on a round step (``ronde = true``).
ROUND_ONLY_KEYS = ("ronde_met_inbrenger", "ronde_reserve_minuten", "na_ronde")
MEETING_KEYS = frozenset({"nummer", "titel", "accent"})

#: TOML words for the schema enums.
ROLES: dict[str, object] = {role.value: role for role in Role}
TIMINGS: dict[str, object] = {"hard": Timing.HARD, "zacht": Timing.SOFT}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """'Associëren en duiden' -> 'associeren-en-duiden'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def read_meetings(source: Source, raw_meetings: list[dict[str, object]]) -> tuple[Meeting, ...]:
    meetings: list[Meeting] = []
    for index, raw in enumerate(raw_meetings):
        table = Table(source, raw, ("bijeenkomst", index), label=f"bijeenkomst {index + 1}")
        table.check_keys(MEETING_KEYS)
        number = table.integer("nummer", example=str(index + 1), required=True)
        assert number is not None  # required=True
        if number < 1:
            raise table.error(
                "nummer",
                f"moet 1 of hoger zijn (nu: {number}). Pas de waarde aan.",
                ErrorCode.NOT_POSITIVE,
            )
        if any(m.number == number for m in meetings):
            raise table.error(
                "nummer",
                f"bijeenkomst {number} komt twee keer voor. Geef elke [[bijeenkomst]] "
                "een eigen nummer.",
                ErrorCode.DUPLICATE_MEETING,
            )
        title = table.text("titel", example='"Eerste bijeenkomst"', required=True)
        accent = table.text("accent", example='"het thema van deze bijeenkomst"', required=True)
        table.placeholders("accent", (accent,), frozenset())
        meetings.append(Meeting(number=number, title=title, accent=accent))
    return tuple(sorted(meetings, key=lambda m: m.number))


def read_step(table: Table, allowed: frozenset[str], meeting_numbers: tuple[int, ...] = ()) -> Step:
    table.check_keys(STEP_KEYS)
    title = table.text("titel", example='"Probleemverkenning"', required=True)
    minutes = table.number("minuten", example="10", required=True)
    assert minutes is not None  # required=True
    role = table.choice("spreekt", ROLES, code=ErrorCode.UNKNOWN_ROLE, required=True, noun="rol")
    assert isinstance(role, Role)
    prompt = table.text("prompt", example='"Wat is je vraag?"', required=True)
    rule = table.text("regel", example='"Alleen vragen, nog geen adviezen."')
    short = table.text("kort", example='"{inbrenger} vertelt, de anderen luisteren."')
    inspiration = table.text_list("inspiratie", example='["Wat deed je toen?"]')
    texts_by_key = (("prompt", (prompt,)), ("regel", (rule,)), ("kort", (short,)))
    for key, texts in (*texts_by_key, ("inspiratie", inspiration)):
        table.placeholders(key, texts, allowed)
    min_minutes = table.number("min_minuten", example="3")
    if min_minutes is not None and min_minutes > minutes:
        raise table.error(
            "min_minuten",
            f"mag niet groter zijn dan minuten (nu: {min_minutes:g} > {minutes:g}). "
            "Pas een van beide aan.",
            ErrorCode.BAD_VALUE,
        )
    return Step(
        id=_step_id(table, title),
        title=title,
        minutes=minutes,
        role=role,
        prompt=prompt,
        rule=rule,
        short_prompt=short,
        inspiration=inspiration,
        round=_round(table, role, minutes, allowed),
        timing=read_timing(table),
        warnings_s=table.seconds_list("waarschuwingen"),
        min_minutes=min_minutes,
        meetings=_meetings(table, meeting_numbers),
        rule_halfway=table.boolean("regel_halverwege", default=False),
        chooses_case=_chooses_case(table, role),
    )


def _chooses_case(table: Table, role: Role) -> bool:
    """``kiest_casus = true``: the group chooses the case, and so who brings it, here."""
    chooses = table.boolean("kiest_casus", default=False)
    if chooses and role is Role.CASUSINBRENGER:
        raise table.error(
            "kiest_casus",
            "kan niet bij een stap waarin alleen de casusinbrenger spreekt: die is dan nog "
            'niet gekozen. Kies spreekt = "iedereen" of haal kiest_casus weg.',
            ErrorCode.BAD_VALUE,
        )
    return chooses


def _meetings(table: Table, known: tuple[int, ...]) -> tuple[int, ...]:
    """``bijeenkomsten = [1, 2]``: the meetings of a cycle this step belongs to."""
    key = "bijeenkomsten"
    if key not in table.data:
        return ()
    value = table.data[key]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in value)
    ):
        raise table.error(
            key,
            "moet een lijst van nummers van bijeenkomsten zijn. Schrijf bijvoorbeeld: "
            f"{key} = [1, 2]",
            ErrorCode.WRONG_TYPE,
        )
    if not known:
        raise table.error(
            key,
            "heeft alleen betekenis bij een cyclus, maar de methode heeft geen [[bijeenkomst]]. "
            "Voeg bijeenkomsten toe of haal dit veld weg.",
            ErrorCode.BAD_VALUE,
        )
    unknown = [n for n in value if n not in known]
    if unknown:
        listed = ", ".join(str(n) for n in known)
        raise table.error(
            key,
            f"bijeenkomst {unknown[0]} bestaat niet (wel: {listed}). Pas het nummer aan.",
            ErrorCode.BAD_VALUE,
        )
    return tuple(sorted(set(value)))


def read_timing(table: Table) -> Timing | None:
    timing = table.choice(
        "timing", TIMINGS, code=ErrorCode.UNKNOWN_TIMING, required=False, noun="timing"
    )
    return timing if isinstance(timing, Timing) else None


def _step_id(table: Table, title: str) -> str:
    if "id" not in table.data:
        return slugify(title) or f"stap-{table.step_number}"
    step_id = table.text("id", example='"probleemverkenning"', required=True)
    if not _SLUG.match(step_id):
        raise table.error(
            "id",
            f'mag alleen kleine letters, cijfers en streepjes bevatten (nu: "{step_id}"). '
            f'Schrijf bijvoorbeeld: id = "{slugify(step_id) or "stap-1"}"',
            ErrorCode.BAD_VALUE,
        )
    return step_id


def _round(table: Table, role: Role, minutes: float, allowed: frozenset[str]) -> RoundSpec | None:
    is_round = table.boolean("ronde", default=False)
    with_bringer = table.boolean("ronde_met_inbrenger", default=role is Role.IEDEREEN)
    if not is_round:
        for key in ROUND_ONLY_KEYS:
            if key in table.data:
                raise table.error(
                    key,
                    "heeft alleen betekenis bij een ronde. Zet ronde = true of haal dit veld weg.",
                    ErrorCode.BAD_VALUE,
                )
        return None
    if role is Role.STIL:
        raise table.error(
            "ronde",
            'kan niet bij een stille stap (spreekt = "stil"): in een ronde spreekt ieder '
            'om de beurt. Haal ronde weg of kies spreekt = "deelnemers" of "iedereen".',
            ErrorCode.ROUND_SILENT,
        )
    if role is Role.CASUSINBRENGER:
        raise table.error(
            "ronde",
            "kan niet als alleen de casusinbrenger spreekt: in een ronde spreekt ieder om "
            'de beurt. Haal ronde weg of kies spreekt = "deelnemers" of "iedereen".',
            ErrorCode.ROUND_SILENT,
        )
    after = table.text("na_ronde", example='"{inbrenger}, wat neem je hieruit mee?"')
    table.placeholders("na_ronde", (after,), allowed)
    return RoundSpec(
        include_casusinbrenger=with_bringer,
        reserve_minutes=_reserve(table, minutes),
        after_prompt=after,
    )


def _reserve(table: Table, minutes: float) -> float:
    """``ronde_reserve_minuten``: 0 or more, and less than the step's own minutes."""
    key = "ronde_reserve_minuten"
    suggestion = f"{math.floor(minutes / 3 * 2) / 2:g}"  # a third, in half minutes
    reserve = table.number(key, example=suggestion, default=0.0, allow_zero=True)
    assert reserve is not None  # a default is given
    if reserve >= minutes:
        raise table.error(
            key,
            f"moet kleiner zijn dan minuten (nu: {reserve:g}, en de stap duurt {minutes:g} "
            "minuten): de beurten in de ronde hebben ook tijd nodig. Schrijf bijvoorbeeld: "
            f"{key} = {suggestion}",
            ErrorCode.BAD_VALUE,
        )
    return reserve


def check_unique_id(table: Table, steps: list[Step]) -> None:
    new = steps[-1]
    for number, step in enumerate(steps[:-1], start=1):
        if step.id == new.id:
            raise table.error(
                "id" if "id" in table.data else "titel",
                f'de id "{new.id}" komt al voor bij stap {number} ("{step.title}"). '
                "Geef elke stap een eigen id.",
                ErrorCode.DUPLICATE_STEP,
            )
