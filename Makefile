# Two commands for everybody: `make curso` opens the course, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: curso test ejercicios clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.instalado: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.instalado-test: pyproject.toml $(VENV)/.instalado
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## curso: prepara el entorno (si hace falta) y abre el curso en JupyterLab, en español
curso: $(VENV)/.instalado
	$(BIN)/curso abrir

## test: prepara el entorno (si hace falta) y ejecuta todas las pruebas
# The browser tests need Debian's Chromium at /usr/bin/chromium (.ci/run installs it); on a
# machine without it they are deselected, and make says so.
test: $(VENV)/.instalado-test
	@if [ -x /usr/bin/chromium ]; then sel=""; else \
	  if [ -n "$$CI" ]; then echo "CI needs /usr/bin/chromium for the browser tests"; exit 1; fi; \
	  echo "AVISO: no hay /usr/bin/chromium; no se ejecutan las pruebas con navegador (apt-get install chromium)."; \
	  sel="-m not navegador"; fi; \
	$(BIN)/python -m pytest -n 2 --nbval-lax --nbval-current-env $$sel tests lessons exercises $(PYTEST_ARGS)

## ejercicios: regenera exercises/ (la versión para el alumnado) desde solutions/
ejercicios: $(VENV)/.instalado
	$(BIN)/python -m course_utils.release

clean:
	rm -rf $(VENV)
