"""Personal access codes for a workshop hub: account names, codes, their hashes and the root-only file that holds them (no JupyterHub import)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock

from course_utils.core.errors import CourseError
from course_utils.core.files import write_atomic

#: Where the hub keeps the codes (root only, 0600); CURSO_CODIGOS overrides it.
DEFAULT_FILE = Path("/srv/jupyterhub/codigos-acceso.json")
SCHEMA = 1
LEARNER, TRAINER = "alumno", "formador"
ROLES = (LEARNER, TRAINER)
#: Letters and digits nobody confuses when copying from paper (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10  # 25**10 ≈ 2**46: far beyond what can be tried at a login form
#: Unix user names the course gives: lower-case ASCII, a letter first, at most 24 characters.
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,23}")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


class AccessError(CourseError, ValueError):
    """A name or a code that cannot be used, with a Spanish message that says what to do."""


def account_name(typed: str) -> str:
    """The account name for what a person types or a trainer lists: «Íñigo Pérez» → «inigo-perez».

    Accents and case are dropped, spaces become hyphens; the result must be a valid Unix
    user name (``NAME_PATTERN``), or ``AccessError`` says why not.
    """
    text = unicodedata.normalize("NFKD", str(typed)).encode("ascii", "ignore").decode()
    text = re.sub(r"\s+", "-", text.strip().lower())
    if not NAME_PATTERN.fullmatch(text):
        raise AccessError(
            f"«{typed}» no sirve como nombre de cuenta: usa letras (sin espacios raros ni "
            "símbolos), empieza por una letra y no pases de 24 caracteres."
        )
    return text


def new_code() -> str:
    """A fresh code, shown as two groups of five: «K7PDX-3QMTA»."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _clean_code(typed: str) -> str:
    return re.sub(r"[\s-]", "", str(typed)).upper()


def hash_code(code: str, salt: bytes | None = None) -> str:
    """``scrypt$<salt hex>$<hash hex>`` of a code (spaces, hyphens and case ignored)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(_clean_code(code).encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def code_matches(code: str, stored: str) -> bool:
    """Whether ``code`` is the one hashed in ``stored`` (constant-time comparison)."""
    try:
        kind, salt, digest = stored.split("$")
        if kind != "scrypt" or len(_clean_code(code)) != CODE_LENGTH:
            return False
        expected = hash_code(code, bytes.fromhex(salt)).split("$")[2]
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, digest)


@dataclass(frozen=True)
class Account:
    """One person of the workshop: account name, role, the code's hash, when it was made."""

    name: str
    role: str
    code_hash: str
    created: str


def codes_file(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get("CURSO_CODIGOS") or DEFAULT_FILE)


def read_accounts(path: str | os.PathLike | None = None) -> dict[str, Account]:
    """The accounts in the codes file; an absent file means none. A file that is not the
    course's (links, other owners, group or world access, bad JSON) raises AccessError."""
    path = codes_file(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise AccessError(f"No puedo leer el archivo de códigos {path}: {exc.strerror}.") from exc
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if info.st_mode & 0o077 or info.st_uid != os.geteuid():
            raise AccessError(
                f"El archivo de códigos {path} no es privado (debe ser 0600 y de quien ejecuta "
                "el hub): no lo uso. Corrígelo con «chmod 600» o vuelve a dar de alta."
            )
        try:
            data = json.loads(fh.read(5_000_000).decode("utf-8"))
            accounts = {
                name: Account(name, item["rol"], item["codigo"], item.get("creado", ""))
                for name, item in data["cuentas"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AccessError(f"El archivo de códigos {path} está dañado.") from exc
    return {n: a for n, a in accounts.items() if NAME_PATTERN.fullmatch(n) and a.role in ROLES}


def _write(path: Path, accounts: dict[str, Account]) -> None:
    document = {
        "schema": SCHEMA,
        "cuentas": {
            a.name: {"rol": a.role, "codigo": a.code_hash, "creado": a.created}
            for a in sorted(accounts.values(), key=lambda a: a.name)
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    write_atomic(path, text, mode=0o600, durable=True)  # root only: hashes of every code


@contextlib.contextmanager
def editing(path: str | os.PathLike | None = None) -> Iterator[dict[str, Account]]:
    """Read, change and write back the accounts under a lock (two trainers at once are fine)."""
    path = codes_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        accounts = read_accounts(path)
        yield accounts
        _write(path, accounts)


def issue(accounts: dict[str, Account], name: str, role: str) -> str:
    """Give ``name`` a new code (replacing any old one) and return it in clear, once."""
    if role not in ROLES:
        raise AccessError(f"Rol desconocido «{role}»: usa «{LEARNER}» o «{TRAINER}».")
    code = new_code()
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    accounts[name] = Account(name, role, hash_code(code), created)
    return code


def check_login(name: str, code: str, path: str | os.PathLike | None = None) -> Account | None:
    """The account if ``code`` is this name's code, else None (unknown names cost the same
    time as wrong codes, so a login form does not tell which names exist)."""
    try:
        accounts = read_accounts(path)
    except AccessError:
        return None
    account = accounts.get(name)
    stored = account.code_hash if account else hash_code("X" * CODE_LENGTH)
    ok = code_matches(code, stored)
    return account if ok and account else None
