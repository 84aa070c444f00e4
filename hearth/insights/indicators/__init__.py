"""Indicators of the health check, one module per group of characteristics. Importing this package
registers them all (InsightsConfig.ready)."""

from . import (  # noqa: F401
    admin_support,
    budgets,
    bureaucracy,
    clinicians,
    creativity,
    focus,
    seniors,
    shared_values,
    small_teams,
    standard,
    teamwork,
)
