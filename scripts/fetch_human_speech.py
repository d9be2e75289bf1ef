"""Real human speech for the listening benchmark: fetched from Debian packages, never committed.

The negative set that synthetic speech cannot stand in for: people saying short things with
pauses around them ("Thank you." "Goodbye." "Please try again.") and reading longer sentences,
in several languages, by several speakers. Sources (all Debian main, licences as in their
``/usr/share/doc/<package>/copyright``):

=================================  =========================  ==========================  =====
package                            speaker                    what                        min
=================================  =========================  ==========================  =====
asterisk-core-sounds-en-g722       Allison Smith (en-US, f)   telephone prompts           ~25
asterisk-core-sounds-fr-g722       June Wallack (fr-CA, f)    telephone prompts           ~25
asterisk-core-sounds-es-g722       Allison Smith (es-MX, f)   telephone prompts           ~25
asterisk-core-sounds-it-g722       Carlo Flora (it-IT, m)     telephone prompts           ~25
asterisk-core-sounds-ru-g722       ivrvoice.ru (ru-RU, f)     telephone prompts           ~25
ktuberling-data                    ~25 native speakers        single words (nl among them) ~25
=================================  =========================  ==========================  =====

Licences: asterisk core sounds CC-BY-SA-3.0 (ru: CC-BY-3.0); ktuberling-data GPL-2+.

A package that is installed is read from ``/usr/share``; otherwise its ``.deb`` is fetched
with ``apt-get download`` into the cache dir and unpacked there (no root needed, nothing
installed). Decoded clips (16 kHz mono int16) are cached as ``human_<source>.npz`` in
``tests.support.listening_audio.cache_dir()``. G.722 is decoded with the ``g722`` package
(PyPI, public domain); Ogg/WAV with sox.

    python scripts/fetch_human_speech.py              # fetch and decode everything, print a summary
    python scripts/fetch_human_speech.py --quick      # only what CI's quick check uses
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.support.listening_audio import RATE, cache_dir  # noqa: E402

NOT_SPEECH = ("beep", "tone", "silence")  # asterisk files that are tones, not speech


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    package: str
    root: str  # directory inside the package
    pattern: str
    speaker: str
    licence: str


def _asterisk(lang: str, voice: str, speaker: str, licence: str = "CC-BY-SA-3.0") -> Source:
    return Source(
        f"asterisk-{lang}",
        f"asterisk-core-sounds-{lang}-g722",
        f"usr/share/asterisk/sounds/{voice}",
        "**/*.g722",
        speaker,
        licence,
    )


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        _asterisk("en", "en_US_f_Allison", "Allison Smith, en-US"),
        _asterisk("fr", "fr_CA_f_June", "June Wallack, fr-CA"),
        _asterisk("es", "es_MX_f_Allison", "Allison Smith, es-MX"),
        _asterisk("it", "it_IT_m_Carlo", "Carlo Flora, it-IT"),
        _asterisk("ru", "ru_RU_f_IvrvoiceRU", "ivrvoice.ru, ru-RU", "CC-BY-3.0"),
        Source(
            "ktuberling",
            "ktuberling-data",
            "usr/share/ktuberling/sounds",
            "*/*.*",
            "native speakers of ~25 languages",
            "GPL-2+",
        ),
    )
}
QUICK_SOURCES = ("asterisk-en", "asterisk-fr")  # what CI's quick check fetches (~21 MB)


class FetchError(RuntimeError):
    pass


def _package_root(source: Source) -> Path:
    installed = Path("/") / source.root
    if installed.is_dir():
        return installed
    unpacked = cache_dir() / "debs" / source.package
    if not (unpacked / source.root).is_dir():
        debs = cache_dir() / "debs"
        debs.mkdir(parents=True, exist_ok=True)
        found = sorted(debs.glob(f"{source.package}_*.deb"))
        if not found:
            result = subprocess.run(
                ["apt-get", "download", source.package],
                cwd=debs,
                capture_output=True,
                text=True,
            )
            found = sorted(debs.glob(f"{source.package}_*.deb"))
            if not found:
                raise FetchError(
                    f"apt-get download {source.package} failed ({result.stderr.strip()}); "
                    "run 'apt-get update' first, or install the package"
                )
        subprocess.run(["dpkg-deb", "-x", str(found[-1]), str(unpacked)], check=True)
    return unpacked / source.root


def _decode_g722(path: Path) -> np.ndarray:
    import G722  # the g722 package (PyPI); imported here: only this source needs it

    codec = G722.G722(RATE, 64000)
    return np.asarray(codec.decode(path.read_bytes()), dtype=np.int16)


def _decode_sox(path: Path) -> np.ndarray:
    raw = subprocess.run(
        [
            "sox",
            "-V1",
            "-R",  # repeatable: a fixed dither seed, the same samples on every machine
            str(path),
            "-t",
            "raw",
            "-r",
            str(RATE),
            "-c",
            "1",
            "-b",
            "16",
            "-e",
            "signed-integer",
            "-L",
            "-",
        ],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(raw, dtype="<i2").copy()


def _files(source: Source, root: Path) -> list[Path]:
    files = sorted(p for p in root.glob(source.pattern) if p.suffix in (".g722", ".ogg", ".wav"))
    return [p for p in files if not any(word in str(p.relative_to(root)) for word in NOT_SPEECH)]


def load_source(name: str) -> list[np.ndarray]:
    """The clips of one source (16 kHz mono int16), decoded once and cached."""
    source = SOURCES[name]
    cached = cache_dir() / f"human_{name}.npz"
    if cached.is_file():
        with np.load(cached) as data:
            pcm, ends = data["pcm"], data["ends"]
        return [c for c in np.split(pcm, ends[:-1]) if c.size]
    root = _package_root(source)
    clips = []
    for path in _files(source, root):
        clip = _decode_g722(path) if path.suffix == ".g722" else _decode_sox(path)
        if clip.size > RATE // 10:
            clips.append(clip)
    if not clips:
        raise FetchError(f"{source.package}: no audio found under {root}")
    ends = np.cumsum([len(c) for c in clips])
    np.savez(cached.with_suffix(".tmp.npz"), pcm=np.concatenate(clips), ends=ends)
    cached.with_suffix(".tmp.npz").replace(cached)
    return clips


def load(names: tuple[str, ...] | None = None) -> dict[str, list[np.ndarray]]:
    return {name: load_source(name) for name in names or tuple(SOURCES)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the sources CI uses")
    args = parser.parse_args(argv)
    names = QUICK_SOURCES if args.quick else tuple(SOURCES)
    total = 0.0
    for name, clips in load(names).items():
        seconds = sum(len(c) for c in clips) / RATE
        total += seconds
        lengths = np.array([len(c) / RATE for c in clips])
        print(
            f"{name:<14} {len(clips):5d} clips {seconds / 60:6.1f} min "
            f"(median {np.median(lengths):.1f} s)  {SOURCES[name].speaker}; "
            f"{SOURCES[name].licence}"
        )
    print(f"total {total / 60:.1f} min of real human speech in {cache_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
