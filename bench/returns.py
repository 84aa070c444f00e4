#!/usr/bin/env python3
"""Time a statutory return against the bench database (the large authority), in-process.

    .venv/bin/python bench/returns.py [--return cin] [--year 2025] [--repeat 3]

Does what a run does, without keeping a run: loads the record, builds the files, zips them, hashes each
child's part for the comparison, and checks every validation rule on the loaded records (in memory: the
bench database's data problems are not rewritten). Prints the children in the return, the queries and
the time of each step. The target (issue 11) is under 10 seconds for 12,000 children on PostgreSQL.
Run it only when the `hearth_bench` database exists (make bench makes it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--return", dest="return_name", default="cin", choices=["cin", "ssda903", "workforce"]
    )
    parser.add_argument(
        "--year", type=int, help="the year the collection year starts (default: the current one)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@localhost:5432/hearth_bench",
    )
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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hearth.returns.cin.records import current_period, period_for_year
    from hearth.returns.registry import module_for
    from hearth.returns.services.problems import problems_in
    from hearth.returns.services.runs import _zip, default_subjects

    module = module_for(args.return_name)
    if module is None:
        print(f"The {args.return_name} return is not available.")
        return 2
    period = period_for_year(args.year) if args.year else current_period()
    totals = []
    for attempt in range(1, args.repeat + 1):
        steps = {}
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            files = module.build(period)
            steps["build"] = time.perf_counter() - started
            t = time.perf_counter()
            archive = _zip(files)
            steps["zip"] = time.perf_counter() - t
            t = time.perf_counter()
            subjects = (getattr(module, "subjects", None) or default_subjects)(files)
            steps["compare"] = time.perf_counter() - t
            t = time.perf_counter()
            records = module.load_records()
            found = problems_in(args.return_name, records)
            steps["rules"] = time.perf_counter() - t
            total = time.perf_counter() - started
        totals.append(total)
        print(
            f"run {attempt}: {period.label} {args.return_name}: {len(subjects):,} in the return, "
            f"{len(found):,} problems, {len(queries)} queries, {len(archive) / 1e6:.1f} MB zipped; "
            + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in steps.items())
            + f"; total {total:.2f}s"
        )
    median = statistics.median(totals)
    verdict = "within" if median < TARGET_SECONDS else "OVER"
    print(f"median {median:.2f}s ({verdict} the {TARGET_SECONDS:.0f} s target)")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
