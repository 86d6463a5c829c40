"""Links from a page to a file beside its notebook, right in Voilà, in JupyterLab and on a hub."""

from __future__ import annotations

import os
import posixpath
import urllib.parse
from pathlib import Path


def file_href(name: str, folder: str | Path = ".") -> str:
    """The address that serves file ``name`` written in the kernel's folder ``folder``.

    Voilà serves files under <base>voila/files/<path> (only those its allowlist names: the
    plan and the certificate); JupyterLab under <base>files/<path>. A page cannot use the bare
    name: it would resolve under voila/render/ or lab/tree/, which render, not download.
    """
    name = posixpath.basename(str(name))
    request = os.environ.get("VOILA_REQUEST_URL")
    if request:
        path = urllib.parse.urlsplit(request).path
        marker = "/voila/render/"
        if marker in path:
            base, notebook = path.split(marker, 1)
            folder_path = posixpath.dirname(notebook)
            return _join(base + "/voila/files", folder_path, name)
    session = os.environ.get("JPY_SESSION_NAME")
    if session and not os.path.isabs(session):
        prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
        return _join(prefix.rstrip("/") + "/files", posixpath.dirname(session), name)
    return urllib.parse.quote(name)


def _join(*parts: str) -> str:
    joined = "/".join(p.strip("/") for p in parts if p.strip("/"))
    return "/" + urllib.parse.quote(joined)
