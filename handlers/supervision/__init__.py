"""Supervision (居务监督): what the supervisory committee reads without asking the
committee it watches."""
