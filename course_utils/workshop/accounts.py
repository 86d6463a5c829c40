"""A workshop hub made by commands: folders and their permissions, the grader's private course copy, learners' and trainers' Unix accounts with personal codes, and a check before the day (the course's own hub or TLJH)."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from course_utils.core.errors import CourseError
from course_utils.workshop import access_codes
from course_utils.workshop.access_codes import AccessError

COURSE = "redes-pymes"
#: The Unix group of every account the course makes (and only those).
GROUP = f"curso-{COURSE}"
#: What the grader's course copy needs from the course's source folder.
COURSE_PARTS = ("solutions", "exercises", "lessons", "nbgrader_config.py")
#: Names never given to a person, whatever the machine has.
RESERVED = {"root", "admin", "jupyter", "jupyterhub", "nobody", "grader", "formador", "hub"}
#: The Littlest JupyterHub: its Unix user for hub user «ana» is «jupyter-ana», made by TLJH
#: itself at the first start of her server, in its group «jupyterhub-users».
TLJH_PREFIX = "jupyter-"
TLJH_GROUP = "jupyterhub-users"
#: TLJH shortens Unix names of 26 characters or more with a hash (tljh/normalize.py), which
#: collection could not map back: account names stay at 17 characters or fewer there.
TLJH_MAX_NAME = 25 - len(TLJH_PREFIX)


def tljh_prefix() -> Path:
    """Where The Littlest JupyterHub is installed (TLJH_INSTALL_PREFIX, as TLJH reads it)."""
    return Path(os.environ.get("TLJH_INSTALL_PREFIX", "").strip() or "/opt/tljh")


def running_in_tljh() -> bool:
    """Whether this `curso` is TLJH's user environment's (/opt/tljh/user/bin/curso)."""
    try:
        return Path(sys.prefix).resolve() == (tljh_prefix() / "user").resolve()
    except OSError:
        return False


class WorkshopError(CourseError, RuntimeError):
    """A step of `curso taller` that cannot be done: a Spanish message that says what to do."""


@dataclass(frozen=True)
class Places:
    """Where a workshop hub keeps things; each from its CURSO_* variable or the default."""

    state: Path  # CURSO_HUB_ESTADO: the hub's database, cookie secret and codes (root, 0700)
    exchange: Path  # CURSO_EXCHANGE: nbgrader's exchange (1777)
    homes: Path  # CURSO_CASAS: where people's home folders go (/home)
    grader: str  # CURSO_GRADER: the Unix user that grades
    #: The Littlest JupyterHub: codes in its state folder, Unix users made by TLJH itself.
    tljh: bool = False

    @classmethod
    def from_env(cls, tljh: bool = False) -> Places:
        def get(name: str, default: str) -> str:
            return os.environ.get(name, "").strip() or default

        state = tljh_prefix() / "state" if tljh else Path("/srv/jupyterhub")
        return cls(
            Path(get("CURSO_HUB_ESTADO", str(state))),
            Path(get("CURSO_EXCHANGE", "/srv/nbgrader/exchange")),
            Path(get("CURSO_CASAS", "/home")),
            get("CURSO_GRADER", f"grader-{COURSE}"),
            tljh,
        )

    @property
    def user_prefix(self) -> str:
        """What goes before an account name to make its Unix user (TLJH: «jupyter-»)."""
        return TLJH_PREFIX if self.tljh else ""

    def unix_name(self, name: str) -> str:
        return self.user_prefix + name

    @property
    def codes(self) -> Path:
        return Path(os.environ.get("CURSO_CODIGOS") or self.state / "codigos-acceso.json")

    @property
    def course(self) -> Path:
        """The grader's private copy of the course (the key lives only here)."""
        return self.homes / self.grader / COURSE


def _require_root() -> None:
    if os.geteuid() != 0:
        raise WorkshopError("Esta orden crea usuarios y carpetas del sistema: ejecútala como root.")


def _user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _in_group(name: str) -> bool:
    """Whether ``name`` is an account the course made (a member of its group)."""
    try:
        return name in grp.getgrnam(GROUP).gr_mem
    except KeyError:
        return False


def _run(*command: str) -> None:
    done = subprocess.run(list(command), capture_output=True, text=True)
    if done.returncode:
        raise WorkshopError(f"Falló «{' '.join(command)}»: {done.stderr.strip()}")


def make_unix_user(name: str, homes: Path) -> bool:
    """The Unix user of a course account, with a private home (0700) and in the course's
    group; False if it already existed as a course account. A name the machine already uses
    for something else (a system or personal account) is refused."""
    if name in RESERVED:
        raise WorkshopError(f"«{name}» está reservado: elige otro nombre.")
    try:
        grp.getgrnam(GROUP)
    except KeyError:
        _run("groupadd", "--system", GROUP)
    existing = _user(name)
    if existing is not None:
        if not _in_group(name):
            raise WorkshopError(
                f"Ya existe en esta máquina un usuario «{name}» que no es del curso: elige otro "
                f"nombre (por ejemplo «{name}2»)."
            )
        home = Path(existing.pw_dir)
        created = False
    else:
        home = homes / name
        homes.mkdir(parents=True, exist_ok=True)
        _run(
            "useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
            "--user-group", "--groups", GROUP, "--key", "UMASK=077", name,
        )  # fmt: skip
        created = True
    # private whatever useradd's defaults (Debian creates homes 0755)
    if home.is_symlink():
        raise WorkshopError(f"La carpeta personal de «{name}» ({home}) es un enlace: revísala.")
    os.chmod(home, 0o700)
    return created


def _copy_private(source: Path, target: Path, owner: pwd.struct_passwd) -> None:
    """Copy a file or folder of the course (no links followed) owned by ``owner``, private."""
    if source.is_symlink():
        return
    if source.is_dir():
        target.mkdir(mode=0o700, exist_ok=True)
        for item in source.iterdir():
            if item.name in (".git", "__pycache__", ".ipynb_checkpoints") or item.is_symlink():
                continue
            if item.name.startswith("respuestas-"):
                continue  # nobody's answers travel with the key
            _copy_private(item, target / item.name, owner)
        mode = 0o700
    elif source.is_file():
        shutil.copyfile(source, target, follow_symlinks=False)
        mode = 0o600
    else:
        return
    os.chown(target, owner.pw_uid, owner.pw_gid, follow_symlinks=False)
    os.chmod(target, mode)


def prepare(source: Path, places: Places, say=print) -> None:
    """Everything before the first account: the hub's private folder, the exchange, the
    grader's Unix user with a private copy of the course, Spanish JupyterLab for everyone and
    the lessons' figures drawn once for the whole hub."""
    _require_root()
    source = Path(source).resolve()
    if not (source / "solutions").is_dir() or not (source / "nbgrader_config.py").is_file():
        raise WorkshopError(
            f"{source} no es la carpeta del curso (le faltan solutions/ o nbgrader_config.py)."
        )
    places.state.mkdir(parents=True, exist_ok=True)
    os.chown(places.state, 0, 0)
    os.chmod(places.state, 0o700)
    say(f"✓ Carpeta del hub {places.state} (solo root).")
    places.exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(places.exchange, 0o1777)
    say(f"✓ Intercambio de nbgrader {places.exchange} (cada cual deja y recoge lo suyo).")
    if _user(places.grader) is None:
        places.homes.mkdir(parents=True, exist_ok=True)
        _run(
            "useradd", "--create-home", "--home-dir", str(places.homes / places.grader),
            "--shell", "/bin/bash", "--user-group", "--key", "UMASK=077", places.grader,
        )  # fmt: skip
    grader = pwd.getpwnam(places.grader)
    home = Path(grader.pw_dir)
    os.chmod(home, 0o700)
    places.course.mkdir(mode=0o700, exist_ok=True)
    for part in COURSE_PARTS:
        if (source / part).exists():
            if (places.course / part).is_dir() and part in ("solutions", "exercises", "lessons"):
                shutil.rmtree(places.course / part)
            _copy_private(source / part, places.course / part, grader)
    os.chown(places.course, grader.pw_uid, grader.pw_gid)
    os.chmod(places.course, 0o700)
    say(f"✓ Copia privada del curso para corregir en {places.course} (solo {places.grader}).")
    _write_profile(home, grader, places)
    if places.tljh:
        fixed = _private_tljh_homes()
        say(f"✓ Carpetas personales de TLJH privadas (0700): {fixed} ya existentes.")
    from course_utils.launch.pages import write_lab_settings

    write_lab_settings(sys.prefix)
    say("✓ JupyterLab en español para todo el hub.")
    drawn = subprocess.run(
        [sys.executable, "-m", "course_utils.ui.warm_charts", "--sistema", str(source)],
        capture_output=True,
        text=True,
    )
    if drawn.returncode:
        raise WorkshopError(f"No se pudieron dibujar las figuras: {drawn.stderr.strip()[-500:]}")
    say("✓ Figuras de las lecciones dibujadas una vez para todo el hub.")


def _write_profile(home: Path, grader: pwd.struct_passwd, places: Places) -> None:
    """The grader's login shell (``su - grader-redes-pymes``) finds `curso` and `nbgrader`
    and the hub's exchange, as the grading service does."""
    from course_utils.launch.pages import hub_nbgrader_dir

    profile = home / ".profile"
    if profile.is_symlink():
        profile.unlink()
    lines = [
        "# curso taller preparar: the course's environment for the grader",
        f'export PATH="{Path(sys.executable).parent}:$PATH"',
        f'export CURSO_EXCHANGE="{places.exchange}"',
        f'export JUPYTER_CONFIG_PATH="{hub_nbgrader_dir()}"',
        "export CURSO_FORMADOR=1",
        *([f"export CURSO_PREFIJO_USUARIOS={TLJH_PREFIX}"] if places.tljh else []),
        "umask 077",
        "",
    ]
    profile.write_text("\n".join(lines), encoding="utf-8")
    os.chown(profile, grader.pw_uid, grader.pw_gid)
    os.chmod(profile, 0o600)


def _tljh_users() -> list[pwd.struct_passwd]:
    """The Unix users TLJH has made (members of its group «jupyterhub-users»)."""
    try:
        members = grp.getgrnam(TLJH_GROUP).gr_mem
    except KeyError:
        return []
    return [user for user in map(_user, members) if user is not None]


def _private_tljh_homes() -> int:
    """Mode 0700 on the homes TLJH made before the course's plugin was there (it leaves them
    0750); a home that is a link or someone else's is left alone. Returns how many."""
    fixed = 0
    for user in _tljh_users():
        home = Path(user.pw_dir)
        try:
            info = os.lstat(home)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == user.pw_uid:
            os.chmod(home, 0o700)
            fixed += 1
    return fixed


def names_from(args_names: list[str], listing: str | None) -> list[str]:
    """The names given on the command line plus those of a list file (one per line, # comments)."""
    names = list(args_names)
    if listing:
        try:
            text = Path(listing).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WorkshopError(f"No puedo leer la lista «{listing}»: {exc}.") from exc
        names += [
            line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
        ]
    if not names:
        raise WorkshopError("Di a quién dar de alta: nombres o --lista ARCHIVO (uno por línea).")
    return names


def _check_tljh_name(name: str) -> None:
    """A name TLJH can turn into its Unix user «jupyter-<name>» unchanged and not taken."""
    if len(name) > TLJH_MAX_NAME:
        raise WorkshopError(
            f"«{name}» es demasiado largo para The Littlest JupyterHub: usa como mucho "
            f"{TLJH_MAX_NAME} caracteres (por ejemplo, solo el nombre de pila)."
        )
    unix = TLJH_PREFIX + name
    existing = _user(unix)
    if existing is not None:
        try:
            tljh_member = unix in grp.getgrnam(TLJH_GROUP).gr_mem
        except KeyError:
            tljh_member = False
        if not tljh_member:
            raise WorkshopError(
                f"Ya existe en esta máquina un usuario «{unix}» que no es de TLJH: elige otro "
                f"nombre (por ejemplo «{name}2»)."
            )


def add_people(
    names: list[str], role: str, places: Places, renew: bool = False, say=print
) -> list[tuple[str, str]]:
    """Accounts for ``names``: a Unix user with a private home and a personal code each (on
    TLJH only the code: TLJH makes the Unix user «jupyter-<name>» at the first start of the
    person's server, and the course's plugin makes its home private). Returns (account name,
    code) for the cards; a name that already has a code keeps it unless ``renew``. Every name
    is checked before anything is made."""
    _require_root()
    if not places.state.is_dir():
        raise WorkshopError(
            "Primero prepara el hub: curso taller preparar "
            + ("--tljh " if places.tljh else "")
            + "--fuente CARPETA."
        )
    wanted: list[str] = []
    for typed in names:
        try:
            name = access_codes.account_name(typed)
        except AccessError as exc:
            raise WorkshopError(str(exc)) from exc
        if name == places.grader or name in RESERVED:
            raise WorkshopError(f"«{name}» está reservado: elige otro nombre.")
        if places.tljh:
            _check_tljh_name(name)
        else:
            existing = _user(name)
            if existing is not None and not _in_group(name):
                raise WorkshopError(
                    f"Ya existe en esta máquina un usuario «{name}» que no es del curso: elige "
                    f"otro nombre (por ejemplo «{name}2»)."
                )
        if name not in wanted:
            wanted.append(name)
    cards = []
    with access_codes.editing(places.codes) as accounts:
        for name in wanted:
            if not places.tljh:
                make_unix_user(name, places.homes)
            if name in accounts and not renew:
                if accounts[name].role != role:
                    raise WorkshopError(
                        f"«{name}» ya tiene cuenta de {accounts[name].role}: no la cambio."
                    )
                say(f"· {name} ya tenía código (para darle otro: curso taller codigo {name}).")
                continue
            cards.append((name, access_codes.issue(accounts, name, role)))
    return cards


def revoke(names: list[str], places: Places, say=print) -> None:
    """Remove the codes of ``names``: they cannot sign in again (sessions end within a
    minute); their Unix user and files stay."""
    _require_root()
    with access_codes.editing(places.codes) as accounts:
        for typed in names:
            name = access_codes.account_name(typed)
            if accounts.pop(name, None) is None:
                say(f"· «{name}» no tenía código.")
            else:
                say(f"✓ «{name}» ya no puede entrar (sus archivos se conservan).")


def check(places: Places, source: Path | None = None) -> list[tuple[bool, str]]:
    """What a trainer checks the day before: (ok, Spanish line) for each point."""
    results: list[tuple[bool, str]] = []

    def mode(path: Path) -> int | None:
        try:
            return stat.S_IMODE(os.lstat(path).st_mode)
        except OSError:
            return None

    def private(path: Path, what: str) -> None:
        m = mode(path)
        ok = m is not None and not m & 0o077 and not path.is_symlink()
        line = f"Solo su dueño puede leer {what} ({path})"
        results.append((ok, line + ("" if ok else f": hoy tiene el modo {m and oct(m)}")))

    private(places.state, "la carpeta del hub")
    if places.codes.exists():
        private(places.codes, "el archivo de códigos")
    m = mode(places.exchange)
    results.append((m == 0o1777, f"El intercambio ({places.exchange}) tiene modo 1777"))
    private(places.course, "la copia del curso para corregir")
    if source is not None:
        m = mode(Path(source))
        results.append(
            (
                m is not None and not m & 0o007,
                f"La carpeta con las soluciones ({source}) no la lee el alumnado",
            )
        )
    try:
        accounts = access_codes.read_accounts(places.codes)
    except AccessError as exc:
        results.append((False, str(exc)))
        accounts = {}
    results.append((bool(accounts), f"Hay {len(accounts)} cuentas con código"))
    seen = set()
    for name in sorted(accounts):
        unix = places.unix_name(name)
        seen.add(unix)
        user = _user(unix)
        if user is None and places.tljh:
            results.append((True, f"«{name}»: TLJH creará «{unix}» la primera vez que entre"))
        elif user is None:
            results.append((False, f"«{name}» tiene código pero no usuario del sistema"))
        else:
            private(Path(user.pw_dir), f"la carpeta personal de «{unix}»")
    if places.tljh:
        for user in _tljh_users():  # people TLJH let in before the course's sign-in
            if user.pw_name not in seen:
                private(Path(user.pw_dir), f"la carpeta personal de «{user.pw_name}»")
        results.extend(_check_tljh_hub())
    else:
        for module, what in (("jupyterhub_idle_culler", "el apagado de servidores inactivos"),):
            try:
                __import__(module)
                results.append((True, f"Instalado: {what}"))
            except ImportError:
                results.append((False, f"Falta {what}: pip install 'redes-pymes[hub]'"))
    try:
        __import__("nbgitpuller")
        results.append((True, "Instalado: los enlaces de nbgitpuller"))
    except ImportError:
        results.append((False, "Falta nbgitpuller (los enlaces): pip install 'redes-pymes[hub]'"))
    from course_utils.figures.png import system_dir

    figures = sorted(system_dir().glob("*.png")) if system_dir().is_dir() else []
    readable = figures and all((bits := mode(f)) is not None and bits & 0o004 for f in figures)
    results.append((bool(readable), f"Figuras para todo el hub en {system_dir()} legibles"))
    return results


def _check_tljh_hub() -> list[tuple[bool, str]]:
    """TLJH's hub environment has the course (its sign-in) and the idle culler."""
    python = tljh_prefix() / "hub" / "bin" / "python3"
    try:
        done = subprocess.run(
            [str(python), "-c", "import course_utils.workshop.hub_auth, jupyterhub_idle_culler"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        ok = done.returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    line = f"El entorno del hub de TLJH ({python.parent.parent}) tiene la entrada con códigos"
    if not ok:
        line += (
            ": falta el curso; instala TLJH con el plugin del curso (--plugin) y ejecuta "
            "`sudo tljh-config reload hub`"
        )
    return [(ok, line)]
