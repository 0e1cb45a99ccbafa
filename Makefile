# The two commands: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Two workers: the suite's tests are independent (own SQLite file or PostgreSQL schema each).
PYTEST_ARGS ?= -n 2 --dist worksteal

.PHONY: demo test lint typecheck bench faults fuzz clean messages

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/jalon demo

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy domain lifecycle governance_rules projections api infrastructure

bench: $(STAMP)
	$(BIN)/python -m bench

# The fault tests at the issue's sizes, with those that stop PostgreSQL for a few seconds and
# mount a small tmpfs (root): not for a machine whose PostgreSQL others are using.
faults: $(STAMP)
	JALON_FAULTS=full $(BIN)/python -m pytest tests/faults -n 0

fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz --max-examples $${MAX_EXAMPLES:-200}

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Re-extract the pages' messages and merge them into the French catalogue (then translate the
# new ones in api/web/locale/fr/LC_MESSAGES/messages.po; a test fails while any is missing).
messages: $(STAMP)
	@mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k tally -k translate:2 --no-location --omit-header -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d api/web/locale -l fr --no-fuzzy-matching --width 100
