"""Launching Jupyter: Voilà and JupyterLab settings, hub pages, JupyterLab keys, the pre-save hook."""
