# Two commands set everything up: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run serve install setup test test-fast test-postgres lint format superuser migrations-check bench clean-db

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

install: $(STAMP)

.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(40))')" > .env

setup: install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py ingest seeds/

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

test-fast: install
	$(PY) -m pytest -m "not browser and not postgres"

# The suite again on a throwaway PostgreSQL server on loopback (installed from Debian packages
# when missing; skipped with a message where that is impossible). CI runs it after `make test`.
test-postgres: install
	PY=$(PY) scripts/ci_postgres.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

superuser: setup
	$(PY) manage.py createsuperuser

migrations-check: install
	DJANGO_SETTINGS_MODULE=config.test_settings $(PY) manage.py makemigrations --check --dry-run

# The benchmark of issue 7 (minutes; 1m generates a 3 GB file in /tmp): extraction and ingest
# rates, page times at each size of synthetic data, Datasette on the same files. Results go to
# BENCHMARKS.md. CI does not run it. `make bench SIZES=10k` for a quick look.
SIZES ?= 10k,100k,1m
bench: install .env
	$(PY) manage.py bench --sizes $(SIZES)
