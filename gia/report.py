"""report.html: one self-contained page from an area's executed notebooks.

Images are embedded, code cells hidden, formulas turned into MathML (rendered by the browser, no
script or network needed), and a table of contents links every section. Area text reaches the
page only as escaped text: notebooks escape it before display, pandas escapes table cells.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

import nbformat

from gia.notebook import RESULT_MIMETYPE

REPORT_ORDER_FIRST = ("summary.ipynb", "inventory.ipynb")

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: #1d2b36; background: #fafbfc; line-height: 1.45; }
header.top { background: #1f4e79; color: white; padding: 1.2em 2em; }
header.top h1 { margin: 0; font-size: 1.6em; }
header.top p { margin: 0.3em 0 0; opacity: 0.9; }
nav.toc { position: fixed; top: 0; bottom: 0; left: 0; width: 16em; overflow-y: auto;
          background: #eef2f6; padding: 1em; font-size: 0.9em; box-sizing: border-box; }
nav.toc h2 { font-size: 1em; margin-top: 0; }
nav.toc ol { padding-left: 1.3em; margin: 0; }
nav.toc a { color: #1f4e79; text-decoration: none; }
main { margin-left: 16em; overflow-x: hidden; }
section.notebook { overflow-x: auto; }
#scorecard { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; margin: 1.2em 2em; }
#scorecard .badge { padding: 0.8em 1.4em; border-radius: 8px; font-size: 1.6em; font-weight: 700;
                    color: #1d2b36; min-width: 8em; text-align: center; }
#scorecard .badge small { display: block; font-size: 0.5em; font-weight: 400; }
.level-gold { background: #f1d36b; } .level-silver { background: #d9d9d9; }
.level-bronze { background: #e3c9a8; } .level-not_certified { background: #f4c7c3; }
#scorecard table { margin: 0; }
section.notebook { background: white; margin: 1.2em 2em; padding: 0.5em 1.5em 1em;
                   border: 1px solid #dde3ea; border-radius: 6px; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.88em; }
th, td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; text-align: right; }
th { background: #f3f6f9; }
td:first-child, th:first-child { text-align: left; }
pre { background: #f6f8fa; padding: 0.6em; overflow-x: auto; font-size: 0.88em; }
img { max-width: 100%; height: auto; }
math[display="block"] { margin: 0.6em 0; font-size: 1.1em; }
.jp-InputArea, .input_area, .jp-Cell-inputWrapper { display: none; }
@media print { nav.toc { display: none; } main { margin-left: 0; } }
"""

_BLOCK_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$")


def latex_to_mathml(markdown: str) -> str:
    r"""Replace ``$$…$$`` and ``$…$`` in Markdown by MathML (no MathJax needed).

    >>> "<math" in latex_to_mathml(r"$$x = \frac{a}{b}$$")
    True
    """
    from latex2mathml.converter import convert

    def block(match: re.Match) -> str:
        return "\n\n" + convert(match.group(1).strip(), display="block") + "\n\n"

    def inline(match: re.Match) -> str:
        return convert(match.group(1).strip())

    return _INLINE_MATH.sub(inline, _BLOCK_MATH.sub(block, markdown))


def _prepare(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cells = []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if {"parameters", "injected-parameters"} & tags:
            continue
        if cell.cell_type == "markdown":
            cell.source = latex_to_mathml(cell.source)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if RESULT_MIMETYPE not in o.get("data", {})]
            if not cell.outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def report_order(names: list[str]) -> list[str]:
    """Return notebook file names in report order: summary, inventory, then the criteria."""
    first = [n for n in REPORT_ORDER_FIRST if n in names]
    return first + [n for n in names if n not in first]


def scorecard_html(results: dict[str, Any]) -> str:
    """Return the scorecard block at the top of the page (level, overall, theme scores)."""
    level = str(results["level"])
    overall = results["overall_score"]
    shown = "n/a" if overall is None else f"{overall:.1f} %"
    rows = "".join(
        f"<tr><td>{html.escape(str(t))}</td><td>{'n/a' if s is None else f'{s:.1f} %'}</td></tr>"
        for t, s in results["themes"].items()
    )
    failed = [p for p in results["prerequisites"] if not p["passed"]]
    prereq = ("all prerequisites passed" if not failed else "failed: " + ", ".join(
        html.escape(p["id"]) for p in failed))
    return (f'<div id="scorecard"><div class="badge level-{html.escape(level)}">'
            f'{html.escape(level.replace("_", " ").title())}<small>overall score {shown}; '
            f"{prereq}</small></div><table><tr><th>theme</th><th>score</th></tr>{rows}"
            "</table></div>")


@functools.cache
def _exporter() -> Any:
    """Return the HTML exporter of the sections, made once per process.

    It compiles its templates on first use: made anew for every section, that was half the
    cost of a section.
    """
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="basic", exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True)


def render_section(nb: nbformat.NotebookNode) -> str:
    """Return one executed notebook's report section as JSON text: its title and HTML body."""
    title = _title(nb, "notebook")
    body, _ = _exporter().from_notebook_node(_prepare(nb))
    return json.dumps({"title": title, "body": body})


def render_report(folder: Path, names: list[str], area: Any,
                  sections: Path | None = None) -> str:
    """Return the HTML page of the executed notebooks ``names`` in ``folder/notebooks``.

    ``sections`` is a folder of sections already rendered by :func:`render_section` (as the
    runner's workers do); a notebook without one is rendered here.
    """
    sections_html, toc = [], []
    for name in report_order(names):
        stem = Path(name).stem
        part = Path(sections) / f"{stem}.json" if sections else None
        if part is not None and part.is_file():
            rendered = json.loads(part.read_text("utf-8"))
        else:
            nb = nbformat.read(Path(folder) / "notebooks" / name, as_version=4)
            rendered = json.loads(render_section(nb))
        title, body = rendered["title"], rendered["body"]
        if title == "notebook":
            title = stem
        anchor = "sec-" + re.sub(r"[^A-Za-z0-9-]", "-", stem)
        toc.append(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>')
        sections_html.append(f'<section class="notebook" id="{anchor}">\n{body}\n</section>')
    facts = area.facts
    heading = (f"{html.escape(facts.name)} ({html.escape(area.id)}): assessment, reporting "
               f"year {facts.reporting_year}")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{heading}</title>",
        f"<style>{CSS}</style></head><body>",
        f'<nav class="toc"><h2>Contents</h2><ol>{"".join(toc)}</ol></nav>',
        "<main>",
        f'<header class="top"><h1>{heading}</h1><p>GIA Workbench assessment report. Every '
        "number comes from the executed notebooks of this folder (notebooks/); results.json "
        "holds them unrounded, manifest.json their provenance.</p></header>",
        scorecard_html(json.loads((Path(folder) / "results.json").read_text("utf-8"))),
        *sections_html,
        "</main></body></html>",
    ]) + "\n"


def write_report(folder: Path, names: list[str], area: Any,
                 sections: Path | None = None) -> Path:
    """Write ``folder/report.html`` (see :func:`render_report`)."""
    path = Path(folder) / "report.html"
    path.write_text(render_report(folder, names, area, sections), encoding="utf-8")
    return path
