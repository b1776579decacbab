# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

DB ?= reports.db
PORT ?= 8001
# Debian packages the browser test needs; LibreOffice with its Python interface, which
# reads .doc, .wps, .rtf, .odt, .xls, .xlsx and .et (govparse/sources/office.py); poppler's
# pdftotext for the tests of its text. Installed here, never by hand.
BROWSER_PACKAGES := chromium fonts-noto-cjk
OFFICE_PACKAGES := libreoffice-writer libreoffice-calc python3-uno poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run build serve test lint bench browser office clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: install, build corpus/ into $(DB), serve it read-only on http://127.0.0.1:$(PORT)
run: build
	$(BIN)/govparse serve $(DB) --port $(PORT)

## build: parse, check and extract corpus/ into $(DB)
build: $(STAMP) office
	$(BIN)/govparse build corpus/ -o $(DB)

## serve: serve the $(DB) already built
serve: $(STAMP)
	$(BIN)/govparse serve $(DB) --port $(PORT)

## test: lint and run the test suite (the browser test included)
test: $(STAMP) lint browser office
	GOVPARSE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest

## browser: Debian's chromium and CJK fonts for the headless browser test
browser:
	@if [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/opentype/noto ]; then :; else \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(BROWSER_PACKAGES); fi

## office: Debian's LibreOffice (writer, calc) and its Python interface, for office files;
## poppler's pdftotext, whose text people paste (tests read it)
office:
	@if [ -x /usr/bin/soffice ] && [ -x /usr/bin/pdftotext ] && \
		/usr/bin/python3 -c 'import uno' 2>/dev/null; then :; else \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
		$(OFFICE_PACKAGES); fi

lint: $(STAMP)
	$(BIN)/ruff check .

## bench: throughput on the corpus, then a build of BENCH_N generated reports, stage by
## stage, then the cells read from BENCH_DEGRADED_N reports in degraded layouts (figures
## go to bench/RESULTS.md)
BENCH_N ?= 10000
BENCH_DEGRADED_N ?= 2000
bench: $(STAMP)
	$(BIN)/python bench/parse_speed.py --write bench/RESULTS.md
	$(BIN)/python bench/narrative_speed.py --write bench/RESULTS.md
	$(BIN)/python bench/ask_speed.py --write bench/RESULTS.md
	$(BIN)/python bench/build_speed.py --n $(BENCH_N) --write bench/RESULTS.md
	$(BIN)/python bench/degraded_accuracy.py --n $(BENCH_DEGRADED_N) --write bench/RESULTS.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
