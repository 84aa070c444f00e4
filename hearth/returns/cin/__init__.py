"""The children in need census: the XML return for a collection year, built from the record.

Plugs into `returns` as described in `hearth/returns/base.py`: RETURN, build(period), load_records().
"""

from __future__ import annotations

from ..base import OutputFile, Period, Progress
from .records import ChildRec, current_period, load, period_for_year

RETURN = "cin"
TITLE = "Children in need census"
SUBJECT = "child"

__all__ = ["RETURN", "TITLE", "SUBJECT", "WATCH", "build", "load_records", "subjects", "period_for_year"]


def load_records(subject_ids=None, *, period: Period | None = None) -> dict[int, ChildRec]:
    """Each child's census facts for the year (the current collection year unless told)."""
    return load(period or current_period(), subject_ids)


def build(period: Period, *, progress: Progress | None = None) -> list[OutputFile]:
    from .xml import census_xml

    records = load(period)
    content = census_xml(period, records, progress=progress)
    return [OutputFile(name=f"cin_census_{period.label}.xml", content=content, media_type="application/xml")]


def subjects(files: list[OutputFile]) -> dict[str, str]:
    """LA child ID -> a hash of that child's <Child> element, for comparing two runs."""
    from .xml import child_fingerprints

    return child_fingerprints(files[0].content)


def _child_of_referral_part(instance) -> int | None:
    referral = getattr(instance, "referral", None)
    return referral.child_id if referral is not None else None


#: Rows whose change can change a child's census facts, and the child they belong to.
WATCH = {
    "people.Child": lambda c: c.pk,
    "people.ChildDisability": lambda d: d.child_id,
    "cases.Referral": lambda r: r.child_id,
    "cases.Assessment": _child_of_referral_part,
    "cases.Section47": _child_of_referral_part,
    "cases.ChildProtectionPlan": _child_of_referral_part,
    "cases.ChildInNeedPlan": _child_of_referral_part,
    "cases.ChildProtectionReview": lambda r: r.plan.referral.child_id,
}
