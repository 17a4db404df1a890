"""Stage 2, the methodology: from an area and a catalogue to an :class:`Assessment`.

- :mod:`~gia.method.catalogue`: the criteria catalogue (models, rules, loading);
- :mod:`~gia.method.inventory`, :mod:`~gia.method.contracts`: the energy and GHG inventory;
- :mod:`~gia.method.criteria`: one function per criterion; :mod:`~gia.method.routes`;
- :mod:`~gia.method.scoring`: themes, overall score, level;
- :mod:`~gia.method.assessment`: the flow for one area; :mod:`~gia.method.compare`: two versions.
"""
