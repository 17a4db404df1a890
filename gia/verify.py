"""``gia verify REPORT_DIR``: re-execute a published assessment and compare, criterion by criterion.

1. Every file the manifest names (inputs, catalogue, reference tables, template notebooks) must
   have the sha256 it records; a changed file is named with both hashes.
2. The notebooks are executed again with the recorded parameters and kernel, into a temporary
   folder; results.json is rebuilt from what they record.
3. The published results.json and the re-executed one are compared: levels, statuses and
   pass/fail exactly, values to a relative tolerance of 1e-9.
Package versions that differ from the manifest are reported as warnings, not failures.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gia.manifest import package_versions, sha256
from gia.paths import project_root
from gia.results import read_results

REL_TOL = 1e-9


@dataclass
class Verification:
    """The outcome of a verification."""

    hash_problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    comparison: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        """True when every hash and every compared result matches."""
        return (not self.hash_problems and not self.errors and self.comparison is not None
                and bool(self.comparison["match"].all()))


def check_hashes(manifest: dict[str, Any]) -> list[str]:
    """Return a line per file whose sha256 differs from the manifest (or that is missing)."""
    root = project_root()
    expected: dict[str, str] = {}
    expected.update(manifest.get("inputs", {}))
    expected.update(manifest.get("reference", {}))
    catalogue = manifest.get("catalogue", {})
    if catalogue:
        expected[catalogue["path"]] = catalogue["sha256"]
    for template, entry in manifest.get("notebooks", {}).items():
        expected[template] = entry["sha256"]
    problems = []
    for rel, published in sorted(expected.items()):
        path = root / rel
        if not path.is_file():
            problems.append(f"{rel}: missing (published sha256 {published})")
            continue
        current = sha256(path)
        if current != published:
            problems.append(f"{rel}: changed (published sha256 {published}, now {current})")
    return problems


def version_warnings(manifest: dict[str, Any]) -> list[str]:
    """Return a warning per package whose version differs from the manifest."""
    now = package_versions()
    return [f"{name} {published} was used for the published report, {now.get(name)} now"
            for name, published in sorted(manifest.get("versions", {}).items())
            if now.get(name) != published]


def _same_value(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=0.0)


def _show(value: Any) -> str:
    return "null" if value is None else (f"{value:.6g}" if isinstance(value, float) else
                                          str(value))


def compare_results(published: dict[str, Any], rerun: dict[str, Any]) -> pd.DataFrame:
    """Compare two results documents item by item.

    Returns
    -------
    pandas.DataFrame
        Columns ``item, published, re-executed, match``: the level, overall score, every theme,
        prerequisite, criterion (value, level, status), indicator and inventory total.
    """
    rows: list[dict[str, Any]] = []

    def add(item: str, a: Any, b: Any, match: bool | None = None) -> None:
        rows.append({"item": item, "published": a, "re-executed": b,
                     "match": _same_value(a, b) if match is None else match})

    add("level", published.get("level"), rerun.get("level"))
    add("route", published.get("route"), rerun.get("route"))
    add("overall_score", published.get("overall_score"), rerun.get("overall_score"))
    for theme in sorted(set(published.get("themes", {})) | set(rerun.get("themes", {}))):
        add(f"theme {theme}", published.get("themes", {}).get(theme),
            rerun.get("themes", {}).get(theme))
    for key, fields in (("prerequisites", ("passed",)),
                        ("criteria", ("value", "level", "status")),
                        ("informative", ("value", "status"))):
        a_items = {e["id"]: e for e in published.get(key, [])}
        b_items = {e["id"]: e for e in rerun.get(key, [])}
        for item_id in list(a_items) + [i for i in b_items if i not in a_items]:
            a, b = a_items.get(item_id), b_items.get(item_id)
            if a is None or b is None:
                add(item_id, "missing" if a is None else "present",
                    "missing" if b is None else "present", False)
                continue
            match = all(_same_value(a.get(f), b.get(f)) for f in fields)
            add(item_id, " ".join(_show(a.get(f)) for f in fields),
                " ".join(_show(b.get(f)) for f in fields), match)
    for name in sorted(set(published.get("inventory", {})) | set(rerun.get("inventory", {}))):
        add(f"inventory {name}", published.get("inventory", {}).get(name),
            rerun.get("inventory", {}).get(name))
    table = pd.DataFrame(rows, columns=["item", "published", "re-executed", "match"])
    for column in ("published", "re-executed"):
        table[column] = table[column].map(_show)
    return table


def reexecute(manifest: dict[str, Any], *, jobs: int | None = None,
              progress: bool = True) -> tuple[dict[str, Any] | None, list[str]]:
    """Execute the manifest's notebooks again; return the rebuilt results and any errors."""
    from gia.catalogue import load_catalogue
    from gia.reportfolder import collect_results
    from gia.runner import NotebookTask, ensure_kernel, execute_tasks

    kernel = manifest.get("kernel") or "gia"
    ensure_kernel(kernel)
    catalogue = load_catalogue(project_root() / manifest["catalogue"]["path"])
    with tempfile.TemporaryDirectory(prefix="gia-verify-") as tmp:
        out = Path(tmp) / "notebooks"
        out.mkdir()
        tasks = [NotebookTask(template, str(out / Path(entry["output"]).name),
                              dict(entry["parameters"]), kernel)
                 for template, entry in manifest["notebooks"].items()]
        outcomes = execute_tasks(tasks, jobs=jobs, progress=progress)
        errors = sorted(o.error for o in outcomes if o.error)
        if errors:
            return None, errors
        try:
            return collect_results(out, catalogue), []
        except ValueError as exc:
            return None, [str(exc)]


def verify(report_dir: Path, *, jobs: int | None = None, progress: bool = True) -> Verification:
    """Verify a published report folder (see the module docstring)."""
    report_dir = Path(report_dir)
    result = Verification()
    manifest_path = report_dir / "manifest.json"
    results_path = report_dir / "results.json"
    for path in (manifest_path, results_path):
        if not path.is_file():
            result.errors.append(f"{path}: missing; a report folder holds results.json and "
                                 "manifest.json")
    if result.errors:
        return result
    manifest = read_results(manifest_path)
    published = read_results(results_path)
    result.hash_problems = check_hashes(manifest)
    result.warnings = version_warnings(manifest)
    if not all((project_root() / t).is_file() for t in manifest.get("notebooks", {})):
        result.errors.append("a template notebook of the manifest is missing: cannot re-execute")
        return result
    rerun, errors = reexecute(manifest, jobs=jobs, progress=progress)
    result.errors += errors
    if rerun is not None:
        result.comparison = compare_results(published, rerun)
    return result


def format_verification(v: Verification, report_dir: Path) -> str:
    """Return the text ``gia verify`` prints: hashes, the comparison table, the verdict."""
    lines = []
    for problem in v.hash_problems:
        lines.append(f"input changed: {problem}")
    for error in v.errors:
        lines.append(f"error: {error}")
    for warning in v.warnings:
        lines.append(f"warning: {warning}")
    if v.comparison is not None:
        table = v.comparison.assign(match=v.comparison["match"].map({True: "yes", False: "NO"}))
        lines.append(table.to_string(index=False))
        mismatches = int((~v.comparison["match"]).sum())
        if mismatches:
            lines.append(f"{mismatches} item(s) differ")
    verdict = "VERIFIED: same inputs, same results" if v.ok else "NOT VERIFIED"
    lines.append(f"{report_dir}: {verdict}")
    return "\n".join(lines)
