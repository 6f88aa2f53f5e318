"""Property: the debris repair damages nothing. Random inline Markdown (emphasis, links, autolinks,
footnote references, bare "&" and "<", punctuation) goes through `inline()` and `clean()` and comes
out with the same inline structure, token for token (markdown-it-py with footnotes)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from reportgen.importer.debris import clean, inline

_MD = MarkdownIt("commonmark").use(footnote_plugin)
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)

_word = st.sampled_from(["M&E", "evaluación", "ILO", "a", "R&D", "x<y", "3 < 4", "AT&T", "Conclusion 1",
                         "outputs", "1.2.3", "&", "<", "«cita»", "“sí”", "50 %", "Perú"])
_punct = st.sampled_from([".", ",", ":", ";", "!", "?", ")", "(", "—", "…"])
_url = st.sampled_from(["https://www.ilo.org/eval", "https://a.org/x?b=1&c=2", "http://example.org/a_b"])


@st.composite
def _span(draw) -> str:
    kind = draw(st.sampled_from(["word", "word", "bold", "italic", "link", "autolink", "ref", "labelled"]))
    word = draw(_word)
    if kind == "bold":
        return f"**{word}{draw(st.sampled_from(['', ':', '.']))}**"
    if kind == "italic":
        return f"*{word}*"
    if kind == "link":
        return f"[{word}]({draw(_url)})"
    if kind == "autolink":
        return f"<{draw(_url)}>"
    if kind == "ref":
        return f"[^{draw(st.integers(1, 200))}]"
    if kind == "labelled":  # "**Conclusion 1:** The M&E system"
        return f"**{word}{draw(_punct)}**"
    return word


@st.composite
def _inline_markdown(draw) -> str:
    parts = [draw(st.sampled_from(["El", "The", "Le"]))]
    for span in draw(st.lists(_span(), min_size=1, max_size=8)):
        parts.append(draw(st.sampled_from([" ", " ", ""])) if span[0] in ".,:;!?)" else " ")
        parts.append(span)
        if draw(st.booleans()):
            parts.append(draw(_punct))
    return "".join(parts)


def _structure(text: str) -> list[tuple]:
    tokens = _MD.parse(text)
    out = []
    for token in tokens:
        for child in token.children or [token]:
            content = " ".join(child.content.split()) if child.type in ("text", "code_inline") else ""
            out.append((child.type, child.tag, child.markup, content, tuple(sorted((child.attrs or {}).items()))))
    return out


@SETTINGS
@given(_inline_markdown())
@example("1. **Conclusion 1:** The M&E system was weak.")
@example("Véase <https://www.ilo.org/eval> & anexos.")
def test_inline_keeps_the_inline_structure(text):
    assert _structure(inline(text)) == _structure(text)


@SETTINGS
@given(_inline_markdown())
def test_clean_keeps_a_paragraph_whole(text):
    blocks = clean(text.split("\n")).blocks
    assert [b.kind for b in blocks] == ["para"]
    assert _structure(blocks[0].text) == _structure(text)
