# lessons: two commands on a fresh machine (Python 3.10+ with pip and venv)
#   make report   set up .venv and write the reports for the sample workshop
#   make test     set up .venv and run the tests (what CI runs)
#   make check    the quick subset of the tests (no full pipeline runs)
#   make lab      open JupyterLab on the notebooks (after make report)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SAMPLE := data/sample/workshop.yml
OUT    := reports/sample
export PYTHAINLP_OFFLINE := 1
export PYTHAINLP_READ_ONLY := 1

.DEFAULT_GOAL := help
.PHONY: help setup report test check lab notebooks bench clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the project (again only when pyproject.toml changes)

report: $(STAMP)  ## run the whole pipeline on the sample workshop -> reports/sample/
	$(VENV)/bin/lessons run $(SAMPLE) --out $(OUT)

test: $(STAMP)  ## run the test suite
	$(PY) -m pytest --durations=25

check: $(STAMP)  ## the quick tests: everything not marked slow
	$(PY) -m pytest -m "not slow" -q

lab: $(STAMP)  ## open JupyterLab on the notebooks (run make report first)
	$(VENV)/bin/jupyter lab notebooks/

notebooks: $(STAMP)  ## execute the five notebooks on reports/sample; .ipynb and .html copies in reports/sample/notebooks/
	$(VENV)/bin/lessons notebooks $(OUT)

bench: $(STAMP)  ## run the benchmarks (bench/README.md)
	$(PY) bench/tokenize_bench.py

clean:  ## remove generated reports and caches (keeps .venv)
	rm -rf reports/sample .pytest_cache "$${LESSONS_CACHE:-$$HOME/.cache/lessons}"
