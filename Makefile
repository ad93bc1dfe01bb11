# Two commands for a fresh machine: `make run` and `make test`. Everything else is set up on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3978
HOST ?= 127.0.0.1
PLAYGROUND_PORT ?= 56150
PLAYGROUND_VERSION := 0.2.28
TOOLS := .tools
PLAYGROUND := $(TOOLS)/node_modules/.bin/agentsplayground
DATABASE_URL ?= sqlite:///./data/naervaer.db
export DATABASE_URL

.PHONY: install run serve test lint format bench playground clean

$(BIN)/naervaer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/naervaer

$(PLAYGROUND):
	mkdir -p $(TOOLS)
	cd $(TOOLS) && npm install --silent --no-audit --no-fund @microsoft/m365agentsplayground@$(PLAYGROUND_VERSION)

data:
	mkdir -p data

migrate: install data
	$(BIN)/naervaer migrate

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

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(TOOLS) build
