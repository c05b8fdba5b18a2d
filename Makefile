# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Your own scrapes: make run RAW=/path/to/scrapes INDEX=/path/to/index PORT=8080
RAW ?= raw
INDEX ?= index

.PHONY: install index run cluster-demo test lint bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

index: install
	$(PY) -m indexer build --raw "$(RAW)" --index "$(INDEX)"

run: index
	$(PY) -m web --index "$(INDEX)" --host $(HOST) --port $(PORT)

# A scheduler and two workers on this machine: the sample built and served on them.
cluster-demo: install
	$(PY) -m bench.cluster_demo --raw "$(RAW)" --index "$(INDEX)-cluster" --host $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check indexer web tests bench

bench: install
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV)
	find index -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
