# One command each, on a fresh machine with Python 3.11: `make site` builds the handbook,
# `make test` runs every test. Both create .venv/ and install what they need first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve check test test-lower-bounds bench clean messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(VENV)/.installed  ## Build the handbook from framework/ into site/
	$(BIN)/spm-site build framework --site-dir site

serve: $(VENV)/.installed  ## Preview the handbook at http://127.0.0.1:8000, rebuilt on every YAML change
	$(BIN)/spm-site serve framework

check: $(VENV)/.installed  ## Check the framework and print every problem
	$(BIN)/spm-site check framework

test: $(VENV)/.installed  ## Run the whole test suite
	$(BIN)/python -m pytest

LOWER := .venv-lower
test-lower-bounds:  ## Run the suite (without the browser tests) with every dependency at its lowest allowed version
	$(PYTHON) -m venv $(LOWER)
	$(LOWER)/bin/python -m pip install --quiet --upgrade pip
	$(LOWER)/bin/python tests/lower_bounds.py > $(LOWER)/constraints.txt
	$(LOWER)/bin/python -m pip install --quiet -c $(LOWER)/constraints.txt -e '.[test]'
	$(LOWER)/bin/python tests/lower_bounds.py --verify
	$(LOWER)/bin/python -m pytest -q -m "not browser" -p no:cacheprovider

messages: $(VENV)/.installed  ## Re-extract the page labels into spm_site/locale/spm.pot, update every language's .po and the labels in schemas/spm.schema.json
	$(BIN)/python -m spm_site.site.catalogue
	$(BIN)/spm-site schema -o schemas

bench: $(VENV)/.installed  ## Measure check, page generation and build times on synthetic frameworks
	$(BIN)/python -m bench.run

clean:
	rm -rf site .venv .venv-lower .pytest_cache bench/out test-artifacts
