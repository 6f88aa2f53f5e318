"""What changed since the last comment round: items added, removed and modified.

Both sides are the JSON export (a snapshot file, or the content at a git
revision exported on the fly), so the comparison does not depend on how the
content was laid out in files. Items are matched by their stable ID; an item
that declares `old_ids` is matched to its former ID and shown as modified.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .content import registry
from .content.markdown import plain_text
from .content.schema import LANGUAGE_PATTERN
from .errors import ContentError, Problem
from .output import ProjectFolders

if TYPE_CHECKING:
    from .export import ExportJson

SNAPSHOT_DIR = "snapshots"
IGNORED_FIELDS = {"id", "type", "cited_by", "old_ids", "parent"}
# Child lists: the children are compared as items of their own.
CHILD_FIELDS = {t.kind: set(registry.child_fields(t.model)) for t in registry.item_types()
                if registry.child_fields(t.model)}


class BaselineError(Exception):
    """The baseline named with --since cannot be read (a usage error, not a content error)."""


@dataclass
class FieldChange:
    name: str
    localized: bool
    old: object
    new: object


@dataclass
class ItemChange:
    id: str
    type: str
    status: str                  # "added", "removed" or "modified"
    old_id: str | None = None    # set when the item was renamed
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class ChangeSet:
    baseline: str               # the snapshot name or git revision
    changes: list[ItemChange]
    kind: str = "snapshot"      # "snapshot" or "revision"

    def of_status(self, status: str) -> list[ItemChange]:
        return [c for c in self.changes if c.status == status]

    @property
    def renames(self) -> dict[str, str]:
        return {c.old_id: c.id for c in self.changes if c.old_id}

    def in_language(self, lang: str) -> ChangeSet:
        """The changes a reader of `lang` sees: a text edited in another language only is left out,
        and an item whose only edits were such texts is not listed at all."""
        kept = []
        for change in self.changes:
            fields = [f for f in change.fields if not f.localized or _value(f.old, lang) != _value(f.new, lang)]
            if change.status != "modified" or fields or change.old_id:
                kept.append(ItemChange(change.id, change.type, change.status, change.old_id, fields))
        return ChangeSet(self.baseline, kept, self.kind)

    def counts(self) -> list[tuple[str, dict[str, int]]]:
        """[(item type, {status: count})] in order of first appearance."""
        table: dict[str, dict[str, int]] = {}
        for change in self.changes:
            row = table.setdefault(change.type, {"added": 0, "modified": 0, "removed": 0})
            row[change.status] += 1
        return list(table.items())


def compare(old: ExportJson, new: ExportJson, baseline: str, kind: str = "snapshot") -> ChangeSet:
    old_items = {item["id"]: item for item in old.get("items", [])}
    new_items = {item["id"]: item for item in new.get("items", [])}
    # A reference that only follows a rename (C3 -> C3b) is not a change of the citing item.
    renames = {old_id: item["id"] for item in new_items.values() for old_id in item.get("old_ids", [])
               if old_id in old_items and old_id not in new_items}
    matched_old: set[str] = set()
    changes: list[ItemChange] = []
    for item_id, item in new_items.items():
        previous_id = item_id if item_id in old_items else next(
            (o for o in item.get("old_ids", []) if o in old_items and o not in new_items), None)
        if previous_id is None:
            changes.append(ItemChange(item_id, item["type"], "added"))
            continue
        matched_old.add(previous_id)
        fields = _field_changes(_follow_renames(old_items[previous_id], renames), item)
        renamed = previous_id if previous_id != item_id else None
        if fields or renamed:
            changes.append(ItemChange(item_id, item["type"], "modified", renamed, fields))
    for item_id, item in old_items.items():
        if item_id not in matched_old and item_id not in new_items:
            changes.append(ItemChange(item_id, item["type"], "removed"))
    return ChangeSet(baseline, changes, kind)


def _follow_renames(item: ExportJson, renamed: dict[str, str]) -> ExportJson:
    if not renamed:
        return item
    def follow(value: Any) -> Any:  # a JSON value
        if isinstance(value, str):
            return renamed.get(value, value)
        if isinstance(value, list):
            return [follow(v) for v in value]
        return value
    return {name: (value if _is_localized(value) else follow(value)) for name, value in item.items()}


def _field_changes(old: ExportJson, new: ExportJson) -> list[FieldChange]:
    result = []
    skip = IGNORED_FIELDS | CHILD_FIELDS.get(new.get("type") or "", set())
    for name in sorted(set(old) | set(new), key=lambda n: (list(new).index(n) if n in new else 999, n)):
        if name in skip:
            continue
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        localized = _is_localized(before) or _is_localized(after)
        result.append(FieldChange(name, localized, before, after))
    return result


def _is_localized(value: object) -> bool:
    """A text per language in the JSON export: every key a language code."""
    return isinstance(value, dict) and bool(value) and all(
        isinstance(k, str) and re.fullmatch(LANGUAGE_PATTERN, k) for k in value)


def _value(value: Any, lang: str) -> Any:  # a JSON value
    return value.get(lang) if _is_localized(value) else value


@dataclass
class Block:
    """One paragraph, heading or list of a text, compared as a unit."""
    kind: str                       # "=" unchanged, "~" changed, "-" removed, "+" added, "…" skipped
    words: list[tuple[str, str]]    # the word diff (for "=": one ("=", text) part)
    heading: bool = False


CONTEXT_BLOCKS = 1  # unchanged paragraphs shown around a change


def block_diff(before: str, after: str) -> list[Block]:
    """A long Markdown text compared paragraph by paragraph (headings and lists are paragraphs too).

    Changed paragraphs get a word diff; unchanged ones are shown only next to a change
    (CONTEXT_BLOCKS) and the rest is folded into a "…" block, so a narrative with one edited
    sentence shows that paragraph, not the whole text underlined.
    """
    a, b = _blocks(before), _blocks(after)
    keys_a, keys_b = [_block_words(x) for x in a], [_block_words(x) for x in b]
    result: list[Block] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=keys_a, b=keys_b, autojunk=False).get_opcodes():
        if op == "equal":
            result += [Block("=", [("=", keys_b[j])], _is_heading(b[j])) for j in range(j1, j2)]
        elif op == "replace" and i2 - i1 == j2 - j1:
            result += [Block("~", word_diff(keys_a[i], keys_b[j]), _is_heading(b[j]))
                       for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            result += [Block("-", [("-", keys_a[i])], _is_heading(a[i])) for i in range(i1, i2)]
            result += [Block("+", [("+", keys_b[j])], _is_heading(b[j])) for j in range(j1, j2)]
    return _fold_unchanged(result)


def _blocks(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]


_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\](?!:)")


def _block_words(block: str) -> str:
    """A paragraph's words as a reader sees them (footnote markers dropped)."""
    return plain_text(_FOOTNOTE_REFERENCE.sub("", block))


def _is_heading(block: str) -> bool:
    return block.lstrip().startswith("#")


def _fold_unchanged(blocks: list[Block]) -> list[Block]:
    changed = [i for i, block in enumerate(blocks) if block.kind != "="]
    near = {j for i in changed for j in range(i - CONTEXT_BLOCKS, i + CONTEXT_BLOCKS + 1)}
    folded: list[Block] = []
    for index, block in enumerate(blocks):
        if block.kind != "=" or index in near:
            folded.append(block)
        elif not folded or folded[-1].kind != "…":
            folded.append(Block("…", []))
    return folded


def field_text(value: Any, lang: str) -> str:  # a JSON value
    """A field's value as readable words in one language."""
    if value is None:
        return ""
    if _is_localized(value):
        return plain_text(value.get(lang) or "")
    if isinstance(value, list):
        return ", ".join(field_text(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {field_text(v, lang)}" for k, v in value.items() if v)
    return str(value)


# White space, a word (with the hyphens, apostrophes and separators inside it: "J-TIP", "SPE13.1",
# "7,940,000", "l’OIT"), or one other character: punctuation is a token of its own, so a comma moved
# from one word to the next is not shown as both words replaced.
_TOKEN = re.compile(r"\s+|\w+(?:[-'’.,/]\w+)*|[^\w\s]")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in "=", "-", "+": a word-level diff that keeps white space and punctuation apart."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    result: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            result.append(("=", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                result.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                result.append(("+", "".join(b[j1:j2])))
    return _spaces_after_changes(result)


def _spaces_after_changes(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """"Five| and| six." reads better as "Five |and |six.": a change that starts with the white space its
    following unchanged text also starts with gives it to the text before it and takes it at its end."""
    ops = list(ops)
    i = 1
    while i < len(ops) - 1:
        j = i
        while j < len(ops) and ops[j][0] != "=":
            j += 1
        if ops[i - 1][0] == "=" and j < len(ops) and j > i:
            space = re.match(r"\s+", ops[j][1])
            lead = space.group(0) if space else ""
            if lead and all(text.startswith(lead) for _, text in ops[i:j]):
                ops[i - 1] = ("=", ops[i - 1][1] + lead)
                ops[i:j] = [(op, text[len(lead):] + lead) for op, text in ops[i:j]]
                ops[j] = ("=", ops[j][1][len(lead):])
        i = j + 1
    return [(op, text) for op, text in ops if text]


# --- baselines ------------------------------------------------------------------------------

_SNAPSHOT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def snapshot_path(project_root: Path, name: str) -> Path:
    if not _SNAPSHOT_NAME.fullmatch(name):
        raise BaselineError(f"snapshot name {name!r}: use letters, digits, '.', '_' and '-'")
    return project_root / SNAPSHOT_DIR / f"{name}.json"


def latest_snapshot(project_root: Path) -> str | None:
    folder = project_root / SNAPSHOT_DIR
    names = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
    return names[-1] if names else None


def load_baseline(project: ProjectFolders, since: str,
                  export_at: Callable[[Path], ExportJson]) -> tuple[ExportJson, str]:
    """(export JSON, label) of a snapshot name or a git revision.

    `export_at(content_dir)` exports the model of a content folder (passed in
    so this module does not depend on the pipeline).
    """
    if since.startswith("-"):  # never let a value reach git as an option
        raise BaselineError(f"--since {since!r}: a snapshot name or git revision cannot start with '-'")
    if _SNAPSHOT_NAME.fullmatch(since):
        path = project.root / SNAPSHOT_DIR / f"{since}.json"
        if path.is_file():
            return _read_snapshot(path), "snapshot"
    return _export_git_revision(project, since, export_at), "revision"


def _read_snapshot(path: Path) -> ExportJson:
    try:
        data: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"snapshot {path} cannot be read ({exc}); restore it from git or make it again "
                            "with 'reportgen snapshot NAME'") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise BaselineError(f"snapshot {path} is not a reportgen snapshot (no 'items' list); restore it from "
                            "git or make it again with 'reportgen snapshot NAME'")
    return data


def _export_git_revision(project: ProjectFolders, revision: str, export_at: Callable[[Path], ExportJson]) -> ExportJson:
    try:
        top = subprocess.run(["git", "-C", str(project.root), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
        content_rel = project.content_dir.relative_to(Path(top).resolve()).as_posix()
        commit = subprocess.run(["git", "-C", top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
                                capture_output=True, text=True, check=True).stdout.strip()
        archive = subprocess.run(["git", "-C", top, "archive", "--format=tar", commit, "--", content_rel],
                                 capture_output=True, check=True).stdout
    except (subprocess.CalledProcessError, ValueError, FileNotFoundError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        detail = detail.decode(errors="replace").strip() if isinstance(detail, bytes) else str(detail)
        raise BaselineError(f"--since {revision!r} is neither a snapshot in {SNAPSHOT_DIR}/ nor a git revision "
                            f"holding the content ({(detail or str(exc)).strip()})") from None
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        try:
            return export_at(Path(tmp) / content_rel)
        except ContentError as exc:  # the old revision's content has errors: say so, in git's REV:path terms
            raise ContentError([_in_revision(p, revision, Path(tmp)) for p in exc.problems]) from None


def _in_revision(problem: Problem, revision: str, checkout: Path) -> Problem:
    """A problem of an old revision's content, named as such ("v1:content/findings/S1.yaml")."""
    path = Path(problem.file)
    if path.is_absolute() and path.is_relative_to(checkout):
        path = path.relative_to(checkout)
    return dataclasses.replace(
        problem, file=f"{revision}:{path.as_posix()}",
        message=f"in revision {revision} (the --since baseline): {problem.message}",
        hint=f"the old revision's file, not the current one: choose another --since, or a snapshot"
             + (f"; {problem.hint}" if problem.hint else ""))
