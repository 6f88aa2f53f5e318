"""review/anchors.py: quoted words found in the model's texts, whatever Word did to them."""

from __future__ import annotations

from helpers import checked

from reportgen.review.anchors import Place, QuoteIndex, normalise, paragraphs


def test_normalise_makes_word_and_markdown_text_comparable():
    assert normalise("L\u2019OIT  a dit\u00a0: \u00ab\u00a0oui\u00a0\u00bb \u2014 **enfin**") == \
        normalise("l'OIT a dit : \"oui\" - enfin")
    assert normalise("Ligne\nsuivante") == "ligne suivante"
    assert normalise("92 %, (véase C1).") == "92 % véase c1"


def test_paragraphs_keep_the_reports_numbers():
    assert [n for n, _ in paragraphs("Intro.\n\n85. Numbered.\n\nThird.")] == [1, 85, 3]
    assert paragraphs("") == []


def test_quotes_in_any_language_find_their_item_and_paragraph(tmp_path):
    graph = checked(tmp_path, {"recommendations.yaml": """\
        recommendations:
          - id: R1
            text: {en: "The *project* should [[R2]] build on\\n\\n12. what worked in the north.", fr: "Le projet doit s\u2019appuyer."}
          - id: R2
            text: {en: "What worked elsewhere.", fr: "Ce qui a marché."}
        """}).graph
    index = QuoteIndex(graph)
    assert index.find("the project should R2 build").place.target == "R1"
    assert (index.find("what  worked in the\nnorth").place.target, index.find("worked in the north").place.paragraph) \
        == ("R1", 12)
    assert index.find("Le projet doit s'appuyer").place.target == "R1"   # the typographic apostrophe
    ambiguous = index.find("what worked")
    assert ambiguous.place is None and set(ambiguous.candidates) == {"R1", "R2"}
    assert index.find("the").place is None                                # too short to tell
    assert index.find("nowhere in this report").candidates == ()


PROTOCOLS = {"recommendations.yaml": """\
    recommendations:
      - id: R1
        text: {en: "Strengthen the protocols.", fr: "Un."}
      - id: R2
        text: {en: "A protocol for all.", fr: "Deux."}
    """}


def test_whole_words_first_then_parts_of_words(tmp_path):
    graph = checked(tmp_path, PROTOCOLS).graph
    index = QuoteIndex(graph)
    assert index.find("protocol").place.target == "R2"        # the word, not a part of "protocols"
    assert index.find("rengthen the").place.target == "R1"    # a selection that cut a word


def test_a_place_no_longer_in_the_report_falls_back_to_the_quote(tmp_path):
    from reportgen.review.anchors import check_places
    from reportgen.review.incoming import IncomingComment

    graph = checked(tmp_path, PROTOCOLS).graph
    comments = [IncomingComment("a#c1", "Org", "x", target="R9", quote="protocol for all"),
                IncomingComment("a#c2", "Org", "y", target="R9", quote="words nobody wrote"),
                IncomingComment("a#c3", "Org", "z", target="R1"),
                IncomingComment("a#c4", "Org", "w", target="page:summary"),
                IncomingComment("a#c5", "Org", "v", target="page:nowhere")]
    placed = check_places(comments, graph, QuoteIndex(graph))
    assert (placed[0].target, placed[0].placed_by) == ("R2", "quote")
    assert (placed[1].target, placed[1].missing_target) == (None, "R9")
    assert [p.target for p in placed[2:]] == ["R1", "page:summary", None]


def test_a_report_that_numbers_its_paragraphs_names_only_those(tmp_path):
    assert [n for n, _ in paragraphs("Intro.\n\n85. Numbered.\n\nThird.", numbered_only=True)] == [None, 85, None]
    graph = checked(tmp_path, {"recommendations.yaml": """\
        recommendations:
          - id: R1
            text: {en: "An opening paragraph.\\n\\n12. A numbered one.", fr: "Un."}
        """}, config="languages: [en, fr]\nnumbered_paragraphs: true\n").graph
    index = QuoteIndex(graph)
    assert index.find("opening paragraph").place.paragraph is None
    assert index.find("numbered one").place.paragraph == 12


REPEATED = {"recommendations.yaml": """\
    recommendations:
      - id: R1
        title: {en: Strengthen the network}
        text: {en: "Strengthen the network of shelters in the north."}
      - id: R2
        title: {en: Fund the protocols}
        text: {en: "Fund the protocols of the shelters in the north."}
    conclusions:
      - id: C1
        text: {en: "The network of shelters in the north grew.\\n\\n## Next steps\\n\\nStrengthen the network of shelters in the north."}
    """}


def test_the_paragraph_then_the_heading_tell_apart_a_quote_found_in_several_items(tmp_path):
    index = QuoteIndex(checked(tmp_path, REPEATED).graph)
    assert set(index.find("shelters in the north").candidates) == {"R1", "R2", "C1"}
    # the words of the paragraph it was marked in are in R2 only
    assert index.find("shelters in the north", "Fund the protocols of the shelters in the north.").place.target == "R2"
    # the paragraph is word for word in R1 and C1: the heading above it decides, with or without its label
    same = "Strengthen the network of shelters in the north."
    assert index.find("shelters in the north", same, "R1. Strengthen the network").place.target == "R1"
    assert index.find("shelters in the north", same, "Next steps").place == Place("C1", 3)
    # nothing tells them apart: still the candidates, for a person to choose
    unresolved = index.find("shelters in the north", same, "Annex 2")
    assert unresolved.place is None and set(unresolved.candidates) == {"R1", "C1"}
