"""Problems found in input data, and the report that collects them all."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning"]

AREA_SHEET_NAME = "area"
"""The workbook sheet of area.yaml's keys (its problems name a key, not a column)."""

MAX_SHOWN = 300
"""The longest text of one problem shown (a pasted megabyte would bury the others)."""


def printable(text: str, limit: int = MAX_SHOWN) -> str:
    """Return text fit for a terminal: control characters (ANSI escapes, newlines) escaped, cut.

    Values come from files other people wrote: a raw escape sequence could recolour or rewrite
    the reader's terminal, a newline could forge a line of the report.
    """
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One problem in an area's data.

    Parameters
    ----------
    severity : {"error", "warning"}
        Errors stop the area from being assessed; warnings are reported and the run goes on.
    file : str
        File (``energy.csv``, ``area.yaml``) or workbook sheet (``lv-kaigu.xlsx, sheet energy``).
    message : str
        What is wrong and what was expected.
    row : int or None
        Row number as a spreadsheet shows it (header = row 1).
    column : str or None
        Column of a table, or dotted key of area.yaml.
    value : str or None
        The offending value, as written.
    """

    severity: Severity
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        from gia.messages import message

        where = self.file
        if self.row is not None:
            where += " " + message("validation.where.row", row=self.row)
        if self.column is not None:
            is_key = self.file.endswith(("area.yaml", f" {AREA_SHEET_NAME}"))
            label = "validation.where.key" if is_key else "validation.where.column"
            where += ", " + message(label, column=self.column)
        return printable(f"{where}: {self.message}")


@dataclass
class ValidationOutcome:
    """Every problem found in one area, errors and warnings apart (the outcome of validation).

    Parameters
    ----------
    source : str
        The area folder or workbook that was checked.
    problems : list of Problem
        In the order found: per file, then per row.
    order : list of str
        The files or sheets in the order a person meets them (area first, then the tables);
        :meth:`format` lists problems in this order, then by row.
    """

    source: str
    problems: list[Problem] = field(default_factory=list)
    order: list[str] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Add one problem."""
        self.problems.append(problem)

    def error(self, file: str, message: str, **where: object) -> None:
        """Add an error at ``file`` (``row``, ``column`` and ``value`` as keywords)."""
        self.add(Problem("error", file, message, **where))  # type: ignore[arg-type]

    def warning(self, file: str, message: str, **where: object) -> None:
        """Add a warning at ``file`` (``row``, ``column`` and ``value`` as keywords)."""
        self.add(Problem("warning", file, message, **where))  # type: ignore[arg-type]

    def extend(self, other: ValidationOutcome) -> None:
        """Add every problem of ``other``."""
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        """The errors."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def to_frame(self) -> pd.DataFrame:
        """Return the problems as a DataFrame, one row each (like pyam's failing rows)."""
        cols = ["severity", "file", "row", "column", "value", "message"]
        return pd.DataFrame([asdict(p) for p in self.problems], columns=cols)

    def sorted(self, problems: list[Problem]) -> list[Problem]:
        """Return ``problems`` by file or sheet (in the order first met), then by row."""
        rank: dict[str, int] = {name: i for i, name in enumerate(self.order)}
        for p in self.problems:
            rank.setdefault(p.file, len(rank))
        return sorted(problems, key=lambda p: (rank[p.file], p.row or 0))

    def format(self) -> str:
        """Return the report as text: a verdict line, then errors, then warnings.

        Errors and warnings are sorted by file or sheet, then by row; the words are in the
        current language (:mod:`gia.messages`).
        """
        from gia.messages import message

        n_err, n_warn = len(self.errors), len(self.warnings)
        verdict = "cli.verdict.valid" if self.ok else "cli.verdict.invalid"
        lines = [message(verdict, source=printable(self.source), errors=n_err, warnings=n_warn)]
        lines += [f"  {message('cli.error')}: {p}" for p in self.sorted(self.errors)]
        lines += [f"  {message('cli.warning')}: {p}" for p in self.sorted(self.warnings)]
        return "\n".join(lines)


class AreaValidationError(ValueError):
    """Raised when an area's data has errors; carries the whole report."""

    def __init__(self, report: ValidationOutcome) -> None:
        self.report = report
        super().__init__(report.format())
