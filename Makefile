# Central Asia Hazards Atlas. `make run` sets up and serves; `make test` sets up and tests.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PY := .venv/bin/python

.PHONY: run serve test test-fast bootstrap db stop prepare lint bench messages

run:            ## set up what is missing and serve the atlas on http://127.0.0.1:$${PORT:-8000}, with its workers (restarted if they die)
	@scripts/run.sh

serve:          ## the production server: more gunicorn workers (WEB_WORKERS), HOST/PORT to listen on, WORKER_CONCURRENCY jobs per worker
	@scripts/run.sh serve

test:           ## set up what is missing and run the whole test suite on PostGIS
	@scripts/test.sh $(PYTEST_ARGS)

test-fast:      ## the suite without browser, real-server and GDAL-client tests, on a kept test database
	@scripts/test.sh -m "not slow" --reuse-db $(PYTEST_ARGS)

bootstrap:      ## install system packages, the virtualenv and front-end packages only
	@scripts/bootstrap.sh

db:             ## start the private PostgreSQL cluster
	@scripts/db.sh start

stop:           ## stop the private PostgreSQL cluster
	@scripts/db.sh stop

prepare: db     ## migrate, collect static files, load the region when empty
	@scripts/prepare.sh

lint:          ## ruff on the Python code, import-linter's contracts (the layering), mypy on the typed packages, eslint on the front end
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache
	@.venv/bin/mypy
	@node_modules/.bin/eslint static/atlas/js

bench:          ## run the benchmarks (not part of the test suite)
	@for b in bench/[!_]*.py; do echo "== $$b"; $(PY) $$b || exit 1; done  # bench/_*.py are shared modules

messages:       ## refresh the translation catalogues (ru, en, kk)
	@$(PY) manage.py makemessages -l ru -l en -l kk --ignore=.venv --ignore=node_modules --ignore=.state
	@$(PY) manage.py makemessages -d djangojs -l ru -l en -l kk --ignore=.venv --ignore=node_modules --ignore=.state --ignore=staticfiles
