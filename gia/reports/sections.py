"""What a report takes from one executed notebook: its tables, charts and notes, by kind.

The notebook display helpers mark their outputs (output metadata ``gia``: ``part``, ``tenant``, and
for charts ``alt`` and ``caption``, see :mod:`gia.reports.tables` and :mod:`gia.reports.charts`);
:func:`extract_section` collects the marked outputs and the notebook's "Methodology choices" text.
Everything else (library source, instructions, the parameters cell) stays in the notebook, which the
report links to. The runner's workers call it right after executing a notebook, so that the report
is assembled, not rendered, at the end.
"""

from __future__ import annotations

import json
import re
from typing import Any

import nbformat

from gia.reports.tables import METADATA_KEY

CHOICES_HEADING = re.compile(r"^#{2,4}\s+Methodology choices\s*$", re.M)

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


def markdown_html(markdown: str) -> str:
    """Return project Markdown (notebook templates, catalogue text) as HTML, maths as MathML."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(latex_to_mathml(markdown))


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """Return the first level-1 heading of a notebook's Markdown."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def methodology_choices(nb: nbformat.NotebookNode) -> str:
    """Return the notebook's "Methodology choices" as HTML (its heading left out), or ""."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        found = CHOICES_HEADING.search(cell.source)
        if found:
            return markdown_html(cell.source[found.end() :].strip())
    return ""


def _part(output: dict[str, Any]) -> dict[str, Any] | None:
    marker = (output.get("metadata") or {}).get(METADATA_KEY)
    if not marker:
        return None
    data = output.get("data", {})
    part = {"part": marker.get("part", "table"), "tenant": bool(marker.get("tenant"))}
    if "image/png" in data:
        png = data["image/png"]
        part |= {
            "png": "".join(png) if isinstance(png, list) else png,
            "alt": marker.get("alt", ""),
            "caption": marker.get("caption", ""),
        }
    elif "text" in marker:
        part["text"] = marker["text"]
    elif "text/html" in data:
        html = data["text/html"]
        part["html"] = "".join(html) if isinstance(html, list) else html
    else:
        return None
    return part


def extract_section(nb: nbformat.NotebookNode, stem: str) -> dict[str, Any]:
    """Return the parts of an executed notebook the report shows.

    Returns
    -------
    dict
        ``title``, ``stem``, ``choices`` (HTML) and ``parts``: the marked outputs in notebook
        order, each with ``part``, ``tenant`` and ``html``, or ``png``, ``alt`` and ``caption``,
        or ``text``.
    """
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            found = _part(output)
            if found is not None:
                parts.append(found)
    return {
        "title": notebook_title(nb, stem),
        "stem": stem,
        "choices": methodology_choices(nb),
        "parts": parts,
    }


def render_section(nb: nbformat.NotebookNode, stem: str = "notebook") -> str:
    """Return :func:`extract_section` as JSON text (what the runner's workers write)."""
    return json.dumps(extract_section(nb, stem), sort_keys=True)
