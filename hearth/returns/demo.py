"""The demo authority's part of `returns`: the data problems of the record as seeded.

The other apps seed with bulk inserts (no signals), so the problems are checked once here, for
everyone. Idempotent: re-running rewrites the same rows.
"""

from __future__ import annotations


def seed(scale: str, password: str) -> None:
    from .services.problems import refresh_all

    refresh_all()
