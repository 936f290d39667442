# The README's two commands: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= $(shell .ci/python)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONPATH := functions:infra/local

.PHONY: run test chromium lint format bench load job redrive logos clean

$(VENV)/.installed: requirements.txt requirements-dev.txt layers/common/requirements.txt layers/common/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c layers/common/requirements.txt -e layers/common
	touch $@

## make run: embedded AWS + demo data + portal and API at http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	PORT=$(PORT) exec $(PY) -m certtrack_local

## make test: Chromium for the browser tests (installed, or one line saying what to install, before
## any test), linters, then the whole suite: the in-process tests on both cores (each worker its own
## moto), then the end-to-end, browser and authorization-matrix tests on both cores (each worker its
## own local system), then schemathesis (tests/attack/test_fuzz.py) alone and last, since it writes
## at random (and its report holds a Counter, which xdist cannot send from a worker)
test: chromium lint
	$(PY) -m pytest -n 2 tests/unit tests/infra tests/features
	$(PY) -m pytest -n 2 tests/e2e tests/browser tests/attack/test_authorization_matrix.py
	$(PY) -m pytest tests/attack/test_fuzz.py

chromium:
	@.ci/chromium

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/cfn-lint infra/template.yaml

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## make bench: the figures the README quotes
bench: $(VENV)/.installed
	$(PY) bench/run.py

## make load: 50 candidates against a local system it starts and stops itself (locust, headless,
## loopback, 3 minutes; DURATION=seconds to change), then the writes counted back
load: $(VENV)/.installed
	$(PY) bench/load.py $(if $(DURATION),--duration $(DURATION))

## make job JOB=reminders DATE=YYYY-MM-DD: a scheduled job now, against the running `make run`
job: $(VENV)/.installed
	$(PY) -m certtrack_local.jobs $(JOB) $(if $(DATE),--date $(DATE))

## make redrive QUEUE=fulfillment: dead-letter messages back to their queue (running `make run`)
redrive: $(VENV)/.installed
	$(PY) -m certtrack_local.redrive $(QUEUE)

## make logos BUCKET=<LogosBucketName>: upload the logo artwork to a deployed stack's bucket
logos: $(VENV)/.installed
	$(PY) -m certtrack_local.logos --bucket $(BUCKET)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
