"""Markdown files cut into blocks and put back together exactly."""

from pathlib import Path

import pytest

from reportgen.translate import paragraphs

CONTENT = Path(__file__).resolve().parents[2] / "content"

SAMPLES = [
    "",
    "one line, no newline",
    "a\n\nb\n",
    "\n\nleading blanks\n\n\ntrailing blanks\n\n\n",
    "## Heading\n\nText[^1] with a footnote.\n\n[^1]: The note,\n    continued.\n",
    "- item\n\n  continued item\n\n- next\n",
    "```\ncode\n\nwith a blank line\n```\n\nafter\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n[[table:budget-extensions]]\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_split_then_join_gives_the_same_text(text):
    assert paragraphs.split(text).join() == text


def test_blocks_and_their_shapes():
    layout = paragraphs.split(SAMPLES[4] + "\n" + SAMPLES[7])
    assert layout.blocks[0] == "## Heading"
    assert layout.blocks[2] == "[^1]: The note,\n    continued."
    assert paragraphs.shapes(layout) == ["h2", "paragraph", "footnote:1", "table", "embed:[[table:budget-extensions]]"]


def test_indented_continuations_and_fenced_blank_lines_stay_in_their_block():
    assert paragraphs.split(SAMPLES[5]).blocks == ("- item\n\n  continued item", "- next")
    assert paragraphs.split(SAMPLES[6]).blocks == ("```\ncode\n\nwith a blank line\n```", "after")


def test_replacing_one_block_changes_only_its_lines():
    text = "first\n\nsecond\nstill second\n\n\nthird\n"
    layout = paragraphs.split(text)
    changed = layout.with_blocks([layout.blocks[0], "SECOND", layout.blocks[2]]).join()
    assert changed == "first\n\nSECOND\n\n\nthird\n"


def test_block_lines_are_the_lines_in_the_file():
    layout = paragraphs.split("\nfirst\n\nsecond\nmore\n\nthird")
    assert [paragraphs.block_line(layout, i) for i in range(3)] == [2, 4, 7]


def test_embeds_code_and_rules_are_not_translated():
    assert not paragraphs.translatable("[[chart:budget-components]]")
    assert not paragraphs.translatable("```\nprint('x')\n```")
    assert not paragraphs.translatable("---")
    assert paragraphs.translatable("**Tabla 4.** Respuesta")


def test_bundled_narratives_mirror_their_spanish_except_the_english_summary():
    mirrored = []
    for original in sorted(CONTENT.rglob("*.es.md")):
        translation = original.with_name(original.name.replace(".es.md", ".en.md"))
        es = paragraphs.split(original.read_text(encoding="utf-8"))
        en = paragraphs.split(translation.read_text(encoding="utf-8"))
        assert es.join() == original.read_text(encoding="utf-8")
        mirrored.append((original.name, paragraphs.mirrors(es, en)))
    assert [name for name, ok in mirrored if not ok] == ["summary.es.md"]
    assert len(mirrored) == 24
