# The two commands a user needs: `make run` and `make test`. Everything else is set up on demand.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export CACHE_DIR ?= $(HOME)/.cache/mild-recovery-bot
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
VENV := .venv
BIN := $(VENV)/bin

.PHONY: help setup model run test lint pytest validate story-test nlu-eval system-eval bench bench-replicas bench-profile clean

help:
	@echo "make run    set everything up and start the whole system on 127.0.0.1"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make bench  run the benchmarks and write docs/benchmarks.md (bench-replicas, bench-profile)"
	@echo "make lint   ruff and mypy"

setup:
	@scripts/setup-venv.sh
	@if [ -x scripts/build-webchat.sh ]; then scripts/build-webchat.sh; fi

model: setup
	@scripts/train-model.sh

run: model
	@$(BIN)/recovery-bot run

test: model
	@scripts/ensure-debs.sh
	$(MAKE) lint
	$(MAKE) validate
	$(MAKE) pytest
	$(MAKE) story-test

lint: setup
	$(BIN)/ruff check bot actions tests scripts
	$(BIN)/mypy bot actions

validate: setup
	$(BIN)/rasa data validate --fail-on-warnings --quiet

pytest: setup
	$(BIN)/python -m pytest -q

story-test: model
	rm -rf results/stories
	$(BIN)/rasa test core --stories tests/test_stories.yml --model models/current.tar.gz \
	  --fail-on-prediction-errors --out results/stories --quiet

nlu-eval: model
	$(BIN)/python scripts/nlu_eval.py

system-eval: model
	$(BIN)/python scripts/system_eval.py tests/data/heldout.jsonl tests/data/fresh_eval.jsonl
	$(BIN)/python scripts/triage_eval.py tests/data/heldout.jsonl tests/data/fresh_eval.jsonl || true

bench: model
	$(BIN)/python scripts/bench.py

bench-replicas: model
	@scripts/ensure-debs.sh
	$(BIN)/python scripts/bench_replicas.py

bench-profile: model
	$(BIN)/python scripts/bench_profile.py

clean:
	rm -rf models results .venv var
