# Every target sets up what it needs: a fresh machine needs only Python and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install graphviz demo test lint unit bench clean

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

demo: install graphviz
	@sh scripts/demo.sh $(BIN)/orgchart

lint: install
	$(BIN)/ruff check orgchart tests benchmarks
	$(BIN)/ruff format --check orgchart tests benchmarks
	$(BIN)/mypy

unit: install graphviz
	$(BIN)/pytest

test: lint unit

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache demo-out
