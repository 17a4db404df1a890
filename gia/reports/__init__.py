"""Stage 3, the reports: notebooks run per area into a report folder a reviewer can verify.

- :mod:`~gia.reports.notebook`: what the notebooks call; :mod:`~gia.reports.records`;
- :mod:`~gia.reports.planning`, :mod:`~gia.reports.execution`, :mod:`~gia.reports.engine`,
  :mod:`~gia.reports.kernelstate`:
  running them through Papermill (warm kernels, a pool or a Dask cluster);
- :mod:`~gia.reports.results` (results.json), :mod:`~gia.reports.manifest`,
  :mod:`~gia.reports.reportfolder`, :mod:`~gia.reports.destination`: the report folder;
- :mod:`~gia.reports.report`, :mod:`~gia.reports.certificate`, :mod:`~gia.reports.sections`,
  :mod:`~gia.reports.tables`, :mod:`~gia.reports.charts`, :mod:`~gia.reports.formatting`,
  :mod:`~gia.reports.pdf`: report.html and its PDF;
- :mod:`~gia.reports.verify`: re-executing a report someone sent;
- :mod:`~gia.reports.standard_docs`, :mod:`~gia.reports.schemas`: the standard's generated pages.
"""
