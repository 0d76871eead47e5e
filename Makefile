# lapor — the two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
# Extra arguments for pytest, e.g. `make test ARGS="-k healthz -x"`.
ARGS ?=

.PHONY: help run test setup deps lint messages lock clean-db screenshots

help:
	@echo "make run      - set everything up, then serve lapor and its worker (Ctrl-C stops both)"
	@echo "make test     - the same set-up, plus chromium and Java for the browser and HTML"
	@echo "                tests (installed with apt as root), then the whole suite (ARGS=...)"
	@echo "make setup    - only the set-up: packages, database, migrations, demo, schedules"
	@echo "make deps     - only the Python and npm packages"
	@echo "make lint     - ruff"
	@echo "make messages - regenerate and compile the translation files"
	@echo "make lock     - re-lock Python dependencies after editing pyproject.toml"
	@echo "make clean-db - stop and delete the embedded PostgreSQL under var/"
	@echo "make screenshots - the README's pictures (docs/img/), from the demo in a browser"

# The virtualenv is rebuilt only when the lock file changes (the stamp makes a second run fast).
$(VENV)/.installed: requirements.lock
	@PYBIN=$$(scripts/find-python.sh) && echo "Using $$PYBIN" && \
	  { [ -x $(PY) ] || $$PYBIN -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the front-end packages (apt-get install -y npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Only the Bootstrap the pages use (PurgeCSS over the templates, scripts and Python that name
# classes), remade when any of them changes; without it the whole file is served.
CSS_SOURCES := $(shell find templates static/js accounts complaints disposition lapor \
                 \( -name '*.html' -o -name '*.js' -o -name '*.py' \) 2>/dev/null)
var/css/bootstrap.min.css: node_modules/.installed purgecss.config.cjs $(CSS_SOURCES)
	@mkdir -p var/css
	node_modules/.bin/purgecss --config purgecss.config.cjs

deps: $(VENV)/.installed node_modules/.installed var/css/bootstrap.min.css

# Database, migrations, demo data and schedules; `run` and `test` do this first themselves.
setup: deps
	@$(PY) scripts/dev.py setup

run: deps
	@$(PY) scripts/dev.py run

test: deps
	@$(PY) scripts/dev.py test $(ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .

messages: $(VENV)/.installed
	cd $(CURDIR) && $(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=node_modules --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var

lock: $(VENV)/.installed
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 -o requirements.lock

# The README's pictures, from the demo in Chromium (the test that makes them checks their size).
screenshots: deps
	@LAPOR_SCREENSHOTS=$(CURDIR)/docs/img $(PY) scripts/dev.py test tests/browser/test_screenshots.py -q

# Stops and deletes the embedded PostgreSQL under var/ (only the embedded one).
clean-db:
	@$(PY) scripts/dev.py stop-embedded; rm -rf var/pgdata
