"""The children's social work workforce census: one XML message (spec.py) built from the workforce
records (staff records, census details, posts, sickness absence) and the caseload on 30 September.

`build(period)` takes the census year (1 October to 30 September); `load_records()` gives the staff
records of the current census year to the rules in `hearth/returns/rules/workforce.py`.
"""

from __future__ import annotations

import datetime
import hashlib
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import timezone

from hearth.organisation.models import LocalAuthority

from ..base import OutputFile, Period, Progress
from . import records as _records
from .spec import COLLECTION, WORKER_ITEMS

RETURN = "workforce"
TITLE = "Children's social work workforce census"
SUBJECT = "staff"
SOFTWARE_CODE = "Hearth"


def _now():
    return timezone.now()


def _dp(value, places: int) -> str:
    return f"{Decimal(value):.{places}f}"


def _yes_no(value) -> str | None:
    return None if value is None else ("1" if value else "0")


def worker_items(r: _records.StaffCensusRecord) -> dict[str, str | None]:
    """The CSWWWorker items of one worker (None: the item is left out)."""
    c = r.census
    employed = not r.agency
    at_reference = r.in_post_at_reference
    items = {
        "AgencyWorker": "1" if r.agency else "0",
        "SWENo": r.swe,
        "FTE": _dp(r.fte, 6) if employed and r.left_in_year else None,
        "PersonBirthDate": c.date_of_birth.isoformat() if employed and c and c.date_of_birth else None,
        "GenderCurrent": (c.gender or None) if employed and c else None,
        "Ethnicity": (c.ethnicity or None) if employed and c else None,
        "QualInst": (c.qualification_institution or None) if employed and c else None,
        "QualLevel": (c.qualification_level or None) if employed and c else None,
        "StepUpGrad": _yes_no(c.step_up_graduate) if employed and c else None,
        "OrgRole": (c.org_role or None) if c else None,
        "RoleStartDate": r.started_on.isoformat() if employed else None,
        "StartOrigin": (c.start_origin or None) if employed and c else None,
        "RoleEndDate": r.left_on.isoformat() if employed and r.left_in_year else None,
        "LeaverDestination": (c.leaver_destination or None) if employed and c and r.left_in_year else None,
        "ReasonLeave": (c.reason_leave or None) if employed and c and r.left_in_year else None,
        "FTE30": _dp(r.fte, 6) if at_reference else None,
        "Cases30": str(r.cases30) if at_reference else None,
        "WorkingDaysLost": _dp(r.working_days_lost, 2) if employed else None,
        "ContractWeeks": _dp(r.contract_weeks, 1) if r.agency else None,
        "FrontlineGrad": _yes_no(c.frontline_graduate) if employed and c else None,
        "Absat30Sept": ("1" if r.absent_at_reference else "0") if employed and at_reference else None,
        "ReasonAbsence": "SIC" if employed and at_reference and r.absent_at_reference else None,
        "CFKSSstatus": "1" if employed and r.asye_in_progress and at_reference else None,
    }
    assert list(items) == WORKER_ITEMS
    return items


def _sub(parent, tag: str, text: str | None):
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def write(period: Period, records: list[_records.StaffCensusRecord], progress=None) -> bytes:
    message = ET.Element("Message")
    header = ET.SubElement(message, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    _sub(details, "Collection", COLLECTION)
    _sub(details, "Year", str(period.end.year))
    _sub(details, "ReferenceDate", period.end.isoformat())
    source = ET.SubElement(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", LocalAuthority.objects.order_by("pk").values_list("la_code", flat=True).first() or "")
    _sub(source, "SoftwareCode", SOFTWARE_CODE)
    _sub(source, "DateTime", _now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    vacant, agency_fte, agency_headcount = _records.vacancies(period, records)
    level = ET.SubElement(message, "LALevelVacancies")
    _sub(level, "NumberOfVacancies", _dp(vacant, 2))
    _sub(level, "NoAgencyFTE", _dp(agency_fte, 2))
    _sub(level, "NoAgencyHeadcount", str(agency_headcount))
    in_scope = sorted((r for r in records if r.in_scope), key=lambda r: (r.swe, r.id))
    for done, r in enumerate(in_scope, start=1):
        worker = ET.SubElement(message, "CSWWWorker")
        for tag, text in worker_items(r).items():
            if text is not None:
                _sub(worker, tag, text)
        if progress and (done % 500 == 0 or done == len(in_scope)):
            progress(done, len(in_scope))
    ET.indent(message, space="  ")
    return ET.tostring(message, encoding="utf-8", xml_declaration=True) + b"\n"


def census_year(period: Period) -> Period:
    """The census year (1 October to 30 September) of a period. A collection year chosen as April to
    March (as the other returns are) means the census year ending in the September within it, with
    the same label: "2025-26" is 1 October 2025 to 30 September 2026."""
    if period.start.month == 10 and period.start.day == 1 and period.end.month == 9 and period.end.day == 30:
        return period
    return Period(
        datetime.date(period.start.year, 10, 1), datetime.date(period.start.year + 1, 9, 30), period.label
    )


def build(period: Period, *, progress: Progress | None = None) -> list[OutputFile]:
    period = census_year(period)
    records = list(_records.load(period).values())
    if progress:
        progress(0, len(records))
    content = write(period, records, progress)
    return [OutputFile(f"csww_{period.label}.xml", content, "application/xml")]


def subjects(files: list[OutputFile]) -> dict[str, str]:
    """Worker key (Social Work England number, and whether agency) -> a hash of the worker's items, so a
    run can be compared with the previous one."""
    found: dict[str, str] = {}
    for f in files:
        for worker in ET.fromstring(f.content).iter("CSWWWorker"):  # noqa: S314 - our own output
            items = {child.tag: child.text or "" for child in worker}
            key = f"{items.get('SWENo', '')}{' (agency)' if items.get('AgencyWorker') == '1' else ''}"
            found[key] = hashlib.sha256(ET.tostring(worker)).hexdigest()[:16]
    return found


def load_records(subject_ids=None) -> dict[int, _records.StaffCensusRecord]:
    return _records.load(_records.census_period(timezone.localdate()), subject_ids)


def _staff(instance) -> int | None:
    return instance.staff_id


WATCH = {
    "workforce.StaffRecord": lambda staff: staff.pk,
    "workforce.CensusDetails": _staff,
    "workforce.SicknessAbsence": _staff,
}
