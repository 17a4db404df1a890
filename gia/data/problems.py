"""Problems found in input data, and the report that collects them all."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning"]

MAX_SHOWN = 300
"""The longest text of one problem shown (a pasted megabyte would bury the others)."""


def printable(text: str, limit: int = MAX_SHOWN) -> str:
    """Return text fit for a terminal: control characters (ANSI escapes, newlines) escaped, cut.

    Values come from files other people wrote: a raw escape sequence could recolour or rewrite
    the reader's terminal, a newline could forge a line of the report.
    """
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                    for ch in str(text))
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
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            label = "key" if self.file.endswith(("area.yaml", "sheet area")) else "column"
            where += f", {label} {self.column}"
        return printable(f"{where}: {self.message}")


@dataclass
class ValidationReport:
    """Every problem found in one area, errors and warnings apart.

    Parameters
    ----------
    source : str
        The area folder or workbook that was checked.
    problems : list of Problem
        In the order found: per file, then per row.
    """

    source: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Add one problem."""
        self.problems.append(problem)

    def error(self, file: str, message: str, **where: object) -> None:
        """Add an error at ``file`` (``row``, ``column`` and ``value`` as keywords)."""
        self.add(Problem("error", file, message, **where))  # type: ignore[arg-type]

    def warning(self, file: str, message: str, **where: object) -> None:
        """Add a warning at ``file`` (``row``, ``column`` and ``value`` as keywords)."""
        self.add(Problem("warning", file, message, **where))  # type: ignore[arg-type]

    def extend(self, other: ValidationReport) -> None:
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

    def format(self) -> str:
        """Return the report as text: a verdict line, then errors, then warnings."""
        lines = []
        n_err, n_warn = len(self.errors), len(self.warnings)
        verdict = "valid" if self.ok else "INVALID"
        lines.append(f"{printable(self.source)}: {verdict} ({n_err} error(s), "
                     f"{n_warn} warning(s))")
        for p in self.errors:
            lines.append(f"  error: {p}")
        for p in self.warnings:
            lines.append(f"  warning: {p}")
        return "\n".join(lines)


class AreaValidationError(ValueError):
    """Raised when an area's data has errors; carries the whole report."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(report.format())
