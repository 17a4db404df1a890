"""``gia verify REPORT_DIR``: re-execute an assessment someone sent and compare everything.

A report folder comes from someone else: verify treats it as untrusted. Nothing in it is ever
executed or used as a path before it is checked.

1. ``manifest.json`` and ``results.json`` are read with a size limit and the manifest is
   validated by a strict model (:class:`Manifest`): unknown keys, wrong types and malformed
   hashes are errors.
2. Every path it names must lie inside the project (the catalogue, the inputs, the reference
   tables, the template notebooks); the kernel must be the project's own (``gia``).
3. The folder must hold exactly the report's files (``results.json``, ``report.html``,
   ``lineage.json``, ``manifest.json``, the executed notebooks; ``report.pdf`` may be there);
   an extra or missing file, or a symbolic link, is named.
4. The sha256 of every input, reference table, template notebook and of the catalogue must be
   the recorded one (a changed file is named with both hashes), and so must the sha256 of the
   report's own files.
5. The run is planned again by gia itself, from the area and the catalogue only: the templates
   are the project's notebooks for the catalogue's criteria and the parameters are built by
   gia, never read from the manifest (the manifest's must equal them, or nothing runs).
6. The notebooks are executed in fresh kernels, one per notebook (papermill's own engine, so
   that a reviewer's check does not depend on the warm-kernel engine under test; ``--warm``
   uses warm kernels instead), into a temporary folder and the whole report is built again
   (with the manifest's times, so that the page is the same page).
7. Every field of results.json is compared (levels, statuses and text exactly, numbers to a
   relative 1e-9), and report.html and each executed notebook byte for byte. When the package
   versions differ from the manifest's, embedded images are left out of that byte comparison
   (a plotting library may draw the same chart with other bytes), with a warning.

It proves that the published files are what this project's code computes from the named
inputs; it does not prove that the input data are true.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

from gia.data.problems import printable
from gia.paths import UnsafePathError, inside, project_root, reference_dir, relative_to_root
from gia.reports.manifest import OUTPUT_FILES, package_versions, sha256

REL_TOL = 1e-9
MAX_JSON_BYTES = 20 * 1024 * 1024
"""The largest results.json or manifest.json verify reads (a real one is a few dozen kB)."""

OPTIONAL_FILES = ("report.pdf",)
"""Files a report folder may hold that verify does not re-create (a print of report.html)."""

Sha256 = Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CatalogueEntry(_Strict):
    """The catalogue a report was computed with."""

    path: StrictStr
    sha256: Sha256


class NotebookEntry(_Strict):
    """One template notebook of a report: its hash, parameters and executed copy."""

    sha256: Sha256
    parameters: dict[StrictStr, StrictStr | None]
    output: StrictStr


class ReportOptions(_Strict):
    """How report.html was built."""

    tenant_detail: StrictBool = True


class Manifest(_Strict):
    """manifest.json as gia writes it; anything else is refused."""

    gia_version: StrictStr
    methodology_version: StrictStr
    gwp_set: StrictStr
    catalogue: CatalogueEntry
    area_id: Annotated[StrictStr, Field(pattern=r"^[a-z0-9-]+$", max_length=200)]
    inputs: dict[StrictStr, Sha256]
    reference: dict[StrictStr, Sha256]
    notebooks: dict[StrictStr, NotebookEntry]
    outputs: dict[StrictStr, Sha256]
    report: ReportOptions
    kernel: StrictStr
    versions: dict[StrictStr, StrictStr]
    git: dict[StrictStr, StrictStr | StrictBool | None]
    started: StrictStr
    finished: StrictStr


@dataclass
class Verification:
    """The outcome of a verification."""

    hash_problems: list[str] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    comparison: pd.DataFrame | None = None
    files: pd.DataFrame | None = None
    engine: str = ""
    """How the notebooks were re-executed (empty unless the report was built again)."""

    @property
    def ok(self) -> bool:
        """True when every check passed and every compared result and file matches."""
        return (
            not self.hash_problems
            and not self.file_problems
            and not self.errors
            and self.comparison is not None
            and bool(self.comparison["match"].all())
            and self.files is not None
            and bool(self.files["match"].all())
        )


# ----------------------------------------------------------------------------- reading


def read_json(path: Path) -> tuple[Any, str | None]:
    """Read a JSON file of a report folder: ``(document, None)`` or ``(None, what is wrong)``."""
    name = path.name
    if path.is_symlink():
        return None, f"{name}: a symbolic link; a report folder holds real files"
    if not path.is_file():
        return None, f"{name}: missing; a report folder holds results.json and manifest.json"
    if path.stat().st_size > MAX_JSON_BYTES:
        return None, f"{name}: larger than {MAX_JSON_BYTES // 2**20} MiB; not a gia report"
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except UnicodeDecodeError as exc:
        return None, f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})"
    except RecursionError:
        return None, f"{name}: nested too deeply; not a gia report"
    except ValueError as exc:
        return None, f"{name}: not valid JSON ({exc})"


def parse_manifest(doc: Any) -> tuple[Manifest | None, list[str]]:
    """Validate a manifest document; return it or one line per problem."""
    if not isinstance(doc, dict):
        return None, ["manifest.json: a JSON object is expected"]
    try:
        return Manifest.model_validate(doc), []
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = ".".join(_safe(str(p)) for p in err["loc"]) or "(top level)"
            lines.append(f"manifest.json, key {key}: {err['msg']}")
        return None, lines


def _safe(text: str, limit: int = 120) -> str:
    """Return untrusted text fit for a terminal line: escapes for control characters, cut."""
    return printable(text, limit)


# ----------------------------------------------------------------------------- planning


@dataclass
class TrustedPlan:
    """What the manifest names, each checked: the area, the catalogue, the files to hash."""

    area_source: Path
    catalogue_path: Path
    hashed: dict[str, str]


def trusted_plan(manifest: Manifest) -> tuple[TrustedPlan | None, list[str]]:
    """Check every path and name the manifest gives before anything uses it."""
    from gia.data.reference import TABLE_FILES
    from gia.reports.execution import KERNEL_NAME

    root = project_root()
    errors: list[str] = []
    if manifest.kernel != KERNEL_NAME:
        errors.append(
            f"manifest.json, key kernel: '{_safe(manifest.kernel)}' is not the "
            f"project's kernel '{KERNEL_NAME}'"
        )
    hashed: dict[str, str] = {}

    def check(rel: str, what: str) -> Path | None:
        try:
            return inside(root, rel, what)
        except UnsafePathError as exc:
            errors.append(f"manifest.json: {exc}")
            return None

    catalogue = check(manifest.catalogue.path, "catalogue path")
    if catalogue is not None and catalogue.suffix not in (".yaml", ".yml"):
        errors.append(
            f"manifest.json: catalogue path '{_safe(manifest.catalogue.path)}' is not a .yaml file"
        )
    hashed[manifest.catalogue.path] = manifest.catalogue.sha256
    for rel, digest in manifest.inputs.items():
        check(rel, "input path")
        hashed[rel] = digest
    expected_reference = {relative_to_root(reference_dir() / name) for name in TABLE_FILES.values()}
    if set(manifest.reference) != expected_reference:
        errors.append(
            "manifest.json, key reference: must name exactly the reference tables "
            f"{', '.join(sorted(expected_reference))}"
        )
    hashed.update(manifest.reference)
    for rel, entry in manifest.notebooks.items():
        check(rel, "template notebook")
        hashed[rel] = entry.sha256
    area_param, problems = _area_parameter(manifest)
    errors += problems
    area_source = check(area_param, "area parameter") if area_param is not None else None
    if errors or catalogue is None or area_source is None:
        return None, errors
    return TrustedPlan(area_source, catalogue, hashed), []


def _area_parameter(manifest: Manifest) -> tuple[str | None, list[str]]:
    """The area parameter every notebook ran with, or why the manifest does not give one."""
    parameters = [entry.parameters for entry in manifest.notebooks.values()]
    errors = []
    if not parameters or any(p != parameters[0] for p in parameters):
        errors.append(
            "manifest.json, key notebooks: every notebook of an area runs with the same parameters"
        )
    area_param = parameters[0].get("area") if parameters else None
    if not isinstance(area_param, str):
        return None, [*errors, "manifest.json, key notebooks: no area parameter"]
    return area_param, errors


def check_hashes(hashed: dict[str, str]) -> list[str]:
    """Return a line per project file whose sha256 differs from the manifest (or is missing)."""
    root = project_root()
    problems = []
    for rel, published in sorted(hashed.items()):
        path = root / rel
        if not path.is_file():
            problems.append(f"{rel}: missing (published sha256 {published})")
            continue
        current = sha256(path)
        if current != published:
            problems.append(f"{rel}: changed (published sha256 {published}, now {current})")
    return problems


def check_folder(report_dir: Path, manifest: Manifest) -> tuple[list[str], list[str]]:
    """Check the report folder's files against the manifest's ``outputs``.

    Returns
    -------
    errors, hash_problems
        Extra, missing or linked files; files whose sha256 differs from the manifest.
    """
    expected = set(manifest.outputs) | {"manifest.json"}
    required = {"manifest.json", *OUTPUT_FILES}
    required |= {f"notebooks/{Path(e.output).name}" for e in manifest.notebooks.values()}
    errors: list[str] = []
    found: set[str] = set()
    for path in sorted(report_dir.rglob("*")):
        rel = path.relative_to(report_dir).as_posix()
        if path.is_symlink():
            errors.append(f"{_safe(rel)}: a symbolic link in the report folder")
        elif path.is_file():
            found.add(rel)
    for rel in sorted(found - expected - set(OPTIONAL_FILES)):
        errors.append(f"{_safe(rel)}: a file the manifest does not name")
    for rel in sorted((expected | required) - found):
        errors.append(f"{_safe(rel)}: missing from the report folder")
    for rel in sorted(required - expected):
        errors.append(f"manifest.json, key outputs: {_safe(rel)} has no sha256")
    problems = []
    for rel, published in sorted(manifest.outputs.items()):
        path = report_dir / rel
        if rel in found and not path.is_symlink():
            current = sha256(path)
            if current != published:
                problems.append(
                    f"{_safe(rel)}: changed since the report was written "
                    f"(sha256 in manifest {published}, file {current})"
                )
    return errors, problems


def version_warnings(manifest: dict[str, Any] | Manifest) -> list[str]:
    """Return a warning per package whose version differs from the manifest."""
    versions = manifest.versions if isinstance(manifest, Manifest) else manifest.get("versions", {})
    now = package_versions()
    return [
        f"{_safe(name)} {_safe(published)} was used for the published report, {now.get(name)} now"
        for name, published in sorted(versions.items())
        if now.get(name) != published
    ]


# ----------------------------------------------------------------------------- comparing


def _same_value(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=0.0)
    return False


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:.6g}"
    return _safe(str(value), 60)


def _leaves(value: Any, prefix: str, out: dict[str, Any]) -> None:
    """Flatten a JSON document into {path: scalar}; list items with an id by their id."""
    if isinstance(value, dict):
        if not value:
            out[prefix] = {}
        for k, v in value.items():
            _leaves(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, list):
        out[f"{prefix} (length)"] = len(value)
        for n, v in enumerate(value):
            key = v.get("id") if isinstance(v, dict) and isinstance(v.get("id"), str) else n
            _leaves(v, f"{prefix}[{key}]", out)
    else:
        out[prefix] = value


MAIN_FIELDS = {
    "prerequisites": ("passed",),
    "criteria": ("value", "level", "status"),
    "informative": ("value", "status"),
}


class _Comparison:
    """The rows of :func:`compare_results`, and the fields they covered."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.covered: set[str] = set()

    def add(self, item: str, a: Any, b: Any, match: bool | None = None) -> None:
        self.rows.append(
            {
                "item": item,
                "published": a,
                "re-executed": b,
                "match": _same_value(a, b) if match is None else match,
            }
        )

    def mapping(self, label: str, key: str, a: Any, b: dict) -> None:
        """A row per key of a mapping (themes, inventory totals)."""
        if not isinstance(a, dict):
            return
        for name in list(b) + [n for n in a if n not in b]:
            self.add(f"{label} {_safe(str(name))}", a.get(name), b.get(name))
            self.covered.add(f"{key}.{name}")

    def entries(self, key: str, fields: tuple[str, ...], a_list: Any, b_list: list) -> None:
        """A row per entry with an id (prerequisites, criteria, indicators)."""
        a_items = {
            e["id"]: e
            for e in (a_list if isinstance(a_list, list) else [])
            if isinstance(e, dict) and "id" in e and isinstance(e["id"], str)
        }
        b_items = {e["id"]: e for e in b_list}
        for item_id in list(b_items) + [i for i in a_items if i not in b_items]:
            a, b = a_items.get(item_id), b_items.get(item_id)
            self.covered |= {f"{key}[{item_id}].{f}" for f in fields}
            if a is None or b is None:
                self.add(
                    _safe(item_id),
                    "missing" if a is None else "present",
                    "missing" if b is None else "present",
                    False,
                )
                continue
            match = all(_same_value(a.get(f), b.get(f)) for f in fields)
            self.add(
                item_id,
                " ".join(_show(a.get(f)) for f in fields),
                " ".join(_show(b.get(f)) for f in fields),
                match,
            )

    def others(self, published: dict, rerun: dict) -> None:
        """A row per other field that differs, and one counting the other fields compared."""
        flat_a: dict[str, Any] = {}
        flat_b: dict[str, Any] = {}
        _leaves(published, "", flat_a)
        _leaves(rerun, "", flat_b)
        others = [
            k
            for k in list(flat_b) + [k for k in flat_a if k not in flat_b]
            if k not in self.covered
        ]
        differing = [
            k
            for k in others
            if k not in flat_a or k not in flat_b or not _same_value(flat_a[k], flat_b[k])
        ]
        for key in differing:
            self.add(_safe(key), flat_a.get(key, "missing"), flat_b.get(key, "missing"), False)
        self.add(
            f"other fields ({len(others)})",
            f"{len(others) - len(differing)} equal",
            f"{len(differing)} differ",
            not differing,
        )


def compare_results(published: Any, rerun: Any) -> pd.DataFrame:
    """Compare two results documents, every field of them.

    Returns
    -------
    pandas.DataFrame
        Columns ``item, published, re-executed, match``: a row for the level, the overall
        score, every theme, prerequisite, criterion (value, level, status), indicator and
        inventory total; a row per other field that differs (area, year, methodology version,
        units, points, warnings, ...); and one row counting the other fields compared.
    """
    if not isinstance(published, dict):
        published = {}
    c = _Comparison()
    for key in ("level", "route", "overall_score"):
        c.add(key, published.get(key), rerun.get(key))
    c.covered |= {"level", "overall_score"}
    c.mapping("theme", "themes", published.get("themes") or {}, rerun.get("themes") or {})
    for key, fields in MAIN_FIELDS.items():
        c.entries(key, fields, published.get(key), rerun.get(key, []))
    c.mapping(
        "inventory", "inventory", published.get("inventory") or {}, rerun.get("inventory") or {}
    )
    c.others(published, rerun)
    table = pd.DataFrame(c.rows, columns=["item", "published", "re-executed", "match"])
    for column in ("published", "re-executed"):
        table[column] = table[column].map(_show)
    return table


_IMAGES = (
    re.compile(rb'("image/(?:png|jpeg|svg\+xml)": )"(?:[^"\\]|\\.)*"'),
    re.compile(rb"(data:image/[a-z+]+;base64,)[A-Za-z0-9+/=]+"),
)


def _without_images(data: bytes) -> bytes:
    for pattern in _IMAGES:
        data = pattern.sub(rb"\1<image>", data)
    return data


def compare_files(
    published_dir: Path, rerun_dir: Path, names: list[str], *, images: bool
) -> pd.DataFrame:
    """Compare report files byte for byte (``images=False``: embedded images left out)."""
    rows = []
    for name in names:
        a_path, b_path = published_dir / name, rerun_dir / name
        a = a_path.read_bytes() if a_path.is_file() and not a_path.is_symlink() else None
        b = b_path.read_bytes() if b_path.is_file() else None
        if a is not None and b is not None and not images:
            a, b = _without_images(a), _without_images(b)
        match = a is not None and a == b
        rows.append(
            {
                "item": f"file {name}",
                "published": "missing" if a is None else f"{len(a):,} bytes",
                "re-executed": "missing" if b is None else f"{len(b):,} bytes",
                "match": match,
            }
        )
    return pd.DataFrame(rows, columns=["item", "published", "re-executed", "match"])


# ----------------------------------------------------------------------------- re-running


def rebuild(
    plan: TrustedPlan,
    manifest: Manifest,
    out: Path,
    *,
    jobs: int | None = None,
    progress: bool = True,
    isolated: bool = True,
) -> tuple[Path | None, list[str]]:
    """Assess the area again as gia plans it and build its report folder under ``out``.

    The run is planned from the area and the catalogue alone; the manifest's notebooks and
    parameters must equal the plan, or nothing is executed. ``isolated``: a fresh kernel for
    every notebook (else warm kernels).
    """
    from gia.data.area import load_area
    from gia.data.problems import AreaValidationError
    from gia.method.catalogue import CatalogueError, load_catalogue
    from gia.reports.execution import ISOLATED, WARM, AssessError, ensure_kernel, execute_tasks
    from gia.reports.planning import discard, finish_area, plan_area

    try:
        catalogue = load_catalogue(plan.catalogue_path)
    except CatalogueError as exc:
        return None, [str(exc)]
    try:
        area = load_area(plan.area_source, catalogue=catalogue)
    except AreaValidationError as exc:
        return None, [f"the area named by the manifest does not validate:\n{exc}"]
    except FileNotFoundError as exc:
        return None, [str(exc)]
    if area.id != manifest.area_id:
        return None, [
            f"manifest.json names area '{manifest.area_id}', its input is area '{area.id}'"
        ]
    ensure_kernel()
    try:
        lang = next(iter(manifest.notebooks.values())).parameters.get("lang") or "en"
        run = plan_area(area, catalogue, out, lang=str(lang))
    except AssessError as exc:
        return None, [str(exc)]
    planned = {t.template: (t.parameters, f"notebooks/{Path(t.output).name}") for t in run.tasks}
    given = {k: (dict(e.parameters), e.output) for k, e in manifest.notebooks.items()}
    if list(planned) != list(given) or planned != given:
        discard(run)
        return None, [
            "manifest.json, key notebooks: the notebooks and parameters differ from "
            "what gia runs for this area and catalogue; nothing was executed"
        ]
    run.started, run.git = manifest.started, dict(manifest.git)
    try:
        outcomes = execute_tasks(
            run.tasks, jobs=jobs, progress=progress, engine=ISOLATED if isolated else WARM
        )
        errors = sorted(o.error for o in outcomes if o.error)
        if errors:
            return None, errors
        try:
            return finish_area(
                run, area, catalogue, manifest.finished, tenant_detail=manifest.report.tenant_detail
            ), []
        except Exception as exc:  # the same failure as gia assess would report
            return None, [f"building the report again failed: {exc}"]
    finally:
        if run.workdir.exists():
            discard(run)


ENGINE_TEXT = {
    True: "isolated, a fresh kernel for every notebook",
    False: "warm kernels (gia-warm), reset between notebooks",
}
"""How :attr:`Verification.engine` names each way of re-executing."""


def verify(
    report_dir: Path,
    *,
    jobs: int | None = None,
    progress: bool = True,
    isolated: bool = True,
    keep: Path | None = None,
) -> Verification:
    """Verify a report folder someone sent (see the module docstring).

    ``isolated`` (default): every notebook is re-executed in a fresh kernel of its own;
    otherwise in warm kernels. ``keep``: a new folder the re-executed report is copied to.
    """
    report_dir = Path(report_dir)
    result = Verification()
    if not report_dir.is_dir():
        result.errors.append(f"{report_dir}: not a folder")
        return result
    if keep is not None and (keep.exists() or keep.is_symlink()):
        result.errors.append(f"--keep {_safe(str(keep), 300)}: exists; name a new folder")
        return result
    manifest_doc, manifest_error = read_json(report_dir / "manifest.json")
    published, results_error = read_json(report_dir / "results.json")
    result.errors += [e for e in (manifest_error, results_error) if e]
    if manifest_error:
        return result
    manifest, problems = parse_manifest(manifest_doc)
    result.errors += problems
    if manifest is None:
        return result
    plan, problems = trusted_plan(manifest)
    result.errors += problems
    folder_errors, output_problems = check_folder(report_dir, manifest)
    result.errors += folder_errors
    result.file_problems += output_problems
    result.warnings = version_warnings(manifest)
    if plan is None:
        return result
    result.hash_problems += check_hashes(plan.hashed)
    if not isinstance(published, dict):
        if not results_error:
            result.errors.append("results.json: a JSON object is expected")
        published = {}
    _re_execute(
        result,
        plan,
        manifest,
        report_dir,
        published,
        jobs=jobs,
        progress=progress,
        isolated=isolated,
        keep=keep,
    )
    return result


def _re_execute(
    result: Verification,
    plan: TrustedPlan,
    manifest: Manifest,
    report_dir: Path,
    published: dict,
    *,
    jobs: int | None,
    progress: bool,
    isolated: bool,
    keep: Path | None,
) -> None:
    """Rebuild the report in a temporary folder and compare its results and files."""
    with tempfile.TemporaryDirectory(prefix="gia-verify-") as tmp:
        rebuilt, errors = rebuild(
            plan, manifest, Path(tmp), jobs=jobs, progress=progress, isolated=isolated
        )
        result.errors += errors
        if rebuilt is None:
            return
        result.engine = ENGINE_TEXT[isolated]
        rerun = json.loads((rebuilt / "results.json").read_text("utf-8"))
        result.comparison = compare_results(published, rerun)
        images = not result.warnings
        if not images:
            result.warnings.append(
                "package versions differ: the embedded chart images were "
                "not compared byte for byte; every other byte was"
            )
        names = list(OUTPUT_FILES) + sorted(
            f"notebooks/{p.name}" for p in (rebuilt / "notebooks").glob("*.ipynb")
        )
        result.files = compare_files(report_dir, rebuilt, names, images=images)
        if keep is not None:
            shutil.copytree(rebuilt, keep)


def format_verification(v: Verification, report_dir: Path) -> str:
    """Return the text ``gia verify`` prints: checks, the comparison tables, the verdict."""
    lines = []
    for problem in v.hash_problems:
        lines.append(f"input changed: {problem}")
    for problem in v.file_problems:
        lines.append(f"report file changed: {problem}")
    for error in v.errors:
        lines.append(f"error: {error}")
    for warning in v.warnings:
        lines.append(f"warning: {warning}")
    if v.engine:
        lines.append(f"re-executed: {v.engine}")
    tables = [t for t in (v.comparison, v.files) if t is not None]
    if tables:
        table = pd.concat(tables, ignore_index=True)
        shown = table.assign(match=table["match"].map({True: "yes", False: "NO"}))
        lines.append(shown.to_string(index=False))
        mismatches = int((~table["match"]).sum())
        if mismatches:
            lines.append(f"{mismatches} item(s) differ")
    verdict = "VERIFIED: same inputs, same results, same report" if v.ok else "NOT VERIFIED"
    lines.append(f"{_safe(str(report_dir), 300)}: {verdict}")
    return "\n".join(lines)
