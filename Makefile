# TravelPrep developer commands. Each target creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Root installs system packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js

.PHONY: run test test-deps bench lint clean screenshots

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/travelprep db upgrade
	$(BIN)/travelprep devices load-demo
	TRAVELPREP_ENV=development $(BIN)/travelprep serve --host 127.0.0.1 --port 8000

# What the database and browser tests need beyond Python: a PostgreSQL server to start
# throwaway clusters from, Debian's Chromium, and axe-core (pinned by package-lock.json).
test-deps: $(AXE)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && test -x /usr/bin/chromium \
		&& ldconfig -p | grep -q libpangoft2-1.0 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql chromium \
			libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

$(AXE): tests/browser/axe/package-lock.json
	cd tests/browser/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: lint test-deps
	$(BIN)/pytest -n 2 -q

# PNGs of the trip page, the desk dashboard and the staff trip list at 1280 and 390 px, taken
# in the browser tests' Chromium, into test-output/screenshots (ignored by git).
screenshots: $(STAMP) test-deps
	$(BIN)/pytest tests/browser/test_screenshots.py -q -p no:cacheprovider
	@ls test-output/screenshots

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH)

# Style, then the architecture: import-linter's contracts in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check travelprep tests bench
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis tests/browser/axe/node_modules test-output
