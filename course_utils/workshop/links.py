"""nbgitpuller links for a workshop: a lesson or exercise of the published edition, as a notebook or a Voilà page."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

from course_utils.core.errors import CourseError

#: How a learner sees the page: JupyterLab (the notebook) or Voilà (the page, no code).
VIEWS = {"lab": "lab/tree", "voila": "voila/render"}


class LinkError(CourseError, ValueError):
    """A link cannot be built from what was given: a Spanish message that says what to fix."""


def _check_url(url: str, what: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LinkError(
            f"{what} debe ser una dirección completa que empiece por https:// (he recibido «{url}»)."
        )
    return url.strip().rstrip("/")


def repo_folder(repo: str) -> str:
    """The folder nbgitpuller clones a repository into: its name, without «.git»."""
    name = PurePosixPath(urlsplit(repo).path.rstrip("/")).name
    return name[:-4] if name.endswith(".git") else name


def find_page(course: Path, wanted: str, kind: str = "lesson") -> str:
    """The path (relative to the edition) of a lesson or exercise given by its number («01»),
    its name («01-despersonalizar-la-critica»: a lesson's file stem, an exercise's folder,
    whose notebook is «ejercicio-01-….ipynb») or its path."""
    course = Path(course)
    if kind == "lesson":
        candidates = sorted(p.relative_to(course) for p in (course / "lessons").glob("*.ipynb"))
    else:
        candidates = sorted(p.relative_to(course) for p in (course / "exercises").glob("*/*.ipynb"))

    def name(path: Path) -> str:
        return path.stem if kind == "lesson" else path.parent.name

    text = wanted.strip().strip("/")
    for path in candidates:
        posix = path.as_posix()
        if text in (posix, path.stem, name(path)) or name(path).startswith(f"{text}-"):
            return posix
    names = ", ".join(name(p) for p in candidates) or "ninguno"
    if kind == "lesson":
        raise LinkError(f"No encuentro la lección «{wanted}». Las que hay: {names}.")
    raise LinkError(f"No encuentro el ejercicio «{wanted}». Los que hay: {names}.")


def page_path(folder: str, path: str, view: str = "lab") -> str:
    """The hub-relative path of a page once pulled: ``lab/tree/<folder>/<path>`` (JupyterLab)
    or ``voila/render/<folder>/<path>`` (Voilà)."""
    if view not in VIEWS:
        raise LinkError(f"Vista desconocida «{view}»: usa «lab» o «voila».")
    parts = [VIEWS[view], folder.strip("/"), path.strip("/")]
    return quote("/".join(p for p in parts if p), safe="/-_.~")


def pull_link(hub: str, repo: str, branch: str, path: str = "", view: str = "lab") -> str:
    """The nbgitpuller link: opening it clones (first time) or updates (later) the published
    edition in the learner's home folder, then opens ``path``. Learners' edits win on conflict."""
    hub = _check_url(hub, "La dirección del hub")
    repo = _check_url(repo, "La dirección del repositorio")
    if not branch.strip():
        raise LinkError("Indica la rama publicada (por ejemplo «main»).")
    folder = repo_folder(repo)
    # targetpath: nbgitpuller would otherwise clone «x.git» into a folder named «x.git»
    query = urlencode(
        {"repo": repo, "branch": branch.strip(), "targetpath": folder}, quote_via=quote, safe=""
    )
    urlpath = quote(page_path(folder, path, view), safe="")
    return f"{hub}/hub/user-redirect/git-pull?{query}&urlpath={urlpath}"


def voila_link(hub: str, path: str, user: str | None = None) -> str:
    """A direct Voilà link to a page already in the learner's home folder: for one person
    (``/user/<name>/voila/render/…``) or for whoever opens it (``/hub/user-redirect/…``)."""
    hub = _check_url(hub, "La dirección del hub")
    rendered = page_path("", path, "voila")
    if user:
        return f"{hub}/user/{quote(user, safe='')}/{rendered}"
    return f"{hub}/hub/user-redirect/{rendered}"


# -- the owner's plan and certificate ----------------------------------------------------------
