"""The report's template, stylesheet and sections (in-process, no notebook run)."""

from __future__ import annotations

import re

import nbformat

from gia.method.catalogue import load_catalogue
from gia.reports.charts import band_edges
from gia.reports.report import _environment, css_string, source_lines
from gia.reports.sections import extract_section


def test_template_escapes_every_value() -> None:
    env = _environment()
    assert env.from_string("{{ x }}").render(x='<b a="1">') == "&lt;b a=&#34;1&#34;&gt;"
    source = env.loader.get_source(env, "report.html.j2")[0]
    # the only unescaped values are named in the template's header comment
    safe = set(re.findall(r"{{\s*([\w.]+)\|safe\s*}}", source))
    assert safe <= {
        "css",
        "running_header",
        "page_label",
        "of_label",
        "inventory_html",
        "informative_html",
        "html",
        "crit.formula",
        "crit.choices",
        "tenant_inventory_html",
        "factors_html",
    }, safe


def test_css_strings_hold_only_letters_digits_and_escapes() -> None:
    text = css_string('Park "A" </style><script>x</script>\\ ; }')
    inner = text[1:-1]
    assert re.fullmatch(r"([A-Za-z0-9]|\\[0-9a-f]{6})*", inner)


def test_sources_name_the_anchor_once() -> None:
    cat = load_catalogue()
    for spec in cat.criteria:
        lines = source_lines(spec, cat)
        assert len(lines) == len(set(lines))
        assert not any(line.endswith(".") for line in lines)


def test_year_axis_spans_the_thresholds_with_a_margin() -> None:
    gm1 = load_catalogue().criterion("GM-1")
    assert band_edges(gm1, 2045.0) == (2030.0, 2060.0)
    en1 = load_catalogue().criterion("EN-1")
    assert band_edges(en1, 72.8) == (0.0, 100.0)


def test_sections_take_only_marked_outputs() -> None:
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("x")
    code.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/html": "<table>d</table>"},
            metadata={"gia": {"part": "details", "tenant": False}},
        ),
        nbformat.v4.new_output("display_data", data={"text/markdown": "From `gia`: def f()"}),
        nbformat.v4.new_output(
            "display_data",
            data={"image/png": "iVBOR", "text/plain": "a"},
            metadata={"gia": {"part": "chart", "alt": "EN-1 1 %", "caption": "c", "tenant": True}},
        ),
    ]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# EN-1 Title\n\nChange `area` in the next cell"),
        code,
        nbformat.v4.new_markdown_cell("### Methodology choices\n\n- **one** $x$"),
    ]
    section = extract_section(nb, "EN-1")
    assert section["title"] == "EN-1 Title"
    assert [p["part"] for p in section["parts"]] == ["details", "chart"]
    assert section["parts"][1]["tenant"] and section["parts"][1]["alt"] == "EN-1 1 %"
    assert "<strong>one</strong>" in section["choices"] and "<math" in section["choices"]
    assert "Methodology choices" not in section["choices"]
    assert "next cell" not in str(section) and "def f" not in str(section)
