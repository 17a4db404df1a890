"""GIA Workbench: executable methodology for certifying green industrial areas.

The package holds all the logic: area data and its validation (:mod:`gia.area`), reference
factors (:mod:`gia.reference`), the criteria catalogue (:mod:`gia.catalogue`), the energy and GHG
inventory (:mod:`gia.inventory`), one function per criterion (:mod:`gia.criteria`), scoring and
the assessment (:mod:`gia.assessment`), and the Papermill runner behind ``gia assess``.
Importing :mod:`gia` is light: plotting libraries load only when a chart is drawn.
"""

__version__ = "0.2.0"
"""The software's version (CHANGELOG.md); the methodology has its own, in each catalogue."""
