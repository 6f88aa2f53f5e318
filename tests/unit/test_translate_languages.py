"""The project's languages (until reportgen.config lands): reportgen.yml's `languages:`, else es + en."""

import pytest

from reportgen.errors import ContentError
from reportgen.translate.languages import DEFAULT_LANGUAGES, project_languages


def test_default_without_a_configuration_file(tmp_path):
    assert project_languages(tmp_path) == DEFAULT_LANGUAGES == ("es", "en")


def test_languages_in_order_from_the_configuration(tmp_path):
    (tmp_path / "reportgen.yml").write_text("title: x\nlanguages: [fr, en, es]\n", encoding="utf-8")
    assert project_languages(tmp_path) == ("fr", "en", "es")


@pytest.mark.parametrize("text", ["languages: fr\n", "languages: []\n", "languages: [fr, 3]\n", "languages: [\n"])
def test_a_bad_languages_entry_is_a_content_error(tmp_path, text):
    (tmp_path / "reportgen.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError):
        project_languages(tmp_path)
