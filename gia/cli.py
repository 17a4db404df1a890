"""The ``gia`` command: thin, it parses arguments and calls the library.

Exit codes: 0 fine, 1 the check or assessment failed, 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import gia.reports.startup  # noqa: F401 - first: imports gia's processes skip
from gia.messages import message
from gia.paths import areas_dir
from gia.reports.results import dumps_results
from gia.reports.scorecard_text import format_scorecard

if TYPE_CHECKING:
    from gia.method.catalogue import Catalogue

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="GIA Workbench: validate, score, assess and verify green industrial areas.",
)


def _print_version(value: bool) -> None:
    if value:
        import gia
        from gia.paths import default_catalogue_path

        typer.echo(
            f"gia {gia.__version__} (default catalogue "
            f"data/criteria/{default_catalogue_path().name})"
        )
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the software's version and exit.",
        ),
    ] = False,
) -> None:
    """GIA Workbench: validate, score, assess and verify green industrial areas."""


AreasArg = Annotated[
    list[str] | None,
    typer.Argument(help="Area folders, .xlsx workbooks, or ids of areas under data/areas/."),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Every example area under data/areas/.")]
LangOpt = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Language of the messages and the "
        "workbook or report: en, lv, pl, de, da (and every "
        "gia/locales/<code>.po).",
    ),
]


def _use_language(lang: str) -> str:
    """Set the language of every message of this command (exit 2 for an unknown one)."""
    from gia.messages import UnknownLanguageError, set_language

    try:
        return set_language(lang)
    except UnknownLanguageError as exc:
        typer.echo(f"error: --lang: {exc}", err=True)
        raise typer.Exit(2) from None


def catalogue_or_exit(path: Path | None) -> Catalogue:
    """Load a catalogue (None: the default), or print its problems and exit 1."""
    from gia.method.catalogue import CatalogueError, load_catalogue

    try:
        return load_catalogue(path)
    except CatalogueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def example_area_ids() -> list[str]:
    """Return the ids of the example areas (folders of data/areas/), sorted.

    A scenario a workshop saved beside them (an area.yaml with a top-level ``scenario:`` block,
    :mod:`gia.workshop.scenario`) is not an example area: ``--all`` leaves it out, and it is
    assessed by name.
    """
    return sorted(
        p.name
        for p in areas_dir().iterdir()
        if (p / "area.yaml").is_file() and not _is_scenario(p / "area.yaml")
    )


def _is_scenario(area_yaml: Path) -> bool:
    try:
        text = area_yaml.read_text("utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("scenario:") for line in text.splitlines())


def _areas(areas: list[str] | None, all_: bool) -> list[str]:
    chosen = list(areas or [])
    if all_:
        chosen += [a for a in example_area_ids() if a not in chosen]
    if not chosen:
        typer.echo("error: name at least one area, or use --all", err=True)
        raise typer.Exit(2)
    return chosen


@app.command("validate")
def validate_cmd(areas: AreasArg = None, all_: AllOpt = False, lang: LangOpt = "en") -> None:
    """Check areas' data and print every problem; exit 1 if any area has an error."""
    from gia.data.area import check_area

    _use_language(lang)
    failed = False
    for source in _areas(areas, all_):
        try:
            _, report = check_area(source)
        except FileNotFoundError as exc:
            typer.echo(f"error: {exc}", err=True)
            failed = True
            continue
        typer.echo(report.format())
        failed |= not report.ok
    raise typer.Exit(1 if failed else 0)


@app.command("score")
def score_cmd(
    areas: AreasArg = None,
    all_: AllOpt = False,
    json_: Annotated[bool, typer.Option("--json", help="The results document(s) as JSON.")] = False,
    catalogue: Annotated[
        Path | None, typer.Option(help="Criteria catalogue YAML (default: v1.1).")
    ] = None,
) -> None:
    """Compute every criterion in-process (no notebooks): a table, or results JSON."""
    from gia.method.assessment import score_areas

    cat = catalogue_or_exit(catalogue)
    chosen = _areas(areas, all_)
    outcome = score_areas(chosen, cat)
    for _source, report in outcome.failures:
        typer.echo(report, err=True)
    if json_:
        docs = [a.results() for a in outcome.assessments]
        typer.echo(dumps_results(docs[0] if len(chosen) == 1 and docs else docs), nl=False)
    else:
        for assessment in outcome.assessments:
            typer.echo(format_scorecard(assessment))
    raise typer.Exit(1 if outcome.failures else 0)


@app.command("assess")
def assess_cmd(
    areas: AreasArg = None,
    all_: AllOpt = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Report folder parent (default: reports/).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=1, help="Notebooks run at once (default: the number of cores)."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address: run on that cluster.")
    ] = None,
    catalogue: Annotated[Path | None, typer.Option(help="Criteria catalogue YAML.")] = None,
    timeout: Annotated[int, typer.Option(min=1, help="Per-cell timeout, seconds.")] = 300,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write report.pdf (headless Chromium).")
    ] = False,
    tenant_detail: Annotated[
        bool,
        typer.Option(
            "--tenant-detail/--no-tenant-detail",
            help="Include the per-tenant annex in report.html (leave it out when tenants' "
            "figures are confidential).",
        ),
    ] = True,
    isolated: Annotated[
        bool,
        typer.Option(
            "--isolated",
            help="A fresh kernel for every "
            "notebook (default: each worker keeps a warm "
            "kernel, reset between notebooks).",
        ),
    ] = False,
    lang: LangOpt = "en",
) -> None:
    """Run every notebook per area through Papermill and write a report folder per area."""
    from gia.reports.execution import AssessError
    from gia.reports.pdf import PdfError, require_chromium
    from gia.reports.planning import run_assessments

    lang = _use_language(lang)
    chosen = _areas(areas, all_)
    if pdf:
        try:
            require_chromium()
        except PdfError as exc:
            typer.echo(f"error: --pdf: {exc}", err=True)
            raise typer.Exit(1) from None
    try:
        outcome = run_assessments(
            chosen,
            out_dir=out,
            jobs=jobs,
            scheduler=scheduler,
            catalogue_path=catalogue,
            timeout=timeout,
            tenant_detail=tenant_detail,
            pdf=pdf,
            isolated=isolated,
            lang=lang,
        )
    except AssessError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    for area_id, path in outcome.written.items():
        typer.echo(message("cli.report_written", area=area_id, path=path))
    for source, reason in outcome.failed.items():
        typer.echo(
            f"{source}: FAILED, no report written (a previous one is kept): {reason}", err=True
        )
    raise typer.Exit(1 if outcome.failed else 0)


@app.command("pdf")
def pdf_cmd(
    report_dirs: Annotated[list[Path], typer.Argument(help="Report folders (with report.html).")],
) -> None:
    """Print each report folder's report.html to report.pdf with headless Chromium."""
    from gia.reports.pdf import PdfError, write_pdf

    failed = False
    for folder in report_dirs:
        try:
            typer.echo(f"wrote {write_pdf(folder)}")
        except PdfError as exc:
            typer.echo(f"error: {exc}", err=True)
            failed = True
    raise typer.Exit(1 if failed else 0)


@app.command("verify")
def verify_cmd(
    report_dir: Annotated[
        Path, typer.Argument(help="A report folder (results.json, manifest.json, notebooks/).")
    ],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=1, help="Notebooks run at once (default: the number of cores)."),
    ] = None,
    warm: Annotated[
        bool,
        typer.Option(
            "--warm",
            help="Re-execute in warm kernels, reset "
            "between notebooks (faster; default: a fresh kernel "
            "for every notebook).",
        ),
    ] = False,
    keep: Annotated[
        Path | None, typer.Option("--keep", help="A new folder to copy the re-executed report to.")
    ] = None,
) -> None:
    """Re-execute a published report and compare its results, criterion by criterion."""
    from gia.reports.execution import AssessError
    from gia.reports.verify import format_verification, verify

    try:
        outcome = verify(report_dir, jobs=jobs, isolated=not warm, keep=keep)
    except AssessError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(format_verification(outcome, report_dir))
    raise typer.Exit(0 if outcome.ok else 1)


@app.command("compare")
def compare_cmd(
    old: Annotated[Path, typer.Argument(help="The catalogue YAML to compare from.")],
    new: Annotated[Path, typer.Argument(help="The catalogue YAML to compare to.")],
    areas: AreasArg = None,
    all_: AllOpt = False,
) -> None:
    """Show what changed between two catalogue versions and how each area's level moves."""
    import pandas as pd

    from gia.method.catalogue import CatalogueError, load_catalogue
    from gia.method.compare import catalogue_changes, changelog, compare_levels

    try:
        cat_old, cat_new = load_catalogue(old), load_catalogue(new)
    except CatalogueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    changes = catalogue_changes(cat_old, cat_new)
    log = changelog(cat_new)
    if len(log):
        typer.echo(f"methodology changes of {cat_new.methodology_version} (reason and sources):")
        for c in log.itertuples(index=False):
            typer.echo(f"  {c.id} {c.title}\n      why: {c.reason}\n      sources: {c.sources}")
        typer.echo("")
    with pd.option_context("display.width", 250, "display.max_colwidth", 50):
        typer.echo(f"catalogue changes ({len(changes)}; why: the change of the changelog):")
        shown = changes.assign(**{c: changes[c].map(_short) for c in ("a", "b")})
        typer.echo(shown.to_string(index=False) if len(changes) else "  none")
        if areas or all_:
            moved = compare_levels(_areas(areas, all_), cat_old, cat_new)
            typer.echo("\nareas:")
            typer.echo(moved.to_string(index=False, float_format=lambda v: f"{v:.1f}"))


def _short(value: object, width: int = 48) -> str:
    """Return a catalogue value on one line, cut to ``width`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("docs")
def docs_cmd(
    catalogue: Annotated[Path, typer.Option(help="Criteria catalogue YAML to render.")],
    out: Annotated[Path, typer.Option("--out", help="The Markdown page to write.")],
    page: Annotated[
        str,
        typer.Option(
            help="criteria (the criteria reference) or changelog (the catalogue's changes)."
        ),
    ] = "criteria",
) -> None:
    """Write the standard's criteria reference (or changelog) generated from a catalogue."""
    from gia.paths import relative_to_root
    from gia.reports.standard_docs import render

    if page not in ("criteria", "changelog"):
        typer.echo(f"error: --page {page}: expected criteria or changelog", err=True)
        raise typer.Exit(2)
    cat = catalogue_or_exit(catalogue)
    text = render(cat, page, relative_to_root(catalogue), relative_to_root(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {out}")


@app.command("schema")
def schema_cmd(
    what: Annotated[
        str,
        typer.Argument(help="results (results.json) or catalogue (the criteria catalogue YAML)."),
    ],
    out: Annotated[Path, typer.Option("--out", help="The JSON Schema file to write.")],
) -> None:
    """Write the JSON Schema of results.json or of the criteria catalogue (``make docs``)."""
    from gia.reports.schemas import SCHEMAS, schema_text

    if what not in SCHEMAS:
        typer.echo(f"error: {what}: expected one of {', '.join(SCHEMAS)}", err=True)
        raise typer.Exit(2)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(schema_text(what), encoding="utf-8")
    typer.echo(f"wrote {out}")


@app.command("template")
def template_cmd(
    file: Annotated[Path, typer.Argument(help="The .xlsx workbook to write.")],
    area: Annotated[
        str | None,
        typer.Option("--area", help="Fill it with this area (folder, workbook or example id)."),
    ] = None,
    lang: LangOpt = "en",
) -> None:
    """Write the data-collection workbook (empty, or with an area's data)."""
    from gia.data.excel import write_template
    from gia.data.problems import AreaValidationError

    _use_language(lang)
    if file.suffix.lower() != ".xlsx":
        typer.echo(f"error: {file}: the workbook must be an .xlsx file", err=True)
        raise typer.Exit(2)
    source = None
    if area is not None:
        from gia.data.area import resolve_source

        try:
            source = resolve_source(area)
        except FileNotFoundError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    try:
        write_template(file, source)
    except AreaValidationError as exc:
        typer.echo(exc.report.format())
        raise typer.Exit(1) from None
    typer.echo(message("cli.wrote", path=file))


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="The filled-in .xlsx workbook.")],
    directory: Annotated[Path, typer.Argument(help="Folder in which <area-id>/ is written.")],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing, non-empty area folder.")
    ] = False,
    lang: LangOpt = "en",
) -> None:
    """Validate a workbook and write it as an area folder DIR/<area-id>/."""
    from gia.data.excel import import_workbook
    from gia.data.problems import AreaValidationError

    _use_language(lang)
    if file.suffix.lower() != ".xlsx" or not file.is_file():
        typer.echo(f"error: {file}: no such .xlsx workbook", err=True)
        raise typer.Exit(2)
    try:
        target = import_workbook(file, directory, overwrite=overwrite)
    except AreaValidationError as exc:
        typer.echo(exc.report.format())
        raise typer.Exit(1) from None
    except FileExistsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(
            f"error: cannot write the area under {directory}: {exc.strerror or exc}", err=True
        )
        raise typer.Exit(1) from None
    typer.echo(message("cli.wrote", path=target))


PvYieldOpt = Annotated[
    float | None,
    typer.Option(
        "--pv-yield", min=0.0, help="PV specific yield, MWh per MWp (default: the area's own PV)."
    ),
]
WindHoursOpt = Annotated[
    float | None,
    typer.Option(
        "--wind-hours", min=0.0, help="Wind full-load hours (default: the area's own wind)."
    ),
]
CopOpt = Annotated[
    float | None,
    typer.Option(
        "--cop", min=1.0, help="Heat pumps' COP (no default: without it no heat-pump lever)."
    ),
]
ExchangeOpt = Annotated[
    str | None,
    typer.Option(
        "--exchange",
        help="Waste-heat exchange SUPPLIER:RECEIVER (tenant ids; default: the "
        "tenant with the most unrecovered waste heat and the largest other gas user).",
    ),
]


def _lever_settings(
    area: object,
    pv_yield: float | None,
    wind_hours: float | None,
    cop: float | None,
    exchange: str | None,
) -> object:
    from gia.workshop.whatif import default_settings

    supplier = receiver = None
    if exchange:
        supplier, sep, receiver = exchange.partition(":")
        tenants = set(area.table("tenants")["tenant_id"].astype(str))
        bad = [t for t in (supplier, receiver) if t not in tenants]
        if not sep or bad or supplier == receiver:
            typer.echo(
                f"error: --exchange {exchange!r}: expected SUPPLIER:RECEIVER, two "
                f"different tenant ids of {area.id} ({', '.join(sorted(tenants))})",
                err=True,
            )
            raise typer.Exit(2)
    return default_settings(
        area,
        pv_yield_mwh_per_mwp=pv_yield,
        wind_full_load_hours=wind_hours,
        heat_pump_cop=cop,
        exchange_supplier=supplier,
        exchange_receiver=receiver,
    )


@app.command("next-level")
def next_level_cmd(
    areas: AreasArg = None,
    all_: AllOpt = False,
    catalogue: Annotated[
        Path | None, typer.Option(help="Criteria catalogue YAML (default: v1.1).")
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="The search as JSON.")] = False,
    pv_yield: PvYieldOpt = None,
    wind_hours: WindHoursOpt = None,
    cop: CopOpt = None,
    exchange: ExchangeOpt = None,
) -> None:
    """The smallest change of each lever that lifts an area to its next level; else of two."""
    import json

    from gia.data.area import check_area
    from gia.workshop.nextlevel import cheapest_next_level, format_search, search_dict

    cat = catalogue_or_exit(catalogue)
    found, failed = [], False
    for source in _areas(areas, all_):
        area, report = check_area(source, catalogue=cat)
        if area is None:
            typer.echo(report.format(), err=True)
            failed = True
            continue
        settings = _lever_settings(area, pv_yield, wind_hours, cop, exchange)
        search = cheapest_next_level(area, cat, settings)
        found.append(search_dict(search))
        if not json_:
            typer.echo(format_search(search, cat))
    if json_:
        typer.echo(json.dumps(found[0] if len(found) == 1 else found, indent=2, ensure_ascii=False))
    raise typer.Exit(1 if failed else 0)


def _lever_values(pairs: list[str]) -> dict[str, float]:
    values, bad = {}, []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        try:
            values[key.strip()] = float(value)
        except ValueError:
            bad.append(pair)
        if not sep:
            bad.append(pair)
    if bad:
        typer.echo(
            f"error: --set {', '.join(dict.fromkeys(bad))}: expected LEVER=NUMBER, "
            "e.g. --set pv_mwp=5 --set ppa_pct=40",
            err=True,
        )
        raise typer.Exit(2)
    return values


@app.command("scenario")
def scenario_cmd(
    area: Annotated[str, typer.Argument(help="The base area: folder, .xlsx or example id.")],
    name: Annotated[str, typer.Argument(help="The scenario's name.")],
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="A lever's value, LEVER=NUMBER (repeat): pv_mwp, wind_mw, ppa_pct, "
            "go_pct, heat_pump_pct, waste_heat_mwh, ev_pct:<class>, waste_recovery_pct, "
            "charging_points, green_floor_m2.",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="The folder (default data/areas/<area>-scenario-<name>/).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing scenario folder.")] = False,
    catalogue: Annotated[
        Path | None, typer.Option(help="Criteria catalogue YAML (default: v1.1).")
    ] = None,
    pv_yield: PvYieldOpt = None,
    wind_hours: WindHoursOpt = None,
    cop: CopOpt = None,
    exchange: ExchangeOpt = None,
) -> None:
    """Save a what-if scenario as an area folder (not measured data) for gia assess."""
    from gia.data.area import check_area
    from gia.workshop.scenario import save_scenario

    cat = catalogue_or_exit(catalogue)
    base, report = check_area(area, catalogue=cat)
    if base is None:
        typer.echo(report.format(), err=True)
        raise typer.Exit(1)
    values = _lever_values(list(set_ or []))
    settings = _lever_settings(base, pv_yield, wind_hours, cop, exchange)
    try:
        folder = save_scenario(base, cat, settings, values, name, out=out, force=force)
    except (KeyError, ValueError, FileExistsError) as exc:
        typer.echo(f"error: {exc.args[0] if exc.args else exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {folder} (assess it: gia assess {folder})")


from gia.experts.cli_methodology import register as _register_methodology  # noqa: E402

_register_methodology(app)


def _terminate(signum: int, _frame: object) -> None:
    """On SIGTERM, unwind like Ctrl-C: temporary folders are removed, workers stopped."""
    raise KeyboardInterrupt


def main() -> None:
    """Entry point of the console script: every failure is one line, never a traceback.

    Set ``GIA_DEBUG=1`` to see the traceback of an unexpected error.
    """
    import os
    import signal

    from gia.data.problems import printable

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted: no report was written for the areas not finished", err=True)
        sys.exit(130)
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        typer.echo(f"error: {printable(where)}{exc.strerror or exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("GIA_DEBUG"):
            raise
        typer.echo(
            f"error: {type(exc).__name__}: {printable(str(exc))} (an unexpected "
            "error: set GIA_DEBUG=1 to see where it happened, and please report it)",
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
