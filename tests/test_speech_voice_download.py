"""``facilitator stem download`` against a local HTTP server (127.0.0.1 only): the Dutch voices
cannot be downloaded here, so a small generated voice stands in for the download logic
(resume, size and MD5 checks, atomic install, refusals); the command line is checked with the
real catalogue entry, which a wrong file must fail."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from facilitator.download import DownloadError
from facilitator.speech.piper_voices import DUTCH_VOICES, VoiceSpec, installed_voices, read_voice
from facilitator.speech.voice_download import download_voice
from tests.test_listen_download import Served, server  # noqa: F401 - the shared fixture

REPO = Path(__file__).resolve().parents[1]
NAME = "nl_BE-test-medium"
PATH = f"nl/nl_BE/test/medium/{NAME}.onnx"


def voice_files(language: str = "nl_BE") -> tuple[bytes, bytes]:
    model = np.random.default_rng(7).bytes(300_000)
    config = {
        "audio": {"sample_rate": 22050, "quality": "medium"},
        "espeak": {"voice": language.split("_")[0]},
        "language": {"code": language, "family": language.split("_")[0]},
    }
    return model, json.dumps(config).encode("utf-8")


def spec_for(model: bytes, config: bytes, **changes: object) -> VoiceSpec:
    values: dict[str, object] = {
        "name": NAME,
        "description": "Vlaams, test",
        "path": PATH,
        "size_bytes": len(model),
        "md5": hashlib.md5(model).hexdigest(),
        "config_size_bytes": len(config),
        "config_md5": hashlib.md5(config).hexdigest(),
    }
    values.update(changes)
    return VoiceSpec(**values)  # type: ignore[arg-type]


def get(base: str, dest: Path, spec: VoiceSpec, **kwargs: object) -> object:
    return download_voice(
        spec.name, dest, site=base, spec=spec, retry_wait_s=0.0, timeout_s=10.0, **kwargs
    )  # type: ignore[arg-type]


def test_interrupted_download_resumes_and_installs_the_voice(
    server: tuple[str, dict[str, Served]],  # noqa: F811
    tmp_path: Path,
) -> None:
    base, served = server
    model, config = voice_files()
    served[f"/{PATH}"] = Served(model, cut_after=[len(model) // 3])
    served[f"/{PATH}.json"] = Served(config)
    seen: list[tuple[int, int | None]] = []
    voice = get(base, tmp_path, spec_for(model, config), progress=lambda d, t: seen.append((d, t)))
    assert served[f"/{PATH}"].ranges == [None, f"bytes={len(model) // 3}-"]
    assert seen[-1] == (len(model), len(model))
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))
    assert voice == read_voice(tmp_path / f"{NAME}.onnx")
    assert voice.language == "nl_BE" and voice.sample_rate == 22050  # type: ignore[attr-defined]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{NAME}.onnx", f"{NAME}.onnx.json"]
    assert (tmp_path / f"{NAME}.onnx").read_bytes() == model


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("md5", "controlegetal"),
        ("size", "verkeerde grootte"),
        ("config-md5", "controlegetal"),
        ("english", "geen Nederlandse stem"),
        ("not-json", "geen geldig instellingenbestand"),
    ],
)
def test_a_wrong_file_is_refused_and_nothing_is_installed(
    fault: str,
    message: str,
    server: tuple[str, dict[str, Served]],  # noqa: F811
    tmp_path: Path,
) -> None:
    base, served = server
    model, config = voice_files("en_US" if fault == "english" else "nl_BE")
    if fault == "not-json":
        config = b"<html>not found</html>"
    spec = spec_for(model, config)
    if fault == "md5":
        spec = spec_for(model, config, md5="0" * 32)
    elif fault == "size":
        spec = spec_for(model, config, size_bytes=len(model) + 5)
    elif fault == "config-md5":
        spec = spec_for(model, config, config_md5="f" * 32)
    served[f"/{PATH}"] = Served(model)
    served[f"/{PATH}.json"] = Served(config)
    with pytest.raises(DownloadError, match=message) as err:
        get(base, tmp_path, spec)
    assert "niet geïnstalleerd" in str(err.value)
    assert list(tmp_path.iterdir()) == []  # no voice, no leftover part file


def test_http_errors_and_exhausted_retries(
    server: tuple[str, dict[str, Served]],  # noqa: F811
    tmp_path: Path,
) -> None:
    base, served = server
    model, config = voice_files()
    with pytest.raises(DownloadError, match="HTTP 404"):
        get(base, tmp_path, spec_for(model, config))
    served[f"/{PATH}.json"] = Served(config)
    served[f"/{PATH}"] = Served(model, cut_after=[1000, 1000, 1000])
    with pytest.raises(DownloadError, match="na 3 pogingen"):
        get(base, tmp_path, spec_for(model, config))
    assert not (tmp_path / f"{NAME}.onnx").exists()  # only the part file, kept for resuming
    served[f"/{PATH}"] = Served(model)
    get(base, tmp_path, spec_for(model, config))
    assert served[f"/{PATH}"].ranges == ["bytes=3000-"]


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "facilitator", "stem", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_command_checks_the_published_size_and_lists_the_dutch_voices(
    server: tuple[str, dict[str, Served]],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, served = server
    real = DUTCH_VOICES["nl_BE-nathalie-medium"]
    model, config = voice_files()
    served[f"/{real.path}.json"] = Served(config)
    served[f"/{real.path}"] = Served(model)  # not the real voice: 300 kB, not 63 MB
    wrong = run_cli("download", real.name, "--bron", base, home=tmp_path)
    assert wrong.returncode == 2, wrong.stderr
    assert "controlegetal" in wrong.stderr or "verkeerde grootte" in wrong.stderr, wrong.stderr
    voices_dir = tmp_path / "data" / "facilitator" / "stemmen"
    assert not any(p.suffix == ".onnx" for p in voices_dir.iterdir())
    unknown = run_cli("download", "en_US-joe-medium", home=tmp_path)
    assert unknown.returncode == 2 and "Onbekende stem 'en_US-joe-medium'" in unknown.stderr
    listing = run_cli("lijst", home=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "nog geen Piper-stemmen" in listing.stdout
    assert all(name in listing.stdout for name in DUTCH_VOICES)
    # a voice put in place shows as installed
    voices_dir.mkdir(parents=True, exist_ok=True)
    (voices_dir / "nl_BE-rdh-medium.onnx").write_bytes(model)
    (voices_dir / "nl_BE-rdh-medium.onnx.json").write_bytes(config)
    listing = run_cli("lijst", home=tmp_path)
    assert "nl_BE-rdh-medium: Vlaams, man, 63 MB [geïnstalleerd]" in listing.stdout
    assert "--stem piper:NAAM" in listing.stdout
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert [v.name for v in installed_voices()] == ["nl_BE-rdh-medium"]
