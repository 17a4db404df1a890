"""environment.yml installs the package as pyproject.toml defines it, with every extra."""

from __future__ import annotations

import re
import tomllib

import yaml

from gia.paths import project_root


def test_environment_installs_the_package_with_every_extra() -> None:
    root = project_root()
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    env = yaml.safe_load((root / "environment.yml").read_text("utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert len(pip) == 1, "the dependencies are listed once, in pyproject.toml"
    match = re.fullmatch(r"-e \.\[([a-z,]+)\]", pip[0])
    assert match, pip[0]
    assert sorted(match.group(1).split(",")) == sorted(project["optional-dependencies"])
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert project["requires-python"].lstrip(">=") in python


def test_makefile_installs_every_extra() -> None:
    root = project_root()
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    makefile = (root / "Makefile").read_text("utf-8")
    match = re.search(r"pip install [^\n]*-e '\.\[([a-z,]+)\]'", makefile)
    assert match and sorted(match.group(1).split(",")) == sorted(project["optional-dependencies"])


def test_version_has_one_home() -> None:
    import gia

    pyproject = tomllib.loads((project_root() / "pyproject.toml").read_text("utf-8"))
    assert "version" not in pyproject["project"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "gia.__version__"}
    changelog = (project_root() / "CHANGELOG.md").read_text("utf-8")
    assert f"## {gia.__version__} " in changelog
