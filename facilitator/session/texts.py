"""Filling a method's prompts with the session's names and meeting."""

from __future__ import annotations

import re

from facilitator.phrases import Phrases
from facilitator.session.plan import SessionPlan

_PLACEHOLDER = re.compile(r"\{(inbrenger|bijeenkomst|accent|deelnemers)\}")


def placeholder_values(plan: SessionPlan, phrases: Phrases) -> dict[str, str]:
    meeting = plan.method.meeting(plan.meeting) if plan.meeting is not None else None
    return {
        "inbrenger": plan.casusinbrenger,
        "bijeenkomst": phrases.number(meeting.number) if meeting else "",
        "accent": meeting.accent if meeting else "",
        "deelnemers": phrases.names(plan.participants),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace ``{inbrenger}`` etc.; any other braces are left as written."""
    filled = _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
    return re.sub(r"\s{2,}", " ", filled).strip()
