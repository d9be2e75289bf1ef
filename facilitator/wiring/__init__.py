"""Wiring only: build clock, session and controller and attach every part (``run.py``);
convert the one ``Settings`` into each part's settings (``parts.py``)."""

from facilitator.wiring.parts import (
    help_phrases,
    listen_settings,
    session_settings,
    speech_settings,
)
from facilitator.wiring.run import Outcome, Wiring

__all__ = [
    "Outcome",
    "Wiring",
    "help_phrases",
    "listen_settings",
    "session_settings",
    "speech_settings",
]
