"""The Piper worker: a separate program that turns text into sound, run by ``piper_engine.py``.

    python -P facilitator/speech/piper_worker.py MODEL.onnx CONFIG.onnx.json [THREADS]

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


#: onnxruntime (1.29 and later) otherwise writes a device id and a telemetry database under
#: ~/.cache/Microsoft and tries to send usage events. Set before onnxruntime is imported.
NO_TELEMETRY = {"ORT_DISABLE_TELEMETRY": "1", "ORT_TELEMETRY_DISABLED": "1"}


def _load(model: str, config: str, threads: int) -> Any:
    """The voice, its network run on ``threads`` CPU threads (0: onnxruntime's default)."""
    os.environ.update(NO_TELEMETRY)
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    with open(config, encoding="utf-8") as settings:
        piper_config = PiperConfig.from_dict(json.load(settings))
    options = onnxruntime.SessionOptions()
    if threads > 0:
        options.intra_op_num_threads = threads
    session = onnxruntime.InferenceSession(
        model, sess_options=options, providers=["CPUExecutionProvider"]
    )
    return PiperVoice(session=session, config=piper_config)


def _serve(model: str, config: str, threads: int, out: BinaryIO) -> int:
    try:
        from piper import SynthesisConfig

        voice = _load(model, config, threads)
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
    if len(args) not in (2, 3) or (len(args) == 3 and not args[2].isdigit()):
        _reply(out, {"ok": False, "error": "usage: piper_worker MODEL CONFIG [THREADS]"})
        return 2
    return _serve(args[0], args[1], int(args[2]) if len(args) == 3 else 0, out)


if __name__ == "__main__":
    sys.exit(main())
