# naskah — set-up and everyday commands. Two commands set up a fresh machine:
#   make demo   creates the environment and runs the main job on the bundled example
#   make test   installs what the tests need, starts the services they use, runs the suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NASKAH_TEST_POSTGRES_URL ?= postgresql+psycopg://naskah:naskah@127.0.0.1:5432/naskah_test
# make test starts PostgreSQL: a PostgreSQL test that cannot run fails instead of skipping.
export NASKAH_REQUIRE_POSTGRES ?= 1

.PHONY: env demo test lint templates messages bench clean

$(STAMP): pyproject.toml
	bash scripts/ensure-system.sh venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

env: $(STAMP)

demo: $(STAMP)
	@command -v soffice >/dev/null 2>&1 || bash scripts/ensure-system.sh soffice \
	  || echo "LibreOffice could not be installed: the demo writes DOCX only."
	$(BIN)/naskah demo

test: $(STAMP)
	bash scripts/ensure-system.sh soffice postgres chromium redis zbar
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check core plugins workers settings templates tests benchmarks

templates: $(STAMP)
	$(BIN)/python templates/build

# Message ids of the code into core/i18n/locale/*/LC_MESSAGES/naskah.po (then translate the new ones).
messages: $(STAMP)
	$(BIN)/python -m naskah.i18n.extract

# Every ratio of docs/performance.md, measured side by side in one run (rewrites that file).
bench: $(STAMP)
	bash scripts/ensure-system.sh soffice redis
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) naskah-data .pytest_cache
