# Masthead: `make run` to try it, `make test` to test it, `make help` for the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MASTHEAD := $(BIN)/masthead
INSTALLED := $(VENV)/.installed
# Every dependency pinned with its hashes (`make lock`): runtime, test and maintainer tools.
LOCK := requirements/dev.txt
# `make lock UPGRADE=1` moves every pin to the newest release in range, UPGRADE=wagtail one.
UPGRADE ?=
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" --quiet

.DEFAULT_GOAL := help
.PHONY: help install lock run test test-postgres wheel-check bench bench-scale soak lighthouse lint django-check format check ci messages chromium nginx wrk clean security scanners bench-import bench-newsletter bench-renditions bench-kill

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# The lock's exact files first (hashes checked), then Masthead itself, editable, adding nothing.
$(INSTALLED): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(INSTALLED) ## Create .venv and install the locked dependencies, the test tools and Masthead

lock: $(INSTALLED) ## Pin every dependency with hashes into requirements/ after changing pyproject.toml (UPGRADE=1: newest in range)
	$(UV_COMPILE) --extra test --extra dev $(if $(filter 1,$(UPGRADE)),--upgrade,$(if $(UPGRADE),--upgrade-package $(UPGRADE))) -o $(LOCK)
	$(UV_COMPILE) --constraint $(LOCK) -o requirements/production.txt

run: $(INSTALLED) ## Migrate, load the demo site, print the admin login, serve http://127.0.0.1:$(PORT)
	$(MASTHEAD) migrate --noinput
	$(MASTHEAD) load_demo
	PORT=$(PORT) $(MASTHEAD) ensure_admin
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

scanners: ## Install Debian's wapiti and sqlmap, the scanners of `make security`, when missing
	@test -x /usr/bin/wapiti -a -x /usr/bin/sqlmap || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wapiti sqlmap; }

test: $(INSTALLED) chromium nginx node_modules/.installed ## Run the whole test suite (SQLite, or DATABASE_URL when set)
	$(BIN)/pytest

# CI's names; on a shared machine pass your own, e.g. make test-postgres TEST_REDIS_URL=redis://127.0.0.1:6379/3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/masthead
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

test-postgres: ## Run the suite against PostgreSQL and Redis on 127.0.0.1
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(MAKE) test

bench: $(INSTALLED) nginx wrk chromium node_modules/.installed ## Load-test masthead serve and nginx with wrk on the demo data, then Lighthouse; print the figures
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.lighthouse --runs 5 --production

lighthouse: $(INSTALLED) chromium node_modules/.installed ## Lighthouse (mobile) on the demo lead article and front page: scores, Web Vitals, the 40 KB front-end budget
	$(BIN)/python -m bench.lighthouse --runs 5 --production

bench-scale: $(INSTALLED) nginx wrk ## The same benchmarks after generating 100,000 articles and 1,000,000 comments
	BENCH_ARTICLES=$${BENCH_ARTICLES:-100000} BENCH_COMMENTS=$${BENCH_COMMENTS:-1000000} $(BIN)/python -m bench.run

# The soak's own PostgreSQL database (created afresh, dropped at the end) and redis-server.
SOAK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/masthead_soak

soak: $(INSTALLED) ## 10 min of readers + commenters on PostgreSQL + Redis, a worker killed, Redis paused (SOAK_SECONDS=60 for less)
	SOAK_DATABASE_URL=$(SOAK_DATABASE_URL) $(BIN)/python -m bench.soak

security: $(INSTALLED) scanners ## bandit, then wapiti and sqlmap against the demo site on 127.0.0.1 (about 10 min); print the findings
	$(BIN)/python .ci/security

bench-renditions: $(INSTALLED) ## A worker's peak and resident memory while four threads make renditions of 12 MP photos
	$(BIN)/python -m bench.renditions

bench-import: $(INSTALLED) ## Import quality (F1 against trafilatura alone on 40 pages) and a 10,000-post, 50,000-comment WXR import: time, items/s, peak memory
	$(BIN)/python -m bench.import_bench

bench-newsletter: $(INSTALLED) wrk ## Send an article to 100,000 subscribers through a local SMTP server; messages/s, memory, readers' p99 at fixed rates idle and while sending
	$(BIN)/python -m bench.newsletter

bench-kill: $(INSTALLED) ## Kill a sending worker with SIGKILL BENCH_KILLS times (30); count messages lost or left to send twice
	$(BIN)/python -m bench.kill_window

wheel-check: ## Build the wheel, install it in a fresh venv from the lock, serve the demo from it
	$(PYTHON) .ci/wheel-check

lint: $(INSTALLED) ## ruff check, ruff format check, djlint on the templates
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint masthead

django-check: $(INSTALLED) ## Django's system checks and missing migrations
	DJANGO_SETTINGS_MODULE=masthead.settings.test $(MASTHEAD) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=masthead.settings.test $(MASTHEAD) makemigrations --check --dry-run

format: $(INSTALLED) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint django-check test ## Lint, Django's checks, missing migrations, then the tests on SQLite

ci: ## Everything CI runs (.ci/run): check, the suite on PostgreSQL + Redis, the wheel check
	.ci/run

messages: $(INSTALLED) ## Update the French catalogue after changing interface strings, and compile it
	cd masthead && ../$(MASTHEAD) makemessages --locale fr --no-obsolete --ignore 'tests/*'
	cd masthead && ../$(MASTHEAD) compilemessages --locale fr

clean: ## Remove the virtualenv (var/, with the database, stays)
	rm -rf $(VENV)
