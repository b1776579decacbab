# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: install, then read every report in corpus/ and summarise it
run: $(STAMP)
	$(BIN)/govparse summary corpus/

## test: lint and run the test suite
test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

## bench: parse and narrative throughput on the corpus (figures go to bench/RESULTS.md)
bench: $(STAMP)
	$(BIN)/python bench/parse_speed.py --write bench/RESULTS.md
	$(BIN)/python bench/narrative_speed.py --write bench/RESULTS.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
