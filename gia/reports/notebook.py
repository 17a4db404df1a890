"""What the criterion notebooks call: load from parameters, render, show the code, record.

Notebooks never compute a number themselves: they call :func:`assessment` and display what the
library computed. Everything an area supplies (names, ids) is escaped before it reaches
Markdown or HTML, so that area text stays text in the report.

Outputs are reproducible: no timestamps, no paths of this machine, no memory addresses.
"""

from __future__ import annotations

import html
import inspect
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from gia.messages import catalogue_text, message
from gia.method.assessment import Assessment, assess
from gia.method.criteria import (
    CriterionResult,
    IndicatorResult,
    Measure,
    function_for,
    tenant_names,
)
from gia.reports.formatting import column_label, column_unit, quantity_unit
from gia.reports.results import InventoryRecord, SummaryRecord, plain
from gia.reports.scorecard_text import display_value
from gia.reports.tables import Table, table


def _display(obj: Any) -> None:
    from IPython.display import display

    display(obj)


def _markdown(text: str) -> None:
    from IPython.display import Markdown

    _display(Markdown(text))


def esc(text: object) -> str:
    """Escape area-supplied text for Markdown/HTML (``<script>`` stays text).

    Line breaks and other control characters become spaces: a value is one inline run of text
    and cannot start a heading, a list or a table of its own.
    """
    one_line = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())
    return (
        html.escape(one_line, quote=True)
        .replace("|", "&#124;")
        .replace("*", "&#42;")
        .replace("_", "&#95;")
        .replace("`", "&#96;")
        .replace("[", "&#91;")
        .replace("$", "&#36;")
    )


class InvalidAreaError(Exception):
    """The area of a notebook has errors: its validation report is shown, not a traceback."""

    def __init__(self, report: Any) -> None:
        self.report = report
        super().__init__(report.format())

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a traceback
        return [message("cli.invalid_area"), *self.report.format().splitlines()]


def validation_report_html(report: Any) -> str:
    """Return a validation report as an HTML table (sheet or file, row, column, value, message)."""
    frame = report.to_frame()
    if frame.empty:
        return ""
    problems = report.sorted(report.errors) + report.sorted(report.warnings)
    head = "".join(
        f"<th>{esc(message(f'column.{c}'))}</th>"
        for c in ("severity", "file", "row", "column", "value", "detail")
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{esc(v)}</td>"
            for v in (
                message(f"cli.{p.severity}"),
                p.file,
                "" if p.row is None else p.row,
                p.column or "",
                p.value or "",
                p.message,
            )
        )
        + "</tr>"
        for p in problems
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def assessment(area: str, catalogue: str | None = None, lang: str | None = None) -> Assessment:
    """Load and assess ``area`` (id, folder or workbook) under ``catalogue``, in ``lang``.

    Read afresh at every call (a tenth of a second for the example areas), so that a workshop
    that edits the area's files or the catalogue and re-runs a cell sees the change.

    Parameters
    ----------
    area : str
        Area id under data/areas/, an area folder, or an .xlsx workbook.
    catalogue : str, optional
        Criteria catalogue YAML; default: v1.1 of the project (data/criteria/gia-v1.1.yaml).
    lang : str, optional
        Language of every label and message the notebook shows (default: English).

    Raises
    ------
    InvalidAreaError
        When the area has errors; the validation report is displayed as a table first, and
        the notebook shows it instead of a traceback.
    """
    from gia.data.area import load_area
    from gia.data.problems import AreaValidationError
    from gia.messages import set_language
    from gia.method.catalogue import load_catalogue

    set_language(lang)
    cat = load_catalogue(None if catalogue in (None, "") else _project_path(str(catalogue)))
    try:
        loaded = load_area(_project_path(str(area)), catalogue=cat)
    except AreaValidationError as exc:
        from IPython.display import HTML

        _markdown(f"**{esc(exc.report.format().splitlines()[0])}**")
        _display(HTML(validation_report_html(exc.report)))
        raise InvalidAreaError(exc.report) from None
    return assess(loaded, cat)


def _project_path(text: str) -> Path | str:
    """Resolve a project-relative path from any working folder (ids stay as they are)."""
    from gia.paths import project_root

    path = Path(text)
    if path.is_absolute() or path.exists():
        return path
    in_project = project_root() / path
    return in_project if in_project.exists() else text


# --------------------------------------------------------------------------------- rendering


def header(a: Assessment, item_id: str) -> None:
    """Show the criterion's title, rationale, indicator and sources, and the area assessed."""
    cat = a.catalogue
    spec = _spec(a, item_id)
    lines = [
        f"**{message('notebook.area')}:** {esc(a.area.facts.name)} (`{esc(a.area.id)}`), "
        f"{esc(a.area.country)}, "
        f"{message('notebook.reporting_year', year=a.area.reporting_year)}  ",
        f"**{message('notebook.methodology')}:** {esc(cat.title)}, "
        f"{message('notebook.version', version=esc(cat.methodology_version))}",
        "",
        f"**{message('notebook.indicator')}:** {esc(catalogue_text(spec.indicator))} "
        f"({esc(catalogue_text(spec.unit))})",
    ]
    if hasattr(spec, "direction"):
        better = message(f"chart.better.{'higher' if spec.direction == 'higher' else 'lower'}")
        theme = cat.theme(spec.theme)
        mandatory = a.context.is_mandatory(item_id)
        route = esc(catalogue_text(a.context.route.title) if a.context.route else "")
        on_route = message(
            "notebook.mandatory" if mandatory else "notebook.not_mandatory", route=route
        )
        lines += [
            f"**{message('notebook.theme')}:** {esc(catalogue_text(theme.title))}; "
            f"{better}; {on_route}; {message('report.weight.inline')} {spec.weight:g}"
        ]
    if getattr(spec, "rationale", None):
        lines += ["", f"**{message('notebook.why')}** {esc(spec.rationale)}"]
    sources = "; ".join(f"{esc(k)}: {esc(cat.sources.get(k, ''))}" for k in spec.sources)
    lines += ["", f"**{message('notebook.sources')}** {sources}"]
    if getattr(spec, "source_note", None):
        lines += ["", f"**{message('notebook.anchor')}** {esc(spec.source_note)}"]
    _markdown("\n".join(lines))


def _spec(a: Assessment, item_id: str) -> Any:
    try:
        return a.catalogue.criterion(item_id)
    except KeyError:
        return a.catalogue.indicator(item_id)


def thresholds(a: Assessment, criterion_id: str) -> Table:
    """Return the thresholds table of a criterion, rendered from the catalogue."""
    frame = a.catalogue.thresholds_table(criterion_id)
    return table(frame, units={"threshold": list(frame["unit"])}, part="thresholds")


def show_source(item_id: str) -> None:
    """Show the library function that computes ``item_id`` (the code, not a re-implementation)."""
    func = function_for(item_id)
    source = textwrap.dedent(inspect.getsource(func))
    module = func.__module__
    _markdown(f"From `{module}` (`{func.__name__}`):\n\n```python\n{source}```")


def show_function(func: Any) -> None:
    """Show any library function's source (helpers a criterion calls)."""
    source = textwrap.dedent(inspect.getsource(func))
    _markdown(f"From `{func.__module__}` (`{func.__name__}`):\n\n```python\n{source}```")


def _measure(result: CriterionResult | IndicatorResult | Measure) -> Measure:
    return result if isinstance(result, Measure) else result.measure


def details(result: CriterionResult | IndicatorResult) -> Table:
    """Return the intermediate values of a result as a two-column table (quantity, value).

    Each value is formatted by its own unit: the one in its name ("E_base (t CO2e)"), a year,
    a count, or the result's unit for the value itself.
    """
    m = _measure(result)
    unit = getattr(result, "unit", None)
    rows = [(k, v, quantity_unit(k)) for k, v in m.details.items()]
    rows.append((f"value ({unit})" if unit else "value", m.value, unit))
    rows.append(("status", message(f"status.{m.status}"), None))
    frame = pd.DataFrame(
        {"quantity": [r[0] for r in rows], "value": pd.Series([r[1] for r in rows], dtype=object)}
    )
    return table(frame, units={"value": [r[2] for r in rows]}, part="details")


def breakdown(result: CriterionResult | IndicatorResult) -> Table | str:
    """Return the breakdown table of a result (per tenant or per row)."""
    frame = _measure(result).breakdown
    if frame is None or frame.empty:
        return "(no breakdown for this indicator)"
    return table(frame, part="breakdown")


def verdict(result: CriterionResult, a: Assessment) -> None:
    """Print the verdict line: value, level, status, points (the output nbval checks)."""
    names = {i + 1: name for i, name in enumerate(a.catalogue.level_names())}
    level = names.get(result.level, "none") if result.level else "none"
    value = display_value(result.value, result.unit)
    unit = "" if result.value is None else f" {result.unit}"
    reason = result.measure.details.get("reason")
    why = f" ({reason})" if reason and result.status != "ok" else ""
    print(
        f"{result.id}: {value}{unit} -> level {result.level} ({level}), "
        f"{result.points} point(s); status {result.status}{why}"
    )


def indicator_verdict(result: IndicatorResult) -> None:
    """Print an informative indicator's value and status."""
    value = display_value(result.value, result.unit)
    print(f"{result.id}: {value} {result.unit}; status {result.status} (informative, not scored)")


def show_warnings(result: CriterionResult | IndicatorResult | Assessment) -> None:
    """Print the warnings of a result or assessment (never swallowed)."""
    warnings = result.warnings if isinstance(result, Assessment) else _measure(result).warnings
    if not warnings:
        print("No warnings.")
    for w in warnings:
        print(f"warning: {w}")


def record(result: CriterionResult | IndicatorResult | SummaryRecord | InventoryRecord) -> None:
    """Record a result for the runner (:func:`gia.reports.records.record`)."""
    from gia.reports.records import record as record_entry

    record_entry(result if isinstance(result, BaseModel) else result.entry())


def project_file(path: str | Path) -> Path:
    """Resolve a project-relative path (for notebooks run from another folder)."""
    from gia.paths import project_root

    p = Path(path)
    return p if p.is_absolute() else project_root() / p


# ------------------------------------------------------------------ inventory and summary


def area_header(a: Assessment) -> None:
    """Show the area assessed and the methodology used."""
    f = a.area.facts
    lines = [
        f"**Area:** {esc(f.name)} (`{esc(a.area.id)}`), {esc(f.country)}, reporting year "
        f"{f.reporting_year}, {f.total_area_ha:g} ha, {len(a.area.table('tenants'))} "
        "tenants  ",
        f"**Methodology:** {esc(a.catalogue.title)}, version "
        f"{esc(a.catalogue.methodology_version)}; GWP set {a.catalogue.gwp_set.upper()}; "
        f"grid factor set `{a.catalogue.reference.grid_factor_set}`",
    ]
    if f.scenario is not None:
        from gia.workshop.scenario import scenario_text

        lines += ["", f"**{esc(scenario_text(f))}**"]
    if f.note:
        lines += ["", f"*{esc(f.note)}*"]
    _markdown("\n".join(lines))


def inventory_table(a: Assessment) -> Table:
    """Return the inventory totals of results.json, each labelled with its unit."""
    totals = plain(a.inventory.totals())
    frame = pd.DataFrame(
        {"quantity": [column_label(k) for k in totals], "value": list(totals.values())}
    )
    return table(frame, units={"value": [column_unit(k) for k in totals]}, part="inventory")


def tenant_inventory(a: Assessment) -> Table:
    """Return the per-tenant inventory (final energy, renewable, scopes) of active tenants."""
    t = a.inventory.tenants
    cols = [
        "employees",
        "final_energy_mwh",
        "renewable_mwh",
        "scope1_tco2e",
        "scope2_location_tco2e",
        "scope2_market_tco2e",
        "biogenic_co2_t",
    ]
    active = t[(t[cols[1:]] != 0).any(axis=1) | (t["employees"] > 0)]
    frame = active[cols].rename_axis("tenant").reset_index()
    frame.attrs["tenant_names"] = tenant_names(a.area)
    return table(frame, part="tenant-inventory")


def factors_table(a: Assessment) -> Table:
    """Return every reference factor used, with its year and source."""
    frame = a.inventory.factors
    return table(frame, units={"value": list(frame["unit"])}, part="factors")


def prerequisites_table(a: Assessment) -> Table:
    """Return the prerequisites with their requirement, verdict and detail."""
    frame = pd.DataFrame(
        [
            {
                "id": p.id,
                "requirement": a.catalogue.prerequisite(p.id).requirement,
                "passed": p.passed,
                "detail": p.detail,
            }
            for p in a.prerequisites
        ]
    )
    return table(frame, part="prerequisites")


def prerequisites_verdict(a: Assessment) -> None:
    """Print one line per prerequisite (the output nbval checks)."""
    for p in a.prerequisites:
        print(f"{p.id}: {'passed' if p.passed else 'FAILED'} ({p.detail})")


def informative_table(a: Assessment) -> Table:
    """Return the informative indicators: id, title, value, unit, status."""
    frame = pd.DataFrame(
        [
            {
                "id": i.id,
                "title": i.title,
                "value": i.value,
                "unit": i.unit,
                "status": message(f"status.{i.status}"),
            }
            for i in a.informative
        ]
    )
    return table(frame, units={"value": list(frame["unit"])}, part="informative")


def inventory_record(a: Assessment) -> InventoryRecord:
    """Return what the inventory notebook records for results.json."""
    return a.results().inventory_record()


def summary_record(a: Assessment) -> SummaryRecord:
    """Return what the summary notebook records for results.json."""
    return a.results().summary_record()


def scorecard(a: Assessment) -> None:
    """Print the certification level, overall score and what blocks certification."""
    level = a.level.replace("_", " ").upper()
    overall = "n/a" if a.overall_score is None else f"{a.overall_score:.1f} %"
    print(f"{a.area.id}: {level} (overall score {overall})")
    for reason in a.blocking_reasons:
        print(f"  blocked: {reason}")


def theme_table(a: Assessment) -> Table:
    """Return theme scores with weights and the level bands' theme minimums."""
    rows = []
    for theme in a.catalogue.themes:
        row = {
            "theme": theme.id,
            "title": theme.title,
            "weight": theme.weight,
            "score_pct": a.themes[theme.id],
        }
        for level in a.catalogue.levels:
            row[f"{level.id}_min_pct"] = level.min_theme
        rows.append(row)
    labels = {f"{lv.id}_min_pct": f"{lv.title} theme minimum (%)" for lv in a.catalogue.levels}
    return table(pd.DataFrame(rows), part="themes", labels=labels)


def criteria_table(a: Assessment) -> Table:
    """Return every criterion's result: id, theme, title, value, unit, level, status."""
    frame = pd.DataFrame(
        [
            {
                "id": r.id,
                "theme": r.theme,
                "title": r.title,
                "value": r.value,
                "unit": r.unit,
                "level": r.level,
                "mandatory": r.mandatory,
                "status": message(f"status.{r.status}"),
            }
            for r in a.criteria
        ]
    )
    return table(frame, units={"value": list(frame["unit"])}, part="criteria")


def level_bands(a: Assessment) -> dict[str, float]:
    """Return {level title: theme minimum} for the level bands that have one."""
    return {lv.title: lv.min_theme for lv in a.catalogue.levels if lv.min_theme is not None}


# ------------------------------------------------------------- the catalogue's rule text


def formula(a: Assessment, item_id: str) -> None:
    """Show the formula of a criterion or indicator as the catalogue states it (LaTeX)."""
    _markdown(_spec(a, item_id).formula)


def rules(a: Assessment, item_id: str) -> None:
    """Show the rules and methodology choices of a criterion or indicator, from the catalogue.

    The text belongs to the catalogue version the notebook runs under, so that one notebook
    serves every version without contradicting it.
    """
    spec = _spec(a, item_id)
    items = list(getattr(spec, "rules", []))
    version = esc(a.catalogue.methodology_version)
    if not items:
        _markdown(f"*The catalogue (version {version}) states no further rules for {item_id}.*")
        return
    _markdown(
        f"*From the catalogue, methodology version {version}:*\n\n"
        + "\n".join(f"- {rule}" for rule in items)
    )


def parameters(a: Assessment, item_id: str) -> pd.DataFrame:
    """Return the catalogue parameters of a criterion or indicator, one row each."""
    rows: list[dict[str, Any]] = []
    for name, value in _spec(a, item_id).parameters.items():
        if isinstance(value, dict):
            rows += [{"parameter": f"{name}.{key}", "value": v} for key, v in value.items()]
        elif isinstance(value, list):
            rows.append({"parameter": name, "value": ", ".join(map(str, value))})
        else:
            rows.append({"parameter": name, "value": "null" if value is None else value})
    return pd.DataFrame(rows, columns=["parameter", "value"]).astype({"value": object})


def result_table(result: CriterionResult | IndicatorResult, name: str) -> Table | str:
    """Return a further table of a result by name (e.g. EN-1's ``contracts``)."""
    frame = _measure(result).tables.get(name)
    if frame is None or frame.empty:
        return f"(no {name} for this area)"
    # what counted and what did not, row by row: through the one formatter; rows that name a
    # tenant go to the report's tenant annex
    return table(frame.reset_index(drop=True), part="not-counted")


def accounting_table(a: Assessment) -> Table:
    """Return the catalogue's accounting rules: instruments, contract quality, hydrogen."""
    acc = a.catalogue.accounting
    quality = acc.contract_quality
    rows = [
        {
            "rule": "contract instruments counted in the renewable share (EN-1)",
            "value": ", ".join(acc.renewable_instruments) or "none",
        },
        {
            "rule": "contract instruments counted in scope 2 market-based (in this order)",
            "value": ", ".join(acc.market_based_instruments),
        },
        {
            "rule": "contract quality criteria",
            "value": "none: every row qualifies"
            if quality is None
            else f"vintage within {quality.vintage_lag_years} year(s) before the reporting year; "
            f"market in the area's market group",
        },
        {
            "rule": "market of this area's country",
            "value": "any"
            if quality is None
            else f"{quality.market_of(a.area.country)[0]} "
            f"({', '.join(sorted(quality.market_of(a.area.country)[1]))})",
        },
        {
            "rule": "production emissions of purchased grey hydrogen",
            "value": acc.hydrogen_production_emissions,
        },
    ]
    return table(pd.DataFrame(rows), part="rules")


def route_explanation(a: Assessment) -> None:
    """Print the area's route, why, and each mandatory criterion that applied with its level.

    The output nbval checks in the summary notebook.
    """
    route = a.context.route
    if route is None:
        return
    print(f"route: {route.id} ({route.reason})")
    for cid in route.mandatory:
        r = a.criterion(cid)
        state = "met" if r.level >= 1 else "NOT met"
        print(f"  mandatory {cid} {r.title}: level {r.level} ({state})")


def routes_table(a: Assessment) -> pd.DataFrame:
    """Return the catalogue's routes: condition, mandatory criteria, and which one applies."""
    cat = a.catalogue
    rows = []
    for route in cat.routes:
        condition = (
            "always (the last route)"
            if route.condition is None
            else f"benchmarked tenants emit ≥ "
            f"{route.condition.min_benchmarked_scope1_share:.0%} of scope 1"
        )
        rows.append(
            {
                "route": route.id,
                "condition": condition,
                "mandatory": ", ".join(cat.mandatory_ids(route.id)),
                "applies": a.context.route is not None and a.context.route.id == route.id,
            }
        )
    return pd.DataFrame(rows)


def level_rules(a: Assessment) -> None:
    """Show the level rules of the catalogue in words (bands, theme minimums, routes)."""
    cat = a.catalogue
    bands = "; ".join(
        f"**{esc(lv.title)}** if overall ≥ {lv.min_overall:g} %"
        + ("" if lv.min_theme is None else f" and every theme with a score ≥ {lv.min_theme:g} %")
        for lv in cat.levels
    )
    _markdown(
        f"Level rules of methodology version {esc(cat.methodology_version)}: not "
        "certified if a prerequisite fails or a mandatory criterion of the area's route is "
        f"below level 1; then the first that holds: {bands}; else not certified.\n\n"
        + "\n".join(f"- **{esc(r.title)}**: {esc(r.description)}" for r in cat.routes)
    )


# --------------------------------------------------------------------------------- calibration

DEFAULT_POPULATION = (20, 1)
"""Synthetic areas (how many, seed) of the calibration notebook when no folder is given."""


def population(
    areas: str | None = None, catalogue: str | None = None, lang: str | None = "en"
) -> Any:
    """Load and assess every area folder of ``areas`` (a folder of area folders).

    None: :data:`DEFAULT_POPULATION` synthetic areas (:func:`gia.experts.synth.synthesize`) written
    to a temporary folder, removed when the kernel ends. ``lang``: the language of the labels
    and numbers the notebook shows (:mod:`gia.messages`).
    """
    from gia.messages import set_language

    set_language(lang)
    import atexit
    import shutil
    import tempfile

    from gia.experts.population import area_folders, load_population
    from gia.experts.synth import synthesize
    from gia.method.catalogue import load_catalogue

    cat = load_catalogue(None if catalogue in (None, "") else _project_path(str(catalogue)))
    if areas in (None, ""):
        folder = Path(tempfile.mkdtemp(prefix="gia-synth-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        n, seed = DEFAULT_POPULATION
        sources = synthesize(n, seed, folder / "areas")
    else:
        sources = area_folders(_project_path(str(areas)))
    return load_population(sources, cat)


def population_header(pop: Any) -> None:
    """Show what the population is: how many areas, from where, under which catalogue."""
    cat = pop.catalogue
    where = sorted({str(Path(a.source).parent) for a in pop.areas})
    synthetic = sum(a.id.startswith("synth-") for a in pop.areas)
    _markdown(
        f"**{len(pop.areas)} areas** ({synthetic} synthetic) from "
        f"{esc(', '.join(where))}, assessed under **{esc(cat.title)}** "
        f"(methodology {esc(cat.methodology_version)})."
    )


# --------------------------------------------------------------------------------- lineage


def lineage(a: Assessment, item_id: str) -> None:
    """Show the input rows and reference factors that feed a result, and record them.

    Rows as the spreadsheet counts them (header = row 1, first data row = row 2); computed by
    :mod:`gia.method.lineage` (the result re-computed without each row and with it doubled, and with
    each factor raised by 10 %). The record goes to the report's ``lineage.json``.
    """
    from gia.method.lineage import criterion_lineage, row_ranges
    from gia.reports.records import record_lineage

    rows, factors = criterion_lineage(a, item_id)
    by_file = {f: sorted(int(r) for r in g["row"]) for f, g in rows.groupby("file", sort=True)}
    shown = pd.DataFrame({"file": list(by_file), "rows": [row_ranges(v) for v in by_file.values()]})
    _markdown(message("lineage.rows", id=esc(item_id)))
    if len(shown):
        _display(table(shown, part="lineage"))
    else:
        _markdown(message("lineage.none.rows"))
    _markdown(message("lineage.factors", id=esc(item_id)))
    if len(factors):
        _display(table(factors, part="lineage"))
    else:
        _markdown(message("lineage.none.factors"))
    record_lineage(
        {
            "id": item_id,
            "rows": by_file,
            "factors": [[f, k] for f, k in factors.itertuples(index=False)],
        }
    )
