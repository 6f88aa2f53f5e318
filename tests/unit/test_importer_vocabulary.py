"""The importer's wording (importer/vocabulary.py) reads back every label reportgen itself prints, in
every language it ships a catalog for: what the one-page edition, its PDF and the Word export write
under a section or a criterion is never taken for the report's own text."""

from __future__ import annotations

import pytest

from reportgen.i18n import Catalogs
from reportgen.importer.text import strip_label
from reportgen.importer.vocabulary import ANALYSIS_LABEL, ANSWERS_LABEL, DEFINITION_LABEL, KEY_FINDINGS_LABEL, fold

LANGUAGES = Catalogs().languages()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_labels_reportgen_prints_are_recognised(lang):
    s = Catalogs().strings(lang)
    assert KEY_FINDINGS_LABEL.fullmatch(fold(s["key_findings"])), s["key_findings"]
    assert ANALYSIS_LABEL.fullmatch(fold(s["analysis"])), s["analysis"]
    assert ANSWERS_LABEL.fullmatch(fold(s["answers"])), s["answers"]
    found, rest = strip_label(f"**{s['definition']}{s['colon']}** The extent to which…", DEFINITION_LABEL)
    assert found and rest == "The extent to which…", (s["definition"], rest)


@pytest.mark.parametrize("label", ["Establish a clear cause-effect relationship",
                                   "Establish a clear causeeffect relationship",   # cut at its hyphen, joined
                                   "Establecer una clara relación causa-efecto", "Establecer una clara relación causaefecto"])
def test_a_template_label_cut_at_its_hyphen_and_joined_is_still_its_field(label):
    from reportgen.importer.vocabulary import GOOD_PRACTICE_TEMPLATE
    assert [name for name, pattern in GOOD_PRACTICE_TEMPLATE if pattern.fullmatch(fold(label))] == ["cause_effect"]
