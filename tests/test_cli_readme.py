"""README.md stays in step with the data it documents (keys, voice commands, settings)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from facilitator.cli.docs import keys_table, voice_table
from facilitator.settings import load_settings_file

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_tables_match_the_keymap_and_the_dutch_vocabulary() -> None:
    text = README.read_text(encoding="utf-8")
    assert keys_table() in text, "regenerate with: python -m facilitator.cli.docs"
    assert voice_table("nl") in text, "regenerate with: python -m facilitator.cli.docs"


def test_readme_settings_example_is_a_valid_settings_file(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"## Settings file.*?```toml\n(.*?)```", text, re.S)
    assert match is not None
    example = tmp_path / "instellingen.toml"
    example.write_text(match.group(1), encoding="utf-8")
    values = load_settings_file(example)
    sections = tomllib.loads(match.group(1))
    assert set(sections) == {"sessie", "spraak", "luisteren", "scherm", "kamerscherm"}
    assert values["speech"]["volume_pct"] == 90
    assert values["listen"]["address_name"] == "Kompas"


def test_readme_names_the_two_first_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "bash scripts/run.sh" in text and "bash scripts/test.sh" in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[0] == "#!/usr/bin/env bash" and ci[-1] == "bash scripts/test.sh"
