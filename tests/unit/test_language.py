"""The English-only check: English news passes, other languages and scripts do not."""

from __future__ import annotations

import pytest

from services.language import looks_english
from tests.conftest import SEED_ARTICLE

OTHER_LANGUAGES = {
    "russian": "Президент заявил во вторник, что Россия не изменит свою позицию по санкциям, "
    "говорится в заявлении министерства иностранных дел.",
    "ukrainian": "Президент заявив у вівторок, що Україна не змінить своєї позиції щодо "
    "санкцій, йдеться в заяві міністерства закордонних справ.",
    "french": "Le président a déclaré mardi que la France ne changerait pas sa position sur "
    "les sanctions, selon un communiqué publié par le ministère des affaires étrangères.",
    "german": "Der Bundeskanzler sagte am Dienstag, dass Deutschland seine Haltung zu den "
    "Sanktionen nicht ändern werde, wie das Außenministerium in einer Erklärung mitteilte.",
    "spanish": "El presidente dijo el martes que España no cambiará su posición sobre las "
    "sanciones, según un comunicado publicado por el ministerio de asuntos exteriores.",
    "arabic": "قال الرئيس يوم الثلاثاء إن البلاد لن تغير موقفها من العقوبات، وفقا لبيان صادر "
    "عن وزارة الخارجية.",
    "chinese": "外交部发言人周二表示，中国不会改变在制裁问题上的立场，并呼吁各方保持克制。",
}


def test_english_news_passes() -> None:
    assert looks_english(SEED_ARTICLE.read_text(encoding="utf-8"))
    assert looks_english(
        'Zelensky told reporters in Kyiv: "We will not give up our land," adding that talks '
        "with Moscow could resume only after a full ceasefire."
    )


@pytest.mark.parametrize("language", sorted(OTHER_LANGUAGES))
def test_other_languages_fail(language: str) -> None:
    assert not looks_english(OTHER_LANGUAGES[language])


def test_an_english_article_quoting_another_language_still_passes() -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8") + "\nThe banner read «Слава героям»."
    assert looks_english(text)


def test_too_short_to_judge_is_let_through() -> None:
    assert looks_english("Merz says no")
