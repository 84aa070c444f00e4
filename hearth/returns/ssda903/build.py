"""Writing the SSDA903 CSV files from the children's records (no queries here)."""

from __future__ import annotations

import csv
import datetime
import functools
import io

from ..base import OutputFile, Period
from .records import ChildRecord, add_years
from .spec import DATE_FORMAT, FILES


@functools.lru_cache(maxsize=100_000)
def _d(day: datetime.date | None) -> str:
    """dd/mm/yyyy (the same dates recur: cached)."""
    return day.strftime(DATE_FORMAT) if day else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def rows_for(record: ChildRecord, period: Period) -> dict[str, list[list[str]]]:
    """One child's rows in each file of the return for `period`."""
    child, dob = record.la_child_id, _d(record.dob)
    out: dict[str, list[list[str]]] = {name: [] for name in FILES}
    episodes = record.episodes_in(period)
    if not episodes:
        return out
    mother = ""
    if record.sex == "F":
        mother = "1" if record.mc_dob else "0"
    out["header.csv"].append(
        [child, record.sex, dob, record.ethnic, record.upn_for_return, mother, _d(record.mc_dob)]
    )
    for e in episodes:
        ended = e.dec is not None and e.dec <= period.end
        out["episodes.csv"].append(
            [
                child,
                _d(e.decom),
                e.rne,
                e.ls,
                e.cin,
                e.place,
                e.place_provider,
                _d(e.dec) if ended else "",
                e.rec if ended else "",
                e.reason_place_change if ended else "",
                e.home_post,
                e.pl_post,
                e.urn,
            ]
        )
    for r in record.reviews:
        if period.start <= r.review <= period.end:
            out["reviews.csv"].append([child, dob, _d(r.review), r.review_code])
    if record.uasc or (record.uasc_recorded and (record.duc is None or record.duc >= period.start)):
        out["uasc.csv"].append([child, record.sex, dob, _d(record.duc)])
    if record.continuously_looked_after_12_months(period):
        h = record.health.get(period.end)
        if h is None:
            out["oc2.csv"].append([child, dob] + [""] * 10)
        else:
            out["oc2.csv"].append(
                [child, dob, "" if h.sdq_score is None else str(h.sdq_score), h.sdq_reason]
                + [_yes_no(getattr(h, item)) for item in h.YES_NO_ITEMS]
            )
    for c in record.care_leaver:
        if period.start <= c.birthday <= period.end:
            out["oc3.csv"].append([child, dob, c.in_touch, c.activ, c.accom])
    adopted = [e for e in episodes if e.rec in ("E11", "E12") and e.dec and e.dec <= period.end]
    if adopted and record.adoption:
        a = record.adoption
        out["ad1.csv"].append(
            [child, dob, _d(a.date_int), _d(a.date_match), _yes_no(a.foster_care), str(a.nb_adoptr)]
            + [a.sex_adoptr, a.ls_adoptr]
        )
    elif adopted:
        out["ad1.csv"].append([child, dob] + [""] * 6)
    for p in record.placed_adoption:
        if p.date_placed <= period.end and (
            p.date_placed_ceased is None or p.date_placed_ceased >= period.start
        ):
            ceased = (
                p.date_placed_ceased if p.date_placed_ceased and p.date_placed_ceased <= period.end else None
            )
            out["placed_for_adoption.csv"].append(
                [child, dob, _d(p.date_placed), _d(ceased), p.reason_placed_ceased if ceased else ""]
            )
    if any(e.rne == "S" and e.decom >= period.start for e in episodes):
        p = record.prev_perm
        out["previous_permanence.csv"].append(
            [child, dob, p.prev_perm, p.la_perm, _d(p.date_perm)] if p else [child, dob, "Z1", "", ""]
        )
    for m in record.missing:
        if m.mis_start <= period.end and (m.mis_end is None or m.mis_end >= period.start):
            ended = m.mis_end if m.mis_end and m.mis_end <= period.end else None
            out["missing.csv"].append([child, dob, m.missing, _d(m.mis_start), _d(ended)])
    for s in record.sw_episodes:
        ended = s.sw_dec if s.sw_dec and s.sw_dec <= period.end else None
        out["social_worker_episodes.csv"].append(
            [child, dob, s.sw_id, _d(s.sw_decom), _d(ended), s.sw_reason if ended else ""]
        )
    return out


def write(records: list[ChildRecord], period: Period, progress=None) -> list[OutputFile]:
    buffers = {name: io.StringIO() for name in FILES}
    writers = {name: csv.writer(buffers[name], lineterminator="\r\n") for name in FILES}
    for name, header in FILES.items():
        writers[name].writerow(header)
    total = len(records)
    for done, record in enumerate(sorted(records, key=lambda r: r.la_child_id), start=1):
        for name, rows in rows_for(record, period).items():
            writers[name].writerows(rows)
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    return [OutputFile(name, buffers[name].getvalue().encode("utf-8"), "text/csv") for name in FILES]


__all__ = ["add_years", "rows_for", "write"]
