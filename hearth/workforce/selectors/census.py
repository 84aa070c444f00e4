"""Reading a staff record's census details (for the workforce lead's census details page)."""

from __future__ import annotations

from ..models import CensusDetails, StaffRecord


def census_details_of(staff: StaffRecord) -> CensusDetails:
    """The staff record's census details, or new (unsaved) ones when none are recorded yet."""
    return CensusDetails.objects.filter(staff=staff).first() or CensusDetails(staff=staff)
