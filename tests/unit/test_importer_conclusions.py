"""Conclusions: IDs from labels, never from the report's paragraph numbers."""

from reportgen.importer.conclusions import read_conclusions
from reportgen.importer.debris import clean
from reportgen.importer.record import ImportRecord


def _read(text: str):
    record = ImportRecord()
    return read_conclusions(clean(text.split("\n")).blocks, "en", record), record


def test_ids_from_labels_after_paragraph_numbers():
    chapter, record = _read("199. **Conclusion 1.** Relevant.\n\n200. **Conclusion 2:** Sound design.\n\n"
                            "201. **Conclusion 3** - Lasting.\n\nA second paragraph.")
    assert [(c["id"], c["text"]["en"]) for c in chapter.items] == [
        ("C1", "Relevant."), ("C2", "Sound design."), ("C3", "Lasting.\n\nA second paragraph.")]
    assert not record.guesses


def test_a_title_inside_the_bold_label_stays_bold_and_names_the_criterion():
    chapter, _ = _read("16. **Conclusion 1 – Relevance.** The cluster responds to demands.\n\n"
                       "17. **Conclusion 2: Working as a cluster.** Joint delivery would cut costs.")
    assert [(c["id"], c["text"]["en"]) for c in chapter.items] == [
        ("C1", "**Relevance.** The cluster responds to demands."),
        ("C2", "**Working as a cluster.** Joint delivery would cut costs.")]
    assert chapter.items[0]["_criterion_heading"] == ("Relevance", 1)


def test_paragraph_numbers_are_not_conclusion_numbers():
    chapter, record = _read("199. The project was relevant.\n\n200. Its design was sound.")
    assert [(c["id"], c["text"]["en"]) for c in chapter.items] == [
        ("C1", "The project was relevant."), ("C2", "Its design was sound.")]
    assert all("given by the import" in c["import_note"] for c in chapter.items) and len(record.guesses) == 2


def test_several_labels_in_one_block():
    chapter, _ = _read("**Conclusion 1.** One.\n**Conclusion 2.** Two.")
    assert [(c["id"], c["text"]["en"], c["_line"]) for c in chapter.items] == [("C1", "One.", 1), ("C2", "Two.", 2)]


def test_a_numbered_list_starting_at_one_is_the_conclusions():
    chapter, _ = _read("Intro.\n\n1. First.\n\n2. Second.")
    assert [c["id"] for c in chapter.items] == ["C1", "C2"] and chapter.intro == ["Intro."]


def test_bold_labels_run_together_in_one_paragraph():
    """A Word paragraph with line breaks converts to one line: the bold labels still open items."""
    chapter, _ = _read("**Conclusion 1:** One. **Conclusion 2:** Two, with **bold** inside.")
    assert [(c["id"], c["text"]["en"]) for c in chapter.items] == [("C1", "One."), ("C2", "Two, with **bold** inside.")]


def test_plain_labels_with_a_colon_run_together_in_one_paragraph():
    """Plain text has no bold: "… plans. Conclusion 2: The …" opens an item; a reference does not."""
    chapter, _ = _read("Conclusion 1: The project was relevant, as Conclusion 3 shows. Conclusion 2: The design "
                       "was sound.")
    assert [(c["id"], c["text"]["en"]) for c in chapter.items] == [
        ("C1", "The project was relevant, as Conclusion 3 shows."), ("C2", "The design was sound.")]


def test_a_chapter_of_plain_paragraphs_has_one_conclusion_per_paragraph():
    """No label, number or heading: each paragraph is a conclusion; the first one announcing them is
    the introduction."""
    chapter, record = _read("The evaluation reached the following conclusions.\n\n"
                            "Relevance. The project was well aligned with national priorities.\n\n"
                            "Efficiency. Resources were used efficiently overall by the project team.\n\n"
                            "- with one exception\n\nWe had fun.")
    assert chapter.intro == ["The evaluation reached the following conclusions."]
    assert [(c["id"], c["text"]["en"]) for c in chapter.items] == [
        ("C1", "Relevance. The project was well aligned with national priorities."),
        ("C2", "Efficiency. Resources were used efficiently overall by the project team.\n\n- with one exception"
               "\n\nWe had fun.")]   # (too short to be a conclusion of its own)
    assert len(record.guesses) == 2


def test_bold_lead_ins_open_conclusions_and_plain_paragraphs_continue_them():
    chapter, _ = _read("**Relevance.** The project was relevant.\n\nIt answered needs.\n\n"
                       "**Sustainability.** The systems are fragile.")
    assert [(c["id"], c["text"]["en"]) for c in chapter.items] == [
        ("C1", "**Relevance.** The project was relevant.\n\nIt answered needs."),
        ("C2", "**Sustainability.** The systems are fragile.")]


def test_a_lead_in_naming_a_criterion_links_the_conclusion_to_it():
    chapter, _ = _read("**Relevance.** The project was relevant.\n\n**Two further points.** Not a criterion.")
    assert [c["_criterion_heading"] for c in chapter.items] == [("Relevance", 1), None]


def test_a_lead_in_naming_the_conclusions_criterion_in_words_links_it():
    chapter, _ = _read("**Conclusion on relevance:** The project was relevant to national priorities and to young "
                       "people.\n\n**Conclusión sobre la eficacia:** El proyecto logró la mayoría de sus metas pese a la "
                       "pandemia.\n\n**Conclusion on the partners:** The partners stayed committed through the years.")
    assert [c["_criterion_heading"][0] if c["_criterion_heading"] else None for c in chapter.items] == [
        "Relevance", "Eficacia", None]


def test_a_bulleted_list_of_conclusions_after_an_announcing_paragraph():
    chapter, _ = _read("The evaluation team draws the following conclusions:\n\n"
                       "- The project was relevant to national priorities and to the needs of young people.\n"
                       "- The project achieved most of its targets despite the pandemic and the delays.\n"
                       "- The sustainability of the results depends on the funding of the training centres.")
    assert [c["text"]["en"][:24] for c in chapter.items] == ["The project was relevant", "The project achieved mos",
                                                            "The sustainability of th"]
    assert chapter.intro == ["The evaluation team draws the following conclusions:"]


def test_bullets_under_a_conclusions_paragraph_stay_its_own():
    chapter, _ = _read("The project was relevant to national priorities and to the needs of young people.\n\n"
                       "- aligned with the youth policy of the country;\n- designed with the social partners.\n\n"
                       "The project achieved most of its targets despite the pandemic and the delays.")
    assert len(chapter.items) == 2 and "designed with the social partners" in chapter.items[0]["text"]["en"]


def test_conclusions_given_as_a_table_a_row_each():
    chapter, record = _read("| No. | Criterion | Conclusion | Related findings |\n|---|---|---|---|\n"
                            "| 1 | Relevance | The project was relevant to national priorities. | F1, F2 |\n"
                            "| 2 | Effectiveness | Most targets were met despite the pandemic. | F3 |")
    assert [(c["id"], c["_criterion_heading"][0]) for c in chapter.items] == [("C1", "Relevance"), ("C2", "Effectiveness")]
    assert chapter.items[0]["text"]["en"] == "The project was relevant to national priorities.\n\n**Related findings:** F1, F2"
    assert not record.guesses and chapter.intro == []


def test_a_criterion_in_brackets_after_the_label_links_the_conclusion_and_leaves_its_text():
    chapter, _ = _read("**Conclusion 1 (pertinence) :** Le projet est pertinent.\n\n"
                       "**Conclusion 2 (see F2):** Delays cost a year.\n\n"
                       "### Conclusion 3 (Sustainability): Committees that pay last\n\nThey meet still.")
    assert [(c["id"], c["text"]["en"], c["_criterion_heading"]) for c in chapter.items] == [
        ("C1", "Le projet est pertinent.", ("pertinence", 1)),
        ("C2", "**(see F2):** Delays cost a year.", None),
        ("C3", "**Committees that pay last**\n\nThey meet still.", ("Sustainability", 5))]
