"""Fetching one large file with care: resume, retries, size and checksum (shared by
``facilitator model download`` and ``facilitator stem download``).

* resumes an interrupted transfer with an HTTP ``Range`` request (or starts over when the
  server ignores it) and retries a few times; the partial file stays for the next attempt;
* verifies the size and a checksum (SHA-256 or MD5, as the publisher gives it);
* refuses with a Dutch message that names what was downloaded and what to do.

Installing (unpacking, renaming into place) is the caller's part: each caller renames the
verified file atomically, so a broken download never leaves a half install behind.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from facilitator.errors import ErrorArea, FacilitatorError

log = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
TIMEOUT_S = 30.0
RETRIES = 3
RETRY_WAIT_S = 1.0
HTTP_PARTIAL = 206
HTTP_RANGE_NOT_SATISFIABLE = 416

ProgressFn = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)


class DownloadError(FacilitatorError, RuntimeError):
    """A download that failed or was refused; ``str()`` is Dutch and says what to do."""

    area = ErrorArea.DOWNLOAD


def fetch(
    url: str,
    part: Path,
    progress: ProgressFn | None,
    expected_size: int | None,
    *,
    what: str = "het bestand",
    retries: int = RETRIES,
    timeout_s: float = TIMEOUT_S,
    retry_wait_s: float = RETRY_WAIT_S,
) -> None:
    """Fetch ``url`` into ``part`` (resuming what is there); ``what`` names it in messages."""
    last_error: Exception | None = None
    for attempt in range(1, retries + 1):
        try:
            if _fetch_once(url, part, progress, expected_size, timeout_s):
                return
        except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
            if isinstance(err, urllib.error.HTTPError) and err.code < 500:
                raise DownloadError(
                    f"De server weigert {what} ({url}: HTTP {err.code}). Controleer het "
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


def verify(
    part: Path,
    expected_size: int | None,
    *,
    sha256: str | None = None,
    md5: str | None = None,
    what: str = "Het gedownloade bestand",
) -> None:
    """Refuse ``part`` (``DownloadError``) when its size or checksum is not the published one.

    ``what`` starts the message ("Het gedownloade model", "De gedownloade stem").
    """
    size = part.stat().st_size
    if expected_size is not None and size != expected_size:
        raise DownloadError(
            f"{what} heeft de verkeerde grootte ({size} bytes in plaats van "
            f"{expected_size}). Het is niet geïnstalleerd; start de download opnieuw."
        )
    for name, wanted in (("sha256", sha256), ("md5", md5)):
        if wanted is None:
            continue
        digest = hashlib.new(name)
        with part.open("rb") as data:
            for chunk in iter(lambda: data.read(CHUNK_BYTES), b""):
                digest.update(chunk)
        if digest.hexdigest() != wanted.lower():
            raise DownloadError(
                f"{what} klopt niet (controlegetal wijkt af). Het is niet "
                "geïnstalleerd; start de download opnieuw."
            )
