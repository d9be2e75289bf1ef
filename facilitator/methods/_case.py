"""Checks of a method's case part: the step in which the group chooses the case
(``kiest_casus``) and where "nog een casus" starts again (``casus_vanaf``)."""

from __future__ import annotations

from facilitator.methods._fields import Source, Table
from facilitator.methods.errors import ErrorCode
from facilitator.methods.schema import Method, Step

INBRENGER = "{inbrenger}"


def _texts(step: Step) -> tuple[tuple[str, tuple[str, ...]], ...]:
    after = step.round.after_prompt if step.round is not None else ""
    return (
        ("prompt", (step.prompt,)),
        ("kort", (step.short_prompt,)),
        ("regel", (step.rule,)),
        ("inspiratie", step.inspiration),
        ("na_ronde", (after,)),
    )


def check_case_part(
    top: Table, source: Source, raw_steps: list[dict[str, object]], method: Method
) -> None:
    """Raises a located ``MethodError`` when the case part does not hold together."""

    def table(index: int) -> Table:
        return Table(source, raw_steps[index], ("stap", index), step_number=index + 1)

    choosers = [i for i, step in enumerate(method.steps) if step.chooses_case]
    if len(choosers) > 1:
        first, second = choosers[0], choosers[1]
        raise table(second).error(
            "kiest_casus",
            f"de casus wordt al gekozen in stap {first + 1} "
            f'("{method.steps[first].title}"). Eén stap per methode kiest de casus; haal '
            "kiest_casus bij een van beide weg.",
            ErrorCode.CASE_PART,
        )
    chooser = choosers[0] if choosers else None
    if chooser is not None:
        for index in range(chooser + 1):
            for key, texts in _texts(method.steps[index]):
                if any(INBRENGER in text for text in texts):
                    raise table(index).error(
                        key,
                        f"{INBRENGER} kan hier nog niet: wie de casus inbrengt, kiest de groep "
                        f"pas in stap {chooser + 1}. Schrijf 'de casusinbrenger' of zet de "
                        "tekst in een latere stap.",
                        ErrorCode.CASE_PART,
                    )
        if any(INBRENGER in rule for rule in method.opening_rules):
            raise top.error(
                "openingsregels",
                f"{INBRENGER} kan hier nog niet: wie de casus inbrengt, kiest de groep pas in "
                f"stap {chooser + 1}. Schrijf 'de casusinbrenger'.",
                ErrorCode.CASE_PART,
            )
    if method.case_from:
        ids = [step.id for step in method.steps]
        if method.case_from not in ids:
            raise top.error(
                "casus_vanaf",
                f'er is geen stap met id "{method.case_from}". Kies een van: {", ".join(ids)}.',
                ErrorCode.CASE_PART,
            )
        start = ids.index(method.case_from)
        if chooser is not None and start > chooser:
            raise top.error(
                "casus_vanaf",
                f"de casus wordt gekozen in stap {chooser + 1}; een nieuwe casus moet daar of "
                f'eerder beginnen (nu: stap {start + 1}). Schrijf casus_vanaf = "{ids[chooser]}" '
                "of haal het veld weg.",
                ErrorCode.CASE_PART,
            )
