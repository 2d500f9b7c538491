# Uplift: `make run` serves the app with a demo world; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Two test processes (pytest-xdist), one per core here; WORKERS=0 runs in one process.
WORKERS ?= 2
XDIST := -n $(WORKERS)

.PHONY: run test test-fast test-travel test-browser lint format install migrate demo check-deploy clean

# A .venv left half-made (venv failed, or its Python was removed) has no working pip: it is made again.
$(STAMP): requirements.txt requirements-dev.txt
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); PYTHON=$$(scripts/find-python) && echo "Creating .venv with $$PYTHON" && $$PYTHON -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py load_framework uplift/frameworks/data/uplift-cqf-v1.yaml
	$(PY) manage.py seed_demo --if-empty --no-logins
	scripts/run-dev

# The whole suite: unit, integration, permission matrix and browser journeys.
# pytest's exit code 5 (no tests collected) fails the target like any other failure.
test: install
	scripts/ensure-browser
	UPLIFT_ENV=test $(PY) -m pytest -q $(XDIST) $(PYTEST_ARGS)

test-fast: install
	UPLIFT_ENV=test $(PY) -m pytest -q $(XDIST) -m "not browser" $(PYTEST_ARGS)

# The unit suite with the clock moved 200 days ahead (uplift/testing/clock.py): a test that reads today's date
# without freezing it fails here before it fails on a user's machine on that day. DAYS=N moves it N days.
test-travel: install
	UPLIFT_ENV=test UPLIFT_TEST_TRAVEL_DAYS=$${DAYS:-200} $(PY) -m pytest -q $(XDIST) -m "not browser" $(PYTEST_ARGS)

test-browser: install
	scripts/ensure-browser
	UPLIFT_ENV=test $(PY) -m pytest -q $(XDIST) -m browser $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Dummy secrets: the Open Badges key is a valid Ed25519 seed (base64url of "ci-dummy-open-badges-key-0123456").
check-deploy: install
	UPLIFT_ENV=production SECRET_KEY=ci-dummy-secret-key-that-is-long-enough-to-pass-the-deploy-check-0123456789 \
	  OPEN_BADGES_SIGNING_KEY=Y2ktZHVtbXktb3Blbi1iYWRnZXMta2V5LTAxMjM0NTY \
	  ALLOWED_HOSTS=uplift.example $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles
