"""Reads for clinical requests: the clinicians' queue, waiting times per service, and the providers for
lower apps' pages (my work, a child's record). Every read of requests about children writes audit rows
(one query)."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.presenters import date_in_words, days_in_words, percentile
from hearth.core.roles import UnitRole

from .models import ClinicalRequest, Service, Status
from .permissions import Perm

#: Waiting times count first contacts made in this many days before today.
FIGURES_DAYS = 90
CHILD_SECTION_LIMIT = 10
STATUS_COLOURS = {Status.REQUESTED: "grey", Status.TAKEN: "blue", Status.CLOSED: "green"}


def record_requests_viewed(*, by, requests, request=None, obj=None) -> None:
    children = sorted({r.child_id for r in requests})
    if children:
        AuditLog.record(actor=by, action="clinical.request.view", obj=obj, children=children, request=request)


def clinician_units(user) -> list[int]:
    return sorted(pk for pk, role in user.unit_roles.items() if role == UnitRole.CLINICIAN)


def queue_scope(user):
    """The requests a person's queue covers: a clinician's units; otherwise every unit they reach."""
    qs = ClinicalRequest.objects.visible_to(user)
    units = clinician_units(user)
    if units:
        qs = qs.filter(unit__in=units)
    return qs


def queue_of(user, *, shown: str = "open", service: str = ""):
    qs = queue_scope(user).select_related("child", "unit", "clinician")
    if service in Service.values:
        qs = qs.filter(service=service)
    if shown == "closed":
        return qs.filter(status=Status.CLOSED).order_by("-closed_at", "-id")
    return qs.exclude(status=Status.CLOSED).order_by("created_at", "id")


def request_for_page(user, pk: int) -> ClinicalRequest | None:
    return (
        ClinicalRequest.objects.visible_to(user)
        .select_related("child", "unit", "requested_by", "clinician", "closed_by")
        .filter(pk=pk)
        .first()
    )


def inputs_of(clinical) -> list:
    return list(clinical.inputs.select_related("author").order_by("created_at", "id"))


#: What the waiting times say before any first contact.
NO_FIGURES = "No first contacts yet"

# --- waiting times ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """Waiting times of one service: days from request to first contact for first contacts made in the
    last 90 days (how many, median, 90th percentile by nearest rank), and how many are waiting now."""

    service: str
    label: str
    seen: int
    median: float | None
    p90: float | None
    waiting_now: int

    def median_in_words(self) -> str:
        return days_in_words(self.median, empty=NO_FIGURES)

    def p90_in_words(self) -> str:
        return days_in_words(self.p90, empty=NO_FIGURES)


def waiting_times(qs, today: datetime.date | None = None) -> list[Waiting]:
    """Per service, for the requests in `qs`. Two queries, whatever the data."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=FIGURES_DAYS)
    waits: dict[str, list[int]] = {s: [] for s in Service.values}
    for service, created_at, first_contact_on in qs.filter(
        first_contact_on__gte=since, first_contact_on__lte=today
    ).values_list("service", "created_at", "first_contact_on"):
        waits[service].append((first_contact_on - timezone.localtime(created_at).date()).days)
    now_waiting = dict(
        qs.filter(first_contact_on__isnull=True)
        .exclude(status=Status.CLOSED)
        .order_by()
        .values_list("service")
        .annotate(n=Count("id"))
        .values_list("service", "n")
    )
    rows = []
    for service, label in Service.choices:
        days = sorted(waits[service])
        rows.append(
            Waiting(
                service=service,
                label=label,
                seen=len(days),
                median=statistics.median(days) if days else None,
                p90=percentile(days, 90) if days else None,
                waiting_now=now_waiting.get(service, 0),
            )
        )
    return rows


def tags_for(clinical: ClinicalRequest) -> list[tuple[str, str]]:
    tags = [(clinical.get_status_display(), STATUS_COLOURS[clinical.status])]
    if clinical.is_open and clinical.first_contact_on is not None:
        tags.append(("First contact made", "turquoise"))
    return tags


# --- providers for lower apps' pages (registered in apps.py) ---------------------------------------


def queue_work_items(user, today: datetime.date) -> list[extensions.WorkItem]:
    """For a clinician: open requests they have taken, and those nobody has taken in their units. One
    query; none for anyone who is not a clinician."""
    if not (user and user.is_authenticated):
        return []
    units = clinician_units(user)
    if not units:
        return []
    rows = (
        ClinicalRequest.objects.visible_to(user)
        .filter(Q(status=Status.TAKEN, clinician=user) | Q(status=Status.REQUESTED, unit__in=units))
        .select_related("child")
        .order_by("created_at", "id")[:100]
    )
    return [
        extensions.WorkItem(
            kind=f"{r.kind_in_words} request"
            if r.status == Status.TAKEN
            else f"{r.kind_in_words} request to take",
            title=f"{r.get_service_display()}: {r.question[:80]}",
            url=reverse("clinical:request", args=[r.pk]),
            about=r.child.full_name,
            sort_key=(r.pk,),
        )
        for r in rows
    ]


def child_section(user, child) -> extensions.Section | None:
    """On a child's record, for members and managers of the unit holding the case: the child's open
    consultations and referrals and a link to ask for one. One query (and an audit row)."""
    if not (user and user.is_authenticated) or child.allocated_unit_id is None:
        return None
    if not user.has_perm(Perm.ASK, child):
        return None
    rows = list(
        ClinicalRequest.objects.filter(child=child)
        .exclude(status=Status.CLOSED)
        .select_related("clinician")
        .order_by("created_at", "id")[: CHILD_SECTION_LIMIT + 1]
    )
    more = len(rows) > CHILD_SECTION_LIMIT
    rows = rows[:CHILD_SECTION_LIMIT]
    record_requests_viewed(by=user, requests=rows)
    return extensions.Section(
        title="Clinical consultation and referral",
        template="clinical/_child_section.html",
        order=65,
        context={
            "child_name": child.full_name,
            "ask_url": reverse("clinical:ask", args=[child.pk]),
            "more": more,
            "rows": [
                {
                    "service": r.get_service_display(),
                    "kind": r.kind_in_words,
                    "asked_on": date_in_words(r.created_at),
                    "tags": tags_for(r),
                    "who": r.clinician.full_name if r.clinician_id else "",
                    "url": reverse("clinical:request", args=[r.pk]),
                }
                for r in rows
            ],
        },
    )
