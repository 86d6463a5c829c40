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
test: $(VENV)/.instalado-test
	$(BIN)/python -m pytest -n 2 --nbval-lax --nbval-current-env tests lessons $(PYTEST_ARGS)

## ejercicios: regenera exercises/ (la versión para el alumnado) desde solutions/
ejercicios: $(VENV)/.instalado
	$(BIN)/python -m course_utils.release

clean:
	rm -rf $(VENV)
