"""The REST API: access per role, reach, restricted records, audit rows, notes and the OpenAPI schema."""

import datetime
import json

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from hearth.cases.models import (
    Assessment,
    ChildProtectionPlan,
    LookedAfterEpisode,
    Note,
    NoteChild,
    NoteStatus,
    Referral,
)
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.people.models import RestrictedAccess

from .factories import ChildFactory

CHILDREN = reverse("api:children")
NOTES = reverse("api:notes")


@pytest.fixture
def child_a(org):
    return ChildFactory(first_name="Ada", last_name="Lovelace", unit=org.unit_a)


@pytest.fixture
def child_b(org):
    return ChildFactory(first_name="Bea", last_name="Byron", unit=org.unit_b)


def _note(author, children, *, status=NoteStatus.FINAL, title="Home visit", days_ago=1):
    note = Note.objects.create(
        author=author,
        kind="home-visit",
        occurred_at=timezone.now() - datetime.timedelta(days=days_ago),
        title=title,
        body="Saw the children at home.",
        status=status,
    )
    for child in children:
        NoteChild.objects.create(note=note, child=child, seen=True)
    return note


# --- signed out and roles without reach ----------------------------------------------------------


def test_signed_out_callers_get_403_json_not_a_redirect(org, client, child_a):
    for url in (CHILDREN, reverse("api:child", args=[child_a.pk]), NOTES):
        response = client.get(url)
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()
    assert client.get(reverse("api:schema")).status_code == 403


@pytest.mark.parametrize("role", [OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR])
def test_roles_without_reach_are_refused(org, client, child_a, role):
    client.force_login(org[role])
    assert client.get(CHILDREN).status_code == 403
    assert client.get(reverse("api:child", args=[child_a.pk])).status_code == 403


# --- listing ---------------------------------------------------------------------------------------


def test_list_holds_only_children_in_reach(org, client, child_a, child_b):
    client.force_login(org["social-worker"])
    body = client.get(CHILDREN).json()
    assert body["count"] == 1
    assert [c["id"] for c in body["results"]] == [child_a.pk]
    assert body["results"][0]["unit"] == "unit-a"
    assert body["results"][0]["url"].endswith(reverse("api:child", args=[child_a.pk]))
    client.force_login(org[OrgRole.DIRECTOR])
    assert client.get(CHILDREN).json()["count"] == 2
    assert [c["id"] for c in client.get(CHILDREN, {"unit": "unit-b"}).json()["results"]] == [child_b.pk]


def test_list_filter_by_a_unit_out_of_reach_is_empty(org, client, child_a, child_b):
    client.force_login(org["social-worker"])
    assert client.get(CHILDREN, {"unit": "unit-b"}).json()["count"] == 0


def test_list_leaves_out_restricted_children_and_writes_one_audit_row(org, client, child_a):
    ChildFactory(unit=org.unit_a, restriction="adoption")
    client.force_login(org["social-worker"])
    assert client.get(CHILDREN).json()["count"] == 1
    rows = AuditLog.objects.filter(action="child.list_api")
    assert rows.count() == 1
    assert rows.get().child_id is None


def test_list_is_paginated_by_50_with_a_flat_query_count(org, client):
    client.force_login(org["social-worker"])
    for _ in range(5):
        ChildFactory(unit=org.unit_a)
    with CaptureQueriesContext(connection) as few:
        client.get(CHILDREN)
    for _ in range(50):
        ChildFactory(unit=org.unit_a)
    with CaptureQueriesContext(connection) as many:
        body = client.get(CHILDREN).json()
    assert len(many) == len(few)
    assert body["count"] == 55
    assert len(body["results"]) == 50
    assert body["next"]


# --- one child -------------------------------------------------------------------------------------


def test_detail_is_audited(org, client, child_a):
    client.force_login(org["social-worker"])
    response = client.get(reverse("api:child", args=[child_a.pk]))
    assert response.status_code == 200
    assert response.json()["la_child_id"] == child_a.la_child_id
    row = AuditLog.objects.get(action="child.view_api")
    assert (row.actor, row.child_id) == (org["social-worker"], child_a.pk)


def test_detail_outside_reach_is_404(org, client, child_b):
    client.force_login(org["social-worker"])
    for name in ("api:child", "api:child-episodes", "api:child-notes"):
        assert client.get(reverse(name, args=[child_b.pk])).status_code == 404
    assert not AuditLog.objects.filter(action__startswith="child.view_api").exists()


def test_restricted_record_is_403_with_the_way_to_break_glass(org, client, child_a):
    child_a.restriction = "staff-relative"
    child_a.save()
    client.force_login(org["social-worker"])
    response = client.get(reverse("api:child", args=[child_a.pk]))
    assert response.status_code == 403
    assert response.json()["break_glass_url"].endswith(reverse("people:break-glass", args=[child_a.pk]))
    assert "Lovelace" not in response.content.decode()
    RestrictedAccess.objects.create(child=child_a, user=org["social-worker"])
    assert client.get(reverse("api:child", args=[child_a.pk])).status_code == 200


def test_episodes_nest_what_happened_in_each_referral(org, client, child_a):
    referral = Referral.objects.create(
        child=child_a, cin_referral_date=datetime.date(2026, 1, 5), referral_source="6"
    )
    Assessment.objects.create(referral=referral, assessment_actual_start_date=datetime.date(2026, 1, 6))
    Assessment.objects.create(
        referral=referral,
        assessment_actual_start_date=datetime.date(2026, 1, 7),
        withdrawn_on=datetime.date(2026, 1, 9),
        withdrawal_reason="Started twice by mistake",
    )
    ChildProtectionPlan.objects.create(
        referral=referral,
        cpp_start_date=datetime.date(2026, 2, 2),
        initial_category_of_abuse="NEG",
        latest_category_of_abuse="EMO",
    )
    LookedAfterEpisode.objects.create(
        child=child_a,
        decom=datetime.date(2026, 3, 1),
        rne="S",
        legal_status="C2",
        cin="N1",
        place="U1",
        place_provider="PR1",
    )
    client.force_login(org[OrgRole.TEAM_MANAGER])
    body = client.get(reverse("api:child-episodes", args=[child_a.pk])).json()
    [ref] = body["referrals"]
    assert ref["referral_source"] == "6"
    assert len(ref["assessments"]) == 2
    withdrawn = {a["withdrawn_on"] for a in ref["assessments"]}
    assert withdrawn == {None, "2026-01-09"}
    assert ref["cp_plans"][0]["latest_category_of_abuse"] == "EMO"
    assert body["looked_after_episodes"][0]["legal_status"] == "C2"
    assert AuditLog.objects.filter(action="child.view_api_episodes", child_id=child_a.pk).count() == 1


def test_notes_are_final_only_and_paginated(org, client, child_a):
    worker = org["social-worker"]
    final = _note(worker, [child_a], title="Final visit")
    _note(worker, [child_a], status=NoteStatus.DRAFT, title="Draft visit")
    client.force_login(worker)
    body = client.get(reverse("api:child-notes", args=[child_a.pk])).json()
    assert [n["id"] for n in body["results"]] == [final.pk]
    assert body["results"][0]["seen"] is True
    assert body["results"][0]["author"] == worker.full_name
    assert AuditLog.objects.filter(action="child.view_api_notes", child_id=child_a.pk).count() == 1
    for i in range(55):
        _note(worker, [child_a], days_ago=i + 2)
    body = client.get(reverse("api:child-notes", args=[child_a.pk])).json()
    assert body["count"] == 56
    assert len(body["results"]) == 50


# --- recording a note --------------------------------------------------------------------------------


def _post_note(client, **fields):
    data = {
        "kind": "home-visit",
        "occurred_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "title": "Home visit",
        "body": "Both children were at home and well.",
    } | fields
    return client.post(NOTES, json.dumps(data), content_type="application/json")


def test_one_note_for_two_siblings(org, client, child_a):
    sibling = ChildFactory(unit=org.unit_a)
    client.force_login(org["social-worker"])
    response = _post_note(
        client, children=[child_a.pk, sibling.pk], seen=[child_a.pk], seen_alone=[sibling.pk]
    )
    assert response.status_code == 201, response.content
    note = Note.objects.get(pk=response.json()["id"])
    assert note.status == NoteStatus.FINAL
    links = {link.child_id: (link.seen, link.seen_alone) for link in note.note_children.all()}
    assert links == {child_a.pk: (True, False), sibling.pk: (True, True)}
    child_a.refresh_from_db()
    assert child_a.last_visit_at == note.occurred_at
    assert AuditLog.objects.filter(action="note.create").count() == 2


def test_a_note_about_a_child_out_of_reach_changes_nothing(org, client, child_a, child_b):
    client.force_login(org["social-worker"])
    response = _post_note(client, children=[child_a.pk, child_b.pk])
    assert response.status_code == 400
    assert "children" in response.json()
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"occurred_at": (timezone.now() + datetime.timedelta(days=2)).isoformat()}, "occurred_at"),
        ({"kind": "gossip"}, "kind"),
        ({"title": ""}, "title"),
        ({"children": []}, "children"),
    ],
)
def test_bad_notes_are_refused_plainly(org, client, child_a, fields, field):
    client.force_login(org["social-worker"])
    response = _post_note(client, **({"children": [child_a.pk]} | fields))
    assert response.status_code == 400
    assert field in response.json()
    assert not Note.objects.exists()


def test_children_seen_must_be_among_the_children(org, client, child_a):
    sibling = ChildFactory(unit=org.unit_a)
    client.force_login(org["social-worker"])
    assert _post_note(client, children=[child_a.pk], seen=[sibling.pk]).status_code == 400


def test_authority_wide_roles_read_but_do_not_record(org, client, child_a):
    client.force_login(org[OrgRole.DIRECTOR])
    assert client.get(reverse("api:child", args=[child_a.pk])).status_code == 200
    assert _post_note(client, children=[child_a.pk]).status_code == 403


# --- schema and documentation -----------------------------------------------------------------------


def test_schema_is_valid_openapi_3(org, client):
    client.force_login(org["social-worker"])
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    for path in ("/api/v1/children/", "/api/v1/children/{child_id}/", "/api/v1/notes/"):
        assert path in schema["paths"]
    as_json = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert as_json["paths"].keys() == schema["paths"].keys()


def test_docs_page_lists_endpoints_and_loads_nothing_from_elsewhere(org, client):
    client.force_login(org[OrgRole.WORKFORCE_LEAD])
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/children/{child_id}/episodes/" in body
    assert "Record one note for one or more children" in body
    assert reverse("api:schema") in body
    assert "cdn" not in body.lower()
    assert 'src="http' not in body
