"""Methodology experts' instruments: how the standard behaves across many areas.

- :mod:`~gia.experts.synth`: plausible synthetic areas drawn around the examples (``gia synth``);
- :mod:`~gia.experts.population`: a population of assessed areas as arrays, re-levelled fast;
- :mod:`~gia.experts.calibration`, :mod:`~gia.experts.calibration_charts`: whether each
  criterion discriminates (notebooks/methodology/calibration.ipynb);
- :mod:`~gia.experts.sensitivity`: how many areas change level when a rule moves
  (``gia sensitivity``);
- :mod:`~gia.experts.cli_methodology`: the command lines of ``synth``, ``sensitivity`` and
  ``lineage`` (the lineage itself is :mod:`gia.method.lineage`).
"""
