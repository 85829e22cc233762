# hisab: `make demo` sets up and runs the main job; `make test` runs every check CI runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= ../shared/data
DEMO_DB ?= var/demo.db
ARTICLES ?= $(DATA)/../articles
# The official list files in the shared data folder, oldest version first within a dataset.
LISTS := un_sc ofac_sdn_2021-07 ofac_sdn_2022-11 ofac_consolidated_non_sdn uk_hmt_2018-04 \
         eu_oj_opensanctions eu_fsf_csv_2018-07_excerpt us_csl opensanctions_ftm

.PHONY: install demo test lint typecheck unit postgres chromium bench bench-screen clean

# The matching engine's modules are compiled with mypyc (setup.py): the project and its
# dependencies (mypy among them) go in first, then the engine is compiled against them, again
# whenever one of its sources changes. HISAB_COMPILE=0 make install runs it all as Python; a
# stamp per mode makes the next plain `make install` (or `make test`) compile it again.
HISAB_COMPILE ?= 1
ENGINE := setup.py $(wildcard src/hisab/names/*.py src/hisab/match/*.py src/hisab/screen/*.py src/hisab/*/*.c)
ENGINE_BUILT := $(VENV)/engine-$(HISAB_COMPILE)

$(VENV)/installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "hisab needs Python 3.11 or later")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'setuptools>=68' wheel
	HISAB_COMPILE=0 $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(ENGINE_BUILT): $(VENV)/installed $(ENGINE)
	@if [ "$(HISAB_COMPILE)" != 0 ]; then scripts/ensure-compiler.sh $(BIN)/python; fi
	rm -f $(VENV)/engine-*
	find src -name '*.so' -delete
	HISAB_COMPILE=$(HISAB_COMPILE) $(BIN)/python -m pip install --quiet --no-build-isolation --no-deps -e .
	$(BIN)/hisab version
	touch $@

install: $(ENGINE_BUILT)

demo: install
	@mkdir -p $(dir $(DEMO_DB)) && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@if [ -d "$(DATA)" ]; then \
		echo "Loading the official lists from $(DATA) (no network needed)"; \
		$(BIN)/hisab --db $(DEMO_DB) load $(addprefix $(DATA)/,$(LISTS)); \
	else \
		echo "$(DATA) not found: downloading the current lists from their publishers"; \
		$(BIN)/hisab --db $(DEMO_DB) update; \
	fi
	@echo "Loading an example ownership file (invented companies, owned in part by listed ones)"
	$(BIN)/hisab --db $(DEMO_DB) -q load examples/ownership.csv
	$(BIN)/hisab --db $(DEMO_DB) lists
	@if [ -d "$(DATA)" ]; then $(BIN)/hisab --db $(DEMO_DB) diff un_sc | head -n 12; fi
	@echo; echo "Screening a few names: listed people in Latin, Persian and Cyrillic script, and ordinary people"
	$(BIN)/hisab --db $(DEMO_DB) screen "Mohammad Reza Naghdi" --schema Person --top 3 --explain
	$(BIN)/hisab --db $(DEMO_DB) -q screen "محمدرضا نقدی" --schema Person --top 3
	$(BIN)/hisab --db $(DEMO_DB) -q screen "Володимир Путін" --schema Person --top 1
	$(BIN)/hisab --db $(DEMO_DB) -q screen "Qasem Soleimani" --birth-date 1957-03-11 --top 3
	$(BIN)/hisab --db $(DEMO_DB) -q screen "Mohammad Hosseini" --birth-date 1985-03-02 --nationality ir --top 3 --explain
	$(BIN)/hisab --db $(DEMO_DB) -q screen "Sara Ahmadi" --birth-date 1992-07-14 --top 3
	@echo; echo "Resolving the lists' records into actors, then the designation matrix of Iran-related actors"
	$(BIN)/hisab --db $(DEMO_DB) resolve
	$(BIN)/hisab --db $(DEMO_DB) -q account --country ir --query "Mohammad Reza Naqdi"
	$(BIN)/hisab --db $(DEMO_DB) -q account --country ir --gaps --format html --out var/iran-gaps.html
	@echo "The Iran gaps report: var/iran-gaps.html"
	@echo; echo "Tracing: OFAC's 50% rule over the example ownership file, and the IRGC's network"
	$(BIN)/hisab --db $(DEMO_DB) -q screen "Example Trading FZE" --schema Company --top 1
	$(BIN)/hisab --db $(DEMO_DB) -q exposure "Example Holding Kish"
	$(BIN)/hisab --db $(DEMO_DB) -q trace "Islamic Revolutionary Guard Corps" --format html --out var/irgc-network.html
	@echo "The IRGC's network, drawn: var/irgc-network.html"
	@if [ -d "$(ARTICLES)" ]; then \
		echo; echo "Reading the articles: who they name, and where each is sanctioned"; \
		$(BIN)/hisab --db $(DEMO_DB) -q read $(ARTICLES)/*.txt; \
		$(BIN)/hisab --db $(DEMO_DB) -q read $(ARTICLES)/*.txt --format html --out var/articles.html; \
		echo "The articles, with their actors marked: var/articles.html"; \
	fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy --strict src

postgres:
	@scripts/ensure-postgres.sh

chromium:
	@scripts/ensure-chromium.sh

unit: install postgres chromium
	HISAB_DATA_DIR=$(abspath $(DATA)) $(BIN)/pytest -q

test: lint typecheck unit

bench: install
	HISAB_DATA_DIR=$(abspath $(DATA)) $(BIN)/python bench/load_all.py

# Screening: hisab and nomenklatura's matchers side by side (bench/README.md); writes docs/benchmarks.md.
bench-screen: install
	HISAB_DATA_DIR=$(abspath $(DATA)) PEERS_PYTHON=$(PYTHON) $(BIN)/python -m bench.screening

clean:
	rm -rf $(VENV) var build .mypy_cache .ruff_cache .pytest_cache
	find src -name '*.so' -delete; rm -f src/hisab/compiled.json
