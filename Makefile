# Digitalt först: kursmaterial. `make site` builds, `make test` tests; see README.md.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
LEXICON_STAMP := $(VENV)/.lexicon-compiled
NODE_STAMP := node_modules/.installed
# Extra flags for `mkdocs build`, e.g. PDF=0 to skip PDFs.
PDF ?= 1
export DIGITALTFORST_PDF := $(PDF)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-tools validate bench clean lock lesson

$(PY):
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): requirements.lock pyproject.toml | $(PY)
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

# simplemma's lemma tables compiled into the venv (search/lemmatable.py).
$(LEXICON_STAMP): scripts/digitaltforst/search/lemmatable.py $(SITE_STAMP)
	$(PY) -m digitaltforst.cli compile-lexicon
	touch $@

$(TEST_STAMP): requirements-test.lock $(SITE_STAMP)
	$(PY) -m pip install -q --require-hashes -r requirements-test.lock
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Validate, then build into a temporary folder; site/ is replaced only when
# everything succeeded, so a failed build never leaves a half-written site.
site: $(SITE_STAMP) $(LEXICON_STAMP)
	$(PY) -m digitaltforst.pdf.browser --ensure --ensure-tools site >/dev/null
	$(PY) scripts/validate.py .
	rm -rf .site-build
	$(PY) -m digitaltforst.cli build .site-build
	rm -rf site && mv .site-build site

# The preview (scripts/digitaltforst/build/preview.py): one full build, then
# each save rebuilds only the pages it touches (README: what may be stale).
# LOCALE=sv: build only that language (half the pages; no language switch).
serve: $(SITE_STAMP) $(LEXICON_STAMP)
	$(if $(LOCALE),DIGITALTFORST_LOCALE=$(LOCALE)) \
		$(PY) -m digitaltforst.cli serve --dev-addr 127.0.0.1:8000

validate: $(SITE_STAMP)
	$(PY) scripts/validate.py .

# Browser and tools first: `site` prints PDFs with the same Chromium.
test: $(TEST_STAMP) $(NODE_STAMP) test-tools site
	$(VENV)/bin/zizmor --offline .github/workflows/
	node --test tests/js/
	CHROMIUM_PATH="$$($(PY) -m digitaltforst.pdf.browser)" $(PY) -m pytest

test-tools: $(TEST_STAMP)
	$(PY) -m digitaltforst.pdf.browser --ensure --ensure-tools test >/dev/null

bench: $(TEST_STAMP) $(LEXICON_STAMP)
	$(PY) -m digitaltforst.pdf.browser --ensure --ensure-tools bench >/dev/null
	$(PY) -m benchmarks

lesson: $(SITE_STAMP)
	$(PY) -m digitaltforst.cli new-lesson $(KURS) "$(TITEL)"

# Re-resolve the lock files from pyproject.toml (needs network to PyPI).
lock: | $(PY)
	$(PY) -m pip install -q pip-tools
	$(VENV)/bin/pip-compile -q --allow-unsafe --generate-hashes --strip-extras -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --allow-unsafe --generate-hashes --strip-extras --extra test -o requirements-test.lock pyproject.toml

clean:
	rm -rf site .site-build .cache .pytest_cache
