"""A learner's Jupyter server on a hub: Voilà's sections of the course's voila.json (beside this file), the same settings `curso abrir` uses."""

import json
from pathlib import Path

from traitlets.config import Config

c = get_config()  # noqa: F821 (provided by the Jupyter server when it loads this file)

# Voilà's server extension reads voila.json's VoilaConfiguration by itself, but takes
# VoilaExporter (the page's language) and VoilaExecutor (the Spanish line shown when a cell
# fails) only from the server's own configuration.
# Kernel culling (MappingKernelManager) is left to each hub's configuration: there it ends
# every kernel of the server, not only the pages'.
_SETTINGS = json.loads(Path(__file__).with_name("voila.json").read_text(encoding="utf-8"))
c.merge(
    Config(
        {name: _SETTINGS[name] for name in ("VoilaConfiguration", "VoilaExporter", "VoilaExecutor")}
    )
)
