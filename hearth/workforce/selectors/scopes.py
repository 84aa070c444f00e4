"""Which parts of the authority a person may look at: the whole authority, a service area, a unit,
or (for a line manager of several units) all their units together."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from hearth.organisation.models import ServiceArea, Unit

from ..permissions import whole_authority

AUTHORITY = "authority"
MINE = "mine"


@dataclass(frozen=True)
class Scope:
    value: str  # "authority", "mine", "area-<id>" or "unit-<id>"
    kind: str  # "authority", "mine", "area" or "unit"
    label: str
    unit_ids: frozenset  # units whose records count (None: staff who work across the authority)
    area_id: int | None = None
    unit_id: int | None = None

    @property
    def privacy_group(self) -> tuple | None:
        """The group of the organisation tree (privacy.protect_tree) this scope is, if it is one."""
        if self.kind == AUTHORITY:
            return ("authority", None, None)
        if self.kind == "area":
            return ("area", self.area_id, None)
        if self.kind == "unit":
            return ("unit", self.unit_id, self.area_id)
        return None


@dataclass
class Organisation:
    """Units and service areas, read once per page."""

    units: dict[int, Unit] = field(default_factory=dict)
    areas: dict[int, ServiceArea] = field(default_factory=dict)
    by_area: dict[int, list[int]] = field(default_factory=dict)

    def area_of(self, unit_id) -> int | None:
        unit = self.units.get(unit_id)
        return unit.service_area_id if unit else None

    def units_of(self, area_id) -> list[int]:
        return self.by_area.get(area_id, [])

    def cell(self, unit_id) -> tuple:
        return (self.area_of(unit_id), unit_id)

    def unit_label(self, unit_id) -> str:
        return self.units[unit_id].name if unit_id in self.units else "No unit"

    def area_label(self, area_id) -> str:
        if area_id is None:
            return "Across the authority (not in a service area)"
        return self.areas[area_id].name if area_id in self.areas else "Unknown service area"


def organisation() -> Organisation:
    units = Unit.objects.active().select_related("service_area").order_by("service_area__name", "name")
    org = Organisation()
    for unit in units:
        org.units[unit.pk] = unit
        org.areas.setdefault(unit.service_area_id, unit.service_area)
        org.by_area.setdefault(unit.service_area_id, []).append(unit.pk)
    return org


def managed_areas(user, org: Organisation) -> list[int]:
    """Service areas all of whose units the person line-manages."""
    managed = user.managed_unit_ids
    return [
        area_id for area_id in org.areas if org.units_of(area_id) and set(org.units_of(area_id)) <= managed
    ]


def scopes_for(user, org: Organisation) -> list[Scope]:
    """Every scope this person may choose, broadest first."""
    scopes = []
    if whole_authority(user):
        scopes.append(Scope(AUTHORITY, AUTHORITY, "Whole authority", frozenset([*org.units, None])))
        area_ids = list(org.areas)
        unit_ids = list(org.units)
    else:
        unit_ids = [u for u in org.units if u in user.managed_unit_ids]
        area_ids = managed_areas(user, org)
        if len(unit_ids) > 1 and not (len(area_ids) == 1 and set(org.units_of(area_ids[0])) == set(unit_ids)):
            scopes.append(Scope(MINE, MINE, "All the units you manage", frozenset(unit_ids)))
    for area_id in area_ids:
        scopes.append(
            Scope(
                f"area-{area_id}",
                "area",
                org.area_label(area_id),
                frozenset(org.units_of(area_id)),
                area_id=area_id,
            )
        )
    for unit_id in unit_ids:
        scopes.append(
            Scope(
                f"unit-{unit_id}",
                "unit",
                org.unit_label(unit_id),
                frozenset({unit_id}),
                area_id=org.area_of(unit_id),
                unit_id=unit_id,
            )
        )
    return scopes


def resolve_scope(user, org: Organisation, value: str | None) -> tuple[Scope, list[Scope]]:
    """The scope asked for (the broadest when none is), or 404 when it is not this person's to see."""
    scopes = scopes_for(user, org)
    if not scopes:
        raise Http404("No units to show")
    if not value:
        return scopes[0], scopes
    for scope in scopes:
        if scope.value == value:
            return scope, scopes
    raise Http404("No such part of the organisation in your reach")


def child_scopes(scope: Scope, scopes: list[Scope], org: Organisation) -> list[Scope]:
    """The parts a scope is broken down into on its page: areas of the authority, units of an area."""
    if scope.kind == AUTHORITY:
        return [s for s in scopes if s.kind == "area"]
    if scope.kind in ("area", MINE):
        return [s for s in scopes if s.kind == "unit" and s.unit_id in scope.unit_ids]
    return []
