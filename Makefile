# Newsroom: `make run` to serve the site locally, `make test` to run the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Development-only settings for `make run`; production sets its own environment.
DEV_ENV := DEBUG=1 SECRET_KEY=$${SECRET_KEY:-dev-only-insecure-key-for-make-run}
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-insecure-key}

.PHONY: run serve test lint install migrate fixtures messages bench-import bench bench-data

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	touch $@

install: $(BIN)/.installed

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_initial_data

# English interface: collect the strings, translate locale/en/LC_MESSAGES/django.po, then compile.
# Commit both the .po and the .mo, so nothing else needs gettext.
messages: install
	$(TEST_ENV) $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles --ignore=test-artifacts
	$(TEST_ENV) $(BIN)/python manage.py compilemessages -l en -l id --ignore=.venv

run: migrate
	@echo "Create an editor account with: $(DEV_ENV) $(BIN)/python manage.py createsuperuser"
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn -c gunicorn.conf.py newsroom.wsgi

# Coverage is printed at the end; the run fails below the floor in pyproject.toml.
test: install
	$(TEST_ENV) $(BIN)/pytest --cov --cov-report=term:skip-covered

# What CI checks before the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/django-upgrade --target-version 5.2 --check $$(find articles corrections office operations pagecache newsroom screening staff workspace tests bench -name '*.py' -not -path '*/migrations/*')
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# fixtures/releases.json: the seed releases as the importer reads them, from a scratch
# database; timestamps and preview tokens are pinned so a rebuild changes nothing.
FIXTURE_DB := $(CURDIR)/.fixtures.sqlite3
FIXTURE_ENV := $(TEST_ENV) DATABASE_URL=sqlite:///$(FIXTURE_DB)
PIN_FIXTURES := import uuid; from django.db.models import F; from articles.models import Article; \
	Article.objects.update(created_at=F("published_at"), updated_at=F("published_at")); \
	[Article.objects.filter(pk=pk).update(preview_token=uuid.uuid5(uuid.NAMESPACE_URL, key)) \
	 for pk, key in Article.objects.values_list("pk", "import_key")]
fixtures: install
	rm -f $(FIXTURE_DB)
	$(FIXTURE_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(FIXTURE_ENV) $(BIN)/python manage.py loaddata units -v0
	$(FIXTURE_ENV) $(BIN)/python manage.py import_releases tests/data/seeds --strict
	$(FIXTURE_ENV) $(BIN)/python manage.py shell -v0 -c '$(PIN_FIXTURES)'
	$(FIXTURE_ENV) $(BIN)/python manage.py dumpdata --natural-foreign --indent 2 \
		articles.author articles.article taggit.tag taggit.taggeditem -o fixtures/releases.json
	rm -f $(FIXTURE_DB)

# Import 20,000 generated releases into the database of DATABASE_URL; prints releases/s.
bench-import: install
	$(TEST_ENV) $(BIN)/python bench/import_bench.py

# Page speed on PostgreSQL, gunicorn and Redis (see README.md, "Performance"). Needs wrk.
# BENCH_DATABASE_URL defaults to the newsroom_bench database, created and filled once.
bench-data: install
	$(BIN)/python -m bench.run --data-only

bench: install
	$(BIN)/python -m bench.run
