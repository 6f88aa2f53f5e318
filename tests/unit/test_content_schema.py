"""The item models: localized texts over any languages, labels, optional fields."""

import pytest
from pydantic import ValidationError

from reportgen.content import schema


def test_text_is_a_mapping_over_languages():
    text = schema.Text.model_validate({"fr": "Bonjour", "en": None})
    assert text.get("fr") == "Bonjour"
    assert text.get("en") is None and text.written("en")
    assert not text.written("es")
    assert text.languages == ["fr", "en"]


def test_text_refuses_a_key_that_is_not_a_language():
    with pytest.raises(ValidationError):
        schema.Text.model_validate({"English": "Hello"})


@pytest.mark.parametrize("number, label", [("9.1.1", "9.1.1"), (3, "3"), ("A.2", "A.2")])
def test_section_numbers_are_labels(number, label):
    section = schema.Section.model_validate({"id": "S1", "number": number, "title": {"en": "T"}})
    assert section.number == label
    assert section.answers == [] and section.criterion is None and section.findings == []


def test_a_recommendation_needs_only_an_id_and_a_text():
    rec = schema.Recommendation.model_validate({"id": "R1", "text": {"en": "Do this."}})
    assert rec.title is None and rec.addressees == [] and rec.priority is None


def test_lessons_without_template_and_with_a_template_title():
    lesson = schema.Lesson.model_validate({"id": "LL1", "title": {"en": "T"}, "template_title": {"en": "ILO"},
                                           "template": {"description": {"en": "D"}}})
    assert lesson.template.context is None
    assert schema.Lesson.model_validate({"id": "LL2", "title": {"en": "T"}}).template is None
