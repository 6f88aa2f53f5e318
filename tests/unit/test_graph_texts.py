"""graph_texts: [[…]] that is no reference (look-alike, invisible, path), old_ids equal to a live ID,
texts past what the downloads hold; control characters where files are read."""

from helpers import checked, messages

CRITERIA = 'criteria:\n  - {id: C1, name: {en: "%s", fr: F}}\n  - {id: C2, name: {en: Two, fr: Deux}}\n'


def test_a_cyrillic_letter_in_a_reference_is_named_with_the_latin_spelling(tmp_path):
    warnings = messages(checked(tmp_path, {"c.yaml": CRITERIA % "See [[\u0421\u0032]]"}), "warning")
    assert any("content/c.yaml:2" in w and "reference.lookalike" in w and "U+0421 CYRILLIC CAPITAL LETTER ES" in w
               and "[[C2]]" in w for w in warnings), warnings


def test_an_invisible_character_in_a_reference_is_named(tmp_path):
    warnings = messages(checked(tmp_path, {"c.yaml": CRITERIA % "See [[C2\\u200b]] and [[\\u2067C2]]"}), "warning")
    assert any("U+200B ZERO WIDTH SPACE" in w and "retype it as [[C2]]" in w for w in warnings), warnings
    assert any("U+2067 RIGHT-TO-LEFT ISOLATE" in w for w in warnings), warnings


def test_a_path_in_brackets_is_no_reference_and_code_is_left_alone(tmp_path):
    warnings = messages(checked(tmp_path, {"c.yaml": CRITERIA % "See [[../../etc/passwd]] and `[[../x]]`"}),
                        "warning")
    assert [w for w in warnings if "reference.malformed" in w] == [
        w for w in warnings if "[[../../etc/passwd]] is not a reference" in w] != []
    assert not any("../x" in w for w in warnings)


def test_an_old_id_that_is_live_is_an_error(tmp_path):
    files = {"c.yaml": 'criteria:\n  - {id: C1, name: {en: A, fr: A}}\n  - id: C2\n    old_ids: [C1, C0]\n'
                       '    name: {en: B, fr: B}\n'}
    errors = messages(checked(tmp_path, files), "error")
    assert errors == ["content/c.yaml:4: error [C2] id.old_id_live: old_ids of C2 names 'C1', the ID of the criterion "
                      "C1 (remove it from old_ids: an old ID is one no item has any more)"]


def test_a_text_past_a_spreadsheet_cell_and_a_title_past_a_word_property_are_warnings(tmp_path):
    files = {"c.yaml": CRITERIA % ("x" * 33_000),
             "l.yaml": f'lessons:\n  - id: L1\n    title: {{en: "{"t" * 260}", fr: T}}\n'}
    warnings = messages(checked(tmp_path, files), "warning")
    assert any("content/c.yaml:2" in w and "text.too_long_for_cell" in w for w in warnings), warnings
    assert any("content/l.yaml:3" in w and "text.too_long_for_template" in w and "[L1]" in w for w in warnings)


def test_a_control_character_is_refused_at_its_line(tmp_path):
    errors = messages(checked(tmp_path, {"c.yaml": CRITERIA % "bell\\x07"}), "error")
    assert any(e.startswith("content/c.yaml:2:") and "text.control_character" in e and "U+0007" in e
               for e in errors), errors
    (tmp_path / "raw").mkdir()
    errors = messages(checked(tmp_path / "raw", {"c.yaml": CRITERIA % "form\x0cfeed"}), "error")
    assert any(e.startswith("content/c.yaml:2") and "U+000C" in e for e in errors), errors


def test_an_interface_text_with_other_placeholders_is_an_error_at_its_line(tmp_path):
    config = "languages: [en, fr]\nvocabulary:\n  fr:\n    draft_banner: \"BROUILLON {ronde}\"\n    home: Accueil\n"
    errors = messages(checked(tmp_path, {}, config), "error")
    assert errors == ["reportgen.yml:4: error interface.placeholder: interface text 'draft_banner' (fr) has {ronde}; its "
                      "placeholders are: {round} (write the placeholders as the built-in text does: they are names, "
                      "not words to translate)"]
    (tmp_path / "own" / "templates" / "i18n").mkdir(parents=True)
    (tmp_path / "own" / "templates" / "i18n" / "en.yaml").write_text("draft_mark: \"{round} {x\"\n", encoding="utf-8")
    errors = messages(checked(tmp_path / "own", {}, "languages: [en, fr]\n"), "error")
    assert any(e.startswith("templates/i18n/en.yaml:1") and "braces that do not close" in e for e in errors), errors


def test_site_url_must_be_a_web_address(tmp_path):
    errors = messages(checked(tmp_path, {}, "languages: [en, fr]\nsite_url: \"<img src=x>\"\n"), "error")
    assert any(e.startswith("reportgen.yml:2") and "config.site_url" in e for e in errors), errors
    assert messages(checked(tmp_path / "ok", {}, "languages: [en, fr]\nsite_url: https://example.org/x/\n"),
                    "error") == []


def test_an_id_with_a_lookalike_letter_names_it(tmp_path):
    errors = messages(checked(tmp_path, {"c.yaml": 'criteria:\n  - {id: "\u04212", name: {en: A, fr: A}}\n'}), "error")
    assert any("id.invalid" in e and "it holds U+0421 CYRILLIC CAPITAL LETTER ES" in e for e in errors), errors
