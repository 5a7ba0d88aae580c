# Every target sets up what it needs: a fresh machine needs only Python and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install graphviz chromium demo test lint unit bench clean screenshots

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Graphviz's dot is a system program, not a Python package.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Graphviz (apt-get install graphviz)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) || exit 1; \
	  else \
	    echo "Graphviz's dot is missing. Install it: sudo apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS), or see https://graphviz.org/download/"; \
	    exit 1; \
	  fi; }

# The report's browser tests drive Debian's chromium with playwright, which
# must not download a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium (apt-get install chromium)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || exit 1; \
	  else \
	    echo "Chromium is missing: the browser tests need it. Install it: sudo apt-get install chromium (Debian/Ubuntu)"; \
	    exit 1; \
	  fi; }

demo: install graphviz
	@sh scripts/demo.sh $(BIN)/orgchart

lint: install
	$(BIN)/ruff check orgchart tests benchmarks
	$(BIN)/ruff format --check orgchart tests benchmarks
	$(BIN)/mypy

unit: install graphviz chromium
	$(BIN)/pytest

test: lint unit

# Screenshots of the seed reports shown in the README.
screenshots: demo chromium
	$(BIN)/python scripts/report_screenshots.py demo-out docs

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache demo-out
