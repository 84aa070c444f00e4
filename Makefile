# Hearth — the two commands in the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HEARTH_DEMO_PASSWORD ?= hearth-demo-2026
export HEARTH_DEMO_PASSWORD

.PHONY: run test test-fast lint fmt bench seed-large lock browser frontend clean

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Hearth needs Python 3.11 or newer"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

## make run: install, migrate, load the small demo authority and serve on http://127.0.0.1:8000
## (with the background task worker, which runs statutory returns, beside the server)
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo --scale small
	DEBUG=1 $(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## make test: the whole test suite, including the browser journeys in Chromium
test: $(STAMP)
	$(PY) scripts/ensure_chromium.py
	$(BIN)/pytest -n 2 --dist loadfile

## make test-fast: the suite without the browser
test-fast: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench: seed the large authority on PostgreSQL and load-test the pages (see bench/README.md)
bench: $(STAMP)
	$(PY) bench/run.py

lock:
	rm -rf /tmp/hearth-lock && $(PYTHON) -m venv /tmp/hearth-lock
	/tmp/hearth-lock/bin/pip install --quiet --upgrade pip
	/tmp/hearth-lock/bin/pip install --quiet ".[dev]"
	/tmp/hearth-lock/bin/pip freeze --exclude-editable | grep -v '^hearth' > requirements.lock

## make frontend: rebuild the vendored GOV.UK Frontend assets from the npm package
frontend:
	bash scripts/build_frontend.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
