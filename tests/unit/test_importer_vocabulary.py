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


# The ILO templates as Spanish and French houses word them: the official translations and their variants.
TEMPLATE_WORDINGS = [
    ("lesson", "Contexto y precondiciones relacionadas", "context"),
    ("lesson", "Contexto y cualquier precondición relacionada", "context"),
    ("lesson", "Éxito/Asuntos positivos - Factores causales", "successes"),
    ("lesson", "Logros / aspectos positivos - Factores causales", "successes"),
    ("lesson", "Cuestiones administrativas de la OIT (personal, recursos)", "ilo_issues"),
    ("lesson", "Retos/lecciones negativas - Factores causales", "challenges"),
    ("gp", "Breve resumen de la buena práctica (vínculo con el objetivo del proyecto)", "summary"),
    ("gp", "Condiciones y contexto pertinentes: limitaciones", "conditions"),
    ("gp", "Vínculos ascendentes hacia metas superiores de la OIT (PTDP)", "upward_links"),
    ("gp", "Établir une relation claire de cause à effet", "cause_effect"),
    ("gp", "Establish a clear cause and effect relationship", "cause_effect"),
]


@pytest.mark.parametrize("template, label, field", TEMPLATE_WORDINGS)
def test_each_wording_of_a_template_label_is_its_field(template, label, field):
    import re

    from reportgen.importer.vocabulary import ILO_TEMPLATE_FIELDS
    words = fold(re.sub(r"\(.*?\)", "", label)).strip(" :")
    assert [name for name, pattern in ILO_TEMPLATE_FIELDS[template] if pattern.fullmatch(words)] == [field]


@pytest.mark.parametrize("heading", ["Plantilla de Lecciones Aprendidas OIT", "Plantilla de lección aprendida de la OIT",
                                     "Plantillas de buenas prácticas emergentes", "Modèle de leçons apprises de l'OIT",
                                     "ILO Lesson Learned Template", "ILO template (LL2)"])
def test_the_headings_over_an_ilo_template(heading):
    from reportgen.importer.vocabulary import TEMPLATE_HEADING
    assert TEMPLATE_HEADING.fullmatch(fold(heading))


@pytest.mark.parametrize("cell, kind", [("Elemento LA", "lesson"), ("Elemento BP", "gp"), ("Élément LA", "lesson"),
                                        ("LL Element", "lesson"), ("GP Element", "gp"), ("Élément de la LA", "lesson"),
                                        ("Élément de la BP", "gp"),
                                        ("Elemento de la lección aprendida", "lesson")])
def test_a_templates_title_row_and_which_template_it_is(cell, kind):
    from reportgen.importer.vocabulary import ILO_TEMPLATE_WORDS, TEMPLATE_TITLE_ROW
    assert TEMPLATE_TITLE_ROW.fullmatch(fold(cell))
    assert [k for k, words in ILO_TEMPLATE_WORDS.items() if words.search(fold(cell))] == [kind]


@pytest.mark.parametrize("cell", ["Elemento", "Elemento de la buena práctica", "Campo"])
def test_a_field_tables_header_is_no_lesson_template(cell):
    from reportgen.importer.vocabulary import ILO_TEMPLATE_WORDS, TEMPLATE_TITLE_ROW
    assert not (TEMPLATE_TITLE_ROW.fullmatch(fold(cell)) and ILO_TEMPLATE_WORDS["lesson"].search(fold(cell)))
