"""What a warm kernel puts back between notebooks (this module runs inside the kernel).

The warm engine (:mod:`gia.reports.engine`) keeps one kernel alive per worker. Once, right after the
kernel starts, :func:`warm_up` imports what the notebooks use (gia, pandas, numpy, matplotlib with
the inline backend, seaborn) and the first :func:`restore` takes a :class:`Snapshot` of every
piece of process state a notebook can change that would alter a later notebook's outputs.
After each notebook, :func:`restore` puts that state back, so that the next notebook runs as it
would in a kernel of its own and its executed copy is byte for byte the same:

- the user namespace, IPython's output history and execution count (the next notebook's cells
  are numbered from 1 again), the aliases;
- matplotlib: open figures, the inline backend's pending figures and its settings, rcParams
  (which hold the seaborn theme and palette), the unit converters;
- pandas options, numpy print options and floating-point error handling;
- warnings: the filters, the hooks and the "already shown" registries (a warning shown by one
  notebook is shown again by the next, as in a fresh kernel);
- the random generators of ``random`` and ``numpy.random``: seeded afresh from the operating
  system, as a new process is;
- the working folder, environment variables, ``sys.path``, ``sys.argv``, the standard streams
  and hooks, the recursion limit, the locale, the decimal context, the root logger;
- IPython's display formatters, event callbacks, magics and input transformers.

What it cannot put back it detects: a notebook that left a thread running, or replaced or
deleted a name of a library module the notebooks use (gia, pandas, numpy, matplotlib, seaborn,
IPython's display, builtins), makes :func:`restore` return the reason, and the engine replaces
the kernel with a fresh one.
"""

from __future__ import annotations

import copy
import decimal
import gc
import locale
import logging
import os
import random
import sys
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any

WARM_MODULES = (
    "gia",
    "gia.reports.notebook",
    "gia.reports.charts",
    "gia.method.assessment",
    "gia.reports.scorecard_text",
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "seaborn",
    "IPython.display",
)
"""Modules imported once per warm kernel (the notebooks' imports, found in ``sys.modules``)."""

GUARDED_PREFIXES = (
    "gia",
    "numpy",
    "pandas",
    "matplotlib",
    "seaborn",
    "IPython.display",
    "builtins",
)
"""Modules whose names a notebook must not replace (checked after each notebook)."""

_LAZY_NAMES = frozenset({"__warningregistry__", "__loader__", "__spec__"})
"""Module attributes libraries set or replace themselves: not a notebook's doing."""

_KERNEL_NAMES = {"builtins": frozenset({"input"})}
"""Names the kernel itself replaces for every request (ipykernel's stdin forwarding)."""


@dataclass
class Snapshot:
    """The state of a freshly warmed kernel, as :func:`restore` puts it back."""

    cwd: str
    environ: dict[str, str]
    path: list[str]
    argv: list[str]
    streams: tuple[Any, ...]
    recursion_limit: int
    locale: str | None
    decimal_context: decimal.Context
    warnings_filters: list[Any]
    warnings_hooks: tuple[Any, ...]
    logging_root: tuple[Any, ...]
    logging_disable: int
    rc_params: dict[str, Any]
    rc_default: dict[str, Any]
    rc_orig: dict[str, Any]
    units: dict[Any, Any]
    inline_backend: dict[str, Any]
    pandas_options: dict[str, Any]
    numpy_print: dict[str, Any]
    numpy_err: dict[str, str]
    numpy_errcall: Any
    formatters: dict[str, tuple[Any, ...]]
    events: dict[str, list[Any]]
    magics: dict[str, dict[str, Any]]
    transformers: tuple[list[Any], ...]
    threads: int
    modules: dict[str, dict[str, Any]] = field(default_factory=dict)


_SNAPSHOT: Snapshot | None = None


def warm_up() -> None:
    """Import what the notebooks use (once, in a new kernel).

    pyplot's backend (the inline one) is loaded too: pyplot loads it on the first chart and
    keeps it, so doing it now changes no output and keeps pyplot's names as they stay.
    """
    import importlib

    for name in WARM_MODULES:
        importlib.import_module(name)
    pyplot = sys.modules["matplotlib.pyplot"]
    pyplot._get_backend_mod()  # noqa: SLF001 - what pyplot does on the first figure


def restore() -> str:
    """Put the kernel back as it was after :func:`warm_up`; the first call takes the snapshot.

    Always called the same way, between requests (as a user expression of a silent request),
    so that what IPython sets up only while a cell runs is never in the snapshot.

    Returns
    -------
    str
        Empty when the kernel is as fresh as a new one; otherwise why it is not (the engine
        then replaces it).
    """
    global _SNAPSHOT
    if _SNAPSHOT is None:
        gc.collect()
        gc.freeze()  # the libraries' objects: never scanned again, so collecting is cheap
        _SNAPSHOT = _take()
    s = _SNAPSHOT
    _close_figures()
    shell = _shell()
    shell.reset(new_session=True)  # user namespace, Out/_/In, execution count back to 1
    _restore_ipython(shell, s)
    _restore_matplotlib(s)
    _restore_pandas(s)
    _restore_numpy(s)
    _restore_process(s)
    _restore_warnings(s)
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    gc.collect()
    return _tainted(s)


# ------------------------------------------------------------------------------- snapshot


def _shell() -> Any:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:  # pragma: no cover - only ever imported inside a kernel
        raise RuntimeError("gia.reports.kernelstate runs inside an IPython kernel")
    return shell


def _take() -> Snapshot:
    import matplotlib
    import numpy as np

    shell = _shell()
    return Snapshot(
        cwd=os.getcwd(),
        environ=dict(os.environ),
        path=list(sys.path),
        argv=list(sys.argv),
        streams=(sys.stdout, sys.stderr, sys.stdin, sys.displayhook, sys.excepthook),
        recursion_limit=sys.getrecursionlimit(),
        locale=_locale(),
        decimal_context=decimal.getcontext().copy(),
        warnings_filters=list(warnings.filters),
        warnings_hooks=(warnings.showwarning, warnings.formatwarning, warnings.defaultaction),
        logging_root=(logging.root.level, list(logging.root.handlers), list(logging.root.filters)),
        logging_disable=logging.root.manager.disable,
        rc_params=dict(matplotlib.rcParams),
        rc_default=dict(matplotlib.rcParamsDefault),
        rc_orig=dict(matplotlib.rcParamsOrig),
        units=dict(matplotlib.units.registry),
        inline_backend=_inline_backend_values(),
        pandas_options=_pandas_options(),
        numpy_print=np.get_printoptions(),
        numpy_err=np.geterr(),
        numpy_errcall=np.geterrcall(),
        formatters=_formatters(shell),
        events={name: list(callbacks) for name, callbacks in shell.events.callbacks.items()},
        magics={kind: dict(table) for kind, table in shell.magics_manager.magics.items()},
        transformers=(
            list(shell.input_transformers_cleanup),
            list(shell.input_transformers_post),
            list(shell.ast_transformers),
        ),
        threads=threading.active_count(),
        modules=_module_names(),
    )


def _locale() -> str | None:
    try:
        return locale.setlocale(locale.LC_ALL)
    except locale.Error:  # pragma: no cover
        return None


def _inline_backend_values() -> dict[str, Any]:
    backend = _inline_backend()
    if backend is None:
        return {}
    return {
        name: copy.deepcopy(getattr(backend, name))
        for name in ("figure_formats", "print_figure_kwargs", "close_figures", "rc")
        if backend.has_trait(name)
    }


def _inline_backend() -> Any:
    if "matplotlib_inline.config" not in sys.modules:
        return None
    return sys.modules["matplotlib_inline.config"].InlineBackend.instance()


def _pandas_options() -> dict[str, Any]:
    import pandas as pd

    keys = sorted(pd._config.config._registered_options)  # noqa: SLF001 - no public list
    deprecated = pd._config.config._deprecated_options  # noqa: SLF001
    options = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key in keys:
            if key not in deprecated:
                options[key] = copy.copy(pd.get_option(key))
    return options


def _formatters(shell: Any) -> dict[str, tuple[Any, ...]]:
    display = shell.display_formatter
    every = dict(display.formatters)
    every["__ipython_display__"] = display.ipython_display_formatter
    every["__mimebundle__"] = display.mimebundle_formatter
    return {
        key: (
            f,
            f.enabled,
            dict(f.type_printers),
            dict(f.deferred_printers),
            dict(f.singleton_printers),
        )
        for key, f in every.items()
    }


def _module_names() -> dict[str, dict[str, Any]]:
    """Return, per guarded module, what each of its names refers to (the objects themselves)."""
    return {
        name: {
            attr: value
            for attr, value in vars(module).items()
            if attr not in _LAZY_NAMES and attr not in _KERNEL_NAMES.get(name, ())
        }
        for name, module in list(sys.modules.items())
        if module is not None and name.startswith(GUARDED_PREFIXES) and name != __name__
    }


# ------------------------------------------------------------------------------- restore


def _close_figures() -> None:
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    inline = sys.modules.get("matplotlib_inline.backend_inline")
    if inline is not None:
        inline.show._to_draw = []  # noqa: SLF001 - the backend's own pending list
        inline.show._draw_called = False  # noqa: SLF001


def _restore_ipython(shell: Any, s: Snapshot) -> None:
    _restore_formatters(shell, s)
    for name, callbacks in s.events.items():
        shell.events.callbacks[name][:] = callbacks
    for kind, table in s.magics.items():
        current = shell.magics_manager.magics[kind]
        current.clear()
        current.update(table)
    cleanup, post, ast = s.transformers
    shell.input_transformers_cleanup[:] = cleanup
    shell.input_transformers_post[:] = post
    shell.ast_transformers[:] = ast
    backend = _inline_backend()
    if backend is not None:
        for name, value in s.inline_backend.items():
            if getattr(backend, name) != value:
                setattr(backend, name, copy.deepcopy(value))


def _restore_formatters(shell: Any, s: Snapshot) -> None:
    display = shell.display_formatter
    for key, (formatter, enabled, types, deferred, singletons) in s.formatters.items():
        if key == "__ipython_display__":
            display.ipython_display_formatter = formatter
        elif key == "__mimebundle__":
            display.mimebundle_formatter = formatter
        else:
            display.formatters[key] = formatter
        formatter.enabled = enabled
        for table, saved in (
            (formatter.type_printers, types),
            (formatter.deferred_printers, deferred),
            (formatter.singleton_printers, singletons),
        ):
            table.clear()
            table.update(saved)
    for key in set(display.formatters) - set(s.formatters):
        del display.formatters[key]


def _update_rc(target: Any, saved: dict[str, Any]) -> None:
    if hasattr(target, "_update_raw"):  # matplotlib >= 3.10: no validation, no warnings
        target._update_raw(saved)  # noqa: SLF001
    else:  # pragma: no cover - older matplotlib
        dict.update(target, saved)


def _restore_matplotlib(s: Snapshot) -> None:
    import matplotlib

    _update_rc(matplotlib.rcParams, s.rc_params)
    _update_rc(matplotlib.rcParamsDefault, s.rc_default)
    _update_rc(matplotlib.rcParamsOrig, s.rc_orig)
    registry = matplotlib.units.registry
    registry.clear()
    registry.update(s.units)


def _restore_pandas(s: Snapshot) -> None:
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in s.pandas_options.items():
            if not _same(pd.get_option(key), value):
                pd.set_option(key, value)


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:  # an option value without a plain comparison
        return False


def _restore_numpy(s: Snapshot) -> None:
    import numpy as np

    np.set_printoptions(**s.numpy_print)
    np.seterr(**s.numpy_err)
    np.seterrcall(s.numpy_errcall)


def _restore_process(s: Snapshot) -> None:
    os.chdir(s.cwd)
    for key in set(os.environ) - set(s.environ):
        del os.environ[key]
    for key, value in s.environ.items():
        if os.environ.get(key) != value:
            os.environ[key] = value
    sys.path[:] = s.path
    sys.argv[:] = s.argv
    sys.stdout, sys.stderr, sys.stdin, sys.displayhook, sys.excepthook = s.streams
    sys.setrecursionlimit(s.recursion_limit)
    if s.locale is not None and _locale() != s.locale:
        locale.setlocale(locale.LC_ALL, s.locale)
    decimal.setcontext(s.decimal_context.copy())
    level, handlers, filters = s.logging_root
    logging.root.setLevel(level)
    logging.root.handlers[:] = handlers
    logging.root.filters[:] = filters
    logging.disable(s.logging_disable)


def _restore_warnings(s: Snapshot) -> None:
    warnings.filters[:] = s.warnings_filters
    warnings.showwarning, warnings.formatwarning, warnings.defaultaction = s.warnings_hooks
    warnings.onceregistry.clear()
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    warnings._filters_mutated()  # noqa: SLF001 - invalidates every other registry too


# ------------------------------------------------------------------------------- detection


def _tainted(s: Snapshot) -> str:
    """Return why this kernel is not as fresh as a new one ('' when it is)."""
    if threading.active_count() > s.threads:
        names = sorted(t.name for t in threading.enumerate())
        return f"a notebook left a thread running ({', '.join(names)})"
    for name, saved in s.modules.items():
        module = sys.modules.get(name)
        if module is None:
            return f"a notebook removed module {name}"
        now = vars(module)
        for attr, value in saved.items():
            if attr not in now:
                return f"a notebook deleted {name}.{attr}"
            if now[attr] is not value:
                return f"a notebook replaced {name}.{attr}"
    return ""
