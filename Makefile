# Two commands for a fresh machine: `make run` and `make test`. Everything else is set up on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3978
HOST ?= 127.0.0.1
PLAYGROUND_PORT ?= 56150
# Node tools (Teams emulator, Adaptive Cards renderer, headless Chromium driver) are pinned in
# tools/package-lock.json; npm writes node_modules/.package-lock.json on every install.
TOOLS := tools
NODE_TOOLS := $(TOOLS)/node_modules/.package-lock.json
PLAYGROUND := $(TOOLS)/node_modules/.bin/agentsplayground
DATABASE_URL ?= sqlite:///./data/naervaer.db
export DATABASE_URL

.PHONY: install run serve test e2e lint typecheck format bench bench-reminders playground clean node-tools lock

# Every package comes from requirements-dev.lock, pinned with hashes (uv.lock exported for pip);
# the project itself is then installed without resolving anything. `make lock` rewrites the lock.
$(BIN)/naervaer: pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/naervaer

$(NODE_TOOLS): $(TOOLS)/package.json $(TOOLS)/package-lock.json
	npm ci --prefix $(TOOLS) --no-audit --no-fund
	touch $@

node-tools: $(NODE_TOOLS)

$(PLAYGROUND): $(NODE_TOOLS)

data:
	mkdir -p data

migrate: install data
	$(BIN)/naervaer migrate

# The emulator's user (Alex Wilber in the Playground 0.2.28's defaults): `make run LEADER=1`
# adds it to NAERVAER_LEADERS, so the leader view can be tried in the emulator.
EMULATOR_USER := 00000000-0000-0000-0000-0000000000020
comma := ,
ifdef LEADER
export NAERVAER_LEADERS := $(if $(NAERVAER_LEADERS),$(NAERVAER_LEADERS)$(comma))$(EMULATOR_USER)
endif

# The bot on $(HOST):$(PORT) and Microsoft's Teams emulator on http://localhost:$(PLAYGROUND_PORT).
run: migrate $(PLAYGROUND)
	@echo "Open http://localhost:$(PLAYGROUND_PORT) to chat with the bot (Ctrl+C stops both)."
	@trap 'kill $$BOT 2>/dev/null' EXIT INT TERM; \
	PORT=$(PORT) HOST=$(HOST) $(BIN)/naervaer serve & BOT=$$!; \
	TEAMSAPPTESTER_BROWSER=none $(PLAYGROUND) --disable-telemetry \
		-e http://127.0.0.1:$(PORT)/api/messages -c msteams -p $(PLAYGROUND_PORT)

serve: migrate
	PORT=$(PORT) HOST=$(HOST) $(BIN)/naervaer serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy at the strictness pyproject.toml's [tool.mypy] states (every function typed and checked).
typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The Playground end-to-end tests and the card renderer test need node, Chromium and tools/'s
# npm packages (scripts/install-browser-deps.sh); npm's part is fetched here when npm exists.
# Without them those tests skip, and the first line and pytest's summary (-rs) say why.
test: lint typecheck
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) -s --no-print-directory node-tools || echo "npm ci --prefix $(TOOLS) failed"; fi
	@$(BIN)/python -m tests.e2e.playground
	NAERVAER_CHECK_INSTALL=1 $(BIN)/pytest -rs

# Only the Playground end-to-end tests, with their output (screenshot paths) shown.
e2e: install
	@$(BIN)/python -m tests.e2e.playground
	$(BIN)/pytest -rs tests/e2e

bench: install
	$(BIN)/python -m bench

# 10,000 reminders due at 08:00, two bot processes, PostgreSQL (a throwaway cluster unless
# ARGS="--database-url ..."), a connector that throttles like Teams (bench/reminders_bench.py).
bench-reminders: install
	$(BIN)/python -m bench.reminders_bench $(ARGS)

# After changing a dependency in pyproject.toml (or to take upgrades: UPGRADE=--upgrade, or
# UPGRADE="--upgrade-package NAME"): re-resolve uv.lock for Python 3.11-3.13, export it for pip.
lock: install
	$(BIN)/uv lock $(UPGRADE)
	$(BIN)/uv export --frozen --no-dev --no-emit-project --format requirements-txt \
		--no-header -o requirements.lock
	$(BIN)/uv export --frozen --no-dev --extra dev --no-emit-project --format requirements-txt \
		--no-header -o requirements-dev.lock

clean:
	rm -rf $(VENV) $(TOOLS)/node_modules build
