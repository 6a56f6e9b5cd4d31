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
	@bash tools/ensure-qt-libs.sh --display
	$(BIN)/imr-review

test: $(VENV)/.test-installed
	@bash tools/ensure-qt-libs.sh
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The slow runs: the SIGKILL loop, the mutated-letter corpus, and the property tests with a large
# hypothesis budget (IMR_FUZZ_EXAMPLES per test).
stress: $(VENV)/.test-installed
	@bash tools/ensure-qt-libs.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m stress -s -p no:cacheprovider
	HYPOTHESIS_PROFILE=stress IMR_FUZZ_EXAMPLES=$${IMR_FUZZ_EXAMPLES:-10000} QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest tests/parsing/test_properties.py tests/gui/test_offsets.py tests/gui/test_session_stateful.py -s \
		--hypothesis-show-statistics -p no:cacheprovider

bench: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run_all.py

lint: $(VENV)/.bench-installed
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
