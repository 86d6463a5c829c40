"""`curso taller`: account names, personal codes and their file, cards, and (as root) real Unix accounts with private homes."""

from __future__ import annotations

import os
import pwd
import stat
import subprocess

import pytest

from course_utils import cli
from course_utils.workshop import access_codes
from course_utils.workshop import accounts as workshop
from course_utils.workshop.access_codes import AccessError


def test_account_names_are_plain_unix_names():
    assert access_codes.account_name("  Íñigo ") == "inigo"
    assert access_codes.account_name("Ana María") == "ana-maria"
    assert access_codes.account_name("LUIS") == "luis"
    for bad in ("", "1ana", "ana;rm", "../x", "=cmd", "a" * 30, "\x1b[31mana", "😀"):
        with pytest.raises(AccessError, match="no sirve como nombre"):
            access_codes.account_name(bad)


def test_codes_are_hashed_checked_in_constant_shape_and_forgiving_of_typing(tmp_path):
    path = tmp_path / "codigos.json"
    with access_codes.editing(path) as accounts:
        code = access_codes.issue(accounts, "ana", access_codes.LEARNER)
        trainer = access_codes.issue(accounts, "marta", access_codes.TRAINER)
    assert (
        len(code) == 11
        and code[5] == "-"
        and set(code.replace("-", "")) <= set(access_codes.ALPHABET)
    )
    text = path.read_text()
    assert code not in text and code.replace("-", "") not in text  # only its hash is stored
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert access_codes.check_login("ana", code, path).role == "alumno"
    assert access_codes.check_login("ana", code.lower().replace("-", " "), path) is not None
    assert access_codes.check_login("ana", trainer, path) is None  # another person's code
    assert access_codes.check_login("marta", code, path) is None  # a learner's code for a trainer
    assert access_codes.check_login("root", code, path) is None
    assert access_codes.check_login("nadie", "", path) is None
    with access_codes.editing(path) as accounts:
        renewed = access_codes.issue(accounts, "ana", access_codes.LEARNER)
    assert access_codes.check_login("ana", code, path) is None  # the old card stops working
    assert access_codes.check_login("ana", renewed, path) is not None


def test_a_codes_file_others_can_read_or_a_link_is_refused(tmp_path):
    path = tmp_path / "codigos.json"
    with access_codes.editing(path) as accounts:
        code = access_codes.issue(accounts, "ana", access_codes.LEARNER)
    path.chmod(0o644)
    with pytest.raises(AccessError, match="no es privado"):
        access_codes.read_accounts(path)
    assert access_codes.check_login("ana", code, path) is None  # closed, never open
    path.chmod(0o600)
    link = tmp_path / "enlace.json"
    link.symlink_to(path)
    with pytest.raises(AccessError, match="No puedo leer"):
        access_codes.read_accounts(link)
    path.write_text("{no es json", encoding="utf-8")
    with pytest.raises(AccessError, match="dañado"):
        access_codes.read_accounts(path)


def test_cards_hold_name_code_address_and_are_private(tmp_path):
    from pypdf import PdfReader

    from course_utils.workshop.cards import login_url, write_cards

    cards = [(f"persona{i}", access_codes.new_code()) for i in range(9)]
    path = write_cards(cards, "https://taller.ejemplo.es/", tmp_path / "tarjetas.pdf")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    reader = PdfReader(path)
    assert len(reader.pages) == 2  # eight cards to a page
    text = "\n".join(page.extract_text() for page in reader.pages)
    for name, code in cards:
        assert name in text and code in text
    assert "https://taller.ejemplo.es" in text and "Tu código de acceso" in text
    assert login_url("https://taller.ejemplo.es/", "ana") == (
        "https://taller.ejemplo.es/hub/login?username=ana"
    )


def test_help_and_errors_of_the_workshop_commands_are_spanish(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("CURSO_HUB_ESTADO", str(tmp_path))
    with pytest.raises(SystemExit) as ended:
        cli.main(["taller", "--help"])
    assert ended.value.code == 0
    out = capsys.readouterr().out
    assert "alta" in out and "comprobar" in out and "usage" not in out
    code = cli.main(["taller", "alta", "1 mal"])
    assert code == 2
    err = capsys.readouterr().err
    assert "curso taller alta:" in err and ("root" in err or "no sirve" in err), err


root_only = pytest.mark.skipif(
    os.geteuid() != 0, reason="crea usuarios del sistema: hace falta root (en CI se ejecuta)"
)


@root_only
def test_accounts_are_real_users_with_private_homes_and_system_names_are_refused(tmp_path):
    from support.hub import USER_PREFIX, machine_lock, remove_user

    places = workshop.Places(tmp_path / "estado", tmp_path / "intercambio", tmp_path / "casas", "x")
    places.state.mkdir()
    tag = os.urandom(3).hex()
    ana, luis = f"{USER_PREFIX}ana{tag}", f"{USER_PREFIX}luis{tag}"
    with machine_lock():
        try:
            said: list[str] = []
            cards = workshop.add_people([ana, luis.upper(), ana], "alumno", places, say=said.append)
            assert [name for name, _ in cards] == [ana, luis]
            for name in (ana, luis):
                home = places.homes / name
                assert pwd.getpwnam(name).pw_dir == str(home)
                assert stat.S_IMODE(home.stat().st_mode) == 0o700
                assert home.stat().st_uid == pwd.getpwnam(name).pw_uid
            # a second run keeps the codes (nobody's card changes by accident)
            assert workshop.add_people([ana], "alumno", places, say=said.append) == []
            assert any("ya tenía código" in line for line in said)
            # names of the machine that are not the course's, and reserved ones
            for taken in ("daemon", "root", "grader", "x"):
                with pytest.raises(workshop.WorkshopError, match="no es del curso|reservado"):
                    workshop.add_people([taken], "alumno", places)
            assert set(access_codes.read_accounts(places.codes)) == {ana, luis}
            # revoked: the code no longer signs in, the files stay
            workshop.revoke([luis], places, say=said.append)
            assert access_codes.check_login(luis, cards[1][1], places.codes) is None
            assert (places.homes / luis).is_dir()
            # another Unix user cannot list or enter a home
            peek = subprocess.run(
                ["ls", str(places.homes / ana)], user=luis, capture_output=True, text=True
            )
            assert peek.returncode != 0 and "Permission denied" in peek.stderr
        finally:
            for name in (ana, luis):
                remove_user(name)


def test_every_command_answers_help_and_argparse_speaks_spanish(capsys):
    """`-h`, `--help` and `--ayuda` on every command; argparse's own errors in Spanish."""
    commands = [[], ["abrir"], ["corregir"], ["enlace"], ["taller"], ["taller", "alta"]]
    for command in commands:
        for flag in ("-h", "--help", "--ayuda"):
            with pytest.raises(SystemExit) as ended:
                cli.main([*command, flag])
            assert ended.value.code == 0, (command, flag)
            out = capsys.readouterr().out
            assert out.startswith("uso: curso") and "usage" not in out, out[:200]
    for argv, spanish in (
        (["enlace", "--hub", "x"], "falta indicar --repo"),
        (["corregir", "--nada"], "no reconozco --nada"),
        (["abrir", "--puerto", "x"], "--puerto necesita un número entero"),
        (["abrir", "--cuad"], "no reconozco --cuad"),  # no abbreviations: a typo is a typo
        (["taller"], "falta indicar ACCIÓN"),
        (["enlace", "--hub", "x", "--repo", "y", "--vista", "z"], "--vista no admite 'z'"),
    ):
        with pytest.raises(SystemExit) as ended:
            cli.main(argv)
        assert ended.value.code == 2
        err = capsys.readouterr().err
        assert spanish in err and "required" not in err and "invalid" not in err, err


# --- The Littlest JupyterHub -------------------------------------------------------------------


def test_tljh_places_are_tljhs_own(monkeypatch, tmp_path):
    """Codes in TLJH's state folder, Unix users «jupyter-<name>»; detected when `curso` is the
    one of TLJH's user environment."""
    for name in ("CURSO_HUB_ESTADO", "CURSO_CODIGOS", "TLJH_INSTALL_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    places = workshop.Places.from_env(tljh=True)
    assert places.codes == workshop.Path("/opt/tljh/state/codigos-acceso.json")
    assert places.unix_name("ana") == "jupyter-ana"
    assert workshop.Places.from_env().unix_name("ana") == "ana"
    assert workshop.Places.from_env().codes == workshop.Path("/srv/jupyterhub/codigos-acceso.json")
    assert not workshop.running_in_tljh()
    (tmp_path / "tljh").mkdir()
    (tmp_path / "tljh" / "user").symlink_to(os.path.realpath(workshop.sys.prefix))
    monkeypatch.setenv("TLJH_INSTALL_PREFIX", str(tmp_path / "tljh"))
    assert workshop.running_in_tljh()
    assert workshop.Places.from_env(tljh=True).state == tmp_path / "tljh" / "state"


def test_tljh_grader_shell_maps_learners_to_tljh_users(tmp_path):
    """`su - grader-redes-pymes` then `curso corregir --recoger` needs CURSO_PREFIJO_USUARIOS."""
    me = pwd.getpwuid(os.getuid())
    for tljh in (True, False):
        places = workshop.Places(tmp_path, tmp_path / "intercambio", tmp_path, me.pw_name, tljh)
        workshop._write_profile(tmp_path, me, places)
        profile = (tmp_path / ".profile").read_text(encoding="utf-8")
        assert ("export CURSO_PREFIJO_USUARIOS=jupyter-" in profile) is tljh
        assert "umask 077" in profile


def test_tljh_check_looks_at_the_hubs_environment(monkeypatch, tmp_path):
    """`curso taller comprobar --tljh`: the hub's environment must have the course's sign-in."""
    places = workshop.Places(tmp_path / "estado", tmp_path / "x", tmp_path, "nadie", True)
    monkeypatch.setenv("TLJH_INSTALL_PREFIX", str(tmp_path / "tljh"))
    ((ok, line),) = workshop._check_tljh_hub()
    assert not ok and "sudo tljh-config reload hub" in line
    (tmp_path / "tljh").mkdir()
    (tmp_path / "tljh" / "hub").symlink_to(workshop.sys.prefix)  # has the course and culler
    ((ok, line),) = workshop._check_tljh_hub()
    assert ok, line
    places.state.mkdir(mode=0o700)
    with access_codes.editing(places.codes) as accounts:
        access_codes.issue(accounts, "zz-nadie-aqui", access_codes.LEARNER)
    lines = dict((line, ok) for ok, line in workshop.check(places))
    assert lines["«zz-nadie-aqui»: TLJH creará «jupyter-zz-nadie-aqui» la primera vez que entre"]


@root_only
def test_tljh_accounts_get_codes_and_no_unix_user(tmp_path, monkeypatch, capsys):
    """`curso taller alta --tljh`: codes in the state folder, no Unix user (TLJH makes
    «jupyter-<name>» at the first start); names TLJH would shorten or that another user holds
    are refused; homes TLJH made before the plugin become private with `preparar`."""
    import grp

    from support.hub import USER_PREFIX, machine_lock, remove_user

    tag = os.urandom(3).hex()
    ana, luis, other = (f"{USER_PREFIX}{n}{tag}" for n in ("ana", "luis", "otra"))
    monkeypatch.setenv("CURSO_HUB_ESTADO", str(tmp_path / "estado"))
    monkeypatch.delenv("CURSO_CODIGOS", raising=False)
    places = workshop.Places.from_env(tljh=True)
    places.state.mkdir(mode=0o700)
    made_group = False
    made: list[str] = []
    with machine_lock():
        try:
            assert cli.main(["taller", "alta", "--tljh", ana, luis.upper()]) == 0
            out = capsys.readouterr().out
            assert ana in out and luis in out
            assert set(access_codes.read_accounts(places.codes)) == {ana, luis}
            for name in (ana, luis, f"jupyter-{ana}", f"jupyter-{luis}"):
                with pytest.raises(KeyError):
                    pwd.getpwnam(name)
            with pytest.raises(workshop.WorkshopError, match="demasiado largo"):
                workshop.add_people([f"{ana}abcdefghij"], "alumno", places)
            # «jupyter-<name>» held by someone who is not TLJH's: refused, nothing written
            subprocess.run(["useradd", "--no-create-home", f"jupyter-{other}"], check=True)
            made.append(f"jupyter-{other}")
            with pytest.raises(workshop.WorkshopError, match="no es de TLJH"):
                workshop.add_people([other], "alumno", places)
            assert other not in access_codes.read_accounts(places.codes)
            # the Unix user TLJH made at Ana's first start (0750, as TLJH leaves it)
            try:
                grp.getgrnam(workshop.TLJH_GROUP)
            except KeyError:
                subprocess.run(["groupadd", workshop.TLJH_GROUP], check=True)
                made_group = True
            home = tmp_path / "casas" / f"jupyter-{ana}"
            home.parent.mkdir()
            subprocess.run(
                ["useradd", "--create-home", "--home-dir", str(home), "--groups",
                 workshop.TLJH_GROUP, f"jupyter-{ana}"],
                check=True,
            )  # fmt: skip
            made.append(f"jupyter-{ana}")
            home.chmod(0o750)
            assert workshop.add_people([ana], "alumno", places) == [], "hers: kept"
            hers = f"Solo su dueño puede leer la carpeta personal de «jupyter-{ana}» ({home})"
            lines = {line: ok for ok, line in workshop.check(places)}
            assert lines[hers + ": hoy tiene el modo 0o750"] is False
            assert workshop._private_tljh_homes() >= 1
            assert stat.S_IMODE(home.stat().st_mode) == 0o700
            lines = {line: ok for ok, line in workshop.check(places)}
            assert lines[hers] is True
        finally:
            for name in made:
                remove_user(name)
            if made_group:
                subprocess.run(["groupdel", workshop.TLJH_GROUP], check=False)
