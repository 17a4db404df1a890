# GIA Workbench: the two commands of the README are `make assess` and `make test`.
# Both create the virtual environment .venv on first use (only Python, make and PyPI needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?=
HOST   := 127.0.0.1
PORT   := 8888
LAB_ARGS :=

.PHONY: assess score publish docs test venv lint browser clean-venv lab

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,cluster,lab]'
	$(BIN)/python -m ipykernel install --sys-prefix --name gia --display-name "GIA Workbench (Python 3)" >/dev/null
	if [ -d .git ]; then $(BIN)/pre-commit install >/dev/null; fi
	touch $(STAMP)

venv: $(STAMP)

## assess every shipped example area (data/areas/) into reports/<area-id>/
assess: $(STAMP)
	$(BIN)/gia validate --all
	$(BIN)/gia assess --all $(if $(JOBS),--jobs $(JOBS),)

## score every example area in-process (no notebooks): the quick look
score: $(STAMP)
	$(BIN)/gia score --all

## re-publish the example assessments that reviewers verify (after a change to notebooks,
## catalogue, reference tables or example areas; commit the result): methodology v1.1 (the
## default) in reports/published/<id>/, v1.0 in reports/published/v1.0/<id>/ (same notebooks,
## run under the v1.0 catalogue)
publish: $(STAMP)
	$(BIN)/gia assess --all --out reports/published
	$(BIN)/gia assess --all --catalogue data/criteria/gia-v1.0.yaml --out reports/published/v1.0

## the standard's generated pages (criteria references, changelog) from the catalogues
docs: $(STAMP)
	$(BIN)/gia docs --catalogue data/criteria/gia-v1.1.yaml --out docs/standard/criteria-v1.1.md
	$(BIN)/gia docs --catalogue data/criteria/gia-v1.0.yaml --out docs/standard/criteria-v1.0.md
	$(BIN)/gia docs --catalogue data/criteria/gia-v1.1.yaml --page changelog --out docs/standard/changelog-v1.1.md
	$(BIN)/gia schema results --out docs/schemas/results.schema.json
	$(BIN)/gia schema catalogue --out docs/schemas/catalogue.schema.json

## the workshop room: JupyterLab on the workbook with real-time collaboration, the kernel
## "GIA Workbench" and widgets; localhost by default, `make lab HOST=0.0.0.0` for a room (prints
## the addresses and the token to share); Ctrl-C twice stops it
lab: $(STAMP)
	$(BIN)/python -m gia.workshop.lab --host $(HOST) --port $(PORT) $(LAB_ARGS)

## the whole test suite: lint, library tests, notebooks, end-to-end CLI, report in Chromium
test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

## Debian's Chromium for the report tests (installed once; needs root, as on CI)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      >/dev/null 2>&1 || echo "warning: chromium could not be installed"; \
	  else echo "warning: chromium missing: sudo apt-get install chromium"; fi; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean-venv:
	rm -rf $(VENV)
