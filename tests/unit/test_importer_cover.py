"""The cover sheet: the code under its ILO names, bullets and tables, the title (not the first heading)."""

import pytest

from reportgen.importer.cover import read_cover
from reportgen.importer.debris import clean
from reportgen.importer.record import ImportRecord


def _cover(text: str, lang: str = "en"):
    blocks = clean(text.split("\n")).blocks
    return read_cover(blocks, lang, ImportRecord(), len(blocks))


@pytest.mark.parametrize("label, lang", [("ILO TC/SYMBOL", "en"), ("Project code", "en"), ("Project TC/SYMBOL", "en"),
                                         ("Código del proyecto", "es"), ("Code du projet", "fr"),
                                         # the names since development cooperation replaced technical cooperation
                                         ("DC Symbol", "en"), ("Project DC/Symbol", "en"), ("DC Code", "en"),
                                         ("ILO project/programme code", "en"), ("Código DC", "es"),
                                         ("Símbolo del proyecto", "es"), ("Symbole DC", "fr"),
                                         ("Code du projet DC", "fr"),
                                         # a cluster evaluation's several projects
                                         ("Project codes", "en"), ("Códigos de los proyectos", "es"),
                                         ("Codes des projets", "fr")])
def test_code_under_its_names(label, lang):
    evaluation, _ = _cover(f"- {label}: PER/20/02/EUR\n- Type of Evaluation: Project", lang)
    assert evaluation["code"] == "PER/20/02/EUR" and "import_note" not in evaluation  # (read under its label)


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


@pytest.mark.parametrize("label, lang", [("Evaluation Title", "en"), ("Título de la evaluación", "es"),
                                         ("Titre de l'évaluation", "fr")])
def test_title_under_its_cover_label_not_the_logo_above(label, lang):
    evaluation, _ = _cover(f"![ILO logo](logo.png)\n\n**ILO EVALUATION**\n\n- {label}: Skills for Green Jobs in "
                           "Coastal Communities\n- ILO TC/SYMBOL: KEN/21/02/NOR", lang)
    assert evaluation["title"] == {lang: "Skills for Green Jobs in Coastal Communities"}


def test_a_logo_alone_is_never_the_title():
    evaluation, _ = _cover("![International Labour Organization logo](logo.png)\n\n**Promoting Fair Recruitment "
                           "in the Andean Region**\n\n- ILO TC/SYMBOL: RLA/20/05/EUR")
    assert evaluation["title"] == {"en": "Promoting Fair Recruitment in the Andean Region"}


def test_bullet_of_a_one_line_field_is_not_part_of_its_label():
    """A PDF's bullets arrive one line per block ("• Date project ends: …"): the label has no bullet."""
    evaluation, _ = _cover("• Date project ends: 30 April 2024\n\n- Evaluation Budget: US$ 38,500\n\n"
                           "▪ ILO TC/SYMBOL: KEN/21/02/NOR")
    assert evaluation["other_fields"][0]["label"] == {"en": "Date project ends"}
    assert evaluation["code"] == "KEN/21/02/NOR"


@pytest.mark.parametrize("header", ["| Acronym | Meaning |", "| **Sigla** | **Significado** |",
                                    "| Sigle | Signification |", "| Abbreviation | Full name |"])
def test_glossary_table_header_row_is_not_a_term(header):
    from reportgen.importer.cover import read_glossary
    blocks = clean(f"{header}\n|---|---|\n| TVET | Technical and vocational education |\n| VTC | Training centre |"
                   .split("\n")).blocks
    assert [g["term"] for g in read_glossary(blocks, "en")] == ["TVET", "VTC"]


def test_a_bulleted_glossary_with_bold_terms_and_a_spaced_colon():
    from reportgen.importer.cover import read_glossary
    blocks = clean("- **BIT** : Bureau international du Travail\n- **FAO** : Organisation des Nations Unies pour "
                   "l'alimentation\n•    OSC : organisations de la société civile".split("\n")).blocks
    assert [(g["term"], g["expansion"]["fr"]) for g in read_glossary(blocks, "fr")] == [
        ("BIT", "Bureau international du Travail"), ("FAO", "Organisation des Nations Unies pour l'alimentation"),
        ("OSC", "organisations de la société civile")]


def test_glossary_without_header_keeps_its_first_row():
    from reportgen.importer.cover import read_glossary
    blocks = clean("| ILO | International Labour Organization |\n|---|---|\n| VTC | Training centre |".split("\n")).blocks
    assert [g["term"] for g in read_glossary(blocks, "en")] == ["ILO", "VTC"]


def test_a_title_on_three_lines_is_the_title_and_a_template_repeating_it_leaves_it():
    """Each ILO template prints the title again: the cover's stays (it is on the text's first page)."""
    title = "Alliances in Action to End the Trafficking\nof Children and Adolescents in\nPeru"
    templates = "".join(f"\n\fILO lesson learned template\n\nAlliances in Action to End the Trafficking of Children "
                        f"and Adolescents in Peru\n\nLesson {n}." for n in range(6))
    evaluation, _ = _cover(f"DRAFT\n\n{title}\n\nPER/17/51/USA · Final{templates}")
    assert evaluation["title"] == {"en": "Alliances in Action to End the Trafficking of Children and Adolescents in Peru"}


def test_the_title_set_right_above_the_covers_field_lines():
    evaluation, _ = _cover("International Labour Organization\n\nPromoting Decent Work in Rural Supply Chains\n"
                           " •   ILO TC/SYMBOL: RLA/21/07/EUR\n •   Type of Evaluation: Project")
    assert evaluation["title"] == {"en": "Promoting Decent Work in Rural Supply Chains"}
    assert evaluation["code"] == "RLA/21/07/EUR"


def test_a_title_never_ends_inside_a_bracket():
    evaluation, _ = _cover("Independent Final Evaluation\n\nAccelerating Action against Child Labour in Africa (ACCEL\n\n"
                           "Africa)\n\nProject data\n\n- ILO TC/SYMBOL: RAF/18/08/NLD")
    assert evaluation["title"] == {"en": "Accelerating Action against Child Labour in Africa (ACCEL Africa)"}


@pytest.mark.parametrize("organisation, lang", [("ORGANIZACIÓN INTERNACIONAL DEL TRABAJO", "es"),
                                                ("Organisation internationale du Travail", "fr"),
                                                ("International Labour Organization", "en")])
def test_the_organisations_name_in_any_language_is_not_the_title(organisation, lang):
    evaluation, _ = _cover(f"{organisation}\n\nEvaluación intermedia del proyecto Empleo Juvenil Rural\n\n"
                           "- Código del proyecto: RLA/21/03/ESP", lang)
    assert evaluation["title"] == {lang: "Evaluación intermedia del proyecto Empleo Juvenil Rural"}


def test_the_kind_of_report_running_into_the_title_on_the_line_above_is_part_of_it():
    evaluation, _ = _cover("ORGANIZACIÓN INTERNACIONAL DEL TRABAJO\n\nEvaluación intermedia del proyecto\n"
                           "Empleo Juvenil Rural en Bolivia y Ecuador\n\n- Código del proyecto: RLA/21/03/ESP", "es")
    assert evaluation["title"] == {"es": "Evaluación intermedia del proyecto Empleo Juvenil Rural en Bolivia y Ecuador"}
    evaluation, _ = _cover("Independent Final Evaluation\nAccelerating Action against Child Labour in Africa\n\n"
                           "- ILO TC/SYMBOL: RAF/18/08/NLD")
    assert evaluation["title"] == {"en": "Accelerating Action against Child Labour in Africa"}


@pytest.mark.parametrize("label, field", [
    ("Title of project/programme evaluated", "title"), ("Project name", "title"), ("Nombre del programa", "title"),
    ("Nom du projet", "title"), ("Evaluation type", "type"), ("Country(ies) or geographical scope", "country"),
    ("Geographical coverage", "country"), ("Cobertura geográfica", "country"), ("Couverture géographique", "country"),
    ("Date of evaluation completion", "completion_date"), ("Fecha de finalización de la evaluación", "completion_date"),
    ("Date when evaluation was approved by EVAL", "approval_date"), ("Evaluator(s)", "evaluators"),
    ("Consultant(s)", "evaluators"), ("Consultores", "evaluators"), ("Évaluateurs", "evaluators"),
    ("Gerente de la evaluación", "evaluation_manager"), ("Responsable de l'évaluation", "evaluation_manager"),
    ("Administrative Unit", "administrative_office"), ("Coverage", "country"), ("Timeframe", "duration"),
    ("Project title and Code", "title"),
])
def test_the_ilo_title_pages_labels_in_their_other_wordings(label, field):
    from reportgen.importer.cover import _field_name

    assert _field_name(label) == field


def test_a_dc_symbol_cover_table_gives_the_code_title_and_scope():
    evaluation, _ = _cover("| Project title | Skills for Decent Jobs in the Garment Sector |\n|---|---|\n"
                           "| DC Symbol | BGD/21/04/SWE |\n| Country(ies) or geographical scope | Bangladesh |\n"
                           "| Evaluator(s) | Ana Pérez; John Smith |")
    assert evaluation["title"] == {"en": "Skills for Decent Jobs in the Garment Sector"}
    assert evaluation["code"] == "BGD/21/04/SWE"
    assert evaluation["country"] == {"en": "Bangladesh"}
    assert [e["name"] for e in evaluation["evaluators"]] == ["Ana Pérez", "John Smith"]


@pytest.mark.parametrize("bullet, between", [("o", "\n\n"), ("\uf0a7", "\n"), ("\uf0b7", "\n\n"), ("o\t", "\n")])
def test_cover_lines_under_words_bullets_as_plain_text_keeps_them(bullet, between):
    """Word's "o" (Courier New) and Symbol/Wingdings bullets as a converted cover keeps them: each line is
    a field, and a line opening with "o" is never the rest of the line above."""
    lines = [f"{bullet} Evaluation Title: Promoting Decent Work in the Garment Sector",
             f"{bullet} ILO TC/SYMBOL: BGD/19/03/NLD", f"{bullet} Country(ies) : Bangladesh"]
    evaluation, _ = _cover("ILO EVALUATION\n\n" + between.join(lines))
    assert evaluation["code"] == "BGD/19/03/NLD" and evaluation["country"] == {"en": "Bangladesh"}
    assert evaluation["title"] == {"en": "Promoting Decent Work in the Garment Sector"}


def test_a_wrapped_line_starting_with_the_spanish_o_is_no_bullet():
    from reportgen.importer.debris import continues

    assert continues("Los jóvenes de Perú", "o Bolivia participaron en la formación.")
    assert not continues("Los jóvenes de Perú", "o Evaluation Title: Promoting Decent Work")


def test_a_title_and_code_in_one_field_and_a_code_under_no_known_label():
    evaluation, _ = _cover("- Project title and Code: Better Regional Migration Management (BRMM) Programme. "
                           "RAF/21/10/GBR\n- Evaluation type: Independent Mid-term Evaluation")
    assert evaluation["code"] == "RAF/21/10/GBR"
    assert evaluation["title"] == {"en": "Better Regional Migration Management (BRMM) Programme"}
    evaluation, _ = _cover("Combating child labour through education\n\n"
                           "Project: GLO/14/27/NET - Evaluation Consultant: Rafael Muñoz")
    assert evaluation["code"] == "GLO/14/27/NET" and "confirm it" in evaluation["import_note"]


@pytest.mark.parametrize("label", ["Nombre del consultor", "Nombre de la consultora", "Nombres de los evaluadores",
                                   "Nombre(s) de los consultores", "Name of consultant(s)"])
def test_the_evaluators_under_their_names(label):
    evaluation, _ = _cover(f"**Código del proyecto:** PER/21/03/CAN\n\n**{label}:** Rosa Huamán Pérez\n\n"
                           "**Gerente de la evaluación:** Julio Cárdenas", "es")
    assert evaluation["evaluators"] == [{"name": "Rosa Huamán Pérez"}]
