# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV_ENV := DEBUG=1 SECRET_KEY=$${SECRET_KEY:-insecure-development-key}
TEST_ENV := SECRET_KEY=test-secret-key-not-for-production DEBUG=0
PYTEST_ARGS ?=

.PHONY: run test test-sqlite test-postgres serve serve-varnish lint format messages clean
.PHONY: bench bench-pdf
.PHONY: backup restore

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

messages: $(VENV)/.installed
	@if [ -d locale ]; then $(TEST_ENV) $(PY) manage.py compilemessages --ignore=.venv -v 0; fi

run: $(VENV)/.installed messages
	mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEV_ENV) $(PY) manage.py load_demo_content --if-empty
	$(DEV_ENV) PYTHON=$(PY) scripts/with-worker $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: test-sqlite test-postgres

test-sqlite: $(VENV)/.installed messages
	mkdir -p var
	@if [ ! -d node_modules ] && command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts; fi
	@echo "=== Test suite on SQLite ==="
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed messages
	@echo "=== Test suite on PostgreSQL ==="
	$(TEST_ENV) scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

serve: $(VENV)/.installed messages
	mkdir -p var
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py migrate --noinput -v 0
	PYTHON=$(PY) scripts/with-worker $(VENV)/bin/gunicorn --config config/gunicorn.py config.wsgi

# The same, with Varnish in front on $(PORT) (gunicorn behind it on PORT + 1),
# purged by key when content changes (deploy/varnish/site.vcl).
serve-varnish: $(VENV)/.installed messages
	mkdir -p var
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py migrate --noinput -v 0
	PORT=$(PORT) PYTHON=$(PY) scripts/serve-varnish

# Seed BENCH_ARTICLES (default 100,000) articles into a throwaway PostgreSQL,
# serve them with gunicorn and print server times, cached throughput beside a
# bare-WSGI ceiling, queries per page and worker memory (var/bench/bench.json).
bench: $(VENV)/.installed messages
	PG_REQUIRED=1 PG_PORT=$${PG_PORT:-54339} scripts/with-postgres $(PY) scripts/bench.py

# Render times of the reference article and a 40-page report, cached serving
# time and peak memory, against a throwaway database.
bench-pdf: $(VENV)/.installed
	$(PY) scripts/bench_pdf.py

lint: $(VENV)/.installed
	mkdir -p var
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(TEST_ENV) $(PY) manage.py check
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Backups: database (PostgreSQL or SQLite) and media into var/backups/<time>/.
# `make restore` takes the newest, or BACKUP=var/backups/<time>; it refuses a
# database that is not empty unless RESTORE_ARGS=--replace. Neither command
# signs anything, so a placeholder SECRET_KEY will do where none is set.
BACKUP_ENV := SECRET_KEY=$${SECRET_KEY:-backup-needs-no-secret}
RESTORE_ARGS ?=

backup: $(VENV)/.installed
	$(BACKUP_ENV) $(PY) manage.py backup_site

restore: $(VENV)/.installed
	$(BACKUP_ENV) $(PY) manage.py restore_site $(BACKUP) $(RESTORE_ARGS)

clean:
	rm -rf var/static
