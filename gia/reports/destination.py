"""Where a report folder may be written, and its temporary folder: nothing a user owns is lost.

``gia assess`` writes ``<out>/<area-id>/``. It replaces an existing folder there only when that
folder is a report written by gia (a ``manifest.json`` of gia for the same area, and nothing but
report files); an input area, a folder with other files, a file or a symbolic link is refused
with a message that says why. The report is built in a temporary folder beside its destination
that carries a marker naming the process that made it, so that a later run can remove the
folders of runs that were killed (and only those), and restore a report that a killed run had
moved aside.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from pathlib import Path

from gia.reports.manifest import OUTPUT_FILES

REPORT_FILES = frozenset({*OUTPUT_FILES, "manifest.json", "report.pdf"})
"""The files a report folder holds besides ``notebooks/``: the outputs the manifest hashes
(:data:`gia.reports.manifest.OUTPUT_FILES`), the manifest, and the optional PDF."""

MARKER = ".gia-run.json"
"""The file in a temporary report folder that names the process building it."""


class DestinationError(RuntimeError):
    """A report may not be written where it was asked to go."""


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def report_folder_problem(folder: Path, area_id: str) -> str | None:
    """Return why ``folder`` is not a report of ``area_id`` written by gia, or None if it is.

    A report folder holds ``manifest.json`` (a JSON object with gia's keys and this
    ``area_id``), report files (:data:`REPORT_FILES`) and ``notebooks/`` with ``.ipynb`` files
    only; no symbolic link anywhere. An empty folder counts as a report (nothing is lost).
    """
    names = _entries(folder)
    if not names:
        return None
    return _foreign_entry(folder, names) or _manifest_problem(folder, area_id)


def _foreign_entry(folder: Path, names: list[str]) -> str | None:
    """Why the folder's entries are not only a report's files, or None."""
    if "area.yaml" in names:
        return "it is an area folder (it holds area.yaml)"
    others = [n for n in names if n not in REPORT_FILES and n != "notebooks"]
    if others:
        return f"it holds files that are not part of a report: {', '.join(others[:5])}"
    for name in names:
        if (folder / name).is_symlink():
            return f"{name} is a symbolic link"
    notebooks = folder / "notebooks"
    if "notebooks" not in names:
        return None
    if not notebooks.is_dir():
        return "notebooks is not a folder"
    foreign = [
        p.name
        for p in notebooks.iterdir()
        if p.is_symlink() or not p.is_file() or p.suffix != ".ipynb"
    ]
    if foreign:
        return f"notebooks/ holds files that are not notebooks: {', '.join(foreign[:5])}"
    return None


def _manifest_problem(folder: Path, area_id: str) -> str | None:
    """Why the folder's manifest.json is not gia's manifest of ``area_id``, or None."""
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        return "it has no manifest.json written by gia"
    try:
        doc = json.loads(manifest.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return "its manifest.json is not one written by gia"
    if not isinstance(doc, dict) or "gia_version" not in doc or doc.get("area_id") != area_id:
        return f"its manifest.json is not gia's manifest of area '{area_id}'"
    return None


def check_destination(destination: Path, area_id: str, inputs: list[Path]) -> None:
    """Refuse a destination that is not a report folder, or that holds or lies in an input.

    Parameters
    ----------
    destination : Path
        ``<out>/<area-id>``.
    area_id : str
        The area whose report goes there.
    inputs : list of Path
        The sources (area folders, workbooks) of every area of the run.

    Raises
    ------
    DestinationError
        Saying why, and what to do.
    """
    destination = Path(destination)
    shown = destination.as_posix()
    if destination.is_symlink():
        raise DestinationError(
            f"{shown} is a symbolic link: gia does not write through it; choose another --out"
        )
    if destination.exists() and not destination.is_dir():
        raise DestinationError(f"{shown} exists and is not a folder: choose another --out")
    target = destination.resolve()
    for source in inputs:
        source = Path(source).resolve()
        if target == source or source.is_relative_to(target) or target.is_relative_to(source):
            raise DestinationError(
                f"{shown} would replace or lie inside the input area {source.as_posix()}: "
                "choose another --out (reports/ by default)"
            )
    if destination.is_dir():
        problem = report_folder_problem(destination, area_id)
        if problem:
            raise DestinationError(
                f"{shown} exists and is not a report written by gia ({problem}): it is left "
                "untouched; choose another --out, or move that folder away yourself"
            )


def process_start(pid: int) -> str | None:
    """Return a process's start time as the kernel counts it (Linux), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def _alive(pid: int, start: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    now = process_start(pid)
    return start is None or now is None or now == start


def make_workdir(out_dir: Path, area_id: str) -> Path:
    """Create the temporary folder of a report beside its destination, with its marker."""
    workdir = Path(tempfile.mkdtemp(prefix=f".{area_id}.", suffix=".tmp", dir=out_dir))
    marker = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "start": process_start(os.getpid()),
        "area_id": area_id,
    }
    (workdir / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    return workdir


def clean_stale(out_dir: Path) -> list[Path]:
    """Remove the temporary folders of killed runs in ``out_dir``; restore moved-aside reports.

    Only folders named ``.<id>.*.tmp`` whose marker names a process of this machine that no
    longer runs are removed: a folder without a readable marker, or of a live run, or of
    another machine, is left alone. A ``.<id>.old`` folder (a report moved aside by a run killed
    while it replaced it) is moved back when ``<id>`` is missing, else removed if it is a report.

    Returns
    -------
    list of Path
        What was removed or restored.
    """
    out_dir = Path(out_dir)
    done: list[Path] = []
    if not out_dir.is_dir():
        return done
    host = socket.gethostname()
    for folder in sorted(out_dir.glob(".*.tmp")):
        marker = folder / MARKER
        if folder.is_symlink() or not folder.is_dir() or not marker.is_file():
            continue
        try:
            info = json.loads(marker.read_text("utf-8"))
            pid, start, where = int(info["pid"]), info.get("start"), info["host"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if where != host or _alive(pid, start):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        done.append(folder)
    for backup in sorted(out_dir.glob(".*.old")):
        area_id = backup.name[1 : -len(".old")]
        if backup.is_symlink() or not backup.is_dir() or report_folder_problem(backup, area_id):
            continue
        original = out_dir / area_id
        if not original.exists():
            backup.rename(original)
        else:
            shutil.rmtree(backup)
        done.append(backup)
    return done


def move_into_place(workdir: Path, destination: Path) -> Path:
    """Replace ``destination`` (a report folder, checked) by ``workdir``: renames only."""
    (workdir / MARKER).unlink(missing_ok=True)
    backup = None
    if destination.exists():
        backup = destination.with_name(f".{destination.name}.old")
        if backup.exists():
            shutil.rmtree(backup)
        destination.rename(backup)
    workdir.chmod(0o755)
    workdir.rename(destination)
    if backup is not None:
        shutil.rmtree(backup)
    return destination
