"""Weighted caseloads against capacity, team shape, and the allocation helper's suggestions.

A case weighs the points of its most intensive open episode plus a tenth of its need score
(`scoring.case_weight`). A worker's capacity is the configuration's points per full-time equivalent
times their FTE (from their current staff record in workforce, else 1.0); a unit's capacity is the sum
of its practitioners'. Loads are aggregates: restricted children count (they are real work) but are
never named here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from hearth.cases.models import LookedAfterEpisode, Referral
from hearth.cases.selectors.lists import open_kinds_by_child
from hearth.core.roles import UnitRole
from hearth.organisation.models import Membership, ServiceArea, Unit
from hearth.organisation.selectors import management_layers, units_with_lines
from hearth.people.models import Child
from hearth.workforce.models import StaffRecord

from ..models import Configuration
from .needs import ChildFacts, Need, current_configuration, needs_for

#: Unit roles that hold cases (and so have caseload capacity).
CASEHOLDING_ROLES = (
    UnitRole.CONSULTANT_SOCIAL_WORKER,
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
)


def _percent(load: int, capacity: int) -> int | None:
    return round(100 * load / capacity) if capacity else None


@dataclass
class WorkerLoad:
    user_id: int
    name: str
    role: str
    fte: Decimal
    capacity: int
    load: int = 0
    cases: int = 0

    @property
    def percent(self) -> int | None:
        return _percent(self.load, self.capacity)

    @property
    def headroom(self) -> int:
        return self.capacity - self.load


@dataclass
class UnitLoad:
    unit: Unit
    layers: int
    members: int
    workers: list[WorkerLoad] = field(default_factory=list)
    load: int = 0
    cases: int = 0
    unallocated_load: int = 0  # cases of the unit with no lead worker among its practitioners
    tiers: dict = field(default_factory=dict)  # tier name -> children
    overdue: int = 0
    due_soon: int = 0
    family_percent: int | None = None  # share of time with families in the latest month, when asked

    @property
    def capacity(self) -> int:
        return sum(w.capacity for w in self.workers)

    @property
    def percent(self) -> int | None:
        return _percent(self.load, self.capacity)

    @property
    def headroom(self) -> int:
        return self.capacity - self.load


def open_cases(unit_ids) -> tuple[list[tuple[int, int, int | None]], dict[int, ChildFacts]]:
    """(child id, unit id, lead worker id) of the units' children with an open episode, and what
    `needs_for` reads from those children's rows (so that it need not read them again). One query."""
    referral = Referral.objects.filter(child=OuterRef("pk"), cin_closure_date__isnull=True)
    looked_after = LookedAfterEpisode.objects.filter(child=OuterRef("pk"), dec__isnull=True)
    cases, facts = [], {}
    for pk, unit_id, lead_id, born, expected, visited in (
        Child.objects.filter(allocated_unit__in=list(unit_ids))
        .filter(Q(Exists(referral)) | Q(Exists(looked_after)))
        .order_by()
        .values_list(
            "pk",
            "allocated_unit_id",
            "lead_worker_id",
            "date_of_birth",
            "expected_date_of_birth",
            "last_visit_at__date",
        )
    ):
        cases.append((pk, unit_id, lead_id))
        facts[pk] = (born, expected, visited)
    return cases, facts


def ftes(user_ids) -> dict[int, Decimal]:
    """Each person's FTE from their current staff record (1.0 without one). One query."""
    today = timezone.localdate()
    found = {}
    for user_id, fte in (
        StaffRecord.objects.filter(user_id__in=list(user_ids), started_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .order_by("started_on")
        .values_list("user_id", "fte")
    ):
        found[user_id] = Decimal(fte)
    return found


def unit_loads(
    units, *, today: datetime.date | None = None, config: Configuration | None = None
) -> tuple[list[UnitLoad], dict[int, Need], list[tuple[int, int, int | None]]]:
    """Load against capacity for each unit (and its caseholding workers), with every open case's need.

    Queries: the units with their lines (when given codes or ids), members, FTEs, open cases (with
    what needs read from the children's rows), their open episodes and the rest of their needs (five):
    fixed, whatever the number of units or children.
    """
    today = today or timezone.localdate()
    config = config or current_configuration()
    units = list(units)
    unit_ids = [u.pk for u in units]
    members = list(
        Membership.objects.current()
        .filter(unit__in=unit_ids)
        .select_related("user")
        .only("unit_id", "role", "user__id", "user__full_name")
        .order_by("user__full_name", "pk")
    )
    fte_of = ftes({m.user_id for m in members if m.role in CASEHOLDING_ROLES})
    loads = {}
    for unit in units:
        layers = management_layers(unit) if hasattr(unit, "has_consultant") else 0
        loads[unit.pk] = UnitLoad(unit=unit, layers=layers, members=0)
    workers: dict[tuple[int, int], WorkerLoad] = {}
    for m in members:
        unit_load = loads[m.unit_id]
        unit_load.members += 1
        if m.role in CASEHOLDING_ROLES:
            fte = fte_of.get(m.user_id, Decimal("1.0"))
            worker = WorkerLoad(
                user_id=m.user_id,
                name=m.user.full_name,
                role=UnitRole(m.role).label,
                fte=fte,
                capacity=int(config.points_per_fte * fte),
            )
            workers[(m.unit_id, m.user_id)] = worker
            unit_load.workers.append(worker)
    cases, facts = open_cases(unit_ids)
    kinds = open_kinds_by_child(pk for pk, _, _ in cases) if cases else {}
    needs = needs_for(facts, today=today, config=config, open_kinds=kinds, children=facts)
    for child_id, unit_id, lead_id in cases:
        need = needs.get(child_id)
        if need is None:
            continue
        unit_load = loads[unit_id]
        unit_load.load += need.weight
        unit_load.cases += 1
        if need.tier is not None:
            unit_load.tiers[need.tier.name] = unit_load.tiers.get(need.tier.name, 0) + 1
        status = need.visit_status(today)
        unit_load.overdue += status in ("overdue", "none-recorded")
        unit_load.due_soon += status == "due-soon"
        worker = workers.get((unit_id, lead_id))
        if worker is None:
            unit_load.unallocated_load += need.weight
        else:
            worker.load += need.weight
            worker.cases += 1
    return [loads[u.pk] for u in units], needs, cases


def units_of_area(area_id: int, unit_ids=None):
    units = units_with_lines().filter(service_area_id=area_id)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    return units


# --- the allocation helper -----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    unit: Unit
    worker: WorkerLoad | None
    reasons: tuple[str, ...]
    headroom_after: int


WORKERS_PER_UNIT = 2


def suggestions_for(child, need: Need | None, user, *, limit: int = 6):
    """Units and workers with room for this case, most room first, each with its reasons.

    Candidates are the active units of the service areas of the child's unit, or (for a child with no
    unit yet) of the units the person belongs to or manages. Fixed queries: the units, then `unit_loads`.
    """
    if child.allocated_unit_id:
        areas = Unit.objects.filter(pk=child.allocated_unit_id).values("service_area_id")
    else:
        areas = Unit.objects.filter(pk__in=list(user.reach_unit_ids)).values("service_area_id")
    units = units_with_lines().filter(service_area_id__in=areas)
    loads, _, _ = unit_loads(units)
    weight = need.weight if need else 0
    unit_rows = sorted(loads, key=lambda u: (-u.headroom, u.unit.name))
    suggestions = []
    for unit_load in unit_rows:
        workers = sorted(unit_load.workers, key=lambda w: (-w.headroom, w.name))
        workers = [
            w
            for w in workers
            if not (child.allocated_unit_id == unit_load.unit.pk and child.lead_worker_id == w.user_id)
        ]
        for best in workers[:WORKERS_PER_UNIT]:
            reasons = [
                f"{unit_load.unit.name} carries {unit_load.load} of {unit_load.capacity} points "
                f"({unit_load.percent}%); this case adds {weight}",
                f"{best.name} carries {best.load} of {best.capacity} points "
                f"({best.fte} FTE, {best.cases} cases)",
                f"{unit_load.overdue} visits overdue in the unit",
            ]
            if child.allocated_unit_id == unit_load.unit.pk:
                reasons.append("The unit already holds the case")
            suggestions.append(Suggestion(unit_load.unit, best, tuple(reasons), best.headroom - weight))
    return suggestions[:limit], loads


def areas_for_overview(user) -> list[ServiceArea]:
    """Service areas with their number of active units: all for authority-wide roles, otherwise those
    holding a unit the person manages."""
    areas = ServiceArea.objects.annotate(unit_count=Count("units", filter=Q(units__is_active=True))).order_by(
        "name"
    )
    if not user.has_authority_wide_case_access:
        areas = areas.filter(units__in=list(user.managed_unit_ids)).distinct()
    return list(areas)


def suggested_worker(user_id: int):
    """The account of a worker the allocation helper suggested (a current member of the unit when the
    suggestions were made; the allocation service checks membership again)."""
    return get_user_model().objects.get(pk=user_id)
