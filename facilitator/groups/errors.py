"""Errors about standing groups (Dutch messages: what is wrong and what to do)."""

from __future__ import annotations

from facilitator.errors import CodedError, ErrorArea


class GroupError(CodedError, ValueError):
    """A group that cannot be found, made or read."""

    area = ErrorArea.GROUP
