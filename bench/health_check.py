#!/usr/bin/env python3
"""Time the organisational health check against a database, in-process, and show its spread.

    .venv/bin/python bench/health_check.py [--database-url URL] [--as-of YYYY-MM-DD]

For every unit-scope indicator: the time to measure every active unit, how many units had enough data,
the lowest, median and highest value, and how many units meet, are close, are below or have not enough
data. Then each characteristic's spread of scores (strong, developing, struggling, not enough data).
Nothing is written. The snapshot the heatmap reads takes about the sum of the indicator times.
Defaults to the bench database (`hearth_bench`, the large authority).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@localhost:5432/hearth_bench",
    )
    parser.add_argument("--as-of", type=datetime.date.fromisoformat)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hearth.settings",
        DATABASE_URL=args.database_url,
        DEBUG="0",
        SECRET_KEY="bench-not-secret-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.utils import timezone

    from hearth.insights import scoring
    from hearth.insights.characteristics import CHARACTERISTICS
    from hearth.insights.indicators import registry
    from hearth.insights.indicators.base import sharing
    from hearth.insights.selectors import current_limits
    from hearth.organisation.models import Unit

    as_of = args.as_of or timezone.localdate()
    unit_ids = list(Unit.objects.active().values_list("pk", flat=True))
    limits = current_limits()
    rated: dict[int, dict] = {u: {} for u in unit_ids}
    total = 0.0
    print(f"{len(unit_ids)} units, as at {as_of}\n")
    print(
        f"{'indicator':34} {'ms':>7} {'data':>5} {'min':>7} {'median':>7} {'max':>7}  meets/close/below/no data"
    )
    with sharing():
        for indicator in registry.unit_indicators():
            started = time.perf_counter()
            measures = indicator.measure(unit_ids, as_of)
            elapsed = time.perf_counter() - started
            total += elapsed
            values = sorted(m.value for m in measures.values() if m.value is not None)
            counts = collections.Counter()
            for unit_id in unit_ids:
                m = measures[unit_id]
                rating = scoring.rate(indicator, m, limits[indicator.key])
                counts[rating] += 1
                rated[unit_id][indicator.key] = scoring.Rated(indicator, m, limits[indicator.key], rating)
            low, mid, high = (
                (values[0], values[len(values) // 2], values[-1]) if values else (None, None, None)
            )
            spread = "/".join(
                str(counts[r]) for r in (scoring.MEETS, scoring.CLOSE, scoring.BELOW, scoring.NO_DATA)
            )

            def show(v):
                return f"{v:7.1f}" if v is not None else f"{'-':>7}"

            print(
                f"{indicator.key:34} {elapsed * 1000:7.0f} {len(values):5d} {show(low)} {show(mid)} {show(high)}  {spread}"
            )
    print(f"\nAll unit indicators: {total:.1f} s\n")
    print(f"{'characteristic':24} strong/developing/struggling/not enough data   median score")
    scores = {u: scoring.scores_from(rated[u]) for u in unit_ids}
    for c in CHARACTERISTICS:
        counts = collections.Counter(scores[u][c.key].rating for u in unit_ids)
        values = sorted(scores[u][c.key].score for u in unit_ids if scores[u][c.key].score is not None)
        spread = "/".join(
            str(counts[r])
            for r in (scoring.STRONG, scoring.DEVELOPING, scoring.STRUGGLING, scoring.NOT_ENOUGH)
        )
        median = values[len(values) // 2] if values else "-"
        print(f"{c.number + ' ' + c.short:24} {spread:42} {median}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
