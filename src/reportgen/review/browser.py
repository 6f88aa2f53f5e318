"""Comments left on the review site: the file its panel saves ("Download my comments").

The panel (templates/review/comments.js) keeps a reader's comments in the browser and saves
them as one JSON document, `reportgen-comments/1`:

    {"format": "reportgen-comments/1", "evaluation": CODE, "round": ROUND | null, "for": ROUND | null,
     "reviewer": {"name": …, "organisation": …}, "exported": ISO,
     "comments": [{"id", "target", "paragraph", "quote", "text", "page", "language",
                   "created", "updated"}, …]}

"for" is the project's `open_round` (the round the draft is out for): such a file is
imported into that round only, as a Word draft exported for a round is.

Nothing in it is trusted: sizes, types and every field are checked, and each problem is
reported with the comment's position in the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable

from ..content.base import ID_PATTERN, LANGUAGE_PATTERN
from ..errors import Problem
from .incoming import IncomingComment

FORMAT = "reportgen-comments/1"
MAX_FILE_BYTES = 20_000_000
MAX_COMMENTS = 10_000
MAX_TEXT = 20_000
MAX_QUOTE = 2_000
_COMMENT_ID = re.compile(r"^[0-9a-f]{8,64}$")


class BrowserFileError(Exception):
    """The file cannot be read as the review site's comments; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def read_browser_comments(path: Path, evaluation_code: str, round_id: str | None = None) -> list[IncomingComment]:
    """The comments of one downloaded file, for the evaluation `evaluation_code` (and, when the site
    named the round it collects comments for, reportgen.yml `open_round`, for `round_id`)."""
    data = _load(path)
    problems: list[Problem] = []

    def problem(where: str, message: str, hint: str = "") -> None:
        problems.append(Problem(str(path), None, None, where or None, message, hint, code="review.comments_file"))

    if data.get("format") != FORMAT:
        problem("", f"not a comments file of the review site (format {data.get('format')!r}, expected {FORMAT!r})",
                "give the file saved by 'Download my comments' on the review site")
        raise BrowserFileError(problems)
    if data.get("evaluation") != evaluation_code:
        problem("", f"these comments are on another evaluation ({str(data.get('evaluation'))[:80]!r}, this project "
                f"is {evaluation_code!r})", "import the file into the project whose review site it came from")
        raise BrowserFileError(problems)
    sent_for = data.get("for")
    if round_id and isinstance(sent_for, str) and sent_for and sent_for != round_id:
        problem("", f"these comments were left on the draft sent out for round {sent_for[:80]!r}, not {round_id!r}",
                f"import it with: reportgen comments import {sent_for[:80]} {path.name}")
        raise BrowserFileError(problems)
    reviewer = data.get("reviewer")
    if not isinstance(reviewer, dict):
        reviewer = {}
    name = _short(reviewer.get("name"), 200)
    organisation = _short(reviewer.get("organisation"), 200) or name
    if not organisation:
        problem("", "the file does not say who commented (no name or organisation)",
                "ask the reviewer to fill in their name or organisation in the panel, or give --reviewer")
    comments = data.get("comments")
    if not isinstance(comments, list):
        problem("", "no list of comments in the file")
        raise BrowserFileError(problems)
    if len(comments) > MAX_COMMENTS:
        problem("", f"{len(comments)} comments: more than {MAX_COMMENTS} in one file")
        raise BrowserFileError(problems)
    found = [_comment(entry, index, organisation or "", name, problem) for index, entry in enumerate(comments, 1)]
    if problems:
        raise BrowserFileError(problems)
    return [c for c in found if c is not None]


def _load(path: Path) -> dict[str, Any]:  # the JSON file as read: checked field by field below
    def refuse(message: str, hint: str = "") -> BrowserFileError:
        return BrowserFileError([Problem(str(path), None, None, None, message, hint, code="review.comments_file")])

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise refuse(f"{size:,} bytes: larger than a comments file can be ({MAX_FILE_BYTES:,})")
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise refuse("is not UTF-8 text", "give the .json file saved by the review site") from None
    except json.JSONDecodeError as exc:
        raise refuse(f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                     "the file may be cut short: download it again from the review site") from None
    if not isinstance(data, dict):
        raise refuse("is not a comments file of the review site (a JSON object is expected)")
    return data


def _comment(entry: object, index: int, organisation: str, name: str | None,
             problem: Callable[[str, str], None]) -> IncomingComment | None:
    where = f"comment {index}"
    if not isinstance(entry, dict):
        problem(where, "is not an object")
        return None
    comment_id = entry.get("id")
    text = entry.get("text")
    if not isinstance(comment_id, str) or not _COMMENT_ID.match(comment_id):
        problem(where, f"has no valid id ({str(comment_id)[:40]!r})")
        return None
    if not isinstance(text, str) or not text.strip():
        problem(where, "has no comment text")
        return None
    if len(text) > MAX_TEXT:
        problem(where, f"the comment is {len(text):,} characters long (at most {MAX_TEXT:,})")
        return None
    target = entry.get("target")
    if target is not None and not (isinstance(target, str) and re.match(ID_PATTERN, target)):
        problem(where, f"names no item the report can have ({str(target)[:80]!r})")
        return None
    paragraph = entry.get("paragraph")
    if paragraph is not None and not (isinstance(paragraph, int) and not isinstance(paragraph, bool)
                                      and 0 < paragraph < 1_000_000):
        problem(where, f"has an invalid paragraph ({str(paragraph)[:20]!r})")
        return None
    language = entry.get("language")
    if language is not None and not (isinstance(language, str) and re.match(LANGUAGE_PATTERN, language)):
        language = None
    return IncomingComment(
        source=f"site#{comment_id}", organisation=organisation, text=_clean(text), author=name,
        date=_short(entry.get("updated") or entry.get("created"), 40), target=target, paragraph=paragraph,
        quote=_clean(_short(entry.get("quote"), MAX_QUOTE)) or None, language=language, location=where)


def _short(value: object, limit: int) -> str | None:
    return _clean(value[:limit]).strip() or None if isinstance(value, str) else None


def _clean(text: str | None) -> str:
    """Control characters out (they break YAML and spreadsheets); line breaks kept."""
    if text is None:
        return ""
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable() or ch == " ")
