"""The model store: where Vosk models live, loading one safely, and checking a vocabulary.

Default places, in order: ``models/`` in the working directory, ``models/`` of a source
checkout, and the per-user data dir (``platformdirs.user_data_dir("facilitator")/models``).
``vosk`` is imported inside the functions that need it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from facilitator.errors import ErrorArea, FacilitatorError
from facilitator.events import VOICE_COMMANDS, Answer, Command
from facilitator.listening.vocabulary import Vocabulary, load_vocabulary

log = logging.getLogger(__name__)

APP_NAME = "facilitator"
MODELS_DIR_NAME = "models"
UNKNOWN_WORD = "[unk]"


@dataclass(frozen=True, slots=True)
class ModelSpec:
    lang: str
    name: str  # directory name inside the archive
    url: str
    size_bytes: int  # of the zip, from public model lists
    sha256: str | None = None  # none published by the model site


MODEL_SITE = "https://alphacephei.com/vosk/models/"
KNOWN_MODELS: dict[str, ModelSpec] = {
    "nl": ModelSpec(
        "nl",
        "vosk-model-small-nl-0.22",
        MODEL_SITE + "vosk-model-small-nl-0.22.zip",
        40_441_176,
    ),
    "en": ModelSpec(
        "en",
        "vosk-model-small-en-us-0.15",
        MODEL_SITE + "vosk-model-small-en-us-0.15.zip",
        41_205_931,
    ),
}


class ModelError(FacilitatorError, RuntimeError):
    """A model that cannot be found, loaded or downloaded; ``str()`` is Dutch."""

    area = ErrorArea.MODEL


def model_dirs() -> tuple[Path, ...]:
    """Where models are looked for (and ``user_models_dir`` is where downloads go)."""
    source_root = Path(__file__).resolve().parents[2] / MODELS_DIR_NAME
    places = [Path.cwd() / MODELS_DIR_NAME, source_root, user_models_dir()]
    unique: dict[Path, None] = {}
    for place in places:
        unique.setdefault(place, None)
    return tuple(unique)


def user_models_dir() -> Path:
    return Path(user_data_dir(APP_NAME)) / MODELS_DIR_NAME


def is_model_dir(path: Path) -> bool:
    return (path / "am" / "final.mdl").is_file() and (path / "conf" / "model.conf").is_file()


def find_model(lang: str = "nl") -> Path | None:
    """The first installed model for ``lang`` in the default places, or ``None``."""
    spec = KNOWN_MODELS.get(lang)
    for place in model_dirs():
        if not place.is_dir():
            continue
        candidates = [place / spec.name] if spec else []
        candidates += sorted(place.glob(f"vosk-model*-{lang}-*"))
        for candidate in candidates:
            if is_model_dir(candidate):
                return candidate
    return None


def fix_command(lang: str = "nl") -> str:
    """The exact command that installs the model for ``lang``."""
    suffix = "" if lang == "nl" else f" --taal {lang}"
    return f"python -m facilitator model download{suffix}"


def missing_model_text(lang: str = "nl", path: Path | None = None) -> str:
    where = f"in {path}" if path else "in " + ", ".join(str(p) for p in model_dirs())
    return (
        f"Geen spraakmodel gevonden {where}. Installeer het met: {fix_command(lang)} "
        "(of geef een map op met --model). De sessie gaat verder met het toetsenbord."
    )


def load_model(path: Path) -> Any:
    """A ``vosk.Model`` for ``path``; raises ``ModelError`` (never the bare vosk Exception).

    Never ``vosk.Model(lang=...)``: that reaches for the network.
    """
    path = Path(path).expanduser()
    if not is_model_dir(path):
        raise ModelError(
            f"{path} is geen Vosk-model (am/final.mdl of conf/model.conf ontbreekt). "
            f"Installeer een model met: {fix_command()}"
        )
    import vosk

    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(str(path))
    except Exception as err:  # vosk raises a bare Exception("Failed to create a model")
        raise ModelError(
            f"Het spraakmodel in {path} kan niet geladen worden ({err}). Het is mogelijk "
            f"beschadigd: installeer het opnieuw met: {fix_command()}"
        ) from None


def missing_words(model: Any, words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The words the model does not know (``vosk_model_find_word`` returns -1)."""
    return tuple(w for w in words if model.vosk_model_find_word(w) < 0)


def has_unknown_word(model: Any) -> bool:
    return bool(model.vosk_model_find_word(UNKNOWN_WORD) >= 0)


@dataclass(frozen=True, slots=True)
class ModelReport:
    path: Path
    vocabulary: str
    words_checked: int
    missing: tuple[str, ...]  # command words the model does not know
    missing_absorbers: tuple[str, ...]
    unavailable: tuple[Command, ...]  # commands left without any usable phrase
    missing_answer_words: tuple[str, ...] = ()  # words of [antwoorden] the model lacks
    unavailable_answers: tuple[Answer, ...] = ()  # answers left without any usable phrase

    @property
    def ok(self) -> bool:
        return not self.missing

    def text(self) -> str:
        """A Dutch summary for ``facilitator model check``."""
        lines = [f"Model: {self.path}", f"Woordenlijst: {self.vocabulary}"]
        if self.ok:
            lines.append(f"Alle {self.words_checked} opdrachtwoorden staan in het model.")
        else:
            lines.append("Deze opdrachtwoorden staan niet in het model: " + ", ".join(self.missing))
            if self.unavailable:
                names = ", ".join(c.value for c in self.unavailable)
                lines.append(f"Daardoor werken deze opdrachten niet met spraak: {names}.")
            lines.append("Kies andere woorden in een eigen woordenlijst (--woordenlijst).")
        if self.missing_answer_words:
            lines.append(
                "Deze antwoordwoorden staan niet in het model: "
                + ", ".join(self.missing_answer_words)
            )
            if self.unavailable_answers:
                names = ", ".join(a.value for a in self.unavailable_answers)
                lines.append(f"Daardoor werken deze antwoorden niet met spraak: {names}.")
        if self.missing_absorbers:
            lines.append(
                f"{len(self.missing_absorbers)} opvulwoorden ontbreken en worden overgeslagen."
            )
        return "\n".join(lines)


def check_model(path: Path, vocabulary: Vocabulary | str | Path = "nl") -> ModelReport:
    """Load the model and report which vocabulary words it lacks."""
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary(vocabulary)
    model = load_model(path)
    words = vocab.command_words()
    missing = missing_words(model, words)
    absent = set(missing)
    usable = {c for p, c in vocab.phrases.items() if not absent.intersection(p.split())}
    answer_words = sorted({w for p in vocab.answers for w in p.split()})
    no_answer = set(missing_words(model, answer_words))
    answered = {a for p, a in vocab.answers.items() if not no_answer.intersection(p.split())}
    return ModelReport(
        path=Path(path),
        vocabulary=vocab.source,
        words_checked=len(words),
        missing=missing,
        missing_absorbers=missing_words(model, vocab.absorbers),
        unavailable=tuple(c for c in VOICE_COMMANDS if c not in usable),
        missing_answer_words=tuple(w for w in answer_words if w in no_answer),
        unavailable_answers=tuple(a for a in Answer if vocab.answers and a not in answered),
    )
