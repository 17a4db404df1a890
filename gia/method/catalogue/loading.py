"""Loading a catalogue file: read safely, validate, name every problem, cache by file state."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gia.data.safeyaml import UntrustedYamlError, load_yaml
from gia.method.catalogue.errors import CatalogueError, CrossCheckError, fmt_loc
from gia.method.catalogue.models import Catalogue
from gia.method.catalogue.rules import cross_problems
from gia.paths import default_catalogue_path

MAX_CATALOGUE_BYTES = 2 * 1024 * 1024
"""The largest catalogue read (v1.1 is about 90 kB)."""

_MESSAGES = {
    "extra_forbidden": "unknown key (not part of the catalogue format: a typo?)",
    "missing": "missing key",
}
"""Plain words for pydantic's error types where its own message would confuse an expert."""


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a criteria catalogue.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The catalogue YAML. Default: ``<project root>/data/criteria/gia-v1.1.yaml``, the project
        root being ``$GIA_ROOT`` if set, else the folder that holds ``gia/`` (see
        :mod:`gia.paths`).

    Returns
    -------
    Catalogue
        The validated catalogue, with :attr:`Catalogue.path` and :attr:`Catalogue.sha256` set.
        Catalogues are cached by (resolved path, modification time, size): calling this
        repeatedly is cheap and returns the same (immutable) object.

    Raises
    ------
    CatalogueError
        If the file cannot be read, is not valid YAML or does not validate; the message names
        the file and every failing key path.
    """
    file = Path(path) if path is not None else default_catalogue_path()
    try:
        resolved = file.expanduser().resolve(strict=True)
        stat = resolved.stat()
        if not resolved.is_file():
            raise IsADirectoryError(f"{file} is not a file")
    except OSError as exc:
        raise CatalogueError(file, [f"cannot read the catalogue: {exc}"]) from exc
    return _load(str(resolved), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _load(resolved: str, mtime_ns: int, size: int) -> Catalogue:
    """Read and validate a file; cached on its path, modification time and size."""
    del mtime_ns, size  # the cache key: a changed file is read again
    file = Path(resolved)
    try:
        raw_bytes = Path(resolved).read_bytes()
    except OSError as exc:
        raise CatalogueError(file, [f"cannot read the catalogue: {exc}"]) from exc
    data = _parse(file, raw_bytes)
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(file, problems_from(exc, data)) from None
    catalogue._path = Path(resolved)  # noqa: SLF001 - provenance set once, by the loader
    catalogue._sha256 = hashlib.sha256(raw_bytes).hexdigest()  # noqa: SLF001
    return catalogue


def _parse(file: Path, raw_bytes: bytes) -> dict[str, Any]:
    try:
        data = load_yaml(raw_bytes.decode("utf-8"), max_bytes=MAX_CATALOGUE_BYTES)
    except UnicodeDecodeError as exc:
        raise CatalogueError(file, [f"not UTF-8 text: {exc.reason} at byte {exc.start}"]) from None
    except UntrustedYamlError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise CatalogueError(file, [f"{where}{exc.message}"]) from None
    if not isinstance(data, dict):
        raise CatalogueError(
            file, [f"(top level): a mapping of keys is expected, got {type(data).__name__}"]
        )
    return data


def problems_from(error: ValidationError, data: Any) -> list[str]:
    """Every problem of a catalogue that does not validate, one ``key path: message`` each.

    Field errors stop pydantic before the cross-key rules; those are then run on the raw data,
    so that every problem is reported at once.
    """
    problems: list[str] = []
    cross: list[tuple[tuple[Any, ...], str]] = []
    for err in error.errors():
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, CrossCheckError):
            cross.extend(ctx_error.problems)
            continue
        problems.append(f"{fmt_loc(err['loc'], data)}: {_MESSAGES.get(err['type'], err['msg'])}")
    seen = set(problems)
    for loc, msg in cross or cross_problems(data):
        line = f"{fmt_loc(loc, data)}: {msg}"
        if line not in seen:
            seen.add(line)
            problems.append(line)
    return problems
