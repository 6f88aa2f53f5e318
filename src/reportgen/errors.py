"""The one error type for user mistakes: a problem in the content, located.

Every check appends `Problem`s to a list instead of raising, so one run
reports everything; the CLI raises `ContentError` carrying the whole list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: int | None = None
    item: str | None = None
    message: str = ""
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        text = self._format()
        # Content can hold control characters (a newline or an escape code in an ID):
        # they must not forge lines or drive the terminal.
        return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)

    def _format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}:"
        if self.item:
            text += f" [{self.item}]"
        text += f" {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ContentError(Exception):
    """Raised when the content cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(p.format() for p in self.problems))

    @classmethod
    def single(cls, file: str | Path, line: int | None, message: str, hint: str = "",
               item: str | None = None) -> "ContentError":
        return cls([Problem(str(file), line, None, item, message, hint)])


def _sort_key(problem: Problem):
    return (problem.file, problem.line or 0, problem.column or 0, problem.message)


@dataclass
class Report:
    """Collects problems while the content is read and checked."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, file, line, message, hint="", item=None, column=None) -> None:
        self.problems.append(Problem(str(file), line, column, item, message, hint, "error"))

    def warning(self, file, line, message, hint="", item=None) -> None:
        self.problems.append(Problem(str(file), line, None, item, message, hint, "warning"))

    def note(self, file, line, message, hint="", item=None) -> None:
        """Worth listing, never a failure (e.g. a text knowingly left untranslated)."""
        self.problems.append(Problem(str(file), line, None, item, message, hint, "note"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    def raise_if_errors(self, strict: bool = False) -> None:
        failing = self.errors + self.warnings if strict else self.errors
        if failing:
            raise ContentError(failing)


class BuildError(Exception):
    """The site could not be built for a reason outside the content (a missing tool, say)."""
