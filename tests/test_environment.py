"""environment.yml stays in step with pyproject.toml."""

from __future__ import annotations

import tomllib

import yaml

from gia.paths import project_root


def test_environment_pip_section_matches_pyproject() -> None:
    root = project_root()
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project["optional-dependencies"]
    wanted = set(project["dependencies"]) | set(extras["test"]) | set(extras["cluster"])
    env = yaml.safe_load((root / "environment.yml").read_text("utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert set(pip) - {"-e ."} == wanted
    assert "-e ." in pip
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert project["requires-python"].lstrip(">=") in python
