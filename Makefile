# krapte: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install init lint typecheck check bench bench-web messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# An existing store with an older structure is backed up first ($KRAPTE_HOME/backups).
init: install
	$(BIN)/krapte init --backup-before-upgrade

run: init
	$(BIN)/krapte demo load --if-missing
	$(BIN)/krapte serve --host $(HOST) --port $(PORT)

# Re-extract the website's message catalogue (babel.cfg) after changing a template's texts.
messages: install
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --no-wrap \
		--project=krapte --copyright-holder="krapte contributors" \
		-o src/krapte/web/locale/messages.pot .

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

test: install lint typecheck
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/placement.py
	$(BIN)/python benchmarks/forecast.py
	$(BIN)/python benchmarks/datahub_scale.py
	$(BIN)/python benchmarks/explorer.py
	$(BIN)/python benchmarks/web_load.py
	$(BIN)/python benchmarks/web_placement.py

bench-web: install
	$(BIN)/python benchmarks/web_load.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
