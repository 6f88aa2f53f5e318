"""The cross-reference graph: every item by ID, typed links, and backlinks.

Forward links are what the content says (R3 -> C4); backlinks (C4 <- R3) are
computed here, never written by hand. Dangling and wrong-kind references are
reported with the file and line of the field that holds them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterator, NamedTuple

from pydantic import BaseModel

from .acronyms import unlisted_acronyms
from .content import registry, schema
from .content.confusables import confusable_index, lookalike
from .content.loader import ContentSet
from .content.markdown import IMAGE_SUFFIXES, Target, bracket_overload, link_targets, local_image, text_references
from .content.validation import suggest
from .context import BuildContext, language_label
from .errors import Report
from .graph_tables import TABLE_KINDS, check_tables, embed_names, register_tables
from .graph_texts import (check_lookalike_reference, check_old_ids, check_reference_spelling, check_template_fields,
                          text_checks)
from .followup import check_responses

# Item kinds, in the order a reader meets them.
KIND_OF_COLLECTION = {key: t.kind for key, t in registry.collections().items()}


def _all_link_fields() -> dict[tuple[str, str], tuple[str, ...]]:
    """(item kind, field) -> kinds the field may point to, from the models' Link roles."""
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for model_type in registry.all_models():
        kind = registry.kind_of_model(model_type)
        if kind is not None and registry.type_of(kind).item:
            found.update({(kind, name): kinds for name, kinds in registry.link_fields(model_type).items()})
    return found


LINK_FIELDS = _all_link_fields()
# Collections that are not items of the report (no ID in the item namespace, no page).
NOT_ITEMS = registry.kinds(item=False)
# Kinds a reader can be sent to by a [[ID]] reference in a text.
LINKABLE_KINDS = tuple(dict.fromkeys((*registry.kinds(linkable=True), *TABLE_KINDS)))


@dataclass
class Node:
    id: str
    kind: str
    model: Any  # the item's pydantic model: its fields depend on the kind
    parent: "Node | None" = None  # a finding's section, a sub-question's question


@dataclass
class Graph:
    content: ContentSet
    ctx: BuildContext = field(default_factory=BuildContext)
    nodes: dict[str, Node] = field(default_factory=dict)
    backlinks: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    text_links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    charts: dict[str, Any] = field(default_factory=dict)  # chart ID -> tables.Chart (own namespace)
    embedded_in: dict[str, list[str | None]] = field(default_factory=lambda: defaultdict(list))  # "table:ID" -> owners
    # What the views compute once from the finished graph and every page reads (render.views: the
    # explorer's facets): computing it per recommendation made a build quadratic in their number.
    derived: dict[str, Any] = field(default_factory=dict)

    @property
    def build_date(self) -> dt.date:
        """"As of" for the follow-up of management responses (the build context's date)."""
        return self.ctx.build_date

    # --- lookups -------------------------------------------------------------------
    def get(self, item_id: str) -> Node | None:
        return self.nodes.get(item_id)

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == kind]

    def linked_from(self, item_id: str, kind: str) -> list[str]:
        """IDs of items of `kind` that link to `item_id` (in content order)."""
        return list(self.backlinks[item_id].get(kind, []))

    def parent_of(self, item_id: str) -> str | None:
        """The item an item belongs to: the one it is nested in (a finding's section), or the one its
        parent field names (a question's criterion), as the registry declares."""
        node = self.nodes[item_id]
        if node.parent is not None:
            return node.parent.id
        item_type = registry.item_type(node.kind)
        name = registry.parent_field(type(node.model), item_type.parent if item_type else None)
        parent: str | None = getattr(node.model, name) if name else None  # the parent's ID
        return parent

    def attached_to(self, item_id: str, kind: str) -> list[Node]:
        """The items of `kind` that belong to an item (a criterion's ratings), in content order."""
        return [n for n in self.of_kind(kind) if self.parent_of(n.id) == item_id]

    def criterion_of(self, item_id: str) -> str | None:
        node = self.nodes.get(item_id)
        if node is None:
            return None
        if node.kind == "criterion":
            return node.id
        criterion: str | None = getattr(node.model, "criterion", None)
        if criterion:  # a question, section, conclusion, rating … naming it
            return criterion
        for question in getattr(node.model, "answers", []):  # a section through the questions it answers
            found = self.criterion_of(question)
            if found:
                return found
        return self.criterion_of(node.parent.id) if node.parent is not None else None  # a finding, a sub-question

    @property
    def numbered_findings(self) -> bool:
        """Whether the report numbers its key findings at all (many reports do not)."""
        return any(section.findings for section in self.content.sections)

    def sections_answering(self, question_id: str) -> list[str]:
        """Sections that answer a question or one of its sub-questions."""
        node = self.nodes[question_id]
        ids = [question_id] + [s.id for s in getattr(node.model, "subquestions", [])]
        seen: list[str] = []
        for qid in ids:
            for sid in self.linked_from(qid, "section"):
                if sid not in seen:
                    seen.append(sid)
        return seen


def build_graph(content: ContentSet, report: Report, ctx: BuildContext | None = None) -> Graph:
    graph = Graph(content, ctx or BuildContext(languages=tuple(content_languages(content))))
    _register_items(graph, report)
    _check_id_spelling(graph, report)
    check_old_ids(graph, report)
    _check_links(graph, report)
    _check_text_references(graph, report)
    _check_translations(graph, report)
    _check_comments(graph, report)
    check_tables(graph, report)
    _check_values(graph, report)
    _check_acronyms(graph, report)
    _check_import_notes(graph, report)
    check_template_fields(graph, report)
    check_responses(graph, report, graph.ctx.build_date)
    return graph


def content_languages(content: ContentSet) -> list[str]:
    """Without a configuration, the languages are those of the evaluation's title, in the order written."""
    title = content.evaluation.title if content.evaluation is not None else None
    return (title.languages if title is not None else content.title_languages) or ["en"]


def _check_import_notes(graph: Graph, report: Report) -> None:
    """Items (and the evaluation's cover) still carrying the note `reportgen import` left on a guess."""
    evaluation = graph.content.evaluation
    if evaluation is not None and evaluation.import_note:
        origin = graph.content.origin(evaluation)
        report.warning(origin.file, origin.line, f"import note: {evaluation.import_note}",
                       "confirm and delete import_note", item="evaluation", code="import.note")
    models = [(node.id, node.model) for node in graph.nodes.values()] + list(graph.charts.items())
    for ident, model in models:
        note = getattr(model, "import_note", None)
        if note:
            origin = graph.content.origin(model)
            report.warning(origin.file, origin.line, f"import note: {note}", "confirm and delete import_note",
                           item=ident, code="import.note")


# Pages a comment may target when it is not about one item ("page:NAME").
CHAPTER_PAGES = tuple(t.page[:-3] for t in registry.chapter_types())  # "conclusions", …, "good-practices"
PAGE_TARGETS = ("home", "summary", "cover", "findings", *CHAPTER_PAGES, "annexes", "glossary", "matrix", "explorer",
                "methodology", "general")


def comments_on(graph: Graph, target: str) -> list[schema.Comment]:
    """Comments on an item, including those made on it under a former ID."""
    node = graph.nodes.get(target)
    names = {target, *(getattr(node.model, "old_ids", []) if node else [])}
    return [c for c in graph.content.comments if c.target in names]


def former_ids(graph: Graph) -> dict[str, str]:
    return {old: node.id for node in graph.nodes.values() for old in getattr(node.model, "old_ids", [])}


def _check_comments(graph: Graph, report: Report) -> None:
    content = graph.content
    rounds = {r.id for r in content.rounds}
    renamed = former_ids(graph)
    seen: dict[str, object] = {}
    ids = {c.id for c in content.comments}
    for comment in content.comments:
        origin = content.origin(comment)

        def line(name: str, comment: schema.Comment = comment) -> int | None:
            return content.line_of(comment, name)
        if comment.id in seen:
            first = content.origin(seen[comment.id])
            report.error(origin.file, origin.line, f"duplicate comment ID {comment.id!r} "
                         f"(first at {first.file}:{first.line})", "number comments uniquely", item=comment.id,
                         code="id.duplicate")
        seen[comment.id] = comment
        if comment.round not in rounds:
            report.error(origin.file, line("round"), f"round {comment.round!r} is not defined",
                         suggest(comment.round, rounds) or "add it to 'rounds:'", item=comment.id,
                         code="comment.unknown_round")
        if comment.reply_to is not None and comment.reply_to not in ids:
            report.error(origin.file, line("reply_to"), f"reply_to {comment.reply_to!r}: no comment with this ID",
                         suggest(comment.reply_to, list(ids)) or "name the comment this one answers", item=comment.id,
                         code="comment.unknown_reply_to")
        if comment.target is None:
            where = f" (quoting {_short(comment.quote)!r})" if comment.quote else ""
            report.note(origin.file, origin.line, f"comment {comment.id} is not placed on any item{where}",
                        "add 'target:' (an item ID or page:NAME) once you know what it is about", item=comment.id,
                        code="comment.unplaced")
        elif comment.target.startswith("page:"):
            page = comment.target[5:]
            if page not in PAGE_TARGETS:
                report.error(origin.file, line("target"), f"unknown page {page!r} in target",
                             suggest(page, PAGE_TARGETS) or f"pages: {', '.join(PAGE_TARGETS)}", item=comment.id,
                             code="comment.unknown_target")
        elif comment.target not in graph.nodes and comment.target not in renamed and not (
                comment.response and comment.target in comment.response.removed):
            hint = suggest(comment.target, list(graph.nodes)) or "use an item ID (e.g. H12, R3) or page:NAME"
            hint += "; an item removed because of this comment is listed in response.removed"
            report.error(origin.file, line("target"), f"target {comment.target!r}: no item with this ID", hint,
                         item=comment.id, code="comment.unknown_target")
        if comment.response is not None:
            changed_line = content.line_of(comment.response, "changed") or line("response")
            for changed in comment.response.changed:
                if changed not in graph.nodes:
                    report.error(origin.file, changed_line, f"response.changed lists {changed!r}, "
                                 "which is not an item", suggest(changed, list(graph.nodes))
                                 or "list deleted items under response.removed", item=comment.id,
                                 code="comment.unknown_changed")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def unanswered_comments(graph: Graph, round_id: str) -> list[schema.Comment]:
    """Comments of the round still waiting for the team's response; a reply (reply_to) is part of its
    thread, answered with the comment that opened it."""
    return [c for c in graph.content.comments if c.round == round_id and c.response is None and c.reply_to is None]


# Names the site itself uses for pages and folders: an item page named so would replace one of them.
RESERVED_IDS = {"index", "404", "search", "assets", "downloads", "print", "explorer", "sitemap", "annexes",
                "criteria", "findings", *CHAPTER_PAGES, "glossary", "matrix", "comments", "changes", "summary",
                "javascripts", "stylesheets"}


def _check_id_spelling(graph: Graph, report: Report) -> None:
    """IDs become file names and URLs: none may name a page of the site, and none may differ from
    another only by case (a case-insensitive file system, or a reader typing the URL, would mix them)."""
    reserved = RESERVED_IDS | {lang.lower() for lang in graph.ctx.languages}
    seen: dict[str, Node] = {}
    for node in graph.nodes.values():
        origin = graph.content.origin(node.model)
        folded = node.id.casefold()
        if folded in reserved:
            report.error(origin.file, origin.line, f"ID {node.id!r} is the name of a page or folder of the site "
                         "(its page would replace that one)", "choose another ID, e.g. with a prefix", item=node.id,
                         code="id.reserved")
        other = seen.setdefault(folded, node)
        if other is not node:
            first = graph.content.origin(other.model)
            report.error(origin.file, origin.line, f"ID {node.id!r} differs from {other.id!r} "
                         f"({first.file}:{first.line}) only by upper/lower case", "rename one of them",
                         item=node.id, code="id.case_clash")


def _register_items(graph: Graph, report: Report) -> None:
    content = graph.content
    for key, kind in KIND_OF_COLLECTION.items():
        if kind in NOT_ITEMS:
            continue
        for model in content.items[key]:
            node = _register(graph, model.id, kind, model, None, report)
            for child_field, child_kind in registry.child_fields(type(model)).items():
                for child in getattr(model, child_field):
                    _register(graph, child.id, child_kind, child, node, report)
    register_tables(graph, _register, report)
    seen_terms: dict[str, object] = {}
    for entry in content.glossary:
        if entry.term in seen_terms:
            first = content.origin(seen_terms[entry.term])
            origin = content.origin(entry)
            report.error(origin.file, origin.line, f"glossary term {entry.term!r} is defined twice "
                         f"(first at {first.file}:{first.line})", "keep one definition", code="glossary.duplicate_term")
        seen_terms[entry.term] = entry


def _register(graph: Graph, item_id: str, kind: str, model: Any, parent: Node | None, report: Report) -> Node | None:
    content = graph.content
    if item_id in graph.nodes:
        first = content.origin(graph.nodes[item_id].model)
        origin = content.origin(model)
        report.error(origin.file, origin.line, f"duplicate ID {item_id!r}: already used by a "
                     f"{graph.nodes[item_id].kind} at {first.file}:{first.line}",
                     "IDs must be unique across all files; rename one", item=item_id, code="id.duplicate")
        return None
    node = Node(item_id, kind, model, parent)
    graph.nodes[item_id] = node
    return node


def _check_links(graph: Graph, report: Report) -> None:
    content = graph.content
    for node in list(graph.nodes.values()):
        for field_name, allowed in registry.link_fields(type(node.model)).items():
            value = getattr(node.model, field_name)
            targets = value if isinstance(value, list) else [value] if value is not None else []
            for target in targets:
                if _check_target(graph, node, field_name, target, allowed, content.line_of(node.model, field_name),
                                 content.origin(node.model).file, report):
                    graph.backlinks[target][node.kind].append(node.id)


def _check_target(graph: Graph, node: Node, field_name: str, target: str, allowed: tuple[str, ...], line: int | None,
                  file: str, report: Report) -> bool:
    target_node = graph.nodes.get(target)
    arrow = f"{node.id}.{field_name} → {target}"
    if target_node is None and target in graph.content.refused_ids:
        return False  # its own refusal is reported: "no item" would send the author looking for the wrong thing
    if target_node is None and target in graph.content.hidden_ids:
        report.error(file, line, f"{arrow}: {target!r} is internal, so the public edition leaves it out",
                     f"remove the link or make {target} public (visibility: public)", item=node.id,
                     code="link.internal")
        return False
    if target_node is None:
        candidates = [n.id for n in graph.nodes.values() if n.kind in allowed]
        hint = suggest(target, candidates) or (
            f"existing {allowed[0]} IDs: {', '.join(candidates[:12])}{' …' if len(candidates) > 12 else ''}"
            if candidates else f"no {allowed[0]} is defined yet")
        report.error(file, line, f"{arrow}: no item with ID {target!r}", hint, item=node.id, code="link.unknown")
        return False
    if target_node.kind not in allowed:
        report.error(file, line, f"{arrow}: {target!r} is a {target_node.kind.replace('_', ' ')}, but "
                     f"{field_name!r} needs a {' or '.join(k.replace('_', ' ') for k in allowed)}",
                     f"put {target!r} in the right field or link to a {allowed[0].replace('_', ' ')}", item=node.id,
                     code="link.wrong_kind")
        return False
    return True


class TextAt(NamedTuple):
    """A text of the content, where it is, and whether it names Markdown files rather than holding text."""

    node: "Node | None"
    path: str
    text: schema.Text
    file: str
    line: int | None
    is_file: bool


def iter_texts(graph: Graph) -> Iterator[TextAt]:
    """Every text in the content (TextAt), for text checks."""
    content = graph.content
    if content.evaluation is not None:
        yield from _texts_of(content, None, content.evaluation, "evaluation")
    for node in graph.nodes.values():
        if node.kind not in ("table_row", "table_group"):  # their texts are read with their table
            yield from _texts_of(content, node, node.model, "")
    for chart in graph.charts.values():
        yield from _texts_of(content, None, chart, f"chart {chart.id}")
    for entry in content.glossary:
        yield from _texts_of(content, None, entry, f"glossary {entry.term}")
    if "chapters" in content.singletons:
        yield from _texts_of(content, None, content.chapters, "chapters")
    for round_ in content.rounds:
        yield from _texts_of(content, None, round_, f"round {round_.id}")
    for response in content.management_responses:
        yield from _texts_of(content, None, response, f"management response {response.recommendation}")


def _texts_of(content: ContentSet, node: Node | None, model: BaseModel, prefix: str) -> Iterator[TextAt]:
    files = registry.markdown_file_fields(type(model))
    children = registry.child_fields(type(model))  # items of their own: their texts are theirs
    source = content.origin(model)
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}.{name}" if prefix else name
        if isinstance(value, schema.Text):
            yield TextAt(node, path, value, source.file, source.line_of(name), name in files)
        elif isinstance(value, schema.Model):
            yield from _texts_of(content, node, value, path)
        elif isinstance(value, list) and name not in children:
            for child in value:
                if isinstance(child, schema.Model):
                    yield from _texts_of(content, node, child, path)
        elif isinstance(value, dict):  # a table row's cells
            for key, child in value.items():
                if isinstance(child, schema.Text):
                    yield TextAt(node, f"{path}.{key}", child, source.file, source.line_of(f"{name}.{key}"), False)


def _check_text_references(graph: Graph, report: Report) -> None:
    content = graph.content
    index = confusable_index(n.id for n in graph.nodes.values() if n.kind in LINKABLE_KINDS)  # look-alikes
    texts = [(node, path, text, file, line) for node, path, text, file, line, is_file in iter_texts(graph)
             if not is_file]
    for node, path, text, file, line in texts:
        for lang in text.languages:
            body = text.get(lang)
            if body:
                _check_refs_in(graph, node, body, file, content.line_of(text, lang) or line, report, index)
                _check_body(graph, node, body, file, content.line_of(text, lang) or line, report)
                text_checks(body, file, content.line_of(text, lang) or line, node.id if node else None, report,
                            index)
    for (owner, name, lang), body in content.markdown_files.items():
        node = graph.nodes.get(owner)
        _check_refs_in(graph, node, body, content.markdown_origins[(owner, name, lang)], 1, report, index)
        _check_body(graph, node, body, content.markdown_origins[(owner, name, lang)], 1, report)
        # A Markdown file's text goes into no spreadsheet cell: its references only.
        check_reference_spelling(body, content.markdown_origins[(owner, name, lang)], 1, node.id if node else None,
                                 report, index)


def _check_body(graph: Graph, node: Node | None, body: str, file: str, line: int | None, report: Report) -> None:
    """Nothing from outside the content folder, no remote images (unless allowed), no bracket bombs."""
    owner = node.id if node else None
    overload = bracket_overload(body)
    if overload is not None:
        report.error(file, line + overload[0] if line is not None else None,
                     f"{overload[1]:,} nested or unclosed '[' in one text; Markdown would take minutes to "
                     "render it", "remove the brackets, or escape them as \\[ if they are meant as text",
                     item=owner, code="markdown.brackets")
    allow_remote = graph.ctx.config.allow_remote_images
    for target in link_targets(body):
        _check_target_url(target, file, line + target.line if line is not None else None, owner, allow_remote,
                          report)
        if target.image:
            _check_image_file(graph, target, file, line + target.line if line is not None else None, owner, report)


def _check_image_file(graph: Graph, target: Target, file: str, line: int | None, owner: str | None,
                      report: Report) -> None:
    """A local image the build can copy: it exists in the content folder, in a format browsers show."""
    url = target.url.split("#", 1)[0].split("?", 1)[0]
    if re.match(r"^[a-z][a-z0-9+.-]*:", url.lower()) or url.startswith(("/", "\\")) or not url:
        return  # remote, absolute, another scheme: _check_target_url's
    found = local_image(url, file)
    root = graph.content.root
    if found is None:
        folder = posixpath.dirname(file).partition("/")[2]
        if not posixpath.normpath(posixpath.join(folder, url)).startswith(".."):
            report.error(file, line, f"image {target.url!r} is not a picture browsers show (only "
                         f"{', '.join(s.lstrip('.').upper() for s in IMAGE_SUFFIXES)})",
                         "save the picture as PNG, JPEG, GIF or SVG and show that file", item=owner,
                         code="markdown.image_file")
        return
    if not (root / found).is_file():
        report.error(file, line, f"image {target.url!r}: no file {root.name}/{found}",
                     "correct the path (relative to this text's file), or put the picture there", item=owner,
                     code="markdown.image_file")


def _check_target_url(target: Target, file: str, line: int | None, owner: str | None, allow_remote: bool, report: Report) -> None:
    kind = "image" if target.image else "link"
    url = "".join(ch for ch in target.url if ch.isprintable() and not ch.isspace())
    lowered = url.lower()
    if lowered.startswith("file:"):
        report.error(file, line, f"{kind} {target.url!r} points to a file on the build machine",
                     "put the file in the content folder and use a relative path, or link to a web address",
                     item=owner, code="markdown.local_path")
        return
    if lowered.startswith(("http:", "https:", "//")):
        if target.image and not allow_remote:
            report.error(file, line, f"image {target.url!r} is on another site: the site must work offline and a "
                         "reader's visit must not be reported to a third party",
                         "copy the image into the content folder, or allow remote images with "
                         "'allow_remote_images: true' in reportgen.yml", item=owner, code="markdown.remote_image")
        return
    if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) or url.startswith("#") or not url:
        return  # mailto:, tel:, an anchor; script URLs lose their target when rendered
    path = url.split("#", 1)[0].split("?", 1)[0]
    if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", path):
        report.error(file, line, f"{kind} {target.url!r} is an absolute path on the build machine",
                     "use a path relative to the text's file, inside the content folder", item=owner,
                     code="markdown.local_path")
        return
    folder = posixpath.dirname(file).partition("/")[2]  # the file's folder inside the content folder
    if posixpath.normpath(posixpath.join(folder, path.replace("\\", "/"))).startswith(".."):
        report.error(file, line, f"{kind} {target.url!r} leads outside the content folder",
                     "keep linked files inside the content folder", item=owner, code="markdown.local_path")


def _check_refs_in(graph: Graph, node: Node | None, body: str, file: str, line: int | None, report: Report,
                   index: dict[str, str] | None = None) -> None:
    """`line` is the file line of the text's first line; references carry their 0-based line in it.
    `index`: the look-alike index of the IDs (content.confusables), for naming the character of a
    reference that names no item but looks like one that does."""
    for ref in text_references(body):
        where = line + ref.line if line is not None else None
        owner = node.id if node else None
        if ref.target.partition(":")[2] in graph.content.refused_ids or ref.target in graph.content.refused_ids:
            continue  # an embed of (a reference to) an item whose refusal is reported
        if ref.kind == "embed":
            names = embed_names(graph)
            if ref.target not in names:
                report.error(file, where, f"unknown embed [[{ref.raw}]]", suggest(ref.target, names)
                             or f"known embeds: {', '.join(sorted(names)) or 'none (define tables: or charts:)'}",
                             item=owner, code="embed.unknown")
            else:
                graph.embedded_in[ref.target].append(owner)
            continue
        target = graph.nodes.get(ref.target)
        if target is None:
            candidates = [n.id for n in graph.nodes.values() if n.kind in LINKABLE_KINDS]
            alike = lookalike(ref.target, index or {})  # [[Rl]] for R1: named by reference.lookalike too
            report.error(file, where, f"reference [[{ref.target}]]: no item with this ID",
                         suggest(ref.target, candidates) or (f"did you mean {alike[1]!r}?" if alike else ""),
                         item=owner, code="reference.unknown")
            if alike:
                check_lookalike_reference(ref.target, file, where, owner, report, alike)
        elif target.kind not in LINKABLE_KINDS:
            report.error(file, where, f"reference [[{ref.target}]] points to a {target.kind}, which has no page",
                         item=owner, code="reference.no_page")
        elif node is not None:
            graph.text_links[node.id].append(ref.target)
            graph.backlinks[ref.target]["mention"].append(node.id)


def _check_translations(graph: Graph, report: Report) -> None:
    """The original language is required; the others are tracked (warnings, notes when knowingly left)."""
    ctx = graph.ctx
    names = ", ".join(ctx.languages)
    for node, path, text, file, line, is_file in iter_texts(graph):
        owner = node.id if node else None
        for lang in text.languages:
            if lang not in ctx.languages:
                report.error(file, content_line(graph, text, lang, line), f"{path}: text in {lang!r}, which is not "
                             f"a language of this project ({names})",
                             f"add {lang!r} to 'languages' in reportgen.yml, or remove this text", item=owner,
                             code="text.unknown_language")
        if text.get(ctx.original) is None:
            report.error(file, line, f"{path}: missing text in {language_label(ctx.original)}, the report's "
                         "original language",
                         f"add '{ctx.original}:' (the first language in reportgen.yml is the original)", item=owner,
                         code="text.missing_original")
        for lang in ctx.translations:
            if text.get(lang) is not None or (not is_file and not (text.get(ctx.original) or "").strip()):
                continue   # (an empty original has nothing to translate: `translate status` counts no unit)
            if text.written(lang):
                report.note(file, line, f"untranslated (marked '{lang}: null'): {path}"
                            + (f": the {lang} page shows the original text with a notice" if is_file else ""),
                            item=owner, code="text.untranslated_knowingly")
                continue
            name = language_label(lang).split(" (")[0]
            message = (f"{path}: no {name} file ('{lang}'); the {lang} page shows the original text with a notice"
                       if is_file else f"{path}: missing {name} translation ('{lang}')")
            report.warning(file, line, f"untranslated: {message}",
                           f"add '{lang}:' (or '{lang}: null' to mark it as knowingly untranslated)", item=owner,
                           code="text.untranslated")


def _check_acronyms(graph: Graph, report: Report) -> None:
    """Note acronyms the original-language texts use but the acronym list (glossary) lacks."""
    content, original = graph.content, graph.ctx.original
    texts: list[tuple[str, str, int | None]] = [
        (body, file, content_line(graph, text, original, line))
        for _, path, text, file, line, is_file in iter_texts(graph)
        if (body := text.get(original)) and not is_file]
    texts += [(body, content.markdown_origins[key], 1) for key, body in content.markdown_files.items()
              if key[2] == original]
    missing = unlisted_acronyms(texts, {entry.term for entry in content.glossary})
    if missing and not content.glossary:
        names = ", ".join(m.term for m in missing[:10]) + (" …" if len(missing) > 10 else "")
        report.note(missing[0].first_file, missing[0].first_line,
                    f"{len(missing)} acronyms are used ({names}) but the report has no acronym list",
                    "add 'glossary:' entries (term, expansion) so that readers see each one expanded",
                    code="acronym.no_list")
        return
    for entry in missing:
        defined = f"; the text defines it as “{entry.definition}”" if entry.definition else ""
        report.note(entry.first_file, entry.first_line,
                    f"acronym {entry.term!r} is used {entry.count} time(s) but is not in the acronym list{defined}",
                    "add it to 'glossary:' (term and expansion)", code="acronym.undefined")


def content_line(graph: Graph, text: schema.Text, lang: str, fallback: int | None) -> int | None:
    return graph.content.line_of(text, lang) or fallback


def _check_values(graph: Graph, report: Report) -> None:
    """Fields with a value set (recommendation levels, ratings) hold a value of the project's set;
    custom fields must be declared."""
    config = graph.ctx.config
    content = graph.content
    for node in graph.nodes.values():
        for name, role in registry.value_set_fields(type(node.model)).items():
            value = getattr(node.model, name)
            allowed = getattr(config.value_sets, role.name)
            if value is not None and value not in allowed:
                report.error(content.origin(node.model).file, content.line_of(node.model, name),
                             f"{name}: {value!r} is not an allowed value",
                             (suggest(value, allowed) or f"allowed values: {', '.join(allowed)}")
                             + f"; the values are set in reportgen.yml under value_sets.{role.name}", item=node.id,
                             code="value.unknown")
    for node in graph.nodes.values():
        declared = {f.id for f in config.custom_fields_of(node.kind)}
        for name in getattr(node.model, "custom", {}):
            if name not in declared:
                report.error(content.origin(node.model).file, content.line_of(node.model, "custom"),
                             f"custom field {name!r} is not declared for {node.kind.replace('_', ' ')}s",
                             suggest(name, declared) or f"declare it in reportgen.yml under custom_fields.{node.kind}",
                             item=node.id, code="custom_field.undeclared")
