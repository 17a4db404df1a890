"""Stage 1, the area's data: from a folder or a workbook to a validated :class:`Area`.

- :mod:`~gia.data.schema`: the tables and area.yaml keys, their types and units;
- :mod:`~gia.data.readers`, :mod:`~gia.data.excel`: reading a folder or an .xlsx workbook
  (and writing the template);
- :mod:`~gia.data.validation`, :mod:`~gia.data.problems`: every rule, every problem named;
- :mod:`~gia.data.area`: the validated area; :mod:`~gia.data.facts`: its area.yaml facts;
- :mod:`~gia.data.reference`: the reference factor tables; :mod:`~gia.data.units`;
- :mod:`~gia.data.safeyaml`: YAML read without aliases or tags;
- :mod:`~gia.data.dotted`: dotted keys.
"""
