# `make run` and `make test` set everything up on a fresh machine (Python 3.11+).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run demo test test-quick lint bench bench-votes clean
# Test processes: the suite mostly waits on sockets, so more workers than cores pay.
TEST_WORKERS ?= 4

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# The board's browser test uses Debian's Chromium; without it that one test is skipped.
$(VENV)/.browser: $(VENV)/.installed
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || \
		(apt-get update -qq >/dev/null 2>&1 && \
		 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1) || \
		echo "could not install chromium: the board's browser test will be skipped"
	touch $@

run: $(VENV)/.installed
	$(BIN)/python bot.py run

demo: $(VENV)/.installed
	$(BIN)/python bot.py demo

test: $(VENV)/.installed $(VENV)/.browser
	$(BIN)/ruff check .
	$(BIN)/mypy bot chat emulator handlers models
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --durations=15

# While working: SQLite only, the aiogram engine only, and `CAP=voting` for one
# capability's tests (tests/test_voting_*.py).
test-quick: $(VENV)/.installed
	TEST_DATABASE_URL= TEST_ENGINES=aiogram $(BIN)/python -m pytest -q -n $(TEST_WORKERS) \
		$(if $(CAP),tests/test_$(CAP)_*.py)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy bot chat emulator handlers models bot.py

bench: $(VENV)/.installed
	$(BIN)/python bench/throughput.py

bench-votes: $(VENV)/.installed
	$(BIN)/python bench/vote_storm.py

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache .hypothesis
