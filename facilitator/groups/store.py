"""Standing groups on disk: one small JSON file per group in the user data dir, written
atomically (temp file, fsync, ``os.replace``), so a crash never leaves half a group."""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from facilitator.groups.errors import GroupError
from facilitator.groups.model import CaseRecord, Group, PromptLength
from facilitator.textfiles import KIB, read_bounded

logger = logging.getLogger(__name__)

APP_NAME = "facilitator"
GROUPS_SUBDIR = "groepen"
FORMAT_VERSION = 1
SUFFIX = ".json"
#: A group is a few hundred bytes, a long history a few tens of kB.
GROUP_MAX_BYTES = 1024 * KIB


def default_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / GROUPS_SUBDIR


def file_stem(name: str) -> str:
    """'Team Noord' -> 'team-noord' (the file name; names differ in more than case)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _to_dict(group: Group) -> dict[str, Any]:
    return {
        "versie": FORMAT_VERSION,
        "naam": group.name,
        "deelnemers": list(group.participants),
        "taal": group.language,
        "methodes": list(group.methods),
        "uitleg": group.prompts.value,
        "geschiedenis_bijhouden": group.keep_history,
        "geschiedenis": [
            {"datum": r.on.isoformat(), "casusinbrenger": r.casusinbrenger, "methode": r.method_id}
            for r in group.history
        ],
    }


def _from_dict(data: dict[str, Any]) -> Group:
    """Raises KeyError, TypeError or ValueError on a malformed file."""
    if data.get("versie") != FORMAT_VERSION:
        raise ValueError(f"onbekende versie {data.get('versie')!r}")
    names = data["deelnemers"]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise TypeError("deelnemers")
    history = tuple(
        CaseRecord(date.fromisoformat(r["datum"]), str(r["casusinbrenger"]), str(r["methode"]))
        for r in data.get("geschiedenis", [])
    )
    return Group(
        name=str(data["naam"]),
        participants=tuple(names),
        language=str(data.get("taal", "nl")),
        methods=tuple(str(m) for m in data.get("methodes", [])),
        prompts=PromptLength(data.get("uitleg", PromptLength.AUTO.value)),
        keep_history=bool(data.get("geschiedenis_bijhouden", False)),
        history=history,
    )


class GroupStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_dir()

    def path_of(self, name: str) -> Path:
        stem = file_stem(name)
        if not stem:
            raise GroupError(
                f"De groepsnaam '{name}' bevat geen letters of cijfers. "
                "Kies een naam als 'Team Noord'.",
                "name",
            )
        return self.directory / f"{stem}{SUFFIX}"

    def exists(self, name: str) -> bool:
        return self.path_of(name).exists()

    def names(self) -> list[str]:
        """The names of all groups, sorted; an unreadable file is logged and skipped."""
        found: list[str] = []
        if not self.directory.is_dir():
            return found
        for path in sorted(self.directory.glob(f"*{SUFFIX}")):
            try:
                found.append(self._read(path).name)
            except GroupError as err:
                logger.warning("skipping group file %s: %s", path, err)
        return found

    def get(self, name: str) -> Group:
        path = self.path_of(name)
        if not path.exists():
            known = ", ".join(self.names()) or "nog geen"
            raise GroupError(
                f"Er is geen groep '{name}' (bekende groepen: {known}). "
                f'Maak er een met: facilitator groep maak "{name}" --deelnemers "Anna,Bram,Cem"',
                "not_found",
            )
        return self._read(path)

    def _read(self, path: Path) -> Group:
        try:
            data = json.loads(read_bounded(path, GROUP_MAX_BYTES).decode("utf-8"))
            if not isinstance(data, dict):
                raise TypeError("geen object")
            return _from_dict(data)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise GroupError(
                f"Het groepsbestand {path} is onleesbaar ({err}). Verwijder het, of maak de "
                "groep opnieuw met: facilitator groep maak",
                "unreadable",
            ) from None

    def save(self, group: Group) -> Path:
        """Write ``group`` atomically; returns its file."""
        path = self.path_of(group.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(_to_dict(group), ensure_ascii=False, indent=2) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=".groep-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def delete(self, name: str) -> None:
        self.get(name)  # a clear error when it does not exist
        self.path_of(name).unlink()

    def forget(self, name: str) -> Group:
        """Delete the group's history (who brought a case when); keeps the group."""
        group = self.get(name).forgotten()
        self.save(group)
        return group

    def record(self, name: str, record: CaseRecord) -> Group:
        """Add ``record`` to the group's history if the group keeps one."""
        group = self.get(name)
        updated = group.with_record(record)
        if updated is not group:
            self.save(updated)
        return updated
