# One command to run the site, one to test it. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
FLASK = $(BIN)/flask --app app

.PHONY: setup run test test-fast test-browser bench

$(BIN)/flask: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/flask
	$(FLASK) translate compile
	$(FLASK) db upgrade
	$(FLASK) seed

run: setup
	$(FLASK) run --debug --port $${PORT:-5000}

test-fast: $(BIN)/flask
	$(FLASK) translate compile
	$(BIN)/python -m pytest

test: test-fast
