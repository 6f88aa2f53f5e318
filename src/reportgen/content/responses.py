"""Management responses: what management answered to each recommendation, and how it followed up.

Shape only (pydantic models). The checks that need other items or a date
(unknown recommendation, due date before the response, update after the
build date) are in `reportgen.followup`, in the graph layer.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .base import ItemId, Model, Text

RESPONSE_STATUSES = ("accepted", "partially accepted", "not accepted")
ACTION_STATUSES = ("not started", "in progress", "completed", "no longer applicable")
# Quoted ISO dates ("2025-03-31"): the YAML reader keeps plain scalars only, so dates are strings.
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class FollowUp(Model):
    """The recommendation of an earlier evaluation that this one follows up."""

    evaluation: Annotated[str, StringConstraints(min_length=1, max_length=80)]  # the earlier evaluation's code
    recommendation: ItemId


class ActionUpdate(Model):
    date: IsoDate
    text: Text
    status: Literal["not started", "in progress", "completed", "no longer applicable"] | None = None


class Note(Model):
    """A note on a response or a key action; `visibility: internal` (the default) keeps it to the
    review edition (the public site, its downloads and the public portal never hold it)."""

    text: Text
    date: IsoDate | None = None
    visibility: Literal["public", "internal"] = "internal"


class KeyAction(Model):
    id: ItemId
    text: Text
    unit: str                       # the responsible unit
    due: IsoDate
    status: Literal["not started", "in progress", "completed", "no longer applicable"]
    updates: list[ActionUpdate] = Field(default_factory=list)
    # An internal key action is shown in the review edition only.
    visibility: Literal["public", "internal"] = "public"
    notes: list[Note] = Field(default_factory=list)


class ManagementResponse(Model):
    recommendation: ItemId
    status: Literal["accepted", "partially accepted", "not accepted"]
    text: Text
    date: IsoDate
    key_actions: list[KeyAction] = Field(default_factory=list)
    follows_up: FollowUp | None = None
    # An internal response is shown in the review edition only; internal notes too.
    visibility: Literal["public", "internal"] = "public"
    notes: list[Note] = Field(default_factory=list)
