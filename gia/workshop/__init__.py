"""The workshop room: what a park manager can change, and what it does to the level.

- :mod:`~gia.workshop.whatif`: the levers, pure functions on a copy of an area;
- :mod:`~gia.workshop.whatif_panel`: the widget panel of notebooks/whatif.ipynb;
- :mod:`~gia.workshop.nextlevel`: the smallest change to the next level (``gia next-level``);
- :mod:`~gia.workshop.scenario`: a what-if saved as an area (``gia scenario``);
- :mod:`~gia.workshop.lab`: JupyterLab with real-time collaboration (``make lab``).
"""
