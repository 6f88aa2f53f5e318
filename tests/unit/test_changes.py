"""changes.py: paragraph-level comparison and per-language listing."""

from reportgen.changes import ChangeSet, FieldChange, ItemChange, block_diff

BEFORE = "# Title\n\nOne two.\n\nThree four.\n\nFive six.\n\nSeven eight.\n\nNine ten[^1]."
AFTER = "# Title\n\nOne two.\n\nThree four.\n\nFive and six.\n\nSeven eight.\n\nNine ten[^1].\n\nEleven."


def test_only_changed_paragraphs_with_one_neighbour_are_kept():
    blocks = block_diff(BEFORE, AFTER)
    assert [b.kind for b in blocks] == ["…", "=", "~", "=", "=", "+"]
    changed = blocks[2]
    assert changed.words == [("=", "Five "), ("+", "and "), ("=", "six.")]
    assert blocks[4].words == [("=", "Nine ten.")]  # the footnote marker is not a word
    assert blocks[5].words == [("+", "Eleven.")]


def test_headings_stay_headings():
    blocks = block_diff("# A\n\ntext", "# B\n\ntext")
    assert blocks[0].heading and blocks[0].kind == "~"


def test_a_change_in_one_language_is_listed_in_that_language_only():
    text = FieldChange("text", True, {"es": "uno", "en": "one"}, {"es": "uno", "en": "one!"})
    links = FieldChange("conclusions", False, ["C1"], ["C2"])
    changes = ChangeSet("round-1", [
        ItemChange("H1", "finding", "modified", fields=[text]),
        ItemChange("R1", "recommendation", "modified", fields=[text, links]),
        ItemChange("R9", "recommendation", "added"),
    ])
    spanish = changes.in_language("es")
    assert [c.id for c in spanish.changes] == ["R1", "R9"]
    assert [f.name for f in spanish.changes[0].fields] == ["conclusions"]
    assert [c.id for c in changes.in_language("en").changes] == ["H1", "R1", "R9"]
    assert spanish.counts() == [("recommendation", {"added": 1, "modified": 1, "removed": 0})]


def test_word_diff_keeps_punctuation_apart_from_words():
    from reportgen.changes import word_diff

    assert word_diff("Madre de Dios, Puno y Puno, Loreto", "Madre de Dios, Puno y Loreto,") == [
        ("=", "Madre de Dios, Puno y "), ("-", "Puno"), ("+", "Loreto"), ("=", ","), ("-", " Loreto")]
    # Words keep what is inside them: codes, numbers, hyphenated names.
    assert word_diff("USD 7,940,000 (J-TIP) SPE13.1.", "USD 8,000,000 (J-TIP) SPE13.1.") == [
        ("=", "USD "), ("-", "7,940,000"), ("+", "8,000,000"), ("=", " (J-TIP) SPE13.1.")]


def test_errors_of_an_old_revision_are_named_as_coming_from_it(tmp_path):
    import subprocess
    from types import SimpleNamespace

    import pytest

    from reportgen.changes import load_baseline
    from reportgen.errors import ContentError

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "evaluation.yaml").write_text("evaluation: {}\n", encoding="utf-8")
    def git(*args):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-C", str(tmp_path), *args],
                       check=True, capture_output=True)
    git("init", "-q")
    git("add", "content")
    git("commit", "-q", "-m", "v1")

    def broken(folder):
        raise ContentError.single(folder / "evaluation.yaml", 1, "no title", code="config.invalid")

    project = SimpleNamespace(root=tmp_path, content_dir=tmp_path / "content")
    with pytest.raises(ContentError) as caught:
        load_baseline(project, "HEAD", broken)
    problem = caught.value.problems[0]
    assert problem.file == "HEAD:content/evaluation.yaml"
    assert problem.message.startswith("in revision HEAD (the --since baseline): no title")
    assert "old revision" in problem.hint
