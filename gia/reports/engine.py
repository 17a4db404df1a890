"""The warm-kernel papermill engine ``gia-warm``: one kernel kept alive per worker thread.

Registered through papermill's engine entry point (``pyproject.toml``), so that both
``papermill -e gia-warm IN OUT`` and ``gia assess`` use it by name. Starting a kernel and
importing pandas, matplotlib and seaborn into it takes about three times as long as running a
criterion notebook; the engine pays it once per worker instead of once per notebook:

1. The first notebook a thread runs starts a kernel and warms it up
   (:func:`gia.reports.kernelstate.warm_up`: the notebooks' imports, then a snapshot of the state).
2. Each notebook runs in that kernel exactly as papermill's own engine runs it (papermill's
   notebook client, the same cell by cell bookkeeping).
3. After each notebook the kernel is put back as it was (:func:`gia.reports.kernelstate.restore`):
the
   next notebook's executed copy is byte for byte what a fresh kernel gives.
4. A kernel that died, timed out, ran a notebook that failed, or could not be put back (a
   notebook left a thread or replaced a library function) is shut down; the next notebook gets a
   fresh one. A notebook whose kernel died or timed out is run once more, in a fresh kernel.

Kernels are kept per kernel name, working folder, kernel arguments and ``generation`` (an
opaque token: ``gia assess`` gives each run its own, so that a long-lived Dask worker never
serves one run with a kernel that imported another run's code). They are shut down when the
process ends.
"""

from __future__ import annotations

import ast
import asyncio
import atexit
import os
import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from papermill.engines import Engine

ENGINE_NAME = "gia-warm"
"""The name the engine is registered under (``[project.entry-points."papermill.engine"]``)."""

WARM_UP_TIMEOUT = 180
"""Seconds a new kernel may take to start and import the notebooks' libraries."""

RESET_TIMEOUT = 60
"""Seconds putting a kernel back between notebooks may take before it is replaced."""

_WARM_UP = "__import__('importlib').import_module('gia.reports.kernelstate').warm_up()"
_RESTORE = "__import__('importlib').import_module('gia.reports.kernelstate').restore()"


class WarmKernelError(RuntimeError):
    """A warm kernel could not be started, warmed up or put back."""


@dataclass(frozen=True)
class KernelKey:
    """What a kept kernel must match to run a notebook."""

    kernel_name: str
    cwd: str
    extra_arguments: tuple[str, ...]
    generation: Hashable


class WarmKernel:
    """One kernel kept alive between notebooks, with its client.

    Parameters
    ----------
    key : KernelKey
        The kernel name, working folder, arguments and generation it serves.
    manager_class : type, optional
        Kernel manager class (default: jupyter_client's ``AsyncKernelManager``).
    startup_timeout : float
        Seconds to wait for the kernel to answer after it started.
    """

    def __init__(
        self, key: KernelKey, manager_class: type | None = None, startup_timeout: float = 60
    ) -> None:
        if manager_class is None:
            from jupyter_client.manager import AsyncKernelManager

            manager_class = AsyncKernelManager
        self.key = key
        self.notebooks = 0
        self.loop = asyncio.new_event_loop()
        self.km: Any = manager_class(kernel_name=key.kernel_name)
        self.kc: Any = None
        self.startup_timeout = startup_timeout

    # the client is asynchronous: every call runs on the kernel's own event loop, nbclient's too
    def use_loop(self) -> None:
        """Make the kernel's event loop the one synchronous jupyter calls run on, here and now.

        nbclient runs each cell on "this thread's loop", which jupyter_core keeps in a context
        variable: a Dask worker runs each task in a copy of its context, so the loop a previous
        notebook used would be forgotten (and a new one made, leaking, for every notebook).
        """
        import jupyter_core.utils

        asyncio.set_event_loop(self.loop)
        current = getattr(jupyter_core.utils, "_loop", None)
        if current is not None:
            current.set(self.loop)

    def _run(self, coroutine: Any) -> Any:
        self.use_loop()
        return self.loop.run_until_complete(coroutine)

    def start(self) -> None:
        """Start the kernel, connect, import the notebooks' libraries, take the snapshot."""
        self._run(self._start())

    async def _start(self) -> None:
        await self.km.start_kernel(extra_arguments=list(self.key.extra_arguments), cwd=self.key.cwd)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            await self.kc.wait_for_ready(timeout=self.startup_timeout)
        except RuntimeError as exc:
            raise WarmKernelError(f"the kernel did not start: {exc}") from None
        reason = await self._silent(_WARM_UP, WARM_UP_TIMEOUT)
        if reason:
            raise WarmKernelError(f"the kernel could not be warmed up: {reason}")

    def reset(self) -> str:
        """Put the kernel back as it was after warm-up; return why it cannot be ('' if it can)."""
        try:
            return self._run(self._silent("", RESET_TIMEOUT))
        except Exception as exc:  # a dead or stuck kernel: replaced
            return f"{type(exc).__name__}: {exc}"

    async def _silent(self, code: str, timeout: float) -> str:
        """Run ``code`` silently, then :func:`gia.reports.kernelstate.restore`; return its reason.

        Silent: no execution count, no history, nothing published for a notebook. The reply and
        every message it caused are read here, so that none reaches the next notebook's client.
        """
        msg_id = self.kc.execute(
            code,
            silent=True,
            store_history=False,
            allow_stdin=False,
            user_expressions={"gia": _RESTORE},
        )
        deadline = time.monotonic() + timeout
        reply = None
        while reply is None:
            msg = await self.kc.get_shell_msg(timeout=_left(deadline))
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg["content"]
        while True:  # the kernel's messages of this request end with its idle status
            msg = await self.kc.get_iopub_msg(timeout=_left(deadline))
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"
            ):
                break
        if reply.get("status") != "ok":
            return f"{reply.get('ename')}: {reply.get('evalue')}"
        result = reply.get("user_expressions", {}).get("gia", {})
        if result.get("status") != "ok":
            return f"{result.get('ename')}: {result.get('evalue')}"
        return str(ast.literal_eval(result["data"]["text/plain"]))

    def alive(self) -> bool:
        """Return whether the kernel process still runs."""
        try:
            return bool(self._run(self.km.is_alive()))
        except Exception:
            return False

    def shutdown(self) -> None:
        """Stop the kernel at once (no grace period) and release its files."""
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            self._run(self._shutdown())
        except Exception:  # already gone: nothing to release
            pass
        finally:
            if not self.loop.is_running():
                self.loop.close()

    async def _shutdown(self) -> None:
        if await self.km.is_alive():
            await self.km.shutdown_kernel(now=True)
        await self.km.cleanup_resources()


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the kernel did not answer in time")
    return left


# ----------------------------------------------------------------------------- the kernels


_KERNELS: dict[int, WarmKernel] = {}
"""The kernel of each thread (a kernel's client belongs to the thread that made it)."""
_LOCK = threading.Lock()


def acquire(
    key: KernelKey, manager_class: type | None = None, startup_timeout: float = 60
) -> WarmKernel:
    """Return this thread's kernel for ``key``, starting and warming up a new one if needed."""
    thread = threading.get_ident()
    with _LOCK:
        kernel = _KERNELS.get(thread)
    if kernel is not None and (kernel.key != key or not kernel.alive()):
        discard(kernel)
        kernel = None
    if kernel is None:
        _shutdown_at_exit()
        kernel = WarmKernel(key, manager_class, startup_timeout)
        try:
            kernel.start()
        except BaseException:
            kernel.shutdown()
            raise
        with _LOCK:
            _KERNELS[thread] = kernel
    return kernel


def discard(kernel: WarmKernel) -> None:
    """Shut a kernel down and forget it."""
    with _LOCK:
        for thread, kept in list(_KERNELS.items()):
            if kept is kernel:
                del _KERNELS[thread]
    kernel.shutdown()


def warm(key: KernelKey, manager_class: type | None = None) -> None:
    """Start this thread's kernel ahead of its first notebook (a pool worker's start-up)."""
    acquire(key, manager_class)


def shutdown_all() -> None:
    """Shut every kept kernel down (at process exit)."""
    with _LOCK:
        kernels = list(_KERNELS.values())
        _KERNELS.clear()
    for kernel in kernels:
        kernel.shutdown()


_AT_EXIT_IN: int | None = None
"""The process that registered :func:`shutdown_all` to run at its exit."""


def _shutdown_at_exit() -> None:
    """Register :func:`shutdown_all` for this process's exit (once; a forked child again)."""
    global _AT_EXIT_IN
    if _AT_EXIT_IN == os.getpid():
        return
    import multiprocessing.util

    _AT_EXIT_IN = os.getpid()
    atexit.register(shutdown_all)
    # a multiprocessing worker leaves through os._exit: its finalizers run, atexit does not
    multiprocessing.util.Finalize(None, shutdown_all, exitpriority=10)


# ----------------------------------------------------------------------------- the engine


class WarmEngine(Engine):
    """Papermill engine that runs notebooks in a kept, reset kernel (see the module doc).

    Takes the keyword arguments of papermill's ``nbclient`` engine, and:

    ``kernel_manager_class``
        Kernel manager class for new kernels.
    ``extra_arguments``
        Arguments of the kernel command (part of the kernel's key).
    ``generation``
        Any hashable token; a kernel serves only notebooks of its generation.
    """

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: float = 60,
        execution_timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        """Execute the notebook of ``nb_man`` in this thread's warm kernel."""
        from nbclient.exceptions import DeadKernelError
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.log import logger

        manager_class = kwargs.pop("kernel_manager_class", None)
        key = KernelKey(
            kernel_name,
            os.getcwd(),
            tuple(kwargs.pop("extra_arguments", ())),
            kwargs.pop("generation", None),
        )
        for name in ("input_path", "shutdown_kernel", "timeout", "startup_timeout", "km"):
            kwargs.pop(name, None)  # the kernel is the engine's, not the client's
        for attempt in (1, 2):
            kernel = acquire(key, manager_class, start_timeout)
            client = PapermillNotebookClient(
                nb_man,
                km=kernel.km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                **kwargs,
            )
            client.kc = kernel.kc
            kernel.use_loop()
            try:
                client.execute()
            except (DeadKernelError, TimeoutError) as exc:
                discard(kernel)
                if attempt == 2:
                    raise
                logger.warning(
                    "%s: %s; running the notebook again in a fresh kernel", type(exc).__name__, exc
                )
                nb_man.notebook_start()  # outputs and cell states of the first attempt go
                continue
            except BaseException:
                discard(kernel)
                raise
            kernel.notebooks += 1
            if nb_man.nb.metadata.papermill.get("exception"):
                discard(kernel)  # a failed notebook may have left anything: a fresh kernel next
            else:
                reason = kernel.reset()
                if reason:
                    logger.info("warm kernel replaced: %s", reason)
                    discard(kernel)
            return nb_man.nb
        raise AssertionError("unreachable")  # pragma: no cover
