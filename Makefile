# One command to run the site, one to test it. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
FLASK = $(BIN)/flask --app app

.PHONY: setup run test test-fast test-browser browser-tools bench

$(BIN)/flask: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

setup: $(BIN)/flask
	$(FLASK) translate compile
	$(FLASK) db upgrade
	$(FLASK) seed

run: setup
	$(FLASK) run --debug --port $${PORT:-5000}

# the fast suite: no browser needed
test-fast: $(BIN)/flask
	$(FLASK) translate compile
	$(BIN)/python -m pytest

# Debian's Chromium (never a downloaded browser) and axe-core from npm, pinned in package-lock.json
browser-tools:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	npm ci --no-audit --no-fund

test-browser: $(BIN)/flask browser-tools
	$(FLASK) translate compile
	BROWSER_TESTS_REQUIRED=1 $(BIN)/python -m pytest -m browser

test: test-fast test-browser

bench: $(BIN)/flask
	$(FLASK) translate compile
	$(BIN)/python bench/run.py
