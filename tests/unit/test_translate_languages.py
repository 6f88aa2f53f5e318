"""The project's languages for translation: reportgen.yml's `languages:`, else the evaluation title's."""

import pytest

from reportgen.errors import ContentError
from reportgen.translate.languages import project_languages


def test_without_a_configuration_the_title_decides(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "e.yaml").write_text('evaluation:\n  title: {fr: "Titre", en: "Title"}\n  code: X\n')
    assert project_languages(tmp_path) == ("fr", "en")


def test_languages_in_order_from_the_configuration(tmp_path):
    (tmp_path / "reportgen.yml").write_text("title: {fr: x}\nlanguages: [fr, en, es]\n", encoding="utf-8")
    assert project_languages(tmp_path) == ("fr", "en", "es")


@pytest.mark.parametrize("text", ["languages: fr\n", "languages: [fr, 3]\n", "languages: [\n"])
def test_a_bad_languages_entry_is_a_content_error(tmp_path, text):
    (tmp_path / "reportgen.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError):
        project_languages(tmp_path)
