"""reportgen.content.yamlfile: limits that speak before libyaml, aliases, YAML surprises."""

from __future__ import annotations

import pytest

from reportgen.content.yamlfile import MAX_DEPTH, _depth_bound, load_yaml
from reportgen.errors import ContentError


def load(tmp_path, text):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "content/f.yaml")


def problems(tmp_path, text) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(tmp_path, text)
    return [p.format() for p in caught.value.problems]


@pytest.mark.parametrize("text", ["a: " + "[" * 2000 + "]" * 2000 + "\n",
                                  "a:\n" + "".join("  " * i + "- \n" for i in range(1, 100)),
                                  "a: " + "{b: " * 70 + "c" + "}" * 70 + "\n"])
def test_nesting_over_the_limit_is_refused_by_reportgen(tmp_path, text):
    (message,) = problems(tmp_path, text)
    assert message.startswith("content/f.yaml:")
    assert message.endswith(f": error: nested more than {MAX_DEPTH} levels deep (content files are lists of "
                            "items with a few levels of fields)")


def test_the_depth_bound_is_cheap_and_never_below_the_real_depth():
    assert _depth_bound("a:\n  b:\n    - [1, [2]]\n") >= 4
    assert _depth_bound("a: 1\n") <= 3


def test_aliases_that_multiply_text_are_refused_with_the_figures(tmp_path):
    big = "x" * 99_000
    text = f"a: &t \"{big}\"\nb: [" + ", ".join(["*t"] * 100) + "]\n"
    (message,) = problems(tmp_path, text)
    assert "content/f.yaml:1: error: aliases (*name) expand this 97 KB file to over 4." in message
    assert "write each text once" in message


def test_a_huge_file_without_aliases_is_not_told_its_aliases_are_nested(tmp_path, monkeypatch):
    monkeypatch.setattr("reportgen.content.yamlfile.MAX_NODES", 1000)
    (message,) = problems(tmp_path, "a: [" + ", ".join(["R&D"] * 2000) + "]\n")
    assert "file holds over 1,000 values" in message and "split it" in message and "alias" not in message


def test_dates_booleans_and_infinities_are_reported_once_and_the_file_still_loads(tmp_path):
    doc = load(tmp_path, "date: 2024-12-05\nflag: no\nn: .inf\nok: text\n")
    assert doc.data == {"date": "2024-12-05", "flag": False, "n": None, "ok": "text"}
    assert [p.message.split(",")[0] for p in doc.problems] == [
        "the date 2024-12-05 is not quoted", "'.inf' is not a number reportgen accepts (infinite or not-a-number)"]
    assert doc.flagged == {("date",), ("n",)} and doc.raw == {("flag",): "no"}


def test_a_loaded_document_keeps_none_of_its_yaml_nodes(tmp_path, monkeypatch):
    """`serve` loads every file on every reload: nothing may hold the composed nodes afterwards.

    (A module-level PyYAML constructor once remembered every scalar node it had read, and the
    preview grew by the size of the content on each reload.)"""
    import gc
    import weakref

    import yaml

    from reportgen.content import yamlfile

    composed = []
    real_compose = yaml.compose

    def compose(*args, **kwargs):
        node = real_compose(*args, **kwargs)
        composed.append(weakref.ref(node))
        composed.extend(weakref.ref(value) for _, value in node.value)
        return node

    monkeypatch.setattr(yamlfile.yaml, "compose", compose)
    for _ in range(3):
        assert load(tmp_path, "title: A finding\nyear: 2024\nfinal: true\n").data["year"] == 2024
    gc.collect()
    assert len(composed) == 12 and not [ref for ref in composed if ref() is not None]
