"""The organisation pages, management layers, unit membership changes and reach."""

import datetime

import pytest
from django.urls import reverse

from hearth.core.models import AuditLog
from hearth.core.permissions import VisibleToQuerySet
from hearth.core.roles import OrgRole, UnitRole
from hearth.organisation.models import Membership, Unit
from hearth.organisation.selectors import organisation_summary

from .factories import MembershipFactory, UnitFactory, UserFactory


def test_overview_shows_units_sizes_and_layers(org, client):
    client.force_login(org["social-worker"])
    response = client.get(reverse("organisation:overview"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.unit_count == 2
    # Unit A: consultant, team manager, service manager, head of service, director.
    unit_a = next(u for g in summary.areas for u in g.units if u.code == "unit-a")
    assert unit_a.member_count == len(UnitRole)
    assert unit_a.layers == 5
    # Unit B has no consultant, team manager, service manager or head of service: only the director.
    unit_b = next(u for g in summary.areas for u in g.units if u.code == "unit-b")
    assert unit_b.layers == 1


def test_a_person_in_two_posts_counts_once(org):
    org.area.service_manager = org[OrgRole.TEAM_MANAGER]
    org.area.save()
    unit_a = next(u for g in organisation_summary().areas for u in g.units if u.code == "unit-a")
    assert unit_a.layers == 4


def test_ended_memberships_do_not_count(org):
    Membership.objects.filter(unit=org.unit_a, user=org["student"]).update(ended_on=datetime.date(2026, 1, 1))
    unit_a = next(u for g in organisation_summary().areas for u in g.units if u.code == "unit-a")
    assert unit_a.member_count == len(UnitRole) - 1


def test_overview_query_count_is_flat(org, client, django_assert_max_num_queries):
    client.force_login(org["social-worker"])
    for i in range(30):
        unit = UnitFactory(service_area=org.area)
        for j in range(5):
            MembershipFactory(unit=unit, user=UserFactory(email=f"u{i}-{j}@test.hearth.test"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("organisation:overview")).status_code == 200


def test_unit_page_query_count_is_flat(org, client):
    """The same number of queries with 2 or 22 members (sections that higher apps add included)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org["social-worker"])
    url = reverse("organisation:unit", args=["unit-a"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    MembershipFactory(unit=org.unit_a, user=UserFactory(email="extra-first@test.hearth.test"))
    client.get(url)
    few = count()
    for j in range(20):
        MembershipFactory(unit=org.unit_a, user=UserFactory(email=f"extra{j}@test.hearth.test"))
    assert count() == few
    assert "Larger than recommended" in client.get(url).content.decode()


def test_unknown_unit_is_404(org, client):
    client.force_login(org["social-worker"])
    assert client.get(reverse("organisation:unit", args=["no-such-unit"])).status_code == 404


def test_administrator_adds_a_member_and_it_is_audited(org, client):
    admin = org[OrgRole.SYSTEM_ADMINISTRATOR]
    newcomer = UserFactory(email="newcomer@test.hearth.test")
    client.force_login(admin)
    response = client.post(
        reverse("organisation:membership-add", args=["unit-b"]),
        {"email": "Newcomer@test.hearth.test", "role": UnitRole.CLINICIAN, "started_on": "01/10/2026"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(unit=org.unit_b, user=newcomer)
    assert membership.role == UnitRole.CLINICIAN
    assert AuditLog.objects.filter(
        action="membership.create", actor=admin, object_id=str(membership.pk)
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "role": "", "started_on": ""}, "Enter the person&#x27;s email address"),
        (
            {"email": "nobody@test.hearth.test", "role": "clinician", "started_on": "01/10/2026"},
            "no active Hearth",
        ),
        (
            {"email": "social-worker@test.hearth.test", "role": "clinician", "started_on": "1/10/2026"},
            "already",
        ),
        (
            {"email": "x@test.hearth.test", "role": "wizard", "started_on": "01/10/2026"},
            "Select a valid choice",
        ),
        (
            {"email": "x@test.hearth.test", "role": "clinician", "started_on": "31/02/2026"},
            "Enter a real date",
        ),
    ],
)
def test_bad_membership_input_changes_nothing(org, client, data, message):
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    before = Membership.objects.count()
    response = client.post(reverse("organisation:membership-add", args=["unit-a"]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert Membership.objects.count() == before


def test_ending_a_membership_removes_reach(org, client):
    worker = org["social-worker"]
    membership = Membership.objects.get(unit=org.unit_a, user=worker)
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    response = client.post(
        reverse("organisation:membership-end", args=["unit-a", membership.pk]), {"ended_on": "01/01/2026"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2026, 1, 1)
    worker.refresh_from_db()
    assert org.unit_a.pk not in type(worker).objects.get(pk=worker.pk).unit_ids


def test_end_date_before_start_is_refused(org, client):
    membership = Membership.objects.get(unit=org.unit_a, user=org["social-worker"])
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    response = client.post(
        reverse("organisation:membership-end", args=["unit-a", membership.pk]), {"ended_on": "01/01/2020"}
    )
    assert response.status_code == 200
    assert "on or after the date they joined" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_administrator_creates_a_unit(org, client):
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    response = client.post(
        reverse("organisation:unit-create"),
        {"name": "Unit C", "code": "Unit-C", "unit_type": "assessment", "service_area": org.area.pk},
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="unit-c").service_area == org.area
    assert AuditLog.objects.filter(action="unit.create").exists()


def test_duplicate_unit_code_is_refused(org, client):
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    response = client.post(
        reverse("organisation:unit-create"),
        {"name": "Again", "code": "unit-a", "unit_type": "assessment", "service_area": org.area.pk},
    )
    assert "There is already a unit with this short name" in response.content.decode()
    assert Unit.objects.count() == 2


def test_administrator_creates_an_account_and_a_link_is_emailed(org, client, mailoutbox):
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    response = client.post(
        reverse("organisation:person-create"),
        {"full_name": "Sam Example", "email": "Sam@Test.Hearth.Test", "org_role": "", "is_active": "on"},
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam@test.hearth.test"]
    assert AuditLog.objects.filter(action="staff.create").exists()


def test_staff_list_is_paginated_and_searchable(org, client, django_assert_max_num_queries):
    for i in range(60):
        UserFactory(email=f"bulk{i}@test.hearth.test", full_name=f"Bulk Person {i}")
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("organisation:staff"))
    assert len(page.context["page_obj"].object_list) == 50
    found = client.get(reverse("organisation:staff"), {"q": "Bulk Person 17"})
    assert [p.email for p in found.context["page_obj"]] == ["bulk17@test.hearth.test"]


class MembershipReach(VisibleToQuerySet):
    unit_lookup = "unit"


def test_visible_to_follows_units_and_management(org):
    records = MembershipReach(model=Membership)
    # A unit member sees their unit's records, not another unit's.
    seen = set(records.visible_to(org["social-worker"]).values_list("unit_id", flat=True))
    assert seen == {org.unit_a.pk}
    # The team manager and service manager of unit A see unit A through management.
    assert set(records.visible_to(org[OrgRole.TEAM_MANAGER]).values_list("unit_id", flat=True)) == {
        org.unit_a.pk
    }
    assert set(records.visible_to(org[OrgRole.SERVICE_MANAGER]).values_list("unit_id", flat=True)) == {
        org.unit_a.pk
    }
    # Authority-wide practice roles see all; administrators and workforce leads see none.
    assert records.visible_to(org[OrgRole.DIRECTOR]).count() == Membership.objects.count()
    assert records.visible_to(org[OrgRole.SYSTEM_ADMINISTRATOR]).count() == 0
    assert records.visible_to(org[OrgRole.WORKFORCE_LEAD]).count() == 0


def test_administrators_have_no_permission_shortcut(org):
    admin = org[OrgRole.SYSTEM_ADMINISTRATOR]
    admin.is_superuser = True
    admin.save()
    assert not admin.has_perm("cases.view_child")
