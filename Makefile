# GR Portal: two commands.
#   make run   – set up everything and serve the portal with demo data on http://127.0.0.1:8000
#   make test  – set up everything and run the whole test suite
# With no configuration: SQLite and Celery tasks in-process. Set DATABASE_URL and REDIS_URL
# for PostgreSQL and a real broker.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: run test install requirements migrate translations demo worker beat clean

# requirements.txt is what production installs, requirements-dev.txt the tests and tools on top; both compiled with
# hashes from their .in files by 'make requirements'. Development and the tests install both.
$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %d.%d)." % sys.version_info[:2]) if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# After editing requirements.in or requirements-dev.in: pin and hash what they name (versions already pinned stay;
# 'make requirements UPGRADE=1' takes the newest allowed).
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --no-strip-extras --python-version 3.11 \
	--custom-compile-command "make requirements" $(if $(UPGRADE),--upgrade)
requirements: install
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -o requirements-dev.txt

# Compiling needs no secrets; run it with the development defaults whatever the environment says.
translations: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py compiletranslations

run: export DJANGO_DEBUG ?= 1
run: install translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py run_retention
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The suite runs twice: on today, and with the clock moved to a day after the fixtures' projects have ended
# (conftest.py, GRPORTAL_TEST_TODAY), so that no test depends on the day it runs. The second pass leaves out the
# browser and the real-worker tests, whose other processes keep the real clock.
test: install translations
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	GRPORTAL_TESTING=1 $(BIN)/python -m pytest
	GRPORTAL_TESTING=1 GRPORTAL_TEST_TODAY=2027-06-01 $(BIN)/python -m pytest -q -m "not browser and not redis"

worker: export DJANGO_DEBUG ?= 1
worker: install
	$(BIN)/celery -A grportal worker --loglevel=INFO

beat: export DJANGO_DEBUG ?= 1
beat: install
	mkdir -p var
	$(BIN)/celery -A grportal beat --loglevel=INFO --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) var staticfiles
