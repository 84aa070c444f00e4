"""Small-group protection: results for groups of at least five, and no way to get a smaller group by
subtraction (docs/adr/0007-workforce-privacy-thresholds.md).

Pure functions on counts; the selectors decide what the counts are (respondents to a pulse round,
people who logged extra hours, staff in a group) and show only the groups these functions allow.

The rule, for one breakdown (a partition of a total into groups):
1. a total under five shows nothing at all;
2. every group under five is merged into one "other" group;
3. while that merged group is under five, the smallest group still shown joins it (so a hidden group
   can never be worked out as the total minus the groups shown);
4. groups with nobody in them are left out (unless `zero_is_small`, for counts of events such as
   leavers, where "none of this group" is itself something to protect).

For the organisation tree (authority > service areas > units) the rule runs on the service areas first;
an area merged into "other service areas" shows no breakdown of its own, and the rule then runs on the
units of each area that is shown. Every group a page may show is then the union of whole groups each
of at least five, nested, so that no sum or difference of shown figures is a group under five.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

#: The smallest group whose results may be shown (Hearth's rule, from the issue: "at least 5").
MIN_GROUP_SIZE = 5


@dataclass(frozen=True)
class Breakdown:
    """Which groups of a partition may be shown."""

    total: int
    total_shown: bool
    shown: tuple  # keys of groups shown on their own (largest first)
    merged: tuple  # keys of groups shown only together, as one "other" group (empty when none)
    merged_size: int = 0

    def is_shown(self, key) -> bool:
        return key in self.shown


def protect(
    counts: Mapping[Hashable, int], *, minimum: int = MIN_GROUP_SIZE, zero_is_small: bool = False
) -> Breakdown:
    """The groups of a partition that may be shown, and those merged so that none is under `minimum`."""
    total = sum(counts.values())
    if total < minimum:
        return Breakdown(total, False, (), ())
    small = [k for k, n in counts.items() if n < minimum and (n > 0 or zero_is_small)]
    shown = sorted((k for k, n in counts.items() if n >= minimum), key=lambda k: (counts[k], str(k)))
    merged_size = sum(counts[k] for k in small)
    while small and merged_size < minimum and shown:
        key = shown.pop(0)  # the smallest group still shown
        small.append(key)
        merged_size += counts[key]
    shown.sort(key=lambda k: (-counts[k], str(k)))
    merged = tuple(sorted(small, key=str)) if small else ()
    return Breakdown(total, True, tuple(shown), merged, merged_size)


# --- the organisation tree -------------------------------------------------------------------------

#: A cell of the tree: (service area id or None, unit id or None). (None, None) is staff who work
#: across the authority; (area, None) staff of an area who are not in a unit (its managers).
Cell = tuple


@dataclass(frozen=True)
class Group:
    """A group a page may show: its cells, its size, and what it is."""

    kind: str  # "authority", "area", "other-areas", "unit", "other-units"
    key: object  # area id for "area" and "other-units"; unit id (or (area, None)) for "unit"; else None
    area_id: int | None
    cells: frozenset
    size: int


@dataclass
class TreeBreakdown:
    authority: Group | None
    areas: list[Group] = field(default_factory=list)  # shown areas, then "other service areas"
    units: dict = field(default_factory=dict)  # area id -> [unit groups, then "other units"]

    def groups(self) -> list[Group]:
        found = [self.authority] if self.authority else []
        found += self.areas
        for groups in self.units.values():
            found += groups
        return found

    def find(self, kind: str, key=None, area_id=None) -> Group | None:
        """The shown group of a kind: ("authority"), ("area", area), ("unit", unit); the staff of an area not
        in a unit are ("unit", None, area)."""
        for group in self.groups():
            if group.kind == kind and group.key == key and (key is not None or group.area_id == area_id):
                return group
        return None


def protect_tree(cells: Mapping[Cell, int], *, minimum: int = MIN_GROUP_SIZE) -> TreeBreakdown:
    """Which groups of the authority > area > unit tree may be shown, from the count in each cell."""
    cells = {cell: n for cell, n in cells.items() if n > 0}
    total = sum(cells.values())
    if total < minimum:
        return TreeBreakdown(authority=None)
    tree = TreeBreakdown(authority=Group("authority", None, None, frozenset(cells), total))
    by_area: dict = {}
    for (area_id, unit_id), n in cells.items():
        by_area.setdefault(area_id, {})[unit_id] = n
    areas = protect({area: sum(units.values()) for area, units in by_area.items()}, minimum=minimum)
    for area_id in areas.shown:
        units = by_area[area_id]
        tree.areas.append(
            Group("area", area_id, area_id, frozenset((area_id, u) for u in units), sum(units.values()))
        )
        if area_id is None:  # staff across the authority: no units to break down
            continue
        breakdown = protect(units, minimum=minimum)
        groups = [
            Group("unit", unit_id, area_id, frozenset({(area_id, unit_id)}), units[unit_id])
            for unit_id in breakdown.shown
        ]
        if breakdown.merged and breakdown.shown:
            groups.append(
                Group(
                    "other-units",
                    area_id,
                    area_id,
                    frozenset((area_id, u) for u in breakdown.merged),
                    breakdown.merged_size,
                )
            )
        tree.units[area_id] = groups
    if areas.merged and areas.shown:
        merged_cells = frozenset(cell for cell in cells if cell[0] in set(areas.merged))
        tree.areas.append(Group("other-areas", None, None, merged_cells, areas.merged_size))
    return tree


def visible_groups(
    tree: TreeBreakdown, *, whole_authority: bool, unit_ids: Iterable[int], area_ids: Iterable
):
    """The groups of `tree` a person may see: everything for authority-wide roles; for managers, the
    groups made only of cells they manage (their units, and the areas they manage as a whole)."""
    if whole_authority:
        return tree.groups()
    unit_ids, area_ids = set(unit_ids), set(area_ids)

    def allowed(cell) -> bool:
        area_id, unit_id = cell
        if unit_id is None:
            return area_id is not None and area_id in area_ids
        return unit_id in unit_ids

    return [g for g in tree.groups() if g.kind != "authority" and all(allowed(c) for c in g.cells)]
