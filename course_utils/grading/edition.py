"""Learner edition: the folder a trainer publishes for nbgitpuller (lessons and released exercises), built without a single key."""

from __future__ import annotations

import fnmatch
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from course_utils.core.errors import CourseError

#: What learners receive, relative to the course folder. Nothing else is ever copied: not
#: solutions/, not tests/ (reference answers), not nbgrader_config.py, not the gradebook.
FOLDERS = ("lessons", "exercises")
#: Files never copied even inside those folders (learners' answers, locks, caches).
SKIP = (
    "respuestas-*",
    "*.lock",
    ".ipynb_checkpoints",
    "__pycache__",
    "*.pyc",
    "gradebook.db",
    ".curso-*",
)
#: nbgrader's markers around what only the instructor sees; none may reach a learner.
KEY_MARKERS = (
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "END MARK SCHEME",
    "BEGIN SOLUTION",
    "END SOLUTION",
)
#: The stamp that says a folder is an edition this module built (and may rebuild).
STAMP = ".edicion-curso.json"
#: Lines of a hidden block too generic to be a key (they also appear in visible cells).
_GENERIC = ("from course_utils", "import ")
_MIN_KEY_CHARS = 12

README = """# Redes sociales con estrategia para pymes

¡Hola! Esta es tu copia del curso. Empieza por **lessons/00-bienvenida.ipynb**.

- `lessons/`: las lecciones, en orden. Haz clic en las opciones: tus respuestas se guardan solas
  en archivos `respuestas-….json` junto a cada cuaderno.
- `exercises/`: los ejercicios. En el taller, recógelos desde la pestaña **Assignments**
  (Ejercicios) y entrégalos desde allí con **Submit**.

Si tu formadora o formador actualiza el curso, vuelve a abrir el enlace del taller: se añaden
las novedades y **nunca se pierden tus respuestas** (si has cambiado un archivo, gana tu versión).
"""

GITIGNORE = """# tus respuestas son tuyas: nunca se publican
respuestas-*.json
respuestas-*.json.*
*.lock
.ipynb_checkpoints/
"""


class EditionError(CourseError, RuntimeError):
    """The edition cannot be built safely: a Spanish message that says what to do."""


@dataclass(frozen=True)
class Leak:
    """A key found in a file of an edition."""

    path: str
    key: str


def _skipped(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in SKIP)


def _blocks(text: str, begin: str, end: str) -> list[str]:
    """The lines between every ``begin`` and ``end`` marker line of a cell's source."""
    lines, inside, found = text.splitlines(), False, []
    for line in lines:
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            found.append(line)
    return found


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def course_keys(course: Path) -> list[str]:
    """Every key of the course, as text to look for: each meaningful line of every hidden test
    block, mark scheme and solution block of solutions/, and the source of every solution cell."""
    keys: list[str] = []
    for path in sorted((Path(course) / "solutions").glob("*/*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            text = _source(cell)
            lines = []
            for begin, end in (KEY_MARKERS[0:2], KEY_MARKERS[2:4], KEY_MARKERS[4:6]):
                lines += _blocks(text, begin, end)
            for line in lines:
                line = line.strip().lstrip("#|").strip()
                if len(line) >= _MIN_KEY_CHARS and not line.startswith(_GENERIC):
                    keys.append(line)
    return list(dict.fromkeys(keys))


def find_leaks(folder: Path, keys: list[str]) -> list[Leak]:
    """Every (file, key) of ``folder`` where a key or an nbgrader key marker appears; notebooks
    are also read as parsed JSON, so an escaped quote or accent hides nothing."""
    wanted = [*KEY_MARKERS, *keys]
    leaks: list[Leak] = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        raw = path.read_bytes().decode("utf-8", errors="replace")
        texts = [raw]
        if path.suffix == ".ipynb":
            try:
                notebook = json.loads(raw)
                texts.append("\n".join(_source(c) for c in notebook.get("cells", [])))
                texts.append(json.dumps(notebook, ensure_ascii=False))
            except (ValueError, AttributeError):
                pass
        for key in wanted:
            if any(key in text for text in texts):
                leaks.append(Leak(str(path.relative_to(folder)), key))
    return leaks


def _clean_notebook(path: Path, target: Path) -> None:
    """Copy a notebook without outputs, execution counts or trust signatures."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook.get("metadata", {}).pop("signature", None)
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _copy_tree(source: Path, target: Path) -> list[str]:
    copied = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if any(_skipped(part) for part in rel.parts) or path.is_symlink() or not path.is_file():
            continue
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            _clean_notebook(path, out)
        else:
            shutil.copyfile(path, out)
        copied.append(str(Path(source.name) / rel))
    return copied


def _prepare(dest: Path, course: Path) -> None:
    if dest == course or course in dest.parents or dest in course.parents:
        raise EditionError(
            f"La edición no puede ir dentro de la carpeta del curso ni contenerla ({dest}): "
            "elige una carpeta aparte, por ejemplo ../redes-pymes-alumnado."
        )
    # an empty folder, or a fresh clone of the trainer's publishing repository (only .git)
    if dest.exists() and any(child.name != ".git" for child in dest.iterdir()):
        if not (dest / STAMP).is_file():
            raise EditionError(
                f"La carpeta {dest} ya tiene archivos y no es una edición del curso: "
                "elige una carpeta vacía o nueva (no borro nada que no haya creado yo)."
            )
        _empty(dest)
    dest.mkdir(parents=True, exist_ok=True)


def _empty(dest: Path) -> None:
    """Remove what an edition holds, but never .git (the trainer's published history)."""
    for child in dest.iterdir():
        if child.name == ".git":
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def build(course: Path, dest: Path, regenerate: bool = False) -> list[str]:
    """Build the learner edition of ``course`` in ``dest`` and return the files it holds.

    ``regenerate`` runs nbgrader's generate_assignment from solutions/ instead of copying the
    committed exercises/. The edition is checked before it is kept: a key found in it removes
    it and raises EditionError.
    """
    course, dest = Path(course).resolve(), Path(dest).resolve()
    for folder in FOLDERS:
        if not (course / folder).is_dir():
            raise EditionError(f"No encuentro «{folder}/» en {course}: ¿es la carpeta del curso?")
    _prepare(dest, course)
    files: list[str] = []
    with tempfile.TemporaryDirectory(prefix="edicion-") as tmp:
        exercises = course / "exercises"
        if regenerate:
            from course_utils.grading.release import generate

            exercises = generate(course, Path(tmp) / "exercises")
        files += _copy_tree(course / "lessons", dest / "lessons")
        files += _copy_tree(exercises, dest / "exercises")
    (dest / "LEEME.md").write_text(README, encoding="utf-8")
    (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    files += ["LEEME.md", ".gitignore"]
    leaks = find_leaks(dest, course_keys(course))
    if leaks:
        _empty(dest)
        first = leaks[0]
        raise EditionError(
            f"He encontrado una clave en «{first.path}» ({len(leaks)} en total) y he borrado la "
            "edición. Regenera los ejercicios (make ejercicios) o usa --regenerar."
        )
    (dest / STAMP).write_text(
        json.dumps({"curso": "redes-pymes", "archivos": sorted(files)}, indent=1) + "\n",
        encoding="utf-8",
    )
    return sorted(files)
