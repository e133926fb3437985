# Two entry points: `make book` builds the site, `make test` runs the tests.
# Both create the virtual environment in .venv first if it is missing or out of date.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
BUILD_FLAGS := -W -n --keep-going

.PHONY: book pdf epub test test-quick bench clean

$(VENV)/.installed: requirements.txt code/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# The tests also need requirements-test.txt (requirements.txt plus Keras, the oracle for the networks' counts).
$(VENV)/.installed-test: requirements-test.txt requirements.txt code/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

book: $(VENV)/.installed
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo "The book is at $(CURDIR)/_build/html/index.html"

# The whole book as one PDF, offline. Needs Debian's texlive-latex-recommended, texlive-fonts-recommended,
# texlive-latex-extra, tex-gyre, latexmk and librsvg2-bin (README, .ci/run).
pdf: $(VENV)/.installed
	$(BIN)/jupyter-book build . --builder pdflatex $(BUILD_FLAGS)
	@echo "The PDF is at $(CURDIR)/_build/latex/fc-to-conv.pdf"

# The whole book as one EPUB, its mathematics drawn by TeX Live's dvisvgm. Built afresh each time:
# Jupyter Book leaves an index.html in the folder that a second run would warn about.
epub: $(VENV)/.installed
	rm -rf _build/epub
	$(BIN)/jupyter-book build . --builder custom --custom-builder epub $(BUILD_FLAGS)
	@echo "The EPUB is at $(CURDIR)/_build/epub/fc-to-conv.epub"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

test-quick: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not slow"

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf _build
