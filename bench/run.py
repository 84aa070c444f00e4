#!/usr/bin/env python3
"""Load-test Hearth on PostgreSQL with the large demo authority: `make bench` (see bench/README.md).

1. makes the database if it is missing, migrates it and loads the demo authority (timed);
2. serves Hearth with gunicorn in production mode on a free loopback port;
3. signs in virtual users as distinct demo accounts and has each loop over its pages (bench/pages.py)
   for --duration seconds, recording latency and status codes;
4. counts the database queries of each page in-process, with Django's test client;
5. prints a table and exits non-zero if any request failed (or, with --strict, missed its target).

Traffic goes to 127.0.0.1 only, and every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import PAGES, BenchPage  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@localhost:5432/hearth_bench"
DEMO_DOMAIN = "demo.hearth.test"
RESULTS_DIR = ROOT / "bench" / "results"
HOST = "127.0.0.1"  # loopback only
REQUEST_TIMEOUT_S = 30
MAX_REQUESTS_PER_USER = 200_000  # a second bound beside the duration


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20, help="concurrent virtual users (default 20)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--quick", action="store_true", help="a 10-second smoke run")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean seconds each user waits between requests, varied ±50%% (default 1; 0: back to back)",
    )
    parser.add_argument("--scale", choices=["small", "large"], default="large", help="demo authority size")
    parser.add_argument("--skip-seed", action="store_true", help="do not run migrate and seed_demo")
    # One process more than cores, one thread each: on 2 cores this gave p95 about half that of
    # 2 workers x 4 threads (threads of one process queue on the GIL behind a long page).
    default_workers = (os.cpu_count() or 2) + 1
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers,
        help=f"gunicorn worker processes (default {default_workers})",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL,
        help="database to use (default: BENCH_DATABASE_URL, else %(default)s)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="also exit non-zero when a p95 target is missed"
    )
    parser.add_argument("--json", type=Path, help="write the results here (default: bench/results/…)")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = min(args.duration, 10)
    if args.users < 1 or args.duration <= 0:
        parser.error("--users and --duration must be positive")
    return args


# --- Setting up: database, data, static files, server -----------------------------------------


def ensure_database(url: str) -> None:
    """Creates the PostgreSQL database named in `url` when it does not exist."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin, connect_timeout=5, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def server_env(database_url: str) -> dict[str, str]:
    """Production mode, as behind a TLS-terminating proxy on the same host."""
    env = {k: v for k, v in os.environ.items() if k not in {"HEARTH_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="hearth.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-" + secrets.token_urlsafe(48),
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        HEARTH_REQUIRE_2FA="0",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"[bench] manage.py {' '.join(args)} failed (exit {result.returncode})")
    return time.perf_counter() - started


def static_is_stale() -> bool:
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(
        path.is_file() and path.stat().st_mtime > built
        for static_dir in (ROOT / "hearth").glob("**/static")
        for path in static_dir.rglob("*")
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Browser:
    """An HTTP client that keeps its cookies as a browser behind TLS would.

    The server runs exactly as in production: HTTPS is signalled by X-Forwarded-Proto (as from the
    TLS-terminating proxy) and cookies are Secure. requests would not send Secure cookies over plain
    http, so this client keeps them itself and sends them in the Cookie header, over loopback only.
    """

    def __init__(self, base: str):
        self.base = base
        self.origin = f"https://{urlsplit(base).netloc}"
        self.session = requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https", "User-Agent": "hearth-bench"})
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, headers: dict | None = None, **kwargs) -> requests.Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.session.request(
            method,
            self.base + path,
            headers=headers,
            timeout=REQUEST_TIMEOUT_S,
            allow_redirects=False,
            **kwargs,
        )
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        self.session.cookies.clear()
        return response

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> requests.Response:
        return self.request("POST", path, data=data, headers={"Referer": self.origin + path})


class Server:
    def __init__(self, env: dict[str, str], workers: int, threads: int, log_path: Path):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "w")  # closed in stop()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "hearth.wsgi",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"{HOST}:{self.port}",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--graceful-timeout",
            "5",
            "--timeout",
            "60",
            "--no-control-socket",  # nothing to control; and no clash with another gunicorn
        ]
        log(f"starting gunicorn: {' '.join(command[2:])}")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                response = requests.get(f"{self.base}/readyz", timeout=2)
                if response.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn was not ready within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


# --- Virtual users ------------------------------------------------------------------------------


def demo_email(role: str, n: int = 1) -> str:
    return f"{role}@{DEMO_DOMAIN}" if n == 1 else f"{role}-{n}@{DEMO_DOMAIN}"


def share_users(pages: list[BenchPage], users: int) -> dict[str, int]:
    """Virtual users per role, in proportion to each role's number of pages (at least one each)."""
    weights = Counter(page.role for page in pages)
    roles = list(weights)
    if users < len(roles):
        raise SystemExit(f"--users must be at least {len(roles)}, the number of roles in bench/pages.py")
    total = sum(weights.values())
    exact = {role: users * weights[role] / total for role in roles}
    shares = {role: max(1, math.floor(exact[role])) for role in roles}
    by_remainder = sorted(roles, key=lambda r: exact[r] - math.floor(exact[r]), reverse=True)
    i = 0
    while sum(shares.values()) < users:
        shares[by_remainder[i % len(roles)]] += 1
        i += 1
    while sum(shares.values()) > users:
        largest = max(roles, key=lambda r: shares[r])
        shares[largest] -= 1
    return shares


@dataclass
class VirtualUser:
    role: str
    email: str
    pages: list[tuple[BenchPage, str]] = field(default_factory=list)
    browser: Browser | None = None
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, Counter] = field(default_factory=dict)
    warmup_errors: list[str] = field(default_factory=list)


class SignInError(RuntimeError):
    pass


def sign_in(user: VirtualUser, password: str) -> None:
    browser = user.browser
    response = browser.get("/sign-in/")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    if response.status_code != 200 or not match:
        raise SignInError(f"{user.email}: GET /sign-in/ gave {response.status_code} without a CSRF token")
    response = browser.post(
        "/sign-in/",
        {"csrfmiddlewaretoken": match.group(1), "username": user.email, "password": password, "next": "/"},
    )
    location = response.headers.get("Location", "")
    if response.status_code != 302 or "/sign-in/" in location:
        raise SignInError(f"{user.email}: sign-in gave {response.status_code} {location}".rstrip())


def run_user(user: VirtualUser, start: threading.Barrier, clock: dict, think: float) -> None:
    # One unrecorded pass to warm connections and caches.
    for page, path in user.pages:
        try:
            response = user.browser.get(path)
            if response.status_code != 200:
                user.warmup_errors.append(f"{page.name}: {response.status_code}")
        except requests.RequestException as exc:
            user.warmup_errors.append(f"{page.name}: {type(exc).__name__}")
    try:
        start.wait(timeout=120)
    except threading.BrokenBarrierError:
        return
    deadline = clock["deadline"]
    jitter = random.Random(user.email)  # think times vary (0.5 to 1.5 × think) so users drift apart
    offset = jitter.randrange(len(user.pages))
    if think:
        time.sleep(jitter.uniform(0, think))
    for i in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            break
        page, path = user.pages[(offset + i) % len(user.pages)]
        began = time.perf_counter()
        try:
            response = user.browser.get(path)
            status: int | str = response.status_code
        except requests.RequestException as exc:
            status = type(exc).__name__
        elapsed_ms = (time.perf_counter() - began) * 1000
        user.latencies.setdefault(page.name, []).append(elapsed_ms)
        user.statuses.setdefault(page.name, Counter())[status] += 1
        if think:
            time.sleep(think * jitter.uniform(0.5, 1.5))


# --- In-process query counts ---------------------------------------------------------------------


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def existing_emails(candidates: list[str]) -> set[str]:
    from django.contrib.auth import get_user_model
    from django.db import connections

    try:
        return set(get_user_model().objects.filter(email__in=candidates).values_list("email", flat=True))
    finally:
        connections.close_all()


def session_backend_for(user) -> str:
    """The first authentication backend that can load `user` back from a session.

    (Lockout and object-permission backends come first in settings and load no one.)
    """
    from django.conf import settings
    from django.contrib.auth import load_backend

    for path in settings.AUTHENTICATION_BACKENDS:
        get_user = getattr(load_backend(path), "get_user", None)
        if get_user is not None and get_user(user.pk) is not None:
            return path
    raise LookupError(f"no authentication backend loads {user}")


def count_queries(pages: list[tuple[BenchPage, str]]) -> dict[str, dict]:
    """Queries of each page's second request (the first warms per-process caches)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user_model = get_user_model()
    counts: dict[str, dict] = {}
    for page, path in pages:
        user = user_model.objects.get(email=demo_email(page.role))
        client = Client(raise_request_exception=False)
        client.force_login(user, backend=session_backend_for(user))
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as context:
            response = client.get(path, secure=True)
        counts[page.name] = {"queries": len(context.captured_queries), "status": response.status_code}
    connections.close_all()
    return counts


# --- Results -------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(users: list[VirtualUser], pages: list[tuple[BenchPage, str]], queries: dict) -> list[dict]:
    rows = []
    for page, path in pages:
        latencies = sorted(v for u in users for v in u.latencies.get(page.name, []))
        statuses: Counter = Counter()
        for u in users:
            statuses.update(u.statuses.get(page.name, {}))
        errors = sum(n for status, n in statuses.items() if status != 200)
        p95 = percentile(latencies, 95)
        rows.append(
            {
                "page": page.name,
                "path": path,
                "role": page.role,
                "requests": len(latencies),
                "errors": errors,
                "statuses": {str(k): v for k, v in sorted(statuses.items(), key=lambda kv: str(kv[0]))},
                "p50_ms": percentile(latencies, 50),
                "p95_ms": p95,
                "max_ms": latencies[-1] if latencies else float("nan"),
                "target_p95_ms": page.target_p95_ms,
                "meets_target": bool(latencies) and p95 < page.target_p95_ms,
                "queries": queries.get(page.name, {}).get("queries"),
                "query_status": queries.get(page.name, {}).get("status"),
            }
        )
    return rows


def print_table(rows: list[dict], duration: float) -> None:
    headers = [
        "page",
        "requests",
        "errors",
        "p50 ms",
        "p95 ms",
        "max ms",
        "queries",
        "p95 target",
        "status codes",
    ]
    table = [
        [
            row["page"],
            str(row["requests"]),
            str(row["errors"]),
            f"{row['p50_ms']:.0f}",
            f"{row['p95_ms']:.0f}",
            f"{row['max_ms']:.0f}",
            "?" if row["queries"] is None else str(row["queries"]),
            f"< {row['target_p95_ms']} {'ok' if row['meets_target'] else 'MISSED'}",
            " ".join(f"{k}×{v}" for k, v in row["statuses"].items()),
        ]
        for row in rows
    ]
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(headers)]
    numeric = {1, 2, 3, 4, 5, 6}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print()
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for cells in table:
        print(line(cells))
    total = sum(r["requests"] for r in rows)
    print(f"\n{total} requests in {duration:.1f} s: {total / duration:.1f} requests/s")
    for row in rows:
        if row["query_status"] not in (None, 200):
            print(f"note: the in-process request for {row['page']} answered {row['query_status']}")


# --- Main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    password = os.environ.get("HEARTH_DEMO_PASSWORD") or "hearth-demo-2026"
    database = urlsplit(args.database_url)
    log(f"database {database.hostname}:{database.port or 5432}{database.path} ({database.scheme})")
    ensure_database(args.database_url)
    env = server_env(args.database_url)

    seed_seconds = None
    if not args.skip_seed:
        tooling = env | {"DEBUG": "1"}  # the demo loader refuses production mode
        log("migrating")
        manage(["migrate", "--noinput", "-v", "0"], tooling)
        log(f"seed_demo --scale {args.scale}")
        seed_seconds = manage(["seed_demo", "--scale", args.scale, "--quiet"], tooling)
        log(f"seed_demo took {seed_seconds:.1f} s")
    if static_is_stale():
        log("collecting static files")
        manage(["collectstatic", "--noinput", "-v", "0"], env)

    setup_django(env)

    # Virtual users: distinct accounts of each role as far as the authority has them.
    shares = share_users(PAGES, args.users)
    candidates = [demo_email(role, n) for role, k in shares.items() for n in range(1, k + 1)]
    present = existing_emails(candidates)
    users: list[VirtualUser] = []
    for role, k in shares.items():
        if demo_email(role) not in present:
            raise SystemExit(f"no demo account {demo_email(role)}: has seed_demo run on this database?")
        for n in range(1, k + 1):
            email = demo_email(role, n)
            users.append(VirtualUser(role=role, email=email if email in present else demo_email(role)))
    for role, k in shares.items():
        distinct = len({u.email for u in users if u.role == role})
        log(f"{k} virtual user(s) as {role} ({distinct} distinct account(s))")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    server = Server(env, args.workers, args.threads, RESULTS_DIR / f"gunicorn-{stamp}.log")
    try:
        server.wait_ready()
        log(f"serving on {server.base}")
        for u in users:
            u.browser = Browser(server.base)

        failures: list[str] = []

        def signing_in(u: VirtualUser) -> None:
            try:
                sign_in(u, password)
            except (SignInError, requests.RequestException) as exc:
                failures.append(str(exc))

        threads = [threading.Thread(target=signing_in, args=(u,)) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if failures:
            log("sign-in failed:\n  " + "\n  ".join(failures))
            return 1
        log(f"signed in {len(users)} virtual users")

        # Pages as each person sees them: a url function (say, "the first child on my work") runs with
        # each virtual user's own session, since people of one role work in different units.
        def fetcher(browser: Browser):
            def fetch(path: str) -> str:
                response = browser.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {path} answered {response.status_code}")
                return response.text

            return fetch

        skipped: list[str] = []
        for u in users:
            u.pages = []
            for page in PAGES:
                if page.role != u.role:
                    continue
                try:
                    u.pages.append((page, page.resolve(fetcher(u.browser))))
                except (LookupError, RuntimeError) as exc:
                    skipped.append(f"{u.email}: {page.name}: {exc}")
        # For the log and the in-process query counts: each page as the first account of its role sees it.
        resolved: list[tuple[BenchPage, str]] = []
        for page in PAGES:
            first = next(
                (path for u in users for p, path in u.pages if p is page and u.email == demo_email(u.role)),
                None,
            )
            if first is None:
                first = next((path for u in users for p, path in u.pages if p is page), None)
            if first is None:
                log(f"page {page.name!r}: no virtual user of {page.role} could find it; left out")
                continue
            resolved.append((page, first))
            measured_by = sum(1 for u in users for p, _ in u.pages if p is page)
            log(f"page {page.name!r}: {first} as {page.role} (and as each of {measured_by} users sees it)")
        if skipped:
            log("pages some users cannot reach (left out for them):\n  " + "\n  ".join(skipped))

        clock: dict[str, float] = {}

        def begin() -> None:
            clock["start"] = time.monotonic()
            clock["deadline"] = clock["start"] + args.duration

        barrier = threading.Barrier(len(users), action=begin)
        log(f"load: {len(users)} users for {args.duration:.0f} s (think time {args.think:g} s)")
        workers = [
            threading.Thread(target=run_user, args=(u, barrier, clock, args.think), daemon=True)
            for u in users
        ]
        for t in workers:
            t.start()
        for t in workers:
            t.join(timeout=args.duration + 180)
        elapsed = time.monotonic() - clock.get("start", time.monotonic())
        if any(t.is_alive() for t in workers):
            log("some virtual users did not finish in time")
    finally:
        server.stop()

    log("counting queries per page in-process")
    queries = count_queries(resolved)
    rows = summarise(users, resolved, queries)
    print_table(rows, elapsed)

    warmup_errors = [f"{u.email}: {e}" for u in users for e in u.warmup_errors]
    if warmup_errors:
        print("warm-up errors:\n  " + "\n  ".join(warmup_errors))
    errors = sum(r["errors"] for r in rows)
    missed = [r["page"] for r in rows if not r["meets_target"]]

    result_path = args.json or RESULTS_DIR / f"bench-{stamp}.json"
    result_path.write_text(
        json.dumps(
            {
                "when": stamp,
                "scale": args.scale,
                "users": len(users),
                "duration_s": elapsed,
                "think_s": args.think,
                "gunicorn": {"workers": args.workers, "threads": args.threads},
                "seed_seconds": seed_seconds,
                "pages": rows,
            },
            indent=2,
            default=str,
        )
    )
    shown = result_path.relative_to(ROOT) if result_path.is_relative_to(ROOT) else result_path
    log(f"results written to {shown}")

    if errors or warmup_errors:
        log(f"FAILED: {errors} request(s) errored")
        return 1
    if missed:
        log(f"p95 target missed: {', '.join(missed)}")
        if args.strict:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
