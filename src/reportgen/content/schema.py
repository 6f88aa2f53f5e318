"""The content schema: one pydantic model per item type.

Models describe shape only (fields, types, allowed values). Cross-references
are checked later, in `reportgen.graph`, once every file has been read.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from .registry import Children, Internal, ItemType, Link, MarkdownFile, ValueSet, Wording, declare
from .responses import FollowUp, ManagementResponse
from .tables import Chart, Table
# The schema is where the rest of the package finds the content model: the base types are re-exported
# (written `X as X`, the explicit re-export mypy's strict mode asks for).
from .base import (ID_PATTERN as ID_PATTERN, LANGUAGE_PATTERN as LANGUAGE_PATTERN, MAX_TEXT_CHARS as MAX_TEXT_CHARS,
                   VISIBILITIES as VISIBILITIES, Cell as Cell, Item as Item, ItemId as ItemId, Label as Label,
                   LanguageCode as LanguageCode, LongText as LongText, Model as Model, Text as Text)


class Evaluator(Model):
    name: str
    role: Text | None = None


class CoverField(Model):
    """A cover-page field the ILO template does not name, shown by its own label."""

    label: Text
    value: Text


class Evaluation(Model):
    title: Text
    code: str
    type: Text | None = None
    timing: Text | None = None
    nature: Text | None = None
    country: Text | None = None
    pb_outcome: Text | None = None
    sdgs: Text | None = None
    completion_date: Text | None = None
    approval_date: Text | None = None
    administrative_office: Text | None = None
    technical_office: Text | None = None
    joint_evaluation: Text | None = None
    duration: Text | None = None
    donor_budget: Text | None = None
    evaluators: list[Evaluator] = Field(default_factory=list)
    evaluation_management: Text | None = None
    evaluation_manager: Text | None = None
    evaluation_office: Text | None = None
    evaluation_budget: Text | None = None
    keywords: Text | None = None
    template_evaluator: str | None = None
    template_date: Text | None = None
    other_fields: list[CoverField] = Field(default_factory=list)
    summary: Annotated[Text | None, MarkdownFile("summary")] = None
    translation_note: Text | None = None
    # Written by `reportgen import` (e.g. a placeholder code): confirm, then delete.
    import_note: Annotated[str | None, Internal()] = None


class Criterion(Item):
    name: Text
    definition: Text | None = None


class SubQuestion(Item):
    text: Text


class Question(Item):
    criterion: Annotated[ItemId, Link("criterion")]
    text: Text
    subquestions: Annotated[list[SubQuestion], Children("question")] = Field(default_factory=list)


class Finding(Item):
    text: Text


class Part(Item):
    """A chapter or sub-chapter of the findings ("9.1 Relevance"), with its own introduction."""

    number: Label | None = None
    title: Text
    intro: Text | None = None
    parent: Annotated[ItemId | None, Link("part")] = None


class Section(Item):
    number: Label
    title: Text
    # A section answers evaluation questions, or belongs to a criterion directly, or both.
    answers: Annotated[list[ItemId], Link("question")] = Field(default_factory=list)
    criterion: Annotated[ItemId | None, Link("criterion")] = None
    part: Annotated[ItemId | None, Link("part")] = None
    findings: Annotated[list[Finding], Children("finding")] = Field(default_factory=list, max_length=500)
    narrative: Annotated[Text | None, MarkdownFile("narrative")] = None


class Conclusion(Item):
    criterion: Annotated[ItemId | None, Link("criterion")] = None
    text: Text
    findings: Annotated[list[ItemId], Link("finding")] = Field(default_factory=list)


class Rating(Item):
    """A criterion's rating on the project's scale (reportgen.yml `value_sets: rating:`), with the
    justification: its text, and the findings it rests on."""

    criterion: Annotated[ItemId, Link("criterion")]
    value: Annotated[str, ValueSet("rating", ("highly_satisfactory", "satisfactory", "moderately_satisfactory",
                                              "moderately_unsatisfactory", "unsatisfactory", "highly_unsatisfactory"),
                                   "rating_scale")]
    justification: Text | None = None
    findings: Annotated[list[ItemId], Link("finding")] = Field(default_factory=list)


class Institution(Item):
    short: Text
    name: Text


class Recommendation(Item):
    """Only the text is required: every other field is shown when the report gives it.

    priority, resources and timeframe hold a value of the project's value sets
    (reportgen.yml, checked in the graph); the *_text fields keep the report's wording.
    """

    title: Text | None = None
    text: Text
    addressees: Annotated[list[ItemId], Link("institution")] = Field(default_factory=list)
    addressee_text: Text | None = None
    priority: Annotated[str | None, ValueSet("priority", ("high", "medium", "low"), "priorities")] = None
    priority_text: Text | None = None
    resources: Annotated[str | None, ValueSet("resources", ("high", "medium", "low"), "resource_levels")] = None
    resources_text: Text | None = None
    timeframe: Annotated[str | None, ValueSet("timeframe", ("short", "medium", "long"), "timeframes")] = None
    timeframe_text: Text | None = None
    criteria: Annotated[list[ItemId], Link("criterion")] = Field(default_factory=list)
    conclusions: Annotated[list[ItemId], Link("conclusion")] = Field(default_factory=list)
    lessons: Annotated[list[ItemId], Link("lesson")] = Field(default_factory=list)
    good_practices: Annotated[list[ItemId], Link("good_practice")] = Field(default_factory=list)
    follows_up: FollowUp | None = None  # a recommendation of an earlier evaluation (management responses)


class LessonTemplate(Model):
    description: Text | None = None
    context: Text | None = None
    beneficiaries: Text | None = None
    challenges: Text | None = None
    successes: Text | None = None
    ilo_issues: Text | None = None
    other: Text | None = None


class Lesson(Item):
    title: Text
    text: Text | None = None
    template: LessonTemplate | None = None
    template_title: Text | None = None  # the template's own title, where it differs from the chapter's


class GoodPracticeTemplate(Model):
    summary: Text | None = None
    conditions: Text | None = None
    cause_effect: Text | None = None
    impact: Text | None = None
    replication: Text | None = None
    upward_links: Text | None = None
    other: Text | None = None


class GoodPractice(Item):
    title: Text
    text: Text | None = None
    template: GoodPracticeTemplate | None = None
    template_title: Text | None = None


class GlossaryEntry(Model):
    term: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    expansion: Text


class Document(Item):
    """A free-form annex page (e.g. the list of people interviewed), often internal."""

    title: Text
    body: Annotated[Text, MarkdownFile("document")]


class Chapters(Model):
    """Introductory texts of the report's chapters."""

    findings: Text | None = None
    conclusions: Text | None = None
    lessons: Text | None = None
    good_practices: Text | None = None
    recommendations: Text | None = None
    recommendations_closing: Text | None = None


RESPONSE_STATUSES = ("accepted", "partially accepted", "not accepted", "noted")


class Round(Model):
    id: ItemId
    name: Text
    date: str
    description: Text | None = None


class Response(Model):
    status: Literal["accepted", "partially accepted", "not accepted", "noted"]
    text: Text
    changed: list[ItemId] = Field(default_factory=list)  # items revised because of the comment
    removed: list[ItemId] = Field(default_factory=list)  # items deleted because of it (no longer in the content)
    date: str | None = None


class Suggestion(Model):
    """A tracked change in a reviewer's Word copy: the words removed and/or the words added."""

    deleted: str | None = None
    inserted: str | None = None


class Comment(Model):
    """A reviewer's comment on the draft and the evaluation team's response (review edition only)."""

    id: ItemId
    round: ItemId
    date: str
    organisation: str
    author: str | None = None     # a person's name: never published
    # An item ID, or "page:NAME" for a page (home, conclusions, ...). Left out for a comment whose place
    # could not be found (read from a file whose bookmarks and quoted words no longer match): "unplaced",
    # listed by `check` as a note and shown in the comments log until someone sets it.
    target: str | None = None
    section: str | None = None    # the part of the page, when the target is a page
    paragraph: int | None = Field(default=None, ge=1)  # the report's paragraph number (or the item's n-th paragraph)
    quote: str | None = None      # the words the reviewer marked
    suggestion: Suggestion | None = None  # a tracked change: the reviewer's proposed wording
    reply_to: ItemId | None = None  # the comment this one answers, in the same thread
    source: str | None = None     # where it was read ("draft-OIT.docx#c12"): importing the same file twice adds nothing
    language: LanguageCode | None = None  # the language the comment was written in
    text: str
    response: Response | None = None



# How reports name the items (`reportgen import`), folded: lower case, no accents.
FINDING_WORDING = Wording(prefixes=(("es", "H"), ("en", "F"), ("fr", "F")),
                          mentions="(?:key |main )?finding|hallazgo|constat(?:ation)?")
CONCLUSION_WORDING = Wording(codes="c", prefixes=(("es", "C"), ("en", "C"), ("fr", "C")), mentions="conclusion")
RECOMMENDATION_WORDING = Wording(labels="recomendacion|recommendation|recommandation", codes="rec|r",
                                 # ("Key recommendations", "Recommendations for the ILO", "Principales recomendaciones")
                                 chapter="(?:(?:key|main|principal|general|overall) )?recommendations(?: (?:for|to) .{1,60})?"
                                         "|(?:principales )?recomendaciones(?: (?:generales|principales|para|a) ?.{0,60})?"
                                         "|(?:principales )?recommandations(?: (?:generales|principales|pour|a|au|aux) ?.{0,60})?",
                                 prefixes=(("es", "R"), ("en", "R"), ("fr", "R")))
LESSON_WORDING = Wording(
    labels="leccion(?: aprendida)?|lesson(?: learned)?|lecon(?: apprise)?", codes="la|ll|l",
    # (a chapter of both, either way round, is read as lessons: it gives the good practices too)
    chapter="(?:lecciones(?: aprendidas)?)(?: y (?:buenas|mejores) practicas(?: emergentes)?)?"
            "|lessons?(?: learn(?:ed|t))?(?: and (?:emerging )?(?:good|best|promising) practices?)?"
            "|(?:lecons(?: (?:apprises|tirees))?|enseignements(?: tires)?)(?: et (?:bonnes|meilleures) pratiques(?: emergentes)?)?"
            "|(?:(?:buenas|mejores) practicas(?: emergentes)?) y lecciones aprendidas"
            "|(?:emerging )?(?:good|best) practices? and lessons? learn(?:ed|t)"
            "|(?:bonnes|meilleures) pratiques(?: emergentes)? et (?:lecons (?:apprises|tirees)|enseignements(?: tires)?)",
    prefixes=(("es", "LA"), ("en", "LL"), ("fr", "LA")))
GOOD_PRACTICE_WORDING = Wording(
    labels="buena practica(?: emergente)?|(?:emerging )?good practice|bonne pratique(?: emergente)?"
           "|promising practice|practica prometedora|pratique prometteuse",
    codes="egp|bpe|bp|gp",
    chapter="(?:buenas|mejores) practicas(?: emergentes)?|(?:emerging )?(?:good|best) practices?"
            "|(?:bonnes|meilleures) pratiques(?: emergentes)?"
            "|(?:promising|innovative) practices?|practicas prometedoras|pratiques prometteuses",
    prefixes=(("es", "BP"), ("en", "GP"), ("fr", "BP")))

# The item types, in the order a reader meets them (see content/registry.py).
def _report_item(kind: str, model: type[Model], collection: str, **more: Any) -> ItemType:
    """The report's own items: a [[ID]] may point to them, a project may add fields to them, and
    `reportgen check` counts them."""
    return ItemType(kind, model, collection, linkable=True, customizable=True, counted="always", **more)


ITEM_TYPES = declare(
    _report_item("criterion", Criterion, "criteria", page="criteria/{id}.md"),
    _report_item("question", Question, "questions", parent="criterion"),
    ItemType("part", Part, "parts", linkable=True, page="findings/index.md"),
    _report_item("section", Section, "sections", page="findings/{id}.md"),
    ItemType("finding", Finding, parent="section", plural="key_findings", linkable=True, counted="always",
             wording=FINDING_WORDING),
    _report_item("conclusion", Conclusion, "conclusions", page="conclusions.md", portal="search",
                 wording=CONCLUSION_WORDING),
    ItemType("rating", Rating, "ratings", parent="criterion", template="pages/_rating.md.j2", linkable=True,
             customizable=True, counted="present"),
    _report_item("recommendation", Recommendation, "recommendations", page="recommendations.md", portal="list",
                 wording=RECOMMENDATION_WORDING),
    _report_item("lesson", Lesson, "lessons", page="lessons.md", portal="list", ilo_template="lesson",
                 wording=LESSON_WORDING),
    _report_item("good_practice", GoodPractice, "good_practices", page="good-practices.md", portal="list",
                 ilo_template="gp", wording=GOOD_PRACTICE_WORDING),
    ItemType("institution", Institution, "institutions"),
    ItemType("glossary_entry", GlossaryEntry, "glossary", item=False),
    ItemType("table", Table, "tables", linkable=True),  # on the annexes page, or the section embedding it
    ItemType("chart", Chart, "charts", item=False),
    ItemType("document", Document, "documents", linkable=True, page="annexes/{id}.md"),
    ItemType("round", Round, "rounds", item=False, review_only=True),
    ItemType("comment", Comment, "comments", item=False, review_only=True),
    ItemType("management_response", ManagementResponse, "management_responses", item=False),
)

# Top-level keys of a content file -> (model, item type used in the JSON export).
COLLECTIONS: dict[str, tuple[type[BaseModel], str]] = {t.collection: (t.model, t.kind) for t in ITEM_TYPES
                                                   if t.collection}
SINGLETONS: dict[str, type[Model]] = {"evaluation": Evaluation, "chapters": Chapters}
