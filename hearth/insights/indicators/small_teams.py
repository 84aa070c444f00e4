"""Indicators of characteristic 8: small, flat teams."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse

from hearth.organisation.models import Membership, Unit
from hearth.organisation.selectors import management_layers, units_with_lines

from .base import Direction, Evidence, EvidenceRow, Indicator, Kind, Measure, no_data
from .registry import register


@register
class UnitSize(Indicator):
    key = "c8-unit-size"
    characteristic = "c8"
    title = "People in the unit"
    definition = (
        "People who were members of the unit on the day (any unit role, coordinators and clinicians "
        "included). The research found successful teams fairly small; Hearth's units are about five."
    )
    formula = "count of current memberships of the unit on the day"
    kind = Kind.COUNT
    direction = Direction.LOWER
    good = 6
    concern = 8
    source = (
        "Hearth default: units of about five (organisation.RECOMMENDED_UNIT_SIZE), larger than 7 is large"
    )
    minimum_sample = 1

    def measure(self, unit_ids, as_of: datetime.date) -> dict[int, Measure]:
        counts = dict(
            Membership.objects.current(on=as_of)
            .filter(unit_id__in=unit_ids)
            .values("unit_id")
            .annotate(n=Count("user_id", distinct=True))
            .values_list("unit_id", "n")
        )
        result = {}
        for unit_id in unit_ids:
            n = counts.get(unit_id, 0)
            result[unit_id] = (
                Measure(float(n), sample=n, note=f"{n} people") if n else no_data("No members on the day")
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        members = (
            Membership.objects.current(on=as_of)
            .filter(unit=unit)
            .select_related("user")
            .order_by("user__full_name")
        )
        rows = [EvidenceRow((m.user.get_full_name() or m.user.email, m.get_role_display())) for m in members]
        return Evidence(
            columns=("Person", "Role in the unit"),
            rows=rows,
            total=len(rows),
            links=[("The unit's page", reverse("organisation:unit", args=[unit.code]))],
        )


@register
class ManagementLayers(Indicator):
    key = "c8-layers"
    characteristic = "c8"
    title = "Layers of management to the director"
    definition = (
        "Posts between a practitioner in the unit and the director, the director included: the "
        "consultant who leads the unit, the team manager, the service manager, the head of service and "
        "the director. A person in two posts counts once; an empty post does not count. Worked out from "
        "today's organisation (history of posts is not kept by day)."
    )
    formula = "distinct people in the line from the unit to the director"
    kind = Kind.COUNT
    direction = Direction.LOWER
    good = 4
    concern = 5
    source = "Hearth default: a flattish structure, at most four layers to the director"
    minimum_sample = 1

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        units = {u.pk: u for u in units_with_lines().filter(pk__in=unit_ids)}
        result = {}
        for unit_id in unit_ids:
            unit = units.get(unit_id)
            if unit is None:
                result[unit_id] = no_data("The unit is closed")
                continue
            layers = management_layers(unit)
            result[unit_id] = Measure(float(layers), sample=1, note=f"{layers} layers")
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        unit = units_with_lines().filter(pk=unit.pk).first() or Unit.objects.get(pk=unit.pk)
        area = unit.service_area
        line = [
            (
                "Consultant social worker leading the unit",
                "Yes" if getattr(unit, "has_consultant", False) else "None",
            ),
            ("Team manager", unit.manager.get_full_name() if unit.manager else "None"),
            ("Service manager", area.service_manager.get_full_name() if area.service_manager else "None"),
            ("Head of service", area.head_of_service.get_full_name() if area.head_of_service else "None"),
            ("Director", area.authority.director.get_full_name() if area.authority.director else "None"),
        ]
        return Evidence(
            columns=("Post", "Held by"),
            rows=[EvidenceRow(row) for row in line],
            total=len(line),
            links=[("The organisation", reverse("organisation:overview"))],
        )
