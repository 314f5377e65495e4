# Balai — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.DEFAULT_GOAL := help

# `make run` reads .env when it exists (see .env.example); tests never do.
ifneq (,$(wildcard .env))
ifeq (,$(filter test lint check,$(MAKECMDGOALS)))
include .env
export
endif
endif

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# pip 23 (what `python -m venv` brings with Python 3.11) refuses a hash-checked install when a
# locked package is required with an extra (weasyprint's fonttools[woff]) and a pip constraint
# file is configured: every install first brings pip up to a release that handles it.
PIP_UPGRADE := $(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25"

$(VENV)/.base-installed: requirements/base.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP_UPGRADE)
	@echo "Memasang dependensi (requirements/base.txt)…"
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP_UPGRADE)
	@echo "Memasang dependensi pengembangan (requirements/dev.txt)…"
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@ $(VENV)/.base-installed

setup: $(VENV)/.base-installed ## Create .venv and install the locked dependencies

migrate: setup ## Apply database migrations
	@$(PY) manage.py migrate --no-input

# Collected (hashed and compressed) static files; redone only when a static file changes.
staticfiles/staticfiles.json: $(VENV)/.base-installed $(shell find static -type f 2>/dev/null)
	@echo "Menyiapkan berkas statis…"
	@$(PY) manage.py collectstatic --no-input -v0

demo: setup staticfiles/staticfiles.json ## Migrate, collect static files, load Kubu Raya reference and demo data (idempotent)
	@$(PY) manage.py migrate --no-input -v0
	@$(PY) manage.py load_demo

run: demo ## Set up and run Balai with Kubu Raya demo data on http://127.0.0.1:$(PORT)
	@PORT=$(PORT) PY=$(PY) scripts/serve

test: $(VENV)/.dev-installed ## Run the whole suite (DATABASE_URL=postgres://… for PostgreSQL)
	@$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed ## Lint with ruff
	@$(VENV)/bin/ruff check .

check: lint test ## Lint, migrations check and tests
	@$(PY) manage.py makemigrations --check --dry-run -v0

lock: $(VENV)/.dev-installed ## Re-lock requirements/*.txt from pyproject.toml
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile -q pyproject.toml --generate-hashes --python-version 3.11 -o requirements/base.txt
	$(VENV)/bin/uv pip compile -q pyproject.toml --group dev --generate-hashes --python-version 3.11 -o requirements/dev.txt

clean: ## Remove generated files (keeps var/, your data)
	rm -rf staticfiles .pytest_cache .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +

.PHONY: help setup migrate demo run test lint check lock clean
