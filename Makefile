# Two entry points: `make book` builds the site, `make test` runs the tests.
# Both create the virtual environment in .venv first if it is missing or out of date, after
# checking that what they need is there: a missing prerequisite stops make with one line that
# says what was found, what is needed and how to get it on Debian.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
BUILD_FLAGS := -W -n --keep-going
# make book SOLUTIONS=off (or pdf, epub): an edition without the exercises' solutions, for homework.
SOLUTIONS ?= on
export BOOK_SOLUTIONS := $(SOLUTIONS)
SUPPORTED := $(shell sed -n 's/^requires-python = "\(.*\)"/\1/p' code/pyproject.toml)

.PHONY: book pdf epub editions test test-quick bench lighthouse lock clean check-python check-browser check-tex check-epubcheck check-git

check-python:
	$(if $(shell command -v $(PYTHON)),,$(error No $(PYTHON) found: the book needs Python $(SUPPORTED) with venv; on Debian: apt-get install -y python3 python3-venv))
	$(eval PROBLEM := $(shell $(PYTHON) tools/prerequisites.py 2>&1))
	$(if $(PROBLEM),$(error $(PROBLEM)))

check-browser:
	$(foreach program,chromium chromedriver,$(if $(shell command -v $(program)),,$(error No $(program) found: the browser tests need Chromium and its driver; on Debian: apt-get install -y chromium chromium-driver)))

# What make pdf, make epub and their tests run: TeX Live, SVG to PDF and PDF to text.
TEX_PACKAGES := texlive-latex-recommended texlive-fonts-recommended texlive-latex-extra tex-gyre latexmk dvisvgm librsvg2-bin poppler-utils
check-tex:
	$(foreach program,latexmk rsvg-convert dvisvgm pdftotext,$(if $(shell command -v $(program)),,$(error No $(program) found: the PDF and EPUB editions and their tests need TeX Live; on Debian: apt-get install -y $(TEX_PACKAGES))))

# The EPUB's test validates it with Debian's epubcheck (which brings Java).
check-epubcheck:
	$(if $(shell command -v epubcheck),,$(error No epubcheck found: the EPUB's test validates the EPUB with it; on Debian: apt-get install -y epubcheck))

check-git:
	$(if $(shell command -v git),,$(error No git found: the multi-version site is built from the repository's tags; on Debian: apt-get install -y git))

# An existing .venv is kept: running venv on it with another Python would mix two installations.
$(VENV)/.installed: requirements.txt code/pyproject.toml | check-python
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# The tests install requirements-test.txt instead: the book's pins plus the test tools and Keras, the
# oracle for the networks' counts.
$(VENV)/.installed-test: requirements-test.txt code/pyproject.toml | check-python
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

book: $(VENV)/.installed
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo "The book is at $(CURDIR)/_build/html/index.html"

# The whole book as one PDF, offline, with Debian's TeX Live (TEX_PACKAGES).
pdf: check-tex $(VENV)/.installed
	$(BIN)/jupyter-book build . --builder pdflatex $(BUILD_FLAGS)
	@echo "The PDF is at $(CURDIR)/_build/latex/fc-to-conv.pdf"

# The whole book as one EPUB, its mathematics drawn by TeX Live's dvisvgm. Built afresh each time:
# Jupyter Book leaves an index.html in the folder that a second run would warn about.
epub: check-tex $(VENV)/.installed
	rm -rf _build/epub
	$(BIN)/jupyter-book build . --builder custom --custom-builder epub $(BUILD_FLAGS)
	@echo "The EPUB is at $(CURDIR)/_build/epub/fc-to-conv.epub"

# The site with every edition, as the deploy workflow publishes it: each release (tag vX.Y.Z) built from
# its own tag into _build/editions/X.Y.Z/, the current commit into main/, the newest release at the
# root and in latest/, the version switcher's switcher.json (README, "Editions"). Each with its PDF.
editions: check-git check-tex $(VENV)/.installed
	$(BIN)/python tools/editions.py --output _build/editions
	@echo "The site is in $(CURDIR)/_build/editions: python3 -m http.server -d _build/editions, then open http://127.0.0.1:8000/"

# Both run one pytest-xdist worker per core, at most four (a worker holds 1.2-1.6 GB with Keras and JAX, its
# browser aside, and the longest test file takes about 100 s whatever the count); each test file runs whole on
# one worker (--dist loadfile), so its module-scoped builds and browser are made once, in the order
# tests/conftest.py puts them (the files that need no book first, while the real book is built once for
# all workers). PYTEST_WORKERS=0 runs the tests in this one process.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL = --numprocesses $(PYTEST_WORKERS) --maxprocesses 4 --dist loadfile --no-loadscope-reorder
test: check-browser check-tex check-epubcheck check-git $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

test-quick: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_PARALLEL)

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py

# Lighthouse CI on every page of the built site (lighthouserc.json: the pages, the scores and the
# budget it asserts), served by LHCI's own server, which compresses text as GitHub Pages does. It
# needs Node's npx and a Chromium (Debian: apt-get install -y nodejs npm chromium); reports in
# _build/lighthouse. CHROME_PATH=/path/to/chrome picks another browser.
LHCI := npx --yes @lhci/cli@0.15.1
lighthouse: book
	$(if $(shell command -v npx),,$(error No npx found: Lighthouse CI runs on Node.js; on Debian: apt-get install -y nodejs npm))
	$(LHCI) autorun

# The three locks (requirements.txt, requirements-test.txt, binder/requirements.txt) written by uv from
# their inputs (*.in), keeping the versions already pinned; tools/lock.py --upgrade resolves afresh.
lock: $(VENV)/.installed-test
	$(BIN)/python tools/lock.py

clean:
	rm -rf _build
