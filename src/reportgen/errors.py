"""The one error type for user mistakes: a problem in the content, located and coded.

Every check appends `Problem`s to a list instead of raising, so one run
reports everything; the CLI raises `ContentError` carrying the whole list.
Every problem names a code of `problem_codes.TABLE`, which gives its default
level; a project may set other levels per code (`validation:` in reportgen.yml).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Iterable, TypedDict
from pathlib import Path

from .problem_codes import CODES, LEVELS

# The commands' exit codes (here, low, so that `python -m reportgen` has them before the commands load).
EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C


class ProblemJson(TypedDict):
    """A problem as `reportgen check --format json` writes it."""

    file: str
    line: int | None
    column: int | None
    item: str | None
    code: str
    level: str
    message: str
    hint: str


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    column: int | None = None
    item: str | None = None
    message: str = ""
    hint: str = ""
    severity: str = "error"  # "error", "warning" or "note": the level, once a project's levels are applied
    code: str = field(kw_only=True)  # a code of problem_codes.TABLE, e.g. "link.unknown"

    def format(self) -> str:
        text = self._format()
        # Content can hold control characters (a newline or an escape code in an ID):
        # they must not forge lines or drive the terminal.
        return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)

    def _format(self) -> str:
        text = f"{self.where}: {self.severity}"
        if self.item:
            text += f" [{self.item}]"
        text += f" {self.code}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def where(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def as_json(self) -> ProblemJson:
        """For tools and editors (`reportgen check --format json`); the hint falls back to the code's."""
        known = CODES.get(self.code)
        return {"file": self.file, "line": self.line, "column": self.column, "item": self.item, "code": self.code,
                "level": self.severity, "message": self.message, "hint": self.hint or (known.hint if known else "")}


class ContentError(Exception):
    """Raised when the content cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(p.format() for p in self.problems))

    @classmethod
    def single(cls, file: str | Path, line: int | None, message: str, hint: str = "",
               item: str | None = None, *, code: str) -> "ContentError":
        return cls([Problem(str(file), line, None, item, message, hint, code=code)])


def _sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line or 0, problem.column or 0, problem.message)


def level_of(code: str, levels: dict[str, str], fallback: str = "error") -> str:
    """The level of a code: the project's setting if it is allowed, else the table's default."""
    known = CODES.get(code)
    default = known.level if known else fallback
    wanted = levels.get(code)
    if wanted not in LEVELS or known is None or known.refusal(wanted):
        return default  # unknown codes and refused settings were reported when reportgen.yml was read
    return wanted


@dataclass
class Report:
    """Collects problems while the content is read and checked, each at its code's level."""

    problems: list[Problem] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)  # code → level, from reportgen.yml's validation:
    ignored: list[Problem] = field(default_factory=list)  # problems whose code the project set to "ignore"

    def error(self, file: str | Path, line: int | None, message: str, hint: str = "", item: str | None = None,
              column: int | None = None, *, code: str) -> None:
        self.add(Problem(str(file), line, column, item, message, hint, "error", code=code))

    def warning(self, file: str | Path, line: int | None, message: str, hint: str = "", item: str | None = None, *,
                code: str) -> None:
        self.add(Problem(str(file), line, None, item, message, hint, "warning", code=code))

    def note(self, file: str | Path, line: int | None, message: str, hint: str = "", item: str | None = None, *,
             code: str) -> None:
        """Worth listing, never a failure (e.g. a text knowingly left untranslated)."""
        self.add(Problem(str(file), line, None, item, message, hint, "note", code=code))

    def add(self, problem: Problem) -> None:
        level = level_of(problem.code, self.levels, problem.severity)
        if level == "ignore":
            self.ignored.append(problem)
        else:
            self.problems.append(problem if level == problem.severity else
                                 dataclasses.replace(problem, severity=level))

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def set_levels(self, levels: dict[str, str]) -> None:
        """Apply a project's levels, to the problems already found too."""
        self.levels = dict(levels)
        found, self.problems = self.problems, []
        self.extend(found)

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
