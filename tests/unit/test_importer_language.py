"""The report's language from its words, and --language checked against it."""

from pathlib import Path

import pytest

from reportgen.importer.blocks import Block
from reportgen.importer.errors import SourceError
from reportgen.importer.language import detect, report_language

SPANISH = ("El proyecto fortaleció las capacidades de los operadores del sistema de justicia y de las "
           "instituciones regionales para la prevención de la trata, con una estrategia que se basó en el "
           "diálogo entre los actores y en la coordinación por parte del Ministerio. ") * 2
ENGLISH = ("The project strengthened the capacity of the justice system and of the regional institutions to "
           "prevent trafficking, with a strategy that was based on dialogue between the actors. ") * 2
COVER = "Título del proyecto: Alianzas en Acción. Código del proyecto: PER/17/51/USA. Tipo de evaluación: final."


def _blocks(*texts: str) -> list[Block]:
    return [Block("para", t, i + 1) for i, t in enumerate(texts)]


def test_short_spanish_brief_is_spanish_and_english_is_english():
    assert detect(_blocks(SPANISH)).language == "es"
    assert detect(_blocks(ENGLISH)).language == "en"


def test_english_body_under_a_spanish_cover_is_english():
    assert detect(_blocks(COVER, ENGLISH)).language == "en"


def test_language_contradicting_the_text_is_refused_with_what_was_detected():
    with pytest.raises(SourceError) as error:
        report_language(_blocks(SPANISH), "en", Path("brief.md"))
    message = str(error.value)
    assert message.startswith("brief.md: --language en, but the report is written in Spanish (es;")
    assert "--language es" in message and "\n" not in message


def test_too_few_words_to_tell_is_no_contradiction():
    few = _blocks("Anexo 1. Matriz de la evaluación.")
    assert detect(few).language is None
    assert report_language(few, "en", Path("x.md")) == "en"
    assert report_language(few, None, Path("x.md")) == "es"
    assert report_language(_blocks("We had fun."), None, Path("x.md")) == "es"
