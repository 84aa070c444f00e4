"""The demo authority's health check: twelve month-end snapshots for each unit's trend and the latest
figures for the heatmap, worked out from the other apps' demo records by the same code as the nightly
refresh (nothing here sets a value)."""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

from .models import Snapshot
from .services import take_snapshot

TREND_MONTHS = 12
#: Month-end snapshots the demo makes at each scale. A snapshot of the large authority takes about
#: 12 seconds on two cores, so the large one makes the last three months and keeps seeding quick; its
#: unit pages show a shorter trend. The small one makes the whole year.
MONTHS_BY_SCALE = {"small": TREND_MONTHS, "large": 3}


def month_ends(today: datetime.date, months: int = TREND_MONTHS) -> list[datetime.date]:
    """The last day of each of the `months` whole months before `today`, oldest first."""
    ends = []
    day = today.replace(day=1) - datetime.timedelta(days=1)
    for _ in range(months):
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return ends[::-1]


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    today = timezone.localdate()
    done = set(
        Snapshot.objects.filter(kind=Snapshot.Kind.MONTH, status=Snapshot.Status.DONE).values_list(
            "as_of", flat=True
        )
    )
    made = 0
    for as_of in month_ends(today, MONTHS_BY_SCALE.get(scale, TREND_MONTHS)):
        if as_of not in done:
            take_snapshot(as_of=as_of, kind=Snapshot.Kind.MONTH)
            made += 1
    if made or not Snapshot.objects.filter(kind=Snapshot.Kind.LATEST, status=Snapshot.Status.DONE).exists():
        take_snapshot(as_of=today, kind=Snapshot.Kind.LATEST)
        made += 1
    return f"{made} health check snapshots worked out in {time.perf_counter() - started:.1f} s"
