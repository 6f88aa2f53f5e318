"""The content schema: one pydantic model per item type.

Models describe shape only (fields, types, allowed values). Cross-references
are checked later, in `reportgen.graph`, once every file has been read.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .responses import FollowUp, ManagementResponse
from .tables import Chart, Table
from .base import (ID_PATTERN, LANGUAGE_PATTERN, MAX_TEXT_CHARS, VISIBILITIES, Cell, Item, ItemId,  # noqa: F401
                   Label, LanguageCode, LongText, Model, Text)


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
    import_note: str | None = None  # written by `reportgen import` (e.g. a placeholder code): confirm, then delete


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
    "tables": (Table, "table"),
    "charts": (Chart, "chart"),
    "documents": (Document, "document"),
    "rounds": (Round, "round"),
    "comments": (Comment, "comment"),
    "management_responses": (ManagementResponse, "management_response"),
}
SINGLETONS: dict[str, type[Model]] = {"evaluation": Evaluation, "chapters": Chapters}
