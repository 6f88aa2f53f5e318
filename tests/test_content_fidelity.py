"""The bundled evaluation (content/) against its sources.

1. Counts and completeness, read from the real `reportgen export json` output.
2. Fidelity: every Spanish text of the structured items is a word-for-word copy of
   seed 000 once both are normalised (see tests/fidelity.py).
3. Mappings: sections -> questions, recommendations -> conclusions / lessons.
"""

from __future__ import annotations

import json
import re

import pytest

import fidelity as fid
from conftest import run_cli

CRITERIA = ["relevance", "design", "coherence", "efficiency", "management",
            "effectiveness", "impact", "sustainability", "tripartism"]
QUESTIONS = [f"PE{n}" for n in range(1, 24)]
SUBQUESTIONS = ["SPE13.1", "SPE13.2", "SPE13.3"]
SECTIONS = [f"S{n}" for n in range(1, 23)]
FINDINGS = [f"H{n}" for n in range(1, 75)]
CONCLUSIONS = [f"C{n}" for n in range(1, 22)]
RECOMMENDATIONS = [f"R{n}" for n in range(1, 10)]
LESSONS = ["LA1", "LA2"]
GOOD_PRACTICES = [f"BP{n}" for n in range(1, 5)]

# Which key findings open which section (from seed 000, chapter "Principales Hallazgos").
SECTION_FINDINGS = {
    "S1": (1, 3), "S2": (4, 6), "S3": (7, 9), "S4": (10, 12), "S5": (13, 14),
    "S6": (15, 17), "S7": (18, 22), "S8": (23, 25), "S9": (26, 29), "S10": (30, 32),
    "S11": (33, 37), "S12": (38, 40), "S13": (41, 43), "S14": (44, 47), "S15": (48, 52),
    "S16": (53, 56), "S17": (57, 58), "S18": (59, 61), "S19": (62, 65), "S20": (66, 66),
    "S21": (67, 72), "S22": (73, 74),
}

# Table 1 of the report / domain.md: the criterion of each question.
QUESTION_CRITERION = {
    **{q: "relevance" for q in ("PE1", "PE2")},
    **{q: "design" for q in ("PE3", "PE4")},
    **{q: "coherence" for q in ("PE5", "PE6")},
    **{q: "efficiency" for q in ("PE7", "PE8")},
    **{q: "management" for q in ("PE9", "PE10", "PE11", "PE12")},
    **{q: "effectiveness" for q in ("PE13", "PE14", "PE15", *SUBQUESTIONS)},
    **{q: "impact" for q in ("PE16", "PE17")},
    **{q: "sustainability" for q in ("PE18", "PE19", "PE20", "PE21", "PE22")},
    "PE23": "tripartism",
}

LESSON_FIELDS = ["description", "context", "beneficiaries", "challenges", "successes",
                 "ilo_issues", "other"]
GOOD_PRACTICE_FIELDS = ["summary", "conditions", "cause_effect", "impact", "replication",
                        "upward_links", "other"]
REC_FIELDS = ["addressee_text", "priority_text", "resources_text", "timeframe_text"]
REC_LABELS = {  # field -> its label in the seed's small table under each recommendation
    "addressee_text": "Destinatario",
    "priority_text": "Nivel de prioridad",
    "resources_text": "Implicancia de recursos",
    "timeframe_text": "Plazo de implementación",
}

# Anchors in the normalised seed (chapter headings followed by their first words).
FINDINGS_CHAPTER = "Principales Hallazgos Pertinencia"
CONCLUSIONS_CHAPTER = "Conclusiones Las conclusiones de esta Evaluación"
LESSONS_CHAPTER = "Lecciones aprendidas Esta evaluación"
RECOMMENDATIONS_CHAPTER = "Recomendaciones El Proyecto Alianzas ha tenido"
ANNEXES = "Anexos Anexo 1"
SEED_TABLE1 = ("**Tabla 1. Preguntas de evaluación clasificadas por criterios**",
               "Como puede observarse")

# Transcription errors found in content/: {(item id, field): reason}. Each one is an
# expected failure (strict), so the test turns red once the content is corrected.
KNOWN_TRANSCRIPTION_ERRORS: dict[tuple[str, str], str] = {}


# --- the export ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def export() -> dict:
    result = run_cli("export", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def items(export) -> dict[str, dict]:
    return {item["id"]: item for item in export["items"]}


def of_type(export, kind: str) -> list[dict]:
    return [item for item in export["items"] if item["type"] == kind]


def ids_of(export, kind: str) -> list[str]:
    return [item["id"] for item in of_type(export, kind)]


def is_text(value) -> bool:
    return isinstance(value, dict) and set(value) == {"es", "en"}


def filled(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def seed() -> str:
    return fid.seed_normalised()


def anchor(text: str, start: int = 0) -> int:
    pos = seed().find(text, start)
    assert pos != -1, f"anchor not found in normalised seed 000: {text!r}"
    return pos


# === 1. counts and completeness =========================================================

def test_export_format(export):
    assert export["format"] == "reportgen/1"
    assert {"evaluation", "items", "glossary"} <= set(export)


def test_nine_criteria_in_order(export):
    assert ids_of(export, "criterion") == CRITERIA


def test_questions_and_subquestions(export, items):
    questions = of_type(export, "question")
    top = [q["id"] for q in questions if "parent" not in q]
    subs = [q["id"] for q in questions if "parent" in q]
    assert top == QUESTIONS
    assert subs == SUBQUESTIONS
    assert len(questions) == 26
    for sub in SUBQUESTIONS:
        assert items[sub]["type"] == "question"
        assert items[sub]["parent"] == "PE13"
    assert items["PE13"]["subquestions"] == SUBQUESTIONS
    for qid in QUESTIONS:
        if qid != "PE13":
            assert items[qid]["subquestions"] == [], qid


def test_question_criteria(items):
    for qid, criterion in QUESTION_CRITERION.items():
        assert items[qid]["criterion"] == criterion, qid


def test_22_sections(export, items):
    assert ids_of(export, "section") == SECTIONS
    assert [items[s]["number"] for s in SECTIONS] == [str(n) for n in range(1, 23)]  # labels


def test_74_findings_in_order_and_in_their_sections(export, items):
    assert ids_of(export, "finding") == FINDINGS
    for sid, (first, last) in SECTION_FINDINGS.items():
        expected = [f"H{n}" for n in range(first, last + 1)]
        assert items[sid]["findings"] == expected, sid
        for hid in expected:
            assert items[hid]["parent"] == sid, hid
    flat = [h for sid in SECTIONS for h in items[sid]["findings"]]
    assert flat == FINDINGS


def test_conclusions_recommendations_lessons_good_practices(export):
    assert ids_of(export, "conclusion") == CONCLUSIONS
    assert ids_of(export, "recommendation") == RECOMMENDATIONS
    assert ids_of(export, "lesson") == LESSONS
    assert ids_of(export, "good_practice") == GOOD_PRACTICES


@pytest.mark.parametrize("rid", RECOMMENDATIONS)
def test_recommendation_fields_complete(items, rid):
    rec = items[rid]
    assert rec["addressees"], f"{rid}: no addressees"
    for addressee in rec["addressees"]:
        assert items.get(addressee, {}).get("type") == "institution", f"{rid}: {addressee}"
    assert rec["priority"] in {"high", "medium", "low"}, rid
    assert rec["resources"] in {"low", "medium", "high"}, rid
    assert rec["timeframe"] in {"short", "medium", "long"}, rid
    for field in ["title", "text", *REC_FIELDS]:
        assert is_text(rec[field]), f"{rid}.{field}"
        for lang in ("es", "en"):
            assert filled(rec[field][lang]), f"{rid}.{field}.{lang} is empty"
    assert rec["conclusions"] or rec["lessons"], f"{rid}: no linked conclusion or lesson"


@pytest.mark.parametrize("iid,fields", [(i, LESSON_FIELDS) for i in LESSONS]
                         + [(i, GOOD_PRACTICE_FIELDS) for i in GOOD_PRACTICES])
def test_template_has_all_seven_fields(items, iid, fields):
    template = items[iid]["template"]
    assert sorted(template) == sorted(fields), iid
    for field in fields:
        value = template[field]
        assert is_text(value), f"{iid}.template.{field}"
        for lang in ("es", "en"):
            assert isinstance(value[lang], str), f"{iid}.template.{field}.{lang} missing"
        # An empty field is empty in both languages; a filled one is translated.
        assert filled(value["es"]) == filled(value["en"]), \
            f"{iid}.template.{field}: es and en disagree on being empty"


def _texts(value, path):
    """Every {es, en} text inside an exported item, with its dotted path."""
    if is_text(value):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            if key not in ("cited_by", "narrative_text"):  # narrative: English may be omitted
                yield from _texts(child, f"{path}.{key}")
    elif isinstance(value, list):
        for n, child in enumerate(value):
            yield from _texts(child, f"{path}[{n}]")


# Fields that may legitimately be empty, provided es and en are both empty.
MAY_BE_EMPTY = re.compile(r"\.template\.\w+$|^tripartism\.definition$")


def test_every_structured_text_is_bilingual(export):
    kinds = {"criterion", "question", "section", "finding", "conclusion", "recommendation",
             "lesson", "good_practice", "institution"}
    problems = []
    for item in export["items"]:
        if item["type"] not in kinds:
            continue
        for path, text in _texts(item, item["id"]):
            es, en = text["es"], text["en"]
            if MAY_BE_EMPTY.search(path):
                if filled(es) != filled(en):
                    problems.append(f"{path}: es={es!r:.40} en={en!r:.40}")
            elif not (filled(es) and filled(en)):
                problems.append(f"{path}: es={es!r:.40} en={en!r:.40}")
    for criterion in of_type(export, "criterion"):
        for lang in ("es", "en"):
            if not filled(criterion["name"][lang]):
                problems.append(f"{criterion['id']}.name.{lang} empty")
    for n, entry in enumerate(export["glossary"]):
        if not filled(entry["term"]):
            problems.append(f"glossary[{n}].term empty")
        for lang in ("es", "en"):
            if not filled(entry["expansion"][lang]):
                problems.append(f"glossary[{n}] {entry['term']}.expansion.{lang} empty")
    assert not problems, "texts missing a language:\n" + "\n".join(problems)


# === 2. fidelity to seed 000 ============================================================

def _spanish_fields(item: dict):
    """(field name, Spanish Markdown) for the texts compared with the seed."""
    kind = item["type"]
    if kind in ("finding", "conclusion"):
        yield "text", item["text"]["es"]
    elif kind == "recommendation":
        yield "title", item["title"]["es"]
        yield "text", item["text"]["es"]
        for field in REC_FIELDS:
            yield field, item[field]["es"]
    elif kind in ("lesson", "good_practice"):
        yield "title", item["title"]["es"]
        yield "text", item["text"]["es"]
        for field, value in item["template"].items():
            if filled(value["es"]):
                yield f"template.{field}", value["es"]


FIDELITY_CASES = []
for _iid in FINDINGS + CONCLUSIONS + RECOMMENDATIONS + LESSONS + GOOD_PRACTICES:
    _marks = [pytest.mark.xfail(reason=reason, strict=True)
              for (iid, _field), reason in KNOWN_TRANSCRIPTION_ERRORS.items() if iid == _iid]
    FIDELITY_CASES.append(pytest.param(_iid, marks=_marks, id=_iid))


@pytest.mark.parametrize("iid", FIDELITY_CASES)
def test_spanish_text_is_in_seed(items, iid):
    errors = []
    for field, text in _spanish_fields(items[iid]):
        assert filled(text), f"{iid}.{field}.es is empty"
        errors += fid.fidelity_errors(iid, field, text, seed())
    assert not errors, "\n\n".join(errors)


def test_findings_are_numbered_and_under_their_section_in_seed(items):
    """`H<n>. <text>` sits in the seed between its section's heading and the next one."""
    haystack = seed()
    cursor = anchor(FINDINGS_CHAPTER)
    end = anchor(CONCLUSIONS_CHAPTER, cursor)
    starts = []
    for sid in SECTIONS:
        heading = f"{items[sid]['number']}. {fid.normalise(items[sid]['title']['es'])}"
        pos = haystack.find(heading, cursor)
        assert cursor <= pos < end, f"{sid}: heading {heading!r} not found in the findings chapter"
        starts.append(pos)
        cursor = pos + len(heading)
    bounds = dict(zip(SECTIONS, zip(starts, starts[1:] + [end])))
    previous = -1
    for sid in SECTIONS:
        low, high = bounds[sid]
        for hid in items[sid]["findings"]:
            paras = fid.paragraphs(items[hid]["text"]["es"])
            needle = f"{hid}. {paras[0]}"
            pos = haystack.find(needle, low)
            assert low <= pos < high, (f"{hid}: {needle[:80]!r}… not found between the headings "
                                       f"of {sid} and the next section")
            assert pos > previous, f"{hid} is out of order in the seed"
            previous = pos


def test_conclusions_are_numbered_and_complete_in_seed(items):
    """`<n>. <first paragraph>` then every further paragraph, before conclusion n+1."""
    haystack = seed()
    cursor = anchor(CONCLUSIONS_CHAPTER)
    end = anchor(LESSONS_CHAPTER, cursor)
    starts = []
    for n, cid in enumerate(CONCLUSIONS, 1):
        first = fid.paragraphs(items[cid]["text"]["es"])[0]
        pos = haystack.find(f"{n}. {first}", cursor)
        assert cursor <= pos < end, f"{cid}: '{n}. {first[:60]}…' not found in the conclusions chapter"
        starts.append(pos)
        cursor = pos + 1
    for cid, low, high in zip(CONCLUSIONS, starts, starts[1:] + [end]):
        pos = low
        for para in fid.paragraphs(items[cid]["text"]["es"]):
            pos = haystack.find(para, pos)
            assert low <= pos < high, f"{cid}: paragraph {para[:60]!r}… not within conclusion {cid}"
            pos += len(para)


@pytest.mark.parametrize("iid", RECOMMENDATIONS + LESSONS + GOOD_PRACTICES)
def test_titles_carry_their_report_number(items, iid):
    heading = f"{iid}. {fid.normalise(items[iid]['title']['es'])}"
    assert heading in seed(), f"{iid}: heading {heading!r} not in seed 000"


def _recommendation_blocks(items) -> dict[str, str]:
    haystack = seed()
    cursor = anchor(RECOMMENDATIONS_CHAPTER)
    end = anchor(ANNEXES, cursor)
    starts = []
    for rid in RECOMMENDATIONS:
        heading = f"{rid}. {fid.normalise(items[rid]['title']['es'])}"
        pos = haystack.find(heading, cursor)
        assert cursor <= pos < end, f"{rid}: heading not found in the recommendations chapter"
        starts.append(pos)
        cursor = pos + len(heading)
    return {rid: haystack[low:high]
            for rid, low, high in zip(RECOMMENDATIONS, starts, starts[1:] + [end])}


_FIELD_TABLE = re.compile(
    r"Destinatario (?P<addressee_text>.+?) Nivel de prioridad (?P<priority_text>.+?) "
    r"Implicancia de recursos (?P<resources_text>.+?) Plazo de implementación "
    r"(?P<timeframe_text>.+?) Vinculación a conclusiones y lecciones aprendidas "
    r"(?P<links>(?:C|LA|BP)\d+(?:, (?:C|LA|BP)\d+)*)")


@pytest.mark.parametrize("rid", RECOMMENDATIONS)
def test_recommendation_field_wordings_match_seed(items, rid):
    """addressee/priority/resources/timeframe wording and the links, as in the seed's table."""
    rec = items[rid]
    for field in REC_FIELDS:
        wording = fid.normalise(rec[field]["es"])
        assert wording in seed(), fid.diff_message(rid, f"{field}.es", wording,
                                                   fid.closest_passage(wording))
    block = _recommendation_blocks(items)[rid]
    match = _FIELD_TABLE.search(block)
    assert match, f"{rid}: field table not found in the seed's recommendation block"
    for field in REC_FIELDS:
        expected, actual = match[field], fid.normalise(rec[field]["es"])
        assert actual == expected, (f"{rid}.{field}.es: seed has "
                                    f"'{REC_LABELS[field]}: {expected}', content has {actual!r}")
    links = match["links"].split(", ")
    content_links = rec["conclusions"] + rec["lessons"] + rec.get("good_practices", [])
    assert content_links == links, (f"{rid}: seed 'Vinculación a conclusiones y lecciones "
                                    f"aprendidas' is {links}, content links {content_links}")


def _table1_rows() -> dict[str, tuple[str, str]]:
    """Seed Table 1: question id -> (criterion heading, normalised question text)."""
    text = fid.seed_text()
    start = text.index(SEED_TABLE1[0])
    stop = text.index(SEED_TABLE1[1], start)
    rows, criterion = {}, None
    for line in text[start:stop].splitlines():
        if "\t" not in line:
            continue
        head, _, rest = line.partition("\t")
        head = fid.normalise(head)
        if head == "Criterio":
            continue
        criterion = head or criterion
        match = re.match(r"(S?PE\d+(?:\.\d+)?)\.?\s+(.*)", fid.normalise(rest))
        if match:
            rows[match[1]] = (criterion, match[2])
    return rows


def test_questions_match_table1(export, items):
    rows = _table1_rows()
    assert sorted(rows) == sorted(QUESTIONS + SUBQUESTIONS)
    names = {c["id"]: fid.normalise(c["name"]["es"]) for c in of_type(export, "criterion")}
    problems = []
    for qid, (criterion, seed_question) in rows.items():
        question = items[qid]
        text = fid.normalise(question["text"]["es"])
        if text not in seed_question:
            problems.append(fid.diff_message(qid, "text.es", text, seed_question))
        if names[question["criterion"]].casefold() != criterion.casefold():
            problems.append(f"{qid}: criterion {question['criterion']} ({names[question['criterion']]})"
                            f", Table 1 says {criterion}")
    assert not problems, "\n\n".join(problems)


def test_criterion_names_are_findings_headings(export):
    """Each criterion's Spanish name is a heading of the findings chapter."""
    lines = fid.seed_text().splitlines()[583:2273]
    headings = {fid.normalise(line).casefold() for line in lines if line.lstrip().startswith("#")}
    for criterion in of_type(export, "criterion"):
        name = fid.normalise(criterion["name"]["es"]).casefold()
        assert name in headings, f"{criterion['id']}: {name!r} is not a findings heading"


def test_section_criterion_matches_seed_heading(export, items):
    """The criterion heading above each section's heading in the seed is the section's criterion."""
    names = {fid.normalise(c["name"]["es"]).casefold(): c["id"] for c in of_type(export, "criterion")}
    titles = {f"{items[s]['number']}. {fid.normalise(items[s]['title']['es'])}": s for s in SECTIONS}
    current, found = None, {}
    for line in fid.seed_text().splitlines()[583:2273]:
        norm = fid.normalise(line)
        if line.lstrip().startswith("#") and norm.casefold() in names:
            current = names[norm.casefold()]
        elif norm in titles and titles[norm] not in found:
            found[titles[norm]] = current
    assert sorted(found) == sorted(SECTIONS)
    for sid in SECTIONS:
        assert items[sid]["criterion"] == found[sid], sid
        for hid in items[sid]["findings"]:
            assert items[hid]["criterion"] == found[sid], hid


def test_glossary_matches_acronym_list(export):
    """Every term + Spanish expansion is a line of 'Lista de Siglas y Acrónimos' (000:127–178)."""
    lines = fid.seed_lines_normalised(*fid.GLOSSARY_LINES)
    problems = []
    covered = set()
    for entry in export["glossary"]:
        line = f"{fid.normalise(entry['term'])} {fid.normalise(entry['expansion']['es'])}"
        if line in lines:
            covered.add(line)
        else:
            problems.append(fid.diff_message(entry["term"], "glossary", line,
                                             fid.closest_passage(line, " | ".join(lines))))
    assert not problems, "\n\n".join(problems)
    # ...and no acronym of the list was left out.
    acronyms = [line for line in lines if line != "Lista de Siglas y Acrónimos"]
    assert sorted(covered) == sorted(acronyms), set(acronyms) - covered


# --- completeness: nothing dropped, nothing added --------------------------------------

FINDINGS_LINES = (584, 2273)  # seed 000, chapter "Principales Hallazgos"
CONCLUSION_HEADINGS_LINES = (2274, 2342)
ANNEX_TEMPLATE_LABELS = {  # field -> (bold label in Annexes 9/10, label has a "(…)" suffix)
    "lesson": [
        ("description", "Breve descripción de la lección aprendida", True),
        ("context", "Contexto y cualquier precondición relacionada", False),
        ("beneficiaries", "Usuarios / Beneficiarios a los que se dirige", False),
        ("challenges", "Desafíos / lecciones negativas - Factores causales", False),
        ("successes", "Logros / Aspectos positivos - Factores causales", False),
        ("ilo_issues", "Aspectos administrativos de la OIT", True),
        ("other", "Otros comentarios relevantes", False),
    ],
    "good_practice": [
        ("summary", "Breve descripción de la buena práctica", True),
        ("conditions", "Condiciones y contexto relevantes: limitaciones o recomendaciones "
                       "en términos de aplicabilidad y replicabilidad", False),
        ("cause_effect", "Establecer una clara relación causa-efecto", False),
        ("impact", "Indicar el impacto medible y los beneficiarios previstos", False),
        ("replication", "Potencial de réplica y por quién", False),
        ("upward_links", "Vinculación hacia arriba con los objetivos globales de la OIT", True),
        ("other", "Otros documentos o comentarios relevantes", False),
    ],
}


def _whole(item: dict) -> str:
    return " ".join(fid.paragraphs(item["text"]["es"]))


def test_findings_are_complete(items):
    """Each `*H<n>. …*` paragraph of the seed (re-joined across a page break) == H<n>."""
    paras = fid.seed_paragraphs(*FINDINGS_LINES)
    starts = {m[1]: i for i, p in enumerate(paras) if (m := re.match(r"(H\d+)\. ", p))}
    assert sorted(starts, key=lambda h: int(h[1:])) == FINDINGS
    problems = []
    for hid in FINDINGS:
        content = f"{hid}. {_whole(items[hid])}"
        seed_para = fid.joined_from(paras, starts[hid], content)
        if diff := fid.span_difference(hid, seed_para, content):
            problems.append(diff)
    assert not problems, "\n\n".join(problems)


def test_conclusions_are_complete(items):
    """Seed text from `<n>.` to `<n+1>.` == C<n> (all paragraphs), bar a criterion heading."""
    haystack = seed()
    cursor = anchor(CONCLUSIONS_CHAPTER)
    end = anchor(LESSONS_CHAPTER, cursor)
    starts = []
    for n, cid in enumerate(CONCLUSIONS, 1):
        pos = haystack.find(f"{n}. {fid.paragraphs(items[cid]['text']['es'])[0]}", cursor)
        assert pos != -1, cid
        starts.append(pos)
        cursor = pos + 1
    lines = fid.seed_text().splitlines()[CONCLUSION_HEADINGS_LINES[0] - 1:CONCLUSION_HEADINGS_LINES[1]]
    headings = [fid.normalise(line) for line in lines if line.lstrip().startswith("#")]
    problems = []
    for n, (cid, low, high) in enumerate(zip(CONCLUSIONS, starts, starts[1:] + [end]), 1):
        span = haystack[low:high].strip()
        for heading in headings:
            if span.endswith(" " + heading):
                span = span[:-len(heading) - 1]
        if diff := fid.span_difference(cid, span, f"{n}. {_whole(items[cid])}"):
            problems.append(diff)
    assert not problems, "\n\n".join(problems)


def test_recommendation_texts_are_complete(items):
    """Seed text from `R<n>. <title>` to its field table == title + every paragraph."""
    problems = []
    for rid, block in _recommendation_blocks(items).items():
        span = block[:block.index(" Destinatario ")].strip()
        content = f"{rid}. {fid.normalise(items[rid]['title']['es'])} {_whole(items[rid])}"
        if diff := fid.span_difference(rid, span, content):
            problems.append(diff)
    assert not problems, "\n\n".join(problems)


def test_lesson_and_practice_narratives_are_complete(items):
    """Chapters 'Lecciones aprendidas' / 'Buenas Prácticas Emergentes': heading to heading."""
    haystack = seed()
    order = LESSONS + GOOD_PRACTICES
    cursor = anchor(LESSONS_CHAPTER)
    starts = []
    for iid in order:
        pos = haystack.find(f"{iid}. {fid.normalise(items[iid]['title']['es'])}", cursor)
        assert pos != -1, iid
        starts.append(pos)
        cursor = pos + 1
    ends = starts[1:] + [anchor(RECOMMENDATIONS_CHAPTER, cursor)]
    ends[order.index("LA2")] = anchor("Buenas Prácticas Emergentes", starts[order.index("LA2")])
    problems = []
    for iid, low, high in zip(order, starts, ends):
        content = f"{iid}. {fid.normalise(items[iid]['title']['es'])} {_whole(items[iid])}"
        if diff := fid.span_difference(iid, haystack[low:high].strip(), content):
            problems.append(diff)
    assert not problems, "\n\n".join(problems)


def _annex_templates() -> dict[str, str]:
    """Annexes 9/10: item id -> normalised text of its template table (after the header)."""
    haystack = seed()
    low = anchor("Anexo 9. Lecciones Aprendidas Alianzas")
    high = anchor("Anexo 11. Historia Institucional", low)
    header = re.compile(r"(?:ELEMENTO DE LA LECCIÓN APRENDIDA|COMPONENTE DE LA BUENA PRÁCTICA) "
                        r"(LA|BP)\.?(\d)\.? ")
    matches = list(header.finditer(haystack, low, high))
    ends = [m.start() for m in matches[1:]] + [high]
    return {m[1] + m[2]: haystack[m.end():end] for m, end in zip(matches, ends)}


@pytest.mark.parametrize("iid", LESSONS + GOOD_PRACTICES)
def test_template_fields_equal_annex_cells(items, iid):
    """Each template field == the cell after its label in Annex 9/10 (empty where the seed is)."""
    block = _annex_templates()[iid]
    item = items[iid]
    assert block.startswith(fid.normalise(item["title"]["es"])), f"{iid}: {block[:80]!r}"
    located = []
    for field, label, has_suffix in ANNEX_TEMPLATE_LABELS[item["type"]]:
        pos = block.find(label)
        value = fid.normalise(item["template"][field]["es"])
        if pos == -1:  # the seed has no such row (Annex 9 has no "Otros comentarios")
            assert value == "", f"{iid}.template.{field}: no row in the seed, content {value[:60]!r}"
            continue
        after = pos + len(label)
        if has_suffix and (suffix := re.match(r" \([^)]*\)", block[after:])):
            after += suffix.end()
        located.append((field, pos, after, value))
    problems = []
    for n, (field, _pos, after, value) in enumerate(located):
        if n + 1 < len(located):
            cell = block[after:located[n + 1][1]].strip()
        else:  # last row: the rest of the block may hold the next page's header
            cell = block[after:].strip()[:len(value)]
        if diff := fid.span_difference(f"{iid}.template.{field}", cell, value):
            problems.append(diff)
    assert not problems, "\n\n".join(problems)


# === 3. mappings ========================================================================

def test_section_answers_exist(export, items):
    question_ids = set(ids_of(export, "question"))
    for sid in SECTIONS:
        answers = items[sid]["answers"]
        assert answers, f"{sid} answers no question"
        assert set(answers) <= question_ids, f"{sid}: unknown {set(answers) - question_ids}"


def test_effectiveness_subquestion_sections(items):
    assert items["S14"]["answers"] == ["SPE13.1"]
    assert items["S15"]["answers"] == ["SPE13.2"]
    assert items["S16"]["answers"] == ["SPE13.3"]


def test_s21_answers_several_sustainability_questions(items):
    answers = set(items["S21"]["answers"])
    sustainability = {"PE18", "PE19", "PE20", "PE21", "PE22"}
    assert answers <= sustainability, answers - sustainability
    assert len(answers) >= 2, answers


def test_every_question_is_answered_by_a_section_of_its_criterion(items):
    answered = set()
    for sid in SECTIONS:
        for qid in items[sid]["answers"]:
            answered.add(qid)
            assert items[qid]["criterion"] == items[sid]["criterion"], (sid, qid)
    unanswered = [q for q in QUESTIONS + SUBQUESTIONS if q not in answered]
    assert not unanswered, f"answered by no section: {unanswered}"


def test_recommendation_links_exist(items):
    for rid in RECOMMENDATIONS:
        rec = items[rid]
        for cid in rec["conclusions"]:
            assert items.get(cid, {}).get("type") == "conclusion", f"{rid}: unknown conclusion {cid}"
        for lid in rec["lessons"]:
            assert items.get(lid, {}).get("type") == "lesson", f"{rid}: unknown lesson {lid}"
        for bid in rec.get("good_practices", []):
            assert items.get(bid, {}).get("type") == "good_practice", f"{rid}: unknown practice {bid}"


# === the normalisation itself ===========================================================

@pytest.mark.parametrize("raw,expected", [
    ("<b>Destinatario</b>\tOIT y <i>otros</i>", "Destinatario OIT y otros"),
    ("una identificación de necesidades<sup>12</sup>.", "una identificación de necesidades."),
    ("<sup>12</sup> No solo.", "No solo."),
    ("necesidades[^12]. Otro[^a1]", "necesidades. Otro"),
    ("[^12]: No solo.", "No solo."),
    ("**limitada capacidad** y *outputs* o _outcomes_ o __x__", "limitada capacidad y outputs o outcomes o x"),
    ("snake_case y \\_sp y \\\\_sp y \\$7.94 y \\*", "snake_case y _sp y _sp y $7.94 y *"),
    ("ver [[C2]] y [[LA2]]", "ver C2 y LA2"),
    ("antes\n\n[[table:budget-extensions]]\n\ndespués", "antes después"),
    ("### **Título**\n\n> *[...] cita.*\n\n- uno\n* dos\n+ tres", "Título [...] cita. uno dos tres"),
    ("## ► Conclusiones\n\n---\n\nTexto", "Conclusiones Texto"),
    ("<p>uno</p><p>dos</p>", "uno dos"),
    ("“comillas” y \"rectas\"", "“comillas” y \"rectas\""),
    ("según\n\n\n\nlos   requerimientos\t.", "según los requerimientos ."),
    ("Poli\u0301tica", "Política"),  # NFC
    ("previstos ( <i>outcomes</i> ) en", "previstos (outcomes) en"),
])
def test_normalise(raw, expected):
    assert fid.normalise(raw) == expected


def test_paragraph_split_by_page_break_is_matched_in_sentences():
    haystack = fid.normalise(
        "Primera frase del párrafo con bastantes palabras aquí. Segunda frase que sigue\n\n"
        "<sup>3</sup> Una nota al pie que interrumpe.\n\n"
        "Tercera frase larga que viene tras la nota al pie.")
    paragraph = fid.normalise(
        "Primera frase del párrafo con bastantes palabras aquí. Segunda frase que sigue. "
        "Tercera frase larga que viene tras la nota al pie.")
    assert paragraph not in haystack
    assert fid.missing_pieces(paragraph, haystack) == []
    wrong = paragraph.replace("Tercera frase larga", "Tercera frase corta")
    assert fid.missing_pieces(wrong, haystack) == ["Tercera frase corta que viene tras la nota al pie."]
    message = fid.fidelity_errors("X1", "text", wrong, haystack)[0]
    assert "X1 text" in message and "Tercera frase larga que viene tras la nota al pie." in message


def test_sentences():
    assert fid.sentences("Dijo “es bueno.” Sin embargo, no. (Ver nota.) Otra… ¿Qué? 3 casos; fin.") == [
        "Dijo “es bueno.”", "Sin embargo, no.", "(Ver nota.)", "Otra…", "¿Qué?", "3 casos; fin."]


# === 4. annex tables and charts (the `tables` and `charts` collections) ==============================

def _seed_section(heading: str, next_heading: str) -> list[list[str]]:
    """The tab-separated rows of an annex of seed 000, cells stripped."""
    lines = fid.seed_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next(i for i, line in enumerate(lines) if line.startswith(next_heading))
    return [[cell.strip() for cell in line.split("\t")] for line in lines[start + 1:end] if "\t" in line]


def _shown(value) -> set[str]:
    """What a cell may read in the seed: its Spanish or English wording, a number as "183%"."""
    if isinstance(value, dict):
        return {value["es"], value["en"]}
    if isinstance(value, (int, float)):
        return {f"{value:g}%"}
    return {value}


INDICATOR_CELLS = ["reference_period", "baseline", "target", "midterm", "measurement_1", "measurement_2",
                   "measurement_3", "measurement_4", "status"]
# The seed's table lost the "Estado" cell of 1.2.3.1; the report gives it in the text (seed line 1441:
# "los 143% del personal del IML").
STATUS_FROM_TEXT = {"1.2.3.1": 143}


def test_outcome_indicators_keep_every_cell_of_annex_5(items):
    table = items["outcome-indicators"]
    assert [g["id"] for g in table["groups"]] == ["OBJ1", "OBJ2", "OBJ3"]
    rows = [r for r in table["rows"] if r["kind"] == "row"]
    assert len(rows) == 34 and not any(r["id"] in items for r in rows)  # anchors inside their table
    # The row IDs are the former indicator IDs, so links such as annexes/#IND-1.1.1.1 still land.
    assert [r["id"] for r in rows] == [f"IND-{r['cells']['indicator']['es'].split()[0]}" for r in rows]
    assert [c["id"] for c in table["columns"]] == ["indicator", "activity", "outcome", *INDICATOR_CELLS]
    seed_rows = {}
    for cells in _seed_section("## Anexo 5.", "## Anexo 6."):
        named = [i for i, cell in enumerate(cells) if re.match(r"^\d+\.\d+\.\d+\.\d+ ", cell)]
        if named:  # the last such cell is the indicator (an outcome cell may start alike)
            seed_rows[cells[named[-1]].split()[0]] = (cells[named[-1]], [c for c in cells[named[-1] + 1:] if c])
    assert len(seed_rows) == 34
    for row in rows:
        cells = row["cells"]
        number = cells["indicator"]["es"].split()[0]
        text, seed_cells = seed_rows[number]
        assert " ".join(cells["indicator"]["es"].split()) == " ".join(text.split()), number
        mine = [_shown(cells[name]) for name in INDICATOR_CELLS if cells.get(name) not in (None, "", {"es": "", "en": ""})]
        if number in STATUS_FROM_TEXT:
            assert cells["status"] == STATUS_FROM_TEXT[number]
            mine = mine[:-1]
        assert len(mine) == len(seed_cells) and all(s in m for s, m in zip(seed_cells, mine)), (number, seed_cells)
        group = next(g for g in table["groups"] if g["id"] == row["group"])
        assert group["label"]["es"].split()[0].rstrip(".:") == number.split(".")[0], number


def test_budget_extensions_keep_every_row_of_annex_4(items):
    table = items["budget-extensions"]
    seed_rows = [cells for cells in _seed_section("## Anexo 4.", "## Anexo 5.") if cells[0]]
    rows = table["rows"]
    assert [r["id"] for r in rows] == ["EXT0", "EXT1", "EXT2", "EXT3", "EXT4"]
    for row, cells in zip(rows, seed_rows):
        assert row["cells"]["stage"]["es"] == cells[0]
        assert row["cells"]["approval_date"]["es"] == cells[1]
        assert cells[-3:] == [row["cells"]["cumulative_duration"]["es"],
                              "\\" + row["cells"]["additional_amount"], "\\" + row["cells"]["cumulative_budget"]]


def test_midterm_recommendations_and_budget_chart(export, items):
    assert [r["id"] for r in items["midterm-recommendations"]["rows"]] == ["MTR1", "MTR2", "MTR3", "MTR4"]
    assert all(filled(r["cells"][c]["es"]) and filled(r["cells"][c]["en"])
               for r in items["midterm-recommendations"]["rows"] for c in ("recommendation", "action"))
    shares = {r["id"]: r["cells"]["percent"] for r in items["budget-shares"]["rows"]}
    assert shares == {"protection": 54.83, "prosecution": 34.6, "prevention": 10.57}
    assert "protección (54,83%), persecución (34,6%), y prevención (10,57%)" in fid.seed_text()
    charts = {c["id"]: c for c in export["charts"]}
    assert charts["budget-components"]["type"] == "pie"  # "un gráfico circular" (Gráfico 1)
    assert charts["budget-components"]["caption"]["es"] == "Gráfico 1. Distribución del presupuesto por componentes"
    assert charts["outcome-indicators"]["value_columns"] == ["status"] and charts["outcome-indicators"]["reference"] == 100
