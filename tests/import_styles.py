"""One evaluation report, written in many house styles (tests/test_import_styles.py).

`MODEL` is the report's content, the same in every style; `STYLES` is data (a list of dicts),
each one choice of heading case and depth, chapter numbering, label punctuation, paragraph
numbers, field layout and language. `render(style)` writes the report as Markdown text the way a
PDF or Word conversion would give it; `expected()` lists the items (with their IDs) an import
must recover whatever the style. Add a style by adding a dict.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

WORDS = {
    "en": {"summary": "Executive summary", "findings": "Evaluation outcomes/findings", "conclusions": "Conclusions",
           "recommendations": "Recommendations", "lessons": "Lessons learned", "good_practices": "Emerging good practices",
           "bibliography": "Bibliography", "annexes": "Annexes", "annex": "Annex", "matrix": "Evaluation matrix",
           "budget": "Project budget", "ll_templates": "Lessons learned templates", "gp_templates": "Good practice templates",
           "conclusion": "Conclusion", "recommendation": "Recommendation", "lesson": "Lesson learned",
           "good_practice": "Emerging good practice", "code": "ILO TC/SYMBOL", "type": "Type of Evaluation",
           "criterion": "Criterion", "question": "Evaluation question", "priority": "Priority",
           "resources": "Resource implication", "timeframe": "Time", "addressees": "Responsibility",
           "levels": {"high": "High", "medium": "Medium", "low": "Low"},
           "times": {"short": "Short term", "medium": "Medium term", "long": "Long term"},
           "ll_element": "LL Element", "gp_element": "GP Element",
           "ll_fields": ["Brief description of lesson learned (link to specific action or task)",
                         "Context and any related preconditions"],
           "gp_fields": ["Brief summary of the good practice (link to project goal or specific deliverable)",
                         "Relevant conditions and context: limitations or advice in terms of applicability"],
           "criteria": ["Relevance", "Effectiveness", "Sustainability"],
           "sentence": "The project trained {n} labour inspectors and the ministry of labour used the results in its plans.",
           "question_text": "To what extent did the project achieve {thing}?",
           "type_value": "Project"},
    "es": {"summary": "Resumen ejecutivo", "findings": "Hallazgos", "conclusions": "Conclusiones",
           "recommendations": "Recomendaciones", "lessons": "Lecciones aprendidas", "good_practices": "Buenas prácticas emergentes",
           "bibliography": "Bibliografía", "annexes": "Anexos", "annex": "Anexo", "matrix": "Matriz de evaluación",
           "budget": "Presupuesto del proyecto", "ll_templates": "Plantillas de lecciones aprendidas",
           "gp_templates": "Plantillas de buenas prácticas", "conclusion": "Conclusión", "recommendation": "Recomendación",
           "lesson": "Lección aprendida", "good_practice": "Buena práctica emergente", "code": "Código del proyecto",
           "type": "Tipo de evaluación", "criterion": "Criterio", "question": "Pregunta de evaluación",
           "priority": "Prioridad", "resources": "Implicancia de recursos", "timeframe": "Plazo",
           "addressees": "Destinatario", "levels": {"high": "Alta", "medium": "Media", "low": "Baja"},
           "times": {"short": "Corto plazo", "medium": "Mediano plazo", "long": "Largo plazo"},
           "ll_element": "Elemento de la lección aprendida", "gp_element": "Componente de la buena práctica",
           "ll_fields": ["Breve descripción de la lección aprendida (relación con una acción)",
                         "Contexto y cualquier precondición relacionada"],
           "gp_fields": ["Breve descripción de la buena práctica (relación con el objetivo del proyecto)",
                         "Condiciones y contexto relevantes: limitaciones o consejos"],
           "criteria": ["Pertinencia", "Eficacia", "Sostenibilidad"],
           "sentence": "El proyecto capacitó a {n} inspectores de trabajo y el ministerio de trabajo usó los resultados en sus planes.",
           "question_text": "¿En qué medida logró el proyecto {thing}?",
           "type_value": "Proyecto"},
    "fr": {"summary": "Résumé exécutif", "findings": "Constatations", "conclusions": "Conclusions",
           "recommendations": "Recommandations", "lessons": "Leçons apprises", "good_practices": "Bonnes pratiques émergentes",
           "bibliography": "Bibliographie", "annexes": "Annexes", "annex": "Annexe", "matrix": "Matrice d'évaluation",
           "budget": "Budget du projet", "ll_templates": "Modèles des leçons apprises",
           "gp_templates": "Modèles des bonnes pratiques", "conclusion": "Conclusion", "recommendation": "Recommandation",
           "lesson": "Leçon apprise", "good_practice": "Bonne pratique émergente", "code": "Code du projet",
           "type": "Type d'évaluation", "criterion": "Critère", "question": "Question d'évaluation",
           "priority": "Priorité", "resources": "Ressources", "timeframe": "Délai", "addressees": "Destinataire",
           "levels": {"high": "Haute", "medium": "Moyenne", "low": "Faible"},
           "times": {"short": "Court terme", "medium": "Moyen terme", "long": "Long terme"},
           "ll_element": "Élément de la leçon", "gp_element": "Élément de la bonne pratique",
           "ll_fields": ["Brève description de la leçon apprise (lien avec une action)",
                         "Contexte et toutes les conditions préalables"],
           "gp_fields": ["Bref résumé de la bonne pratique (lien avec l'objectif du projet)",
                         "Conditions et contexte pertinents : limites ou conseils"],
           "criteria": ["Pertinence", "Efficacité", "Durabilité"],
           "sentence": "Le projet a formé {n} inspecteurs du travail et le ministère du travail a utilisé les résultats dans ses plans.",
           "question_text": "Dans quelle mesure le projet a-t-il atteint {thing} ?",
           "type_value": "Projet"},
}

# The report: three criteria (parts), four sections, four conclusions, three recommendations,
# two lessons and two good practices (each with its ILO template), four questions, a budget annex.
MODEL = {
    "title": "Promoting Decent Work in Rural Supply Chains of the Andean Region",
    "code": "RLA/21/07/EUR",
    "sections": [(0, "Alignment with national policies"), (0, "Needs of the target groups"),
                 (1, "Progress towards the outcomes"), (2, "Ownership by the constituents")],
    "conclusions": 4,
    "recommendations": [{"priority": "high", "resources": "low", "timeframe": "short", "addressees": "ILO and MTPE"},
                        {"priority": "medium", "resources": "medium", "timeframe": "medium", "addressees": "MTPE"},
                        {"priority": "low", "resources": "high", "timeframe": "long", "addressees": "ILO"}],
    "lessons": ["Involving inspectors early", "Working with regional governments"],
    "good_practices": ["Tripartite committees", "Peer learning between inspectorates"],
    "questions": [(0, "its planned outputs"), (0, "the needs of rural workers"), (1, "its outcomes"), (2, "lasting results")],
}
CHAPTER_NUMBER = 9

STYLES: list[dict] = [
    {"name": "en-upper-numbered", "lang": "en", "case": "upper", "numbering": "dot", "depth": 1, "label": "dot",
     "paragraph_numbers": True, "fields": "note-brackets", "cover": "bullets", "template_titles": False},
    {"name": "en-title-plain", "lang": "en", "case": "title", "numbering": "none", "depth": 1, "label": "colon",
     "paragraph_numbers": False, "fields": "note-colons", "cover": "lines", "template_titles": True},
    {"name": "en-deep-dash", "lang": "en", "case": "title", "numbering": "nodot", "depth": 2, "label": "dash",
     "paragraph_numbers": True, "fields": "table", "cover": "table", "template_titles": True},
    {"name": "en-lower-headings", "lang": "en", "case": "lower", "numbering": "dot", "depth": 1, "label": "heading",
     "paragraph_numbers": False, "fields": "header-table", "cover": "lines", "template_titles": False},
    {"name": "en-flat-levels", "lang": "en", "case": "upper", "numbering": "dot", "depth": 0, "label": "code",
     "paragraph_numbers": True, "fields": "note-brackets", "cover": "bullets", "template_titles": True},
    {"name": "en-chapter-word", "lang": "en", "case": "title", "numbering": "chapter", "depth": 1, "label": "period-in-bold",
     "paragraph_numbers": False, "fields": "label-lines", "cover": "table", "template_titles": False},
    {"name": "es-upper-dot", "lang": "es", "case": "upper", "numbering": "dot", "depth": 1, "label": "dot",
     "paragraph_numbers": True, "fields": "table", "cover": "lines", "template_titles": True},
    {"name": "es-title-dash", "lang": "es", "case": "title", "numbering": "none", "depth": 2, "label": "dash",
     "paragraph_numbers": False, "fields": "note-colons", "cover": "bullets", "template_titles": False},
    {"name": "es-codes", "lang": "es", "case": "title", "numbering": "nodot", "depth": 1, "label": "code",
     "paragraph_numbers": True, "fields": "header-table", "cover": "table", "template_titles": True},
    {"name": "fr-upper-colon", "lang": "fr", "case": "upper", "numbering": "dot", "depth": 1, "label": "colon",
     "paragraph_numbers": True, "fields": "note-colons", "cover": "lines", "template_titles": True},
    {"name": "fr-title-heading-labels", "lang": "fr", "case": "title", "numbering": "none", "depth": 1, "label": "heading",
     "paragraph_numbers": False, "fields": "table", "cover": "bullets", "template_titles": False},
    {"name": "fr-flat-dash", "lang": "fr", "case": "lower", "numbering": "nodot", "depth": 0, "label": "dash",
     "paragraph_numbers": True, "fields": "label-lines", "cover": "table", "template_titles": True},
    # Several labelled items in one block (one per line), as a PDF conversion often leaves them.
    {"name": "en-compact-blocks", "lang": "en", "case": "upper", "numbering": "dot", "depth": 1, "label": "colon",
     "paragraph_numbers": False, "fields": "none", "cover": "lines", "template_titles": True, "compact": True},
    # Conclusions as a numbered list "1.", "2." (no word), recommendations "R1." codes.
    {"name": "es-list-conclusions", "lang": "es", "case": "title", "numbering": "dot", "depth": 1, "label": "list",
     "paragraph_numbers": False, "fields": "table", "cover": "bullets", "template_titles": True},
]
PREFIXES = {"en": {"lesson": "LL", "good_practice": "GP"}, "es": {"lesson": "LA", "good_practice": "BP"},
            "fr": {"lesson": "LA", "good_practice": "BP"}}
CODES = {"lesson": "LA", "good_practice": "BP", "recommendation": "R", "conclusion": "C"}


def expected(style: dict) -> dict[str, list[str]]:
    """The IDs an import must give, per collection."""
    lang = style["lang"]
    prefixes = CODES if style["label"] == "code" else PREFIXES[lang]
    return {"sections": [f"S{CHAPTER_NUMBER}.{p + 1}.{n}" for p, n in _section_numbers()],
            "parts": [f"P{CHAPTER_NUMBER}.{p + 1}" for p in range(3)],
            "conclusions": [f"C{i}" for i in range(1, MODEL["conclusions"] + 1)],
            "recommendations": [f"R{i}" for i in range(1, len(MODEL["recommendations"]) + 1)],
            "lessons": [f"{prefixes['lesson']}{i}" for i in range(1, len(MODEL["lessons"]) + 1)],
            "good_practices": [f"{prefixes['good_practice']}{i}" for i in range(1, len(MODEL["good_practices"]) + 1)],
            "questions": [f"EQ{i}" for i in range(1, len(MODEL["questions"]) + 1)]}


def _section_numbers() -> list[tuple[int, int]]:
    counts: dict[int, int] = {}
    out = []
    for part, _ in MODEL["sections"]:
        counts[part] = counts.get(part, 0) + 1
        out.append((part, counts[part]))
    return out


class _Writer:
    def __init__(self, style: dict):
        self.style, self.w = style, WORDS[style["lang"]]
        self.lines: list[str] = []
        self.paragraph = 0

    def add(self, *blocks: str) -> None:
        for block in blocks:
            self.lines += [block, ""]

    def heading(self, level: int, text: str, number: str = "") -> None:
        case = {"upper": str.upper, "lower": str.lower, "title": lambda t: t}[self.style["case"]]
        depth = 2 if self.style["depth"] == 0 else level + self.style["depth"]
        numbering = self.style["numbering"]
        if number and "." not in number:   # a chapter number
            label = {"dot": f"{number}. ", "nodot": f"{number} ", "none": "", "chapter": f"Chapter {number}: "}[numbering]
        else:
            label = f"{number} " if number else ""
        self.add("#" * min(depth, 6) + " " + label + case(text))

    def para(self, text: str) -> None:
        if self.style["paragraph_numbers"]:
            self.paragraph += 1
            text = f"{self.paragraph}. {text}"
        self.add(text)

    def label(self, kind: str, number: int, title: str = "") -> str:
        """The label opening an item, as the style writes it ("list": words, a colon; conclusions
        as a numbered list)."""
        word = CODES[kind] if self.style["label"] == "code" else self.w[kind]
        joined = f"{word}{number}" if self.style["label"] == "code" else f"{word} {number}"
        end = {"dot": ".", "colon": ":", "dash": " -", "code": ".", "heading": ":", "period-in-bold": ".",
               "list": ":"}[self.style["label"]]
        return f"{joined}{end} {title}".strip() if title else f"{joined}{end}"


def render(style: dict) -> str:
    w = WORDS[style["lang"]]
    out = _Writer(style)
    _cover(out, style)
    out.heading(1, w["summary"])
    out.add(w["sentence"].format(n=120))
    _findings(out)
    _conclusions(out)
    _recommendations(out)
    _items(out, "lessons", "lesson", MODEL["lessons"])
    _items(out, "good_practices", "good_practice", MODEL["good_practices"])
    out.heading(1, w["bibliography"])
    out.add("ILO (2019). General principles and operational guidelines for fair recruitment. Geneva.")
    _annexes(out)
    return "\n".join(out.lines)


def _cover(out: _Writer, style: dict) -> None:
    w = out.w
    out.add("International Labour Organization", f"**{MODEL['title']}**")
    pairs = [(w["code"], MODEL["code"]), (w["type"], w["type_value"])]
    if style["cover"] == "bullets":
        out.add("\n".join(f"- {label}: {value}" for label, value in pairs))
    elif style["cover"] == "table":
        out.add("\n".join(f"{label}\t{value}" for label, value in pairs))
    else:
        out.add(*(f"{label}: {value}" for label, value in pairs))


def _findings(out: _Writer) -> None:
    w = out.w
    out.heading(1, w["findings"], str(CHAPTER_NUMBER))
    numbers = iter(_section_numbers())
    for part, criterion in enumerate(w["criteria"]):
        out.heading(2, criterion, f"{CHAPTER_NUMBER}.{part + 1}")
        for (section_part, title), (_, n) in zip([s for s in MODEL["sections"] if s[0] == part],
                                                 [x for x in _section_numbers() if x[0] == part]):
            next(numbers)
            out.heading(3, title, f"{CHAPTER_NUMBER}.{part + 1}.{n}")
            out.para(w["sentence"].format(n=10 * n + part))
            out.para(w["sentence"].format(n=100 * n + part))


def _conclusions(out: _Writer) -> None:
    out.heading(1, out.w["conclusions"], str(CHAPTER_NUMBER + 1))
    if out.style["label"] == "list":
        out.add("\n".join(f"{i}. " + out.w["sentence"].format(n=1000 + i) for i in range(1, MODEL["conclusions"] + 1)))
        return
    for i in range(1, MODEL["conclusions"] + 1):
        _labelled(out, "conclusion", i, "", out.w["sentence"].format(n=1000 + i))
    _compact(out, MODEL["conclusions"])


def _compact(out: _Writer, count: int) -> None:
    """A compact style: the last `count` paragraphs written are one block, one item per line."""
    if out.style.get("compact"):
        blocks = [line for line in out.lines[-2 * count:] if line]
        out.lines[-2 * count:] = ["\n".join(blocks), ""]


def _labelled(out: _Writer, kind: str, number: int, title: str, text: str) -> None:
    if out.style["label"] == "heading":
        out.heading(2, out.label(kind, number, title))
        out.para(text)
    elif out.style["label"] == "period-in-bold":
        out.para(f"**{out.label(kind, number, title)}** {text}" if not title else f"**{out.label(kind, number)} {title}.** {text}")
    else:
        out.para(f"**{out.label(kind, number, title)}** {text}" if title else f"**{out.label(kind, number)}** {text}")


def _recommendations(out: _Writer) -> None:
    w = out.w
    out.heading(1, w["recommendations"], str(CHAPTER_NUMBER + 1 + 1))
    for i, rec in enumerate(MODEL["recommendations"], start=1):
        _labelled(out, "recommendation", i, "", w["sentence"].format(n=2000 + i))
        if out.style["fields"] == "none":  # recommendations without fields: none may be invented
            continue
        values = [(w["addressees"], rec["addressees"]), (w["priority"], w["levels"][rec["priority"]]),
                  (w["resources"], w["levels"][rec["resources"]]), (w["timeframe"], w["times"][rec["timeframe"]])]
        fields = out.style["fields"]
        if fields == "note-brackets":
            out.add("Note: " + ", ".join(f"{label} ({value})" for label, value in values))
        elif fields == "note-colons":
            out.add("*Note: " + "; ".join(f"{label}: {value}" for label, value in values) + ".*")
        elif fields == "table":
            out.add("\n".join(f"{label}\t{value}" for label, value in values))
        elif fields == "header-table":
            out.add("\t".join(label for label, _ in values) + "\n" + "\t".join(value for _, value in values))
        elif fields == "label-lines":
            out.add(*(f"**{label}:** {value}" for label, value in values))
    if out.style["fields"] == "none":
        _compact(out, len(MODEL["recommendations"]))


def _items(out: _Writer, chapter: str, kind: str, titles: list[str]) -> None:
    number = {"lessons": CHAPTER_NUMBER + 3, "good_practices": CHAPTER_NUMBER + 4}[chapter]
    out.heading(1, out.w[chapter], str(number))
    for i, title in enumerate(titles, start=1):
        _labelled(out, kind, i, title, out.w["sentence"].format(n=3000 + i))
    _compact(out, len(titles))


def _annexes(out: _Writer) -> None:
    w = out.w
    out.heading(1, w["annexes"])
    out.heading(2, f"{w['annex']} 1. {w['matrix']}")
    rows = [f"{w['criterion']}\t{w['question']}"]
    last = None
    for i, (criterion, thing) in enumerate(MODEL["questions"], start=1):
        name = w["criteria"][criterion] if criterion != last else ""
        rows.append(f"{name}\t{i}. {w['question_text'].format(thing=thing)}")
        last = criterion
    out.add("\n".join(rows))
    for number, (kind, titles, element, fields, heading) in enumerate(
            [("lesson", MODEL["lessons"], w["ll_element"], w["ll_fields"], w["ll_templates"]),
             ("good_practice", MODEL["good_practices"], w["gp_element"], w["gp_fields"], w["gp_templates"])], start=2):
        out.heading(2, f"{w['annex']} {number}. {heading}")
        for i, title in enumerate(titles, start=1):
            named = out.label(kind, i, title) if out.style["template_titles"] else "Text"
            rows = [f"{element}\t{named}"] + [f"{field}\t{template_text(kind, i, f)}" for f, field in enumerate(fields)]
            out.add("\n".join(rows))
    out.heading(2, f"{w['annex']} 4. {w['budget']}")
    out.add("Budget line\tPlanned (USD)\tSpent (USD)\nStaff\t1,200,000\t1,180,000\nActivities\t2,000,000\t1,950,000")


def template_text(kind: str, number: int, field: int) -> str:
    return f"Template {kind} {number} field {field}."


def as_docx(markdown: str, out: Path) -> Path:
    """The same report as a Word file (pandoc: headings, tables, bold as in the text)."""
    source = out.with_suffix(".md")
    source.write_text(_tables_to_pipes(markdown), encoding="utf-8")
    subprocess.run(["pandoc", "--from=markdown-smart", "--to=docx", "-o", str(out), str(source)], check=True, timeout=120)
    return out


def _tables_to_pipes(markdown: str) -> str:
    """Tab-separated rows (as a PDF conversion gives them) -> pipe tables pandoc writes as Word tables."""
    out, block = [], []
    for line in markdown.split("\n") + [""]:
        if "\t" in line:
            block.append(line.split("\t"))
            continue
        if block:
            width = max(len(r) for r in block)
            rows = [r + [""] * (width - len(r)) for r in block]
            out += ["| " + " | ".join(c or " " for c in rows[0]) + " |", "|" + "---|" * width]
            out += ["| " + " | ".join(c or " " for c in r) + " |" for r in rows[1:]]
            block = []
        out.append(line)
    return "\n".join(out)


FIRST_NUM = 9000  # numbering IDs of the heading list, clear of pandoc's own lists


def with_automatic_heading_numbers(docx: Path, out: Path) -> Path:
    """The same Word file with its typed heading numbers ("9.1.1 Relevance") taken out of the text and
    given back by a multilevel list on the heading styles, as Word users number chapters. A jump in the
    numbers ("2." then "8.") restarts the list at the new value (lvlOverride/startOverride), as Word's
    "Set numbering value" does."""
    import zipfile

    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    q = lambda name: f"{{{w}}}{name}"  # noqa: E731
    with zipfile.ZipFile(docx) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = etree.fromstring(parts["word/document.xml"])
    expected: list[int] = []   # the numbers the list would show, level by level
    nums = [{}]                # numId -> start overrides
    for paragraph in body.iter(q("p")):
        style = paragraph.find(f"{q('pPr')}/{q('pStyle')}")
        level = int(style.get(q("val"))[-1]) - 1 if style is not None and \
            re.fullmatch(r"Heading[1-3]", style.get(q("val")) or "") else None
        texts = list(paragraph.iter(q("t")))
        match = re.match(r"^(\d+(?:\.\d+)*)\.?\s+", texts[0].text or "") if level is not None and texts else None
        if match is None or match.group(1).count(".") != level:
            continue
        numbers = [int(n) for n in match.group(1).split(".")]
        would = expected[:level] + [expected[level] + 1 if len(expected) > level else 1]
        if numbers != would:  # restart the list where the report's numbers jump
            nums.append({i: n for i, n in enumerate(numbers)})
        expected = numbers
        texts[0].text = texts[0].text[match.end():]
        properties = paragraph.find(q("pPr"))
        numbering = etree.SubElement(properties, q("numPr"))
        etree.SubElement(numbering, q("ilvl")).set(q("val"), str(level))
        etree.SubElement(numbering, q("numId")).set(q("val"), str(FIRST_NUM + len(nums) - 1))
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>' for i, text in enumerate(("%1.", "%1.%2", "%1.%2.%3")))
    instances = "".join(f'<w:num w:numId="{FIRST_NUM + n}"><w:abstractNumId w:val="{FIRST_NUM}"/>'
                        + "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                                  for i, v in overrides.items()) + "</w:num>" for n, overrides in enumerate(nums))
    abstract = f'<w:abstractNum w:abstractNumId="{FIRST_NUM}">{levels}</w:abstractNum>'
    existing = parts.get("word/numbering.xml", f'<w:numbering xmlns:w="{w}"></w:numbering>'.encode()).decode()
    # abstract numberings come before the numbering instances (the schema's order)
    first_num = existing.find("<w:num ")
    existing = existing[:first_num] + abstract + existing[first_num:] if first_num >= 0 else \
        existing.replace("</w:numbering>", abstract + "</w:numbering>")
    parts["word/numbering.xml"] = existing.replace("</w:numbering>", instances + "</w:numbering>").encode()
    parts["word/document.xml"] = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
    if b"numbering.xml" not in parts["word/_rels/document.xml.rels"]:
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.wordprocessingml.numbering+xml"/></Types>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out
