"""manifest.json: enough for a reviewer to re-run an assessment and trust its result.

Holds the gia and methodology versions, the GWP set and the catalogue's sha256; the sha256 of
every input file, reference table and template notebook (paths relative to the project root, so a
published report verifies on another machine); the parameters of every notebook; Python and
package versions; the git commit and whether the tree was dirty; the kernel; start and end time;
and the sha256 of the report's own files (results.json, report.html, lineage.json, the executed
notebooks).
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gia
from gia.data.reference import TABLE_FILES
from gia.paths import project_root, reference_dir, relative_to_root

if TYPE_CHECKING:
    from gia.data.area import Area
    from gia.method.catalogue import Catalogue
    from gia.reports.planning import AreaRun

PACKAGES = (
    "pandas",
    "numpy",
    "papermill",
    "nbclient",
    "ipykernel",
    "seaborn",
    "matplotlib",
    "pydantic",
    "nbformat",
    "nbconvert",
)


def sha256(path: Path) -> str:
    """Return the sha256 (hex) of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def package_versions() -> dict[str, str]:
    """Return the versions of Python and the packages a result depends on."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover
            versions[name] = "not installed"
    return versions


def git_state() -> dict[str, Any]:
    """Return the git commit and whether tracked files outside reports/ differ from it.

    Both are None outside a git checkout.
    """
    root = project_root()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        # reports are outputs, not inputs: a run that replaces a tracked (published) report
        # does not make the tree that produced it dirty
        dirty = bool(
            subprocess.run(
                [
                    "git",
                    "status",
                    "--porcelain",
                    "--untracked-files=no",
                    "--",
                    ".",
                    ":(exclude)reports",
                ],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": dirty}


def file_entries(paths: list[Path]) -> dict[str, str]:
    """Return {project-relative path: sha256} for files."""
    return {relative_to_root(p): sha256(p) for p in sorted(paths)}


OUTPUT_FILES = ("results.json", "report.html", "lineage.json")
"""The files of a report folder, besides its notebooks, whose sha256 the manifest holds."""


def output_entries(folder: Path) -> dict[str, str]:
    """Return {path relative to the report folder: sha256} for results, page and notebooks."""
    paths = [folder / name for name in OUTPUT_FILES if (folder / name).is_file()]
    paths += sorted((folder / "notebooks").glob("*.ipynb"))
    return {p.relative_to(folder).as_posix(): sha256(p) for p in paths}


def build_manifest(
    area: Area, catalogue: Catalogue, run: AreaRun, finished: str, *, tenant_detail: bool = True
) -> dict[str, Any]:
    """Return the manifest of one area's report.

    ``tenant_detail`` is the report's option (``--no-tenant-detail``), recorded so that a
    reviewer's re-execution builds the same page.
    """
    root = project_root()
    return {
        "area_id": area.id,
        "methodology_version": catalogue.methodology_version,
        "gia_version": gia.__version__,
        "gwp_set": catalogue.gwp_set,
        "catalogue": {"path": relative_to_root(Path(catalogue.path)), "sha256": catalogue.sha256},
        "inputs": file_entries([Path(p) for p in area.files]),
        "reference": file_entries([reference_dir() / name for name in TABLE_FILES.values()]),
        "notebooks": {
            t.template: {
                "sha256": sha256(root / t.template),
                "parameters": t.parameters,
                "output": f"notebooks/{Path(t.output).name}",
            }
            for t in run.tasks
        },
        "outputs": output_entries(Path(run.workdir)),
        "report": {"tenant_detail": tenant_detail},
        "kernel": run.tasks[0].kernel if run.tasks else None,
        "versions": package_versions(),
        "git": getattr(run, "git", None) or git_state(),
        "started": run.started,
        "finished": finished,
    }
