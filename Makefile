# kehoach: `make run` builds data/ from corpus/, `make test` runs the tests.
# Python 3.11 is assumed to be `python3`; override with `make PYTHON=python3.11`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: venv run test eval corpus clean

# The venv is created if missing and the package installed (editable, with the test extra)
# once; the stamp is redone only when pyproject.toml changes.
venv: $(STAMP)

$(STAMP): pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -e '.[test]'
	touch $@

run: venv
	$(BIN)/kehoach extract corpus/ -o data/

test: venv
	$(BIN)/python -m pytest -q

# Scores data/ against gold/; prints one block per source format (txt, docx, pdf).
eval: run
	$(BIN)/kehoach eval --gold gold/ data/

# Regenerates corpus/*.docx and corpus/*.pdf from corpus/*.txt (the PDFs need LibreOffice).
corpus: venv
	command -v soffice >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2; }
	$(BIN)/python scripts/make_renditions.py

# Removes what runs produce; keeps the venv (rm -rf .venv to rebuild it) and the corpus.
clean:
	rm -rf data/ report/ build/ .pytest_cache/ *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
