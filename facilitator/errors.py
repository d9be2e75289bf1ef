"""The one root of every error a user can cause or fix.

Every such error derives from ``FacilitatorError``: its ``str()`` is one Dutch message that
says what is wrong and what to do, and ``error_code`` is a stable code (``"method.syntax"``,
``"state"``, …) for logs and tests. The command line maps the root to exit code 2, so no
part needs to be imported to be recognised (compare Home Assistant's
``PipelineError(code, message)``).

The stdlib base classes (``ValueError``, ``RuntimeError``, ``LookupError``) stay as second
bases, so code that catches those keeps working. An area whose finer code is chosen where the
error is raised (``GroupError("…", "history")``) derives from ``CodedError``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class ErrorArea(StrEnum):
    """Where the mistake is: the first part of ``FacilitatorError.error_code``."""

    USAGE = "usage"  # a command-line option
    METHOD = "method"  # a method file, or an unknown method name
    FIT = "fit"  # a method that cannot fit the minutes given
    PLAN = "plan"  # names, casusinbrenger, meeting number
    SETTINGS = "settings"  # the settings file or a setting
    STATE = "state"  # the saved session state (--hervat)
    VOCABULARY = "vocabulary"  # a command vocabulary file
    MODEL = "model"  # the speech-recognition model
    DOWNLOAD = "download"  # installing a model or a voice
    MICROPHONE = "microphone"
    SPEAKER = "speaker"
    VOICE = "voice"  # the speech engine or a voice file
    GROUP = "group"  # a standing group
    SERVICE = "service"  # the systemd user service of the device mode


class FacilitatorError(Exception):
    """Base of every user-facing error. ``str(err)`` is the Dutch message."""

    area: ClassVar[ErrorArea] = ErrorArea.USAGE

    @property
    def detail(self) -> str:
        """A finer code within the area ("" when the area says it all)."""
        return ""

    @property
    def error_code(self) -> str:
        detail = self.detail
        return f"{self.area.value}.{detail}" if detail else self.area.value


class CodedError(FacilitatorError):
    """A ``FacilitatorError`` whose finer code is given where it is raised:
    ``raise GroupError("…", "history")`` has the code ``"group.history"``."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code

    @property
    def detail(self) -> str:
        return self.code
