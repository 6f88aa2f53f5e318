"""Evaluation reports of other shapes than reportgen's own, written in Word as consultants write them
(tests/test_import_shapes.py).

`tests/import_styles.py` varies the typography of one report; this module varies its *structure*, the
way real reports differ from each other:

- `final_en`: a cover table, a contents page with dot leaders, a summary repeating the
  recommendations as a list, criteria as numbered sub-headings ("4.1 Relevance and strategic fit",
  "4.5 Impact orientation"), conclusions as plain paragraphs with a bold lead-in and no number, each
  recommendation followed by a header-over-values table, lessons and practices under sub-headings of
  one chapter, the ILO templates in the annexes with their header rows (project title, symbol,
  evaluator) above the "LL Element" row, the questions in the evaluation matrix annex;
- `final_fr`: cover fields as a bullet list "Label : valeur", the questions listed in the methodology
  ("Q1. …?"), capital criterion headings, numbered paragraphs, conclusions as a numbered list, the
  recommendations as ONE table (a row each: number, text, addressees, priority, time, resources);
- `midterm_es`: the organisation's name above the title, numbered paragraphs throughout, bold
  "Conclusión N:" and "Recomendación N:" labels after the paragraph numbers, the recommendation fields
  on one "Prioridad: …; Plazo: …" line, a summary citing recommendations by their labels, the lesson's
  template in the annex;
- `combined_en`: the ILO title page's newer labels ("DC Symbol", "Country(ies) or geographical scope",
  "Evaluator(s)") as Word's second-level bullets ("o"), one "Conclusions and recommendations" chapter without sub-headings (conclusions as
  plain paragraphs, a paragraph announcing the recommendations, then a numbered list, each item's
  fields on a bracketed line under it), lessons as a bulleted list, a dash label for the practice, and
  the evaluation questions set in bold at the head of their findings sections (no matrix);
- `grouped_en`: a rating table in the summary and a "Rating:" line under a section, key findings cited by
  the conclusions ("(Findings 1 and 2)"), recommendations grouped under sub-headings naming their
  addressee and numbered anew under each, citing the conclusions in their text, lessons as bullets
  ("Lesson 1: Title. Text") with Word's Courier "o" sub-bullets, and the good practice given only as its
  ILO template in the annexes;
- `criteria_fr`: no "Findings" chapter (the criteria are the report's chapters, "3. Pertinence" with
  its sections, "4. Efficacité"), a cover table under "Symbole DC", conclusions as a bulleted list after
  an announcing line, a recommendations table whose cells number and title their rows ("1. Étendre le
  système de suivi : le projet devrait…"), lessons under "Enseignements tirés" as a bullet with a
  title before its colon.

Each shape is written with Word's heading styles or, as many consultants do, with bold larger text
(`styled=False`). `build(shape, path, styled)` writes the .docx and returns the truth: what an import
must recover.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Pt

HEADING_SIZES = {0: 20, 1: 16, 2: 13, 3: 12}
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


class Report:
    """A Word document written paragraph by paragraph, its headings styled or only set bold and large."""

    def __init__(self, styled: bool, roman: bool = False):
        self.document, self.styled, self.roman = docx.Document(), styled, roman
        self.truth: dict[str, Any] = {"conclusions": [], "recommendations": [], "lessons": [], "good_practices": [],
                                      "sections": [], "cover": {}, "questions": 0, "title": "", "ratings": [],
                                      "links": []}

    def heading(self, text: str, level: int = 1) -> None:
        if self.roman:  # "4. Findings" -> "IV. FINDINGS", "4.2 Effectiveness" -> "B. Effectiveness"
            text = re.sub(r"^(\d+)\.\s+(.*)$", lambda m: f"{ROMAN[int(m.group(1))]}. {m.group(2).upper()}", text)
            text = re.sub(r"^\d+\.(\d+)\s+", lambda m: f"{chr(64 + int(m.group(1)))}. ", text)
        if self.styled:
            self.document.add_heading(text, level=level)
        else:
            self.para(text, size=HEADING_SIZES.get(level, 12), bold=True)

    def para(self, text: str, lead: str = "", style: str | None = None, size: int = 0, bold: bool = False) -> None:
        paragraph = self.document.add_paragraph(style=style)
        if lead:
            paragraph.add_run(lead).bold = True
            text = " " + text
        run = paragraph.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)

    def table(self, rows: list[tuple[str, ...]], header: bool = True) -> None:
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
                for run in table.cell(i, j).paragraphs[0].runs:
                    run.bold = (header and i == 0) or None
        self.document.add_paragraph()

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def section(self, number: str, title: str, paragraphs: list[str], numbered_from: int = 0,
                bold_first: bool = False) -> int:
        self.heading(f"{number} {title}", level=2)
        self.truth["sections"].append({"number": number, "title": title, "text": " ".join(paragraphs)})
        for offset, text in enumerate(paragraphs):
            self.para(f"{numbered_from + offset + 1}. {text}" if numbered_from else text, bold=bold_first and not offset)
        return numbered_from + len(paragraphs) if numbered_from else 0


def final_en(r: Report) -> None:
    title = "Accelerating Action for the Elimination of Child Labour in Supply Chains in Africa (ACCEL Africa)"
    r.truth["title"] = title
    r.para("Independent Final Evaluation", size=20, bold=True)
    r.para(title, size=16, bold=True)
    cover = {"ILO TC/SYMBOL": "RAF/18/08/NLD", "Type of Evaluation": "Project",
             "Country(ies)": "Côte d'Ivoire, Egypt, Malawi, Mali, Nigeria, Uganda", "Date of the evaluation": "March 2023",
             "ILO Administrative Office": "FUNDAMENTALS", "Donor: country and budget US$": "Netherlands, US$ 27,000,000",
             "Evaluation Manager": "Maria Pérez", "Key Words": "child labour, supply chains, cocoa, cotton, gold"}
    r.table([("Project data", "")] + list(cover.items()))
    r.truth["cover"] = cover
    r.page_break()
    r.heading("Table of contents")
    for line, page in [("Executive summary", 4), ("1. Introduction", 8), ("4. Findings", 12), ("5. Conclusions", 20),
                       ("6. Recommendations", 22), ("7. Lessons learned and emerging good practices", 25), ("Annexes", 27)]:
        r.para(f"{line}\t{'.' * 40}\t{page}")
    r.page_break()
    r.heading("Acronyms")
    r.table([("CLMRS", "Child Labour Monitoring and Remediation System"), ("NAP", "National Action Plan")], header=False)
    r.heading("Executive summary")
    r.heading("Main findings", 2)
    r.para("The project was highly relevant to national priorities and delivered most of its outputs.")
    r.heading("Recommendations", 2)
    for text in ("Consolidate the monitoring systems.", "Secure government budget lines.", "Share the enterprise model."):
        r.para(text, style="List Number")
    r.page_break()
    r.heading("1. Introduction")
    r.para("This report presents the findings of the independent final evaluation of the ACCEL Africa project.")
    r.heading("3. Methodology")
    r.para("The evaluation combined a desk review, 96 interviews and 14 focus group discussions.")
    r.heading("4. Findings")
    r.section("4.1", "Relevance and strategic fit", [
        "The project responded to the priorities of the national action plans against child labour of the six countries.",
        "Social partners were consulted at design stage in four of the six countries."])
    r.section("4.2", "Effectiveness", [
        "By December 2022, 38 of the 45 output targets had been met and eleven monitoring systems were operating.",
        "Enterprise-level interventions reached 212 small and medium enterprises."])
    r.section("4.3", "Efficiency", ["Delivery reached 83% of the budget by the end of 2022, despite staff turnover."])
    r.section("4.4", "Impact orientation", ["The hazardous work lists adopted in Malawi and Uganda are likely to last."])
    r.section("4.5", "Sustainability", ["Few of the monitoring systems have a budget line in local government plans."])
    r.heading("5. Conclusions")
    r.para("The evaluation reached the following conclusions.")
    for lead, text in (("Relevance.", "The project was well aligned with national priorities and with the ILO's strategy."),
                       ("Effectiveness.", "Most outputs were delivered; results at community level were uneven across sectors."),
                       ("Sustainability.", "The monitoring systems are not yet financially sustainable after the project.")):
        r.para(text, lead=lead)
        r.truth["conclusions"].append(f"{lead} {text}")
    r.heading("6. Recommendations")
    for number, (title, text, fields) in enumerate((
            ("Consolidate the child labour monitoring systems before the project ends",
             "The project should train district officers in the use of the monitoring systems and hand over the tools.",
             {"Addressed to": "ILO project team, ministries of labour", "Priority": "High", "Time frame": "Short term",
              "Resource implication": "Low"}),
            ("Document and share the enterprise-level model with the private sector",
             "The enterprise-level model should be documented in a practical guide for employers' organizations.",
             {"Addressed to": "ILO FUNDAMENTALS, employers' organizations", "Priority": "Medium",
              "Time frame": "Medium term", "Resource implication": "Low"})), 1):
        r.para(f"Recommendation {number}: {title}", bold=True)
        r.para(text)
        r.table([tuple(fields), tuple(fields.values())])
        r.truth["recommendations"].append({"title": title, "text": text, "fields": fields})
    r.heading("7. Lessons learned and emerging good practices")
    r.heading("7.1 Lessons learned", 2)
    lessons = (("Involve local governments from the design stage",
                "Monitoring systems designed with district officers were taken over faster than the others."),
               ("Sector approaches need sector-specific tools",
                "Tools designed for cocoa could not be transferred to gold mining without major adaptation."))
    for number, (title, text) in enumerate(lessons, 1):
        r.para(text, lead=f"Lesson learned {number}: {title}.")
        r.truth["lessons"].append({"title": title, "text": text})
    r.heading("7.2 Emerging good practices", 2)
    practice = ("Enterprise child labour committees", "Committees of workers and managers identified and referred cases.")
    r.para(practice[1], lead=f"Emerging good practice 1: {practice[0]}.")
    r.truth["good_practices"].append({"title": practice[0], "text": practice[1]})
    r.page_break()
    r.heading("Annexes")
    r.heading("Annex 2. Evaluation matrix", 2)
    questions = [("Relevance", "To what extent was the project aligned with national priorities?"),
                 ("Effectiveness", "To what extent were the planned outputs and outcomes achieved?"),
                 ("Efficiency", "Were resources used efficiently?"),
                 ("Sustainability", "Are the results likely to last after the project?")]
    r.table([("Criterion", "Evaluation question", "Sources")] + [(c, q, "Interviews") for c, q in questions])
    r.truth["questions"] = len(questions)
    r.heading("Annex 3. Lessons learned templates", 2)
    for title, text in lessons:
        r.para("ILO Lesson Learned Template")
        r.table([("Project Title:", title), ("Project TC/SYMBOL:", "RAF/18/08/NLD"), ("Name of Evaluator:", "Amina Okafor"),
                 ("LL Element", "Text"), ("Brief description of lesson learned", text),
                 ("Context and any related preconditions", "Decentralised administrations with their own budgets.")],
                header=False)


def final_fr(r: Report) -> None:
    title = "Appui à la formalisation de l'économie informelle en Haïti"
    r.truth["title"] = title
    r.para("Évaluation finale indépendante", bold=True)
    r.para(title, size=18, bold=True)
    cover = {"Code du projet": "HTI/20/01/CAN", "Type d'évaluation": "Projet", "Pays": "Haïti",
             "Date de l'évaluation": "Novembre 2024", "Bureau administratif": "BP-Port-au-Prince",
             "Donateur": "Canada (2 500 000 USD)"}
    for label, value in cover.items():
        r.para(f"{label} : {value}", style="List Bullet")
    r.truth["cover"] = cover
    r.page_break()
    r.heading("Résumé exécutif")
    r.para("Le projet visait la transition vers l'économie formelle de 3 000 micro-entreprises à Port-au-Prince.")
    r.heading("1. CONTEXTE")
    r.para("L'économie informelle représente plus de 85 % de l'emploi en Haïti.")
    r.heading("2. MÉTHODOLOGIE")
    r.para("L'évaluation a combiné une revue documentaire, 54 entretiens et quatre groupes de discussion.")
    r.heading("2.1 Questions d'évaluation", 2)
    questions = ["Dans quelle mesure le projet répondait-il aux besoins des micro-entreprises ?",
                 "Dans quelle mesure les résultats attendus ont-ils été atteints ?",
                 "Les ressources ont-elles été utilisées de manière efficiente ?",
                 "Les résultats seront-ils maintenus après la fin du projet ?"]
    for number, question in enumerate(questions, 1):
        r.para(f"Q{number}. {question}")
    r.truth["questions"] = len(questions)
    r.heading("3. CONSTATATIONS")
    paragraph = r.section("3.1", "PERTINENCE", [
        "Le projet répondait à une demande exprimée par les organisations de micro-entrepreneurs.",
        "Sa conception s'appuyait sur une étude de base réalisée en 2020."], numbered_from=10)
    paragraph = r.section("3.2", "EFFICACITÉ", ["1 850 micro-entreprises ont été enregistrées, soit 62 % de la cible.",
                                                "Les guichets uniques ont réduit le délai d'enregistrement à 12 jours."],
                          numbered_from=paragraph)
    r.section("3.3", "DURABILITÉ", ["Les guichets uniques dépendent encore du financement du projet."],
              numbered_from=paragraph)
    r.heading("4. CONCLUSIONS")
    for text in ("Le projet était pertinent et bien aligné sur les priorités nationales de formalisation.",
                 "Les résultats sont significatifs mais inférieurs aux cibles, en raison de l'insécurité.",
                 "La durabilité des guichets uniques n'est pas assurée sans budget public."):
        r.para(text, style="List Number")
        r.truth["conclusions"].append(text)
    r.heading("5. RECOMMANDATIONS")
    r.para("Le tableau ci-dessous présente les recommandations de l'évaluation.")
    rows = [("N°", "Recommandation", "Destinataires", "Priorité", "Délai", "Ressources")]
    for number, (title, text, fields) in enumerate((
            ("Pérenniser les guichets uniques d'enregistrement",
             "Le ministère devrait intégrer les guichets à son budget ordinaire dès 2025.",
             {"Destinataires": "Ministère du Commerce, BIT", "Priorité": "Haute", "Délai": "Court terme",
              "Ressources": "Moyennes"}),
            ("Simplifier la fiscalité des micro-entreprises",
             "Le BIT devrait appuyer la conception d'un régime fiscal simplifié.",
             {"Destinataires": "Ministère des Finances", "Priorité": "Moyenne", "Délai": "Moyen terme",
              "Ressources": "Faibles"}),
            ("Renforcer le suivi des entreprises enregistrées",
             "Un système de suivi devrait mesurer la survie des entreprises.",
             {"Destinataires": "BIT", "Priorité": "Moyenne", "Délai": "Court terme", "Ressources": "Faibles"})), 1):
        rows.append((str(number), f"{title}. {text}", *fields.values()))
        r.truth["recommendations"].append({"title": title, "text": text, "fields": fields})
    r.table(rows)
    r.heading("6. LEÇONS APPRISES ET BONNES PRATIQUES")
    lesson = ("Associer les mairies dès le départ", "Les guichets installés dans les mairies ont attiré plus d'entreprises.")
    r.para(lesson[1], lead=f"Leçon apprise 1 : {lesson[0]}.")
    r.truth["lessons"].append({"title": lesson[0], "text": lesson[1]})
    practice = ("Guichet unique mobile", "Une unité mobile a enregistré des entreprises dans les quartiers éloignés.")
    r.para(practice[1], lead=f"Bonne pratique 1 : {practice[0]}.")
    r.truth["good_practices"].append({"title": practice[0], "text": practice[1]})
    r.heading("ANNEXES")
    r.heading("Annexe 1. Liste des personnes rencontrées", 2)
    r.table([("Nom", "Institution"), ("Jean Pierre", "Ministère du Commerce")])


def midterm_es(r: Report) -> None:
    title = "Evaluación intermedia del proyecto Empleo Juvenil Rural en Bolivia y Ecuador"
    r.truth["title"] = title
    r.para("ORGANIZACIÓN INTERNACIONAL DEL TRABAJO", bold=True)
    r.para(title, size=18, bold=True)
    cover = {"Código del proyecto": "RLA/21/03/ESP", "Tipo de evaluación": "Proyecto", "Países": "Bolivia, Ecuador",
             "Fecha de la evaluación": "Agosto de 2025", "Donante": "España (1 800 000 USD)"}
    r.table([("Datos de la evaluación", "")] + list(cover.items()))
    r.truth["cover"] = cover
    r.page_break()
    number = 0

    def numbered(text: str, lead: str = "") -> None:
        nonlocal number
        number += 1
        r.para(text, lead=f"{number}. {lead}".strip()) if lead else r.para(f"{number}. {text}")

    r.heading("RESUMEN EJECUTIVO")
    numbered("El proyecto promueve el empleo de jóvenes rurales en cuatro municipios de Bolivia y tres provincias de Ecuador.")
    numbered("Recomendación 1: Ampliar la formación técnica. Recomendación 2: Fortalecer el registro de empleo.")
    r.heading("1. INTRODUCCIÓN")
    numbered("La evaluación intermedia se realizó entre mayo y julio de 2025 con métodos mixtos.")
    r.heading("2. HALLAZGOS")
    number = r.section("2.1", "Pertinencia", ["El proyecto responde a las políticas nacionales de empleo juvenil.",
                                              "Los jóvenes consultados valoran la formación en oficios agrícolas."],
                       numbered_from=number)
    number = r.section("2.2", "Eficacia", ["Se formaron 1 240 jóvenes, el 78 % de la meta intermedia."], numbered_from=number)
    number = r.section("2.3", "Sostenibilidad", ["Los municipios de Bolivia cofinancian los centros desde 2024."],
                       numbered_from=number)
    r.heading("3. CONCLUSIONES")
    for index, text in enumerate(("El proyecto es pertinente para las políticas nacionales y para los jóvenes.",
                                  "Los resultados de formación son buenos, pero la inserción laboral es todavía baja."), 1):
        numbered(text, lead=f"Conclusión {index}:")
        r.truth["conclusions"].append(text)
    r.heading("4. RECOMENDACIONES")
    for index, (title, text, fields) in enumerate((
            ("Ampliar la cobertura de la formación técnica", "El proyecto debería abrir dos centros más en Ecuador.",
             {"Prioridad": "Alta", "Plazo": "Corto plazo", "Recursos": "Medios", "Dirigida a": "OIT, Ministerio de Trabajo"}),
            ("Fortalecer el registro de empleo", "Los municipios deberían registrar la inserción de los egresados.",
             {"Prioridad": "Media", "Plazo": "Mediano plazo", "Recursos": "Bajos", "Dirigida a": "Municipios"})), 1):
        numbered(title, lead=f"Recomendación {index}:")
        r.para(text)
        r.para("; ".join(f"{label}: {value}" for label, value in fields.items()) + ".")
        r.truth["recommendations"].append({"title": title, "text": text, "fields": fields})
    r.heading("5. LECCIONES APRENDIDAS")
    lesson = ("La formación debe seguir el calendario agrícola", "Los cursos programados fuera de la cosecha tuvieron menos abandono.")
    numbered(lesson[1], lead=f"Lección aprendida 1: {lesson[0]}.")
    r.truth["lessons"].append({"title": lesson[0], "text": lesson[1]})
    r.heading("6. BUENAS PRÁCTICAS")
    practice = ("Mentoría entre pares", "Egresados del primer año acompañaron a los nuevos participantes.")
    numbered(practice[1], lead=f"Buena práctica 1: {practice[0]}.")
    r.truth["good_practices"].append({"title": practice[0], "text": practice[1]})
    r.heading("ANEXOS")
    r.heading("Anexo 1. Matriz de evaluación", 2)
    questions = [("Pertinencia", "¿Responde el proyecto a las prioridades nacionales?"),
                 ("Eficacia", "¿En qué medida se lograron los resultados esperados?"),
                 ("Sostenibilidad", "¿Se mantendrán los resultados después del proyecto?")]
    r.table([("Criterio", "Preguntas de evaluación")] + questions)
    r.truth["questions"] = len(questions)
    r.heading("Anexo 2. Plantilla de lección aprendida", 2)
    r.table([("Título del proyecto:", title), ("Elemento de la lección aprendida", "Texto"),
             ("Breve descripción de la lección aprendida", lesson[1]),
             ("Contexto y cualquier precondición relacionada", "Zonas rurales con cosecha estacional.")], header=False)


def combined_en(r: Report) -> None:
    title = "Decent Work for Domestic Workers in Kenya and Tanzania"
    r.truth["title"] = title
    r.para("ILO EVALUATION", bold=True)
    # the fields as Word's second-level bullets: "o" in Courier New, as a PDF's text keeps it
    for label, value in (("Evaluation Title", title), ("DC Symbol", "RAF/21/02/NOR"), ("Type of Evaluation", "Independent final"),
                         ("Country(ies) or geographical scope", "Kenya, Tanzania"), ("Evaluator(s)", "Grace Mwangi; Tom Baker"),
                         ("Date of evaluation completion", "October 2024")):
        r.para(f"{label}: {value}", style="List Bullet 2")
    r.truth["cover"] = {"DC Symbol": "RAF/21/02/NOR", "Country(ies) or geographical scope": "Kenya, Tanzania",
                        "Evaluator(s)": "Grace Mwangi", "Date of evaluation completion": "October 2024"}
    r.page_break()
    r.heading("Executive summary")
    r.para("The project sought to extend labour protection to domestic workers in two countries between 2021 and 2024.")
    r.heading("1. Project background")
    r.para("Domestic work employs about two million people in the two countries, most of them women.")
    r.heading("2. Findings")
    # each section opens with the evaluation question it answers, in bold (no matrix in the annexes)
    r.section("2.1", "Relevance and strategic fit", [
        "EQ1. To what extent did the project respond to the needs of domestic workers?",
        "The project responded to the ratification campaigns for Convention No. 189 in both countries.",
        "Domestic workers' unions were partners from the design stage."], bold_first=True)
    r.section("2.2", "Project progress and effectiveness", [
        "EQ2. To what extent were the planned outputs delivered?",
        "The registry of domestic workers was launched in two of the four counties planned."], bold_first=True)
    r.truth["questions"] = 2
    # no section heading is a criterion's name alone: the criteria are the sections' own titles
    r.truth["criteria"] = ["Relevance and strategic fit", "Project progress and effectiveness",
                           "Efficiency of resource use", "Impact orientation and sustainability"]
    r.section("2.3", "Efficiency of resource use", ["The project spent 91% of its budget, with savings on travel."])
    r.section("2.4", "Impact orientation and sustainability", [
        "The registries depend on county budgets that are not yet secured for 2025."])
    r.heading("3. Conclusions and recommendations")
    for text in ("The project was relevant to the needs of domestic workers and their organisations in both countries.",
                 "Its effectiveness was uneven across counties because the registry depended on county governments.",
                 "The results are at risk without public funding of the registries after the project ends."):
        r.para(text)
        r.truth["conclusions"].append(text)
    r.para("The evaluation makes the following recommendations:")
    for title_, text, fields in (
            ("Extend the registry", "The ILO should support the two remaining counties in launching the registry.",
             {"Responsible": "ILO Country Office", "Priority": "High", "Timeframe": "Short term", "Resources": "Medium"}),
            ("Fund the inspectors' training", "The ministries should fund the training of labour inspectors from their budgets.",
             {"Responsible": "Ministries of Labour", "Priority": "Medium", "Timeframe": "Long term", "Resources": "High"})):
        r.para(f"{title_}. {text}", style="List Number")
        r.para("(" + "; ".join(f"{label}: {value}" for label, value in fields.items()) + ")")
        r.truth["recommendations"].append({"title": title_, "text": text, "fields": fields})
    r.heading("4. Lessons learned")
    for title_, text in (("Unions open doors", "Domestic workers' unions reached employers that the inspectors could not."),
                         ("Counties decide", "Where the county government owned the registry, it was launched on time.")):
        r.para(f"{title_}. {text}", style="List Bullet")
        r.truth["lessons"].append({"title": title_, "text": text})
    r.heading("5. Emerging good practices")
    practice = ("Registration days in markets", "Mobile registration desks in markets registered 3,400 workers in a month.")
    r.para(practice[1], lead=f"Emerging good practice 1 - {practice[0]}:")
    r.truth["good_practices"].append({"title": practice[0], "text": practice[1]})
    r.heading("Annexes")
    r.heading("Annex 1. Terms of reference", 2)
    r.para("The evaluation will assess the relevance, effectiveness, efficiency and sustainability of the project.")


def criteria_fr(r: Report) -> None:
    title = "Promotion du travail décent dans les chaînes de valeur du cacao en Côte d'Ivoire"
    r.truth["title"] = title
    r.para("BUREAU INTERNATIONAL DU TRAVAIL", bold=True)
    r.para(title, size=18, bold=True)
    cover = {"Symbole DC": "CIV/21/05/EUR", "Type d'évaluation": "Projet", "Couverture géographique": "Côte d'Ivoire",
             "Évaluateurs": "Awa Koné"}
    r.table([("Titre du projet", title)] + list(cover.items()), header=False)
    r.truth["cover"] = cover
    r.page_break()
    r.heading("Résumé exécutif")
    r.para("Le projet visait l'élimination du travail des enfants dans 120 communautés productrices de cacao.")
    r.heading("1. Introduction")
    r.para("Ce rapport présente l'évaluation finale indépendante du projet.")
    r.heading("2. Méthodologie")
    r.para("L'évaluation a combiné une revue documentaire, 64 entretiens et six groupes de discussion.")
    # no "Findings" chapter: the criteria are the report's chapters
    r.heading("3. Pertinence")
    r.section("3.1", "Alignement sur les priorités nationales", [
        "Le projet s'inscrivait dans le plan d'action national contre le travail des enfants.",
        "Les organisations de producteurs ont été consultées dès la conception."])
    r.section("3.2", "Réponse aux besoins des communautés", ["Les communautés ont demandé davantage d'écoles."])
    r.heading("4. Efficacité")
    r.para("Le système de suivi couvre 96 des 120 communautés prévues.")
    r.truth["sections"].append({"number": "4", "title": "Efficacité",
                                "text": "Le système de suivi couvre 96 des 120 communautés prévues."})
    r.heading("5. Durabilité")
    r.para("Les comités communautaires n'ont pas encore de budget propre.")
    r.truth["sections"].append({"number": "5", "title": "Durabilité",
                                "text": "Les comités communautaires n'ont pas encore de budget propre."})
    r.heading("6. Conclusions")
    r.para("L'équipe d'évaluation tire les conclusions suivantes :")
    for text in ("Le projet était pertinent au regard des priorités nationales et des besoins des communautés.",
                 "Les résultats sont importants mais la couverture du système de suivi reste incomplète.",
                 "La durabilité dépend du financement des comités par les collectivités locales."):
        r.para(text, style="List Bullet")
        r.truth["conclusions"].append(text)
    r.heading("7. Recommandations")
    rows = [("Recommandation", "Responsable", "Priorité", "Délai")]
    for number, (title_, text, fields) in enumerate((
            ("Étendre le système de suivi", "le projet devrait couvrir les 24 communautés restantes d'ici 2026.",
             {"Responsable": "BIT", "Priorité": "Haute", "Délai": "Court terme"}),
            ("Financer les comités", "les collectivités devraient inscrire les comités à leur budget annuel.",
             {"Responsable": "Ministère de l'Intérieur", "Priorité": "Moyenne", "Délai": "Moyen terme"})), 1):
        rows.append((f"{number}. {title_} : {text}", *fields.values()))
        r.truth["recommendations"].append({"title": title_, "text": text, "fields": fields})
    r.table(rows)
    r.heading("8. Enseignements tirés")
    lesson = ("Les écoles retiennent les enfants", "Là où une école a ouvert, le travail des enfants a reculé de moitié.")
    r.para(f"{lesson[0]} : {lesson[1]}", style="List Bullet")
    r.truth["lessons"].append({"title": lesson[0], "text": lesson[1]})
    r.heading("Annexes")
    r.heading("Annexe 1. Termes de référence", 2)
    r.para("L'évaluation portera sur la pertinence, l'efficacité et la durabilité du projet.")


def _courier_o_bullets(r: Report) -> None:
    """Word's second-level bullet as most templates set it: an "o" in Courier New (python-docx's own
    template has the Symbol bullet at every level)."""
    numbering = r.document.part.numbering_part.element
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for abstract in numbering.iter(f"{w}abstractNum"):
        if any(style.get(f"{w}val") == "ListBullet2" for style in abstract.iter(f"{w}pStyle")):
            for text in abstract.iter(f"{w}lvlText"):
                text.set(f"{w}val", "o")
            for fonts in abstract.iter(f"{w}rFonts"):
                for side in ("ascii", "hAnsi", "cs"):
                    fonts.set(f"{w}{side}", "Courier New")


def grouped_en(r: Report) -> None:
    title = "Skills for Green Jobs in the Construction Sector"
    r.truth["title"] = title
    r.para("ILO EVALUATION", bold=True)
    cover = {"DC Symbol": "ZAF/20/03/GER", "Country(ies) or geographical scope": "South Africa",
             "Evaluator(s)": "Thandi Nkosi"}
    r.table([("Evaluation Title", title)] + list(cover.items()), header=False)
    r.truth["cover"] = cover
    r.page_break()
    r.heading("Executive summary")
    r.para("The evaluation rated the project on the six-point scale of the terms of reference:")
    r.table([("Criterion", "Rating", "Justification"),
             ("Relevance", "Highly satisfactory", "Aligned with the national skills plan (Finding 1)."),
             ("Effectiveness", "Moderately satisfactory", "Two of four provinces reached their targets.")])
    r.heading("1. Methodology")
    r.para("The evaluation combined a document review, 48 interviews and a survey of 210 graduates.")
    r.heading("2. Findings")
    for number, (criterion, finding, narrative) in enumerate((
            ("Relevance", "The project answered the skills gaps the construction employers had named in the sector plan.",
             "The employers' associations took part in the design workshops of 2020."),
            ("Effectiveness", "Two of the four provinces trained as many artisans as planned; the other two lacked "
             "workshops.", "The project trained 1,240 artisans against a target of 1,600."),
            ("Sustainability", "The colleges have not budgeted the green modules beyond 2025.",
             "Three of the nine colleges have asked the department for funds.")), 1):
        r.heading(f"2.{number} {criterion}", 2)
        r.para(finding, lead=f"Finding {number}:")   # a key finding, then the section's narrative
        r.para(narrative)
        r.truth["sections"].append({"number": f"2.{number}", "title": criterion, "text": narrative})
    rating = "Rating: Moderately unsatisfactory. The modules depend on the project's funds."
    r.para(rating)   # (the line stays in the section's text too)
    r.truth["sections"][-1]["text"] += " " + rating
    r.truth["criteria"] = ["Relevance", "Effectiveness", "Sustainability"]
    r.truth["ratings"] = [("Relevance", "highly_satisfactory"), ("Effectiveness", "moderately_satisfactory"),
                          ("Sustainability", "moderately_unsatisfactory")]
    r.heading("3. Conclusions")
    for number, text, cited in ((1, "The project was highly relevant to the sector's needs (Findings 1 and 2).", 2),
                                (2, "The hand-over to the colleges is at risk (see Finding 3).", 1)):
        r.para(text, lead=f"Conclusion {number}.")
        r.truth["conclusions"].append(text)
        r.truth["links"].append(("conclusions.yaml", "conclusions", text, "findings", cited))
    r.heading("4. Recommendations")
    for group, items in (("4.1 Recommendations for the ILO", [
            ("Equip the two remaining provinces", "The project should fund the workshops of the two remaining "
             "provinces before it ends, as conclusion 1 shows.", {"Addressed to": "ILO"})]),
            ("4.2 Recommendations for the Department of Higher Education", [
                ("Budget the green modules", "The department should include the modules in the colleges' budgets "
                 "from 2026 (see Conclusion 2).", {"Addressed to": "Department of Higher Education"}),
                ("Certify the trainers", "The department should certify the college trainers who taught the modules.",
                 {"Addressed to": "Department of Higher Education"})])):
        r.heading(group, 2)
        for number, (title_, text, fields) in enumerate(items, 1):  # numbered anew under each heading
            r.para(f"{number}. {title_}. {text}")
            r.truth["recommendations"].append({"title": title_, "text": text, "fields": fields})
            if "onclusion" in text:
                r.truth["links"].append(("recommendations.yaml", "recommendations", text, "conclusions", 1))
    r.heading("5. Lessons learned")
    r.para("The evaluation identified two lessons:")
    for title_, text, points in (
            ("Employers first", "Courses designed with the employers' associations filled their places.",
             ["The associations named the trades.", "They offered the placements."]),
            ("Workshops before courses", "Provinces without workshops could not start the practical modules.", [])):
        r.para(f"Lesson {len(r.truth['lessons']) + 1}: {title_}. {text}", style="List Bullet")
        for point in points:
            r.para(point, style="List Bullet 2")
        r.truth["lessons"].append({"title": title_, "text": " ".join([text, *points])})
    _courier_o_bullets(r)
    r.heading("6. Emerging good practices")
    r.para("The emerging good practice is set out in the ILO template in Annex 3.")
    r.heading("Annexes")
    r.heading("Annex 1. Terms of reference", 2)
    r.para("The evaluation will assess the relevance, effectiveness and sustainability of the project.")
    r.heading("Annex 3. Emerging good practice", 2)
    practice = "Mobile workshops in containers let rural colleges run the practical modules from the first year."
    r.table([("GP Element", "Text"),
             ("Brief summary of the good practice (link to project goal or specific deliverable, background, purpose, etc.)",
              practice), ("Potential for replication and by whom", "Any TVET project with rural colleges.")])
    r.truth["good_practices"].append({"title": "", "text": practice})


SHAPES: dict[str, tuple[str, Callable[[Report], None]]] = {
    "final_en": ("en", final_en), "final_fr": ("fr", final_fr), "midterm_es": ("es", midterm_es),
    "combined_en": ("en", combined_en), "criteria_fr": ("fr", criteria_fr), "grouped_en": ("en", grouped_en)}


def build(shape: str, path: Path, styled: bool = True, roman: bool = False) -> dict[str, Any]:
    """Write the shape's report to `path` (.docx), its chapters numbered in roman numerals and their
    sections lettered when `roman`; its truth, with its language."""
    lang, write = SHAPES[shape]
    report = Report(styled, roman)
    write(report)
    report.document.save(str(path))
    return {**report.truth, "lang": lang}
