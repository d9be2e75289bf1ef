"""The Piper worker: a separate program that turns text into sound, run by ``piper_engine.py``.

    python -m facilitator.speech.piper_worker MODEL.onnx CONFIG.onnx.json

It is the only module that imports ``piper`` (GPL-3.0-or-later, installed only with the
``piper`` extra); the facilitator itself talks to it at arm's length, through two pipes:
plain text in, plain audio out. It writes no file (the sound goes to the pipe).

Protocol (UTF-8 JSON lines, each reply followed by its raw audio):

* on start: ``{"ok": true, "rate": 22050, "language": "en_US"}`` or
  ``{"ok": false, "error": "..."}`` (then it exits);
* request: ``{"text": "...", "speed": 1.0}`` (speed 1.0 = the voice's own pace);
* reply: ``{"bytes": N}`` then N bytes of mono 16-bit little-endian PCM at ``rate``;
  or ``{"error": "..."}``. End of input (stdin closed) ends the worker.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, BinaryIO


def _reply(out: BinaryIO, header: dict[str, Any], audio: bytes = b"") -> None:
    out.write(json.dumps(header).encode("utf-8") + b"\n")
    if audio:
        out.write(audio)
    out.flush()


def _serve(model: str, config: str, out: BinaryIO) -> int:
    try:
        from piper import PiperVoice, SynthesisConfig

        voice = PiperVoice.load(model, config_path=config)
    except Exception as err:  # any load failure is reported to the parent, then we stop
        _reply(out, {"ok": False, "error": f"{type(err).__name__}: {err}"})
        return 1
    base_scale = float(voice.config.length_scale or 1.0)
    language = str(getattr(voice.config, "espeak_voice", "") or "")
    _reply(out, {"ok": True, "rate": voice.config.sample_rate, "language": language})
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
            speed = float(request.get("speed", 1.0))
            syn = SynthesisConfig(length_scale=base_scale / max(speed, 0.1))
            audio = b"".join(c.audio_int16_bytes for c in voice.synthesize(request["text"], syn))
        except Exception as err:  # one bad line must not end the worker
            _reply(out, {"error": f"{type(err).__name__}: {err}"})
            continue
        _reply(out, {"bytes": len(audio)}, audio)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # The protocol owns the real stdout; anything a library prints goes to stderr instead.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    if len(args) != 2:
        _reply(out, {"ok": False, "error": "usage: piper_worker MODEL CONFIG"})
        return 2
    return _serve(args[0], args[1], out)


if __name__ == "__main__":
    sys.exit(main())
