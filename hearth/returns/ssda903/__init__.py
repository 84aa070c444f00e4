"""SSDA903: the children looked after return, as the CSV files of the DfE's specification (spec.py).

`build(period)` loads every looked-after child of the year in a fixed number of queries (records.py)
and writes the files (build.py). `load_records()` gives the same records to the validation rules
(`hearth/returns/rules/ssda903.py`), for the collection year of today.
"""

from __future__ import annotations

from django.utils import timezone

from ..base import OutputFile, Period, Progress
from . import build as _build
from . import records as _records

RETURN = "ssda903"
TITLE = "SSDA903: children looked after"
SUBJECT = "child"


def build(period: Period, *, progress: Progress | None = None) -> list[OutputFile]:
    records = _records.load(period)
    if progress:
        progress(0, len(records))
    return _build.write(list(records.values()), period, progress)


def load_records(subject_ids=None) -> dict[int, _records.ChildRecord]:
    return _records.load(_records.collection_period(timezone.localdate()), subject_ids)


def _child(instance) -> int | None:
    return instance.child_id


#: Saved or deleted rows of these models change a child's 903 problems.
WATCH = {
    f"cases.{name}": _child
    for name in (
        "LookedAfterEpisode",
        "LookedAfterReview",
        "MissingEpisode",
        "UascStatus",
        "HealthOutcome",
        "CareLeaverOutcome",
        "Adoption",
        "PlacementForAdoptionDecision",
        "PreviousPermanenceOrder",
        "ChildAsMother",
        "Allocation",
    )
}
WATCH["people.Child"] = lambda child: child.pk
