"""Incoming comments → `content/rounds/ROUND.yaml`, the file staying as a person wrote it.

New comments are appended as text at the end of the file's `comments:` list (the round is
created, with its name and date, when it is new), and a response read back from a comments
matrix replaces only that comment's `response:` block; everything else in the file (its
comments, key order, quoting, blank lines) stays byte for byte. The edited text is parsed again
and compared with the intended data before anything is written, and a file is replaced in one
step (a temporary file renamed over it), never half-written.

- the same comment read twice (same `source`: file name and comment number) is not added again;
- new comment IDs continue the numbering ("CM41" after "CM40");
- replies point at the ID their parent comment has (or is given in the same import).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

try:  # libyaml: the edited file is parsed again to check it, and round files grow to hundreds of comments
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

from ..content.schema import Comment, Response, Round
from ..translate.yamledit import render
from .incoming import IncomingComment

if TYPE_CHECKING:
    from ..content.loader import ContentSet

# A mapping as YAML reads or writes it (a comment, a response): Any, as it is YAML data.
YamlMapping = dict[str, Any]
# PyYAML ships no type information (types-PyYAML is not a dependency): its nodes are Any here.
Node = Any


NEW_FILE = ("# A comment round, written by `reportgen comments import` (see docs/comment-rounds.md).\n"
            "# Edit it freely: later imports append to it and keep what you wrote.\n")


class MergeError(Exception):
    """The round file cannot be edited safely; nothing was written."""


@dataclass
class ResponseUpdate:
    """A response read from a comments matrix for a comment already in the content."""

    comment_id: str
    status: str
    text: str
    language: str
    changed: list[str] = field(default_factory=list)


@dataclass
class Merge:
    """What an import will write: new file texts, the comments added and those skipped."""

    texts: dict[Path, str] = field(default_factory=dict)      # path -> new text
    created: set[Path] = field(default_factory=set)
    added: list[YamlMapping] = field(default_factory=list)    # the new comments, as written
    duplicates: list[IncomingComment] = field(default_factory=list)
    responses: int = 0                                        # responses written or changed
    round_created: bool = False

    def write(self) -> None:
        for path, text in self.texts.items():
            write_atomically(path, text)


def plan(content: ContentSet, round_id: str, incoming: list[IncomingComment], *, round_name: str | None = None,
         round_date: str | None = None, language: str = "en", updates: Sequence[ResponseUpdate] = (),
         new_responses: dict[str, ResponseUpdate] | None = None) -> Merge:
    """The edits that add `incoming` (and `updates`) to round `round_id`; nothing is written yet."""
    merge = Merge()
    root = Path(content.root)
    rounds = {r.id: r for r in content.rounds}
    known_sources = {c.source: c.id for c in content.comments if c.source}
    # The same file re-saved (LibreOffice renumbers tracked changes): the same words from the same file
    # name are the same comment.
    known_words = {_fingerprint(c.source, c.author, c.text, c.quote, c.suggestion and c.suggestion.deleted,
                                c.suggestion and c.suggestion.inserted, c.target, c.paragraph): c.id
                   for c in content.comments if c.source}
    ids = [c.id for c in content.comments]
    prefix, number = _numbering(ids)
    round_model = rounds.get(round_id)
    if round_model is not None:
        path = _file_of(content, round_model, root)
    else:
        path = root / "rounds" / f"{round_id}.yaml"
    texts: dict[Path, str] = {}

    def text_of(target: Path) -> str:
        if target not in texts:
            texts[target] = target.read_text(encoding="utf-8") if target.exists() else NEW_FILE
            if not target.exists():
                merge.created.add(target)
        return texts[target]

    day = round_date or (round_model.date if round_model else Date.today().isoformat()[:7])
    if round_model is None:
        name = {language: round_name or round_id.replace("-", " ").replace("_", " ").capitalize()}
        entry = {"id": round_id, "name": name, "date": day}
        Round.model_validate(entry)
        texts[path] = _append(text_of(path), "rounds", [entry], str(path))
        merge.round_created = True
    new_ids: dict[str, str] = {}
    entries = []
    for comment in incoming:
        # Known by its source, or (the same file re-saved: LibreOffice renumbers tracked changes) by the
        # same words at the same place from a file of the same name.
        existing = known_sources.get(comment.source) or new_ids.get(comment.source) or known_words.get(
            _fingerprint(comment.source, comment.author, comment.text, comment.quote, comment.deleted,
                         comment.inserted, comment.target, comment.paragraph))
        if existing:
            merge.duplicates.append(comment)
            known_sources.setdefault(comment.source, existing)
            continue
        number += 1
        new_ids[comment.source] = f"{prefix}{number}"
    written: set[str] = set()
    for comment in incoming:
        if comment.source not in new_ids or comment.source in written:
            continue
        written.add(comment.source)
        entry = _entry(comment, new_ids[comment.source], round_id, comment.date or day,
                       (known_sources | new_ids).get(comment.reply_to) if comment.reply_to else None)
        answer = (new_responses or {}).get(comment.source)
        if answer is not None:
            entry["response"] = {"status": answer.status, "text": {answer.language: answer.text},
                                 **({"changed": answer.changed} if answer.changed else {})}
        try:
            Comment.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise MergeError(f"{comment.location or comment.source}: cannot be recorded "
                             f"({'.'.join(map(str, first['loc']))}: {first['msg']})") from None
        entries.append(entry)
    if entries:
        texts[path] = _append(text_of(path), "comments", entries, str(path))
    merge.added = entries
    if updates:
        by_id = {c.id: c for c in content.comments}
        per_file: dict[Path, list[tuple[Comment, ResponseUpdate]]] = {}
        for update in updates:
            comment = by_id[update.comment_id]
            per_file.setdefault(_file_of(content, comment, root), []).append((comment, update))
        for target, pairs in per_file.items():
            new = _set_responses(text_of(target), pairs, str(target))
            if new != text_of(target):
                texts[target] = new
                merge.responses += sum(1 for comment, update in pairs
                                       if _response_entry(comment, update) != _response_data(comment.response))
    merge.texts = {p: t for p, t in texts.items() if p in merge.created or t != p.read_text(encoding="utf-8")}
    return merge


def _fingerprint(source: str, author: str | None, text: str | None, quote: str | None, deleted: str | None,
                 inserted: str | None, target: str | None, paragraph: int | None) -> tuple[object, ...]:
    return (source.rsplit("#", 1)[0], author, " ".join((text or "").split()), " ".join((quote or "").split()),
            deleted or "", inserted or "", target, paragraph)


def _file_of(content: ContentSet, model: object, root: Path) -> Path:
    shown = content.origin(model).file  # "content/rounds/x.yaml": the root folder's name first
    return root.joinpath(*Path(shown).parts[1:])


def _numbering(ids: list[str]) -> tuple[str, int]:
    """The prefix most comment IDs use ("CM") and the highest number written with it."""
    counts: dict[str, list[int]] = {}
    for comment_id in ids:
        match = re.fullmatch(r"([A-Za-z][A-Za-z._-]*?)(\d+)", comment_id)
        if match:
            counts.setdefault(match.group(1), []).append(int(match.group(2)))
    if not counts:
        return "CM", 0
    prefix = max(counts, key=lambda p: len(counts[p]))
    return prefix, max(counts[prefix])


def _entry(comment: IncomingComment, comment_id: str, round_id: str, day: str, reply_to: str | None) -> YamlMapping:
    day = day[:10] if re.match(r"\d{4}-\d{2}-\d{2}T", day) else day  # a timestamp: its date
    entry: dict[str, Any] = {"id": comment_id, "round": round_id, "date": day, "organisation": comment.organisation}
    optional = {"author": comment.author, "target": comment.target, "paragraph": comment.paragraph,
                "quote": comment.quote, "suggestion": {k: v for k, v in (("deleted", comment.deleted),
                                                                          ("inserted", comment.inserted)) if v}
                or None, "reply_to": reply_to, "source": comment.source, "language": comment.language}
    entry.update({k: v for k, v in optional.items() if v is not None})
    entry["text"] = comment.text
    return entry


def _response_entry(comment: Comment, update: ResponseUpdate) -> YamlMapping:
    texts = dict(comment.response.text.root) if comment.response else {}
    if update.language in texts or update.text not in texts.values():  # the matrix shows another language's
        texts[update.language] = update.text                             # text where this one is missing
    entry: YamlMapping = {"status": update.status, "text": texts}
    if comment.response is not None:
        entry["changed"] = update.changed
        for name in ("removed", "date"):
            value = getattr(comment.response, name)
            if value:
                entry[name] = value
    elif update.changed:
        entry["changed"] = update.changed
    return entry


def _response_data(response: Response | None) -> YamlMapping | None:
    if response is None:
        return None
    data: YamlMapping = response.model_dump(exclude_defaults=True)
    data["text"] = dict(response.text.root)
    data.setdefault("changed", [])
    return data


# --- text edits --------------------------------------------------------------------------------

def _append(text: str, key: str, entries: list[YamlMapping], shown: str) -> str:
    """`entries` appended to the top-level list `key` (made when missing), as block YAML."""
    root = yaml.compose(text, Loader=_Loader) if text.strip() else None
    expected = _load(text) if text.strip() else None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise MergeError(f"{shown}: the file is not a mapping of collections; add the comments by hand")
    node = _value(root, key) if root is not None else None
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        node = "empty"
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        first = node.value[0]
        dash = _line_column(text, first.start_mark.index) - 2
        block = "".join(_emit(entry, dash) for entry in entries)
        position = _line_after(text, _deepest_end(node.value[-1]))
        new = text[:position] + ("" if text[:position].endswith("\n") else "\n") + block + text[position:]
    elif isinstance(node, yaml.SequenceNode):  # "key: []"
        start, end = node.start_mark.index, node.end_mark.index
        new = text[:start].rstrip(" ") + "\n" + "".join(_emit(e, 2) for e in entries).rstrip("\n") + text[end:]
    elif node == "empty" and root is not None:  # "key:" with nothing after it (root is the mapping)
        position = _line_after(text, next(k for k, _ in root.value if k.value == key).end_mark.index)
        new = text[:position] + ("" if text[:position].endswith("\n") else "\n") + \
            "".join(_emit(e, 2) for e in entries) + text[position:]
    elif node is None:
        separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        new = text + separator + f"{key}:\n" + "".join(_emit(e, 2) for e in entries)
    else:
        raise MergeError(f"{shown}: '{key}:' is not a list; fix it by hand, then import again")
    expected = dict(expected or {})
    expected[key] = list(expected.get(key) or []) + entries
    _verify(new, expected, shown)
    return new


def _set_responses(text: str, pairs: list[tuple[Comment, ResponseUpdate]], shown: str) -> str:
    """Each comment's `response:` replaced (or added) with the update's; other keys untouched."""
    root = yaml.compose(text, Loader=_Loader)
    expected = _load(text)
    sequence = _value(root, "comments")
    edits = []
    for comment, update in pairs:
        entry = _response_entry(comment, update)
        if entry == _response_data(comment.response):
            continue
        index = next(i for i, item in enumerate(expected["comments"]) if item.get("id") == comment.id)
        expected["comments"][index]["response"] = entry
        mapping = sequence.value[index]
        current = next(((k, v) for k, v in mapping.value if k.value == "response"), None)
        flow = json.dumps(entry, ensure_ascii=False)  # JSON is YAML: a flow mapping, every text double-quoted
        if mapping.flow_style and current is None:  # "- {id: CM1, …}": the response joins the braces
            end = mapping.end_mark.index - 1
            edits.append((end, end, f", response: {flow}"))
            continue
        if current is not None and (mapping.flow_style or current[1].flow_style):
            edits.append((current[1].start_mark.index, current[1].end_mark.index, flow))
            continue
        column = mapping.value[0][0].start_mark.column
        block = _emit({"response": entry}, column - 2, first=" " * column)
        if current is not None:
            start = _offset_of_line(text, current[0].start_mark.line)
            edits.append((start, _line_after(text, _deepest_end(current[1])), block))
        else:
            position = _line_after(text, _deepest_end(mapping))
            edits.append((position, position, ("" if text[:position].endswith("\n") else "\n") + block))
    new = text
    for start, end, block in sorted(edits, key=lambda e: e[0], reverse=True):
        new = new[:start] + block + new[end:]
    _verify(new, expected, shown)
    return new


def _emit(mapping: YamlMapping, dash: int, first: str | None = None) -> str:
    """A mapping as a block list entry ("- id: CM1\\n  round: …") whose dash is at column `dash`."""
    indent = dash + 2
    lines = []
    for position, (key, value) in enumerate(mapping.items()):
        lead = (first if first is not None else " " * dash + "- ") if position == 0 else " " * indent
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines.append(_emit(value, indent, first=" " * (indent + 2)).rstrip("\n"))
        elif isinstance(value, list):
            lines.append(f"{lead}{key}: [" + ", ".join(_scalar(str(v), 0) if _PLAIN.fullmatch(str(v)) else
                                                      render(str(v), '"', 0, True) for v in value) + "]")
        elif isinstance(value, int):
            lines.append(f"{lead}{key}: {value}")
        else:
            lines.append(f"{lead}{key}: {_scalar(value, indent + 2)}")
    return "\n".join(lines) + "\n"


def _load(text: str) -> Any:  # the file's YAML data
    return yaml.load(text, Loader=_Loader)


# A plain scalar that every YAML reader takes for this very string: starts with a letter-like character
# (not a digit, not an indicator), no ": " or " #", no trailing colon, no flow or quote characters, and not
# a word YAML 1.1 reads as a boolean or null.
_PLAIN = re.compile(r"[^\s\d\-?:,\[\]{}#&*!|>'\"%@`.+~=][^\[\]{},'\"`\n\t\\]*")
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value: str, indent: int) -> str:
    """A string as YAML: plain when plainly safe, a literal block when it has lines, else quoted."""
    if "\n" in value:
        return render(value, "|", indent, False)
    if _PLAIN.fullmatch(value) and value.isprintable() and value == value.strip() and ": " not in value \
            and " #" not in value \
            and not value.endswith(":") and value.casefold() not in _SPECIAL:
        return value
    return render(value, "'", indent, False)  # single-quoted, or double-quoted when it must escape


def _value(mapping: Node, key: str) -> Node:
    return next((v for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None) \
        if isinstance(mapping, yaml.MappingNode) else None


def _deepest_end(node: Node) -> int:
    """Where the last value inside `node` ends (a block mapping's own end lies past trailing comments)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end: int = node.end_mark.index  # a character offset in the text
    return end


def _line_after(text: str, index: int) -> int:
    """The start of the line after the one holding position `index` (or the end of the text)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _offset_of_line(text: str, line: int) -> int:
    position = 0
    for _ in range(line):
        position = text.index("\n", position) + 1
    return position


def _line_column(text: str, index: int) -> int:
    return index - (text.rfind("\n", 0, index) + 1)


def _verify(new: str, expected: YamlMapping, shown: str) -> None:
    try:
        actual = _load(new)
    except yaml.YAMLError as exc:
        raise MergeError(f"{shown}: the edited file would not be valid YAML ({exc}); nothing was written") from None
    if actual != expected:
        raise MergeError(f"{shown}: the edited file would not read back as intended (unusual layout?); "
                         "nothing was written: add the comments by hand or simplify the file's layout")


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

