"""The wording of ILO evaluation reports in Spanish, English and French.

Every pattern is matched against text that `fold()` has lower-cased and stripped of
accents, so one pattern covers "Conclusión"/"conclusion" and "Leçons"/"lecons".
"""

from __future__ import annotations

import re
import unicodedata

from ..content.registry import ilo_template_types, worded_types


def fold(text: str) -> str:
    """Lower case, no accents, no emphasis, single spaces: for matching wording."""
    text = unicodedata.normalize("NFKD", text.replace("*", "").replace("_", " "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().lower()


def fold_chars(text: str) -> str:
    """Like `fold` but one character for one: positions in the result are positions in `text`."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)
        out.append((base[0] if base else ch).lower() if len(base[:1].lower()) == 1 else ch)
    return "".join(out)


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?:%s)" % "|".join(patterns))


# The glyphs a list item's bullet is set in: Unicode's, and the private-use characters of Word's Symbol
# and Wingdings fonts that a PDF's text layer keeps ("\uf0b7" is Word's default bullet).
BULLET_GLYPHS = "•●▪◦‣⁃∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
# Word's second-level bullet, a letter o (Courier New), as plain text keeps it: before a tab or wide gap,
# or before a label and its colon ("o Evaluation Title: …"), so that a wrapped line starting with the
# Spanish "o" ("… Perú\no Bolivia …") is never one.
O_BULLET = r"o(?=(?:\t| {2,})\S|\s[A-ZÀ-Ý][^:\n]{1,60}:)"

# A chapter of conclusions and recommendations, and the paragraph in it announcing the recommendations
# ("The evaluation makes the following recommendations:").
CONCLUSIONS_AND_RECOMMENDATIONS = _any(r"conclusiones y recomendaciones", r"conclusions? (?:and|&) recommendations?",
                                       r"conclusions et recommandations")
CONCLUSIONS_AND_LESSONS = _any(r"conclusiones y lecciones aprendidas", r"conclusions? (?:and|&) lessons? learn(?:ed|t)",
                               r"conclusions et (?:lecons apprises|enseignements(?: tires)?)")
RECOMMEND_WORD = re.compile(r"\b(?:recommend|recomiend|recomend|recommand)")
# Chapter headings (the whole heading, after its number), in the order of preference.
CHAPTERS: dict[str, re.Pattern[str]] = {
    "summary": _any(r"resumen ejecutivo", r"executive summary", r"resume executif", r"resume analytique",
                    # (not "Summary" alone: a section's own summary would end the chapter it is in)
                    r"synthese", r"sumario ejecutivo", r"summary of (?:the )?(?:evaluation|report)",
                    r"resumen de la evaluacion", r"resume de l.evaluation"),
    "acronyms": _any(r"(?:lista de )?(?:siglas|acronimos|abreviaturas)(?: y (?:siglas|acronimos|abreviaturas))*",
                     r"(?:list of )?(?:acronyms|abbreviations)(?: and (?:acronyms|abbreviations))*",
                     r"(?:liste des )?(?:sigles|acronymes|abreviations)(?: et (?:sigles|acronymes|abreviations))*"),
    "findings": _any(r"(?:(?:evaluation )?(?:outcomes?|results?) ?(?:/|and|&) ?)?(?:evaluation )?findings(?: ?(?:/|and|&) ?(?:outcomes?|results?))?",
                     r"(?:principales |main |key |evaluation |principaux )?(?:hallazgos|findings|constats|constatations)"
                     r"(?: (?:principales|de la evaluacion|of the evaluation|de l.evaluation))?"
                     r"(?: (?:y|and|et) conclusion(?:es|s))?",
                     r"resultats de l.evaluation",
                     # "Findings and analysis", "Findings by evaluation criterion", "Evaluation results"
                     r"(?:(?:main|key|evaluation|principal) )?findings (?:and|&) analysis", r"analysis (?:and|&) findings",
                     r"analisis y hallazgos", r"hallazgos y analisis", r"analyse et constat(?:ation)?s",
                     r"constat(?:ation)?s et analyse",
                     r"(?:(?:main|key|evaluation|principal) )?findings (?:by|per|according to|for each) .{1,50}",
                     r"(?:principales )?hallazgos (?:por|segun) .{1,50}", r"(?:principaux )?constat(?:ation)?s (?:par|selon) .{1,50}",
                     r"evaluation results", r"results of the evaluation", r"resultados de la evaluacion"),
    # (a chapter of both: its "Recommendations" sub-heading or first recommendation opens the recommendations)
    "conclusions": _any(r"conclusiones", r"conclusions?", CONCLUSIONS_AND_RECOMMENDATIONS.pattern,
                        CONCLUSIONS_AND_LESSONS.pattern,
                        r"(?:overall|main|key|general|principal|final) conclusions", r"principales conclusi(?:ones|ons)",
                        r"conclusiones (?:generales|principales|finales)", r"conclusions (?:generales|principales|finales)"),
    **{t.collection_key: re.compile(f"(?:{t.wording.chapter})") for t in worded_types()
       if t.wording and t.wording.chapter},
    "annexes": _any(r"anexos?", r"annex(?:es)?", r"annexes?", r"appendi(?:x|ces)", r"appendices?"),
}
# Headings of the other chapters: they end the chapter before them. The bibliography ends the
# last chapter before the annexes (else it would be read as good practices); "Other findings"
# after the good practices of a short brief is a chapter of its own, not a practice.
OTHER_CHAPTERS = _any(
    r"bibliografia", r"bibliography", r"bibliographie", r"references(?: bibliographiques)?", r"referencias.*",
    r"(?:documents|documentos) (?:consulted|reviewed|consultados|consultes)", r"works cited", r"sources",
    r"(?:otros|other|autres|additional) (?:hallazgos|findings|constats)", r"hallazgos adicionales",
    r"(?:evaluation )?background.*", r"(?:project|programme) (?:background|context|description|overview).*",
    r"foreword", r"preface", r"prologo", r"avant.propos",
    r"agradecimientos", r"acknowledge?ments?", r"remerciements", r"introduccion", r"introduction",
    r"contexto.*", r"context.*", r"background.*", r"antecedentes.*", r"descripcion del proyecto",
    r"project description", r"description du projet", r"metodologia.*", r"methodology.*", r"methodologie.*",
    # "Purpose, scope and methodology", "Objetivos y alcance de la evaluación", "Objet et portée de l'évaluation"
    r"(?:evaluation )?(?:purpose|objectives?),? (?:and )?scope.*", r"(?:purpose|objectives?|scope)\b.*\bmethodolog.*",
    r"(?:proposito|objeto|objetivos?),? (?:y )?alcance.*", r"(?:proposito|objetivos?|alcance)\b.*\bmetodologia.*",
    r"(?:objet|objectifs?),? (?:et )?portee.*", r"(?:objet|objectifs?|portee)\b.*\bmethodologie.*",
    r"tabla de contenidos?", r"table of contents", r"table des matieres", r"indice", r"contents",
    r"lista de (?:tablas|graficos|figuras)", r"list of (?:tables|figures|charts)", r"liste des (?:tableaux|figures)")

# The back matter after the last chapter: it ends that chapter, whatever its heading's level.
BACK_MATTER = _any(r"bibliografia", r"bibliography", r"bibliographie", r"references(?: bibliographiques)?",
                   r"referencias(?: bibliograficas)?", r"(?:documents|documentos) (?:consulted|reviewed|consultados|consultes)",
                   r"works cited", r"(?:list of )?(?:documents|sources) consulted", r"lista de documentos consultados",
                   r"liste des documents consultes")

# Criteria of evaluation (OECD-DAC and ILO), as the first words of a heading.
CRITERION_STEMS = _any(
    r"pertinencia", r"relevance", r"pertinence", r"validez", r"validity", r"validite", r"(?:project )?design",
    r"diseno", r"conception", r"coherencia", r"coherence", r"eficiencia", r"efficiency", r"efficience",
    r"eficacia", r"efectividad", r"effectiveness", r"efficacite", r"(?:orientacion (?:al|hacia el) )?impacto",
    r"(?:orientation (?:vers l.)?)?impact", r"(?:orientacion a la )?sostenibilidad", r"sustainability",
    r"durabilite", r"viabilite", r"tripartismo", r"tripartism", r"tripartisme", r"(?:igualdad de )?genero",
    r"gender", r"genre", r"cross.cutting", r"temas transversales", r"questions transversales", r"covid",
    # the ILO's cross-cutting policy drivers, rated as criteria
    r"(?:international )?labou?r standards", r"normas (?:internacionales )?del trabajo", r"normes (?:internationales )?du travail",
    r"social dialogue", r"dialogo social", r"dialogue social", r"just transition", r"transicion justa", r"transition juste",
    r"disability(?: inclusion)?", r"(?:inclusion de (?:la|las personas con) )?discapacidad", r"(?:inclusion du )?handicap",
    r"equality and non.?discrimination", r"igualdad y no discriminacion", r"egalite et non.?discrimination",
    r"egalite (?:de genre|des sexes|femmes.hommes)", r"non.?discrimination", r"no discriminacion")

# Item labels at the start of a heading or paragraph, by kind: the number in group "n".
# "No." between a label and its number: "Recommandation n° 1", "Recomendación Nº 2", "Recommendation No. 3", "#4".
NUMBER_SIGN = r"(?:(?:n\.?[°o]|no|nr|num(?:ero)?)\.?\s?|#\s?)?"
ITEM_LABELS: dict[str, re.Pattern[str]] = {
    t.kind: re.compile(rf"^(?:{'|'.join(w for w in (t.wording.codes, t.wording.labels) if w)})"
                       rf"\s?\.?\s?{NUMBER_SIGN}(?P<n>\d{{1,3}})\b\.?\s*[:.\-–]?\s*")
    for t in worded_types() if t.wording and t.wording.labels}


def id_prefixes(lang: str) -> dict[str, str]:
    """{kind: ID prefix} for the items a report in `lang` numbers with words only ("Lesson 2" -> LL2)."""
    return {t.kind: t.wording.prefix(lang) for t in worded_types() if t.wording and t.wording.prefixes}


# A key finding with an ID at the start of its paragraph: "H12.", "F3:", "Finding 4."
FINDING_ID = re.compile(r"^(?P<prefix>h|f|kf|hc|(?:key |main )?finding|(?:hallazgo|constatation|constat)"
                        r"(?: (?:clave|principal|cle|principale))?)\s?"
                        rf"{NUMBER_SIGN}(?P<n>\d{{1,3}})"
                        r"(?:\s*\([^()\n]{1,60}\))?\s*[.:)\-–]\s*")   # ("Finding 1 (Relevance):")
# A label introducing unnumbered key findings ("Key findings:", "Hallazgos clave").
KEY_FINDINGS_LABEL = re.compile(r"^(?:key findings?|main findings?|summary of findings|hallazgos? (?:clave|principales)|"
                                r"principales hallazgos|constats? (?:cles|principaux)|principaux constats|"
                                r"principales constatations|constatations (?:cles|principales))\s*:?\s*$")
# A criterion's definition under its heading ("**Definition:** The extent to which…").
DEFINITION_LABEL = re.compile(r"(?:definition|definicion)\s*:\s*")
# The heading of a section's analysis after its key findings.
ANALYSIS_LABEL = re.compile(r"(?:analysis|analisis|analyse|detailed analysis|analisis detallado|analyse detaillee)\s*:?")

# The label of a line under a section heading naming the questions it answers
# ("Answers: EQ1, EQ2", "**Responde a:** PE1", "Questions d'évaluation : QE3"), folded.
ANSWERS_LABEL = re.compile(r"(?:answers?|answers to|questions? answered|evaluation questions?|eqs?|"
                           r"responde a|preguntas?(?: de evaluacion)?(?: respondidas?)?|"
                           r"repond a|questions? d.evaluation|questions? traitees?)")

# Cover-sheet labels -> evaluation fields.
COVER_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("title", _any(r"(?:project|programme) title", r"(?:evaluation|report) title", r"title of (?:the )?(?:evaluation|report)",
                   r"titulo de la evaluacion", r"titulo del informe", r"titre de l.evaluation", r"titre du rapport", r"title of (?:the )?(?:project|programme)", r"titulo del (?:proyecto|programa)",
                   r"titre du (?:projet|programme)", r"nombre del proyecto",
                   # the ILO title page: "Title of project/programme evaluated", "Project name"
                   r"title of (?:the )?(?:project|programme)(?:/(?:project|programme))? evaluated",
                   r"(?:project|programme)(?:/(?:project|programme))? (?:title|name)",
                   r"nombre del (?:proyecto|programa)", r"titulo del (?:proyecto|programa)/(?:proyecto|programa)",
                   r"nom du (?:projet|programme)", r"intitule du (?:projet|programme)",
                   r"(?:project|programme) (?:title|name) (?:and|&) (?:code|symbol)",
                   r"(?:titulo|nombre) y codigo del (?:proyecto|programa)", r"(?:titre|nom) et code du (?:projet|programme)")),
    ("code", _any(r"codigo (?:de|del) proyecto", r"proyecto cd/codigo", r"project (?:code|dc/code|number|symbol)",
                  r"code du projet", r"(?:ilo |project |oit |bit )?tc ?/ ?symbol", r"(?:ilo |project )?dc ?/ ?symbol",
                  r"simbolo (?:tc|del proyecto)", r"symbole (?:tc|du projet)", r"(?:project )?tc code",
                  r"codigo tc", r"codigo", r"code", r"symbol",
                  # "DC Symbol" (development cooperation, the name since 2019), "ILO project/programme code"
                  r"(?:ilo |oit |bit )?(?:(?:project|programme|project/programme) )?(?:dc|tc)[ /]?(?:symbol|code)",
                  r"(?:ilo )?(?:project|programme|project/programme) code",
                  # a cluster of projects: "Project codes", "Códigos de los proyectos", "Codes des projets"
                  r"(?:ilo )?(?:project|programme|dc|tc) (?:codes|numbers|symbols)", r"codigos (?:de|del|de los) proyectos?",
                  r"codes (?:des|du) projets?",
                  r"(?:codigo|simbolo) (?:dc|cd|tc)", r"(?:codigo|simbolo) del (?:proyecto|programa)(?: (?:dc|cd|tc))?",
                  r"(?:symbole|code) (?:dc|cd|tc)", r"(?:symbole|code) du (?:projet|programme)(?: (?:dc|cd|tc))?")),
    ("type", _any(r"tipo de (?:la )?evaluacion", r"type of (?:the )?evaluation", r"type d.evaluation", r"evaluation type")),
    ("timing", _any(r"momento (?:temporal )?de la evaluacion", r"timing of (?:the )?evaluation", r"evaluation timing",
                    r"moment de l.evaluation", r"calendrier de l.evaluation")),
    ("nature", _any(r"naturaleza de la evaluacion", r"nature of (?:the )?evaluation", r"evaluation nature",
                    r"nature de l.evaluation")),
    ("country", _any(r"pais(?:\(es\)|es)?", r"countr(?:y|ies|y\(ies\))", r"pays",
                     r"countr(?:y|ies|y\(ies\)) or geographic(?:al)? (?:scope|coverage)",
                     r"geographic(?:al)? (?:scope|coverage)", r"cobertura geografica", r"ambito geografico",
                     r"pais(?:\(es\)|es)? o (?:ambito|cobertura) geografic[oa]", r"couverture geographique",
                     r"pays ou (?:zone|couverture) geographique", r"zone geographique", r"coverage", r"cobertura",
                     r"couverture")),
    ("pb_outcome", _any(r"resultado\(?s?\)? de programa y presupuesto", r"p&b outcome\(?s?\)?", r"resultat\(?s?\)? p&b",
                        r"programme and budget outcome\(?s?\)?", r"resultat\(?s?\)? du programme et budget")),
    ("sdgs", _any(r"ods", r"sdg\(?s?\)?", r"odd")),
    ("completion_date", _any(r"fecha en que el evaluador completo la evaluacion",
                             r"date when the evaluation was completed.*", r"date d.achevement.*",
                             r"date of (?:the )?(?:evaluation(?:'s)? )?completion(?: of the evaluation)?",
                             r"fecha de (?:finalizacion|conclusion|terminacion) de la evaluacion",
                             r"date de (?:fin|cloture) de l.evaluation")),
    ("approval_date", _any(r"fecha en que eval aprobo la evaluacion", r"date when (?:the )?evaluation was approved.*",
                           r"date d.approbation.*")),
    ("administrative_office", _any(r"oficina administrativa(?: \(oit\))?", r"ilo administrative office",
                                   r"(?:ilo )?administrative (?:unit|office)", r"unidad administrativa",
                                   r"bureau administratif.*")),
    ("technical_office", _any(r"oficina tecnica(?: \(oit\))?", r"ilo technical (?:backstopping )?(?:office|unit)\(?s?\)?",
                              r"(?:ilo )?technical backstopping (?:office|unit)\(?s?\)?", r"bureau technique.*")),
    ("joint_evaluation", _any(r"para las evaluaciones conjuntas", r"joint evaluation.*", r"evaluation conjointe.*",
                              r"organismes participant a l.evaluation conjointe")),
    ("duration", _any(r"duracion del proyecto", r"project duration", r"duree du projet", r"(?:project )?time ?frame",
                      r"duracion", r"duree")),
    ("donor_budget", _any(r"donante y presupuesto.*", r"donor and budget.*", r"donateur et budget.*",
                          r"donor ?: ?country and budget.*", r"donor.*budget.*",
                          r"bailleur.* et budget")),
    ("evaluators", _any(r"nombre\(?s?\)? de \(?los\)? consultor\(?es\)?", r"name of consultant\(?s?\)?",
                        # "Nombre del consultor", "Nombre de la consultora", "Nombres de los evaluadores"
                        r"nombres?(?:\(s\))? del?(?: (?:la|las|\(?los\)?))? (?:consultor|evaluador)(?:es|as?|\((?:es|as?)\))?",
                        r"evaluators?", r"nom du/des consultant\(?s?\)?", r"nom\(?s?\)? des? consultants?",
                        r"names? ?\(?s?\)? of consultant\(?s?\)?", r"nom\(?s?\)? du ou des consultant\(?s?\)?",
                        r"evaluators?\(s\)", r"consultants?(?:\(s\))?", r"consultor(?:es|\(es\)|as?)?",
                        r"evaluador(?:es|\(es\)|as?)?", r"evaluat(?:eur|rice)s?(?:\(s\))?",
                        r"(?:nombres? de )?(?:los |las )?evaluador(?:es|as)", r"noms? des? evaluat(?:eur|rice)s?")),
    ("evaluation_management", _any(r"gestion de la evaluacion", r"evaluation management", r"gestion de l.evaluation")),
    ("evaluation_manager", _any(r"oficial oficina evaluacion", r"name of evaluation manager", r"evaluation manager",
                                r"gestionnaire de l.evaluation", r"(?:ilo )?evaluation manager\(?s?\)?",
                                r"(?:nombre del? )?(?:gerente|gestor|gestora|administrador|administradora) de (?:la )?evaluacion",
                                r"(?:nom du )?(?:gestionnaire|responsable) de l.evaluation")),
    ("evaluation_office", _any(r"oficina evaluacion oit", r"(?:ilo )?evaluation office(?: oversight)?",
                               r"supervision.*eval", r"bureau de l.evaluation(?: de l.oit)?")),
    ("evaluation_budget", _any(r"presupuesto de la evaluacion", r"evaluation budget", r"budget de l.evaluation")),
    ("keywords", _any(r"palabras clave", r"key ?words", r"mots.cles")),
]

# The block listing the evaluation team, one "Name. Role" per line.
TEAM_HEADING = _any(r"equipo (?:de )?evaluac?ion", r"equipo evaluador", r"evaluation team", r"equipe d.evaluation")

# Recommendation field labels (table row or "Note:" line) -> field.
RECOMMENDATION_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    ("addressees", _any(r"destinatari[oa]s?", r"dirigida a", r"responsable.*", r"addressed to.*", r"addressees?",
                        r"responsible(?: unit| units| entity)?.*", r"responsibility", r"responsabilidad", r"responsabilite", r"destinataires?", r"adressee?s? a.*")),
    ("priority", _any(r"(?:nivel de )?prioridad", r"priority(?: level)?", r"(?:niveau de )?priorite")),
    ("resources", _any(r"(?:implicanci?as?|implicaciones) (?:de |en |sobre (?:los )?)?(?:los )?recursos", r"recursos",
                       r"resources?(?: implications?)?", r"resource implications?", r"implications? (?:for|on) resources",
                       r"(?:financial|cost|budget(?:ary)?) implications?", r"implicaciones (?:financieras|presupuestarias)",
                       r"(?:implications?|incidences?) (?:en termes de |en matiere de |en |des |sur les )?ressources",
                       r"(?:implications?|incidences?) (?:financieres|budgetaires)", r"ressources")),
    ("timeframe", _any(r"plazo(?: de implementacion)?", r"time ?frame", r"time(?: implications?)?", r"timing",
                       r"(?:calendrier|delai)(?: de mise en .uvre)?", r"horizon temporel")),
    ("links", _any(r"vinculacion.*", r"linked to.*", r"link(?:s|ed)? (?:to|with) (?:conclusions?|findings).*",
                   r"(?:related|relevant|linked|associated|corresponding|supporting|source) (?:conclusions?|findings?|topics?).*",
                   r"lien.*", r"en lien avec .*", r"conclusions? (?:liees?|related|associees?|correspondantes?)",
                   r"(?:constats?|lecons?) (?:lies|liees|associes|associees)", r"conclusions? et lecons? apprises? liees?",
                   r"(?:conclusion(?:es)?|hallazgos?|leccion(?:es)?) (?:relacionad|vinculad|asociad)[ao]s?.*",
                   r"(?:relacionad[ao]|vinculad[ao]) con(?: .*)?", r"(?:based on|derived from|fondee? sur|basad[ao] en) "
                   r"(?:the |las? |los |les? )?(?:conclusions?|conclusiones|findings?|hallazgos|constats?).*")),
]
# The header of a table's column holding the recommendations themselves, and of its number column.
RECOMMENDATION_COLUMN = _any(r"recommendations?", r"recommandations?", r"recomendacion(?:es)?",
                             r"(?:texte|text|texto) de la recomm?an?dacion", r"recommendation text")
NUMBER_COLUMN = _any(r"n[°ºo.]?", r"nos?\.?", r"#", r"num(?:ber|ero|ro)?\.?", r"numero", r"ref\.?", r"id")
# The header row of a two-column field table ("Field | Value", "Campo | Valor"): not a field.
FIELD_TABLE_HEADER = _any(r"field|campo|champ|label|item|element|elemento", r"value|valor|valeur|description|descripcion")
NOTE_LABEL = re.compile(r"^(?:note|nota)\s*:\s*", re.I)

# Normalised values: the first word of the source's wording decides.
PRIORITY_WORDS = {"high": _any(r"alta", r"alto", r"high", r"haute", r"elevee", r"eleve"),
                  "medium": _any(r"media", r"medio", r"medium", r"moyenne", r"moyen"),
                  "low": _any(r"baja", r"bajo", r"low", r"faible", r"basse")}
RESOURCE_WORDS = {"high": _any(r"altas?", r"altos?", r"high", r"importantes?", r"elevees?", r"eleves?", r"hautes?", r"significant"),
                  "medium": _any(r"medias?", r"medios?", r"medium", r"moderate", r"moyennes?", r"moderees?"),
                  "low": _any(r"bajas?", r"bajos?", r"low", r"faibles?", r"limited", r"limitadas?", r"none", r"ningun[oa]",
                              r"minimal")}
TIMEFRAME_WORDS = {"short": _any(r"corto", r"short", r"court", r"immediate", r"inmediato"),
                   "medium": _any(r"mediano", r"medio", r"medium", r"moyen"),
                   "long": _any(r"largo", r"long")}

# ILO template rows, by the registry's `ilo_template` prefix of the type: lessons learned ("lesson")
# and emerging good practices ("gp").
LESSON_TEMPLATE: list[tuple[str, re.Pattern[str]]] = [
    ("description", _any(r"breve descripcion de la leccion.*", r"brief description of (?:the )?lessons? learned.*",
                         r"breve description de la lecon.*")),
    ("context", _any(r"contexto y .*(?:precondicion|condicion).*", r"context and any related preconditions?.*",
                     r"contexte et .*conditions?.*")),
    ("beneficiaries", _any(r"usuarios ?/ ?beneficiarios.*", r"targeted users ?/ ?beneficiaries.*",
                           r"utilisateurs.*beneficiaires.*")),
    ("challenges", _any(r"desafios ?/ ?lecciones negativas.*", r"challenges ?/ ?negative lessons.*", r"defis.*",
                          r"difficultes ?/ ?lecons negatives.*", r"retos ?/ ?lecciones negativas.*")),
    ("successes", _any(r"(?:logros?|exitos?) ?/ ?(?:aspectos|asuntos|cuestiones) positiv.*", r"success ?/ ?positive issues.*",
                       r"succes.*",
                         r"reussites ?/ ?aspects positifs.*")),
    ("ilo_issues", _any(r"(?:aspectos|asuntos|cuestiones) administrativ[oa]s de la oit.*", r"ilo administrative issues.*",
                        r"questions administratives de l.oit.*")),
    ("other", _any(r"otros comentarios.*", r"other relevant comments.*", r"autres commentaires.*")),
]
GOOD_PRACTICE_TEMPLATE: list[tuple[str, re.Pattern[str]]] = [
    ("summary", _any(r"breve (?:descripcion|resumen) de la buena practica.*", r"brief summary of the good practice.*",
                     r"bref resume de la bonne pratique.*",
                     r"breve description de la bonne pratique.*")),
    ("conditions", _any(r"condiciones y contexto.*", r"relevant conditions and context.*",
                        r"conditions et contexte.*")),
    # (a label cut at its hyphen in a narrow cell, "cause-" / "effect", may come back joined: "causeeffect")
    ("cause_effect", _any(r".*relacion (?:de )?causa.?(?:y |a )?efecto.*", r".*cause.?(?:and |to )?effect relationship.*",
                          r".*relation .*cause.*effet.*")),
    ("impact", _any(r"indicar el impacto medible.*", r"indicate measurable impact.*", r".*impact mesurable.*")),
    ("replication", _any(r"potencial de replica.*", r"potential for replication.*", r"potentiel de (?:replication|reproduction).*")),
    ("upward_links", _any(r"vinculacion hacia arriba.*", r"vinculos? (?:ascendentes?|hacia arriba).*", r"upward links.*",
                          r"liens? (?:vers le haut|ascendants?).*",
                          r"liens avec les objectifs superieurs.*")),
    ("other", _any(r"otros documentos.*", r"other documents or relevant comments.*", r"autres documents.*")),
]
ILO_TEMPLATE_FIELDS = {"lesson": LESSON_TEMPLATE, "gp": GOOD_PRACTICE_TEMPLATE}
# The types whose items the lessons chapters hold and whose ILO templates the annexes hold (lessons
# learned, good practices), in report order, and their chapters' keys ("lessons", …).
LESSON_KINDS = tuple(t.kind for t in ilo_template_types() if t.ilo_template in ILO_TEMPLATE_FIELDS and t.kind in ITEM_LABELS)
LESSON_CHAPTERS = {t.collection_key for t in ilo_template_types() if t.kind in LESSON_KINDS}
# The first row of a template table names the item: "ELEMENTO DE LA LECCIÓN APRENDIDA | LA1. ...".
TEMPLATE_TITLE_ROW = _any(r"elemento de la leccion.*", r"lls? element.*", r"lesson learned element.*",
                          # the Spanish and French templates' own abbreviations: "Elemento LA", "Élément BP"
                          r"(?:elemento|element) (?:de la )?(?:la|ll|bp|gp)\b.*",
                          r"element de la lecon.*", r"componente de la buena practica.*", r"gp element.*",
                          r"good practice element.*", r"element de la bonne pratique.*")
# The heading over an ILO template ("ILO template (LL1)", "Plantilla OIT (LA1)", "ILO Lesson Learned
# Template", "Plantilla de lección aprendida de la OIT"), folded.
TEMPLATE_HEADING = _any(r"(?:ilo template|plantilla (?:de la )?oit|modele (?:de l.)?oit|template)\s*\([a-z]{1,3}\.?\s?\d{1,3}\)",
                        r"(?:ilo )?(?:lessons? learned|emerging good practice|good practice) template",
                        r"plantillas? (?:de )?(?:las? )?(?:lecci(?:on|ones) aprendidas?|buenas? practicas?(?: emergentes?)?)"
                        r"(?: (?:de la )?oit)?",
                        r"modeles? (?:de |des )?(?:lecons? apprises?|bonnes? pratiques?(?: emergentes?)?)(?: (?:de l.)?oit)?")
# The words of a title row that names no item ("LL Element | Text"): which template it is.
ILO_TEMPLATE_WORDS = {"lesson": re.compile(r"\bll|lesson|leccion|lecon|^(?:elemento|element) (?:de la )?la\b"),
                      "gp": re.compile(r"\bgp|\bbp\b|practic|pratique")}
TEMPLATE_META = {"template_evaluator": _any(r"nombre del evaluador", r"name of evaluator", r"nom de l.evaluateur"),
                 "template_date": _any(r"fecha", r"date")}
# The rows that head an ILO template above its title row ("Project Title:", "Project TC/SYMBOL:",
# "Name of Evaluator:", "Date:"): the start of the next template, never a field's continuation.
# The project those rows name: the evaluation's code and title where the cover sheet gives none.
TEMPLATE_PROJECT = {"title": _any(r"project title", r"titulo del proyecto", r"titre du projet"),
                    "code": _any(r"(?:project )?(?:tc|dc).?symbol", r"symbole (?:tc|dc)", r"(?:ilo )?project code",
                                 r"codigo (?:del proyecto|dc)", r"code du projet")}
TEMPLATE_HEADER_ROW = _any(*(pattern.pattern for pattern in TEMPLATE_PROJECT.values()),
                           *(pattern.pattern for pattern in TEMPLATE_META.values()))

# The question matrix: a question ID at the start of a cell ("PE1.", "EQ 3:", "Q2.1", "SPE13.1").
QUESTION_ID = re.compile(r"^(?P<id>(?:s?pe|eq|q|pq|qe|p)\s?\d{1,2}(?:\.\d{1,2})?)\s*[.:)]?\s+(?=\S)")


# The words of the labels evaluation reports give their tables' columns and fields (folded, EN/ES/FR):
# a narrow column's cut ("Priorit" "y", "Recomendaci" "ón") is one of them joined, whatever the
# document's other words.
LABEL_WORDS = frozenset("""
no priority timeframe timeline recommendation recommendations addressed responsible responsibility resource resources
implication implications criterion criteria indicator indicators sources justification rating finding findings
conclusion conclusions lesson lessons evaluation question questions medium
prioridad plazo recomendacion recomendaciones dirigida dirigido responsable recursos implicaciones criterio criterios
indicadores fuentes justificacion calificacion hallazgo hallazgos conclusiones leccion lecciones pregunta preguntas
priorite calendrier echeance recommandation recommandations destinataire destinataires ressources critere criteres
indicateurs notation constat constats lecon lecons moyenne
""".split())
