"""The methodology experts' commands: ``gia synth``, ``gia sensitivity``, ``gia lineage``.

Registered on the ``gia`` app by :func:`register`; thin, they parse arguments and call
:mod:`gia.experts.synth`, :mod:`gia.experts.sensitivity` and :mod:`gia.method.lineage`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from gia.reports.formatting import format_value


def register(app: typer.Typer) -> None:
    """Add the commands to the ``gia`` app."""
    app.command("synth")(synth_cmd)
    app.command("sensitivity")(sensitivity_cmd)
    app.command("lineage")(lineage_cmd)


def synth_cmd(
    n: Annotated[int, typer.Argument(help="How many synthetic areas.")],
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same areas.")] = 1,
    out: Annotated[Path, typer.Option(help="Folder to write the area folders into.")] = Path(
        "synthetic-areas"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it is not empty.")] = False,
) -> None:
    """Write N synthetic areas drawn around the example areas (for calibration only)."""
    from gia.experts.synth import SynthError, synthesize

    try:
        paths = synthesize(n, seed, out, force=force)
    except SynthError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"wrote {len(paths)} synthetic area{'' if len(paths) == 1 else 's'} to {out} (seed {seed})"
    )


def _sources(areas: list[str]) -> list[Path | str]:
    """Expand a folder of area folders into its areas; keep areas, workbooks and ids."""
    from gia.experts.population import area_folders

    chosen: list[Path | str] = []
    for source in areas:
        path = Path(source)
        if path.is_dir() and not (path / "area.yaml").is_file():
            chosen += area_folders(path)
        else:
            chosen.append(source)
    return chosen


def _steps(text: str) -> list[float]:
    try:
        steps = [float(s) for s in text.split(",") if s.strip()]
    except ValueError:
        typer.echo(
            f"error: --steps {text!r}: expected percentages separated by commas, "
            "e.g. -25,-10,10,25",
            err=True,
        )
        raise typer.Exit(2) from None
    if not steps or any(s <= -100 for s in steps):
        typer.echo(f"error: --steps {text!r}: give at least one step above -100", err=True)
        raise typer.Exit(2)
    return sorted(steps)


def sensitivity_cmd(
    areas: Annotated[
        list[str],
        typer.Argument(
            help="Area folders, ids, or folders of area folders (e.g. the output of gia synth)."
        ),
    ],
    catalogue: Annotated[
        Path | None, typer.Option(help="Criteria catalogue YAML (default: v1.1).")
    ] = None,
    steps: Annotated[
        str, typer.Option(help="Relative steps in %, comma-separated.")
    ] = "-25,-10,10,25",
    top: Annotated[int, typer.Option(help="Rows of the table shown.")] = 20,
    csv: Annotated[
        Path | None, typer.Option(help="Write every lever and step to this CSV file.")
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing CSV.")
    ] = False,
) -> None:
    """How many areas change level when each threshold, theme weight or level band moves."""
    from gia.data.problems import AreaValidationError
    from gia.experts.population import load_population
    from gia.experts.sensitivity import alternatives, impact, sweep
    from gia.method.catalogue import CatalogueError, load_catalogue

    if csv is not None and csv.exists() and not overwrite:
        typer.echo(f"error: {csv} exists: give --overwrite to replace it", err=True)
        raise typer.Exit(2)
    try:
        cat = load_catalogue(catalogue)
        started = time.perf_counter()
        pop = load_population(_sources(areas), cat)
    except (CatalogueError, AreaValidationError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    scored = time.perf_counter()
    table = sweep(pop, _steps(steps))
    swept = time.perf_counter()
    ranked = impact(table)
    alts = alternatives(pop)
    done = time.perf_counter()
    typer.echo(
        f"{len(pop.areas)} areas under {cat.title}; {len(table)} re-levellings "
        f"({len(ranked)} levers × {len(table) // max(len(ranked), 1)} steps)"
    )
    typer.echo(
        f"time: loading and scoring {scored - started:.1f} s, sweep "
        f"{swept - scored:.2f} s, alternatives {done - swept:.1f} s"
    )
    typer.echo("\nareas changing level, most sensitive first:")
    typer.echo(_text(ranked.head(top).drop(columns=["label"])))
    if len(alts):
        typer.echo("\nnamed alternatives of the catalogue:")
        typer.echo(_text(alts.drop(columns=["title"])))
    if csv is not None:
        table.to_csv(csv, index=False)
        typer.echo(f"\nwrote {csv}")


def _text(frame) -> str:  # noqa: ANN001 - a DataFrame
    """Return a table as plain text, numbers through the one formatter."""
    shown = frame.copy()
    for column in shown.columns:
        unit = (
            "%"
            if str(column).endswith("_pct")
            else ("count" if shown[column].dtype.kind in "iu" else None)
        )
        shown[column] = [format_value(v, unit) for v in shown[column]]
    return shown.to_string(index=False)


def lineage_cmd(
    area: Annotated[str, typer.Argument(help="Area folder, workbook, or id under data/areas/.")],
    row: Annotated[
        str,
        typer.Option(
            help="FILE:ROW, the row as the spreadsheet counts it (header = row 1), "
            "e.g. energy.csv:12."
        ),
    ],
    catalogue: Annotated[
        Path | None, typer.Option(help="Criteria catalogue YAML (default: v1.1).")
    ] = None,
) -> None:
    """List every criterion and indicator that one input row feeds."""
    from gia.data.area import load_area
    from gia.data.problems import AreaValidationError
    from gia.method.catalogue import CatalogueError, load_catalogue
    from gia.method.lineage import LineageError, parse_row, row_feeds, same_flow_rows

    try:
        cat = load_catalogue(catalogue)
        table, number = parse_row(row)
        loaded = load_area(area, catalogue=cat)
        feeds = row_feeds(loaded, table, number, cat)
        same = {
            n: row_feeds(loaded, "waste_heat", n, cat)
            for n in same_flow_rows(loaded, table, number)
        }
    except (CatalogueError, AreaValidationError, FileNotFoundError, LineageError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"{table}.csv row {number} of {area} feeds {len(feeds)} result(s) under {cat.title}:"
    )
    for item in feeds:
        typer.echo(f"  {item.id:<6} {item.title}: {item.how}")
    if not feeds:
        typer.echo("  none: no criterion or indicator reads this row")
    for n, fed in same.items():
        typer.echo(
            f"the same heat, as its supplier reports it recovered (waste_heat.csv row "
            f"{n}), feeds: {', '.join(f.id for f in fed) or 'nothing'}"
        )
