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

import hashlib
import http.client
import logging
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.listening.models import KNOWN_MODELS, is_model_dir, user_models_dir

log = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
TIMEOUT_S = 30.0
RETRIES = 3
RETRY_WAIT_S = 1.0
HTTP_OK = 200
HTTP_PARTIAL = 206
HTTP_RANGE_NOT_SATISFIABLE = 416

ProgressFn = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)


class DownloadError(FacilitatorError, RuntimeError):
    """A download that failed or was refused; ``str()`` is Dutch and says what to do."""

    area = ErrorArea.DOWNLOAD


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
    _fetch(url, part, progress, expected_size, retries, timeout_s, retry_wait_s)
    try:
        _verify(part, expected_size, sha256)
        target = _unpack(part, dest)
    except DownloadError:
        part.unlink(missing_ok=True)
        raise
    part.unlink(missing_ok=True)
    log.info("model installed in %s", target)
    return target


def _fetch(
    url: str,
    part: Path,
    progress: ProgressFn | None,
    expected_size: int | None,
    retries: int,
    timeout_s: float,
    retry_wait_s: float,
) -> None:
    last_error: Exception | None = None
    for attempt in range(1, retries + 1):
        try:
            if _fetch_once(url, part, progress, expected_size, timeout_s):
                return
        except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
            if isinstance(err, urllib.error.HTTPError) and err.code < 500:
                raise DownloadError(
                    f"De server weigert het model ({url}: HTTP {err.code}). Controleer het "
                    "adres of probeer het later opnieuw."
                ) from None
            last_error = err
            log.warning("download attempt %d of %d failed: %s", attempt, retries, err)
        if attempt < retries:
            time.sleep(retry_wait_s * attempt)
    raise DownloadError(
        f"Het downloaden van {url} lukte niet na {retries} pogingen ({last_error}). "
        "Controleer de internetverbinding en start de download opnieuw: hij gaat verder waar "
        "hij gebleven was."
    )


def _fetch_once(
    url: str, part: Path, progress: ProgressFn | None, expected_size: int | None, timeout_s: float
) -> bool:
    """One request; True when the file is complete. Raises on network errors."""
    have = part.stat().st_size if part.exists() else 0
    if expected_size is not None and have > expected_size:
        part.unlink()
        have = 0
    request = urllib.request.Request(url, headers={"User-Agent": "facilitator"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)
    except urllib.error.HTTPError as err:
        if err.code == HTTP_RANGE_NOT_SATISFIABLE and have:
            return True  # nothing left to fetch
        raise
    with response:
        if have and response.status == HTTP_PARTIAL:
            mode = "ab"
            total = _total_from_range(response.headers.get("Content-Range"))
        else:
            mode, have = "wb", 0
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
        total = total if total is not None else expected_size
        with part.open(mode) as out:
            done = have
            while True:
                chunk = response.read(CHUNK_BYTES)
                if not chunk:
                    break
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    if total is not None and done < total:
        raise http.client.IncompleteRead(b"", total - done)
    return True


def _total_from_range(header: str | None) -> int | None:
    """The total size from ``Content-Range: bytes 100-199/200``."""
    if not header or "/" not in header:
        return None
    total = header.rsplit("/", 1)[1].strip()
    return int(total) if total.isdigit() else None


def _verify(part: Path, expected_size: int | None, sha256: str | None) -> None:
    size = part.stat().st_size
    if expected_size is not None and size != expected_size:
        raise DownloadError(
            f"Het gedownloade model heeft de verkeerde grootte ({size} bytes in plaats van "
            f"{expected_size}). Het is niet geïnstalleerd; start de download opnieuw."
        )
    if sha256 is not None:
        digest = hashlib.sha256()
        with part.open("rb") as data:
            for chunk in iter(lambda: data.read(CHUNK_BYTES), b""):
                digest.update(chunk)
        if digest.hexdigest() != sha256.lower():
            raise DownloadError(
                "Het gedownloade model klopt niet (controlegetal wijkt af). Het is niet "
                "geïnstalleerd; start de download opnieuw."
            )
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
