"""Children's records: the record page, reach and restriction, break-glass, adding a child with the
duplicate check, changing details with optimistic locking, restriction and relationships.

Who may open each page is in tests/test_authorisation_matrix.py; these are the behaviours.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import Allocation, ChildProtectionPlan, LookedAfterEpisode, Referral
from hearth.core.models import AuditLog, Notification
from hearth.core.roles import OrgRole
from hearth.people.models import Address, Adult, BreakGlass, Child, Household, Relationship, RestrictedAccess

from .factories import ChildFactory, MembershipFactory, UserFactory

VALID_UPN = "H801200001001"
VALID_NHS = "9434765919"


@pytest.fixture
def child(org):
    return ChildFactory(
        unit=org.unit_a,
        unit__lead_worker=org["social-worker"],
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=datetime.date(2016, 5, 4),
    )


@pytest.fixture
def restricted(org):
    return ChildFactory(
        unit=org.unit_a,
        unit__lead_worker=org["social-worker"],
        first_name="Rowan",
        last_name="Quillfeather",  # fixed: a random surname can be an ordinary word on the page
        restriction="high-profile",
    )


def page(child, name="people:child"):
    return reverse(name, args=[child.pk])


def _form_data(**overrides):
    data = {
        "la_child_id": "",
        "first_name": "Amara",
        "last_name": "Okafor",
        "other_names": "",
        "date_of_birth": "04/05/2016",
        "expected_date_of_birth": "",
        "sex": "F",
        "gender_identity": "",
        "ethnicity": "BAFR",
        "upn": "",
        "nhs_number": "",
        "first_language": "English",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- the record page -----------------------------------------------------------------------------


def test_record_page_shows_the_child_and_is_audited(org, client, child):
    client.force_login(org["social-worker"])
    response = client.get(page(child))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Amara Okafor" in html and child.la_child_id in html
    assert "Unit A" in html
    assert "1 different lead worker in the last 12 months" in html
    assert "govuk-tag--orange" not in html
    row = AuditLog.objects.get(action="child.view_record")
    assert row.child_id == child.pk and row.actor == org["social-worker"]


def test_every_view_of_the_record_writes_an_audit_row(org, client, child):
    for role in ("social-worker", "clinician", OrgRole.TEAM_MANAGER, OrgRole.DIRECTOR):
        client.force_login(org[role])
        assert client.get(page(child)).status_code == 200
    rows = AuditLog.objects.filter(action="child.view_record", child_id=child.pk)
    assert rows.count() == 4


def test_three_lead_workers_in_a_year_shows_an_orange_tag(org, client, child):
    now = timezone.now()
    Allocation.objects.filter(child=child).update(ended_at=now - datetime.timedelta(days=30))
    Allocation.objects.create(
        child=child, unit=org.unit_a, lead_worker=org["consultant-social-worker"], ended_at=now
    )
    Allocation.objects.create(child=child, unit=org.unit_a, lead_worker=org["child-practitioner"])
    client.force_login(org["social-worker"])
    html = client.get(page(child)).content.decode()
    assert "3 different lead workers in the last 12 months" in html
    assert "govuk-tag--orange" in html


def test_open_episodes_are_shown_in_brief(org, client, child):
    referral = Referral.objects.create(
        child=child, cin_referral_date=datetime.date(2026, 1, 5), referral_source="1A", primary_need_code="N1"
    )
    ChildProtectionPlan.objects.create(
        referral=referral,
        cpp_start_date=datetime.date(2026, 2, 2),
        initial_category_of_abuse="NEG",
        latest_category_of_abuse="NEG",
    )
    LookedAfterEpisode.objects.create(
        child=child,
        decom=datetime.date(2026, 3, 1),
        rne="S",
        legal_status="V2",
        cin="N1",
        place="U1",
        place_provider="PR1",
    )
    client.force_login(org["social-worker"])
    html = client.get(page(child)).content.decode()
    assert "Open since referral on 5 January 2026" in html
    assert "category: neglect" in html
    assert "Looked after" in html and "Since 1 March 2026" in html


def test_another_units_worker_gets_404(org, client, child):
    client.force_login(org.other_unit_worker)
    assert client.get(page(child)).status_code == 404
    assert not AuditLog.objects.filter(action="child.view_record").exists()


def test_a_system_administrator_gets_404_for_an_unrestricted_child(org, client, child):
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    assert client.get(page(child)).status_code == 404
    assert client.get(page(child, "people:break-glass")).status_code == 404


def test_a_system_administrator_may_only_break_glass_on_a_restricted_child(org, client, restricted):
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    response = client.get(page(restricted))
    assert response.status_code == 403
    assert page(restricted, "people:break-glass") in response.content.decode()


def test_restricted_child_is_403_with_break_glass_link_for_a_member_not_named(org, client, restricted):
    client.force_login(org["clinician"])
    response = client.get(page(restricted))
    assert response.status_code == 403
    html = response.content.decode()
    assert page(restricted, "people:break-glass") in html
    assert "Rowan" not in html
    assert not AuditLog.objects.filter(action="child.view_record").exists()


def test_restricted_child_opens_for_a_named_person(org, client, restricted):
    RestrictedAccess.objects.create(child=restricted, user=org["clinician"])
    client.force_login(org["clinician"])
    response = client.get(page(restricted))
    assert response.status_code == 200
    assert "Restricted: high profile" in response.content.decode()


def test_another_units_worker_gets_404_for_a_restricted_child_too(org, client, restricted):
    client.force_login(org.other_unit_worker)
    assert client.get(page(restricted)).status_code == 404
    assert client.get(page(restricted, "people:break-glass")).status_code == 404


def test_child_page_query_count_is_flat(org, client, child, django_assert_max_num_queries):
    def add_people(n):
        household = Household.objects.create(name=f"Household {n}")
        household.children.add(child)
        for i in range(n):
            adult = Adult.objects.create(first_name=f"Adult{i}", last_name="Okafor")
            Relationship.objects.create(child=child, adult=adult, kind="parent")
            household.adults.add(adult)
            sibling = ChildFactory(unit=org.unit_a if i % 2 else org.unit_b)
            Relationship.objects.create(child=child, other_child=sibling, kind="sibling")
            household.children.add(sibling)
            Address.objects.create(
                child=child,
                line_1=f"{i} High Street",
                town="Testford",
                postcode="TE1 1ST",
                started_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            )

    client.force_login(org["social-worker"])
    add_people(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as baseline:
        assert client.get(page(child)).status_code == 200
    add_people(20)
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(page(child))
    assert response.status_code == 200
    assert response.content.decode().count("Sibling (record not available to you)") == 11


def test_siblings_link_only_when_visible(org, client, child):
    seen = ChildFactory(unit=org.unit_a, first_name="Visible", last_name="Sibling")
    unseen = ChildFactory(unit=org.unit_b, first_name="Hidden", last_name="Sibling")
    Relationship.objects.create(child=child, other_child=seen, kind="sibling")
    Relationship.objects.create(child=unseen, other_child=child, kind="half-sibling")  # made from their side
    client.force_login(org["social-worker"])
    html = client.get(page(child)).content.decode()
    assert f'href="{seen.get_absolute_url()}"' in html
    assert "Hidden" not in html and unseen.get_absolute_url() not in html
    assert "Half-sibling (record not available to you)" in html


# --- break glass ---------------------------------------------------------------------------------


def test_break_glass_page_shows_nothing_of_the_child(org, client, restricted):
    client.force_login(org["clinician"])
    response = client.get(page(restricted, "people:break-glass"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Why do you need to open this record?" in html
    assert "Rowan" not in html and restricted.last_name not in html and restricted.la_child_id not in html
    assert "the unit's manager is told" in html


def test_break_glass_with_a_short_reason_is_refused_and_changes_nothing(org, client, restricted):
    client.force_login(org["clinician"])
    response = client.post(page(restricted, "people:break-glass"), {"reason": "  because "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "at least 10 characters" in html
    assert "Rowan" not in html
    assert not BreakGlass.objects.exists()
    assert not AuditLog.objects.filter(action="child.break_glass").exists()
    assert not Notification.objects.exists()
    assert client.get(page(restricted)).status_code == 403


def test_break_glass_with_a_reason_opens_the_record_and_tells_the_manager(org, client, restricted):
    client.force_login(org["clinician"])
    reason = "Police called out of hours; duty worker needs the safety plan"
    response = client.post(page(restricted, "people:break-glass"), {"reason": reason})
    assert response.status_code == 302 and response["Location"] == page(restricted)
    grant = BreakGlass.objects.get()
    assert grant.user == org["clinician"] and grant.reason == reason
    audit = AuditLog.objects.get(action="child.break_glass")
    assert audit.child_id == restricted.pk and audit.reason == reason
    note = Notification.objects.get()
    assert note.recipient == org[OrgRole.TEAM_MANAGER]
    assert "Rowan" not in note.message
    assert client.get(page(restricted)).status_code == 200
    # Once open, the break-glass page leads straight to the record.
    assert client.get(page(restricted, "people:break-glass")).status_code == 302


# --- adding a child ------------------------------------------------------------------------------


def test_adding_a_child_allocates_them_to_the_creators_unit(org, client):
    client.force_login(org["social-worker"])
    response = client.post(reverse("cases:child-add"), _form_data(upn=VALID_UPN, nhs_number="943 476 5919"))
    child = Child.objects.get()
    assert response.status_code == 302 and response["Location"] == child.get_absolute_url()
    assert child.la_child_id == "C0000001"
    assert child.nhs_number == VALID_NHS and child.upn == VALID_UPN
    assert child.allocated_unit == org.unit_a and child.lead_worker == org["social-worker"]
    assert Allocation.objects.get(child=child).lead_worker == org["social-worker"]
    assert AuditLog.objects.filter(action="child.create", child_id=child.pk).exists()
    assert client.get(child.get_absolute_url()).status_code == 200


def test_generated_la_child_ids_follow_on(org, client):
    ChildFactory(la_child_id="C0000041", date_of_birth=datetime.date(2012, 1, 1))
    client.force_login(org["social-worker"])
    client.post(reverse("cases:child-add"), _form_data(first_name="New", last_name="Child"))
    assert Child.objects.filter(la_child_id="C0000042").exists()


def test_duplicate_check_shows_matches_and_creates_nothing_until_confirmed(org, client, child):
    elsewhere = ChildFactory(
        unit=org.unit_b, first_name="Amara", last_name="Hidden-Name", date_of_birth=child.date_of_birth
    )
    client.force_login(org["social-worker"])
    data = _form_data(last_name="OKAFOR", upn=VALID_UPN, disabilities=["COMM", "HEAR"])
    response = client.post(reverse("cases:child-add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "These children may already have a record" in html
    assert f'href="{child.get_absolute_url()}"' in html
    assert "A possible match you cannot see — ask your manager" in html
    assert "Hidden-Name" not in html and elsewhere.la_child_id not in html
    assert Child.objects.count() == 2
    # Everything typed is carried in hidden fields, the disabilities too.
    assert f'name="upn" value="{VALID_UPN}"' in html
    assert 'name="disabilities" value="COMM"' in html and 'name="disabilities" value="HEAR"' in html

    response = client.post(reverse("cases:child-add"), data | {"confirmed-new-child": "1"})
    assert response.status_code == 302
    new = Child.objects.exclude(pk__in=[child.pk, elsewhere.pk]).get()
    assert new.last_name == "OKAFOR" and new.upn == VALID_UPN
    assert sorted(new.disabilities.values_list("code", flat=True)) == ["COMM", "HEAR"]


def test_going_back_from_the_duplicate_check_keeps_what_was_typed(org, client, child):
    client.force_login(org["social-worker"])
    response = client.post(reverse("cases:child-add"), _form_data(upn=VALID_UPN) | {"change-details": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Add a child" in html and VALID_UPN in html and "There is a problem" not in html
    assert Child.objects.count() == 1


def test_different_date_of_birth_is_not_a_duplicate(org, client, child):
    client.force_login(org["social-worker"])
    response = client.post(reverse("cases:child-add"), _form_data(date_of_birth="14/05/2016"))
    assert response.status_code == 302
    assert Child.objects.count() == 2


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("upn", "A801200001001", "This UPN&#x27;s check letter is wrong"),
        ("upn", "H8012", "A UPN is 13 characters"),
        ("nhs_number", "9434765918", "This NHS number is not valid"),
        ("nhs_number", "12345", "An NHS number is 10 numbers"),
        ("date_of_birth", "01/01/2099", "Date of birth must be today or in the past"),
        ("date_of_birth", "31/02/2016", "Enter a real date"),
        ("date_of_birth", "", "Enter the date of birth, or an expected date of birth"),
        ("first_name", "", "Enter the child&#x27;s first name"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(org, client, field, value, message):
    client.force_login(org["social-worker"])
    response = client.post(reverse("cases:child-add"), _form_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "<title>Error: " in html
    assert not Child.objects.exists()


def test_both_dates_are_refused(org, client):
    client.force_login(org["social-worker"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(reverse("cases:child-add"), _form_data(expected_date_of_birth=tomorrow))
    assert "not both" in response.content.decode()
    assert not Child.objects.exists()


def test_an_unborn_child_can_be_added(org, client):
    client.force_login(org["social-worker"])
    expected = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(
        reverse("cases:child-add"),
        _form_data(date_of_birth="", expected_date_of_birth=expected.strftime("%d/%m/%Y")),
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.is_unborn
    assert "Unborn (expected" in client.get(child.get_absolute_url()).content.decode()


def test_a_managers_new_child_goes_to_their_unit_which_allocates_a_lead_worker(org, client):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    response = client.post(reverse("cases:child-add"), _form_data())
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.allocated_unit == org.unit_a and child.lead_worker is None
    assert client.get(child.get_absolute_url()).status_code == 200


def test_a_member_of_two_units_says_which_holds_the_case(org, client):
    worker = org["social-worker"]
    MembershipFactory(unit=org.unit_b, user=worker)
    client.force_login(worker)
    response = client.post(reverse("cases:child-add"), _form_data())
    assert "Select the unit that will hold the case" in response.content.decode()
    response = client.post(reverse("cases:child-add"), _form_data(unit=str(org.unit_b.pk)))
    assert response.status_code == 302
    assert Child.objects.get().allocated_unit == org.unit_b


# --- changing details ----------------------------------------------------------------------------


def _edit_data(child, **overrides):
    response_initial = {
        "la_child_id": child.la_child_id,
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth.strftime("%d/%m/%Y"),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "first_language": child.first_language,
        "version": child.updated_at.isoformat(),
    }
    return response_initial | overrides


def test_changing_details_saves_and_audits(org, client, child):
    client.force_login(org["social-worker"])
    response = client.get(page(child, "people:child-edit"))
    assert response.status_code == 200
    assert child.updated_at.isoformat() in response.content.decode()
    response = client.post(page(child, "people:child-edit"), _edit_data(child, nhs_number=VALID_NHS))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.nhs_number == VALID_NHS
    audit = AuditLog.objects.get(action="child.update")
    assert audit.child_id == child.pk and audit.detail == "nhs_number"
    assert child.history.count() >= 2


def test_an_edit_after_someone_elses_change_shows_both_versions_and_changes_nothing(org, client, child):
    stale = _edit_data(child, first_name="Amy")
    Child.objects.filter(pk=child.pk).update(
        first_name="Amarachi", updated_at=child.updated_at + datetime.timedelta(seconds=5)
    )
    client.force_login(org["social-worker"])
    response = client.post(page(child, "people:child-edit"), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this record after you opened it" in html
    assert "Your version" in html and "The record now" in html
    assert "Amy" in html and "Amarachi" in html
    child.refresh_from_db()
    assert child.first_name == "Amarachi"
    assert not AuditLog.objects.filter(action="child.update").exists()


def test_changing_details_refuses_a_bad_upn(org, client, child):
    client.force_login(org["social-worker"])
    response = client.post(page(child, "people:child-edit"), _edit_data(child, upn="Z801200001001"))
    assert response.status_code == 200 and "check letter is wrong" in response.content.decode()
    child.refresh_from_db()
    assert child.upn == ""


# --- restriction ---------------------------------------------------------------------------------


def test_a_manager_restricts_a_record_and_names_people(org, client, child):
    manager = org[OrgRole.TEAM_MANAGER]
    client.force_login(manager)
    url = page(child, "people:restriction")
    response = client.post(url, {"restriction": "staff-relative", "email": "Clinician@test.hearth.test"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.restriction == "staff-relative"
    named = set(RestrictedAccess.objects.filter(child=child).values_list("user__email", flat=True))
    assert named == {manager.email, "social-worker@test.hearth.test", "clinician@test.hearth.test"}
    assert AuditLog.objects.filter(action="child.restriction_set", child_id=child.pk).exists()
    assert AuditLog.objects.filter(
        action="child.restriction_named", detail="clinician@test.hearth.test"
    ).exists()
    client.force_login(org["clinician"])
    assert client.get(page(child)).status_code == 200
    client.force_login(org["student"])
    assert client.get(page(child)).status_code == 403


def test_naming_someone_who_cannot_reach_the_child_is_refused(org, client, child):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    response = client.post(
        page(child, "people:restriction"), {"restriction": "adoption", "email": org.other_unit_worker.email}
    )
    assert response.status_code == 200
    assert "does not work with this child" in response.content.decode()
    child.refresh_from_db()
    assert child.restriction == ""


def test_an_answer_is_needed_to_change_the_restriction(org, client, restricted):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    RestrictedAccess.objects.create(child=restricted, user=org[OrgRole.TEAM_MANAGER])
    response = client.post(page(restricted, "people:restriction"), {"email": ""})
    assert "Select whether the record is restricted" in response.content.decode()
    restricted.refresh_from_db()
    assert restricted.restriction == "high-profile"
    response = client.post(page(restricted, "people:restriction"), {"restriction": "none", "email": ""})
    assert response.status_code == 302
    restricted.refresh_from_db()
    assert restricted.restriction == ""


def test_a_manager_not_named_on_a_restricted_record_must_break_glass_to_manage_it(org, client, restricted):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    response = client.get(page(restricted, "people:restriction"))
    assert response.status_code == 403
    assert page(restricted, "people:break-glass") in response.content.decode()


def test_removing_a_named_person(org, client, child):
    access = RestrictedAccess.objects.create(child=child, user=org["clinician"])
    client.force_login(org[OrgRole.TEAM_MANAGER])
    response = client.post(page(child, "people:restriction"), {"remove": str(access.pk)})
    assert response.status_code == 302
    assert not RestrictedAccess.objects.exists()
    assert AuditLog.objects.filter(action="child.restriction_unnamed").exists()


# --- relationships -------------------------------------------------------------------------------


def test_linking_a_new_adult(org, client, child):
    client.force_login(org["social-worker"])
    response = client.post(
        page(child, "people:relationship-add"),
        {
            "who": "adult",
            "kind": "mother",
            "parental_responsibility": "on",
            "first_name": "Grace",
            "last_name": "Okafor",
            "phone": "07700 900123",
            "date_of_birth": "",
            "la_child_id": "",
        },
    )
    assert response.status_code == 302
    rel = Relationship.objects.get(child=child)
    assert rel.adult.first_name == "Grace" and rel.parental_responsibility
    assert AuditLog.objects.filter(action="child.relationship_add", child_id=child.pk).exists()
    assert "Grace Okafor" in client.get(page(child)).content.decode()


def test_linking_a_sibling_needs_a_child_the_person_can_see(org, client, child):
    seen = ChildFactory(unit=org.unit_a, la_child_id="S0000001")
    ChildFactory(unit=org.unit_b, la_child_id="S0000002")
    client.force_login(org["social-worker"])
    url = page(child, "people:relationship-add")
    response = client.post(url, {"who": "child", "kind": "sibling", "la_child_id": "S0000002"})
    assert response.status_code == 200
    assert "There is no child with this LA child ID whose record you can see" in response.content.decode()
    assert not Relationship.objects.exists()
    response = client.post(url, {"who": "child", "kind": "sibling", "la_child_id": "s0000001"})
    assert response.status_code == 302
    assert Relationship.objects.get().other_child == seen
    assert AuditLog.objects.filter(action="child.relationship_add").count() == 2
    response = client.post(url, {"who": "child", "kind": "sibling", "la_child_id": "S0000001"})
    assert "already linked" in response.content.decode()


def test_an_adult_needs_a_name(org, client, child):
    client.force_login(org["social-worker"])
    response = client.post(page(child, "people:relationship-add"), {"who": "adult", "kind": "father"})
    html = response.content.decode()
    assert "Enter the adult&#x27;s first name" in html and "Enter the adult&#x27;s last name" in html
    assert not Adult.objects.exists()


def test_a_new_worker_added_later_sees_nothing_of_another_unit(org, client, child):
    newcomer = UserFactory(email="newcomer@test.hearth.test")
    MembershipFactory(unit=org.unit_b, user=newcomer)
    client.force_login(newcomer)
    for name in ("people:child", "people:child-edit", "people:relationship-add", "people:break-glass"):
        assert client.get(page(child, name)).status_code == 404, name


def test_recording_a_move_ends_the_current_address_and_keeps_the_history(org, client):
    from hearth.people.models import Address

    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    old = Address.objects.create(
        child=child,
        line_1="1 Old Road",
        town="Northbridge",
        postcode="NB1 1AA",
        started_on=datetime.date(2024, 1, 1),
    )
    client.force_login(org["social-worker"])
    url = reverse("people:address-add", args=[child.pk])
    response = client.post(
        url,
        {"line_1": "2 New Street", "town": "Northbridge", "postcode": "nb22bb", "started_on": "01/06/2026"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ended_on == datetime.date(2026, 5, 31)
    new = Address.objects.get(child=child, ended_on__isnull=True)
    assert new.postcode == "NB2 2BB"
    assert AuditLog.objects.filter(action="child.address_add", child_id=child.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"line_1": "", "town": "", "postcode": "", "started_on": ""}, "Enter the first line of the address"),
        (
            {"line_1": "1 A St", "town": "T", "postcode": "NOT A CODE", "started_on": "01/06/2026"},
            "Enter a real postcode",
        ),
        (
            {"line_1": "1 A St", "town": "T", "postcode": "NB1 1AA", "started_on": "01/01/2099"},
            "today or in the past",
        ),
        (
            {"line_1": "1 A St", "town": "T", "postcode": "NB1 1AA", "started_on": "01/01/2023"},
            "after they moved to",
        ),
    ],
)
def test_bad_addresses_are_refused_and_nothing_changes(org, client, data, message):
    from hearth.people.models import Address

    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    Address.objects.create(
        child=child,
        line_1="1 Old Road",
        town="Northbridge",
        postcode="NB1 1AA",
        started_on=datetime.date(2024, 1, 1),
    )
    client.force_login(org["social-worker"])
    response = client.post(reverse("people:address-add", args=[child.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Address.objects.filter(child=child).count() == 1
    assert Address.objects.get(child=child).ended_on is None
