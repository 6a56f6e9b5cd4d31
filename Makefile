# Two entry points: `make run` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test stress bench lint screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-install when pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench,dev]'
	touch $@ $(VENV)/.test-installed $(VENV)/.run-installed

run: $(VENV)/.run-installed
	@bash tools/ensure-qt-libs.sh
	$(BIN)/imr-review

test: $(VENV)/.test-installed
	@bash tools/ensure-qt-libs.sh
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

stress: $(VENV)/.test-installed
	@bash tools/ensure-qt-libs.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m stress

bench: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run_all.py

lint: $(VENV)/.bench-installed
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
