"""Reads for organisation pages. Each is a fixed number of queries, whatever the size of the authority."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from hearth.core.roles import UnitRole

from .models import LARGE_UNIT_SIZE, LocalAuthority, Membership, ServiceArea, Unit


def authority() -> LocalAuthority | None:
    return LocalAuthority.objects.select_related("director").order_by("pk").first()


def units_with_lines():
    """Units with their size, whether a consultant leads them, and their line of management."""
    consultant = Membership.objects.current().filter(
        unit=OuterRef("pk"), role=UnitRole.CONSULTANT_SOCIAL_WORKER
    )
    return (
        Unit.objects.active()
        .with_member_count()
        .annotate(has_consultant=Exists(consultant))
        .select_related(
            "manager",
            "service_area",
            "service_area__service_manager",
            "service_area__head_of_service",
            "service_area__authority__director",
        )
        .order_by("service_area__name", "name")
    )


def management_layers(unit: Unit) -> int:
    """Layers of management between a practitioner in the unit and the director, the director included.

    Counted up the line: the consultant social worker who leads the unit, the unit's team manager, the
    service manager, the head of service and the director. A person who holds two of these posts counts
    once; an empty post does not count. Needs `units_with_lines()` annotations.
    """
    area = unit.service_area
    line = [
        "consultant" if getattr(unit, "has_consultant", False) else None,
        unit.manager_id,
        area.service_manager_id,
        area.head_of_service_id,
        area.authority.director_id,
    ]
    seen: list = []
    for person in line:
        if person is not None and person not in seen:
            seen.append(person)
    return len(seen)


@dataclass
class AreaSummary:
    area: ServiceArea
    units: list[Unit] = field(default_factory=list)


@dataclass
class OrganisationSummary:
    authority: LocalAuthority | None
    areas: list[AreaSummary]
    unit_count: int
    staff_count: int
    median_unit_size: float | None
    largest_unit_size: int
    large_units: int
    most_layers: int
    fewest_layers: int


def organisation_summary() -> OrganisationSummary:
    units = list(units_with_lines())
    areas: dict[int, AreaSummary] = {}
    for unit in units:
        unit.layers = management_layers(unit)
        areas.setdefault(unit.service_area_id, AreaSummary(area=unit.service_area)).units.append(unit)
    # Service areas without units still show, so an administrator can see and fill them.
    for area in ServiceArea.objects.exclude(pk__in=areas.keys()).order_by("name"):
        areas[area.pk] = AreaSummary(area=area)
    sizes = [u.member_count for u in units]
    layers = [u.layers for u in units]
    staff = get_user_model().objects.filter(is_active=True).count()
    return OrganisationSummary(
        authority=authority(),
        areas=sorted(areas.values(), key=lambda a: a.area.name),
        unit_count=len(units),
        staff_count=staff,
        median_unit_size=statistics.median(sizes) if sizes else None,
        largest_unit_size=max(sizes, default=0),
        large_units=sum(1 for s in sizes if s > LARGE_UNIT_SIZE),
        most_layers=max(layers, default=0),
        fewest_layers=min(layers, default=0),
    )


def unit_for_page(code: str) -> Unit | None:
    return units_with_lines().filter(code=code).first()


def unit_if_permitted(user, code: str, perm: str, *, active_only: bool = False) -> Unit | None:
    """The unit with this code if the person holds `perm` on it; None otherwise (the page answers 404,
    so nobody learns which units exist beyond their reach)."""
    units = Unit.objects.active() if active_only else Unit.objects.all()
    unit = units.select_related("service_area").filter(code=code).first()
    if unit is None or not user.has_perm(perm, unit):
        return None
    return unit


def staff_search(query: str = ""):
    people = get_user_model().objects.order_by("full_name")
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return people


def person_memberships(user):
    return user.memberships.select_related("unit").order_by("-started_on")
