"""Line-precise YAML edits: only the changed value's lines change, and the file reads back right."""

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from reportgen.translate.yamledit import EditError, TextEdit, apply_edits, render

SOURCE = """\
# A comment that must survive
a:
  es: |-
    línea uno
    línea dos
  en: |
    old

  fr: >-
    plié
    texte
b: {es: "q", en: 'r', fr: plain}   # trailing comment
c:
  es: plain value
  en:
  fr: ~
items:
  - id: X
    text:
      es: x   # comment after a value
single: {es: solo}
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("edit, diff", [
    (TextEdit(("b",), "en", "it's"), ["-b: {es: \"q\", en: 'r', fr: plain}   # trailing comment",
                                      "+b: {es: \"q\", en: 'it''s', fr: plain}   # trailing comment"]),
    (TextEdit(("b",), "fr", "a, b"), ["-b: {es: \"q\", en: 'r', fr: plain}   # trailing comment",
                                      "+b: {es: \"q\", en: 'r', fr: \"a, b\"}   # trailing comment"]),
    (TextEdit(("c",), "en", "filled"), ["-  en:", "+  en: filled"]),
    (TextEdit(("c",), "fr", "true"), ["-  fr: ~", '+  fr: "true"']),
    (TextEdit(("a",), "es", "nueva\nlínea"), ["-    línea uno", "-    línea dos", "+    nueva", "+    línea"]),
    (TextEdit(("items", 0, "text"), "en", "x # not a comment"), ['+      en: "x # not a comment"']),
    (TextEdit(("single",), "en", "solo EN"), ["-single: {es: solo}", "+single: {es: solo, en: solo EN}"]),
])
def test_one_edit_changes_only_its_value(edit, diff):
    after = apply_edits(SOURCE, [edit])
    assert changed_lines(SOURCE, after) == diff
    expected = yaml.safe_load(SOURCE)
    target = expected
    for part in edit.location:
        target = target[part]
    target[edit.lang] = edit.value
    assert yaml.safe_load(after) == expected


def test_block_scalars_keep_their_indentation_and_the_blank_line_after_them():
    after = apply_edits(SOURCE, [TextEdit(("a",), "en", "new")])
    assert "  en: |-\n    new\n\n  fr: >-" in after


def test_a_missing_language_is_added_below_a_block_scalar():
    text = "t:\n  es: |-\n    uno\n    dos\nnext: 1\n"
    after = apply_edits(text, [TextEdit(("t",), "en", "one\ntwo")])
    assert after == "t:\n  es: |-\n    uno\n    dos\n  en: |-\n    one\n    two\nnext: 1\n"


def test_several_edits_in_one_file():
    after = apply_edits(SOURCE, [TextEdit(("b",), "en", "R"), TextEdit(("c",), "en", "C"),
                                 TextEdit(("single",), "en", "S")])
    data = yaml.safe_load(after)
    assert (data["b"]["en"], data["c"]["en"], data["single"]["en"]) == ("R", "C", "S")
    assert len(changed_lines(SOURCE, after)) == 6


@pytest.mark.parametrize("value", ["", " leading space", "ends with colon:", "- dash", "@at", "null", "1.5",
                                   "quote \" and \\ backslash", "tab\there", "line\u2028separator", "a: b",
                                   "{braces}", "#hash", "two\n\nparagraphs\n"])
@pytest.mark.parametrize("style", ["", "'", '"', "|"])
def test_rendered_values_read_back_exactly(value, style):
    for flow in (False, True):
        scalar = render(value, style, 2, flow)
        document = f"{{k: {scalar}}}" if flow else f"k: {scalar}\n"
        assert yaml.safe_load(document) == {"k": value}, (style, flow, scalar)


def test_a_value_that_is_not_a_text_is_refused():
    with pytest.raises(EditError):
        apply_edits("t:\n  es: x\n  en: [a, b]\n", [TextEdit(("t",), "en", "y")])
    with pytest.raises(EditError):
        apply_edits("t:\n  es: x\n", [TextEdit(("missing",), "en", "y")])


def test_an_aliased_text_is_refused_rather_than_changed_twice():
    text = "a: &shared {es: x, en: y}\nb: *shared\n"
    with pytest.raises(EditError):
        apply_edits(text, [TextEdit(("b",), "en", "z")])


def test_a_text_inside_an_aliased_item_is_refused():
    text = "a: &item\n  title: {es: x, en: y}\nb: *item\n"
    with pytest.raises(EditError):
        apply_edits(text, [TextEdit(("a", "title"), "en", "z")])
    assert apply_edits("a: {es: x, en: y}\n", [TextEdit(("a",), "en", "z")]) == "a: {es: x, en: z}\n"


LAYOUTS = [
    "t:\n  es: x\n  en: plain\nnext: 1\n",
    "t: {es: x, en: 'single'}\nnext: 1\n",
    't:\n  es: x\n  en: "double"\nnext: 1\n',
    "t:\n  es: x\n  en: |-\n    literal\n    block\n\nnext: 1\n",
    "t:\n  es: x\n  en: >\n    folded\nnext: 1\n",
    "t:\n  es: x\nnext: 1\n",
    "t: {es: x}\nnext: 1\n",
    "t:\n  es: x\n  en:\nnext: 1\n",
    "- id: A\n  t:\n    es: |-\n      x\n- id: B\n",
]


@settings(max_examples=300, deadline=None)
@given(value=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"),
                     max_size=60),
       layout=st.sampled_from(LAYOUTS))
def test_any_text_is_written_so_that_it_reads_back_exactly(value, layout):
    location = (0, "t") if layout.startswith("- id") else ("t",)
    try:
        after = apply_edits(layout, [TextEdit(location, "en", value)])
    except EditError:
        pytest.fail(f"refused {value!r}")
    data = yaml.safe_load(after)
    target = data[0]["t"] if location[0] == 0 else data["t"]
    assert target == {"es": "x", "en": value}
    untouched = [line for line in layout.split("\n") if line.startswith(("next", "- id: B", "  es: x"))]
    assert all(line in after.split("\n") for line in untouched)
