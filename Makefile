# Masthead: `make run` to try it, `make test` to test it, `make help` for the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MASTHEAD := $(BIN)/masthead
INSTALLED := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test test-postgres bench bench-scale lighthouse lint format check messages chromium nginx wrk clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(INSTALLED) ## Create .venv and install Masthead with its test tools

run: $(INSTALLED) ## Migrate, load the demo site, print the admin login, serve http://127.0.0.1:$(PORT)
	$(MASTHEAD) migrate --noinput
	$(MASTHEAD) load_demo
	$(MASTHEAD) ensure_admin
	PORT=$(PORT) $(MASTHEAD) run 127.0.0.1:$(PORT)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

chromium: ## Install Debian's Chromium for the browser tests when it is missing
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

nginx: ## Install Debian's nginx (nginx-light) for the production tests and benchmarks when it is missing
	@test -x /usr/sbin/nginx || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light; }

wrk: ## Install Debian's wrk, the load generator of the benchmarks, when it is missing
	@test -x /usr/bin/wrk || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }

test: $(INSTALLED) chromium nginx node_modules/.installed ## Run the whole test suite (SQLite, or DATABASE_URL when set)
	$(BIN)/pytest

test-postgres: ## Run the suite against PostgreSQL and Redis on 127.0.0.1
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/masthead REDIS_URL=redis://127.0.0.1:6379/15 $(MAKE) test

bench: $(INSTALLED) nginx wrk chromium node_modules/.installed ## Load-test masthead serve and nginx with wrk on the demo data, then Lighthouse; print the figures
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.lighthouse --runs 5 --production

lighthouse: $(INSTALLED) chromium node_modules/.installed ## Lighthouse (mobile) on the demo lead article: scores, Web Vitals, the 40 KB front-end budget
	$(BIN)/python -m bench.lighthouse --runs 5 --production

bench-scale: $(INSTALLED) nginx wrk ## The same benchmarks after generating 100,000 articles and 1,000,000 comments
	BENCH_ARTICLES=$${BENCH_ARTICLES:-100000} BENCH_COMMENTS=$${BENCH_COMMENTS:-1000000} $(BIN)/python -m bench.run

lint: $(INSTALLED) ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint ## Lint, Django's checks, missing migrations, then the tests
	DJANGO_SETTINGS_MODULE=masthead.settings.test $(MASTHEAD) check
	DJANGO_SETTINGS_MODULE=masthead.settings.test $(MASTHEAD) makemigrations --check --dry-run
	$(MAKE) test

messages: $(INSTALLED) ## Update the French catalogue after changing interface strings, and compile it
	cd masthead && ../$(MASTHEAD) makemessages --locale fr --no-obsolete --ignore 'tests/*'
	cd masthead && ../$(MASTHEAD) compilemessages --locale fr

clean: ## Remove the virtualenv (var/, with the database, stays)
	rm -rf $(VENV)
