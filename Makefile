# Two commands do everything on a fresh machine with Python 3.11 and pip:
#   make run    create .venv, install, run the pipeline on corpus/ into reports/latest
#   make test   create .venv, install (with test extras), run the test suite
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench evaluate suite review clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 not found as '$(PYTHON)'; run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/press-events run corpus/ --out reports/latest

test: $(STAMP)
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && apt-get install -y -qq chromium; } || echo "note: /usr/bin/chromium missing, the browser tests will be skipped"
	$(BIN)/python -m pytest

evaluate: $(STAMP)
	$(BIN)/press-events evaluate --gold corpus/gold --out reports/eval

suite: $(STAMP)
	$(BIN)/press-events suite ../shared/peer-suites/recognizers_fr_dates.jsonl --prefer future
	$(BIN)/press-events suite ../shared/peer-suites/recognizers_fr_money.jsonl

bench: $(STAMP)
	$(BIN)/press-events bench corpus/

clean:
	rm -rf $(VENV) reports/latest reports/eval
