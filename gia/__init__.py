"""GIA Workbench: executable methodology for certifying green industrial areas.

The package holds all the logic, in three stages a reader finds as subpackages:

- :mod:`gia.data`: area data from a folder or a workbook, its validation, the reference factors;
- :mod:`gia.method`: the criteria catalogue, the energy and GHG inventory, one function per
  criterion, scoring and the assessment of one area;
- :mod:`gia.reports`: the notebooks' helpers, the Papermill runner behind ``gia assess``, the
  report folder (results.json, manifest.json, report.html) and ``gia verify``.

:mod:`gia.cli` is the command line, :mod:`gia.messages` the one message catalogue and
:mod:`gia.paths` where the project's files are.
Importing :mod:`gia` is light: plotting libraries load only when a chart is drawn.
"""

__version__ = "0.2.0"
"""The software's version (CHANGELOG.md); the methodology has its own, in each catalogue."""
