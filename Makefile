# The two commands in the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := into_eu.settings

.PHONY: run test bench install migrate content static lint fmt messages clean

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

run: content static
	$(BIN)/gunicorn into_eu.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The suite twice: on SQLite, then on a throwaway PostgreSQL + Redis (scripts/with-services),
# which also runs the two-instance test.
test: lint static
	$(BIN)/python -m pytest
	scripts/with-services $(BIN)/python -m pytest

# Requests/s of pages (cached and not) against a static file; see scripts/bench.py.
bench: install
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: install Debian's package wrk" >&2; exit 1; fi; }
	$(BIN)/python scripts/bench.py

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogues after changing UI text; needs GNU gettext (Debian: gettext).
messages: install
	$(BIN)/python manage.py makemessages --no-location --no-obsolete $(foreach l,sq it es el en,-l $(l)) --ignore=.venv --ignore=staticfiles --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
