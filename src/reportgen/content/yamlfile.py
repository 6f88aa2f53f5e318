"""Read one YAML file safely into plain Python data plus a map of line numbers.

PyYAML composes the node tree (the C parser when libyaml is present); we then
build the values ourselves so that we can refuse what a content file must
never contain: unknown tags (``!!python/object``), duplicate keys (PyYAML keeps
the last one silently) and runaway alias expansion ("billion laughs").
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, TypeAlias

import yaml

try:  # libyaml is ~14x faster; the pure-Python composer is the fallback.
    from yaml import CSafeLoader as _Loader
    USING_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader
    USING_LIBYAML = False

from ..errors import ContentError, Problem

# Expanding aliases costs one step per node visited; a legitimate report has
# a few thousand nodes, a "billion laughs" file has billions.
MAX_NODES = 1_000_000
MAX_FILE_BYTES = 64 * 1024 * 1024
# What aliases may add to a file's text: a few repeated values are fine, 1,000 copies of a
# 99 KB text (100 MB to validate, render and search-index) are not.
MAX_EXPANDED_CHARS = 4 * 1024 * 1024
# libyaml's composer recurses in C: a file nested thousands of levels deep crashes Python.
# Real content is a few levels deep; the events are checked before anything is composed.
MAX_DEPTH = 64

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}

Path_: TypeAlias = tuple[str | int, ...]  # a location inside a document: ("recommendations", 3, "priority")
# PyYAML ships no type information (types-PyYAML is not a dependency): its nodes are Any here.
Node: TypeAlias = Any


@dataclass
class YamlDocument:
    path: Path            # absolute path on disk
    display: str          # path as shown to the user (relative to the content root)
    data: Any  # as YAML read it: a mapping, a list or a scalar
    lines: dict[Path_, int]  # Path_ -> 1-based line of the value (or of the key for mappings)
    key_lines: dict[Path_, int]  # Path_ -> 1-based line of the mapping key naming it
    # Values YAML reads other than as written (an unquoted date, "no" as false, .inf): reported once
    # here, kept as written so the rest of the file still validates (one error per mistake).
    problems: list[Problem] = field(default_factory=list)
    flagged: set[Path_] = field(default_factory=set)   # their locations: validation says nothing more there
    raw: dict[Path_, str] = field(default_factory=dict)     # Path_ -> the text of a true/false value, as written

    def line_of(self, location: Path_) -> int | None:
        """Line of the deepest known part of `location`."""
        loc = tuple(location)
        while loc:
            if loc in self.key_lines:
                return self.key_lines[loc]
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 file (BOM allowed), normalise newlines and Unicode (NFC)."""
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as exc:  # unreadable (permissions), vanished, or a folder
        raise ContentError.single(display, None, f"cannot read this file ({exc.strerror or exc})",
                                  "make it readable (for example: chmod u+r) or remove it",
                                  code="file.unreadable") from None
    if size > MAX_FILE_BYTES:
        raise ContentError.single(display, None, f"file is {size // (1024 * 1024)} MB, larger than the "
                                  f"{MAX_FILE_BYTES // (1024 * 1024)} MB a content file may be",
                                  "split it into several files", code="file.too_large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError.single(display, line, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} "
                                  f"at offset {exc.start})", "save the file as UTF-8", code="file.encoding") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise ContentError.single(display, line, "file contains a NUL byte (is it a binary file?)",
                                  "save it as plain UTF-8 text", code="file.encoding")
    control = find_control_character(text)
    if control is not None:
        line = text[: control[0]].count("\n") + 1
        raise ContentError.single(display, line, f"the text holds {control[1]}, which Word and spreadsheet files "
                                  "cannot hold", "delete it: most editors do not show it",
                                  code="text.control_character")
    # NFC and NFD spellings of "evaluación" must give the same site.
    return unicodedata.normalize("NFC", text)


# C0 and C1 control characters but tab and line breaks, and the two non-characters XML refuses:
# openpyxl and python-docx raise on them, and a page shows nothing for them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def find_control_character(text: str) -> tuple[int, str] | None:
    """(offset, "the control character U+0007") of the first one in `text`, or None."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    return match.start(), f"the control character U+{ord(match.group()):04X}"


def load_yaml(path: Path, display: str) -> YamlDocument:
    text = read_text(path, display)
    try:
        _check_depth(text, display)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "nesting depth" in str(exc.problem):  # libyaml's own limit (never below ours, see _check_depth)
            raise _too_deep(display, mark.line + 1 if mark else None) from None
        if exc.context_mark is not None and mark is not None and mark.line >= text.count("\n"):
            mark = exc.context_mark  # an unclosed quote or bracket: point where it opens, not at the end
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or str(exc)
        context = f" ({exc.context})" if exc.context else ""
        raise ContentError([Problem(display, line, column, None, f"YAML syntax error: {problem}{context}",
                                    "check indentation, colons and quotes on this line or the one before",
                                    code="yaml.syntax")]) from None
    except yaml.YAMLError as exc:
        raise ContentError.single(display, None, f"YAML error: {exc}", code="yaml.syntax") from None
    builder = _Builder(display, text)
    data = builder.build_document(node) if node is not None else None
    # A mistake inside an anchored node is met once per alias to it: report it once.
    if builder.problems:
        raise ContentError(list(dict.fromkeys(builder.problems)))
    return YamlDocument(path, display, data, builder.lines, builder.key_lines,
                        list(dict.fromkeys(builder.soft_problems)), builder.flagged, builder.raw)


def _check_depth(text: str, display: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before libyaml sees the text.

    libyaml has limits of its own (PyYAML 6.0.4's scanner stops at 1,000 levels with a
    message of its own), so reportgen speaks first whatever PyYAML is installed: a cheap
    upper bound of the depth from the raw text, and, only when that bound is too high,
    an exact count with PyYAML's pure-Python parser (it streams events, so it stops at
    the first level too many). The composed tree is checked again in `_Builder`.
    """
    if _depth_bound(text) <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(display, event.start_mark.line + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]+")
_LINE_START = re.compile(r"^( *)((?:- +)*)", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")


def _depth_bound(text: str) -> int:
    """At least the nesting depth of any normal file: indentation + '- - ' chains + open brackets."""
    block = max((len(m.group(1)) + m.group(2).count("-") + 1 for m in _LINE_START.finditer(text)), default=0)
    flow = deepest = 0
    for match in _BRACKETS.finditer(text):
        flow = flow + 1 if match.group() in "[{" else max(flow - 1, 0)
        deepest = max(deepest, flow)
    return block + deepest


def _size(chars: int) -> str:
    return f"{chars / (1024 * 1024):.1f} MB" if chars >= 1024 * 1024 else f"{max(chars // 1024, 1)} KB"


_TOO_DEEP = (f"nested more than {MAX_DEPTH} levels deep",
             "content files are lists of items with a few levels of fields")


def _too_deep(display: str, line: int | None) -> ContentError:
    return ContentError.single(display, line, *_TOO_DEEP, code="yaml.too_deep")


class _Builder:
    def __init__(self, display: str, text: str = ""):
        self.display = display
        self.lines: dict[Path_, int] = {}
        self.key_lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.visited = 0
        self.active: set[int] = set()  # nodes on the current path, to catch recursive aliases
        self.text_size = len(text)
        self.has_anchors = bool(_ANCHOR.search(text))  # without an anchor there is no alias
        self.expanded = 0              # characters of text produced, aliases expanded
        self.soft_problems: list[Problem] = []
        self.flagged: set[Path_] = set()
        self.raw: dict[Path_, str] = {}
        self.expand_aliases = True     # False once the file is known to be refused for its aliases
        self.built: set[int] = set()   # nodes built once (only tracked when not expanding aliases)
        # One per document, not one per module: PyYAML's constructor remembers every node it has
        # read (constructed_objects), so a shared one kept each build's nodes alive (`serve` grew ~2 MB
        # per reload).
        self.constructor = yaml.constructor.SafeConstructor()

    def build_document(self, root: Node) -> Any:
        """Build the whole document; a file whose aliases expand past the limits is refused first.

        Counting the expansion needs no building (see `_Expansion`), so an alias bomb is refused
        in time linear in the file. Its other problems are still reported: it is then built
        with each node once (an alias to a node already built adds nothing).
        """
        if self.has_anchors:  # without an anchor there is no alias: the file is its own expansion
            for kind, (node, expanded) in _Expansion(self.text_size + MAX_EXPANDED_CHARS).overflows(root).items():
                self._over_limit(kind, node, expanded)
                self.expand_aliases = False
        return self.build(root, ())

    def _over_limit(self, kind: str, node: Node, expanded: int) -> None:
        line = node.start_mark.line + 1
        if kind == "values":
            self._once("values", line, (
                f"aliases (*name) expand this file to too many nodes: over {MAX_NODES:,} values",
                "remove the nested aliases or write the items out") if self.has_anchors else (
                f"file holds over {MAX_NODES:,} values", "split it into several files"), code="yaml.too_large")
        else:
            self._once("of text", line, (
                f"aliases (*name) expand this {_size(self.text_size)} file to over {_size(expanded)} "
                f"of text (at most {_size(MAX_EXPANDED_CHARS)} more than the file itself)",
                "write each text once instead of repeating it through an alias"), code="yaml.too_large")

    def build(self, node: Node, location: Path_) -> Any:  # Any: whatever the YAML file holds
        self.visited += 1
        if id(node) in self.active:
            self.problems.append(Problem(self.display, node.start_mark.line + 1, None, None,
                                         "recursive alias: a node contains itself", "remove the alias",
                                         code="yaml.unsupported"))
            return None
        if not self.expand_aliases:
            if id(node) in self.built:
                return None
            self.built.add(id(node))
        if self.visited > MAX_NODES:
            self._over_limit("values", node, self.expanded)
            return None
        self.lines[location] = node.start_mark.line + 1
        if len(location) > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):  # aliases can nest too
            self._once("levels deep", node.start_mark.line + 1, _TOO_DEEP, code="yaml.too_deep")
            return None
        if isinstance(node, yaml.ScalarNode):
            self.expanded += len(node.value)
            if self.expanded > self.text_size + MAX_EXPANDED_CHARS:  # only aliases can repeat text
                self._over_limit("text", node, self.expanded)
                return None
            if node.style in ("|", ">"):  # a block scalar's text starts below its indicator
                self.lines[location] += 1
            return self._scalar(node, location)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node, "tag:yaml.org,2002:seq")
                return [self.build(child, location + (i,)) for i, child in enumerate(node.value)]
            self._check_tag(node, "tag:yaml.org,2002:map")
            return self._mapping(node, location)
        finally:
            self.active.discard(id(node))

    def _once(self, marker: str, line: int, message_hint: tuple[str, str], *, code: str) -> None:
        if not any(marker in p.message for p in self.problems):
            self.problems.append(Problem(self.display, line, None, None, *message_hint, code=code))

    def _scalar(self, node: Node, location: Path_ | None = None) -> Any:
        if node.tag == "tag:yaml.org,2002:timestamp":  # only a plain (unquoted) value resolves to a date
            return self._soft(node, location, f"the date {node.value} is not quoted, so YAML reads it as a "
                              "date object rather than as written", f'quote the date: "{node.value}"',
                              code="yaml.implicit_type")
        if node.tag not in _SCALAR_TAGS:
            self._unknown_tag(node)
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=False)
        except Exception:  # e.g. a value tagged !!int that is not a number
            self.problems.append(Problem(self.display, node.start_mark.line + 1, node.start_mark.column + 1,
                                         None, f"value {node.value!r} does not match its tag {node.tag}",
                                         code="yaml.unsupported"))
            return node.value
        if isinstance(value, float) and not math.isfinite(value):
            self._soft(node, location, f"{node.value!r} is not a number reportgen accepts (infinite or "
                       "not-a-number)", f'write a finite number, or quote it as text: "{node.value}"',
                       code="yaml.implicit_type")
            return None  # no value: validation stays quiet here, the line above says what to do
        control = find_control_character(value) if isinstance(value, str) else None
        if control is not None:  # written with an escape: "\x07"
            return self._soft(node, location, f"the text holds {control[1]}, which Word and "
                              "spreadsheet files cannot hold", "delete the escape that writes it: \\x.. or \\u....",
                              code="text.control_character")
        if isinstance(value, bool) and location is not None:
            self.raw[location] = node.value  # "no" and "off" are false in YAML 1.1: validation explains
        return value

    def _soft(self, node: Node, location: Path_ | None, message: str, hint: str, *, code: str) -> str:
        self.soft_problems.append(Problem(self.display, node.start_mark.line + 1, node.start_mark.column + 1,
                                          None, message, hint, code=code))
        if location is not None:
            self.flagged.add(location)
        return str(node.value)  # a scalar node's text, as written

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self._unknown_tag(node)

    def _unknown_tag(self, node: Node) -> None:
        self.problems.append(Problem(
            self.display, node.start_mark.line + 1, node.start_mark.column + 1, None,
            f"YAML tag {node.tag!r} is not allowed", "content files hold plain text, numbers, lists and "
            "mappings only; remove the tag", code="yaml.unsupported"))

    def _mapping(self, node: Node, location: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, line, value_node in self.entries(node):
            self.key_lines[location + (key,)] = line
            result[key] = self.build(value_node, location + (key,))
        return result

    def entries(self, node: Node) -> Iterator[tuple[str, int, Node]]:
        """(key, line, value node) of each entry of a mapping node that is kept; reports the others."""
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(self.display, key_node.start_mark.line + 1, None, None,
                                             "merge keys (<<) are not supported", "write the keys out",
                                             code="yaml.unsupported"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.display, key_node.start_mark.line + 1, None, None,
                                             "a mapping key must be plain text", code="yaml.unsupported"))
                continue
            key = str(self._scalar(key_node))
            line = key_node.start_mark.line + 1
            if key in first_line:
                self.problems.append(Problem(
                    self.display, line, None, None,
                    f"duplicate key {key!r} (first at line {first_line[key]})",
                    "YAML keeps only one of them: delete or rename one", code="yaml.duplicate_key"))
                continue
            first_line[key] = line
            yield key, line, value_node


class _Expansion:
    """Where `_Builder.build` would pass MAX_NODES or the text limit, found without building.

    The composed tree shares the anchored node among its aliases, so the values and characters
    of text below a node can be counted once per node and reused for every alias to it: the
    counting is linear in the file, not in its expansion (a "billion laughs" file has a few
    dozen nodes). The counts follow `build` exactly (which entries it keeps, its depth limit,
    a recursive alias counts one), so the refusal names the node and figures it would have.
    """

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.totals: dict[tuple[int, int], tuple[int, int]] = {}     # (id(node), depth) -> (values, characters) build would visit
        self.children: dict[int, list[Node]] = {}   # id(node) -> the child nodes build descends into
        self.keys = _Builder("")     # reads mapping keys as build does; its problems are not kept
        self.visited = self.chars = 0
        self.found: dict[str, tuple[Node, int]] = {}      # "values" / "text" -> (node where build passes it, characters then)

    def overflows(self, root: Node) -> dict[str, tuple[Node, int]]:
        values, chars = self.total(root, 0, set())
        if values > MAX_NODES or chars > self.max_chars:
            self.find(root, 0, set())
        return self.found

    def kept(self, node: Node) -> list[Node]:
        if id(node) not in self.children:
            self.children[id(node)] = list(node.value) if isinstance(node, yaml.SequenceNode) else \
                [value for _key, _line, value in self.keys.entries(node)]
        return self.children[id(node)]

    def total(self, node: Node, depth: int, active: set[int]) -> tuple[int, int]:
        if isinstance(node, yaml.ScalarNode):
            return 1, len(node.value)
        if id(node) in active or depth > MAX_DEPTH:  # build stops there: a recursive alias, too deep
            return 1, 0
        memo = (id(node), depth)
        if memo not in self.totals:
            active.add(id(node))
            values, chars = 1, 0
            for child in self.kept(node):
                child_values, child_chars = self.total(child, depth + 1, active)
                values, chars = values + child_values, chars + child_chars
            active.discard(id(node))
            self.totals[memo] = (values, chars)
        return self.totals[memo]

    def find(self, node: Node, depth: int, active: set[int]) -> None:
        """Walk as build does, skipping every subtree within the limits not yet passed.

        Build goes on after the text limit (it may pass MAX_NODES later), not after MAX_NODES.
        """
        self.visited += 1
        if id(node) in active:
            return
        if self.visited > MAX_NODES:
            self.found["values"] = (node, self.chars)
            return
        if isinstance(node, yaml.ScalarNode):
            self.chars += len(node.value)
            if self.chars > self.max_chars:
                self.found.setdefault("text", (node, self.chars))
            return
        if depth > MAX_DEPTH:
            return
        active.add(id(node))
        for child in self.kept(node):
            if "values" in self.found:
                break
            values, chars = self.total(child, depth + 1, active)
            if self.visited + values <= MAX_NODES and ("text" in self.found or self.chars + chars <= self.max_chars):
                self.visited, self.chars = self.visited + values, self.chars + chars
            else:
                self.find(child, depth + 1, active)
        active.discard(id(node))
