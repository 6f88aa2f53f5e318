"""The cover sheet: the code under its ILO names, bullets and tables, the title (not the first heading)."""

import pytest

from reportgen.importer.cover import read_cover
from reportgen.importer.debris import clean
from reportgen.importer.record import ImportRecord


def _cover(text: str, lang: str = "en"):
    blocks = clean(text.split("\n")).blocks
    return read_cover(blocks, lang, ImportRecord(), len(blocks))


@pytest.mark.parametrize("label, lang", [("ILO TC/SYMBOL", "en"), ("Project code", "en"), ("Project TC/SYMBOL", "en"),
                                         ("Código del proyecto", "es"), ("Code du projet", "fr")])
def test_code_under_its_names(label, lang):
    evaluation, _ = _cover(f"- {label}: PER/20/02/EUR\n- Type of Evaluation: Project", lang)
    assert evaluation["code"] == "PER/20/02/EUR"


def test_title_is_the_reports_not_the_organisation_the_kind_or_a_chapter():
    evaluation, used = _cover("International Labour Organization\n\n**Final Independent Evaluation**\n\n"
                              "**Promoting Fair Recruitment in the Andean Region**\n\n# ACKNOWLEDGEMENTS\n\nThanks.")
    assert evaluation["title"] == {"en": "Promoting Fair Recruitment in the Andean Region"}
    assert 5 in used


def test_acknowledgements_heading_is_never_the_title():
    evaluation, _ = _cover("# ACKNOWLEDGEMENTS\n\nThe team thanks everyone.")
    assert "title" not in evaluation


def test_table_and_label_with_a_colon_and_unknown_fields():
    evaluation, _ = _cover("Project title\tDecent work in coffee\nDonor: country and budget US$\tEU, USD 3,000,000\n"
                           "Date project ends\t31 December 2024")
    assert evaluation["title"] == {"en": "Decent work in coffee"}
    assert evaluation["donor_budget"] == {"en": "EU, USD 3,000,000"}
    assert evaluation["other_fields"] == [{"label": {"en": "Date project ends"}, "value": {"en": "31 December 2024"}}]


def test_a_heading_with_a_colon_is_a_title_and_semicolons_separate_evaluators():
    from reportgen.importer.cover import _evaluators, _field_like
    from reportgen.importer.blocks import Block

    assert not _field_like(Block("heading", "Example: final evaluation of the project", 1, 1))
    assert _field_like(Block("heading", "Project code: PER/17/51/USA", 1, 1))
    assert _field_like(Block("para", "Example: final evaluation of the project", 1))
    assert [e["name"] for e in _evaluators("Ana Pérez (líder); Luis Gómez (nacional)", "es")] == ["Ana Pérez", "Luis Gómez"]


def test_every_cover_label_reportgen_prints_is_read_back():
    from pathlib import Path

    import yaml

    from reportgen.importer.cover import _field_name

    catalogs = Path(__file__).resolve().parents[2] / "templates" / "i18n"
    for lang in ("en", "es", "fr"):
        catalog = yaml.safe_load((catalogs / f"{lang}.yaml").read_text(encoding="utf-8"))
        for name, label in catalog["cover_fields"].items():
            assert _field_name(label) == name, (lang, label)
