"""The content schema: one pydantic model per item type.

Models describe shape only (fields, types, allowed values). Cross-references
are checked later, in `reportgen.graph`, once every file has been read.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, StringConstraints, WithJsonSchema

# A language code as written in content and configuration: "en", "fr", "es", "pt-BR".
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9._-]{0,63}$"
ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

VISIBILITIES = ("public", "internal")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# Generous for any report (the longest text of the bundled one is under 3,000 characters),
# small enough that Markdown rendering stays fast.
MAX_TEXT_CHARS = 100_000
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]


class Text(RootModel[dict[LanguageCode, LongText | None]]):
    """A human-readable text (Markdown) per language: `{en: "…", fr: "…"}`.

    Which languages are required is the project's business (its configuration),
    checked once the configuration is known, in `reportgen.graph`.
    """

    model_config = ConfigDict(frozen=True)

    def get(self, lang: str) -> str | None:
        return self.root.get(lang)

    def written(self, lang: str) -> bool:
        """The key is present (possibly `null`: knowingly left untranslated)."""
        return lang in self.root

    @property
    def languages(self) -> list[str]:
        return list(self.root)


# A table cell or a custom field: a plain value shared by every language, or a localized text.
Cell = Union[str, int, float, Text]


def _label(value):
    """Section numbers are labels ("9.1.1", "3", "A.2"), also when YAML reads them as numbers."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


Label = Annotated[str, BeforeValidator(_label), StringConstraints(min_length=1, max_length=32),
                  WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1, "maxLength": 32}, {"type": "integer"}],
                                  "description": 'a number as the report writes it: "9.1.1", "3", "A.2"'})]


class Item(Model):
    id: ItemId
    # Items marked internal are shown in the review edition only.
    visibility: Literal["public", "internal"] = "public"
    # An item renamed since the last round names its previous ID(s).
    old_ids: list[ItemId] = Field(default_factory=list)
    # The project's own fields (declared in reportgen.yml under custom_fields).
    custom: dict[ItemId, Cell] = Field(default_factory=dict)


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


class Part(Item):
    """A chapter or sub-chapter of the findings ("9.1 Relevance"), with its own introduction."""

    number: Label | None = None
    title: Text
    intro: Text | None = None
    parent: ItemId | None = None


class Section(Item):
    number: Label
    title: Text
    # A section answers evaluation questions, or belongs to a criterion directly, or both.
    answers: list[ItemId] = Field(default_factory=list)
    criterion: ItemId | None = None
    part: ItemId | None = None
    findings: list[Finding] = Field(default_factory=list, max_length=500)
    narrative: Text | None = None  # Markdown file per language


class Conclusion(Item):
    criterion: ItemId | None = None
    text: Text
    findings: list[ItemId] = Field(default_factory=list)


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
    addressees: list[ItemId] = Field(default_factory=list)
    addressee_text: Text | None = None
    priority: str | None = None
    priority_text: Text | None = None
    resources: str | None = None
    resources_text: Text | None = None
    timeframe: str | None = None
    timeframe_text: Text | None = None
    criteria: list[ItemId] = Field(default_factory=list)
    conclusions: list[ItemId] = Field(default_factory=list)
    lessons: list[ItemId] = Field(default_factory=list)
    good_practices: list[ItemId] = Field(default_factory=list)


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


class MidtermRecommendation(Item):
    recommendation: Text
    action: Text


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
    language: LanguageCode | None = None  # the language the comment was written in
    text: str
    response: Response | None = None


class BudgetComponent(Item):
    label: Text
    percent: float = Field(ge=0, le=100)


# Top-level keys of a content file -> (model, item type used in the JSON export).
COLLECTIONS: dict[str, tuple[type[Model], str]] = {
    "criteria": (Criterion, "criterion"),
    "questions": (Question, "question"),
    "parts": (Part, "part"),
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
}
SINGLETONS: dict[str, type[Model]] = {"evaluation": Evaluation, "chapters": Chapters}
