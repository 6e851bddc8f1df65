# Everyday commands. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# npm ci writes node_modules/.package-lock.json: the browser tests' packages (axe-core) are installed.
NODE_STAMP := node_modules/.package-lock.json
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install node run test lint migrations-check sample-data bench clean backup restore verify

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## The npm packages the browser tests run inside Chromium (package-lock.json: axe-core).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

node: $(NODE_STAMP)

## Create the virtualenv, migrate, load the source chapter's records and serve on 127.0.0.1:8000.
run: install
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_sample_data
	$(PY) manage.py ensure_local_admin --address $(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

sample-data: install
	$(PY) manage.py load_sample_data

## The whole suite against DATABASE_URL (default: SQLite). CI runs it on PostgreSQL too.
test: install node migrations-check
	$(PY) -m pytest $(PYTEST_ARGS)

migrations-check: install
	mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run

## Back up every record, its history and uploaded files to BACKUP_DIR (var/backups/) or OUTPUT=file.zip.
backup: install
	$(PY) manage.py backup_data $(if $(OUTPUT),--output "$(OUTPUT)")

## Prove FILE=archive.zip: restore it into a scratch database and compare counts and checksums.
verify: install
	@test -n "$(FILE)" || { echo "make verify: name the archive, e.g. make verify FILE=var/backups/x.zip"; exit 2; }
	$(PY) manage.py verify_backup "$(FILE)"

## Restore FILE=archive.zip into a new database (DATABASE_URL); refuses one that holds records.
restore: install
	@test -n "$(FILE)" || { echo "make restore: name the archive, e.g. make restore FILE=var/backups/x.zip"; exit 2; }
	$(PY) manage.py migrate --no-input
	$(PY) manage.py restore_data "$(FILE)"

lint: install
	$(VENV)/bin/ruff check .

## Benchmarks (benchmarks/README.md): PostgreSQL, Redis and wrk on this machine; BENCH_ARGS=--quick.
bench: install
	$(PY) -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var staticfiles .pytest_cache .ruff_cache
