"""reportgen.content.yamlfile: limits that speak before libyaml, aliases, YAML surprises."""

from __future__ import annotations

import tracemalloc

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
    assert message.endswith(f": error yaml.too_deep: nested more than {MAX_DEPTH} levels deep (content files are lists of "
                            "items with a few levels of fields)")


def test_the_depth_bound_is_cheap_and_never_below_the_real_depth():
    assert _depth_bound("a:\n  b:\n    - [1, [2]]\n") >= 4
    assert _depth_bound("a: 1\n") <= 3


def test_aliases_that_multiply_text_are_refused_with_the_figures(tmp_path):
    big = "x" * 99_000
    text = f"a: &t \"{big}\"\nb: [" + ", ".join(["*t"] * 100) + "]\n"
    (message,) = problems(tmp_path, text)
    assert "content/f.yaml:1: error yaml.too_large: aliases (*name) expand this 97 KB file to over 4." in message
    assert "write each text once" in message


def billion_laughs(levels: int = 10) -> str:
    """9 aliases per level: `levels` levels expand to 9**levels strings (3.5 billion for 10)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_without_building_its_expansion(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(ContentError) as caught:
            load_yaml(path, "content/f.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.format() for p in caught.value.problems] == [
        "content/f.yaml:1: error yaml.too_large: aliases (*name) expand this file to too many nodes: over 1,000,000 values "
        "(remove the nested aliases or write the items out)"]
    # Building the first million values of the expansion took over 200 MB; the counting needs a few KB.
    assert peak < 2 * 1024 * 1024, f"peak {peak / 1024:.0f} KB"


def test_the_refusal_names_the_value_and_figures_a_full_expansion_reaches(tmp_path, monkeypatch):
    """Counting skips what fits and stops where expanding would: in the second *p, at *t2 (line 2)."""
    monkeypatch.setattr("reportgen.content.yamlfile.MAX_EXPANDED_CHARS", 10_000)
    text = f"t1: &t1 {'x' * 1000}\nt2: &t2 {'y' * 3000}\np: &p [*t1, *t2]\nq: [*p, *p, *p, *p]\n"
    # 1,000 + 3,000 (t1, t2) + 4,000 (p) + 4,000 (q's first *p) + 1,000 = 13,000 is within 4,055 + 10,000;
    # the next 3,000 is not.
    (message,) = problems(tmp_path, text)
    assert message == ("content/f.yaml:2: error yaml.too_large: aliases (*name) expand this 3 KB file to over 15 KB of text "
                       "(at most 9 KB more than the file itself) (write each text once instead of repeating "
                       "it through an alias)")


def test_a_mistake_inside_an_aliased_bomb_is_reported_once_with_the_others(tmp_path):
    text = "z: 1\nz: 2\n" + billion_laughs().replace('"lol"', "!!binary aGk=", 1) + "after: {k: 1, k: 2}\n"
    assert [m.split(": ", 2)[2][:40] for m in problems(tmp_path, text)] == [
        "duplicate key 'z' (first at line 1) (YAM",
        "aliases (*name) expand this file to too ",
        "YAML tag 'tag:yaml.org,2002:binary' is n",
        "duplicate key 'k' (first at line 13) (YA"]


def test_aliases_within_the_limits_are_expanded_as_written(tmp_path):
    doc = load(tmp_path, "a: &a {x: 1, y: [2, 3]}\nb: &b [*a, *a]\nc: [*b, *b]\n")
    item = {"x": 1, "y": [2, 3]}
    assert doc.data == {"a": item, "b": [item, item], "c": [[item, item], [item, item]]}
    assert doc.data["c"][0][0] is not doc.data["a"]  # each alias is a copy: changing one changes no other
    assert doc.lines[("c", 1, 1, "y", 0)] == 1


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
