"""Executed notebooks are the same however the kernel's printed text arrived."""

from __future__ import annotations

import nbformat
from hypothesis import given
from hypothesis import strategies as st

from gia.reports.reportfolder import coalesce_streams, sanitize_notebook


def _stream(name: str, text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name=name, text=text)


def _display(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={"text/plain": text})


def test_split_prints_merge_and_displays_keep_their_place() -> None:
    # a busy kernel sent "Level: Silver\nScore: 61 %\n" in two pieces, a warning in between,
    # then a table, then two more lines in three pieces
    outputs = [
        _stream("stdout", "Level: Silver\n"),
        _stream("stderr", "warning\n"),
        _stream("stdout", "Score: 61 %\n"),
        _display("table"),
        _stream("stdout", "a"),
        _stream("stdout", "b\n"),
        _stream("stdout", "c\n"),
    ]
    merged = coalesce_streams(outputs)
    assert [(o.output_type, o.get("name"), o.get("text", o.get("data"))) for o in merged] == [
        ("stream", "stdout", "Level: Silver\nScore: 61 %\n"),
        ("stream", "stderr", "warning\n"),
        ("display_data", None, {"text/plain": "table"}),
        ("stream", "stdout", "ab\nc\n"),
    ]


@given(
    text=st.text(alphabet="ab\n", min_size=1, max_size=30),
    cuts=st.lists(st.integers(min_value=1, max_value=29), max_size=5),
)
def test_sanitized_notebook_does_not_depend_on_how_text_was_split(
    text: str, cuts: list[int]
) -> None:
    bounds = sorted({c for c in cuts if c < len(text)})
    pieces = [text[a:b] for a, b in zip([0, *bounds], [*bounds, len(text)], strict=True)]

    def notebook(parts: list[str]) -> str:
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("print(text)", id="printed")
        cell.outputs = [_stream("stdout", p) for p in parts]
        nb.cells.append(cell)
        return nbformat.writes(sanitize_notebook(nb))

    assert notebook(pieces) == notebook([text])


def test_a_report_gia_wrote_may_be_replaced_by_the_next_run() -> None:
    """Every file gia writes into a report folder counts as part of a report (lineage.json too):
    re-assessing into the same folder (make assess twice, make publish) is allowed."""
    from gia.cli import example_area_ids
    from gia.paths import project_root
    from gia.reports.destination import report_folder_problem
    from gia.reports.manifest import OUTPUT_FILES

    published = project_root() / "reports" / "published"
    for area_id in example_area_ids():
        folder = published / area_id
        assert {name for name in OUTPUT_FILES} <= {p.name for p in folder.iterdir()}
        assert report_folder_problem(folder, area_id) is None, area_id
