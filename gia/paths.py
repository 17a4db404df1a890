"""Where the project's data lives: the catalogue, the reference tables and the example areas.

The workbook runs from a clone of the project; the package finds ``data/`` beside itself. The
environment variable ``GIA_ROOT`` points elsewhere (for instance a copy of a published report's
project tree).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the project root: ``$GIA_ROOT``, else the folder that holds ``gia/``."""
    env = os.environ.get("GIA_ROOT")
    return Path(env).resolve() if env else Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """Return the ``data/`` folder of the project."""
    return project_root() / "data"


def areas_dir() -> Path:
    """Return the folder of the shipped example areas."""
    return data_dir() / "areas"


def reference_dir() -> Path:
    """Return the folder of the reference factor tables."""
    return data_dir() / "reference"


DEFAULT_CATALOGUE = "gia-v1.1.yaml"
"""File name of the default criteria catalogue under ``data/criteria/`` (methodology v1.1)."""


def default_catalogue_path() -> Path:
    """Return the path of the default criteria catalogue (:data:`DEFAULT_CATALOGUE`)."""
    return data_dir() / "criteria" / DEFAULT_CATALOGUE


def relative_to_root(path: Path) -> str:
    """Return ``path`` relative to the project root (posix), or absolute if outside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(project_root()).as_posix()
    except ValueError:
        return path.as_posix()


class UnsafePathError(ValueError):
    """A path taken from a file someone else wrote points outside where it may point."""


def inside(base: Path, relative: str, what: str) -> Path:
    """Return ``base / relative`` after checking that it stays inside ``base``.

    For paths read from untrusted files (a report's manifest): the path must be relative, in
    posix form, free of ``..`` and of control characters, and must resolve (symbolic links
    followed) to a place inside ``base``.

    Raises
    ------
    UnsafePathError
        Naming ``what`` and the path, when any of this does not hold.
    """
    shown = (
        relative.encode("unicode_escape").decode("ascii")
        if isinstance(relative, str)
        else repr(relative)
    )
    if not isinstance(relative, str) or not relative or relative != relative.strip():
        raise UnsafePathError(f"{what} '{shown}': not a relative path")
    if any(ord(ch) < 32 or ch == "\x7f" for ch in relative) or "\\" in relative:
        raise UnsafePathError(f"{what} '{shown}': holds a control character or a backslash")
    parts = relative.split("/")
    if relative.startswith("/") or ":" in parts[0] or ".." in parts or "" in parts:
        raise UnsafePathError(
            f"{what} '{shown}': must be a relative path inside {base} without '..'"
        )
    base = Path(base).resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        raise UnsafePathError(f"{what} '{shown}': points outside {base} (a symbolic link?)")
    return target
