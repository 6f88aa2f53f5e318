"""The cross-reference graph: every item by ID, typed links, and backlinks.

Forward links are what the content says (R3 -> C4); backlinks (C4 <- R3) are
computed here, never written by hand. Dangling and wrong-kind references are
reported with the file and line of the field that holds them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .content import schema
from .content.loader import ContentSet, suggest
from .content.markdown import text_references
from .errors import Report
from .followup import check_responses

# Item kinds, in the order a reader meets them.
KIND_OF_COLLECTION = {key: kind for key, (_, kind) in schema.COLLECTIONS.items()}

# (item kind, field) -> kinds the field may point to
LINK_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("question", "criterion"): ("criterion",),
    ("section", "answers"): ("question",),
    ("conclusion", "criterion"): ("criterion",),
    ("conclusion", "findings"): ("finding",),
    ("recommendation", "addressees"): ("institution",),
    ("recommendation", "conclusions"): ("conclusion",),
    ("recommendation", "lessons"): ("lesson",),
    ("recommendation", "good_practices"): ("good_practice",),
    ("indicator", "objective"): ("objective",),
}
# Collections that are not items of the report (no ID in the item namespace, no page).
NOT_ITEMS = ("glossary_entry", "round", "comment", "management_response")
# Kinds a reader can be sent to by a [[ID]] reference in a text.
LINKABLE_KINDS = ("criterion", "question", "section", "finding", "conclusion", "recommendation", "lesson",
                  "good_practice", "midterm_recommendation", "budget_extension", "indicator", "objective",
                  "document")


@dataclass
class Node:
    id: str
    kind: str
    model: object
    parent: "Node | None" = None  # a finding's section, a sub-question's question


@dataclass
class Graph:
    content: ContentSet
    nodes: dict[str, Node] = field(default_factory=dict)
    backlinks: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    text_links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    build_date: date = field(default_factory=date.today)  # "as of" for management-response follow-up

    # --- lookups -------------------------------------------------------------------
    def get(self, item_id: str) -> Node | None:
        return self.nodes.get(item_id)

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == kind]

    def linked_from(self, item_id: str, kind: str) -> list[str]:
        """IDs of items of `kind` that link to `item_id` (in content order)."""
        return list(self.backlinks[item_id].get(kind, []))

    def criterion_of(self, item_id: str) -> str | None:
        node = self.nodes.get(item_id)
        if node is None:
            return None
        if node.kind == "criterion":
            return node.id
        if node.kind in ("question", "conclusion"):
            return node.model.criterion if hasattr(node.model, "criterion") else self.criterion_of(node.parent.id)
        if node.kind == "section":
            for question in node.model.answers:
                found = self.criterion_of(question)
                if found:
                    return found
        if node.kind == "finding":
            return self.criterion_of(node.parent.id)
        return None

    def questions_of_section(self, section_id: str) -> list[str]:
        return list(self.nodes[section_id].model.answers)

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


def build_graph(content: ContentSet, report: Report, build_date: date | None = None) -> Graph:
    graph = Graph(content, build_date=build_date or date.today())
    _register_items(graph, report)
    _check_links(graph, report)
    _check_text_references(graph, report)
    _check_translations(graph, report)
    _check_comments(graph, report)
    check_responses(graph, report, graph.build_date)
    return graph


# Pages a comment may target when it is not about one item ("page:NAME").
PAGE_TARGETS = ("home", "summary", "cover", "conclusions", "recommendations", "lessons", "good-practices",
                "annexes", "glossary", "matrix", "explorer", "methodology", "general")


def comments_on(graph: Graph, target: str) -> list:
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
    for comment in content.comments:
        origin = content.origin(comment)
        line = lambda name: content.line_of(comment, name)  # noqa: E731 - short local helper
        if comment.id in seen:
            first = content.origin(seen[comment.id])
            report.error(origin.file, origin.line, f"duplicate comment ID {comment.id!r} "
                         f"(first at {first.file}:{first.line})", "number comments uniquely", item=comment.id)
        seen[comment.id] = comment
        if comment.round not in rounds:
            report.error(origin.file, line("round"), f"round {comment.round!r} is not defined",
                         suggest(comment.round, rounds) or "add it to 'rounds:'", item=comment.id)
        if comment.target.startswith("page:"):
            page = comment.target[5:]
            if page not in PAGE_TARGETS:
                report.error(origin.file, line("target"), f"unknown page {page!r} in target",
                             suggest(page, PAGE_TARGETS) or f"pages: {', '.join(PAGE_TARGETS)}", item=comment.id)
        elif comment.target not in graph.nodes and comment.target not in renamed and not (
                comment.response and comment.target in comment.response.removed):
            hint = suggest(comment.target, list(graph.nodes)) or "use an item ID (e.g. H12, R3) or page:NAME"
            hint += "; an item removed because of this comment is listed in response.removed"
            report.error(origin.file, line("target"), f"target {comment.target!r}: no item with this ID", hint,
                         item=comment.id)
        if comment.response is not None:
            changed_line = content.line_of(comment.response, "changed") or line("response")
            for changed in comment.response.changed:
                if changed not in graph.nodes:
                    report.error(origin.file, changed_line, f"response.changed lists {changed!r}, "
                                 "which is not an item", suggest(changed, list(graph.nodes))
                                 or "list deleted items under response.removed", item=comment.id)


def unanswered_comments(graph: Graph, round_id: str) -> list:
    return [c for c in graph.content.comments if c.round == round_id and c.response is None]


def _register_items(graph: Graph, report: Report) -> None:
    content = graph.content
    for key, kind in KIND_OF_COLLECTION.items():
        if kind in NOT_ITEMS:
            continue
        for model in content.items[key]:
            node = _register(graph, model.id, kind, model, None, report)
            for child_field, child_kind in (("subquestions", "question"), ("findings", "finding")):
                if kind in ("question", "section") and hasattr(model, child_field):
                    for child in getattr(model, child_field):
                        _register(graph, child.id, child_kind, child, node, report)
    seen_terms: dict[str, object] = {}
    for entry in content.glossary:
        if entry.term in seen_terms:
            first = content.origin(seen_terms[entry.term])
            origin = content.origin(entry)
            report.error(origin.file, origin.line, f"glossary term {entry.term!r} is defined twice "
                         f"(first at {first.file}:{first.line})", "keep one definition")
        seen_terms[entry.term] = entry


def _register(graph: Graph, item_id: str, kind: str, model, parent, report: Report) -> Node | None:
    content = graph.content
    if item_id in graph.nodes:
        first = content.origin(graph.nodes[item_id].model)
        origin = content.origin(model)
        report.error(origin.file, origin.line, f"duplicate ID {item_id!r}: already used by a "
                     f"{graph.nodes[item_id].kind} at {first.file}:{first.line}",
                     "IDs must be unique across all files; rename one", item=item_id)
        return None
    node = Node(item_id, kind, model, parent)
    graph.nodes[item_id] = node
    return node


def _check_links(graph: Graph, report: Report) -> None:
    content = graph.content
    for node in list(graph.nodes.values()):
        for (kind, field_name), allowed in LINK_FIELDS.items():
            if node.kind != kind or not hasattr(node.model, field_name):
                continue
            value = getattr(node.model, field_name)
            targets = value if isinstance(value, list) else [value]
            for target in targets:
                if _check_target(graph, node, field_name, target, allowed, content.line_of(node.model, field_name),
                                 content.origin(node.model).file, report):
                    graph.backlinks[target][node.kind].append(node.id)


def _check_target(graph: Graph, node: Node, field_name: str, target: str, allowed, line, file,
                  report: Report) -> bool:
    target_node = graph.nodes.get(target)
    arrow = f"{node.id}.{field_name} → {target}"
    if target_node is None and target in graph.content.hidden_ids:
        report.error(file, line, f"{arrow}: {target!r} is internal, so the public edition leaves it out",
                     f"remove the link or make {target} public (visibility: public)", item=node.id)
        return False
    if target_node is None:
        candidates = [n.id for n in graph.nodes.values() if n.kind in allowed]
        hint = suggest(target, candidates) or (
            f"existing {allowed[0]} IDs: {', '.join(candidates[:12])}{' …' if len(candidates) > 12 else ''}"
            if candidates else f"no {allowed[0]} is defined yet")
        report.error(file, line, f"{arrow}: no item with ID {target!r}", hint, item=node.id)
        return False
    if target_node.kind not in allowed:
        report.error(file, line, f"{arrow}: {target!r} is a {target_node.kind.replace('_', ' ')}, but "
                     f"{field_name!r} needs a {' or '.join(k.replace('_', ' ') for k in allowed)}",
                     f"put {target!r} in the right field or link to a {allowed[0].replace('_', ' ')}", item=node.id)
        return False
    return True


def iter_texts(graph: Graph):
    """Every (owner node or None, field path, Text, file, line) in the content, for text checks."""
    content = graph.content
    if content.evaluation is not None:
        yield from _texts_of(content, None, content.evaluation, "evaluation")
    for node in graph.nodes.values():
        yield from _texts_of(content, node, node.model, "")
    for entry in content.glossary:
        yield from _texts_of(content, None, entry, f"glossary {entry.term}")
    if "chapters" in content.singletons:
        yield from _texts_of(content, None, content.chapters, "chapters")
    for round_ in content.rounds:
        yield from _texts_of(content, None, round_, f"round {round_.id}")
    for response in content.management_responses:
        yield from _texts_of(content, None, response, f"management response {response.recommendation}")


def _texts_of(content: ContentSet, node, model, prefix):
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}.{name}" if prefix else name
        if isinstance(value, schema.Text):
            yield node, path, value, content.origin(model).file, content.line_of(model, name)
        elif isinstance(value, schema.Model) and not isinstance(value, (schema.Finding, schema.SubQuestion)):
            yield from _texts_of(content, node, value, path)
        elif isinstance(value, list):
            for child in value:
                if isinstance(child, schema.Model) and not isinstance(child, (schema.Finding, schema.SubQuestion)):
                    yield from _texts_of(content, node, child, path)


FILE_FIELDS = {"summary", "narrative", "body"}


def _check_text_references(graph: Graph, report: Report) -> None:
    content = graph.content
    texts = [(node, path, text, file, line) for node, path, text, file, line in iter_texts(graph)
             if path.split(".")[-1] not in FILE_FIELDS]
    for node, path, text, file, line in texts:
        for lang in schema.LANGUAGES:
            body = text.get(lang)
            if body:
                _check_refs_in(graph, node, body, file, content.line_of(text, lang) or line, report)
    for (owner, name, lang), body in content.markdown_files.items():
        node = graph.nodes.get(owner)
        _check_refs_in(graph, node, body, content.markdown_origins[(owner, name, lang)], 1, report)


def _check_refs_in(graph: Graph, node, body: str, file, line, report: Report) -> None:
    """`line` is the file line of the text's first line; references carry their 0-based line in it."""
    from .render.embeds import EMBEDS  # the names a text may embed
    for ref in text_references(body):
        where = line + ref.line if line is not None else None
        owner = node.id if node else None
        if ref.kind == "embed":
            if ref.target not in EMBEDS:
                report.error(file, where, f"unknown embed [[{ref.raw}]]",
                             suggest(ref.target, EMBEDS) or f"known embeds: {', '.join(sorted(EMBEDS))}", item=owner)
            continue
        target = graph.nodes.get(ref.target)
        if target is None:
            candidates = [n.id for n in graph.nodes.values() if n.kind in LINKABLE_KINDS]
            report.error(file, where, f"reference [[{ref.target}]]: no item with this ID",
                         suggest(ref.target, candidates), item=owner)
        elif target.kind not in LINKABLE_KINDS:
            report.error(file, where, f"reference [[{ref.target}]] points to a {target.kind}, which has no page",
                         item=owner)
        elif node is not None:
            graph.text_links[node.id].append(ref.target)
            graph.backlinks[ref.target]["mention"].append(node.id)


def _check_translations(graph: Graph, report: Report) -> None:
    content = graph.content
    for node, path, text, file, line in iter_texts(graph):
        owner = node.id if node else None
        field_name = path.split(".")[-1]
        is_file = field_name in FILE_FIELDS
        if text.es is None:
            report.error(file, line, f"{path}: missing Spanish text ('es')", "Spanish is the official "
                         "language; add 'es:'", item=owner)
        if text.en is None and "en" in text.model_fields_set:
            report.note(file, line, f"untranslated (marked 'en: null'): {path}"
                        + (": the English page shows the Spanish text with a notice" if is_file else ""),
                        item=owner)
        elif text.en is None:
            message = (f"{path}: no English file; the English page shows the Spanish text with a notice"
                       if is_file else f"{path}: missing English translation ('en')")
            report.warning(file, line, f"untranslated: {message}",
                           "add 'en:' (or 'en: null' to mark it as knowingly untranslated)", item=owner)
