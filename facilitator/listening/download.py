"""``facilitator model download``: fetch a Vosk model archive, verify it, unpack it atomically.

* resumes an interrupted transfer with an HTTP ``Range`` request (or starts over when the
  server ignores it) and retries a few times;
* verifies the size (public model lists give the zip's size), a SHA-256 when one is known, and
  the archive's integrity (every member's CRC);
* unpacks into a temporary directory next to the destination and renames it into place, so a
  broken download never leaves a half model behind;
* refuses a broken download with a Dutch message saying what to do.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from facilitator.download import (
    RETRIES,
    RETRY_WAIT_S,
    TIMEOUT_S,
    DownloadError,
    ProgressFn,
    fetch,
    verify,
)
from facilitator.listening.models import KNOWN_MODELS, is_model_dir, user_models_dir

__all__ = ["DownloadError", "download_model"]

log = logging.getLogger(__name__)

MODEL = "Het gedownloade model"


def download_model(
    lang: str = "nl",
    dest: Path | None = None,
    progress: ProgressFn | None = None,
    url: str | None = None,
    *,
    expected_size: int | None = None,
    sha256: str | None = None,
    retries: int = RETRIES,
    timeout_s: float = TIMEOUT_S,
    retry_wait_s: float = RETRY_WAIT_S,
) -> Path:
    """Download, verify and unpack the model for ``lang``; returns the model directory.

    Without ``url`` the official archive and its published size are used; with ``url`` (a
    mirror, a test server) only the checks you pass (``expected_size``, ``sha256``) apply,
    besides the archive's own integrity.
    """
    spec = KNOWN_MODELS.get(lang)
    if spec is None and url is None:
        known = ", ".join(KNOWN_MODELS)
        raise DownloadError(f"Geen model bekend voor taal '{lang}'. Kies een van: {known}.")
    if url is None:
        assert spec is not None
        url = spec.url
        expected_size = expected_size if expected_size is not None else spec.size_bytes
        sha256 = sha256 or spec.sha256
    dest = Path(dest) if dest is not None else user_models_dir()
    dest.mkdir(parents=True, exist_ok=True)
    archive_name = PurePosixPath(url.split("?")[0]).name or f"model-{lang}.zip"
    part = dest / f".{archive_name}.part"
    fetch(
        url,
        part,
        progress,
        expected_size,
        what="het model",
        retries=retries,
        timeout_s=timeout_s,
        retry_wait_s=retry_wait_s,
    )
    try:
        _verify(part, expected_size, sha256)
        target = _unpack(part, dest)
    except DownloadError:
        part.unlink(missing_ok=True)
        raise
    part.unlink(missing_ok=True)
    log.info("model installed in %s", target)
    return target


def _verify(part: Path, expected_size: int | None, sha256: str | None) -> None:
    verify(part, expected_size, sha256=sha256, what=MODEL)
    try:
        with zipfile.ZipFile(part) as archive:
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise DownloadError(
            f"Het gedownloade model is geen geldig zip-archief ({err}). Het is niet "
            "geïnstalleerd; start de download opnieuw."
        ) from None
    if broken is not None:
        raise DownloadError(
            f"Het gedownloade model is beschadigd ({broken}). Het is niet geïnstalleerd; "
            "start de download opnieuw."
        )


def _unpack(part: Path, dest: Path) -> Path:
    with zipfile.ZipFile(part) as archive:
        names = archive.namelist()
        tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
        unsafe = [n for n in names if n.startswith("/") or ".." in PurePosixPath(n).parts]
        if unsafe or len(tops) != 1:
            raise DownloadError(
                "Het archief heeft niet de vorm van een Vosk-model (één map met het model). "
                "Gebruik het officiële model van https://alphacephei.com/vosk/models."
            )
        top = tops.pop()
        staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=dest))
        try:
            archive.extractall(staging)
            unpacked = staging / top
            if not is_model_dir(unpacked):
                raise DownloadError(
                    f"Het archief bevat geen Vosk-model ({top} mist am/final.mdl of "
                    "conf/model.conf)."
                )
            target = dest / top
            if target.exists():
                old = dest / f".old-{top}-{os.getpid()}"
                os.replace(target, old)
                os.replace(unpacked, target)
                shutil.rmtree(old)
            else:
                os.replace(unpacked, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target
