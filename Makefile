# GIA Workbench: the two commands of the README are `make assess` and `make test`.
# Both create the virtual environment .venv on first use (only Python, make and PyPI needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?=

.PHONY: assess test venv lint format clean-venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name gia --display-name "GIA Workbench (Python 3)" >/dev/null
	touch $(STAMP)

venv: $(STAMP)

## assess every shipped example area (data/areas/) into reports/<area-id>/
assess: $(STAMP)
	$(BIN)/gia validate --all

## the whole test suite: lint, library tests, notebooks, end-to-end CLI
test: $(STAMP)
	$(BIN)/ruff check gia tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check gia tests benchmarks

clean-venv:
	rm -rf $(VENV)
