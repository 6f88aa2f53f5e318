"""Lessons and good practices: labels after paragraph numbers, chapter sub-headings, unnamed ILO templates."""

from reportgen.importer.assemble import attach_templates
from reportgen.importer.debris import clean
from reportgen.importer.lessons import read_items_chapter, read_templates
from reportgen.importer.record import ImportRecord

PREFIXES = {"lesson": "LL", "good_practice": "GP", "finding": "F"}


def _blocks(text: str):
    return clean(text.split("\n")).blocks


def test_labels_after_paragraph_numbers_with_dash_titles():
    chapter = read_items_chapter(_blocks("209. **Lesson Learned 1 - Involving inspectors early:** Text one.\n\n"
                                         "210. **Emerging good practice 2 - Help desks:** Text two."),
                                 "lesson", "en", PREFIXES, ImportRecord())
    (lesson,), (practice,) = chapter.items["lesson"], chapter.items["good_practice"]
    assert (lesson["id"], lesson["title"]["en"], lesson["text"]["en"]) == ("LL1", "Involving inspectors early", "Text one.")
    assert (practice["id"], practice["title"]["en"]) == ("GP2", "Help desks")


def test_a_heading_as_high_as_the_chapters_is_not_an_item():
    """'OTROS HALLAZGOS' after the good practices of a brief is not a good practice."""
    chapter = read_items_chapter(_blocks("### Coordinación regional\n\nTexto.\n\n## OTROS HALLAZGOS\n\nOtro texto."),
                                 "good_practice", "es", {"lesson": "LA", "good_practice": "BP"}, ImportRecord(), level=2)
    assert [p["title"]["es"] for p in chapter.items["good_practice"]] == ["Coordinación regional"]


def test_unnamed_templates_attach_in_order_and_say_so():
    templates = read_templates(_blocks(
        "ILO Lesson Learned Template\n\nLL Element\tText\n"
        "Brief description of lesson learned (link to specific action or task)\tFirst.\n\n"
        "LL Element\tText\nBrief description of lesson learned\tSecond."), PREFIXES)
    lessons = [{"id": "LL1", "_line": 1}, {"id": "LL2", "_line": 2}]
    record = ImportRecord()
    attach_templates(lessons, "lesson", templates, "en", record)
    assert [item["template"]["description"] for item in lessons] == [{"en": "First."}, {"en": "Second."}]
    assert all("attached by its order" in item["import_note"] for item in lessons)
    assert not [e for e in record.missing if "no ILO template" in e.text]


def test_templates_the_chapter_does_not_give_are_items_of_their_own():
    """Many reports give their lessons only as ILO templates in the annexes: each one is a lesson, its
    text the template's description; a template naming its item keeps that ID and title."""
    templates = read_templates(_blocks(
        "ILO Lesson Learned Template\n\nProject Title: Decent Jobs\n\nProject TC/SYMBOL: KEN/19/01/NOR\n\n"
        "LL Element\tText\nBrief description of lesson learned (link to specific action or task)\tInvolving the "
        "counties early eased the hand-over. They signed a memorandum.\n\n"
        "LL Element\tLL4. Data first\nBrief description of lesson learned\tA baseline made results credible."), PREFIXES)
    lessons = [{"id": "LL1", "_line": 1, "text": {"en": "From the chapter."}, "title": {"en": "Chapter's"}}]
    record = ImportRecord()
    attach_templates(lessons, "lesson", templates, "en", record)
    first, second = lessons
    assert first["template"]["description"] == {"en": "Involving the counties early eased the hand-over. They signed a "
                                                      "memorandum."}, "the unnamed template goes to the chapter's item"
    assert (second["id"], second["title"], second["text"]) == ("LL4", {"en": "Data first"},
                                                              {"en": "A baseline made results credible."})
    assert "import_note" not in second, "read from the report's own label, not guessed"
    assert templates.project == {"title": ("Decent Jobs", 3), "code": ("KEN/19/01/NOR", 5)}
    assert not record.left_out


def test_a_template_left_over_without_a_name_is_a_lesson_with_an_id_given():
    templates = read_templates(_blocks(
        "LL Element\tText\nBrief description of lesson learned\tInvolving the counties early eased the hand-over. "
        "They signed a memorandum in the first year."), PREFIXES)
    lessons: list = []
    record = ImportRecord()
    attach_templates(lessons, "lesson", templates, "en", record)
    (lesson,) = lessons
    assert (lesson["id"], lesson["title"], lesson["text"]) == (
        "LL1", {"en": "Involving the counties early eased the hand-over"},
        {"en": "They signed a memorandum in the first year."}), "the title row's 'Text' is the column's name"
    assert "read from its ILO template in the annexes" in lesson["import_note"]
    assert lesson["template"]["description"]["en"].startswith("Involving the counties")


def test_a_lesson_without_title_gets_its_first_words_marked():
    chapter = read_items_chapter(_blocks("### LL1\n\nEmployers who co-design curricula offer internships."),
                                 "lesson", "en", PREFIXES, ImportRecord())
    (lesson,) = chapter.items["lesson"]
    assert lesson["title"] == {"en": "Employers who co-design curricula offer internships"}
    assert "first words of the text stand in" in lesson["import_note"]


def test_template_labels_reportgen_writes_are_read_back():
    """Every ILO template row label reportgen's own catalogs print (Word export, site) is read as
    its field, in every shipped language: what reportgen writes, its import reads."""
    from pathlib import Path

    import yaml

    from reportgen.importer.lessons import _template_field
    from reportgen.importer.vocabulary import TEMPLATE_TITLE_ROW, fold

    catalogs = Path(__file__).resolve().parents[2] / "templates" / "i18n"
    for lang in ("en", "es", "fr"):
        catalog = yaml.safe_load((catalogs / f"{lang}.yaml").read_text(encoding="utf-8"))
        for kind, key in (("lesson", "lesson_fields"), ("good_practice", "gp_fields")):
            for name, label in catalog[key].items():
                assert _template_field(label, kind) == name, (lang, label)
        for key in ("lesson_template_heading", "gp_template_heading"):
            assert TEMPLATE_TITLE_ROW.fullmatch(fold(catalog[key])), (lang, catalog[key])


def test_a_template_right_after_its_item_is_its_template_not_its_text():
    blocks = _blocks("## LA1. Reintegración\n\nTexto de la lección.\n\n### Plantilla OIT (LA1)\n\n"
                     "*La siguiente lección aprendida ha sido identificada.*\n\n"
                     "| ELEMENTO DE LA LECCIÓN APRENDIDA | LA1. Reintegración |\n|---|---|\n"
                     "| Breve descripción de la lección aprendida | Se ha aprendido. |\n"
                     "| Asuntos administrativos de la OIT (personal) | |\n\n## LA2. Rotación\n\nOtro texto.")
    prefixes = {"lesson": "LA", "good_practice": "BP"}
    chapter = read_items_chapter(blocks, "lesson", "es", prefixes, ImportRecord(), level=1)
    first, second = chapter.items["lesson"]
    assert first["text"]["es"] == "Texto de la lección." and second["text"]["es"] == "Otro texto."
    fields = read_templates(blocks, prefixes).fields["LA1"]
    assert {name: text for name, (text, _) in fields.items()} == {"description": "Se ha aprendido.", "ilo_issues": ""}


def test_a_field_given_twice_opens_the_next_unnamed_template():
    """Two templates read as one table (a PDF's title row taken for a repeated header): the second
    "Brief description" starts the second template."""
    templates = read_templates(_blocks(
        "LL Element\tText\nBrief description of lesson learned\tFirst.\nContext and any related preconditions\tA.\n"
        "Brief description of lesson learned\tSecond.\nContext and any related preconditions\tB."), PREFIXES)
    lessons = [{"id": "LL1", "_line": 1}, {"id": "LL2", "_line": 2}]
    attach_templates(lessons, "lesson", templates, "en", ImportRecord())
    assert [item["template"]["description"] for item in lessons] == [{"en": "First."}, {"en": "Second."}]
    assert [item["template"]["context"] for item in lessons] == [{"en": "A."}, {"en": "B."}]


def test_a_title_run_into_its_text_is_cut_before_the_sentences_opening_word():
    """Plain text loses the bold that set the title apart."""
    chapter = read_items_chapter(_blocks("Lesson learned 1: Involving inspectors early The project trained 300 "
                                         "labour inspectors in the regions."), "lesson", "en", PREFIXES, ImportRecord())
    (lesson,) = chapter.items["lesson"]
    assert lesson["title"] == {"en": "Involving inspectors early"}
    assert lesson["text"]["en"] == "The project trained 300 labour inspectors in the regions."
    assert "opening word" in lesson["import_note"]


def test_the_templates_title_row_settles_a_guessed_title():
    """The title the template's title row gives, when the item's text opens with it: no guess left."""
    record = ImportRecord()
    chapter = read_items_chapter(_blocks("Lesson learned 1: Employers in Tacna co-designed the courses and offered "
                                         "internships to the graduates."), "lesson", "en", PREFIXES, record)
    templates = read_templates(_blocks("LL Element\tLesson learned 1: Employers in Tacna\n"
                                       "Brief description of lesson learned\tFirst."), PREFIXES)
    attach_templates(chapter.items["lesson"], "lesson", templates, "en", record)
    (lesson,) = chapter.items["lesson"]
    assert lesson["title"] == {"en": "Employers in Tacna"}
    assert lesson["text"]["en"] == "co-designed the courses and offered internships to the graduates."
    assert "import_note" not in lesson and not any(e.item == "LL1" for e in record.guesses)


def test_a_template_whose_last_field_is_empty_ends_at_the_next_items_label():
    """Plain text has no heading for the next lesson: its label paragraph ends the template above,
    whose empty last field would otherwise take the next lesson's text."""
    blocks = _blocks("LA1. Reintegración. Texto de la lección.\n\n"
                     "ELEMENTO DE LA LECCIÓN APRENDIDA\tLA1. Reintegración\n"
                     "Breve descripción de la lección aprendida\tSe ha aprendido.\n"
                     "Otros comentarios relevantes\t\n\n"
                     "LA2. Medidas para mitigar la rotación. El caso de la PNP\n\nLa Policía Nacional del Perú rota.")
    fields = read_templates(blocks, {"lesson": "LA", "good_practice": "BP"}).fields["LA1"]
    assert {name: text for name, (text, _) in fields.items()} == {"description": "Se ha aprendido.", "other": ""}


def test_a_plain_label_of_three_words_after_a_sentence_opens_the_next_item():
    """Plain text: the PDF prints the next practice's label on the line where the previous text ends."""
    chapter = read_items_chapter(_blocks(
        "Emerging good practice 1: Tripartite committees The project trained 3001 inspectors.\n"
        "plans. Emerging good practice 2: Peer learning The project trained 3002 inspectors."),
        "good_practice", "en", PREFIXES, ImportRecord())
    assert [item["id"] for item in chapter.items["good_practice"]] == ["GP1", "GP2"]


def test_the_next_templates_header_rows_and_heading_do_not_join_the_last_field():
    """Word: "ILO Lesson Learned Template", then a table whose first rows (project title, symbol,
    evaluator) come before its "LL Element" row: none of it is the previous template's context."""
    blocks = _blocks("ILO Lesson Learned Template\n\n"
                     "Project Title:\tDecent work in supply chains\nName of Evaluator:\tA. Okafor\nLL Element\tText\n"
                     "Brief description of lesson learned\tFirst.\nContext and any related preconditions\tDecentralised.\n\n"
                     "ILO Lesson Learned Template\n\n"
                     "Project Title:\tDecent work in supply chains\nProject TC/SYMBOL:\tRAF/18/08/NLD\nLL Element\tText\n"
                     "Brief description of lesson learned\tSecond.")
    found = read_templates(blocks, PREFIXES)
    texts = [{name: text for name, (text, _) in fields.items()} for fields in found.fields.values()]
    assert texts == [{"description": "First.", "context": "Decentralised."}, {"description": "Second."}]
    assert found.meta["template_evaluator"] == "A. Okafor"


def test_a_short_first_sentence_is_the_title_when_plain_text_lost_the_bold():
    chapter = read_items_chapter(_blocks(
        "Lesson learned 2: Sector approaches need sector-specific tools. Tools designed for cocoa could not be\n"
        "transferred to gold mining without major adaptation."), "lesson", "en", PREFIXES, ImportRecord())
    (lesson,) = chapter.items["lesson"]
    assert lesson["title"] == {"en": "Sector approaches need sector-specific tools"}
    assert lesson["text"]["en"].startswith("Tools designed for cocoa")
    assert "short first sentence" in lesson["import_note"]


def test_a_first_sentence_of_up_to_sixteen_words_is_the_title_when_plain_text_lost_the_bold():
    chapter = read_items_chapter(_blocks(
        "20. Lesson 1. A cluster needs a joint work plan, not only a joint steering committee. Shared governance "
        "did not lead to joint delivery."), "lesson", "en", PREFIXES, ImportRecord())
    (lesson,) = chapter.items["lesson"]
    assert lesson["title"] == {"en": "A cluster needs a joint work plan, not only a joint steering committee"}
    assert lesson["text"]["en"] == "Shared governance did not lead to joint delivery."


def test_a_sub_heading_naming_the_chapter_is_neither_an_item_nor_text():
    chapter = read_items_chapter(_blocks("### 7.1 Lessons learned\n\n#### Involve local governments\n\nText."),
                                 "lesson", "en", PREFIXES, ImportRecord(), level=2)
    assert [item["title"]["en"] for item in chapter.items["lesson"]] == ["Involve local governments"]
    assert chapter.intro == []


def test_the_items_of_a_list_are_the_lessons_when_nothing_labels_them():
    chapter = read_items_chapter(_blocks(
        "The evaluation identified the following lessons:\n\n"
        "- Involving county governments from the design stage made the systems easier to hand over.\n"
        "- Training alone did not change practices without follow-up visits.\n\n"
        "1. Peer learning between inspectors spread new methods quickly.\n"
        "2. Joint visits built trust with small enterprises."), "lesson", "en", PREFIXES, ImportRecord())
    assert [(item["id"], item["text"]["en"]) for item in chapter.items["lesson"]] == [
        ("LL1", "Involving county governments from the design stage made the systems easier to hand over."),
        ("LL2", "Training alone did not change practices without follow-up visits."),
        ("LL3", "Peer learning between inspectors spread new methods quickly."),
        ("LL4", "Joint visits built trust with small enterprises.")]
    assert chapter.intro == ["The evaluation identified the following lessons:"]
    assert all("given by the import" in item["import_note"] for item in chapter.items["lesson"])


def test_a_title_before_the_colon_after_the_label_when_the_bold_is_lost():
    chapter = read_items_chapter(_blocks("Emerging good practice 1 - Registration days in markets: Mobile registration "
                                         "desks in markets registered 3,400 workers in a month.\n\n"
                                         "Lesson learned 2: Context: the project worked in two counties only and "
                                         "could not reach the others."),
                                 "lesson", "en", PREFIXES, ImportRecord())
    (practice,), (lesson,) = chapter.items["good_practice"], chapter.items["lesson"]
    assert practice["title"] == {"en": "Registration days in markets"}
    assert practice["text"]["en"].startswith("Mobile registration desks")
    assert "before the colon" in practice["import_note"]
    assert lesson["title"]["en"] != "Context"   # one word and a lower-case sentence: no title before a colon


def test_lessons_and_good_practices_given_as_tables_a_row_each():
    chapter = read_items_chapter(_blocks(
        "| No. | Lesson learned | Context |\n|---|---|---|\n"
        "| 1 | Unions open doors to employers that inspectors cannot reach. | Informal sector |\n"
        "| 3 | Schools keep children out of work where they open. | Rural areas |\n\n"
        "| Good practice | Replicability |\n|---|---|\n| Registration days in markets registered 3,400 workers. | High |"),
        "lesson", "en", PREFIXES, ImportRecord())
    lessons, practices = chapter.items["lesson"], chapter.items["good_practice"]
    assert [lesson["id"] for lesson in lessons] == ["LL1", "LL3"]
    assert lessons[0]["text"]["en"] == "Unions open doors to employers that inspectors cannot reach.\n\n**Context:** Informal sector"
    assert lessons[0]["title"]["en"] and "write the title" in lessons[0]["import_note"]
    assert practices[0]["id"] == "GP1" and "numbered by its row" in practices[0]["import_note"]


def test_a_table_inside_a_lesson_without_such_a_column_stays_its_text():
    chapter = read_items_chapter(_blocks("**Lesson learned 1 - Budgets:** Text.\n\n| Year | Budget |\n|---|---|\n"
                                         "| 2024 | 10 |"), "lesson", "en", PREFIXES, ImportRecord())
    (lesson,) = chapter.items["lesson"]
    assert "| 2024 | 10 |" in lesson["text"]["en"]


def test_promising_practices_and_number_signs_are_labels():
    chapter = read_items_chapter(_blocks("**Promising practice 2 - Market days:** Desks in markets.\n\n"
                                         "**Pratique prometteuse n° 3 : Guichet mobile.** Une unité mobile.\n\n"
                                         "**Lesson learned No. 4 - Unions:** Unions reach employers."),
                                 "lesson", "en", PREFIXES, ImportRecord())
    assert [p["id"] for p in chapter.items["good_practice"]] == ["GP2", "GP3"]
    assert [lesson["id"] for lesson in chapter.items["lesson"]] == ["LL4"]


def test_labelled_lessons_in_a_bulleted_list_with_sub_bullets():
    """"• Lesson 1: Title. Text" with second-level bullets under it, as Word, its PDF and pandoc write it."""
    for text in ("The evaluation identified these lessons:\n\n-   Lesson 1: Early buy-in. Involving the ministry made "
                 "the hand-over easier.\n\n<!-- -->\n\n-   The staff attended the design workshops.\n\n-   The budget "
                 "was agreed early.\n\n<!-- -->\n\n-   Lesson 2: Data first. A baseline made the results credible.",
                 "• Lesson 1: Early buy-in. Involving the ministry made the hand-over easier.\n◦ The staff attended "
                 "the design workshops.\n◦ The budget was agreed early.\n\n• Lesson 2: Data first. A baseline made "
                 "the results credible."):
        chapter = read_items_chapter(_blocks(text), "lesson", "en", PREFIXES, ImportRecord())
        first, second = chapter.items["lesson"]
        assert (first["id"], first["title"], second["id"], second["title"]) == (
            "LL1", {"en": "Early buy-in"}, "LL2", {"en": "Data first"}), text
        assert "The staff attended" in first["text"]["en"] and "<!--" not in first["text"]["en"]
        assert first["text"]["en"].startswith("Involving the ministry")


def test_a_spanish_houses_templates_attach_to_their_lessons_and_practices():
    """'Plantilla de Lecciones Aprendidas OIT' over an 'Elemento LA | Texto' table, 'Elemento BP' for a
    good practice: each template reaches the item of its kind, in order."""
    templates = read_templates(_blocks(
        "Plantilla de Lecciones Aprendidas OIT\n\nElemento LA\tTexto\n"
        "Breve descripción de la lección aprendida (vínculo con una acción)\tPrimera.\n"
        "Éxito/Asuntos positivos - Factores causales\tLas empresas contrataron.\n\n"
        "Plantilla de Buenas Prácticas Emergentes OIT\n\nElemento BP\tTexto\n"
        "Breve resumen de la buena práctica (vínculo con el objetivo)\tMesas regionales.\n"
        "Vínculos ascendentes hacia metas superiores de la OIT (PTDP)\tPTDP, resultado 1."),
        {"lesson": "LA", "good_practice": "BP"})
    lessons, practices = [{"id": "LA1", "_line": 1}], [{"id": "BP1", "_line": 2}]
    record = ImportRecord()
    attach_templates(lessons, "lesson", templates, "es", record)
    attach_templates(practices, "good_practice", templates, "es", record)
    def given(item):
        return {name: value for name, value in item["template"].items() if value["es"]}
    assert given(lessons[0]) == {"description": {"es": "Primera."}, "successes": {"es": "Las empresas contrataron."}}
    assert given(practices[0]) == {"summary": {"es": "Mesas regionales."}, "upward_links": {"es": "PTDP, resultado 1."}}
    assert not [e for e in record.missing if "no ILO template" in e.text]


def test_a_title_on_a_line_of_its_own_keeps_no_colon():
    """Plain text: 'Buena práctica emergente 1 - Mesas regionales:' with its text on the next paragraph."""
    chapter = read_items_chapter(_blocks("Buena práctica emergente 1 - Mesas regionales de empleo juvenil:\n\n"
                                         "Las mesas reunieron cada trimestre a empresas y sindicatos."),
                                 "good_practice", "es", {"lesson": "LA", "good_practice": "BP"}, ImportRecord())
    (practice,) = chapter.items["good_practice"]
    assert practice["title"] == {"es": "Mesas regionales de empleo juvenil"}
    assert practice["text"]["es"] == "Las mesas reunieron cada trimestre a empresas y sindicatos."


def test_label_cells_read_as_one_and_a_last_label_alone_are_empty_fields():
    """A text table's last rows with empty values: their labels read as the rest of the row above's
    label cell, the very last one as a paragraph after the table. Each is its own, empty, field."""
    templates = read_templates(_blocks(
        "Plantilla de Lecciones Aprendidas OIT\n\nElemento LA\tTexto\n"
        "Usuarios/beneficiarios objetivo\tMujeres jóvenes.\n"
        "Desafíos/lecciones negativas - Factores causales Éxito/Asuntos positivos - Factores causales "
        "Asuntos administrativos de la OIT (personal, recursos, diseño, implementación)\tFalta de transporte.\n\n"
        "Otros comentarios relevantes\n\n## Anexo 3. Otro anexo"),
        {"lesson": "LA", "good_practice": "BP"})
    (fields,) = templates.fields.values()
    assert {name: text for name, (text, _) in fields.items()} == {
        "beneficiaries": "Mujeres jóvenes.", "challenges": "Falta de transporte.", "successes": "",
        "ilo_issues": "", "other": ""}


def test_a_value_that_opens_with_a_labels_words_stays_the_fields_text():
    templates = read_templates(_blocks(
        "LL Element\tText\nContext and any related preconditions\tTwo provinces.\n\n"
        "Other relevant comments were made by the constituents, who asked for a second phase."), PREFIXES)
    (fields,) = templates.fields.values()
    assert "other" not in fields and "second phase" in fields["context"][0]
