from reportgen.acronyms import acronyms_in, definition_in, unlisted_acronyms


def test_acronyms_in_text():
    found = [term for term, _ in acronyms_in("The MIMP, J-TIP and LGTBIQ+ met in Lima (Phase II); USD 5 million.")]
    assert found == ["MIMP", "J-TIP", "LGTBIQ+"]


def test_a_line_in_capitals_is_a_heading_not_acronyms():
    assert acronyms_in("MAIN FINDINGS AND CONCLUSIONS OF THE EVALUATION") == []


def test_spanish_plural_abbreviations_are_not_acronyms():
    assert acronyms_in("Embajada de EE. UU. en Lima") == []


def test_definitions():
    assert definition_in("the Key Performance Indicators (KPI) of", "KPI") == "Key Performance Indicators"
    assert definition_in("el Ministerio de la Mujer y Poblaciones Vulnerables (MIMP) y", "MIMP") == \
        "Ministerio de la Mujer y Poblaciones Vulnerables"
    assert definition_in("no definition of CAR here", "CAR") is None


def test_unlisted_counts_and_first_place():
    found = unlisted_acronyms([("CAR and OIT", "a.yaml", 3), ("more CAR\nand CAR", "b.md", 1)], {"OIT"})
    assert [(f.term, f.count, f.first_file, f.first_line) for f in found] == [("CAR", 3, "a.yaml", 3)]
