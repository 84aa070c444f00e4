"""The demo authority's part of `returns`: the data problems of the record as seeded.

The other apps seed with bulk inserts (no signals), so the problems are checked once here, for
everyone. Idempotent: re-running rewrites the same rows.
"""

from __future__ import annotations


def seed(scale: str, password: str) -> str:
    from .services.problems import refresh_all

    counts = refresh_all()
    found = ", ".join(f"{name}: {count}" for name, count in counts.items())
    return f"data problems checked for every return ({found})"
