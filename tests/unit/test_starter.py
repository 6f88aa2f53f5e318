"""`reportgen new`: languages kept line by line, in the order asked for; refusals."""

import pytest

from reportgen.starter import StarterError, create_project, keep_languages

YAML = """\
title:
  en: "Title"
  fr: "Titre"
  es: "Título"
id: R1
items:
  - text:
      en: "a"
      es: "b"
"""


def test_keep_languages_filters_and_reorders():
    assert keep_languages(YAML, ["fr", "en"], ["en", "fr", "es"]) == (
        'title:\n  fr: "Titre"\n  en: "Title"\nid: R1\nitems:\n  - text:\n      en: "a"\n')


def test_keys_that_look_like_languages_are_kept():
    assert "id: R1" in keep_languages(YAML, ["es"], ["en", "fr", "es"])


def test_refusals(tmp_path):
    starter = tmp_path / "starter"
    (starter / "content").mkdir(parents=True)
    (starter / "content" / "a.en.md").write_text("x")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "file").write_text("keep me")
    with pytest.raises(StarterError, match="not an empty folder"):
        create_project(busy, ["en"], starter, ["en"])
    assert (busy / "file").read_text() == "keep me"
    with pytest.raises(StarterError, match="no interface texts for 'de'"):
        create_project(tmp_path / "new", ["de"], starter, ["en"])
    with pytest.raises(StarterError, match="listed twice"):
        create_project(tmp_path / "new", ["en", "en"], starter, ["en"])
    assert not (tmp_path / "new").exists()
