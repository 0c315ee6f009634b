# Two commands on a fresh machine (see README):
#   make demo   set up .venv and analyze the bundled founding examples
#   make test   set up .venv with the test tools and run the whole suite; it fails when the
#               labelled data (../shared/data) or a golden file is missing, and prints skip reasons
#   make gate   the pinned quality gate (benchmarks/gate.py): fails on a regression beyond epsilon
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test gate gate-accept bench setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/corroborate analyze examples/seeds --out out --db out/corroborate.sqlite3

test: $(STAMP)
	$(BIN)/python -m pytest

gate: $(STAMP)
	$(BIN)/python benchmarks/gate.py

# Record the current figures as the new floors (also lower ones): review the baseline's diff.
gate-accept: $(STAMP)
	$(BIN)/python benchmarks/gate.py --accept

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf out .pytest_cache
