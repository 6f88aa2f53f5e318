"""The imported project's files: YAML as a person would write it, the importer's keys left out."""

from __future__ import annotations

import yaml

from reportgen.importer.annexes import annex_documents, annex_title
from reportgen.importer.blocks import Block
from reportgen.importer.record import ImportRecord
from reportgen.importer.writer import clean_item, dump_yaml, write_project


def test_yaml_keeps_order_unicode_and_writes_long_texts_as_blocks():
    data = {"conclusions": [{"id": "C1", "text": {"es": "Conclusión uno.\n\nSegundo párrafo."}, "criterion": "rel"}]}
    written = dump_yaml(data)
    assert "Conclusión" in written and "text:\n    es: |-\n      Conclusión uno.\n\n      Segundo párrafo." in written
    assert list(yaml.safe_load(written)["conclusions"][0]) == ["id", "text", "criterion"]
    assert yaml.safe_load(written) == data


def test_the_importers_private_keys_are_not_written():
    item = {"id": "R1", "_line": 12, "_kind": "recommendation", "findings": [{"id": "H1", "_line": 3}]}
    assert clean_item(item) == {"id": "R1", "findings": [{"id": "H1"}]}


def test_files_are_written_under_the_folder_with_their_folders(tmp_path):
    paths = write_project(tmp_path / "p", {"content/annexes/ANX1.es.md": "Texto.\n", "reportgen.yml": "languages: [es]\n"})
    assert [p.relative_to(tmp_path / "p").as_posix() for p in paths] == ["content/annexes/ANX1.es.md", "reportgen.yml"]
    assert (tmp_path / "p" / "content" / "annexes" / "ANX1.es.md").read_text(encoding="utf-8") == "Texto.\n"


def test_annexes_become_documents_templates_are_left_to_their_items_and_informants_stay_internal():
    blocks = [Block("heading", "Anexo 1. Términos de referencia", 1, level=2), Block("para", "Los TdR.", 2),
              Block("heading", "Anexo 2. Plantillas de lecciones aprendidas", 3, level=2), Block("para", "LA1", 4),
              Block("heading", "Anexo 3. Personas entrevistadas", 5, level=2), Block("para", "Nombre, cargo.", 6)]
    record = ImportRecord()
    documents = annex_documents(blocks, "es", record)
    assert [(d["id"], d.get("visibility")) for d, _ in documents] == [("ANX1", None), ("ANX3", "internal")]
    assert documents[0][1].strip() == "Los TdR."
    assert "internal (review edition only)" in documents[1][0]["import_note"]


def test_annexes_numbered_by_letters_or_roman_numerals_are_documents_too_and_name_their_table():
    blocks = [Block("heading", "Annex A: Terms of reference", 1, level=2), Block("para", "The ToR.", 2),
              Block("heading", "Appendix IV – Budget", 3, level=2), Block("para", "Figures.", 4)]
    documents = annex_documents(blocks, "en", ImportRecord())
    assert [d["id"] for d, _ in documents] == ["ANXA", "ANXIV"]
    assert [annex_title(d, "en") for d, _ in documents] == ["Terms of reference", "Budget"]


def test_a_heading_the_report_did_not_number_under_annexes_is_an_annex_but_not_the_question_matrix():
    blocks = [Block("heading", "Evaluation questions", 1, level=3), Block("table", "EQ1", 2, rows=[["EQ1."]]),
              Block("heading", "Annex 4. Budget", 3, level=3), Block("para", "Figures.", 4),
              Block("heading", "4.1 Detail", 5, level=4), Block("para", "More.", 6),
              Block("heading", "Response to the mid-term", 7, level=3), Block("para", "Actions.", 8)]
    documents = annex_documents(blocks, "en", ImportRecord(), matrix_line=2)
    assert [d["id"] for d, _ in documents] == ["ANX4", "ANX-response-to-the-mid-term"]
    assert "4.1 Detail" in documents[0][1] and "More." in documents[0][1]
