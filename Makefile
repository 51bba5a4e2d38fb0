# Two commands set everything up on a fresh machine:
#   make run    — create .venv if missing, install, run the main job (truceline demo)
#   make test   — create .venv if missing, install with every extra, run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Reference data beside the clone (optional): `data:` paths in agreements resolve against it.
ifneq ($(wildcard ../shared/data),)
export TRUCELINE_DATA ?= $(abspath ../shared/data)
endif

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,server,postgis,spark]'
	@touch $@

run: $(STAMP)
	$(BIN)/truceline demo --workspace demo-workspace

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) demo-workspace .pytest_cache
