"""report.html: the certificate page, one section per criterion, the evidence in annexes.

Built from the Jinja2 template ``gia/reports/templates/report.html.j2`` (autoescaped) and the
stylesheet ``report.css`` (screen and print: A4, page numbers, a running header). Page 1 is the
certificate (:mod:`gia.reports.certificate`); then an overview, one section per criterion (what it
measures, the value against its thresholds, the chart, the key values, what did not count, warnings,
sources, a link to the executed notebook); Annex A holds the per-tenant tables and charts (left out
with ``tenant_detail=False``), Annex B the reference factors. Tables and charts come from the
executed notebooks (:mod:`gia.reports.sections`), every label from :mod:`gia.messages`. The page is
self-contained: images embedded, no script, no network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from gia.messages import catalogue_text, message
from gia.reports.certificate import Certificate, build_certificate
from gia.reports.formatting import format_value
from gia.reports.sections import extract_section, markdown_html

if TYPE_CHECKING:
    from gia.method.assessment import Assessment
    from gia.method.catalogue import Catalogue

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"


@dataclass
class Figure:
    """A numbered chart."""

    number: int
    png: str
    alt: str
    caption: str
    kind: str = "chart"


@dataclass
class CriterionSection:
    """One criterion's section of the report (and its tenant detail for Annex A)."""

    id: str
    anchor: str
    title: str
    measures: str
    rationale: str
    row: Any
    mandatory: bool
    weight: str
    formula: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    key_values: list[str] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)
    not_counted_figures: list[Figure] = field(default_factory=list)
    reason: str = ""
    choices: str = ""
    warnings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notebook: str = ""
    tenant_tables: list[str] = field(default_factory=list)
    tenant_charts: list[dict[str, Any]] = field(default_factory=list)
    tenant_figures: list[Figure] = field(default_factory=list)


@dataclass
class ThemeGroup:
    """The criteria of one theme."""

    id: str
    anchor: str
    title: str
    score: str
    criteria: list[CriterionSection]


def anchor(text: str) -> str:
    """Return an id attribute for a section ("EN-1" → "crit-EN-1")."""
    return re.sub(r"[^A-Za-z0-9-]", "-", text)


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("gia.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["t"] = message
    return env


def css_string(text: str) -> str:
    r"""Return ``text`` as a CSS string literal, every character but letters and digits escaped.

    >>> print(css_string('A "b"'))
    "A\000020\000022b\000022"
    """
    return (
        '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'
    )


def load_sections(folder: Path, names: list[str], sections: Path | None) -> dict[str, dict]:
    """Return {notebook stem: extracted section} (pre-rendered by the workers where present)."""
    found = {}
    for name in names:
        stem = Path(name).stem
        part = Path(sections) / f"{stem}.json" if sections else None
        if part is not None and part.is_file():
            found[stem] = json.loads(part.read_text("utf-8"))
        else:
            nb = nbformat.read(Path(folder) / "notebooks" / name, as_version=4)
            found[stem] = extract_section(nb, stem)
    return found


def source_lines(spec: Any, catalogue: Catalogue) -> list[str]:
    """Return a criterion's sources ("KEY: text") and the anchor note of its thresholds."""
    lines = [
        f"{key}: {catalogue.sources.get(key, '')}".rstrip(": ").rstrip(".") for key in spec.sources
    ]
    note = (spec.source_note or "").strip().rstrip(".")
    if note and note not in spec.sources:
        lines.append(note)
    return lines


class _Numbering:
    def __init__(self) -> None:
        self.count = 0

    def figure(self, part: dict[str, Any]) -> Figure:
        self.count += 1
        return Figure(self.count, part["png"], part["alt"], part["caption"], part["part"])


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _criterion_section(
    entry: dict[str, Any],
    row: Any,
    catalogue: Catalogue,
    section: dict[str, Any],
    numbers: _Numbering,
    assessment: Assessment,
) -> CriterionSection:
    spec = catalogue.criterion(entry["id"])
    crit = CriterionSection(
        id=spec.id,
        anchor=f"crit-{anchor(spec.id)}",
        title=catalogue_text(spec.title),
        measures=_capitalised(catalogue_text(spec.indicator)),
        rationale=spec.rationale,
        row=row,
        mandatory=bool(entry["mandatory"]),
        weight=format_value(spec.weight, "weight"),
        formula=markdown_html(spec.formula),
        choices=section.get("choices", ""),
        warnings=list(entry.get("warnings", [])),
        sources=source_lines(spec, catalogue),
        notebook=f"notebooks/{spec.id}.ipynb",
    )
    reason = assessment.criterion(spec.id).measure.details.get("reason")
    crit.reason = str(reason) if reason and entry["status"] != "ok" else ""
    for part in section.get("parts", []):
        kind = part["part"]
        if part["tenant"]:
            if "png" in part:
                crit.tenant_charts.append(part)  # numbered in the annex, if it is shown
            elif "html" in part:
                crit.tenant_tables.append(part["html"])
        elif kind == "chart" and "png" in part:
            crit.figures.append(numbers.figure(part))
        elif kind == "note":
            crit.notes.append(part["text"])
        elif kind == "details":
            crit.key_values.append(part["html"])
        elif kind in ("breakdown", "not-counted") and "html" in part:
            crit.not_counted.append(part["html"])
        elif kind == "breakdown-chart" and "png" in part:
            crit.not_counted_figures.append(numbers.figure(part))
    return crit


def build_context(
    folder: Path,
    names: list[str],
    catalogue: Catalogue,
    assessment: Assessment,
    sections: Path | None = None,
    tenant_detail: bool = True,
    run: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return everything the template places (all text already formatted)."""
    folder = Path(folder)
    results = json.loads((folder / "results.json").read_text("utf-8"))
    # the folder is the run's temporary one: name the report folder by the area, as it lands
    cert: Certificate = build_certificate(
        results, catalogue, run or {}, assessment, assessment.area.id
    )
    found = load_sections(folder, names, sections)
    numbers = _Numbering()
    overview = found.get("summary", {"parts": []})
    inventory = found.get("inventory", {"parts": []})
    overview_figures = [
        numbers.figure(p) for p in overview["parts"] if "png" in p and not p["tenant"]
    ]
    tables = {p["part"]: p["html"] for p in inventory["parts"] if "html" in p}
    rows = {r.id: r for r in cert.criteria}
    groups: dict[str, ThemeGroup] = {}
    for entry in results["criteria"]:
        theme = catalogue.theme(entry["theme"])
        group = groups.setdefault(
            theme.id,
            ThemeGroup(
                theme.id,
                f"theme-{anchor(theme.id)}",
                catalogue_text(theme.title),
                next(t.score for t in cert.themes if t.id == theme.id),
                [],
            ),
        )
        group.criteria.append(
            _criterion_section(
                entry,
                rows[entry["id"]],
                catalogue,
                found.get(entry["id"], {"parts": []}),
                numbers,
                assessment,
            )
        )
    if tenant_detail:  # annex figures numbered after the body's
        for group in groups.values():
            for crit in group.criteria:
                crit.tenant_figures = [numbers.figure(p) for p in crit.tenant_charts]
    facts = assessment.area.facts
    title = message("report.title", name=facts.name, year=cert.reporting_year)
    running = message(
        "report.running_header", area=cert.area_name, level=cert.level_name, date=cert.assessed
    )
    return {
        "title": title,
        "cert": cert,
        "themes": list(groups.values()),
        "overview_figures": overview_figures,
        "inventory_html": tables.get("inventory", ""),
        "informative_html": tables.get("informative", ""),
        "factors_html": tables.get("factors", ""),
        "tenant_inventory_html": tables.get("tenant-inventory", ""),
        "tenant_detail": tenant_detail,
        "running_header": css_string(running),
        "page_label": css_string(message("report.page") + " "),
        "of_label": css_string(" " + message("report.of") + " "),
        "css": _stylesheet(),
    }


def _stylesheet() -> str:
    from importlib.resources import files

    return files("gia.reports").joinpath("templates", STYLESHEET).read_text("utf-8")


def render_report(
    folder: Path,
    names: list[str],
    catalogue: Catalogue,
    assessment: Assessment,
    sections: Path | None = None,
    tenant_detail: bool = True,
    run: dict[str, Any] | None = None,
) -> str:
    """Return the HTML page of the executed notebooks ``names`` in ``folder/notebooks``.

    Parameters
    ----------
    folder : Path
        The report folder (results.json, notebooks/).
    names : list of str
        The executed notebooks' file names.
    catalogue : Catalogue
        The catalogue of the assessment.
    assessment : Assessment
        The same assessment in-process (data quality, reasons of statuses).
    sections : Path, optional
        A folder of sections already extracted by the workers (:mod:`gia.reports.sections`); a
        notebook without one is read here.
    tenant_detail : bool
        Whether Annex A (per-tenant tables and charts) is included.
    run : dict, optional
        The run's ``started`` time and ``git`` state (commit, dirty), as the manifest will
        record them; the page never reads the manifest, which holds the page's sha256.
    """
    context = build_context(folder, names, catalogue, assessment, sections, tenant_detail, run)
    return _environment().get_template(TEMPLATE).render(**context)


def write_report(
    folder: Path,
    names: list[str],
    catalogue: Catalogue,
    assessment: Assessment,
    sections: Path | None = None,
    tenant_detail: bool = True,
    run: dict[str, Any] | None = None,
) -> Path:
    """Write ``folder/report.html`` (see :func:`render_report`)."""
    path = Path(folder) / "report.html"
    path.write_text(
        render_report(folder, names, catalogue, assessment, sections, tenant_detail, run),
        encoding="utf-8",
    )
    return path
