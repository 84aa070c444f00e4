"""The SSDA903 return for 12,000 looked-after children builds well within 10 seconds."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.cases import models as m
from hearth.cases.demo_looked_after import demo_upn
from hearth.people.models import Child
from hearth.returns import ssda903
from hearth.returns.base import Period

D = datetime.date
PERIOD = Period(D(2025, 4, 1), D(2026, 3, 31), "2025-26")
CHILDREN = 12_000


@pytest.mark.django_db
def test_twelve_thousand_children_in_well_under_ten_seconds(org):
    worker, unit = org["social-worker"], org.unit_a
    children = Child.objects.bulk_create(
        [
            Child(
                la_child_id=f"P{i:06d}",
                first_name="Test",
                last_name=f"Child {i}",
                sex="MF"[i % 2],
                date_of_birth=D(2008 + i % 15, 1 + i % 12, 1 + i % 28),
                ethnicity="WBRI",
                upn=demo_upn(i),
            )  # fmt: skip
            for i in range(CHILDREN)
        ],
        batch_size=2000,
    )
    episodes, reviews, missing, health, allocations = [], [], [], [], []
    started = datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)
    for i, child in enumerate(children):
        first = D(2023, 1, 1) + datetime.timedelta(days=i % 400)
        move = D(2025, 5, 1) + datetime.timedelta(days=i % 200)
        base = {"child": child, "legal_status": "C2", "cin": "N1", "place_provider": "PR1"}
        episodes.append(m.LookedAfterEpisode(decom=first, rne="S", place="U4", dec=move, rec="X1", **base))
        episodes.append(m.LookedAfterEpisode(decom=move, rne="P", place="U6", **base))
        reviews += [
            m.LookedAfterReview(child=child, review=D(2025, 6, 1), review_code="PN1"),
            m.LookedAfterReview(child=child, review=D(2025, 12, 1), review_code="PN1"),
        ]
        if i % 3 == 0:
            missing.append(
                m.MissingEpisode(child=child, missing="M", mis_start=D(2025, 7, 1), mis_end=D(2025, 7, 2))
            )
        health.append(m.HealthOutcome(child=child, year_ending=PERIOD.end, sdq_score=10, health_check=True))
        allocations.append(m.Allocation(child=child, unit=unit, lead_worker=worker, started_at=started))
    for rows in (episodes, reviews, missing, health, allocations):
        type(rows[0]).objects.bulk_create(rows, batch_size=5000)

    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        files = ssda903.build(PERIOD)
    seconds = time.perf_counter() - began
    print(
        f"\nSSDA903 for {CHILDREN} children: {seconds:.2f} s, {len(queries)} queries on {connection.vendor}"
    )
    assert seconds < 10
    assert len(queries) <= 15
    counts = {f.name: f.content.count(b"\r\n") - 1 for f in files}
    assert counts["header.csv"] == CHILDREN
    assert counts["episodes.csv"] == 2 * CHILDREN
    assert counts["reviews.csv"] == 2 * CHILDREN
