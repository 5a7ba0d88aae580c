# Every target sets up what it needs: a fresh machine needs only Python and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install graphviz chromium headless-shell poppler demo test lint unit bench clean screenshots

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# System programs, not Python packages: installed with apt-get where the
# machine allows it, otherwise named with how to install them.
# $(call system,COMMAND,DEBIAN PACKAGE,WHY IT IS NEEDED)
system = command -v $(1) >/dev/null 2>&1 || { \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
    echo "Installing $(2) (apt-get install $(2))"; \
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null) || exit 1; \
  else \
    echo "$(1) is missing: $(3). Install it: sudo apt-get install $(2) (Debian/Ubuntu), brew install $(2) (macOS)"; \
    exit 1; \
  fi; }

graphviz:
	@$(call system,dot,graphviz,charts are drawn by Graphviz)

# Chromium prints the report as PDF, and the browser tests drive it through
# playwright, which must not download a browser of its own.
chromium:
	@$(call system,chromium,chromium,report -o report.pdf prints with it and the browser tests drive it)

# Optional: Chromium's old headless shell prints a report's PDF in less memory
# (benchmarks/report.py's figures are its); without it the browser prints.
headless-shell:
	-@$(call system,chromium-headless-shell,chromium-headless-shell,report -o report.pdf prints in less memory with it)

poppler:
	@$(call system,pdftoppm,poppler-utils,make screenshots turns the report's PDF pages into pictures)

demo: install graphviz chromium
	@sh scripts/demo.sh $(BIN)/orgchart

lint: install
	$(BIN)/ruff check orgchart tests benchmarks
	$(BIN)/ruff format --check orgchart tests benchmarks
	$(BIN)/mypy

unit: install graphviz chromium
	$(BIN)/pytest

test: lint unit

# Pictures of the reports shown in the README: the seeds' HTML, and the
# Department for Education pair's PDF (first page and an appendix page).
screenshots: demo chromium poppler
	$(BIN)/python scripts/report_screenshots.py demo-out docs

# An editable install leaves orgchart uncompiled (pip compiles a wheel's files
# as it installs them): compiled first, as a user's copy is.
bench: install graphviz chromium headless-shell
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m compileall -q orgchart
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/hostile.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/charts.py
	$(BIN)/python benchmarks/report.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache demo-out
