"""Reads for practical requests: the unit's queue, a person's own requests, time-to-done figures and the
providers for lower apps' pages (my work, a child's record, a unit's page). Every read of requests about
children writes audit rows (one query)."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.presenters import date_in_words, days_in_words, percentile
from hearth.core.roles import UnitRole
from hearth.organisation.models import Unit
from hearth.organisation.selectors import unit_if_permitted

from .models import CLOSED_STATUSES, OPEN_STATUSES, PracticalRequest, Status
from .permissions import Perm

#: Time to done counts requests done in this many days before today.
FIGURES_DAYS = 90
CHILD_SECTION_LIMIT = 10


def record_requests_viewed(*, by, requests, request=None, obj=None) -> None:
    """Every read of a request about a child is audited: one row per child, in one query."""
    children = sorted({r.child_id for r in requests})
    if children:
        AuditLog.record(actor=by, action="support.request.view", obj=obj, children=children, request=request)


def unit_for_queue(user, code: str) -> Unit | None:
    """The unit, if the person may see its queue (members, managers, authority-wide roles)."""
    return unit_if_permitted(user, code, Perm.VIEW_QUEUE)


def coordinated_unit_ids(user) -> list[int]:
    """The units the person is the unit coordinator of (no query: their reach is already loaded)."""
    return [pk for pk, role in user.unit_roles.items() if role == UnitRole.UNIT_COORDINATOR]


def coordinated_unit(user) -> Unit | None:
    """The unit the person coordinates (the first by name if they coordinate several)."""
    return Unit.objects.filter(pk__in=coordinated_unit_ids(user)).order_by("name").first()


def request_for_page(user, pk: int) -> PracticalRequest | None:
    return (
        PracticalRequest.objects.visible_to(user)
        .select_related("child", "unit", "requested_by", "assigned_to", "closed_by")
        .filter(pk=pk)
        .first()
    )


def notes_of(practical: PracticalRequest) -> list:
    return list(practical.notes.select_related("author").order_by("created_at", "id"))


def queue_of(user, unit, shown: str = "open"):
    """The unit's requests: open ones by due date (overdue first, as they are due soonest), or closed
    ones newest first."""
    qs = PracticalRequest.objects.visible_to(user).filter(unit=unit).select_related("child", "assigned_to")
    if shown == "closed":
        return qs.filter(status__in=CLOSED_STATUSES).order_by("-closed_at", "-id")
    return qs.filter(status__in=OPEN_STATUSES).order_by("due_on", "id")


def requests_by(user):
    """The person's own requests: open ones first (soonest due), then closed ones, newest first."""
    return (
        PracticalRequest.objects.visible_to(user)
        .filter(requested_by=user)
        .select_related("child", "assigned_to")
        .annotate(
            closed_order=Case(
                When(status__in=CLOSED_STATUSES, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("closed_order", "due_on", "-id")
    )


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Days taken, over a period: how many, the median and the 90th percentile (nearest rank)."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, days: list[float]) -> Figures:
        if not days:
            return cls(0, None, None)
        ordered = sorted(days)
        return cls(len(ordered), statistics.median(ordered), percentile(ordered, 90))

    def median_in_words(self) -> str:
        return days_in_words(self.median)

    def p90_in_words(self) -> str:
        return days_in_words(self.p90)


def time_to_done(unit, now: datetime.datetime | None = None) -> Figures:
    """Days from asking to done, for the unit's requests done in the last 90 days. One query."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=FIGURES_DAYS)
    rows = PracticalRequest.objects.filter(
        unit=unit, status=Status.DONE, closed_at__gte=since, closed_at__lte=now
    ).values_list("created_at", "closed_at")
    return Figures.of([(closed - created).total_seconds() / 86400 for created, closed in rows])


# --- presenting rows ------------------------------------------------------------------------------


STATUS_COLOURS = {Status.RAISED: "grey", Status.TAKEN: "blue", Status.DONE: "green", Status.CANNOT: "red"}


def tags_for(practical: PracticalRequest, today: datetime.date) -> list[tuple[str, str]]:
    """The tags of a request: its status, and whether it is overdue or due today."""
    tags = [(practical.get_status_display(), STATUS_COLOURS[practical.status])]
    if practical.is_open:
        if practical.due_on < today:
            tags.append(("Overdue", "red"))
        elif practical.due_on == today:
            tags.append(("Due today", "orange"))
    return tags


# --- providers for lower apps' pages (registered in apps.py) ---------------------------------------


def queue_work_items(user, today: datetime.date) -> list[extensions.WorkItem]:
    """For a unit coordinator: the open requests assigned to them and those nobody has taken yet in the
    units they coordinate. One query; none for anyone who coordinates no unit."""
    if not (user and user.is_authenticated):
        return []
    units = coordinated_unit_ids(user)
    if not units:
        return []
    rows = (
        PracticalRequest.objects.visible_to(user)
        .filter(Q(status=Status.TAKEN, assigned_to=user) | Q(status=Status.RAISED, unit__in=units))
        .select_related("child")
        .order_by("due_on", "id")[:100]
    )
    return [
        extensions.WorkItem(
            kind="Practical request" if r.status == Status.TAKEN else "Practical request to take",
            title=f"{r.get_kind_display()}: {r.needed[:80]}",
            url=reverse("support:request", args=[r.pk]),
            due=r.due_on,
            about=r.child.full_name,
            sort_key=(r.pk,),
        )
        for r in rows
    ]


def child_section(user, child) -> extensions.Section | None:
    """On a child's record, for members and managers of the unit holding the case: the child's open
    practical requests and a link to raise one. One query (and an audit row when any is shown)."""
    if not (user and user.is_authenticated) or child.allocated_unit_id is None:
        return None
    if not user.has_perm(Perm.RAISE, child):
        return None
    today = timezone.localdate()
    rows = list(
        PracticalRequest.objects.filter(child=child, status__in=OPEN_STATUSES)
        .select_related("assigned_to")
        .order_by("due_on", "id")[: CHILD_SECTION_LIMIT + 1]
    )
    more = len(rows) > CHILD_SECTION_LIMIT
    rows = rows[:CHILD_SECTION_LIMIT]
    record_requests_viewed(by=user, requests=rows)
    return extensions.Section(
        title="Practical help",
        template="support/_child_section.html",
        order=60,
        context={
            "child_name": child.full_name,
            "raise_url": reverse("support:raise", args=[child.pk]),
            "more": more,
            "rows": [
                {
                    "kind": r.get_kind_display(),
                    "needed": r.needed,
                    "due": date_in_words(r.due_on),
                    "tags": tags_for(r, today),
                    "who": r.assigned_to.full_name if r.assigned_to_id else "",
                    "url": reverse("support:request", args=[r.pk]),
                }
                for r in rows
            ],
        },
    )


def unit_section(user, unit) -> extensions.Section | None:
    """On a unit's page: a link to the queue, and time to done over the last 90 days for the people who
    answer for it (the unit's coordinator, its line managers, authority-wide roles). One query for them,
    none for other members (the figures are on the queue page) and nothing for anyone else."""
    if not (user and user.is_authenticated) or not user.has_perm(Perm.VIEW_QUEUE, unit):
        return None
    answers_for_it = (
        user.has_perm(Perm.WORK_QUEUE, unit)
        or unit.pk in user.managed_unit_ids
        or user.has_authority_wide_case_access
    )
    return extensions.Section(
        title="Practical help",
        template="support/_unit_section.html",
        order=40,
        context={
            "figures": time_to_done(unit) if answers_for_it else None,
            "days": FIGURES_DAYS,
            "queue_url": reverse("support:queue", args=[unit.code]),
        },
    )
