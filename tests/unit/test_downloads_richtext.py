"""Markdown as blocks of runs: the plain view (ILO templates) and the rich one (the Word report)."""

from __future__ import annotations

from reportgen.downloads.richtext import blocks, rich

TEXT = ("Texto[^1] **negrita** *cursiva* [[C2]] [web](https://example.org)\n\n[[table:t1]]\n\n### Título\n\n"
        "- uno\n- dos\n\n| a | b |\n|---|---|\n| 1 | [[R1]] |\n\n[^1]: Una nota con *énfasis*.\n")


def test_plain_blocks_keep_the_words_only():
    found = blocks(TEXT)
    assert found[0].text == "Texto negrita cursiva C2 web"
    assert [run.text for run in found[0].runs if run.bold] == ["negrita"]
    assert [run.text for run in found[0].runs if run.italic] == ["cursiva"]
    assert found[-1].text == "Una nota con énfasis."  # footnote bodies come last
    assert any(block.text == "a | b" for block in found)
    assert all(run.link is None and run.ref is None for block in found for run in block.runs)


def test_rich_blocks_keep_links_references_embeds_and_footnotes_apart():
    parsed = rich(TEXT)
    first = parsed.blocks[0]
    assert [(r.text, r.note) for r in first.runs if r.note is not None] == [("", 0)]
    assert [r.ref for r in first.runs if r.ref] == ["C2"]
    assert [r.link for r in first.runs if r.link] == ["https://example.org"]
    assert parsed.blocks[1].embed == "table:t1" and not parsed.blocks[1].runs
    assert parsed.blocks[2].heading == 3
    assert [b.list_kind for b in parsed.blocks[3:5]] == ["bullet", "bullet"]
    header, row = parsed.blocks[5:7]
    assert header.header and not row.header and row.cells[1][0].ref == "R1"
    assert [run.text for run in parsed.notes[0][0].runs] == ["Una nota con ", "énfasis", "."]
    assert rich("").blocks == [] and rich("   \n").notes == {}
