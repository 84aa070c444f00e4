"""Reads of the health check: thresholds in force, snapshots for the heatmap and trend, a unit's live
figures."""

from __future__ import annotations

import datetime

from hearth.organisation.models import Unit

from . import scoring
from .indicators import registry
from .models import Snapshot, Threshold
from .permissions import Perm


def current_limits() -> dict[str, scoring.Limits]:
    """{indicator key: thresholds in force}: the newest threshold set for each, else the default."""
    limits = {i.key: scoring.default_limits(i) for i in registry.all_indicators()}
    seen = set()
    for t in Threshold.objects.select_related("set_by").order_by("indicator_key", "-set_at", "-pk"):
        if t.indicator_key in seen or t.indicator_key not in limits:
            continue
        seen.add(t.indicator_key)
        limits[t.indicator_key] = scoring.Limits(
            float(t.good), float(t.concern), t.set_by.get_full_name() or t.set_by.email, t.set_at, t.reason
        )
    return limits


def threshold_history(indicator_key: str):
    return (
        Threshold.objects.filter(indicator_key=indicator_key)
        .select_related("set_by")
        .order_by("-set_at", "-pk")
    )


def units_for(user):
    """The active units whose health check the person may see."""
    units = Unit.objects.active().select_related("service_area").order_by("service_area__name", "name")
    if user.has_perm(Perm.VIEW_ALL):
        return units
    return units.filter(pk__in=user.reach_unit_ids)


def latest_snapshot() -> Snapshot | None:
    return (
        Snapshot.objects.filter(kind=Snapshot.Kind.LATEST, status=Snapshot.Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def live_assessment(unit: Unit, as_of: datetime.date | None = None) -> scoring.Assessment:
    """A unit's own figures, worked out now (never from a snapshot)."""
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    return scoring.assess([unit.pk], as_of, current_limits())


# --- pages: heatmap, summaries, trend and one indicator ---------------------------------------------


def scores_for(user, snapshot: Snapshot):
    """The snapshot's characteristic scores of every unit the person may see, with each unit and its
    service area, in one query (the heatmap), as tuples: (unit id, unit name, unit code, area id, area
    name, characteristic, score, rating). Tuples, not model instances: a large authority has thousands."""
    from .models import SnapshotScore

    return (
        SnapshotScore.objects.filter(snapshot=snapshot, unit__in=units_for(user).values("pk"))
        .order_by("unit__service_area__name", "unit__service_area_id", "unit__name", "unit_id")
        .values_list(
            "unit_id",
            "unit__name",
            "unit__code",
            "unit__service_area_id",
            "unit__service_area__name",
            "characteristic",
            "score",
            "rating",
        )
    )


def score_values(snapshot: Snapshot, *, area_id: int | None = None) -> list[dict]:
    """(characteristic, score, rating) of every active unit in the snapshot, or of one service area's,
    in one query (the service and authority summaries)."""
    from .models import SnapshotScore

    rows = SnapshotScore.objects.filter(snapshot=snapshot, unit__is_active=True)
    if area_id is not None:
        rows = rows.filter(unit__service_area_id=area_id)
    return list(rows.values("unit_id", "characteristic", "score", "rating"))


def authority_values(snapshot: Snapshot):
    """The snapshot's authority-scope indicator values (no unit)."""
    from .models import SnapshotValue

    return SnapshotValue.objects.filter(snapshot=snapshot, unit__isnull=True).order_by("indicator_key")


def service_areas():
    """Service areas with at least one active unit, by name."""
    from hearth.organisation.models import ServiceArea

    return ServiceArea.objects.filter(units__is_active=True).distinct().order_by("name")


def service_area(area_id: int):
    from hearth.organisation.models import ServiceArea

    return ServiceArea.objects.filter(pk=area_id).first()


def trend_start(today: datetime.date) -> datetime.date:
    """The first day of the month twelve months before this one: the trend shows month-ends from then."""
    return datetime.date(today.year - 1, today.month, 1)


def unit_trend(unit: Unit, today: datetime.date):
    """The unit's scores in the month-end snapshots of the last 12 months, oldest first (one query)."""
    from .models import SnapshotScore

    return (
        SnapshotScore.objects.filter(
            unit=unit,
            snapshot__kind=Snapshot.Kind.MONTH,
            snapshot__status=Snapshot.Status.DONE,
            snapshot__as_of__gte=trend_start(today),
            snapshot__as_of__lte=today,
        )
        .select_related("snapshot")
        .order_by("snapshot__as_of", "snapshot_id")
    )


def limits_for(indicator) -> scoring.Limits:
    """The threshold in force for one indicator: the newest set, else its default."""
    t = threshold_history(indicator.key).first()
    if t is None:
        return scoring.default_limits(indicator)
    return scoring.Limits(
        float(t.good), float(t.concern), t.set_by.get_full_name() or t.set_by.email, t.set_at, t.reason
    )


def live_indicator(indicator, unit: Unit, as_of: datetime.date) -> scoring.Rated:
    """One indicator's value for the unit (or, for an authority-scope indicator, the authority's),
    worked out now and rated against the threshold in force."""
    from .indicators.base import SCOPE_AUTHORITY, Measure

    if indicator.scope == SCOPE_AUTHORITY:
        measure = indicator.measure([], as_of).get(0)
    else:
        measure = indicator.measure([unit.pk], as_of).get(unit.pk)
    measure = measure or Measure(None, note="Not worked out")
    limits = limits_for(indicator)
    return scoring.Rated(indicator, measure, limits, scoring.rate(indicator, measure, limits))
