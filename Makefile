# Two commands for everybody: `make curso` opens the course, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# Debian's Chromium for the browser tests (.ci/run installs it); passed to them as $CHROMIUM.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

# --dist loadfile keeps the cells of one notebook (nbval items sharing a kernel) on one worker
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env
# lessons/ are executed by tests/content/test_notebook_specs.py (which also checks what they ask);
# nbval runs the released exercises as a learner opens them.
TEST_PATHS := tests exercises
# The fast layer: every test without a layer marker (markers in pyproject.toml).
FAST := not browser and not launch and not nbgrader and not notebook and not hub

.PHONY: curso test test-fast test-notebook test-nbgrader test-launch test-hub test-browser ejercicios clean help

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.instalado: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.instalado-test: pyproject.toml $(VENV)/.instalado node_modules/.bin/configurable-http-proxy
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# configurable-http-proxy for the real-hub test (tests/workshop/test_hub.py), from package-lock.json
node_modules/.bin/configurable-http-proxy: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## curso: prepara el entorno (si hace falta) y abre el curso en tu navegador (páginas sin código)
curso: $(VENV)/.instalado
	$(BIN)/curso abrir

## test: prepara el entorno (si hace falta) y ejecuta todas las pruebas
# Without an executable at $(CHROMIUM) the browser tests are deselected, and make says so;
# in CI (CI set) that is an error instead.
test: $(VENV)/.instalado-test
	@if [ -f "$(CHROMIUM)" ] && [ -x "$(CHROMIUM)" ]; then \
	  $(PYTEST) $(TEST_PATHS) $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then \
	  echo "ERROR: en CI hacen falta las pruebas con navegador y no hay Chromium en $(CHROMIUM) (apt-get install chromium)." >&2; \
	  exit 1; \
	else \
	  echo "AVISO: no hay Chromium en $(CHROMIUM): se omiten las pruebas con navegador (marca «browser»). Instálalo (apt-get install chromium) o indica dónde está: make test CHROMIUM=/ruta/a/chromium"; \
	  $(PYTEST) -m "not browser" $(TEST_PATHS) $(PYTEST_ARGS); \
	fi

# Layers for developers (each one alone; `make test` runs them all):
## test-fast: solo las pruebas rápidas (lógica, respuestas, puntuación, especificaciones)
test-fast: $(VENV)/.instalado-test
	$(PYTEST) -m "$(FAST)" tests $(PYTEST_ARGS)

## test-notebook: las que ejecutan cuadernos en un kernel (nbval de lessons/ y exercises/)
test-notebook: $(VENV)/.instalado-test
	$(PYTEST) -m notebook $(TEST_PATHS) $(PYTEST_ARGS)

## test-nbgrader: las que ejecutan nbgrader de verdad (publicar, corregir, intercambio)
test-nbgrader: $(VENV)/.instalado-test
	$(PYTEST) -m nbgrader tests $(PYTEST_ARGS)

## test-launch: las que ejecutan de verdad «curso abrir» (páginas o JupyterLab, sin navegador) y «make test»
test-launch: $(VENV)/.instalado-test
	$(PYTEST) -m launch tests $(PYTEST_ARGS)

## test-hub: la de JupyterHub de verdad en 127.0.0.1 (con usuarios Unix; necesita root)
test-hub: $(VENV)/.instalado-test
	$(PYTEST) -m hub tests $(PYTEST_ARGS)

## test-browser: las que usan Chromium (necesitan un ejecutable en CHROMIUM)
test-browser: $(VENV)/.instalado-test
	@if [ ! -f "$(CHROMIUM)" ] || [ ! -x "$(CHROMIUM)" ]; then \
	  echo "ERROR: no hay Chromium en $(CHROMIUM) (apt-get install chromium, o make test-browser CHROMIUM=/ruta)." >&2; \
	  exit 1; \
	fi
	$(PYTEST) -m browser tests $(PYTEST_ARGS)

## ejercicios: regenera exercises/ (la versión para el alumnado) desde solutions/
ejercicios: $(VENV)/.instalado
	$(BIN)/python -m course_utils.grading.release

## help: lista estas órdenes
help:
	@sed -n 's/^## //p' $(firstword $(MAKEFILE_LIST))

clean:
	rm -rf $(VENV)
