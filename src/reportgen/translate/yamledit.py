"""Line-precise edits of YAML files: set one language of a localized text, touch nothing else.

The file is composed with PyYAML's pure-Python loader, whose nodes carry the exact character
span of every scalar. Only the spans of the changed values are replaced (or a `lang: value`
pair inserted into the mapping), so comments, key order, quoting, indentation and line breaks
of everything else stay byte for byte. The new value keeps the style of the value it replaces
(plain, quoted or block) when that style can hold it. Every edited file is parsed again and
compared with the intended data before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

from ..content.yamlfile import Node, Path_

_LINE_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}  # YAML folds these inside quotes
# What may appear as-is in a plain, single-quoted or block scalar (no control characters, and not
# the Unicode line breaks, which YAML would fold).
_PRINTABLE = re.compile(r"[\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


class EditError(Exception):
    """An edit that cannot be made safely (the file is left as it was)."""


@dataclass(frozen=True)
class TextEdit:
    location: Path_   # the localized-text mapping, e.g. ("recommendations", 3, "title")
    lang: str
    value: str


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """`text` with every edit made; raises EditError if the result would not read back as intended."""
    if not edits:
        return text
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    shared = _shared_nodes(root)
    replacements = []
    for edit in edits:
        mapping = _mapping_at(root, edit.location)
        if id(mapping) in shared:
            raise EditError(f"{'.'.join(map(str, edit.location))} is shared through a YAML alias (*name)")
        replacements.append(_replacement(text, mapping, edit))
    new = text
    for start, end, new_text in sorted(replacements, key=lambda r: r[0], reverse=True):
        new = new[:start] + new_text + new[end:]
    _verify(text, new, edits)
    return new


def _shared_nodes(root: Node) -> set[int]:
    """Nodes reachable along more than one path (through aliases): editing one would edit all."""
    seen: set[int] = set()
    shared_roots = []
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared_roots.append(node)
            continue
        seen.add(id(node))
        stack.extend(_children(node))
    shared: set[int] = set()
    while shared_roots:  # everything below a shared node is shared too
        node = shared_roots.pop()
        if id(node) not in shared:
            shared.add(id(node))
            shared_roots.extend(_children(node))
    return shared


def _children(node: Node) -> list[Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [value for _, value in node.value]
    return []


def _mapping_at(root: Node, location: Path_) -> Node:
    node = root
    for part in location:
        if isinstance(part, int) and isinstance(node, yaml.SequenceNode) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode) and (child := _value_node(node, part)) is not None:
            node = child
        else:
            raise EditError(f"no value at {'.'.join(map(str, location))}")
    if not isinstance(node, yaml.MappingNode):
        raise EditError(f"{'.'.join(map(str, location))} is not a mapping of languages")
    return node


def _value_node(mapping: Node, key: object) -> Node | None:
    return next((value for k, value in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _replacement(text: str, mapping: Node, edit: TextEdit) -> tuple[int, int, str]:
    flow = bool(mapping.flow_style)
    key_column = mapping.value[0][0].start_mark.column
    current = _value_node(mapping, edit.lang)
    if current is not None:
        if not isinstance(current, yaml.ScalarNode):
            raise EditError(f"{edit.lang}: expected a text, found a {type(current).__name__}")
        return _replace_scalar(text, current, edit.value, key_column, flow)
    return _insert_pair(text, mapping, edit, key_column, flow)


def _replace_scalar(text: str, node: Node, value: str, key_column: int, flow: bool) -> tuple[int, int, str]:
    start, end = node.start_mark.index, node.end_mark.index
    span = text[start:end]
    if node.style in ("|", ">"):
        trailing = span[len(span.rstrip("\n")):]  # a block scalar's span ends with its line breaks
        indent = _block_indent(span) or key_column + 2
        if node.style == ">":  # folded stays folded, wrapped as wide as it was
            width = max((len(line) for line in span.split("\n")[1:]), default=0)
            folded = _folded(value, indent, max(width, 40))
            if folded is not None and _reads_back(folded, value, key_column, node.start_mark.column):
                return start, end, folded + trailing
        return start, end, render(value, "|", indent, flow) + trailing
    if start == end:  # "en:" with nothing after it
        return start, end, " " + render(value, "", key_column + 2, flow)
    rendered = render(value, node.style or "", key_column + 2, flow)
    if "\n" in span and not flow:  # a value wrapped over several lines stays wrapped
        wrapped = _wrapped(rendered, span, node.start_mark.column)
        if wrapped is not None and _reads_back(wrapped, value, key_column, node.start_mark.column):
            return start, end, wrapped
    return start, end, rendered


def _folded(value: str, indent: int, width: int) -> str | None:
    """`value` as a folded block scalar (`>-`), its lines broken at single spaces within `width`."""
    body = value.rstrip("\n")
    ending = value[len(body):]
    if not body or ending not in ("", "\n") or not _PRINTABLE.fullmatch(value) or body[0].isspace():
        return None
    out: list[str] = []
    for paragraph in re.split(r"(\n+)", body):
        if paragraph.startswith("\n"):
            out.extend([""] * len(paragraph))  # n line breaks are n blank lines in a folded scalar
            continue
        if paragraph != paragraph.strip() or "  " in paragraph or "\t" in paragraph:
            return None
        line = ""
        for word in paragraph.split(" "):
            if line and indent + len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
    return (">" if ending else ">-") + "\n" + "\n".join(" " * indent + line if line else "" for line in out)


def _wrapped(rendered: str, span: str, column: int) -> str | None:
    """A one-line plain or quoted scalar broken at single spaces as the span it replaces was."""
    lines = span.split("\n")
    if "  " in rendered or "\t" in rendered or len(lines) < 2:
        return None
    indent = len(lines[1]) - len(lines[1].lstrip(" "))
    width = max([column + len(lines[0])] + [len(line) for line in lines[1:]])
    out, line, room = [], "", width - column
    for word in rendered.split(" "):
        if line and len(line) + 1 + len(word) > room:
            out.append(line)
            line, room = word, width - indent
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    return ("\n" + " " * indent).join(out)


def _reads_back(rendered: str, value: str, key_column: int, column: int) -> bool:
    """Whether `rendered`, written at `column` as the value of a key at `key_column`, reads as `value`."""
    key = "k" * max(column - key_column - 2, 1)
    document = " " * key_column + key + ": " + " " * max(column - key_column - 2 - len(key), 0) + rendered
    try:
        loaded: object = yaml.safe_load(document)
        return loaded == {key: value}
    except yaml.YAMLError:
        return False


def _block_indent(span: str) -> int | None:
    for line in span.split("\n")[1:]:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return None


def _insert_pair(text: str, mapping: Node, edit: TextEdit, key_column: int, flow: bool) -> tuple[int, int, str]:
    last = mapping.value[-1][1]
    end = last.end_mark.index
    if flow:
        return end, end, f", {edit.lang}: {render(edit.value, '', key_column, True)}"
    pair = f"{' ' * key_column}{edit.lang}: {render(edit.value, '', key_column + 2, False)}"
    if end > 0 and text[end - 1] == "\n":  # after a block scalar: its span already ends the line
        return end, end, pair + "\n"
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return line_end, line_end, "\n" + pair  # after a trailing comment, if any


def render(value: str, style: str, indent: int, flow: bool) -> str:
    """`value` as a YAML scalar in `style` ("", "'", '"', "|") if it can hold it, else double-quoted."""
    if "\n" in value and not flow:
        style = "|"
    if style == "|" and not flow and _literal_ok(value):
        chomp = "+" if value.endswith("\n\n") else "" if value.endswith("\n") else "-"
        lines = value[: len(value.rstrip("\n"))].split("\n") if value.rstrip("\n") else []
        return f"|{chomp}\n" + "\n".join(" " * indent + line if line else "" for line in lines) + \
            ("\n" * (len(value) - len(value.rstrip("\n")) - 1) if chomp == "+" else "")
    if "\n" not in value and style == "'" and _PRINTABLE.fullmatch(value):
        return "'" + value.replace("'", "''") + "'"
    if style in ("", "|", ">") and _plain_ok(value, flow):
        return value
    return _double_quoted(value)


def _literal_ok(value: str) -> bool:
    body = value.rstrip("\n")
    return bool(body) and not body[0].isspace() and bool(_PRINTABLE.fullmatch(value)) \
        and not any(line and line.strip() == "" for line in body.split("\n"))


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or "\n" in value or value != value.strip() or not _PRINTABLE.fullmatch(value):
        return False
    document = f"{{k: {value}}}" if flow else f"k: {value}"
    try:
        loaded: object = yaml.safe_load(document)
        return loaded == {"k": value}
    except yaml.YAMLError:
        return False


def _double_quoted(value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)  # escapes quotes, backslashes and C0 controls
    return "".join(_LINE_BREAKS.get(ch) or (ch if _PRINTABLE.fullmatch(ch) else _escape(ch)) for ch in quoted)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _verify(before: str, after: str, edits: list[TextEdit]) -> None:
    expected = yaml.safe_load(before)
    for edit in edits:
        target = expected
        for part in edit.location:
            target = target[part]
        target[edit.lang] = edit.value
    try:
        actual = yaml.safe_load(after)
    except yaml.YAMLError as exc:
        raise EditError(f"the edited file would not be valid YAML ({exc})") from None
    if actual != expected:
        raise EditError("the edited file would not read back as intended")
