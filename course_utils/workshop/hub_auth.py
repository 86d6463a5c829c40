"""JupyterHub classes of a workshop hub: sign-in with personal access codes, and learners' servers that keep every file they write private."""

from __future__ import annotations

import asyncio
import os

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode

from course_utils.workshop import access_codes

FORMGRADE_GROUP = "formgrade-redes-pymes"


class AccessCodeAuthenticator(Authenticator):
    """A person signs in with the name and the personal code on their card
    (``curso taller alta``). Only names in the codes file exist: no system account, no
    grader account and nobody else can sign in, whatever they type. Trainers are admins."""

    codes_file = Unicode(
        str(access_codes.DEFAULT_FILE),
        config=True,
        help="The workshop's codes file (written by `curso taller alta`, root only).",
    )

    def normalize_username(self, username: str) -> str:
        try:
            return access_codes.account_name(username)
        except access_codes.AccessError:
            return str(username).strip().lower()

    def check_allowed(self, username: str, authentication=None) -> bool:
        try:
            return username in access_codes.read_accounts(self.codes_file)
        except access_codes.AccessError as exc:
            self.log.error("%s", exc)
            return False

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        code = str(data.get("password", ""))
        # scrypt takes tens of milliseconds: off the hub's event loop
        account = await asyncio.to_thread(access_codes.check_login, name, code, self.codes_file)
        if account is None:
            return None  # the hub's login page (the course's template) says so in Spanish
        return {"name": account.name, "admin": account.role == access_codes.TRAINER}

    async def refresh_user(self, user, handler=None):
        """A code revoked with `curso taller baja` ends the session at the next check."""
        try:
            account = access_codes.read_accounts(self.codes_file).get(user.name)
        except access_codes.AccessError:
            return False
        if account is None:
            return False
        return {"name": account.name, "admin": account.role == access_codes.TRAINER}


class PrivateSpawner(LocalProcessSpawner):
    """A learner's server as their own Unix user, with umask 077: answers, notebooks, pulled
    lessons and feedback are readable by nobody else, whatever the machine's defaults."""

    def make_preexec_fn(self, name):
        switch_user = super().make_preexec_fn(name)

        def preexec() -> None:
            os.umask(0o077)
            switch_user()

        return preexec
