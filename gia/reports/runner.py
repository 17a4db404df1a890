"""Papermill orchestration behind ``gia assess``: every notebook, per area, into a report folder.

Notebooks run on a pool of reused worker processes (no Python start-up per notebook), up to
``jobs`` at a time, or on a Dask cluster (``scheduler``), in the registered kernel
:data:`KERNEL_NAME` (passed explicitly). By default each worker keeps one warm kernel and puts it
back between notebooks (papermill engine ``gia-warm``, :mod:`gia.reports.engine`); ``isolated`` runs each
notebook in a fresh kernel of its own (papermill's own engine), as ``gia verify`` does.
Parameters are checked against the notebook's ``parameters`` cell before anything runs. The
report is built in a temporary folder beside its destination and moved into place only when
complete: if a notebook fails, the previous report stays and the error names the notebook, the
cell and the exception.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gia.paths import project_root, relative_to_root

KERNEL_NAME = "gia"
"""Name of the Jupyter kernel the notebooks run in (installed by ``make``)."""

CELL_TIMEOUT = 300
"""Default per-cell timeout, seconds."""

WARM = "warm"
"""Engine choice: one kept kernel per worker, put back between notebooks (:mod:`gia.reports.engine`)."""

ISOLATED = "isolated"
"""Engine choice: a fresh kernel for every notebook (papermill's ``nbclient`` engine)."""

ENGINES = {WARM: "gia-warm", ISOLATED: "nbclient"}
"""Papermill engine name of each choice."""

SECTIONS = ".sections"
"""Folder of the report sections the workers render (removed before the report is moved)."""


class AssessError(RuntimeError):
    """An assessment could not be completed (a notebook failed, a parameter is wrong)."""


@dataclass(frozen=True)
class NotebookTask:
    """One notebook to execute for one area.

    Parameters
    ----------
    template : str
        Project-relative path of the source notebook.
    output : str
        Absolute path of the executed notebook.
    parameters : dict
        Parameters injected by Papermill.
    kernel : str
        Kernel name.
    timeout : int
        Per-cell timeout, seconds.
    section : str, optional
        Where the worker writes the notebook's report section (HTML), right after executing
        it, so that the report is assembled, not rendered, at the end.
    root : str, optional
        Project root the template is relative to and the kernel's working folder (default:
        the worker's own): a Dask worker runs the notebooks the client planned.
    """

    template: str
    output: str
    parameters: dict[str, Any]
    kernel: str = KERNEL_NAME
    timeout: int = CELL_TIMEOUT
    section: str | None = None
    root: str | None = None


@dataclass
class TaskOutcome:
    """What became of a task: None error means success."""

    task: NotebookTask
    error: str | None = None


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


# ---------------------------------------------------------------------------- parameters


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
            raise AssessError(f"{template.as_posix()}: parameter {name} must be text, not "
                              f"{type(value).__name__}")
        if isinstance(value, str) and any(ch in value for ch in "\n\r\0"):
            raise AssessError(f"{template.as_posix()}: parameter {name} holds a line break")


@functools.lru_cache(maxsize=256)
def _declared_parameters(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """Return the names a notebook's parameters cell declares (once per version of the file)."""
    import papermill as pm

    return tuple(pm.inspect_notebook(path))


# ---------------------------------------------------------------------------- execution


KERNEL_OPTIONS: dict[str, Any] = {
    # outputs are complete when the last cell ends: stop the kernel at once, no grace period
    "shutdown_kernel": "immediate",
    # kernels run side by side: no shared IPython history database to lock
    "extra_arguments": ["--HistoryManager.enabled=False"],
}
"""Options of the notebook client for every kernel the runner starts."""


def kernel_log_path(output: str | Path) -> Path:
    """Return where a notebook's kernel process writes its own stderr (not cell output)."""
    output = Path(output)
    return output.with_name(f".{output.stem}.kernel.log")


def _quiet_kernel_manager(log: Path | None = None) -> type:
    """Return a kernel manager over IPC whose process stderr goes to ``log``.

    Cell output (warnings included) reaches the notebook through the kernel's messages; what
    the kernel process itself prints (the transport warning, shutdown notices) stays out of the
    user's terminal and is quoted in the error when a kernel fails.
    """
    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            runtime = kernel_runtime_dir()
            self.connection_file = str(runtime / f"kernel-{os.getpid()}-{id(self):x}.json")
            self.ip = str(runtime / f"ipc-{os.getpid()}-{id(self):x}")

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            if log is not None:
                kw["stderr"] = open(log, "ab")  # noqa: SIM115 - owned by the kernel process
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return QuietKernelManager


def kernel_runtime_dir() -> Path:
    """Return the folder for the kernels' connection files and IPC sockets.

    ``/tmp/gia-kernels-<uid>`` when it is a real folder owned by this user and closed to others
    (made so if it is new); otherwise, as another user could have placed it, a fresh private
    folder of its own.
    """
    runtime = Path(tempfile.gettempdir()) / f"gia-kernels-{os.getuid()}"
    try:
        runtime.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(runtime)
    except OSError:
        return Path(tempfile.mkdtemp(prefix="gia-kernels-"))
    import stat

    if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
            or info.st_mode & 0o077):
        return Path(tempfile.mkdtemp(prefix="gia-kernels-"))
    return runtime


def warm_kernel_log() -> Path:
    """Return where this worker's warm kernels write their own stderr (removed at exit)."""
    global _WARM_LOG
    if _WARM_LOG is None or _WARM_LOG.name != f"warm-{os.getpid()}.log":
        import multiprocessing.util

        _WARM_LOG = kernel_runtime_dir() / f"warm-{os.getpid()}.log"
        log = _WARM_LOG
        multiprocessing.util.Finalize(None, log.unlink, kwargs={"missing_ok": True},
                                      exitpriority=5)
    return _WARM_LOG


_WARM_LOG: Path | None = None


def _engine_options(engine: str, log: Path, generation: str | None) -> dict[str, Any]:
    """Return papermill's engine keyword arguments for ``engine`` (:data:`WARM`, ...)."""
    if engine not in ENGINES:
        raise AssessError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    options: dict[str, Any] = {"engine_name": ENGINES[engine],
                               "kernel_manager_class": _quiet_kernel_manager(log),
                               **KERNEL_OPTIONS}
    if engine == WARM:
        options["generation"] = generation
    return options


def execute_task(task: NotebookTask, engine: str = ISOLATED,
                 generation: str | None = None) -> TaskOutcome:
    """Execute one notebook with Papermill (runs in a pool or Dask worker).

    Parameters
    ----------
    task : NotebookTask
        The notebook, its parameters and where its outputs go.
    engine : str
        :data:`ISOLATED` (a fresh kernel) or :data:`WARM` (this worker's kept kernel).
    generation : str, optional
        The run's token: a warm kernel serves only the run that started it.
    """
    import papermill as pm

    root = Path(task.root) if task.root else project_root()
    log = warm_kernel_log() if engine == WARM else kernel_log_path(task.output)
    try:
        pm.execute_notebook(
            str(root / task.template),
            task.output,
            parameters=task.parameters,
            kernel_name=task.kernel,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,  # written once, when it ends
            cwd=str(root),
            execution_timeout=task.timeout,
            **_engine_options(engine, log, generation),
        )
    except pm.PapermillExecutionError as exc:
        # the executed notebook has the injected-parameters cell after the parameters cell:
        # name the cell as the template counts it, from 1, with its first line
        cell = exc.cell_index + 1 - (1 if exc.cell_index > _parameters_index(task, root)
                                     else 0)
        first_line = (exc.source or "").strip().splitlines()[:1]
        shown = f" `{first_line[0][:80]}`" if first_line else ""
        return TaskOutcome(task, f"{task.template} failed in cell {cell}{shown}: "
                                 f"{exc.ename}: {exc.evalue}")
    except Exception as exc:  # kernel death, timeout, missing kernel: all named
        said = log.read_text("utf-8", errors="replace").strip()[-800:] if log.is_file() else ""
        return TaskOutcome(task, f"{task.template} failed: {type(exc).__name__}: {exc}"
                                 + (f" (the kernel said: {said})" if said else ""))
    finally:
        if engine != WARM:  # a warm kernel keeps writing to its log
            log.unlink(missing_ok=True)
    try:
        _post_process(task)
    except Exception as exc:
        return TaskOutcome(task, f"{task.template}: its report section failed: "
                                 f"{type(exc).__name__}: {exc}")
    return TaskOutcome(task)


def _post_process(task: NotebookTask) -> None:
    """Make the executed notebook reproducible and render its report section (in the worker)."""
    import nbformat

    from gia.reports.reportfolder import sanitize_notebook
    from gia.reports.sections import render_section

    nb = sanitize_notebook(nbformat.read(task.output, as_version=4))
    nbformat.write(nb, task.output)
    if task.section:
        Path(task.section).write_text(render_section(nb, Path(task.output).stem),
                                      encoding="utf-8")


def _parameters_index(task: NotebookTask, root: Path) -> int:
    import nbformat

    nb = nbformat.read(root / task.template, as_version=4)
    for index, cell in enumerate(nb.cells):
        if "parameters" in cell.metadata.get("tags", []):
            return index
    return -1


def _watch(pid: int) -> None:
    """End this worker when the process that started the pool (``gia``) is gone.

    A killed ``gia assess`` cannot stop its pool: the workers are children of the forkserver,
    which lives as long as they do. Each worker checks every second that ``gia`` still runs and
    exits when it does not; the kernel it started ends with it (ipykernel polls its parent).
    """
    import threading

    from gia.reports.destination import process_start

    started = process_start(pid)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pragma: no cover - another user's pid now
                os._exit(1)
            if started is not None and process_start(pid) != started:
                os._exit(1)

    threading.Thread(target=watch, name="gia-watch-parent", daemon=True).start()


def _warm_up(parent: int | None = None, kernel: tuple[str, str, str] | None = None) -> None:
    """Import what executing a notebook needs, once per worker (not once per notebook).

    With ``kernel`` (kernel name, project root, generation), also start and warm up the
    worker's kernel now, while ``gia`` still prepares the run.
    """
    if parent is not None:
        _watch(parent)
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    import gia.reports.reportfolder  # noqa: F401
    import gia.reports.sections  # noqa: F401

    if kernel is not None:
        _prewarm(*kernel)


def _prewarm(kernel_name: str, root: str, generation: str) -> None:
    """Start this worker's warm kernel ahead of its first notebook (best effort)."""
    from gia.reports.engine import KernelKey, warm

    options = _engine_options(WARM, warm_kernel_log(), generation)
    key = KernelKey(kernel_name, os.path.realpath(root),
                    tuple(options["extra_arguments"]), generation)
    try:
        warm(key, options["kernel_manager_class"])
    except Exception:  # the first notebook tries again and reports what fails
        pass


def scheduler_client(address: str) -> Any:
    """Connect to the Dask scheduler at ``address``.

    Raises
    ------
    AssessError
        When the optional extra ``cluster`` (dask, distributed) is not installed.
    """
    try:
        from distributed import Client
    except ImportError:
        raise AssessError(
            "--scheduler needs dask and distributed, the optional extra 'cluster': "
            "pip install -e '.[cluster]' (make installs it)") from None
    return Client(address)


class Executor:
    """Runs notebook tasks on a pool of reused local processes or on a Dask cluster.

    Parameters
    ----------
    jobs : int, optional
        Parallel notebooks (default: the number of cores).
    scheduler : str, optional
        Address of a Dask scheduler; the workers need this project and its environment.
    engine : str
        :data:`WARM` (default: each worker keeps a kernel) or :data:`ISOLATED`.
    kernel : str
        The notebooks' kernel, started ahead in each local worker when warm.
    """

    def __init__(self, jobs: int | None = None, scheduler: str | None = None,
                 engine: str = WARM, kernel: str = KERNEL_NAME) -> None:
        if engine not in ENGINES:
            raise AssessError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
        self.jobs = jobs or os.cpu_count() or 1
        self.scheduler = scheduler
        self.engine = engine
        self.kernel = kernel
        self.generation = uuid.uuid4().hex  # this run's: no warm kernel of another run serves it
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None

    def start(self) -> Executor:
        """Start the local pool (its workers start their kernels) or connect; once."""
        if self._pool is not None or self._client is not None:
            return self
        if self.scheduler:
            self._client = scheduler_client(self.scheduler)
        else:
            import multiprocessing

            context = multiprocessing.get_context("forkserver")
            # what every worker imports, imported once in the server the workers fork from
            context.set_forkserver_preload(["gia.reports.startup", "gia.reports.runner", "papermill",
                                            "nbconvert", "gia.reports.engine", "gia.reports.report",
                                            "gia.reports.reportfolder"])
            warm = ((self.kernel, str(project_root()), self.generation)
                    if self.engine == WARM else None)
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context,
                                             initializer=_warm_up,
                                             initargs=(os.getpid(), warm))
            for _ in range(self.jobs):  # start every worker now, while the caller prepares
                self._pool.submit(_warm_up)
        return self

    def __enter__(self) -> Executor:
        return self.start()

    def discard(self) -> None:
        """Stop the workers of a pool that will not be used, at once (nothing to wait for)."""
        if self._pool is not None:
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def __exit__(self, exc_type: type | None, *exc: object) -> None:
        if self._pool is not None:
            if exc_type is not None:  # interrupted or failed: do not wait for running notebooks
                for process in list(getattr(self._pool, "_processes", {}).values()):
                    process.terminate()
            self._pool.shutdown(wait=exc_type is None, cancel_futures=True)
        if self._client is not None:
            self._client.close()

    def submit(self, task: NotebookTask) -> Future:
        """Submit one task; returns a future of :class:`TaskOutcome`."""
        if self._client is not None:
            return self._client.submit(execute_task, task, self.engine, self.generation,
                                       pure=False)
        assert self._pool is not None
        return self._pool.submit(execute_task, task, self.engine, self.generation)


# ---------------------------------------------------------------------------- assessment


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


def area_parameter(area: Any) -> str:
    """Return the ``area`` parameter: the area's source, relative to the project root."""
    return relative_to_root(Path(area.source))


def plan_area(area: Any, catalogue: Any, out_dir: Path, *, timeout: int = CELL_TIMEOUT,
              kernel: str = KERNEL_NAME, inputs: list[Path] | None = None,
              lang: str = "en") -> AreaRun:
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
        raise AssessError(f"cannot write the report under {out_dir}: "
                          f"{exc.strerror or exc}") from None
    (workdir / "notebooks").mkdir()
    run = AreaRun(area.id, params["area"], destination, workdir)
    (workdir / SECTIONS).mkdir()
    for template in templates:
        output = workdir / "notebooks" / template.name
        section = workdir / SECTIONS / f"{template.stem}.json"
        run.tasks.append(NotebookTask(template.as_posix(), str(output), dict(params), kernel,
                                      timeout, str(section), str(project_root())))
    return run


def now() -> str:
    """Return the current UTC time (ISO 8601): times live in the manifest only."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def kernel_installed(kernel: str = KERNEL_NAME) -> bool:
    """Return whether the Jupyter kernel ``kernel`` is installed."""
    from jupyter_client.kernelspec import KernelSpecManager

    return kernel in KernelSpecManager().find_kernel_specs()


def ensure_kernel(kernel: str = KERNEL_NAME) -> None:
    """Raise a clear error when the notebooks' kernel is not installed."""
    if not kernel_installed(kernel):
        raise AssessError(
            f"the Jupyter kernel '{kernel}' is not installed: run `make venv`, or "
            f"`{sys.executable} -m ipykernel install --sys-prefix --name {kernel}`"
        )


def finish_area(run: AreaRun, area: Any, catalogue: Any, finished: str, *,
                tenant_detail: bool = True, pdf: bool = False) -> Path:
    """Build results.json, report.html and manifest.json, then move the report into place.

    The manifest is written last: it holds the sha256 of every other file of the report (the
    report states the run's start and git state, never the manifest's). ``tenant_detail=False``
    leaves the per-tenant annex out of report.html; ``pdf`` also prints it to report.pdf
    (headless Chromium; not in the manifest, as verify re-creates only the other files).
    """
    from gia.method.assessment import assess
    from gia.reports.destination import check_destination, move_into_place
    from gia.reports.manifest import build_manifest
    from gia.messages import language
    from gia.reports.report import write_report
    from gia.reports.reportfolder import collect_lineage, collect_results
    from gia.reports.results import write_json, write_results

    # the workers sanitized each executed notebook (execute_task)
    results = collect_results(run.workdir / "notebooks", catalogue)
    write_results(results, run.workdir / "results.json")
    write_json(collect_lineage(run.workdir / "notebooks", catalogue),
               run.workdir / "lineage.json")
    lang = run.tasks[0].parameters.get("lang", "en") if run.tasks else "en"
    with language(lang):  # the report's language is its notebooks'
        write_report(run.workdir, [Path(t.output).name for t in run.tasks], catalogue,
                     assess(area, catalogue), sections=run.workdir / SECTIONS,
                     tenant_detail=tenant_detail, run={"started": run.started, "git": run.git})
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


def _plan_runs(sources: Iterable[str | Path], catalogue: Any, out_dir: Path,
               outcome: AssessOutcome, *, timeout: int, kernel: str, lang: str = "en"
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
                    "with one id would write one report; rename one of them")
            continue
        areas[area.id] = area
    if not areas:
        return areas, []
    inputs = [Path(a.source) for a in areas.values()]
    planned: dict[str, Any] = {}
    for area in areas.values():
        try:
            planned[area.id] = plan_area(area, catalogue, out_dir, timeout=timeout,
                                         kernel=kernel, inputs=inputs, lang=lang)
        except AssessError as exc:
            outcome.failed[area.id] = str(exc)
    return areas, list(planned.values())


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
        areas, runs = _plan_runs(sources, catalogue, out_dir, outcome, timeout=timeout,
                                 kernel=kernel, lang=lang)
    except BaseException:
        executor.discard()
        raise
    if not runs:
        executor.discard()
        return outcome
    ensure_kernel(kernel)
    try:
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
        for run in runs:
            errors = [o.error for o in run.outcomes if o.error]
            if errors:
                discard(run)
                outcome.failed[run.area_id] = "; ".join(sorted(errors))
                continue
            try:
                outcome.written[run.area_id] = finish_area(
                    run, areas[run.area_id], catalogue, now(), tenant_detail=tenant_detail,
                    pdf=pdf)
            except Exception as exc:
                discard(run)
                outcome.failed[run.area_id] = f"building the report failed: {exc}"
    finally:
        for run in runs:
            if run.workdir.exists() and run.area_id not in outcome.written:
                discard(run)
    return outcome


def execute_tasks(tasks: list[NotebookTask], *, executor: Executor | None = None,
                  jobs: int | None = None, scheduler: str | None = None,
                  progress: bool = True, engine: str = WARM) -> list[TaskOutcome]:
    """Execute notebook tasks on a pool (or cluster), with a progress bar on stderr.

    Uses ``executor`` when given (already started), else starts one with ``jobs``,
    ``scheduler`` and ``engine`` (:data:`WARM` or :data:`ISOLATED`).
    """
    if executor is None:
        kernels = {t.kernel for t in tasks}
        kernel = kernels.pop() if len(kernels) == 1 else KERNEL_NAME
        with Executor(jobs, scheduler, engine, kernel) as own:
            return execute_tasks(tasks, executor=own, progress=progress)
    from tqdm import tqdm

    outcomes = []
    futures = {executor.submit(task): task for task in tasks}
    bar = tqdm(total=len(tasks), desc="notebooks", unit="nb", disable=not progress,
               file=sys.stderr, dynamic_ncols=True)
    with bar:
        for future in _completed(futures, executor.scheduler):
            outcomes.append(future.result())
            bar.update(1)
    return outcomes


def _completed(futures: dict, scheduler: str | None) -> Iterable[Any]:
    if scheduler:
        from distributed import as_completed as dask_completed

        return dask_completed(list(futures))
    return as_completed(futures)
