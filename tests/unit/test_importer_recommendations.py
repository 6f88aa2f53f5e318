"""Recommendations: field tables, label paragraphs, Note: lines, normalised levels."""

import pytest

from reportgen.importer.debris import clean
from reportgen.importer.record import ImportRecord
from reportgen.importer.recommendations import finish_fields, normalise_level, read_recommendations, split_addressees
from reportgen.importer.vocabulary import PRIORITY_WORDS, RESOURCE_WORDS, TIMEFRAME_WORDS


def _read(text: str, lang: str = "es"):
    record = ImportRecord()
    chapter = read_recommendations(clean(text.split("\n")).blocks, lang, record)
    for item in chapter.items:
        finish_fields(item, lang, record)
    return chapter, record


def test_field_table_with_label_paragraph_split_off():
    chapter, _ = _read("Introducción.\n\n### R3. Mantener la estructura\n\nTexto uno.\n\nTexto dos.\n\n"
                       "<b>Destinatario</b>\tMIMP, Ministerio Público\n<b>Nivel de prioridad</b>\tAlta\n"
                       "<b>Implicancia de recursos</b>\tMedias para la OIT (limitadas)\n"
                       "<b>Plazo de implementación</b>\tCorto (inmediato)\n\n"
                       "**Vinculación a conclusiones y lecciones aprendidas**\n\nC2, C10, LA2\n\nPara terminar, cierre.")
    (item,) = chapter.items
    assert item["id"] == "R3" and item["title"] == {"es": "Mantener la estructura"}
    assert item["text"] == {"es": "Texto uno.\n\nTexto dos."}
    assert (item["priority"], item["resources"], item["timeframe"]) == ("high", "medium", "short")
    assert item["resources_text"] == {"es": "Medias para la OIT (limitadas)"}
    assert item["_references"] == [("Vinculación a conclusiones y lecciones aprendidas", "C2, C10, LA2", 16)], \
        "linked once every item is known (references.py)"
    assert chapter.intro == ["Introducción."] and chapter.closing == ["Para terminar, cierre."]


def test_note_line_in_english():
    chapter, _ = _read("**Recommendation 2: Speed up grants**\n\nSimplify the manual.\n\n"
                       "*Note: Priority: Medium; Resource implications: Medium, within budget; "
                       "Timeframe: Long term; Addressed to: ILO and MLSS.*", "en")
    (item,) = chapter.items
    assert item["title"] == {"en": "Speed up grants"} and item["text"] == {"en": "Simplify the manual."}
    assert (item["priority"], item["resources"], item["timeframe"]) == ("medium", "medium", "long")
    assert item["resources_text"] == {"en": "Medium, within budget"}
    assert item["addressee_text"] == {"en": "ILO and MLSS"}


def test_missing_and_unreadable_fields_stay_absent():
    chapter, record = _read("### R.1. Título\n\nTexto.\n\n<b>Nivel de prioridad</b>\tSegún disponibilidad")
    (item,) = chapter.items
    assert "priority" not in item and item["priority_text"] == {"es": "Según disponibilidad"}
    assert "resources" not in item and "addressee_text" not in item
    assert any("names no level" in e.text for e in record.missing)


def test_levels_and_addressees():
    assert normalise_level("Medias para la OIT", RESOURCE_WORDS) == "medium"
    assert normalise_level("Élevée", PRIORITY_WORDS) == "high"
    assert normalise_level("Court terme", TIMEFRAME_WORDS) == "short"
    assert normalise_level("Pronto", TIMEFRAME_WORDS) is None
    assert split_addressees("OIT, MININTER, MIMP y Ministerio de Trabajo") == [
        "OIT", "MININTER", "MIMP", "Ministerio de Trabajo"]
    assert split_addressees("Oficina (MININTER, MIMP); ILO and MLSS") == ["Oficina (MININTER, MIMP)", "ILO", "MLSS"]


def test_field_table_as_header_row_over_values():
    chapter, _ = _read("### Recommendation 4: Share the tools\n\nText.\n\n"
                       "Responsible unit\tPriority\tTime implication\tResource implication\n"
                       "ILO CO\tHigh\tLong term\tNone", "en")
    (item,) = chapter.items
    assert item["addressee_text"] == {"en": "ILO CO"}
    assert (item["priority"], item["timeframe"], item["resources"]) == ("high", "long", "low")


def test_note_line_with_bracketed_fields_and_the_reports_own_field():
    chapter, record = _read("204. **Recommendation 1.** Institutionalise the training.\n\n"
                            "Note: Related assessment criteria (Effectiveness, Sustainability), Responsibility (ILO Lima, "
                            "Ministry of Labour), Priority (High), Resource implication (Medium), Time (Short term)", "en")
    (item,) = chapter.items
    assert item["id"] == "R1" and item["text"] == {"en": "Institutionalise the training."}
    assert (item["priority"], item["resources"], item["timeframe"]) == ("high", "medium", "short")
    assert item["priority_text"] == {"en": "High"} and item["addressee_text"] == {"en": "ILO Lima, Ministry of Labour"}
    assert item["custom"] == {"related_assessment_criteria": {"en": "Effectiveness, Sustainability"}}
    assert item["_custom_labels"] == {"related_assessment_criteria": "Related assessment criteria"}
    assert not [e for e in record.missing if "priority" in e.text]


def test_label_variants_and_several_in_one_block():
    chapter, _ = _read("**Recommendation 1:** One.\n**Recomendación 2 -** Dos.\n\nR3. Three.", "en")
    assert [(r["id"], r["text"]["en"]) for r in chapter.items] == [("R1", "One."), ("R2", "Dos."), ("R3", "Three.")]


def test_a_field_tables_header_row_is_no_field_and_reportgens_labels_are_read_back():
    """'Field | Value' over the rows is the table's header; every field label reportgen's catalogs
    print (en, es, fr) is read as its field."""
    from pathlib import Path

    import yaml

    from reportgen.importer.blocks import Block
    from reportgen.importer.recommendations import _label_of, _table_fields

    table = Block("table", "", 1, rows=[["**Field**", "**Value**"], ["**Priority**", "High"],
                                        ["**Linked conclusions and lessons learned**", "C1, LL2"]])
    assert _table_fields(table) == {"priority": "High", "links:Linked conclusions and lessons learned": "C1, LL2"}
    catalogs = Path(__file__).resolve().parents[2] / "templates" / "i18n"
    for lang in ("en", "es", "fr"):
        catalog = yaml.safe_load((catalogs / f"{lang}.yaml").read_text(encoding="utf-8"))
        for key, name in (("addressee", "addressees"), ("priority", "priority"), ("resources", "resources"),
                          ("timeframe", "timeframe"), ("links", "links")):
            label = _label_of(catalog[key])
            assert label == (f"links:{catalog[key]}" if name == "links" else name), (lang, catalog[key])


def test_summary_table_one_row_per_recommendation_gives_each_its_fields():
    chapter, _ = _read("**Recommandation 1 :** Intégrer une analyse de genre.\n\n"
                       "**Recommandation 2 :** Renforcer le budget de l'ANPEJ.\n\n"
                       "| Recommandation | Adressée à | Priorité | Ressources | Délai |\n|---|---|---|---|---|\n"
                       "| 1 | OIT, mandants | Élevée | Faibles | Court terme |\n"
                       "| R2 | Gouvernement | Moyenne | Élevées | Moyen terme |", "fr")
    first, second = chapter.items
    assert first["text"] == {"fr": "Intégrer une analyse de genre."}
    assert (first["priority"], first["resources"], first["timeframe"]) == ("high", "low", "short")
    assert first["addressee_text"] == {"fr": "OIT, mandants"}
    assert (second["priority"], second["resources"], second["timeframe"]) == ("medium", "high", "medium")
    assert second["text"] == {"fr": "Renforcer le budget de l'ANPEJ."}  # the table is no text of R2


def test_a_recommendations_own_fields_win_over_the_summary_table():
    chapter, _ = _read("**Recommendation 1: Link courses to employers.**\n\nText.\n\n"
                       "| Addressed to | Priority | Resource implication | Timeframe |\n|---|---|---|---|\n"
                       "| ILO | Low | Low | Long term |\n\n"
                       "**Recommendation 2: Fund maintenance.**\n\nText two.\n\n"
                       "| No. | Addressed to | Priority | Timeframe |\n|---|---|---|---|\n| 1 | ILO | High | Short |\n"
                       "| 2 | Ministries | Medium | Medium term |", "en")
    first, second = chapter.items
    assert first["priority"] == "low" and first["timeframe"] == "long"
    assert second["priority"] == "medium" and second["addressee_text"] == {"en": "Ministries"}


def test_a_label_paragraph_without_a_sentence_is_the_title():
    """Plain text lost the bold: "Recommendation 1: Title" wrapped on two lines, then its text."""
    chapter, _ = _read("Recommendation 1: Consolidate the monitoring systems\nbefore the project ends\n\n"
                       "The project should train district officers.\n\n"
                       "Recommendation 2: Budget lines are needed for inspection.\n\nMore text.", "en")
    first, second = chapter.items
    assert first["title"] == {"en": "Consolidate the monitoring systems before the project ends"}
    assert first["text"] == {"en": "The project should train district officers."}
    assert "title" not in second and second["text"]["en"].startswith("Budget lines are needed")


def test_one_table_with_a_row_per_recommendation():
    """"N° | Recommandation | Destinataires | Priorité | Délai": each row is a recommendation, its
    number from the number column, its title from the cell's short first sentence (a guess)."""
    chapter, record = _read("Le tableau présente les recommandations.\n\n"
                            "N°\tRecommandation\tDestinataires\tPriorité\tDélai\tObservations\n"
                            "1\tPérenniser les guichets. Le ministère devrait intégrer les guichets au budget.\tBIT\tHaute\tCourt terme\tAucune\n"
                            "2\tRenforcer le suivi des entreprises enregistrées.\tMinistère\tMoyenne\tMoyen terme\t\n\n"
                            "Texte après le tableau.", "fr")
    first, second = chapter.items
    assert (first["id"], first["title"], first["text"]) == (
        "R1", {"fr": "Pérenniser les guichets"}, {"fr": "Le ministère devrait intégrer les guichets au budget."})
    assert (first["priority"], first["timeframe"], first["addressee_text"]) == ("high", "short", {"fr": "BIT"})
    assert first["custom"] == {"observations": {"fr": "Aucune"}}   # the report's own column, kept
    assert (second["id"], second["text"]) == ("R2", {"fr": "Renforcer le suivi des entreprises enregistrées."})
    assert "title" not in second and chapter.intro == ["Le tableau présente les recommandations."]
    assert chapter.closing == ["Texte après le tableau."]
    assert [g.text for g in record.guesses] == ["title read from the cell's short first sentence: confirm it"]


def test_a_recommendations_table_without_numbers_numbers_its_rows():
    chapter, record = _read("Recommendation\tResponsible unit\tPriority\n"
                            "Train district officers in the monitoring system.\tILO\tHigh\n"
                            "Secure budget lines for inspection.\tMinistry\tLow", "en")
    assert [item["id"] for item in chapter.items] == ["R1", "R2"]
    assert sum("numbered by its row" in g.text for g in record.guesses) == 2


def test_a_table_without_a_recommendation_column_is_not_read_as_recommendations():
    chapter, _ = _read("Intro.\n\nRegion\tPriority\tBudget\nNorth\tHigh\t10\nSouth\tLow\t20", "en")
    assert chapter.items == []


def test_a_numbered_list_starting_at_one_is_the_recommendations():
    chapter, _ = _read("Intro.\n\n1. **Strengthen the inspectorate.** The ministry should train 200 inspectors.\n"
                       "2. **Mainstream gender.** The project should collect data by sex.\n\n"
                       "3. Share the model with employers' organizations in the region.", "en")
    assert [(i["id"], (i.get("title") or {}).get("en"), i["text"]["en"]) for i in chapter.items] == [
        ("R1", "Strengthen the inspectorate", "The ministry should train 200 inspectors."),
        ("R2", "Mainstream gender", "The project should collect data by sex."),
        ("R3", None, "Share the model with employers' organizations in the region.")]
    assert chapter.intro == ["Intro."]


def test_numbers_going_on_from_the_reports_paragraphs_are_not_a_list_of_recommendations():
    chapter, _ = _read("204. The evaluation makes the following recommendations.\n\n205. Train inspectors.", "en")
    assert chapter.items == []


@pytest.mark.parametrize("line", [
    "Responsibility (ILO Country Office), Priority (High), Time (Short term), Resource implication (Low)",
    "(Responsible: ILO Country Office; Priority: High; Timeframe: short term; Resources: low)",
    "[Priority: High | Responsible: ILO Country Office | Timeframe: short term | Resources: low]",
    "Responsible: ILO Country Office – Priority: High – Time frame: short term – Resources: low",
])
def test_a_field_line_without_note_in_brackets_or_between_dashes(line):
    chapter, _ = _read(f"**Recommendation 1.** Institutionalise the training.\n\n{line}", "en")
    (item,) = chapter.items
    assert item["text"] == {"en": "Institutionalise the training."}
    assert (item["priority"], item["timeframe"], item["resources"]) == ("high", "short", "low")
    assert item["addressee_text"] == {"en": "ILO Country Office"}


@pytest.mark.parametrize("closing", ["(Dirigida a: OIT; Prioridad: alta; Plazo: corto plazo; Recursos: bajos)",
                                     "[Dirigida a: OIT | Prioridad: alta | Plazo: corto plazo | Recursos: bajos]."])
def test_a_bracket_of_fields_closing_the_recommendations_paragraph(closing):
    chapter, _ = _read(f"**Recomendación 1.** Incluir a las trabajadoras migrantes, con metas propias. {closing}")
    (item,) = chapter.items
    assert item["text"] == {"es": "Incluir a las trabajadoras migrantes, con metas propias."}
    assert (item["priority"], item["timeframe"], item["resources"]) == ("high", "short", "low")
    assert item["addressee_text"] == {"es": "OIT"}


def test_a_sentence_with_brackets_is_text_not_fields():
    chapter, _ = _read("**Recommendation 1.** Institutionalise the training.\n\n"
                       "Work with the Ministry (MTPE), the unions (CGTP) and the employers (CONFIEP). "
                       "(See the project's exit plan: it lists them.)", "en")
    (item,) = chapter.items
    assert "CONFIEP" in item["text"]["en"] and "priority" not in item


def test_a_bold_paragraph_under_a_label_heading_without_title_is_the_title():
    chapter, _ = _read("### Recommendation 1\n\n**Institutionalise the training model**\n\nThe Ministry should adopt "
                       "it.\n\n### Recommendation 2\n\nThe project should track its graduates.\n\n**Not a title**", "en")
    first, second = chapter.items
    assert first["title"] == {"en": "Institutionalise the training model"} and first["text"] == {"en": "The Ministry should adopt it."}
    assert not second["title"]["en"] and "**Not a title**" in second["text"]["en"]


def test_a_recommendations_table_whose_cells_number_and_title_their_rows():
    chapter, record = _read("| Recommendation | Responsible | Priority |\n|---|---|---|\n"
                            "| 1. Institutionalise the training model: the Ministry should adopt the model in its "
                            "programmes. | Ministry of Youth | High |\n"
                            "| 2. Track the graduates: the project should set up a tracer study of them. | ILO | Medium |",
                            "en")
    assert [(r["id"], r["title"]["en"], r["text"]["en"][:20]) for r in chapter.items] == [
        ("R1", "Institutionalise the training model", "the Ministry should "),
        ("R2", "Track the graduates", "the project should s")]
    assert not [g for g in record.guesses if "numbered by its row" in g.text]


def test_a_bracket_after_the_label_gives_a_field_not_the_title():
    chapter, _ = _read("**Recomendación 1 (dirigida a la OIT):** Fortalecer el registro de empleo. El proyecto debería "
                       "registrar la inserción de los egresados.\n\n**Recomendación 2 (Prioridad alta):** Financiar la "
                       "formación. El ministerio debería financiarla con su propio presupuesto.\n\n"
                       "**Recomendación 3 (OIT, 2025):** Compartir el modelo.", "es")
    first, second, third = chapter.items
    assert (first["title"], first["addressee_text"]) == ({"es": "Fortalecer el registro de empleo"}, {"es": "OIT"})
    assert first["text"]["es"].startswith("El proyecto debería") and "confirm it" in first["import_note"]
    assert (second["priority"], second["title"]["es"]) == ("high", "Financiar la formación")
    assert third["title"] == {"es": "(OIT, 2025)"}   # a bracket that names no field stays the title


def test_a_numbered_list_without_bold_titles_each_recommendation_by_its_short_first_sentence():
    chapter, _ = _read("1. Extend the registry. The ILO should support the two remaining counties in launching it.\n"
                       "2. Fund the training. The ministries should fund it from their own budgets from 2026.", "en")
    assert [(r["id"], r["title"]["en"], r["text"]["en"][:14]) for r in chapter.items] == [
        ("R1", "Extend the registry", "The ILO should"), ("R2", "Fund the training", "The ministries")]
    assert all("a numbered list without a bold title" in r["import_note"] for r in chapter.items)


@pytest.mark.parametrize("label", ["Recommandation n° 1 :", "Recomendación Nº 1:", "Recommendation No. 1:",
                                   "Recommendation #1:", "Recomendación N.º 1 -"])
def test_a_number_sign_between_the_label_and_its_number(label):
    chapter, _ = _read(f"**{label}** Étendre le système. Le projet devrait couvrir les communautés.", "fr")
    assert [r["id"] for r in chapter.items] == ["R1"]


def test_a_label_without_emphasis_takes_its_short_first_sentence_as_title_unless_it_states():
    chapter, _ = _read("Recommendation 1: Track the graduates. The project should follow them for a year.\n\n"
                       "Recommendation 2: The ILO should fund it. The ministry has no budget line for it yet.\n\n"
                       "**Recommendation 3:** Share the model. Other provinces asked for it twice.", "en")
    first, second, third = chapter.items
    assert first["title"] == {"en": "Track the graduates"} and "the source sets no title apart" in first["import_note"]
    assert "title" not in second and second["text"]["en"].startswith("The ILO should fund it.")
    assert "title" not in third, "a bold label is the source's way of setting the text apart: no guess"


@pytest.mark.parametrize("label", ["Related conclusions", "Conclusiones relacionadas", "Conclusión asociada",
                                   "Conclusions liées", "Hallazgos relacionados", "Based on conclusions",
                                   "Supporting findings", "Relacionada con", "Vinculación a conclusiones"])
def test_labels_citing_other_items_keep_their_words(label):
    from reportgen.importer.recommendations import _label_of
    assert _label_of(f"**{label}:**") == f"links:{label}"


def test_sub_headings_give_their_recommendations_addressee_timeframe_and_priority():
    chapter, record = _read("### 5.1 Recommendations for the ILO\n\n**Recommendation 1:** Track the graduates.\n\n"
                            "### 5.2 Recomendaciones dirigidas al Gobierno\n\n**Recommendation 2:** Fund the centres.\n\n"
                            "Addressed to: Ministry of Labour\n\n### 5.3 Short-term recommendations\n\n"
                            "**Recommendation 3:** Publish the study.\n\n### High priority recommendations\n\n"
                            "**Recommendation 4:** Keep the committee.", "en")
    assert [item.get("addressee_text") for item in chapter.items] == [
        {"en": "ILO"}, {"en": "Ministry of Labour"}, None, None], "the item's own field wins over its heading"
    assert (chapter.items[2]["timeframe"], chapter.items[3]["priority"]) == ("short", "high")


def test_recommendations_numbered_anew_under_each_heading_are_numbered_on():
    chapter, record = _read("## For the ILO\n\n1. Track the graduates. The project should follow them.\n\n"
                            "2. Plan the hand-over. The team should agree a plan early.\n\n## For the Government\n\n"
                            "1. Fund the centres. The ministry should budget them from 2026.", "en")
    assert [item["id"] for item in chapter.items] == ["R1", "R2", "R3"]
    assert "its no. 1 under 'For the Government'" in chapter.items[2]["import_note"]
    assert "anew" not in chapter.items[0]["import_note"], "an item keeping its number is not marked"


def test_lettered_group_headings_name_the_addressee_too():
    chapter, _ = _read("### A. Recommendations for the ILO\n\n**Recommendation 1:** Track the graduates.", "en")
    assert chapter.items[0]["addressee_text"] == {"en": "ILO"}


def test_the_caption_of_a_recommendations_table_goes_with_the_table():
    chapter, _ = _read("The recommendations follow from the conclusions.\n\nTable 3. Recommendations\n\n"
                       "| No. | Recommendation | Addressed to | Priority |\n|--|--------|----|---|\n"
                       "| 1 | Plan training jointly. | Project teams | High |\n"
                       "| 2 | Request an extension. | ILO | Medium |", "en")
    assert [(r["id"], r["text"]["en"], r["priority"]) for r in chapter.items] == [
        ("R1", "Plan training jointly.", "high"), ("R2", "Request an extension.", "medium")]
    assert chapter.intro == ["The recommendations follow from the conclusions."]


@pytest.mark.parametrize("label", ["Implications en ressources", "Incidences financières", "Implicaciones en recursos",
                                   "Financial implications", "Implications for resources"])
def test_the_wordings_of_a_resources_label_are_the_resources_field(label):
    chapter, _ = _read(f"### R1. Titre\n\nTexte.\n\nPriorité\tÉlevée\n{label}\tFaibles", "fr")
    (item,) = chapter.items
    assert item["resources"] == "low" and item["resources_text"] == {"fr": "Faibles"} and "custom" not in item
