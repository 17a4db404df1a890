"""Start-up of gia's own processes: leave out an import nothing of gia uses.

nbformat imports jsonschema, and jsonschema imports ``rfc3987_syntax`` when it is installed
(JupyterLab's dependencies install it) to check the ``iri`` and ``uri`` formats of JSON schemas.
Importing it compiles a grammar: about 1.5 s of CPU in every process that reads or writes a
notebook, more than a warm criterion notebook takes to run. Notebook validation checks no such
format, so gia's command, its workers and its test processes import this module first, and
jsonschema does without (its format check is then skipped, as when the package is absent).

Importing this module has that effect; it does nothing in a process that imported
``rfc3987_syntax`` already.
"""

from __future__ import annotations

import sys

UNUSED_IMPORTS = ("rfc3987_syntax",)
"""Optional imports of libraries gia uses that gia's processes skip."""

for _name in UNUSED_IMPORTS:
    sys.modules.setdefault(_name, None)  # "import rfc3987_syntax" raises ImportError
