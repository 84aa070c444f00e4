"""The contract every indicator keeps.

An indicator is a class with a stable `key`, the characteristic it belongs to, a plain-English
definition and formula, and a default threshold with where the default comes from. `measure` works out
its value for many units at once, as at a day, in a fixed number of queries (the snapshot calls it with
every unit, a unit's page with one). `evidence` lists the records behind a unit's value, as far as the
viewer may see them. Nothing here writes; no value can be typed in by hand.

A value is `None` when there is too little to go on (fewer than `minimum_sample` things to count, or the
thing measured was never recorded, like a unit with no meetings); the page then says "not enough data"
instead of showing a number.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Direction(StrEnum):
    HIGHER = "higher"  # a higher value is better
    LOWER = "lower"  # a lower value is better


class Kind(StrEnum):
    PERCENT = "percent"  # 0 to 100
    DAYS = "days"
    COUNT = "count"
    NUMBER = "number"  # a figure with one decimal place, like "0.8 per worker"


SCOPE_UNIT = "unit"
SCOPE_AUTHORITY = "authority"


@dataclass(frozen=True)
class Measure:
    """A value and what it was worked out from. `value` is None when there is not enough data."""

    value: float | None
    sample: int = 0  # how many things the value rests on (cases, requests, people...)
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""  # the sum in words, e.g. "12 of 15 open cases"; or why there is not enough data

    @property
    def has_data(self) -> bool:
        return self.value is not None


def no_data(note: str, sample: int = 0) -> Measure:
    return Measure(None, sample=sample, note=note)


def share(part: int, whole: int, *, minimum: int, of_what: str) -> Measure:
    """part ÷ whole as a percentage, or not enough data when `whole` is below `minimum`."""
    if whole < minimum or whole == 0:
        return no_data(f"{whole} {of_what}: fewer than {minimum}, too few to give a share", sample=whole)
    return Measure(
        100.0 * part / whole,
        sample=whole,
        numerator=part,
        denominator=whole,
        note=f"{part} of {whole} {of_what}",
    )


def shares_by_unit(
    unit_ids, rows, *, key: str, part: str, whole: str, minimum: int, of_what: str, missing: str
) -> dict[int, Measure]:
    """Each unit's `part` ÷ `whole` as a share (see `share`), from rows grouped by unit in the database
    (one dict per unit, its id under `key`); a unit without a row has not enough data, `missing` says why."""
    counts = {row[key]: row for row in rows}
    return {
        unit_id: share(counts[unit_id][part], counts[unit_id][whole], minimum=minimum, of_what=of_what)
        if unit_id in counts
        else no_data(missing)
        for unit_id in unit_ids
    }


@dataclass(frozen=True)
class EvidenceRow:
    cells: tuple[str, ...]
    url: str = ""  # where the record is, when the viewer may open it


@dataclass
class Evidence:
    """The records behind a unit's value, as far as the viewer may see them."""

    columns: tuple[str, ...] = ()
    rows: list[EvidenceRow] = field(default_factory=list)
    total: int = 0  # records the viewer may see (the page shows at most EVIDENCE_LIMIT of them)
    hidden: int = 0  # records behind the value the viewer may not see (restricted records)
    note: str = ""  # e.g. "Answers are anonymous: no records can be listed."
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url) of pages with more
    child_ids: list[int] = field(default_factory=list)  # children named, for the audit row


EVIDENCE_LIMIT = 200


def visible_child_ids(user, child_ids) -> set[int]:
    """The children among `child_ids` the viewer may see (other units' and restricted records left out)."""
    from hearth.people.models import Child

    return set(Child.objects.visible_to(user).filter(pk__in=set(child_ids)).values_list("pk", flat=True))


def evidence_from(
    user,
    records: list,
    *,
    children: Callable[[Any], list[int]],
    row: Callable[[Any], EvidenceRow],
    columns: tuple[str, ...],
    links: list[tuple[str, str]] | None = None,
    note: str = "",
) -> Evidence:
    """Evidence from records each about one or more children (`children(record)` gives their ids). A
    record is listed only when the viewer may see every child in it, else counted as hidden; at most
    EVIDENCE_LIMIT are listed, and the children named are kept for the audit row. One query."""
    visible = visible_child_ids(user, {c for record in records for c in children(record)})
    rows, listed, hidden = [], set(), 0
    for record in records:
        ids = children(record)
        if any(c not in visible for c in ids):
            hidden += 1
        elif len(rows) < EVIDENCE_LIMIT:
            listed.update(ids)
            rows.append(row(record))
    return Evidence(
        columns=columns,
        rows=rows,
        total=len(records) - hidden,
        hidden=hidden,
        child_ids=sorted(listed),
        links=list(links or []),
        note=note,
    )


class Indicator:
    key: str = ""  # stable: thresholds and snapshots refer to it
    characteristic: str = ""  # a key from characteristics.py
    title: str = ""  # short, e.g. "Cases discussed in a unit meeting"
    definition: str = ""  # one or two plain-English sentences: what is counted, over what period
    formula: str = ""  # e.g. "open cases discussed in the last 8 weeks ÷ open cases × 100"
    kind: Kind = Kind.PERCENT
    direction: Direction = Direction.HIGHER
    good: float = 0  # default threshold: at or better than this the indicator "meets"
    concern: float = 0  # worse than this it is "below"; in between "close"
    source: str = "Hearth default"  # where the default threshold comes from
    minimum_sample: int = 5
    scope: str = SCOPE_UNIT

    def measure(self, unit_ids: list[int], as_of: datetime.date) -> dict[int, Measure]:
        """{unit id: Measure} for every unit asked about (a unit with nothing recorded gets a Measure
        saying so). For an authority-scope indicator the dict has one key, 0."""
        raise NotImplementedError

    def evidence(self, user, unit, as_of: datetime.date) -> Evidence:
        """The records behind `unit`'s value that `user` may see. The default points to no records."""
        return Evidence(note="This figure is worked out from totals; there are no records to list.")


def window_start(as_of: datetime.date, days: int) -> datetime.date:
    """The first day of a window of `days` days ending on `as_of` (inclusive)."""
    return as_of - datetime.timedelta(days=days - 1)


def day_end(day: datetime.date) -> datetime.datetime:
    """The first moment after `day`, in the current time zone (for `< day_end` on datetimes)."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def day_start(day: datetime.date) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- reads shared by several indicators within one assessment -----------------------------------

_shared: ContextVar[dict | None] = ContextVar("insights_shared", default=None)


@contextmanager
def sharing() -> Iterator[None]:
    """Within this block, `shared` keeps each result for the block's length (one assessment), so
    indicators that need the same batch read (a unit's open cases and needs, say) make it once."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, or its result from earlier in the same assessment. Outside `sharing`, no memory."""
    memo = _shared.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
