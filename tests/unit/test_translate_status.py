"""Translated / fuzzy / missing per item type, from the texts and the fingerprints."""

from reportgen.translate.sidecar import fingerprint, sidecar_text
from reportgen.translate.status import count_states, status_table, unit_state
from reportgen.translate.units import Unit, YamlText

import yaml


def unit(context, kind, source, translation):
    return Unit(context, kind, "", source, translation, "x.yaml:1", YamlText(None, ()))


UNITS = [
    unit("H1.text", "finding", "uno", "one"),
    unit("H2.text", "finding", "dos (editado)", "two"),
    unit("H3.text", "finding", "tres", None),
    unit("C1.text", "conclusion", "cuatro", "  "),
    unit("X1.label", "zeta_kind", "cinco", "five"),
]
FINGERPRINTS = {"H1.text": fingerprint("uno"), "H2.text": fingerprint("dos")}


def test_states():
    assert [unit_state(u, FINGERPRINTS) for u in UNITS] == ["translated", "fuzzy", "missing", "missing", "translated"]


def test_a_translation_without_a_recorded_fingerprint_counts_as_translated():
    assert unit_state(UNITS[4], {}) == "translated"


def test_fingerprints_ignore_unicode_normal_form_and_surrounding_space():
    assert fingerprint("evaluación") == fingerprint("evaluacio\u0301n ") != fingerprint("evaluacion")


def test_table_per_type_in_report_order_with_totals():
    table = status_table("en", "es", count_states(UNITS, FINGERPRINTS))
    lines = table.split("\n")
    assert lines[0] == "en (translated from es)"
    assert lines[1].split() == ["type", "translated", "fuzzy", "missing", "total"]
    assert [line.split() for line in lines[2:5]] == [
        ["finding", "1", "1", "1", "3"], ["conclusion", "0", "0", "1", "1"], ["zeta", "kind", "1", "0", "0", "1"]]
    assert lines[-1].split() == ["all", "2", "1", "2", "5"]


def test_sidecar_text_is_sorted_yaml_with_a_header():
    text = sidecar_text({"b": "2", "a": "1"})
    assert text.startswith("# Written by 'reportgen translate import'")
    assert yaml.safe_load(text) == {"a": "1", "b": "2"}
    assert text.index("a: ") < text.index("b: ")
