# Two entry points: `make run` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test stress interop bench lint screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-install when pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.run-installed

$(VENV)/.interop-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,interop]'
	touch $@ $(VENV)/.test-installed $(VENV)/.run-installed

# Label Studio pins its own versions of Django and friends: it lives in a venv of its own.
LS_VENV ?= .venv-label-studio
$(LS_VENV)/bin/label-studio:
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LS_VENV)/bin/pip install --quiet 'label-studio>=1.23,<1.24'

$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench,dev]'
	touch $@ $(VENV)/.test-installed $(VENV)/.run-installed

# The project's bytecode is compiled first: an editable install leaves none, and where
# PYTHONDONTWRITEBYTECODE is set Python would compile every module again at each launch
# (about 0.15 s of a 1 s launch; benchmarks/gui_50k.py times both).
run: $(VENV)/.run-installed
	@bash tools/ensure-qt-libs.sh --display
	@$(BIN)/python -m compileall -q gui parsing storage
	$(BIN)/imr-review

test: $(VENV)/.test-installed
	@bash tools/ensure-qt-libs.sh
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The slow runs: the SIGKILL loop, the mutated-letter corpus, and the property tests with a large
# hypothesis budget (IMR_FUZZ_EXAMPLES per test).
stress: $(VENV)/.test-installed
	@bash tools/ensure-qt-libs.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m stress -s -p no:cacheprovider
	HYPOTHESIS_PROFILE=stress IMR_FUZZ_EXAMPLES=$${IMR_FUZZ_EXAMPLES:-10000} QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest tests/parsing/test_properties.py tests/gui/qt/letter/test_offsets.py tests/gui/test_session_stateful.py -s \
		--hypothesis-show-statistics -p no:cacheprovider

# The exports loaded by their real consumers, the heavy ones too: the Label Studio SDK's
# validation and a Label Studio server on 127.0.0.1 (a round trip through its API, about 2 min).
interop: $(VENV)/.interop-installed $(LS_VENV)/bin/label-studio
	IMR_LABEL_STUDIO=$(abspath $(LS_VENV))/bin/label-studio QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest tests/interop tests/storage/test_export.py tests/storage/test_export_safety.py \
		-m 'not stress' -s -p no:cacheprovider

bench: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run_all.py

lint: $(VENV)/.bench-installed
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(LS_VENV) .pytest_cache .hypothesis build *.egg-info
