# 50A agency site: every routine command. `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PORT ?= 8000
VENV := .venv
VENV_PY := $(VENV)/bin/python
# A Python >= 3.12: $(PYTHON) if given, else the first suitable one on PATH or under pyenv.
PYTHON ?= $(shell for candidate in python3.14 python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$candidate; break; fi; done)

.PHONY: help python venv dev-venv install migrate demo run worker static serve-prod wrk bench-http bench-glossary bench-publish bench scale-check redis-server test lint format check clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}'

python: ## Say which Python the venv is built with
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Erreur : Python 3.12 ou plus récent est introuvable (Django 6 l'exige)." >&2; \
		echo "Installez-le (pyenv install 3.12, apt install python3.12…) ou indiquez-le : make run PYTHON=/chemin/vers/python3.12" >&2; \
		exit 1; fi
	@echo "Python : $(PYTHON) ($$($(PYTHON) --version))"

# Stamps: each is rebuilt on a fresh clone (no stamp yet) and whenever its requirements file changes.
$(VENV)/.installed: requirements.txt
	@$(MAKE) --no-print-directory python
	@if [ ! -x $(VENV_PY) ] || ! $(VENV_PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); fi
	$(VENV_PY) -m pip install --quiet --upgrade pip
	$(VENV_PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(VENV_PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed ## Create .venv with the runtime requirements only (what production installs)

dev-venv: $(VENV)/.installed-dev ## Add the tests, linters and benchmarks (requirements-dev.txt)

install: venv ## Same as venv

migrate: venv ## Apply database migrations
	$(VENV_PY) manage.py migrate --noinput

demo: migrate ## Load the demo content (idempotent) and print the demo editor's login
	PORT=$(PORT) $(VENV_PY) manage.py load_demo_content

run: demo ## Set up everything and serve on http://127.0.0.1:$(PORT) with a mail worker beside it
	@$(VENV_PY) manage.py db_worker --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV_PY) manage.py runserver 127.0.0.1:$(PORT)

worker: venv ## Run the task worker alone (sends the contact mails)
	$(VENV_PY) manage.py db_worker --queue-name '*'

# Production settings on plain HTTP for local runs and load tests; a throwaway SECRET_KEY unless one is set.
PROD_ENV = DJANGO_SETTINGS_MODULE=agency_site.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$($(VENV_PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	SECURE_SSL_REDIRECT=False SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False SERVE_MEDIA=True \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" PORT=$(PORT) \
	WAGTAILADMIN_BASE_URL="$${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$(PORT)}"

static: venv ## Collect static files (hashed names and gzip copies, served by WhiteNoise) into staticfiles/
	$(VENV_PY) manage.py collectstatic --noinput -v0

serve-prod: demo static ## Production settings under gunicorn on http://127.0.0.1:$(PORT) (SQLite or DATABASE_URL), with a mail worker
	@export $(PROD_ENV); \
	$(VENV_PY) manage.py db_worker --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

wrk: ## Install wrk (Debian package) when missing
	@command -v wrk >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk; }

# CACHE=redis (REDIS_URL, else redis://127.0.0.1:6379/3), as in production; CACHE=embedded, the default without Redis.
CACHE ?= redis
BENCH_CACHE_ENV = $(if $(filter embedded,$(CACHE)),env -u REDIS_URL,REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/3}")

bench-http: dev-venv demo static wrk ## HTTP benchmark with wrk: cached vs static, uncached pages, queries, entry weight (CACHE=redis|embedded)
	@case "$(CACHE)" in redis|embedded) ;; *) echo "CACHE=redis ou CACHE=embedded, pas « $(CACHE) »" >&2; exit 2;; esac
	$(BENCH_CACHE_ENV) $(VENV_PY) manage.py bench_http

bench-glossary: dev-venv ## Glossary benchmark: auto-linking at 10,000 terms, PostgreSQL search p50/p95, query counts
	$(VENV_PY) manage.py bench_glossary

bench-publish: dev-venv wrk ## A publish under traffic over 1,000 glossary URLs at 10,000 entries; cached page vs a bare WSGI app (Redis cache, as in production)
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/3}" $(VENV_PY) manage.py bench_publish

bench: bench-glossary bench-http bench-publish bench-lighthouse ## Every benchmark: glossary, HTTP, a publish under traffic, Lighthouse at 10,000 entries

scale-check: dev-venv redis-server ## Two gunicorn instances on one PostgreSQL and one Redis: a publish shows on both at once
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/scale} \
	$(VENV_PY) -m pytest agency_site/tests/test_scale.py -m slow -q -p no:cacheprovider

# Tests run in parallel, one worker per core by default (each with its own test database).
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

redis-server: ## Install Debian's redis-server when missing: the tests start their own on a free port
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq redis-server; }

test: dev-venv browser-deps redis-server ## Run the whole test suite, browser tests included (TEST_WORKERS=1 for one process)
	$(VENV_PY) -m pytest -n $(TEST_WORKERS)

.PHONY: browser-deps test-browser lighthouse
# 12.x: the last Lighthouse that runs on Debian 12's Node 20 (13 needs Node 22).
LIGHTHOUSE_VERSION := 12.8.2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The browser tests' tools: Debian's Chromium (never `playwright install`), a JRE for the Nu HTML checker,
# and the npm packages axe-core and vnu-jar. Lighthouse, large and only for `make lighthouse`, is installed there.
browser-deps: node_modules/.browser-deps ## Chromium, Java, axe-core and the Nu HTML checker, installed when missing
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }

node_modules/.browser-deps: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test-browser: dev-venv browser-deps ## Only the browser tests (Playwright + Chromium, axe-core, Nu HTML checker)
	$(VENV_PY) -m pytest -m browser

lighthouse: dev-venv browser-deps ## Lighthouse (mobile) on every page type against `make serve-prod`: the four scores per page
	@[ -x node_modules/.bin/lighthouse ] || npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)
	$(VENV_PY) manage.py bench_lighthouse

.PHONY: bench-lighthouse
bench-lighthouse: dev-venv browser-deps ## Lighthouse (mobile) on the glossary index with 10,000 more entries (throwaway PostgreSQL database)
	@[ -x node_modules/.bin/lighthouse ] || npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)
	$(VENV_PY) manage.py bench_lighthouse --entries 10000 --pages glossaire

lint: dev-venv ## ruff (format check + lint), djhtml on the templates, then the import contract (pyproject.toml)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djhtml --check $$(find templates -name '*.html')
	$(VENV)/bin/lint-imports

format: dev-venv ## Rewrite code and templates in the project's style
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djhtml $$(find templates -name '*.html')

# The deploy checklist fails on any warning about the code and settings. The legal notice check reads the
# content of the local database (demo: « à compléter »), so here it is reported without failing; on the
# production server, `manage.py check --deploy --fail-level WARNING` fails until the legal notice is complete.
LEGAL_NOTICE_CHECKS = agency_site.W001,agency_site.W002
check: dev-venv ## Django system checks, the production deploy checklist, then the legal notice's state (reported)
	$(VENV_PY) manage.py check
	SECRET_KEY=deploy-check-$$(date +%s)-not-a-real-secret-key-long-enough-for-the-check ALLOWED_HOSTS=www.50a.fr \
		SILENCED_SYSTEM_CHECKS=$(LEGAL_NOTICE_CHECKS) \
		$(VENV_PY) manage.py check --deploy --fail-level WARNING --settings=agency_site.settings.production
	$(VENV_PY) manage.py check --deploy --tag legal
	$(VENV_PY) manage.py makemigrations --check --dry-run

clean: ## Remove the venv, the SQLite database, media and collected static files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles .pytest_cache .ruff_cache
