# Newsroom: `make run` to serve the site locally, `make test` to run the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Development-only settings for `make run`; production sets its own environment.
DEV_ENV := DEBUG=1 SECRET_KEY=$${SECRET_KEY:-dev-only-insecure-key-for-make-run}
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-insecure-key}

.PHONY: run serve test lint install migrate fixtures

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	touch $@

install: $(BIN)/.installed

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_initial_data

run: migrate
	@echo "Create an editor account with: $(DEV_ENV) $(BIN)/python manage.py createsuperuser"
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn -c gunicorn.conf.py newsroom.wsgi

test: install
	$(TEST_ENV) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
