"""Rich text: numbered paragraphs, heading levels, the language fallback."""

from reportgen.content.schema import Text
from reportgen.render.pages import shift_headings
from reportgen.render.text import language_name, localized, number_paragraphs


def test_numbered_paragraphs_keep_their_number():
    text = "85. The project did.\nMore.\n\n86. Next.\n\n1. a list\n2. stays a list\n\nPlain."
    out = number_paragraphs(text)
    assert out.startswith('<span class="rg-para-number" id="para-85">85.</span> The project did.\nMore.')
    assert '<span class="rg-para-number" id="para-86">86.</span> Next.' in out
    assert "\n\n1. a list\n2. stays a list\n\nPlain." in out


def test_headings_keep_their_hierarchy_under_the_page():
    assert shift_headings("## A\n\n### B\n\ntext") == "### A\n\n#### B\n\ntext"
    assert shift_headings("### A\n\n#### B") == "### A\n\n#### B"
    assert shift_headings("# A\n\n## B", top=2) == "## A\n\n### B"
    assert shift_headings("#### deep\n\n###### deeper", top=5) == "##### deep\n\n###### deeper"
    assert shift_headings("no headings") == "no headings"


def test_localized_falls_back_to_the_original_language():
    text = Text.model_validate({"fr": "Bonjour", "en": None})
    assert localized(text, "en", "fr") == "Bonjour"
    assert localized(text, "fr", "fr") == "Bonjour"
    assert localized("plain", "en", "fr") == "plain"
    assert localized(None, "en", "fr") == ""


def test_language_names_in_the_reader_s_language():
    assert language_name("fr", "es") == "francés"
    assert language_name("es", "en") == "Spanish"
    assert language_name("xx", "en") == "xx"


def test_consecutive_numbered_lines_are_paragraphs_with_their_numbers():
    """How converted PDFs look: numbered paragraphs on consecutive lines, no blank line between."""
    out = number_paragraphs("50. The project.\n51. It did *well*.\ncontinued.\n52. Last.\n\n1. a list\n2. item")
    assert out.split("\n\n") == [
        '<span class="rg-para-number" id="para-50">50.</span> The project.',
        '<span class="rg-para-number" id="para-51">51.</span> It did *well*.\ncontinued.',
        '<span class="rg-para-number" id="para-52">52.</span> Last.',
        "1. a list\n2. item"]
    # A number inside a sentence's block that does not continue a run stays text.
    assert number_paragraphs("See table\n7. rows") == "See table\n7. rows"
    assert "para-" not in number_paragraphs("```\n50. code\n```")


def test_references_inside_code_are_text_as_check_reads_them():
    """`check` leaves `[[…]]` in code alone; the build did replace it (an unknown embed crashed it)."""
    from reportgen.render.text import render_text

    def embed(name):
        raise AssertionError(f"embed {name} asked for")
    body = "Use `[[chart:x]]` here.\n\n```\n[[table:t]]\n```\n\nSee [[C1]]."
    assert str(render_text(body, lambda target: f"<{target}>", embed)) == body.replace("[[C1]]", "<C1>")
