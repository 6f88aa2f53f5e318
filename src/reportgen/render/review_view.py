"""The review edition's view: comments and responses, the comments log, what changed.

Templates see it as `review_view` (and, for older templates, through `ctx`).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..changes import Block, ChangeSet, ItemChange
from ..content import registry
from ..content.markdown import plain_text
from ..content.schema import Comment, Round
from ..graph import Graph, comments_on, former_ids
from ..i18n import Texts
from .page_links import PageLinks
from .text import inline
from .writer import PageWriter, Renderer


@dataclass
class ReviewInfo:
    """What the review edition adds: the current round, the comments and what changed."""

    edition: str = "review"
    round: Round | None = None           # the round being answered (the latest one)
    changes: ChangeSet | None = None     # what changed since the baseline, if any

    @property
    def is_review(self) -> bool:
        return self.edition == "review"


PUBLIC = ReviewInfo(edition="public")


class ReviewView:
    """Comment rounds (review edition only) and the differences since the last round."""

    def __init__(self, graph: Graph, review: ReviewInfo, texts: Texts, writer: PageWriter, links: PageLinks,
                 render: Renderer):
        self.graph = graph
        self.content = graph.content
        self.review = review
        self.texts = texts
        self.writer = writer
        self.links = links
        self.render = render   # the comments on an item are a template of their own

    def comments(self, target: str) -> Markup:
        """The comments on an item and the team's responses, collapsed (review edition only)."""
        if not self.review.is_review or self.links.single_page:
            return Markup("")
        items = comments_on(self.graph, target)
        if not items:
            return Markup("")
        return Markup(self.render("pages/_comments.md.j2", items=items, target=target))

    def round_name(self, round_id: str) -> str:
        found = next((r for r in self.content.rounds if r.id == round_id), None)
        return inline(self.texts.tr(found.name)) if found else round_id

    @staticmethod
    def comment_text(text: str) -> Markup:
        """A reviewer's words, shown as written: inert text, never Markdown or HTML."""
        escaped = str(escape(text))
        for ch in "\\`*_{}[]<>()#+-.!|~":
            escaped = escaped.replace(ch, "\\" + ch) if ch not in "<>" else escaped
        return Markup(escaped.replace("\n", " "))

    def comment_target_url(self, comment: Comment) -> str | None:
        """Where a comment's target is now (a renamed item's new place); None for pages and removed items."""
        if comment.target is None:
            return None
        target = former_ids(self.graph).get(comment.target, comment.target)
        return self.links.url(target) if target in self.graph.nodes else None

    def comment_paragraph_url(self, comment: Comment) -> str | None:
        """The numbered paragraph a comment is on (#para-85), when the report numbers its paragraphs."""
        if comment.paragraph is None or not self.graph.ctx.config.numbered_paragraphs:
            return None
        page = self.comment_target_url(comment) or (self.comment_target(comment)[1] if comment.target else None)
        return page.split("#", 1)[0] + f"#para-{comment.paragraph}" if page is not None else None

    # "page:NAME" targets: the page they name and the interface text of its title.
    TARGET_PAGES = {"home": ("index.md", "home"), "summary": ("index.md", "home"), "cover": ("index.md", "home"),
                    "general": ("index.md", "home"), "methodology": ("index.md", "home"),
                    **{t.page[:-3]: (t.page, t.plural_key) for t in registry.chapter_types()},
                    "annexes": ("annexes.md", "annexes"), "glossary": ("glossary.md", "glossary"),
                    "matrix": ("matrix.md", "matrix"), "explorer": ("explorer.md", "explorer")}

    def comment_target(self, comment: Comment) -> tuple[str, str | None]:
        """(label, URL) of what a comment is about: "R4 · Keep trying…", or a page's title."""
        if comment.target is None:
            return self.texts.s["comment_unplaced"], None
        if comment.target.startswith("page:"):
            name = comment.target[5:]
            page, key = self.TARGET_PAGES.get(name, (None, None))
            label = self.texts.s.get(key, name) if key else name
            if name in ("summary", "cover", "methodology", "general"):
                label = self.texts.s.get("comment_page_" + name, label)
            return label, (self.links.page_url(page) if page else None)
        url = self.comment_target_url(comment)
        if url is None:
            return comment.target, None
        target = former_ids(self.graph).get(comment.target, comment.target)
        title = plain_text(self.writer.title_of(target))
        short = title if len(title) <= 60 else title[:59].rsplit(" ", 1)[0] + " …"
        return (f"{target} · {short}" if title and title != target else target), url

    def comment_targets(self) -> list[tuple[str, str]]:
        """(filter value, label) of every target commented on, in the report's order of comments."""
        seen: dict[str, str] = {}
        for comment in self.content.comments:
            seen.setdefault(self.comment_slug(comment), self.comment_target(comment)[0])
        return list(seen.items())

    def comment_slug(self, comment: Comment) -> str:
        """The comments log's filter value of a comment's target ("unplaced" for a comment not placed yet)."""
        return self.links.slug(comment.target) if comment.target is not None else "unplaced"

    def comment_organisations(self) -> list[str]:
        return sorted({c.organisation for c in self.content.comments})

    def comments_causing(self, change: ItemChange) -> list[Comment]:
        ids = {change.id, change.old_id} - {None}
        return [c for c in self.content.comments
                if c.response and ids & (set(c.response.changed) | set(c.response.removed))]

    def diff_html(self, old: object, new: object) -> Markup:
        """A field's changes as paragraphs: a word diff, or for a text of several paragraphs
        (a narrative) only the changed paragraphs, their headings kept, with a little context."""
        from ..changes import block_diff, field_text, word_diff
        before, after = (v.get(self.texts.lang) if isinstance(v, dict) else None for v in (old, new))
        if isinstance(before or after, str) and "\n\n" in ((before or "") + (after or "")).strip():
            return Markup("".join(self._diff_block(block) for block in block_diff(before or "", after or "")))
        words = word_diff(field_text(old, self.texts.lang), field_text(new, self.texts.lang))
        return Markup(f'<p class="rg-diff-text">{self._diff_words(words)}</p>')

    @staticmethod
    def _diff_words(words: list[tuple[str, str]]) -> str:
        tags = {"-": "del", "+": "ins"}
        return "".join(str(escape(text)) if op == "=" else f"<{tags[op]}>{escape(text)}</{tags[op]}>"
                       for op, text in words)

    def _diff_block(self, block: Block) -> str:
        if block.kind == "…":
            return f'<p class="rg-diff-gap" aria-label="{escape(self.texts.s["diff_unchanged"])}">…</p>'
        css = "rg-diff-text rg-diff-heading" if block.heading else "rg-diff-text"
        return f'<p class="{css}">{self._diff_words(block.words)}</p>'

    def field_label(self, name: str) -> str:
        return self.texts.field_label(name)
