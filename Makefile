# The two commands in the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := into_eu.settings

.PHONY: run test test-browser chromium lighthouse bench install migrate content static lint fmt messages map clean

# The browser tests drive Debian's Chromium (Playwright cannot download its own here).
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# Screenshots of the main pages go to artifacts/screenshots; a failing browser test
# leaves its trace and screenshot in artifacts/failures (open with `playwright show-trace`).
BROWSER_TEST_OPTIONS := --output artifacts/failures --tracing retain-on-failure --screenshot only-on-failure

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "python3 -m venv failed: install Debian's python3-venv" >&2; exit 1; fi; }

# Reinstall whenever the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

content: migrate
	$(BIN)/python manage.py load_content

static: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

# gunicorn and the task worker together (scripts/serve); Ctrl-C stops both.
run: content static
	BIN=$(BIN) PORT=$(PORT) scripts/serve

# Style, then who may import whom (the contracts in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The suite twice: on SQLite, then on a throwaway PostgreSQL + Redis (scripts/with-services),
# which also runs the two-instance test behind nginx (tests/into_eu/web/test_topology.py).
test: lint static
	$(BIN)/python -m pytest
	scripts/with-services $(BIN)/python -m pytest
	@$(MAKE) --no-print-directory test-browser

# Requests/s of pages (cached and not, and through nginx's cache) against a static file,
# and the search's latency at 10,000 items on SQLite and PostgreSQL (beside the services
# of scripts/with-services); see scripts/bench.py. `make bench BASELINE="<git ref> …"`
# measures those commits too.
bench: install
	@missing=""; command -v wrk >/dev/null || missing="wrk"; \
	PATH="$$PATH:/usr/sbin:/sbin" command -v nginx >/dev/null || missing="$$missing nginx"; \
	[ -z "$$missing" ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing: $$missing (Debian's packages)" >&2; exit 1; fi; }
	scripts/with-services --or-without $(BIN)/python scripts/bench.py

# A pytest process of its own: Playwright's event loop makes Django's async-safety check
# fire, and only this process turns it off (see tests/browser/conftest.py).
test-browser: static chromium
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest tests/browser $(BROWSER_TEST_OPTIONS)

# Installs Chromium when it is missing and we may; otherwise the browser tests say so
# loudly and skip, or fail when CI=true.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
	    || echo "WARNING: apt-get could not install chromium" >&2; \
	else \
	  echo "WARNING: no $(CHROMIUM) and not root: install Debian's chromium, or the browser tests are SKIPPED" >&2; \
	fi

# Lighthouse 12 (npm; 13 needs Node 22) on four pages in two languages; see tools/lighthouse.py.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: static chromium node_modules/.installed
	$(BIN)/python tools/lighthouse.py

# The map of the partnership: Natural Earth's land from npm's world-atlas into
# partners/data/, then the base map into static/img/map/ (both committed; README, "Design").
# Both read the partners' coordinates from the database, hence the content.
map: content node_modules/.installed
	$(BIN)/python manage.py make_map_data
	$(BIN)/python manage.py draw_map

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogues after changing UI text; needs GNU gettext (Debian: gettext).
messages: install
	$(BIN)/python manage.py makemessages --no-location --no-obsolete $(foreach l,sq it es el en,-l $(l)) --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) staticfiles
