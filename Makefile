# kehoach: `make run` builds data/ from corpus/, `make test` runs the tests.
# Python 3.11 is assumed to be `python3`; override with `make PYTHON=python3.11`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: venv venv-test run test eval eval-devset eval-heldout eval-heldout2 corpus fixtures soffice tesseract bench-ocr bench ocr-lexicon clean chromium report report-assets fuzz

# The venv is created if missing and the package installed (editable) once; `make run` needs
# nothing more. The test extra (pytest, nbclient, playwright, dask, duckdb …) is installed only by
# the targets that need it (`make test`, `make bench`). Each stamp is redone when pyproject.toml changes.
venv: $(STAMP)

$(STAMP): pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -e .
	touch $@

venv-test: $(TSTAMP)

$(TSTAMP): $(STAMP)
	$(BIN)/pip install -e '.[test]'
	touch $@

run: venv
	$(BIN)/kehoach extract corpus/ -o data/

# LibreOffice reads .doc files (and prints the corpus PDFs); the tests of the .doc path need it.
soffice:
	command -v soffice >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2; }

# Tesseract with its Vietnamese data reads scanned PDFs and images (pipeline/read/ocr.py).
tesseract:
	command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>&1 | grep -qx vie || { \
	  $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie; }

# Debian's chromium, driven by Playwright in tests/test_report_browser.py (no browser download).
chromium:
	[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# lint-imports checks that imports only go down the stages (the layers in pyproject.toml).
test: venv-test soffice tesseract chromium
	$(BIN)/lint-imports
	KEHOACH_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q

# The comparison site for corpus/: report/index.html opens from disk, no server or network.
report: run
	$(BIN)/kehoach report data/ -o report/

# Refreshes the bundled charting libraries (pipeline/analyse/report_assets/vendor) from the npm registry.
VEGA_PKGS := vega@6.4.0 vega-lite@6.5.0 vega-embed@7.3.0
report-assets:
	rm -rf build/npm && mkdir -p build/npm
	cd build/npm && npm pack --silent $(VEGA_PKGS) >/dev/null && for t in *.tgz; do mkdir -p "$${t%.tgz}" && tar xzf "$$t" -C "$${t%.tgz}"; done
	for p in vega vega-lite vega-embed; do \
	  d=$$(ls -d build/npm/$$p-[0-9]*/package); \
	  sed '/^\/\/# sourceMappingURL=/d' $$d/build/$$p.min.js > pipeline/analyse/report_assets/vendor/$$p.min.js; \
	  cp $$d/LICENSE pipeline/analyse/report_assets/vendor/LICENSE.$$p; \
	done

# Scores data/ against gold/; prints one block per source format (txt, docx, pdf). Then each
# fixture folder of another kind of input is extracted to its own folder and scored:
# scanned PDFs (pdf, read by OCR), saved portal pages (html), Word 97-2003 (doc), plans typed in TCVN3 and in VNI (docx, pdf, txt).
eval: run soffice tesseract
	$(BIN)/kehoach eval --gold gold/ data/
	$(BIN)/kehoach extract fixtures/scanned/ -o data-fixtures/scanned/ --quiet
	$(BIN)/kehoach eval --gold gold/ data-fixtures/scanned/
	$(BIN)/kehoach extract fixtures/html/ -o data-fixtures/html/ --quiet
	$(BIN)/kehoach eval --gold gold/ data-fixtures/html/
	$(BIN)/kehoach extract fixtures/doc/ -o data-fixtures/doc/ --quiet
	$(BIN)/kehoach eval --gold gold/ data-fixtures/doc/
	$(BIN)/kehoach extract fixtures/legacy/tcvn3/ -o data-fixtures/tcvn3/ --quiet
	$(BIN)/kehoach eval --gold gold/ data-fixtures/tcvn3/
	$(BIN)/kehoach extract fixtures/legacy/vni/ -o data-fixtures/vni/ --quiet
	$(BIN)/kehoach eval --gold gold/ data-fixtures/vni/
	@$(MAKE) --no-print-directory eval-devset
	@$(MAKE) --no-print-directory eval-heldout
	@$(MAKE) --no-print-directory eval-heldout2

# The development set beside the repository (18 plans of other provinces and years, with their
# gold): extracted to data-devset/ and scored; skipped, with a message, where it is absent.
# DEVSET=path/to/devset points elsewhere.
DEVSET ?= ../shared/devset
eval-devset: venv
	@if [ -d "$(DEVSET)/docs" ] && [ -d "$(DEVSET)/gold" ]; then \
	  echo "devset: $(DEVSET)/docs against $(DEVSET)/gold"; \
	  $(BIN)/kehoach extract "$(DEVSET)/docs" -o data-devset/ --quiet && \
	  $(BIN)/kehoach eval --gold "$(DEVSET)/gold" data-devset/; \
	else \
	  echo "devset: $(DEVSET)/docs or $(DEVSET)/gold not found; devset block skipped"; \
	fi

# heldout/: 8 plans written independently of the rules (never tuned on), with their gold.
eval-heldout: venv
	@echo "heldout: heldout/docs against heldout/gold"
	$(BIN)/kehoach extract heldout/docs -o data-heldout/ --quiet
	$(BIN)/kehoach eval --gold heldout/gold data-heldout/

# heldout2/: 6 more plans, written by someone who never opened the rules, scored before any rule
# looked at them.
eval-heldout2: venv
	@echo "heldout2: heldout2/docs against heldout2/gold"
	$(BIN)/kehoach extract heldout2/docs -o data-heldout2/ --quiet
	$(BIN)/kehoach eval --gold heldout2/gold data-heldout2/

# Regenerates corpus/*.docx and corpus/*.pdf from corpus/*.txt (the PDFs need LibreOffice).
corpus: venv soffice
	$(BIN)/python scripts/make_renditions.py

# Regenerates the fixtures of other inputs from the corpus: portal pages, .doc, TCVN3 and VNI.
fixtures: venv soffice
	$(BIN)/python scripts/make_html.py
	$(BIN)/python scripts/make_doc.py
	$(BIN)/python scripts/make_legacy.py
	$(BIN)/python scripts/make_scanned.py

# Speed and memory against references (bench/run.py): txt end to end vs underthesea, PDF loading
# vs pypdfium2, --workers 2 vs 1, peak memory 1,000 vs 100 plans, start-up, seconds per page.
# Prints a table and writes bench/results.json. Smaller sizes: make bench BENCH_ARGS=--quick
# (or e.g. BENCH_ARGS="--only c,d --plans-c 200 --plans-d 1000,100").
BENCH_ARGS ?=
bench: venv-test tesseract
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Fuzz campaign (fuzz/run.py): N inputs cut and mutated from corpus/ (txt, docx, pdf pages, and
# the html pages of fixtures/html) through a worker's per-file path, in WORKERS processes; counts
# uncaught exceptions, inputs over 10 s and each worker's peak memory into fuzz/results.json, and
# saves the failing inputs, with a reproducer, under fuzz/crashes/.  make fuzz N=100000 WORKERS=2
N ?= 2000
WORKERS ?= 2
FUZZ_SEED ?= 1
fuzz: venv-test
	$(BIN)/python -m fuzz.run -n $(N) --workers $(WORKERS) --seed $(FUZZ_SEED)

# Rebuilds pipeline/read/ocr_lexicon.txt (the post-OCR repair's vocabulary) from corpus/ and extractors/.
ocr-lexicon: venv
	$(BIN)/python scripts/make_ocr_lexicon.py

# OCR benchmarks on fixtures/scanned: character error rate against the clean text (300 vs 400
# dpi), and kehoach's OCR path against the bare tesseract command on the same page images.
bench-ocr: venv tesseract
	$(BIN)/python bench/ocr_quality.py --dpi 300 400
	$(BIN)/python bench/ocr_speed.py --repeat 3

# Removes what runs produce; keeps the venv (rm -rf .venv to rebuild it) and the corpus.
clean:
	rm -rf data .data.kehoach data-fixtures data-devset .data-devset.kehoach data-heldout .data-heldout.kehoach data-heldout2 .data-heldout2.kehoach report/ build/ test-artifacts/ .pytest_cache/ *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
