"""Executing notebooks with Papermill: one task, a pool of reused workers, or a Dask cluster.

Notebooks run on a pool of reused worker processes (no Python start-up per notebook), up to
``jobs`` at a time, or on a Dask cluster (``scheduler``), in the registered kernel
:data:`KERNEL_NAME` (passed explicitly). By default each worker keeps one warm kernel and puts
it back between notebooks (papermill engine ``gia-warm``, :mod:`gia.reports.engine`);
``isolated`` runs each notebook in a fresh kernel of its own (papermill's own engine), as
``gia verify`` does. What runs is planned per area by :mod:`gia.reports.planning`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gia.paths import project_root

KERNEL_NAME = "gia"
"""Name of the Jupyter kernel the notebooks run in (installed by ``make``)."""


CELL_TIMEOUT = 300
"""Default per-cell timeout, seconds."""


WARM = "warm"
"""Engine choice: one kept kernel per worker, put back between notebooks.

See :mod:`gia.reports.engine`.
"""


ISOLATED = "isolated"
"""Engine choice: a fresh kernel for every notebook (papermill's ``nbclient`` engine)."""


ENGINES = {WARM: "gia-warm", ISOLATED: "nbclient"}
"""Papermill engine name of each choice."""


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

    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return Path(tempfile.mkdtemp(prefix="gia-kernels-"))
    return runtime


def warm_kernel_log() -> Path:
    """Return where this worker's warm kernels write their own stderr (removed at exit)."""
    global _WARM_LOG
    if _WARM_LOG is None or _WARM_LOG.name != f"warm-{os.getpid()}.log":
        import multiprocessing.util

        _WARM_LOG = kernel_runtime_dir() / f"warm-{os.getpid()}.log"
        log = _WARM_LOG
        multiprocessing.util.Finalize(None, log.unlink, kwargs={"missing_ok": True}, exitpriority=5)
    return _WARM_LOG


_WARM_LOG: Path | None = None


def _engine_options(engine: str, log: Path, generation: str | None) -> dict[str, Any]:
    """Return papermill's engine keyword arguments for ``engine`` (:data:`WARM`, ...)."""
    if engine not in ENGINES:
        raise AssessError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    options: dict[str, Any] = {
        "engine_name": ENGINES[engine],
        "kernel_manager_class": _quiet_kernel_manager(log),
        **KERNEL_OPTIONS,
    }
    if engine == WARM:
        options["generation"] = generation
    return options


def execute_task(
    task: NotebookTask, engine: str = ISOLATED, generation: str | None = None
) -> TaskOutcome:
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
        cell = exc.cell_index + 1 - (1 if exc.cell_index > _parameters_index(task, root) else 0)
        first_line = (exc.source or "").strip().splitlines()[:1]
        shown = f" `{first_line[0][:80]}`" if first_line else ""
        return TaskOutcome(
            task, f"{task.template} failed in cell {cell}{shown}: {exc.ename}: {exc.evalue}"
        )
    except Exception as exc:  # kernel death, timeout, missing kernel: all named
        said = log.read_text("utf-8", errors="replace").strip()[-800:] if log.is_file() else ""
        return TaskOutcome(
            task,
            f"{task.template} failed: {type(exc).__name__}: {exc}"
            + (f" (the kernel said: {said})" if said else ""),
        )
    finally:
        if engine != WARM:  # a warm kernel keeps writing to its log
            log.unlink(missing_ok=True)
    try:
        _post_process(task)
    except Exception as exc:
        return TaskOutcome(
            task, f"{task.template}: its report section failed: {type(exc).__name__}: {exc}"
        )
    return TaskOutcome(task)


def _post_process(task: NotebookTask) -> None:
    """Make the executed notebook reproducible and render its report section (in the worker)."""
    import nbformat

    from gia.reports.reportfolder import sanitize_notebook
    from gia.reports.sections import render_section

    nb = sanitize_notebook(nbformat.read(task.output, as_version=4))
    nbformat.write(nb, task.output)
    if task.section:
        Path(task.section).write_text(render_section(nb, Path(task.output).stem), encoding="utf-8")


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
    key = KernelKey(
        kernel_name, os.path.realpath(root), tuple(options["extra_arguments"]), generation
    )
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
            "pip install -e '.[cluster]' (make installs it)"
        ) from None
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

    def __init__(
        self,
        jobs: int | None = None,
        scheduler: str | None = None,
        engine: str = WARM,
        kernel: str = KERNEL_NAME,
    ) -> None:
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
            context.set_forkserver_preload(
                [
                    "gia.reports.startup",
                    "gia.reports.execution",
                    "papermill",
                    "nbconvert",
                    "gia.reports.engine",
                    "gia.reports.report",
                    "gia.reports.reportfolder",
                ]
            )
            warm = (
                (self.kernel, str(project_root()), self.generation) if self.engine == WARM else None
            )
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=_warm_up,
                initargs=(os.getpid(), warm),
            )
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
            return self._client.submit(execute_task, task, self.engine, self.generation, pure=False)
        assert self._pool is not None
        return self._pool.submit(execute_task, task, self.engine, self.generation)


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


def execute_tasks(
    tasks: list[NotebookTask],
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    engine: str = WARM,
) -> list[TaskOutcome]:
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
    bar = tqdm(
        total=len(tasks),
        desc="notebooks",
        unit="nb",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
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
