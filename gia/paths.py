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


def default_catalogue_path() -> Path:
    """Return the path of the default criteria catalogue (methodology v1.1)."""
    return data_dir() / "criteria" / "gia-v1.1.yaml"


def relative_to_root(path: Path) -> str:
    """Return ``path`` relative to the project root (posix), or absolute if outside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(project_root()).as_posix()
    except ValueError:
        return path.as_posix()
