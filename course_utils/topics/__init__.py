"""Lesson logic without any interface: triage, objectives, metrics, maturity, RACI, audit, delegation."""
