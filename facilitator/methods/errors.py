"""Errors of the method library, each carrying a Dutch message meant for the user.

``str(err)`` is the complete message the CLI shows; the attributes let tests and the
CLI point at the exact place (file, line, step, field) without parsing text.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from facilitator.errors import ErrorArea, FacilitatorError


class ErrorCode(StrEnum):
    """What went wrong in a method file (stable, for tests and logs)."""

    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    NOT_UTF8 = "not_utf8"
    SYNTAX = "syntax"
    MISSING = "missing"
    WRONG_TYPE = "wrong_type"
    BAD_VALUE = "bad_value"
    NOT_POSITIVE = "not_positive"
    UNKNOWN_ROLE = "unknown_role"
    UNKNOWN_TIMING = "unknown_timing"
    DUPLICATE_STEP = "duplicate_step"
    UNKNOWN_KEY = "unknown_key"
    GROUP_RANGE = "group_range"
    PLACEHOLDER = "placeholder"
    ROUND_SILENT = "round_silent"
    TOTAL_MISMATCH = "total_mismatch"
    NO_STEPS = "no_steps"
    DUPLICATE_MEETING = "duplicate_meeting"
    CASE_PART = "case_part"  # kiest_casus / casus_vanaf


class MethodError(FacilitatorError):
    """A method file that cannot be used, with where and why in Dutch.

    The message reads like
    ``methode.toml, regel 14, stap 3 ("Associëren"), veld "minuten": moet groter dan 0
    zijn (nu: 0). Pas de waarde aan.``
    """

    area = ErrorArea.METHOD

    def __init__(
        self,
        path: Path,
        message: str,
        *,
        code: ErrorCode,
        line: int | None = None,
        step_number: int | None = None,
        step_title: str = "",
        field: str = "",
    ) -> None:
        self.path = path
        self.message = message
        self.code = code
        self.line = line
        self.step_number = step_number  # 1-based
        self.step_title = step_title
        self.field = field
        super().__init__(self.__str__())

    @property
    def location(self) -> str:
        """File, line, step and field, Dutch, comma-separated."""
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(f"regel {self.line}")
        if self.step_number is not None:
            step = f"stap {self.step_number}"
            if self.step_title:
                step += f' ("{self.step_title}")'
            parts.append(step)
        if self.field:
            parts.append(f'veld "{self.field}"')
        return ", ".join(parts)

    @property
    def detail(self) -> str:
        return self.code.value

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class MethodNotFound(FacilitatorError, LookupError):
    """No method matches a name; carries close suggestions (method ids)."""

    area = ErrorArea.METHOD

    @property
    def detail(self) -> str:
        return ErrorCode.NOT_FOUND.value

    def __init__(self, query: str, suggestions: tuple[str, ...] = ()) -> None:
        self.query = query
        self.suggestions = suggestions
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f'Geen methode gevonden met de naam "{self.query}".'
        if self.suggestions:
            text += " Bedoel je: " + ", ".join(self.suggestions) + "?"
        return text + ' Bekijk alle methodes met "facilitator methodes".'


class FitError(FacilitatorError, ValueError):
    """A method cannot be fitted to the minutes a group has."""

    area = ErrorArea.FIT

    def __init__(self, message: str, *, minimum_minutes: float | None = None) -> None:
        self.message = message
        self.minimum_minutes = minimum_minutes
        super().__init__(message)

    def __str__(self) -> str:
        return self.message
