"""The content schema: one pydantic model per item type.

Models describe shape only (fields, types, allowed values). Cross-references
are checked later, in `reportgen.graph`, once every file has been read.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9._-]{0,63}$"
ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

PRIORITIES = ("high", "medium", "low")
RESOURCE_LEVELS = ("low", "medium", "high")
TIMEFRAMES = ("short", "medium", "long")
VISIBILITIES = ("public", "internal")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# Generous for any report (the longest text of the bundled one is under 3,000 characters),
# small enough that Markdown rendering stays fast.
MAX_TEXT_CHARS = 100_000
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]


class Text(Model):
    """A human-readable text in each language (Markdown)."""

    es: LongText | None = None
    en: LongText | None = None

    def get(self, lang: str) -> str | None:
        return getattr(self, lang)


# An annex cell: a plain value shared by both languages, or a localized text.
Cell = Union[str, int, float, Text]


class Item(Model):
    id: ItemId
    # Items marked internal are shown in the review edition only.
    visibility: Literal["public", "internal"] = "public"
    # An item renamed since the last round names its previous ID(s).
    old_ids: list[ItemId] = Field(default_factory=list)


class Evaluator(Model):
    name: str
    role: Text | None = None


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
    summary: Text | None = None  # Markdown file per language
    translation_note: Text | None = None


class Criterion(Item):
    name: Text
    definition: Text | None = None


class SubQuestion(Item):
    text: Text


class Question(Item):
    criterion: ItemId
    text: Text
    subquestions: list[SubQuestion] = Field(default_factory=list)


class Finding(Item):
    text: Text


class Section(Item):
    number: int
    title: Text
    answers: list[ItemId] = Field(min_length=1)
    findings: list[Finding] = Field(default_factory=list, max_length=500)
    narrative: Text | None = None  # Markdown file per language


class Conclusion(Item):
    criterion: ItemId
    text: Text
    findings: list[ItemId] = Field(default_factory=list)


class Institution(Item):
    short: Text
    name: Text


class Recommendation(Item):
    title: Text
    text: Text
    addressees: list[ItemId] = Field(min_length=1)
    addressee_text: Text
    priority: Literal["high", "medium", "low"]
    priority_text: Text
    resources: Literal["low", "medium", "high"]
    resources_text: Text
    timeframe: Literal["short", "medium", "long"]
    timeframe_text: Text
    conclusions: list[ItemId] = Field(default_factory=list)
    lessons: list[ItemId] = Field(default_factory=list)
    good_practices: list[ItemId] = Field(default_factory=list)
    follows_up: "FollowUp | None" = None  # a recommendation of an earlier evaluation (management responses)


class LessonTemplate(Model):
    description: Text
    context: Text
    beneficiaries: Text
    challenges: Text
    successes: Text
    ilo_issues: Text
    other: Text


class Lesson(Item):
    title: Text
    text: Text
    template: LessonTemplate


class GoodPracticeTemplate(Model):
    summary: Text
    conditions: Text
    cause_effect: Text
    impact: Text
    replication: Text
    upward_links: Text
    other: Text


class GoodPractice(Item):
    title: Text
    text: Text
    template: GoodPracticeTemplate


class GlossaryEntry(Model):
    term: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    expansion: Text


class MidtermRecommendation(Item):
    recommendation: Text
    action: Text
    follows_up: "FollowUp | None" = None  # the earlier evaluation's recommendation, when it is known


class BudgetExtension(Item):
    stage: Text
    approval_date: Text
    elements: Text
    cumulative_duration: Text
    additional_amount: Cell
    cumulative_budget: Cell


class Objective(Item):
    text: Text


class Indicator(Item):
    objective: ItemId
    activity: Text
    outcome: Text
    indicator: Text
    reference_period: Cell | None = None
    baseline: Cell | None = None
    target: Cell | None = None
    midterm: Cell | None = None
    measurements: list[Cell | None] = Field(default_factory=list, max_length=4)
    status: Cell | None = None
    achievement: float | None = None


class Document(Item):
    """A free-form annex page (e.g. the list of people interviewed), often internal."""

    title: Text
    body: Text  # Markdown file per language


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


class Comment(Model):
    """A reviewer's comment on the draft and the evaluation team's response (review edition only)."""

    id: ItemId
    round: ItemId
    date: str
    organisation: str
    author: str | None = None     # a person's name: never published
    target: str                   # an item ID, or "page:NAME" for a page (home, conclusions, ...)
    section: str | None = None    # the part of the page, when the target is a page
    language: Literal["es", "en"] = "es"
    text: str
    response: Response | None = None


class BudgetComponent(Item):
    label: Text
    percent: float = Field(ge=0, le=100)


from .responses import FollowUp, ManagementResponse  # noqa: E402 - they build on the models above

Recommendation.model_rebuild()
MidtermRecommendation.model_rebuild()

# Top-level keys of a content file -> (model, item type used in the JSON export).
COLLECTIONS: dict[str, tuple[type[Model], str]] = {
    "criteria": (Criterion, "criterion"),
    "questions": (Question, "question"),
    "sections": (Section, "section"),
    "conclusions": (Conclusion, "conclusion"),
    "recommendations": (Recommendation, "recommendation"),
    "lessons": (Lesson, "lesson"),
    "good_practices": (GoodPractice, "good_practice"),
    "institutions": (Institution, "institution"),
    "glossary": (GlossaryEntry, "glossary_entry"),
    "midterm_recommendations": (MidtermRecommendation, "midterm_recommendation"),
    "budget_extensions": (BudgetExtension, "budget_extension"),
    "objectives": (Objective, "objective"),
    "indicators": (Indicator, "indicator"),
    "budget_components": (BudgetComponent, "budget_component"),
    "documents": (Document, "document"),
    "rounds": (Round, "round"),
    "comments": (Comment, "comment"),
    "management_responses": (ManagementResponse, "management_response"),
}
SINGLETONS: dict[str, type[Model]] = {"evaluation": Evaluation, "chapters": Chapters}
