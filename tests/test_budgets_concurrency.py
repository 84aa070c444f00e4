"""Many people spend from one unit's budget at the same moment: the balance never goes below zero.

Each thread has its own database connection and its own transaction, as web workers do. On PostgreSQL
the service locks the unit-year budget row (SELECT ... FOR UPDATE) before summing the ledger; on SQLite
every transaction begins IMMEDIATE, so writers queue. Run on PostgreSQL with:

    DATABASE_URL=postgres://postgres@localhost:5432/hearth_test_budgets \
        .venv/bin/pytest tests/test_budgets_concurrency.py -q -p no:xdist

SQLite: pytest-django keeps the test database in memory with a shared cache, where SQLite answers
"table is locked" at once instead of waiting (the busy timeout does not apply to shared-cache locks).
Production SQLite is a file, so for this test the data is copied to a temporary file database (WAL,
IMMEDIATE transactions, 20 s busy timeout: the production settings) and the threads connect to it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from hearth.budgets import services
from hearth.budgets.models import EntryKind, LedgerEntry, Spend, SpendStatus
from hearth.budgets.selectors import available_in, budget_for, summary

from .factories import ChildFactory, MembershipFactory, UserFactory
from .factories_budgets import allocate, this_year

THREADS = 12
SPENDS_PER_THREAD = 5
AMOUNT = 45_00  # within a social worker's £50 authority: approved at once
BUDGET_POUNDS = 1_000  # room for 22 spends of £45 (£990), then £10 left


@contextlib.contextmanager
def file_database(tmp_path):
    """On SQLite, copy the test's data to a file database and point new connections at it."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    path = tmp_path / "budgets.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict = connection.settings_dict  # shared with the connections threads open
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = memory_name


def _in_thread(fn):
    """Run fn with a fresh connection of its own (in another thread) and return its result."""
    result = {}

    def run():
        try:
            result["value"] = fn()
        finally:
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    t.join()
    return result["value"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_spends_never_take_the_balance_below_zero(org, tmp_path, capsys):
    unit = org.unit_a
    workers = [org["social-worker"]]
    for n in range(THREADS - 1):
        person = UserFactory(email=f"budget-worker-{n}@test.hearth.test")
        MembershipFactory(unit=unit, user=person, role="social-worker")
        workers.append(person)
    allocate(org, unit, BUDGET_POUNDS)
    child = ChildFactory(unit=unit, unit__lead_worker=org["social-worker"])

    def run_test():
        accepted, refused, errors = [], [], []
        barrier = threading.Barrier(THREADS)
        from hearth.accounts.models import User

        def spender(user_id):
            try:
                me = User.objects.get(pk=user_id)
                kid = type(child).objects.get(pk=child.pk)
                barrier.wait()
                for _ in range(SPENDS_PER_THREAD):
                    try:
                        s = services.record_spend(
                            by=me, child=kid, category="practical-help", amount_pence=AMOUNT, purpose="Food"
                        )
                        accepted.append(s.pk)
                    except services.NotEnoughMoney as error:
                        refused.append(str(error))
            except Exception as error:  # anything else is a failure of the test
                errors.append(repr(error))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=spender, args=(w.pk,)) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return accepted, refused, errors

    def check():
        budget = budget_for(unit, this_year())
        return (
            available_in(budget, "practical-help"),
            summary(budget).total.available,
            set(
                LedgerEntry.objects.filter(budget=budget, kind=EntryKind.COMMITMENT).values_list(
                    "spend_id", flat=True
                )
            ),
            Counter(Spend.objects.filter(budget=budget).values_list("status", flat=True)),
        )

    with file_database(tmp_path):
        accepted, refused, errors = run_test()
        available, total_available, committed_spends, statuses = _in_thread(check)

    attempted = THREADS * SPENDS_PER_THREAD
    with capsys.disabled():
        print(
            f"\n[{connection.vendor}] spends attempted {attempted}, accepted {len(accepted)}, "
            f"refused {len(refused)}, final balance £{available / 100:.2f}"
        )
    assert errors == []
    assert len(accepted) + len(refused) == attempted
    assert len(accepted) == (BUDGET_POUNDS * 100) // AMOUNT  # 22: every spend that fitted, and no more
    assert available == BUDGET_POUNDS * 100 - len(accepted) * AMOUNT >= 0
    assert total_available == available
    assert committed_spends == set(accepted)
    assert statuses == {SpendStatus.APPROVED: len(accepted)}
    assert refused and all(
        "There is not enough left in the unit's budget for practical help" in m for m in refused
    )
    assert all("Nothing has been recorded" in m for m in refused)
