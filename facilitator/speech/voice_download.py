"""``facilitator stem download NAAM``: install a Dutch Piper voice, with the care of a model.

The voice's two files are fetched next to their destination as hidden ``.part`` files
(resumed when interrupted, retried), checked against the published size and MD5 (the
settings file also by reading it: it must be a Dutch voice), and only then renamed into
place: the network first, the settings last, so a voice counts as installed only when both
are whole. The shared download machinery is ``facilitator.download``.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from facilitator.download import (
    RETRIES,
    RETRY_WAIT_S,
    TIMEOUT_S,
    DownloadError,
    ProgressFn,
    fetch,
    verify,
)
from facilitator.speech.piper_voices import (
    CONFIG_SUFFIX,
    DUTCH_VOICES,
    MODEL_SUFFIX,
    VOICE_SITE,
    VoiceFile,
    VoiceSpec,
    read_voice,
    user_voices_dir,
)

log = logging.getLogger(__name__)

WHAT = "de stem"
DOWNLOADED = "De gedownloade stem"


def voice_spec(name: str) -> VoiceSpec:
    """The catalogue entry for ``name``; a clear refusal for anything else."""
    spec = DUTCH_VOICES.get(name.strip())
    if spec is None:
        known = ", ".join(DUTCH_VOICES)
        raise DownloadError(
            f"Onbekende stem '{name}'. Alleen Nederlandse en Vlaamse Piper-stemmen kunnen "
            f"gedownload worden: {known}. Een andere stem gebruik je met --stem PAD/stem.onnx."
        )
    return spec


def download_voice(
    name: str,
    dest: Path | None = None,
    progress: ProgressFn | None = None,
    *,
    site: str = VOICE_SITE,
    spec: VoiceSpec | None = None,
    retries: int = RETRIES,
    timeout_s: float = TIMEOUT_S,
    retry_wait_s: float = RETRY_WAIT_S,
) -> VoiceFile:
    """Download, check and install voice ``name``; returns the installed voice.

    ``site`` is the base address of the voice list (a mirror, a test server); ``spec``
    replaces the catalogue entry (tests).
    """
    spec = spec or voice_spec(name)
    dest = Path(dest) if dest is not None else user_voices_dir()
    dest.mkdir(parents=True, exist_ok=True)
    url = site.rstrip("/") + "/" + spec.path
    config_part = dest / f".{spec.name}{CONFIG_SUFFIX}.part"
    model_part = dest / f".{spec.name}{MODEL_SUFFIX}.part"
    for target, source, size, show in (
        (config_part, url + ".json", spec.config_size_bytes, None),
        (model_part, url, spec.size_bytes, progress),
    ):
        fetch(
            source,
            target,
            show,
            size,
            what=WHAT,
            retries=retries,
            timeout_s=timeout_s,
            retry_wait_s=retry_wait_s,
        )
        if target is config_part:
            _checked(config_part, spec.config_size_bytes, spec.config_md5, settings=True)
    try:
        _checked(model_part, spec.size_bytes, spec.md5, settings=False)
    except DownloadError:
        config_part.unlink(missing_ok=True)  # nothing of a refused voice stays behind
        raise
    model = dest / f"{spec.name}{MODEL_SUFFIX}"
    os.replace(model_part, model)
    os.replace(config_part, dest / f"{spec.name}{CONFIG_SUFFIX}")
    log.info("voice installed: %s", model)
    return read_voice(model)


def _checked(part: Path, size: int | None, md5: str | None, *, settings: bool) -> None:
    """Verify a fetched part; a refused part is removed (it would only be resumed wrongly)."""
    try:
        verify(part, size, md5=md5, what=DOWNLOADED)
        if settings:
            _check_settings(part)
    except DownloadError:
        part.unlink(missing_ok=True)
        raise


def _check_settings(part: Path) -> None:
    try:
        data = json.loads(part.read_text(encoding="utf-8"))
        int(data["audio"]["sample_rate"])
        family = str(data.get("language", {}).get("family") or data["espeak"]["voice"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise DownloadError(
            f"{DOWNLOADED} heeft geen geldig instellingenbestand ({err}). Ze is niet "
            "geïnstalleerd; start de download opnieuw."
        ) from None
    if not family.lower().startswith("nl"):
        raise DownloadError(
            f"{DOWNLOADED} is geen Nederlandse stem (taal '{family}'). Ze is niet geïnstalleerd."
        )
