"""Shared fixtures. Test-specific helpers live in tests/support/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.virtual_audio import VirtualAudio, missing_programs

#: Fixtures shared across test modules: ``browser`` and ``room`` for the room display's page.
pytest_plugins = ["tests.support.room_page"]


@pytest.fixture
def virtual_audio(tmp_path: Path) -> Iterator[VirtualAudio]:
    """A private headless PulseAudio with a virtual microphone and a virtual speaker."""
    missing = missing_programs()
    if missing:
        pytest.skip(f"PulseAudio programs missing ({', '.join(missing)}): run scripts/test.sh")
    with VirtualAudio(tmp_path) as va:
        yield va
