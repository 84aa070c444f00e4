"""What the pages show: a child's "why", a unit's load, a service's overview, and the providers for
lower apps' pages (my work, a unit's page, a child's record). Child-level lists write audit rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import LookedAfterEpisode, Referral
from hearth.cases.selectors.lists import DUE_SOON_DAYS
from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.presenters import date_in_words
from hearth.organisation.models import ServiceArea
from hearth.organisation.selectors import units_with_lines
from hearth.people.models import Child

from .. import scoring
from ..models import DigestPreference
from ..permissions import Perm
from .load import UnitLoad, unit_loads, units_of_area
from .needs import Need, current_configuration, needs_for, request_configuration, request_needs
from .time import chart, combine, time_shares

OVERDUE_LIST_LIMIT = 25
STATUS_TAGS = {
    "overdue": ("Overdue", "red"),
    "due-soon": ("Due soon", "yellow"),
    "none-recorded": ("Visit needed", "red"),
}


def record_children_listed(*, by, child_ids, request=None, obj=None, what: str = "") -> None:
    """Every list that names children is audited: one row per child, one query."""
    ids = sorted(set(child_ids))
    if ids:
        AuditLog.record(
            actor=by, action="priorities.children.list", obj=obj, children=ids, request=request, detail=what
        )


# --- overdue visits for the nudges -------------------------------------------------------------


def overdue_for_lead_workers(today: datetime.date) -> list[tuple[int, int, datetime.date | None]]:
    """(child, lead worker, due date) for every child with an open episode whose visit is overdue or was
    never made. For the nudge command: a fixed number of queries per 10,000 children."""
    referral = Referral.objects.filter(child=OuterRef("pk"), cin_closure_date__isnull=True)
    looked_after = LookedAfterEpisode.objects.filter(child=OuterRef("pk"), dec__isnull=True)
    led = dict(
        Child.objects.filter(lead_worker__isnull=False)
        .filter(Q(Exists(referral)) | Q(Exists(looked_after)))
        .values_list("pk", "lead_worker_id")
    )
    needs = needs_for(led, today=today)
    rows = []
    for child_id, need in needs.items():
        if need.visit_status(today) in ("overdue", "none-recorded"):
            rows.append((child_id, led[child_id], need.next_visit_due))
    return sorted(rows, key=lambda r: (r[1], r[0]))


# --- a child -------------------------------------------------------------------------------------


@dataclass
class ChildNeedPage:
    need: Need
    family: list[tuple[Child, Need | None]]
    family_score: scoring.Score
    config_number: int


def child_need(user, child, today: datetime.date | None = None) -> ChildNeedPage:
    """The child's score with its reasons, and their family's (siblings the person may see are named;
    others count but are not named). Fixed queries."""
    today = today or timezone.localdate()
    config = current_configuration()
    family = list(
        Child.objects.filter(households__children=child)
        .exclude(pk=child.pk)
        .distinct()
        .only("pk", "first_name", "last_name", "allocated_unit_id", "restriction")
        .order_by("last_name", "first_name", "pk")
    )
    needs = needs_for([child.pk, *(c.pk for c in family)], today=today, config=config)
    visible = set(
        Child.objects.visible_to(user).filter(pk__in=[c.pk for c in family]).values_list("pk", flat=True)
    )
    need = needs[child.pk]
    return ChildNeedPage(
        need=need,
        family=[(c, needs.get(c.pk)) for c in family if c.pk in visible],
        family_score=scoring.family_score([n.score for n in needs.values()]),
        config_number=config.number,
    )


# --- a unit --------------------------------------------------------------------------------------


def unit_rows(user, unit_load: UnitLoad, needs: dict[int, Need], cases, today) -> list[dict]:
    """The unit's open cases the person may see, highest score first (one query)."""
    ids = [pk for pk, unit_id, _ in cases if unit_id == unit_load.unit.pk]
    children = {
        c.pk: c
        for c in Child.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("lead_worker")
        .only("pk", "first_name", "last_name", "lead_worker__full_name", "restriction", "allocated_unit_id")
    }
    return _child_rows(children, needs, today)


def _child_rows(children: dict, needs: dict[int, Need], today) -> list[dict]:
    rows = []
    for pk, child in children.items():
        need = needs.get(pk)
        if need is None:
            continue
        status = need.visit_status(today)
        rows.append(
            {
                "child": child,
                "url": reverse("priorities:child", args=[pk]),
                "score": need.total,
                "top_reason": need.score.reasons[0].sentence if need.score.reasons else "",
                "tier": need.tier.name if need.tier else "No tier",
                "tier_rank": need.tier.rank if need.tier else 99,
                "due": date_in_words(need.next_visit_due) if need.next_visit_due else "Visit needed now",
                "tag": STATUS_TAGS.get(status),
                "weight": need.weight,
                "lead": child.lead_worker.full_name if child.lead_worker_id else "Not allocated",
            }
        )
    rows.sort(key=lambda r: (r["tier_rank"], -r["score"], r["child"].last_name, r["child"].pk))
    return rows


# --- a service area ------------------------------------------------------------------------------


@dataclass
class Overview:
    area: ServiceArea
    loads: list[UnitLoad]
    tiers: list[tuple[str, int, int]]  # name, interval, children
    overdue_rows: list[dict]
    overdue_total: int
    due_soon_total: int
    trend: list = field(default_factory=list)
    family_chart: dict = field(default_factory=dict)
    intensive_chart: dict = field(default_factory=dict)
    config_number: int = 0
    month: str = ""

    @property
    def load(self) -> int:
        return sum(u.load for u in self.loads)

    @property
    def capacity(self) -> int:
        return sum(u.capacity for u in self.loads)

    @property
    def percent(self) -> int | None:
        return round(100 * self.load / self.capacity) if self.capacity else None


def area_in_reach(user, area_id: int) -> ServiceArea | None:
    area = ServiceArea.objects.filter(pk=area_id).first()
    if area is None or not user.has_perm(Perm.VIEW_OVERVIEW, area):
        return None
    return area


def overview(user, area: ServiceArea, today: datetime.date | None = None, request=None) -> Overview:
    """The manager overview of a service area. Fixed queries: the units, their loads (members, FTEs,
    open cases, needs), the overdue children the person may see, time shares, and one audit insert."""
    today = today or timezone.localdate()
    config = current_configuration()
    reach = None if user.has_authority_wide_case_access else user.reach_unit_ids
    units = list(units_of_area(area.pk, reach))
    loads, needs, cases = unit_loads(units, today=today, config=config)
    counts: dict[str, int] = {}
    for need in needs.values():
        if need.tier is not None:
            counts[need.tier.name] = counts.get(need.tier.name, 0) + 1
    tiers = [(t.name, t.interval, counts.get(t.name, 0)) for t in config.tier_list()]
    overdue_ids = [
        pk for pk, need in needs.items() if need.visit_status(today) in ("overdue", "none-recorded")
    ]
    worst = sorted(
        overdue_ids, key=lambda pk: (needs[pk].tier.rank if needs[pk].tier else 99, -needs[pk].total, pk)
    )
    shown = worst[: OVERDUE_LIST_LIMIT * 2]
    children = {
        c.pk: c
        for c in Child.objects.visible_to(user)
        .filter(pk__in=shown)
        .select_related("lead_worker")
        .only("pk", "first_name", "last_name", "lead_worker__full_name", "restriction", "allocated_unit_id")
    }
    rows = _child_rows(children, needs, today)[:OVERDUE_LIST_LIMIT]
    record_children_listed(
        by=user, child_ids=[r["child"].pk for r in rows], request=request, obj=area, what="service overview"
    )
    shares = time_shares([u.pk for u in units], today)
    for unit_load in loads:
        unit_load.family_percent = shares[unit_load.unit.pk][-1].family_percent
    trend = combine(list(shares.values()), today)
    return Overview(
        area=area,
        loads=loads,
        tiers=tiers,
        overdue_rows=rows,
        overdue_total=len(overdue_ids),
        due_soon_total=sum(1 for n in needs.values() if n.visit_status(today) == "due-soon"),
        trend=trend,
        family_chart=chart(trend, "family_percent", "Share of time with families"),
        intensive_chart=chart(trend, "intensive_percent", "Direct work going to the most intensive tier"),
        config_number=config.number,
        month=trend[-1].label if trend else "",
    )


def unit_page_data(user, unit, today: datetime.date | None = None):
    """A unit's load (with its workers), its open cases the person may see and its time trend."""
    today = today or timezone.localdate()
    units = list(units_with_lines().filter(pk=unit.pk))
    loads, needs, cases = unit_loads(units, today=today)
    unit_load = loads[0]
    shares = time_shares([unit.pk], today)[unit.pk]
    return unit_load, needs, cases, shares


# --- providers for lower apps' pages (registered in apps.py) ---------------------------------------


#: The shortest interval of casework's own rule (a child protection plan), used when no tier applies.
FALLBACK_SHORTEST_INTERVAL = 10


def visit_work_items(user, today: datetime.date) -> list[extensions.WorkItem]:
    """My work: visits overdue, due soon or never made, for the children the person leads. Fixed
    queries (the children, then the needs of those not already worked out in this request); no needs
    for anyone who leads no child."""
    if not (user and user.is_authenticated) or not user.reach_unit_ids:
        return []
    referral = Referral.objects.filter(child=OuterRef("pk"), cin_closure_date__isnull=True)
    looked_after = LookedAfterEpisode.objects.filter(child=OuterRef("pk"), dec__isnull=True)
    # Only children who can be due: a visit is due no sooner than the shortest interval after the last
    # one (working days are at least as many calendar days), so a child visited more recently than
    # that, less the "due soon" days, cannot be flagged and their need is not worked out.
    config = request_configuration()
    shortest = min([tier.interval for tier in config.tier_list()] + [FALLBACK_SHORTEST_INTERVAL])
    latest = today + datetime.timedelta(days=DUE_SOON_DAYS - shortest)
    children = {
        c.pk: c
        for c in Child.objects.visible_to(user)
        .filter(lead_worker=user)
        .filter(Q(last_visit_at__isnull=True) | Q(last_visit_at__date__lte=latest))
        .filter(Q(Exists(referral)) | Q(Exists(looked_after)))
        .only("pk", "first_name", "last_name", "restriction", "allocated_unit_id")
    }
    if not children:
        return []
    needs = request_needs(children, today=today, config=config)
    items = []
    for pk, need in needs.items():
        status = need.visit_status(today)
        if status not in STATUS_TAGS:
            continue
        tier = f"{need.tier.name} tier, a visit every {need.tier.interval} working days" if need.tier else ""
        items.append(
            extensions.WorkItem(
                kind="Visit needed" if status == "none-recorded" else STATUS_TAGS[status][0] + " visit",
                title=f"Visit: score {need.total}. {tier}".strip(),
                url=reverse("priorities:child", args=[pk]),
                due=need.next_visit_due,
                about=children[pk].full_name,
                sort_key=(-need.total, pk),
            )
        )
    return items


def unit_section(user, unit) -> extensions.Section | None:
    """On a unit's page: team size and management layers next to weighted load against capacity, visits
    overdue, children per tier and last month's share of time with families, with a link to the unit's
    load page. Only for those who may see the unit's load."""
    if not (user and user.is_authenticated) or not user.has_perm(Perm.VIEW_UNIT_LOAD, unit):
        return None
    today = timezone.localdate()
    unit_load, _, _, shares = unit_page_data(user, unit, today)
    last = shares[-1]
    return extensions.Section(
        title="Need, load and time with families",
        template="priorities/_unit_section.html",
        order=30,
        context={
            "load": unit_load,
            "family_percent": last.family_percent,
            "month": last.label,
            "url": reverse("priorities:unit", args=[unit.code]),
        },
    )


def child_section(user, child) -> extensions.Section | None:
    """On a child's record: the need score, tier and next visit, with a link to the reasons. Fixed
    queries; only for people who may see the child (the record page has already checked)."""
    if not (user and user.is_authenticated) or not user.has_perm(Perm.VIEW_NEED):
        return None
    need = needs_for([child.pk]).get(child.pk)
    if need is None:
        return None
    return extensions.Section(
        title="Need score and visits",
        template="priorities/_child_section.html",
        order=20,
        context={
            "need": need,
            "due": date_in_words(need.next_visit_due) if need.next_visit_due else "",
            "url": reverse("priorities:child", args=[child.pk]),
        },
    )


def digest_preference(user) -> DigestPreference | None:
    """Whether the person asked for the email digest of visits due (None: never said)."""
    return DigestPreference.objects.filter(user=user).first()
