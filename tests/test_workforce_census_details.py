"""A staff record's census details: only the workforce lead opens and changes them (date of birth and
ethnicity are sensitive), every read and change is audited, a refused form changes nothing, and a save
clears the workforce census' data problem it fixes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

import hearth.returns.rules  # noqa: F401 - registers every rule
from hearth.core.models import AuditLog
from hearth.core.roles import ALL_ROLES, OrgRole
from hearth.returns.models import DataProblem
from hearth.returns.services.problems import refresh
from hearth.workforce.models import CensusDetails

from .factories_workforce import StaffRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(org):
    return StaffRecordFactory(unit=org.unit_a, swe_registration_number="SW12345")


def url(staff):
    return reverse("workforce:census-details", args=[staff.pk])


GOOD = {
    "date_of_birth": "14/02/1985",
    "gender": "2",
    "ethnicity": "WBRI",
    "qualification_institution": "University of Testford",
    "qualification_level": "2",
    "step_up_graduate": "False",
    "frontline_graduate": "False",
    "org_role": "6",
    "start_origin": "2",
    "reason_leave": "",
    "leaver_destination": "",
}


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != OrgRole.WORKFORCE_LEAD])
def test_only_the_workforce_lead_opens_or_changes_census_details(org, client_for, staff, role):
    client = client_for(org[role])
    assert client.get(url(staff)).status_code == 403
    assert client.post(url(staff), GOOD).status_code == 403
    assert not CensusDetails.objects.filter(staff=staff).exists()


def test_the_workforce_lead_records_census_details_and_it_is_audited(org, client_for, staff):
    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    response = client.get(url(staff))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert AuditLog.objects.filter(action="workforce.census.view", object_id=str(staff.pk)).exists()
    response = client.post(url(staff), GOOD)
    assert response.status_code == 302
    details = CensusDetails.objects.get(staff=staff)
    assert (details.date_of_birth, details.ethnicity, details.step_up_graduate) == (
        datetime.date(1985, 2, 14), "WBRI", False,
    )  # fmt: skip
    row = AuditLog.objects.get(action="workforce.census.create")
    assert row.actor == org[OrgRole.WORKFORCE_LEAD]
    assert "1985" not in row.detail and "WBRI" not in row.detail  # names of fields, never their values


def test_a_change_names_the_fields_changed(org, client_for, staff):
    CensusDetails.objects.create(
        staff=staff, **{"date_of_birth": datetime.date(1985, 2, 14), "ethnicity": "WBRI"}
    )
    client_for(org[OrgRole.WORKFORCE_LEAD]).post(url(staff), {**GOOD, "ethnicity": "REFU"})
    row = AuditLog.objects.get(action="workforce.census.update")
    assert "ethnicity" in row.detail and "date_of_birth" not in row.detail


def test_the_staff_record_links_to_census_details_for_the_workforce_lead_only(org, client_for, staff):
    detail = reverse("workforce:staff-detail", args=[staff.pk])
    assert url(staff).encode() in client_for(org[OrgRole.WORKFORCE_LEAD]).get(detail).content
    assert url(staff).encode() not in client_for(org[OrgRole.DIRECTOR]).get(detail).content


def test_bad_answers_change_nothing(org, client_for, staff):
    details = CensusDetails.objects.create(staff=staff, gender="1")
    future = datetime.date.today() + datetime.timedelta(days=2)
    response = client_for(org[OrgRole.WORKFORCE_LEAD]).post(
        url(staff),
        {**GOOD, "date_of_birth": f"{future:%d/%m/%Y}", "gender": "7", "reason_leave": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The date of birth must be today or in the past" in page
    assert "Select an option from the list" in page
    assert "they have not left" in page
    details.refresh_from_db()
    assert (details.gender, details.date_of_birth, details.ethnicity) == ("1", None, "")
    assert not AuditLog.objects.filter(action__startswith="workforce.census.update").exists()


def test_a_date_of_birth_too_close_to_the_start_is_refused(org, client_for, staff):
    response = client_for(org[OrgRole.WORKFORCE_LEAD]).post(
        url(staff), {**GOOD, "date_of_birth": "01/01/2010"}
    )
    assert "at least 16 years before they started" in response.content.decode()
    assert not CensusDetails.objects.filter(staff=staff).exists()


def test_recording_date_of_birth_and_ethnicity_clears_the_census_problems(
    org, client_for, staff, django_capture_on_commit_callbacks
):
    refresh("workforce", [staff.pk])
    codes = set(
        DataProblem.objects.filter(return_name="workforce", subject_id=staff.pk).values_list(
            "code", flat=True
        )
    )
    assert {"CSWW02", "CSWW04"} <= codes
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org[OrgRole.WORKFORCE_LEAD]).post(url(staff), GOOD)
    assert response.status_code == 302
    codes = set(
        DataProblem.objects.filter(return_name="workforce", subject_id=staff.pk).values_list(
            "code", flat=True
        )
    )
    assert not {"CSWW02", "CSWW03", "CSWW04", "CSWW05", "CSWW06"} & codes
