#!/usr/bin/env python3
"""Time and profile one page in-process against the bench database (no server, no concurrency).

    .venv/bin/python bench/profile_page.py /my-work/ --as social-worker@demo.hearth.test [--profile]

Asks for the page --repeat times as the signed-in person with Django's test client and prints the
median and best time, the number of queries and (with --profile) the 25 most expensive functions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path")
    parser.add_argument("--as", dest="email", default="social-worker@demo.hearth.test")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@localhost:5432/hearth_bench",
    )
    args = parser.parse_args()

    os.environ.update(
        DJANGO_SETTINGS_MODULE="hearth.settings",
        DATABASE_URL=args.database_url,
        DEBUG="0",
        SECRET_KEY="profile-not-secret-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        HEARTH_REQUIRE_2FA="0",
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hearth.accounts.models import User

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(User.objects.get(email=args.email))
    response = client.get(args.path, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{args.path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path, secure=True)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    query_count = len(queries.captured_queries)  # the log is cleared when the next request starts
    times = []
    profiler = cProfile.Profile() if args.profile else None
    for _ in range(args.repeat):
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        client.get(args.path, secure=True)
        if profiler:
            profiler.disable()
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"{args.path}: median {statistics.median(times):.1f} ms, best {min(times):.1f} ms, "
        f"{query_count} queries ({sql_ms:.1f} ms in SQL), {len(response.content) // 1024} KiB"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
