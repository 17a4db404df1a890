"""The README's map of the tree ("What is inside") matches the tree."""

from __future__ import annotations

import re
import subprocess

from gia.paths import project_root

ROOT = project_root()


def _map() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## What is inside", 1)[1]
    return section.split("```", 2)[1].strip("\n").splitlines()


def _entries(lines: list[str], indent: int) -> list[str]:
    pattern = re.compile(rf"^ {{{indent}}}([\w./-]+)\s")
    return [m.group(1) for line in lines if (m := pattern.match(line + " "))]


def test_every_entry_of_the_map_exists() -> None:
    lines = _map()
    for name in _entries(lines, 0):
        path = ROOT / name.split("/")[0] if name.count("/") <= 1 else ROOT / name
        assert path.exists(), f"README names {name}, which is not in the tree"
    for name in _entries(lines, 2):
        assert (ROOT / "gia" / name).exists(), f"README names gia/{name}, not in the tree"


def test_every_folder_and_subpackage_is_on_the_map() -> None:
    lines = _map()
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    if not tracked:  # not a git clone (an sdist): nothing to compare with
        return
    top = {f.split("/")[0] + "/" for f in tracked if "/" in f and not f.startswith(".")}
    listed = {e.split("/")[0] + "/" for e in _entries(lines, 0)}
    assert top <= listed, f"folders missing from the README's map: {sorted(top - listed)}"
    packages = {p.parent.name + "/" for p in (ROOT / "gia").glob("*/__init__.py")}
    assert packages <= set(_entries(lines, 2)), "a subpackage of gia/ is missing from the map"
