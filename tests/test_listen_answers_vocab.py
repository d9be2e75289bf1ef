"""The answers table of a vocabulary ([antwoorden]): validation with clear Dutch errors that
name the file, the line and the field; every built-in pack has a phrase for every answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.events import Answer
from facilitator.listening import VocabularyError, load_vocabulary
from facilitator.listening.answers import Reply, name_phrase, question_absorbers

DATA = Path(__file__).parent / "data"
KO_TEXT = (DATA / "vocab_ko.toml").read_text(encoding="utf-8")
COMMANDS = KO_TEXT[: KO_TEXT.index("[antwoorden]")] + KO_TEXT[KO_TEXT.index("[opdrachten]") :]
ANSWERS = "\n".join(f'{a.value} = ["woord{chr(97 + i)}"]' for i, a in enumerate(Answer)).replace(
    '"woordd"', '"woordd beginnen"'
)


def write(tmp_path: Path, answers: str) -> Path:
    path = tmp_path / "eigen.toml"
    path.write_text(COMMANDS + "[antwoorden]\n" + answers + "\n", encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize("name", ["nl", "en", str(DATA / "vocab_ko.toml")])
def test_every_pack_has_a_phrase_for_every_answer(name: str) -> None:
    vocab = load_vocabulary(name)
    assert {a for a in vocab.answers.values()} == set(Answer)
    assert all(len(p.split()) >= 2 for p in vocab.answer_phrases(Answer.BEGIN))


def test_the_dutch_pack_says_the_words_of_the_issue() -> None:
    vocab = load_vocabulary("nl")
    assert vocab.answers["ja"] is Answer.YES and vocab.answers["nee"] is Answer.NO
    assert vocab.answers["opnieuw"] is Answer.AGAIN
    assert vocab.answers["intervisie beginnen"] is Answer.BEGIN
    assert vocab.answers["een"] is Answer.CHOICE_1 and vocab.answers["zes"] is Answer.CHOICE_6
    assert vocab.answers["een uur"] is Answer.HOUR
    assert vocab.answers["anderhalf uur"] is Answer.HOUR_AND_HALF
    assert vocab.answers["tweeënhalf uur"] is Answer.TWO_AND_HALF_HOURS
    assert vocab.answers["drie uur"] is Answer.THREE_HOURS


def test_a_file_without_answers_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "oud.toml"
    path.write_text(COMMANDS, encoding="utf-8")
    assert load_vocabulary(path).answers == {}


def test_a_good_answers_table_loads(tmp_path: Path) -> None:
    vocab = load_vocabulary(write(tmp_path, ANSWERS.replace('"woorda"', '"Ja", "ja  graag"')))
    assert vocab.answer_phrases(Answer.YES) == ("ja", "ja graag")
    assert vocab.answer_phrases(Answer.BEGIN) == ("woordd beginnen",)
    assert len(vocab.answers) == len(Answer) + 1


@pytest.mark.parametrize(
    ("change", "needle", "expected"),
    [
        (('yes = ["woorda"]', 'ja = ["woorda"]'), "ja = ", "onbekend antwoord 'ja'"),
        (('no = ["woordb"]', "no = []"), "no = ", "minstens één zin"),
        (('again = ["woordc"]', 'again = ["keer 2"]'), "again = ", "'2'"),
        (
            ('again = ["woordc"]', 'again = ["woorda"]'),
            "again = ",
            "bij 'yes' én bij 'again'. Een zin mag maar bij één antwoord horen.",
        ),
        (('begin = ["woordd beginnen"]', 'begin = ["start"]'), "begin = ", "te kort"),
        (('minutes_180 = ["woordo"]', ""), "[antwoorden]", "geen zin voor minutes_180"),
    ],
)
def test_bad_answers_say_file_line_and_field(
    tmp_path: Path, change: tuple[str, str], needle: str, expected: str
) -> None:
    assert change[0] in ANSWERS
    path = write(tmp_path, ANSWERS.replace(*change))
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(path)
    text = str(caught.value)
    assert str(path) in text and expected in text, text
    assert f"regel {line_of(path, needle)}" in text, text
    assert "[antwoorden]" in text or "antwoord" in text


def test_answers_table_must_be_a_table(tmp_path: Path) -> None:
    path = tmp_path / "eigen.toml"
    path.write_text('antwoorden = ["ja"]\n' + COMMANDS, encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"regel 1: \[antwoorden\] moet een tabel"):
        load_vocabulary(path)


def test_names_and_absorbers_of_a_question() -> None:
    assert name_phrase("Anne-Marie  de Vries") == "anne marie de vries"
    phrases = {"een": Reply(Answer.CHOICE_1), "twee uur": Reply(Answer.TWO_HOURS)}
    assert question_absorbers(["de", "een", "uur", "het"], phrases) == ["de", "het"]
    assert Reply(name="Anna").key == "name:Anna" and Reply(Answer.YES).key == "yes"
