"""A workshop on JupyterHub: accounts and access codes, the hub's sign-in, cards, nbgitpuller links."""
