"""Editions: the review edition shows everything; the public edition leaves out what is for reviewers.

The public edition is made by filtering the content *before* the graph and
the pages are built, so nothing internal can reach a page, the search index,
the sitemap or a download: later stages never see it.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel

from .content import registry
from .content.loader import ContentSet
from .content.responses import ManagementResponse

M = TypeVar("M", bound=BaseModel)

EDITIONS = ("review", "public")


def for_edition(content: ContentSet, edition: str) -> ContentSet:
    if edition == "review":
        return content
    if edition != "public":
        raise ValueError(edition)
    public = copy.copy(content)
    public.items = {}
    public.hidden_ids = set()
    review_only = {t.collection for t in registry.item_types() if t.review_only}
    for key, models in content.items.items():
        if key in review_only:
            public.items[key] = []
            continue
        kept = []
        for model in models:
            if getattr(model, "visibility", "public") == "internal":
                public.hidden_ids.add(model.id)
                continue
            kept.append(_without_internal_children(model, public))
        public.items[key] = kept
    # A response to an internal recommendation goes with it.
    public.items["management_responses"] = [_public_response(r) for r in public.items.get("management_responses", [])
                                            if r.recommendation not in public.hidden_ids
                                            and getattr(r, "visibility", "public") != "internal"]
    public.markdown_files = {key: text for key, text in content.markdown_files.items()
                             if key[0] not in public.hidden_ids}
    return public


def _public_response(response: ManagementResponse) -> ManagementResponse:
    """A management response without its internal key actions and internal notes."""
    actions = [action.model_copy(update={"notes": [n for n in action.notes if n.visibility != "internal"]})
               for action in response.key_actions if action.visibility != "internal"]
    return response.model_copy(update={"key_actions": actions,
                                       "notes": [n for n in response.notes if n.visibility != "internal"]})


def _without_internal_children(model: M, public: ContentSet) -> M:
    changes: dict[str, list[Any]] = {}
    for name in registry.child_fields(type(model)):
        children = getattr(model, name, None)
        if isinstance(children, list) and any(getattr(c, "visibility", "public") == "internal" for c in children):
            public.hidden_ids.update(c.id for c in children if c.visibility == "internal")
            changes[name] = [c for c in children if c.visibility != "internal"]
    if not changes:
        return model
    return model.model_copy(update=changes)  # the copy keeps the model's source (file and lines)


