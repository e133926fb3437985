# Two entry points: `make book` builds the site, `make test` runs the tests.
# Both create the virtual environment in .venv first if it is missing or out of date, after
# checking that what they need is there: a missing prerequisite stops make with one line that
# says what was found, what is needed and how to get it on Debian.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
BUILD_FLAGS := -W -n --keep-going
SUPPORTED := $(shell sed -n 's/^requires-python = "\(.*\)"/\1/p' code/pyproject.toml)

.PHONY: book test test-quick bench clean check-python check-browser

check-python:
	$(if $(shell command -v $(PYTHON)),,$(error No $(PYTHON) found: the book needs Python $(SUPPORTED) with venv; on Debian: apt-get install -y python3 python3-venv))
	$(eval PROBLEM := $(shell $(PYTHON) tools/prerequisites.py 2>&1))
	$(if $(PROBLEM),$(error $(PROBLEM)))

check-browser:
	$(foreach program,chromium chromedriver,$(if $(shell command -v $(program)),,$(error No $(program) found: the browser tests need Chromium and its driver; on Debian: apt-get install -y chromium chromium-driver)))

$(VENV)/.installed: requirements.txt code/pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# The tests also need requirements-test.txt (requirements.txt plus Keras, the oracle for the networks' counts).
$(VENV)/.installed-test: requirements-test.txt requirements.txt code/pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

book: $(VENV)/.installed
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo "The book is at $(CURDIR)/_build/html/index.html"

test: check-browser $(VENV)/.installed-test
	$(BIN)/python -m pytest

test-quick: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not slow"

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf _build
