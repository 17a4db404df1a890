"""Per-area planning and finishing behind ``gia assess``: every notebook, into a report folder.

Parameters are checked against the notebook's ``parameters`` cell before anything runs
(:func:`plan_area`). The notebooks run through :mod:`gia.reports.execution`. The report is
built in a temporary folder beside its destination and moved into place only when complete
(:func:`finish_area`): if a notebook fails, the previous report stays and the error names the
notebook, the cell and the exception.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gia.paths import project_root, relative_to_root
from gia.reports.execution import (
    CELL_TIMEOUT,
    ISOLATED,
    KERNEL_NAME,
    WARM,
    AssessError,
    Executor,
    NotebookTask,
    TaskOutcome,
    ensure_kernel,
    execute_tasks,
    kernel_installed,
)

if TYPE_CHECKING:
    from gia.data.area import Area
    from gia.method.catalogue import Catalogue

SECTIONS = ".sections"
"""Folder of the report sections the workers render (removed before the report is moved)."""


def notebook_templates(catalogue_criteria: Iterable[str]) -> list[Path]:
    """Return the project-relative notebooks of an assessment, in report order.

    The inventory and prerequisites notebook, one notebook per criterion (catalogue order),
    then the summary.
    """
    root = project_root()
    paths = [Path("notebooks/inventory.ipynb")]
    paths += [Path("notebooks/criteria") / f"{cid}.ipynb" for cid in catalogue_criteria]
    paths.append(Path("notebooks/summary.ipynb"))
    missing = [p.as_posix() for p in paths if not (root / p).is_file()]
    if missing:
        raise AssessError(f"notebook(s) missing: {', '.join(missing)}")
    return paths


def check_parameters(template: Path, parameters: dict[str, Any]) -> None:
    """Check parameters against the notebook's parameters cell (Papermill only warns).

    Raises
    ------
    AssessError
        For a name the notebook does not declare, or a value that is not a plain string or
        None (papermill writes values as Python literals; nothing else may reach the code).
    """
    path = project_root() / template
    info = path.stat()
    declared = _declared_parameters(str(path), info.st_mtime_ns, info.st_size)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise AssessError(
            f"{template.as_posix()}: unknown parameter(s) {', '.join(unknown)}; the notebook "
            f"declares {', '.join(sorted(declared))}"
        )
    for name, value in parameters.items():
        if value is not None and not isinstance(value, str):
            raise AssessError(
                f"{template.as_posix()}: parameter {name} must be text, not {type(value).__name__}"
            )
        if isinstance(value, str) and any(ch in value for ch in "\n\r\0"):
            raise AssessError(f"{template.as_posix()}: parameter {name} holds a line break")


@functools.lru_cache(maxsize=256)
def _declared_parameters(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """Return the names a notebook's parameters cell declares (once per version of the file)."""
    import papermill as pm

    return tuple(pm.inspect_notebook(path))


@dataclass
class AreaRun:
    """The notebooks of one area and where its report goes."""

    area_id: str
    area_param: str
    destination: Path
    workdir: Path
    tasks: list[NotebookTask] = field(default_factory=list)
    outcomes: list[TaskOutcome] = field(default_factory=list)
    started: str = ""
    git: dict[str, Any] = field(default_factory=dict)


def area_parameter(area: Area) -> str:
    """Return the ``area`` parameter: the area's source, relative to the project root."""
    return relative_to_root(Path(area.source))


def plan_area(
    area: Area,
    catalogue: Catalogue,
    out_dir: Path,
    *,
    timeout: int = CELL_TIMEOUT,
    kernel: str = KERNEL_NAME,
    inputs: list[Path] | None = None,
    lang: str = "en",
) -> AreaRun:
    """Plan the notebooks of one area into a fresh temporary folder beside its destination.

    The parameters are checked and the destination ``out_dir/<area-id>`` is checked
    (:func:`gia.reports.destination.check_destination`, against ``inputs``: every source of the run)
    before anything is created.

    Raises
    ------
    AssessError
        For a parameter the notebooks do not take, or a destination that may not be written.
    """
    from gia.reports.destination import DestinationError, check_destination, make_workdir

    destination = out_dir / area.id
    # the catalogue is always named, never left to the default: a report must say under which
    # methodology it was computed, whatever the default is when it is verified
    cat_param = relative_to_root(Path(catalogue.path)) if catalogue.path is not None else None
    params = {"area": area_parameter(area), "catalogue": cat_param}
    if lang != "en":  # English is the notebooks' default: English reports keep their manifest
        params["lang"] = lang
    templates = notebook_templates(catalogue.criterion_ids)
    for template in templates:
        check_parameters(template, params)
    try:
        check_destination(destination, area.id, inputs or [Path(area.source)])
        out_dir.mkdir(parents=True, exist_ok=True)
        workdir = make_workdir(out_dir, area.id)
    except DestinationError as exc:
        raise AssessError(str(exc)) from None
    except OSError as exc:
        raise AssessError(
            f"cannot write the report under {out_dir}: {exc.strerror or exc}"
        ) from None
    (workdir / "notebooks").mkdir()
    run = AreaRun(area.id, params["area"], destination, workdir)
    (workdir / SECTIONS).mkdir()
    for template in templates:
        output = workdir / "notebooks" / template.name
        section = workdir / SECTIONS / f"{template.stem}.json"
        run.tasks.append(
            NotebookTask(
                template.as_posix(),
                str(output),
                dict(params),
                kernel,
                timeout,
                str(section),
                str(project_root()),
            )
        )
    return run


def now() -> str:
    """Return the current UTC time (ISO 8601): times live in the manifest only."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def finish_area(
    run: AreaRun,
    area: Area,
    catalogue: Catalogue,
    finished: str,
    *,
    tenant_detail: bool = True,
    pdf: bool = False,
) -> Path:
    """Build results.json, report.html and manifest.json, then move the report into place.

    The manifest is written last: it holds the sha256 of every other file of the report (the
    report states the run's start and git state, never the manifest's). ``tenant_detail=False``
    leaves the per-tenant annex out of report.html; ``pdf`` also prints it to report.pdf
    (headless Chromium; not in the manifest, as verify re-creates only the other files).
    """
    from gia.messages import language
    from gia.method.assessment import assess
    from gia.reports.destination import check_destination, move_into_place
    from gia.reports.manifest import build_manifest
    from gia.reports.report import write_report
    from gia.reports.reportfolder import collect_lineage, collect_results
    from gia.reports.results import write_json, write_results

    # the workers sanitized each executed notebook (execute_task)
    results = collect_results(run.workdir / "notebooks", catalogue)
    write_results(results, run.workdir / "results.json")
    write_json(collect_lineage(run.workdir / "notebooks", catalogue), run.workdir / "lineage.json")
    lang = run.tasks[0].parameters.get("lang", "en") if run.tasks else "en"
    with language(lang):  # the report's language is its notebooks'
        write_report(
            run.workdir,
            [Path(t.output).name for t in run.tasks],
            catalogue,
            assess(area, catalogue),
            sections=run.workdir / SECTIONS,
            tenant_detail=tenant_detail,
            run={"started": run.started, "git": run.git},
        )
    shutil.rmtree(run.workdir / SECTIONS, ignore_errors=True)
    manifest = build_manifest(area, catalogue, run, finished, tenant_detail=tenant_detail)
    write_json(manifest, run.workdir / "manifest.json")
    if pdf:
        from gia.reports.pdf import write_pdf

        write_pdf(run.workdir)
    # the destination may have changed while the notebooks ran: check it again
    check_destination(run.destination, area.id, [Path(area.source)])
    return move_into_place(run.workdir, run.destination)


def discard(run: AreaRun) -> None:
    """Remove a failed run's temporary folder (the previous report stays)."""
    shutil.rmtree(run.workdir, ignore_errors=True)


@dataclass
class AssessOutcome:
    """Reports written and areas that failed (with the reason)."""

    written: dict[str, Path] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def _plan_runs(
    sources: Iterable[str | Path],
    catalogue: Catalogue,
    out_dir: Path,
    outcome: AssessOutcome,
    *,
    timeout: int,
    kernel: str,
    lang: str = "en",
) -> tuple[dict[str, Any], list[AreaRun]]:
    """Load and plan every area; a source that fails is noted in ``outcome.failed``."""
    from gia.data.area import load_area
    from gia.data.problems import AreaValidationError

    areas: dict[str, Any] = {}
    for source in sources:
        try:
            area = load_area(source, catalogue=catalogue)
        except (AreaValidationError, FileNotFoundError) as exc:
            outcome.failed[str(source)] = str(exc)
            continue
        first = areas.get(area.id)
        if first is not None:
            if Path(first.source).resolve() != Path(area.source).resolve():
                outcome.failed[str(source)] = (
                    f"area id '{area.id}' was already given by {first.source}: two areas "
                    "with one id would write one report; rename one of them"
                )
            continue
        areas[area.id] = area
    if not areas:
        return areas, []
    inputs = [Path(a.source) for a in areas.values()]
    planned: dict[str, Any] = {}
    for area in areas.values():
        try:
            planned[area.id] = plan_area(
                area, catalogue, out_dir, timeout=timeout, kernel=kernel, inputs=inputs, lang=lang
            )
        except AssessError as exc:
            outcome.failed[area.id] = str(exc)
    return areas, list(planned.values())


def _execute_runs(runs: list[AreaRun], executor: Executor, progress: bool) -> None:
    """Execute every notebook of every run; each run collects its notebooks' outcomes."""
    with executor:
        from gia.reports.manifest import git_state

        state = git_state()  # once, before any report is written
        for run in runs:
            run.started = now()
            run.git = state
        by_output = {t.output: run for run in runs for t in run.tasks}
        tasks = [t for run in runs for t in run.tasks]
        for result in execute_tasks(tasks, executor=executor, progress=progress):
            by_output[result.task.output].outcomes.append(result)


def _finish_run(
    run: AreaRun,
    area: Area,
    catalogue: Catalogue,
    outcome: AssessOutcome,
    *,
    tenant_detail: bool,
    pdf: bool,
) -> None:
    """Write a run's report folder, or record why it failed (its temporary folder removed)."""
    errors = [o.error for o in run.outcomes if o.error]
    if errors:
        discard(run)
        outcome.failed[run.area_id] = "; ".join(sorted(errors))
        return
    try:
        outcome.written[run.area_id] = finish_area(
            run, area, catalogue, now(), tenant_detail=tenant_detail, pdf=pdf
        )
    except Exception as exc:
        discard(run)
        outcome.failed[run.area_id] = f"building the report failed: {exc}"


def run_assessments(
    sources: Iterable[str | Path],
    *,
    out_dir: Path | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    catalogue_path: Path | None = None,
    timeout: int = CELL_TIMEOUT,
    progress: bool = True,
    kernel: str = KERNEL_NAME,
    tenant_detail: bool = True,
    pdf: bool = False,
    isolated: bool = False,
    lang: str = "en",
) -> AssessOutcome:
    """Assess areas through their notebooks and write a report folder per valid area.

    Parameters
    ----------
    sources : iterable of str or Path
        Area ids, folders or workbooks.
    out_dir : Path, optional
        Where report folders go (default: ``reports/`` of the project).
    jobs : int, optional
        Notebooks executed at once (default: the number of cores).
    scheduler : str, optional
        Dask scheduler address: run the notebooks on that cluster instead.
    catalogue_path : Path, optional
        Criteria catalogue (default: v1.1).
    timeout : int
        Per-cell timeout, seconds.
    progress : bool
        Show a progress bar on stderr.
    kernel : str
        Jupyter kernel name.
    tenant_detail : bool
        Include the per-tenant annex in report.html (``--no-tenant-detail`` leaves it out).
    pdf : bool
        Also write report.pdf with headless Chromium.
    isolated : bool
        Run every notebook in a fresh kernel of its own instead of each worker's warm kernel.
    lang : str
        Language of the report (the notebooks' ``lang`` parameter and report.html's labels).

    Returns
    -------
    AssessOutcome
    """
    from gia.method.catalogue import load_catalogue
    from gia.reports.destination import clean_stale

    catalogue = load_catalogue(catalogue_path)
    out_dir = Path(out_dir) if out_dir is not None else project_root() / "reports"
    if out_dir.exists() and not out_dir.is_dir():
        raise AssessError(f"--out {out_dir}: exists and is not a folder")
    clean_stale(out_dir)  # the temporary folders of runs that were killed
    outcome = AssessOutcome()
    executor = Executor(jobs, scheduler, ISOLATED if isolated else WARM, kernel)
    if not scheduler and kernel_installed(kernel):
        executor.start()  # the workers start their kernels while the areas are read and checked
    try:
        areas, runs = _plan_runs(
            sources, catalogue, out_dir, outcome, timeout=timeout, kernel=kernel, lang=lang
        )
    except BaseException:
        executor.discard()
        raise
    if not runs:
        executor.discard()
        return outcome
    ensure_kernel(kernel)
    try:
        _execute_runs(runs, executor, progress)
        for run in runs:
            _finish_run(
                run, areas[run.area_id], catalogue, outcome, tenant_detail=tenant_detail, pdf=pdf
            )
    finally:
        for run in runs:
            if run.workdir.exists() and run.area_id not in outcome.written:
                discard(run)
    return outcome
