"""Errors about standing groups (Dutch messages: what is wrong and what to do)."""

from __future__ import annotations

from facilitator.errors import ErrorArea, FacilitatorError


class GroupError(FacilitatorError, ValueError):
    """A group that cannot be found, made or read."""

    area = ErrorArea.GROUP

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code

    @property
    def detail(self) -> str:
        return self.code
