"""Reads for staff records and posts (workforce lead and director only: the views check)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..codes import EMPLOYED
from ..models import Post, StaffRecord

IN_POST = "in-post"
LEFT = "left"


def staff_list(*, q: str = "", unit=None, contract: str = "", status: str = IN_POST, today=None):
    today = today or timezone.localdate()
    records = StaffRecord.objects.select_related("unit").order_by("full_name", "pk")
    if status == IN_POST:
        records = records.in_post(today)
    elif status == LEFT:
        records = records.filter(left_on__isnull=False, left_on__lte=today)
    if unit is not None:
        records = records.filter(unit=unit)
    if contract:
        records = records.filter(contract=contract)
    if q:
        records = records.filter(Q(full_name__icontains=q) | Q(employee_number__iexact=q))
    return records


def staff_record(staff_id: int) -> StaffRecord | None:
    return (
        StaffRecord.objects.select_related("unit", "unit__service_area", "post", "user")
        .prefetch_related("cpd_records", "absences", "conversations__factors")
        .filter(pk=staff_id)
        .first()
    )


def own_staff_record(user) -> StaffRecord | None:
    """A person's own record: the one in post, or else the latest (someone who left and came back has
    two)."""
    return (
        StaffRecord.objects.select_related("unit", "post", "user")
        .prefetch_related("cpd_records", "absences")
        .filter(user=user)
        .order_by(F("left_on").desc(nulls_first=True), "-started_on")
        .first()
    )


def renewals_due(days: int = 60, today=None):
    """Registered social workers in post whose Social Work England renewal is due within `days`."""
    today = today or timezone.localdate()
    return (
        StaffRecord.objects.in_post(today)
        .filter(swe_renewal_due__isnull=False, swe_renewal_due__lte=today + datetime.timedelta(days=days))
        .count()
    )


@dataclass
class PostRow:
    post: Post
    holders: list[StaffRecord]
    employed_fte: float
    vacant_fte: float
    covered_by_agency: bool


def posts(*, unit=None, vacant_only: bool = False, today=None):
    """Posts open today, with the FTE of employed staff in them (vacancies: less than the post's FTE)."""
    today = today or timezone.localdate()
    in_post = Q(holders__started_on__lte=today) & (
        Q(holders__left_on__isnull=True) | Q(holders__left_on__gt=today)
    )
    rows = (
        Post.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today), established_on__lte=today)
        .select_related("unit", "unit__service_area")
        .annotate(
            employed_fte=Coalesce(
                Sum("holders__fte", filter=in_post & Q(holders__contract__in=EMPLOYED)),
                Value(0),
                output_field=DecimalField(max_digits=5, decimal_places=2),
            )
        )
        .order_by("unit__name", "unit_id", "title", "pk")
    )
    if unit is not None:
        rows = rows.filter(unit=unit)
    if vacant_only:
        rows = rows.filter(employed_fte__lt=F("fte"))
    return rows


def post_rows(page, today=None) -> list[PostRow]:
    """The page's posts with who holds them (one query for all the page's posts)."""
    today = today or timezone.localdate()
    posts_on_page = list(page)
    holders: dict[int, list[StaffRecord]] = {}
    for record in StaffRecord.objects.in_post(today).filter(post__in=posts_on_page).order_by("full_name"):
        holders.setdefault(record.post_id, []).append(record)
    rows = []
    for post in posts_on_page:
        people = holders.get(post.pk, [])
        employed = float(post.employed_fte)
        rows.append(
            PostRow(
                post,
                people,
                employed,
                max(0.0, round(float(post.fte) - employed, 2)),
                any(p.contract not in EMPLOYED for p in people),
            )
        )
    return rows
