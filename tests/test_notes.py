"""Record once: one note for several children, drafts kept on the server, optimistic locking."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, Note, NoteChild, NoteStatus, NoteVersion
from hearth.cases.services.notes import NoteData, record_note
from hearth.core.models import AuditLog
from hearth.people.models import BreakGlass, Child, Household, Relationship

from .factories import ChildFactory, note_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def siblings(org):
    return make_siblings(org)


def make_siblings(org):
    """Two siblings in unit A (lead worker: the social worker), and a half-sibling held by unit B."""
    sw = org["social-worker"]
    ava = ChildFactory(unit=org.unit_a, unit__lead_worker=sw, first_name="Ava", last_name="Okafor")
    ben = ChildFactory(unit=org.unit_a, unit__lead_worker=sw, first_name="Ben", last_name="Okafor")
    far = ChildFactory(unit=org.unit_b, first_name="Cara", last_name="Okafor")
    Relationship.objects.create(child=ava, other_child=ben, kind="sibling")
    Relationship.objects.create(child=far, other_child=ava, kind="half-sibling")
    return ava, ben, far


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def note_post(children, *, kind="home-visit", seen=(), seen_alone=(), day=None, **extra):
    day = day or yesterday()
    data = {
        "kind": kind,
        "occurred_on": f"{day.day}/{day.month}/{day.year}",
        "occurred_time": "2:30pm",
        "title": "After-school visit",
        "body": "Both children were at home with their mum.",
        "present": "Mum",
        "children": [str(c.pk) for c in children],
    }
    data |= {f"seen_{c.pk}": "on" for c in seen}
    data |= {f"seen_alone_{c.pk}": "on" for c in seen_alone}
    return data | extra


# --- record once -------------------------------------------------------------------------------


def test_the_form_offers_the_child_and_their_siblings_the_worker_can_see(client_for, org, siblings):
    ava, ben, far = siblings
    response = client_for(org["social-worker"]).get(reverse("cases:note-add", args=[ava.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ava Okafor" in html and "Ben Okafor" in html
    assert "Cara Okafor" not in html  # held by another unit
    assert f'value="{ava.pk}" checked' in html
    assert f'value="{ben.pk}" data-aria-controls' in html  # offered, not chosen


def test_a_household_child_is_offered_too(client_for, org, siblings):
    ava, _, _ = siblings
    lodger = ChildFactory(unit=org.unit_a, first_name="Dee", last_name="Ward")
    home = Household.objects.create(name="The Okafor household")
    home.children.set([ava, lodger])
    response = client_for(org["social-worker"]).get(reverse("cases:note-add", args=[ava.pk]))
    assert "Dee Ward" in response.content.decode()


def test_one_visit_note_for_two_siblings_is_on_both_chronologies(client_for, org, siblings):
    ava, ben, _ = siblings
    client = client_for(org["social-worker"])
    response = client.post(
        reverse("cases:note-add", args=[ava.pk]), note_post([ava, ben], seen=[ava, ben], seen_alone=[ben])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:chronology", args=[ava.pk])
    assert Note.objects.count() == 1
    note = Note.objects.get()
    assert note.status == NoteStatus.FINAL and note.finalised_at is not None
    links = {link.child_id: (link.seen, link.seen_alone) for link in NoteChild.objects.filter(note=note)}
    assert links == {ava.pk: (True, False), ben.pk: (True, True)}
    assert ChronologyEntry.objects.filter(source_type="cases.note", source_id=note.pk).count() == 2
    for child in (ava, ben):
        page = client.get(reverse("cases:chronology", args=[child.pk])).content.decode()
        assert "Home visit: After-school visit" in page
        assert reverse("cases:note", args=[note.pk]) in page


def test_last_visit_moves_on_only_for_children_seen_on_a_visit(client_for, org, siblings):
    ava, ben, _ = siblings
    client = client_for(org["social-worker"])
    client.post(reverse("cases:note-add", args=[ava.pk]), note_post([ava, ben], seen=[ava]))
    ava.refresh_from_db()
    ben.refresh_from_db()
    assert ava.last_visit_at is not None and timezone.localtime(ava.last_visit_at).date() == yesterday()
    assert ben.last_visit_at is None
    # A phone call is not a visit, even if the child was "seen" (on a video call).
    client.post(reverse("cases:note-add", args=[ben.pk]), note_post([ben], kind="phone-call", seen=[ben]))
    ben.refresh_from_db()
    assert ben.last_visit_at is None
    # An older visit recorded later does not move the last visit back.
    last = ava.last_visit_at
    client.post(
        reverse("cases:note-add", args=[ava.pk]),
        note_post([ava], seen=[ava], day=yesterday() - datetime.timedelta(5)),
    )
    ava.refresh_from_db()
    assert ava.last_visit_at == last


def test_a_worker_of_another_unit_cannot_record_on_the_child(client, org, siblings):
    ava, ben, _ = siblings
    client.force_login(org.other_unit_worker)
    url = reverse("cases:note-add", args=[ava.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, note_post([ava, ben])).status_code == 404
    assert Note.objects.count() == 0


def test_a_child_outside_reach_cannot_be_added_to_the_note(client_for, org, siblings):
    ava, _, far = siblings
    response = client_for(org["social-worker"]).post(
        reverse("cases:note-add", args=[ava.pk]), note_post([ava, far])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "you can record only on children your units work with" in html
    assert Note.objects.count() == 0 and ChronologyEntry.objects.count() == 0


def test_the_service_refuses_a_child_outside_reach(org, siblings):
    ava, _, far = siblings
    data = NoteData(kind="home-visit", occurred_at=timezone.now(), title="t", body="b")
    with pytest.raises(PermissionDenied):
        record_note(by=org["social-worker"], children=[ava, far], data=data)
    assert Note.objects.count() == 0


def test_a_restricted_child_needs_break_glass(client_for, org, siblings):
    ava, _, _ = siblings
    Child.objects.filter(pk=ava.pk).update(restriction="high-profile")
    client = client_for(org["social-worker"])
    url = reverse("cases:note-add", args=[ava.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert reverse("people:break-glass", args=[ava.pk]) in response.content.decode()
    BreakGlass.objects.create(
        child=ava,
        user=org["social-worker"],
        reason="Visit today",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert client.get(url).status_code == 200


def test_a_note_about_a_restricted_child_needs_break_glass_to_read(client_for, org, siblings):
    ava, _, _ = siblings
    note = note_about([ava], by=org["consultant-social-worker"])
    Child.objects.filter(pk=ava.pk).update(restriction="staff-relative")
    response = client_for(org["social-worker"]).get(reverse("cases:note", args=[note.pk]))
    assert response.status_code == 403
    assert reverse("people:break-glass", args=[ava.pk]) in response.content.decode()
    assert client_for(org.other_unit_worker).get(reverse("cases:note", args=[note.pk])).status_code == 404


def test_roles_that_do_not_record_are_refused(client_for, org, siblings):
    ava, _, _ = siblings
    response = client_for(org["director"]).get(reverse("cases:note-add", args=[ava.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"kind": ""}, "kind", "Select what kind of note this is"),
        ({"occurred_on": "31/2/2026"}, "occurred_on", "Enter a real date, like 27/3/2026"),
        ({"occurred_time": "25:99"}, "occurred_time", "Enter a real time, like 14:30 or 2:30pm"),
        ({"title": ""}, "title", "Enter a title"),
        ({"body": ""}, "body", "Enter the note"),
        ({"children": []}, "children", "Select at least one child the note is about"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_no_note(client_for, org, siblings, change, field, message):
    ava, _, _ = siblings
    response = client_for(org["social-worker"]).post(
        reverse("cases:note-add", args=[ava.pk]), note_post([ava]) | change
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and f'href="#id_{field}"' in html
    assert "<title>Error: " in html
    assert Note.objects.count() == 0


def test_a_note_cannot_be_in_the_future(client_for, org, siblings):
    ava, _, _ = siblings
    client = client_for(org["social-worker"])
    url = reverse("cases:note-add", args=[ava.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert (
        "The date must be today or in the past"
        in client.post(url, note_post([ava], day=tomorrow)).content.decode()
    )
    later = timezone.localtime() + datetime.timedelta(hours=2)
    if later.date() == timezone.localdate():
        data = note_post([ava], day=later.date(), occurred_time=later.strftime("%H:%M"))
        assert "The time must be now or in the past" in client.post(url, data).content.decode()
    assert Note.objects.count() == 0


def test_seen_alone_means_seen(client_for, org, siblings):
    ava, _, _ = siblings
    response = client_for(org["social-worker"]).post(
        reverse("cases:note-add", args=[ava.pk]), note_post([ava], seen_alone=[ava])
    )
    assert "If Ava was seen alone, select ‘Ava was seen’ too" in response.content.decode()
    assert Note.objects.count() == 0


# --- notes saved as drafts ---------------------------------------------------------------------


def test_a_note_saved_as_a_draft_is_seen_only_by_its_author_until_finalised(
    client_for, client, org, siblings
):
    ava, _, _ = siblings
    sw, consultant = org["social-worker"], org["consultant-social-worker"]
    client.force_login(sw)
    response = client.post(
        reverse("cases:note-add", args=[ava.pk]), note_post([ava], seen=[ava], action="draft")
    )
    note = Note.objects.get()
    assert response["Location"] == reverse("cases:note", args=[note.pk])
    assert note.status == NoteStatus.DRAFT
    ava.refresh_from_db()
    assert ava.last_visit_at is None  # not a visit on the record until final
    assert (
        "Draft – only you can see it"
        in client.get(reverse("cases:chronology", args=[ava.pk])).content.decode()
    )

    client.force_login(consultant)
    assert "After-school visit" not in client.get(reverse("cases:chronology", args=[ava.pk])).content.decode()
    assert client.get(reverse("cases:note", args=[note.pk])).status_code == 404
    assert client.post(reverse("cases:note-finalise", args=[note.pk])).status_code == 404

    client.force_login(sw)
    assert client.post(reverse("cases:note-finalise", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    ava.refresh_from_db()
    assert note.status == NoteStatus.FINAL and ava.last_visit_at == note.occurred_at
    client.force_login(consultant)
    assert "After-school visit" in client.get(reverse("cases:chronology", args=[ava.pk])).content.decode()
    assert client.get(reverse("cases:note", args=[note.pk])).status_code == 200


# --- changes and optimistic locking ------------------------------------------------------------


def edit_post(note, **change):
    local = timezone.localtime(note.occurred_at)
    return {
        "kind": note.kind,
        "occurred_on": local.strftime("%d/%m/%Y"),
        "occurred_time": local.strftime("%H:%M"),
        "title": note.title,
        "body": note.body,
        "present": note.present,
        "version": note.version,
    } | change


def test_changing_a_final_note_keeps_the_earlier_version(client_for, org, siblings):
    ava, ben, _ = siblings
    note = note_about([ava, ben], by=org["social-worker"], body="First words.")
    client = client_for(org["social-worker"])
    response = client.post(
        reverse("cases:note-edit", args=[note.pk]), edit_post(note, body="Better words.", title="Visit")
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.body, note.version) == ("Better words.", 2)
    old = NoteVersion.objects.get(note=note)
    assert (old.version, old.body, old.saved_by) == (1, "First words.", org["social-worker"])
    assert set(ChronologyEntry.objects.filter(source_id=note.pk).values_list("title", flat=True)) == {
        "Home visit: Visit"
    }
    page = client.get(reverse("cases:note", args=[note.pk])).content.decode()
    assert "This note was changed once" in page and "First words." in page


def test_two_changes_at_once_show_both_versions_and_change_nothing(client_for, org, siblings):
    ava, _, _ = siblings
    note = note_about([ava], by=org["social-worker"], body="Original.")
    client = client_for(org["social-worker"])
    form = client.get(reverse("cases:note-edit", args=[note.pk])).content.decode()
    assert 'name="version" value="1"' in form
    # Meanwhile the note is saved from another tab.
    Note.objects.filter(pk=note.pk).update(body="Saved from the other tab.", version=2)
    response = client.post(reverse("cases:note-edit", args=[note.pk]), edit_post(note, body="My new words."))
    assert response.status_code == 200
    html = response.content.decode()
    assert "My new words." in html and "Saved from the other tab." in html
    assert "Nothing has been changed" in html
    note.refresh_from_db()
    assert (note.body, note.version) == ("Saved from the other tab.", 2)
    assert not NoteVersion.objects.exists()


def test_only_the_author_changes_a_note(client_for, org, siblings):
    ava, _, _ = siblings
    note = note_about([ava], by=org["social-worker"])
    client = client_for(org["consultant-social-worker"])
    assert client.get(reverse("cases:note-edit", args=[note.pk])).status_code == 403
    assert (
        client.post(reverse("cases:note-edit", args=[note.pk]), edit_post(note, body="No")).status_code == 403
    )
    note.refresh_from_db()
    assert note.body == "Visited at home."


# --- audit ----------------------------------------------------------------------------------------


def test_recording_reading_and_changing_a_note_are_audited(client_for, org, siblings):
    ava, ben, _ = siblings
    sw = org["social-worker"]
    client = client_for(sw)
    client.post(reverse("cases:note-add", args=[ava.pk]), note_post([ava, ben]))
    note = Note.objects.get()
    created = AuditLog.objects.filter(action="note.create", object_id=str(note.pk))
    assert set(created.values_list("child_id", flat=True)) == {ava.pk, ben.pk}
    assert all(row.actor == sw for row in created)

    client_for(org["team-manager"]).get(reverse("cases:note", args=[note.pk]))
    viewed = AuditLog.objects.filter(action="note.view", actor=org["team-manager"])
    assert set(viewed.values_list("child_id", flat=True)) == {ava.pk, ben.pk}

    client = client_for(sw)
    client.post(reverse("cases:note-edit", args=[note.pk]), edit_post(note, body="Changed."))
    assert AuditLog.objects.filter(action="note.edit", object_id=str(note.pk)).count() == 2
    assert AuditLog.objects.filter(action="child.view_note_form", child_id=ava.pk).exists()


def test_the_note_page_names_only_children_the_reader_can_see(client_for, org, siblings):
    ava, _, far = siblings
    note = note_about([ava], by=org["social-worker"])
    NoteChild.objects.create(note=note, child=far)
    html = client_for(org["social-worker"]).get(reverse("cases:note", args=[note.pk])).content.decode()
    assert "Ava Okafor" in html and "Cara" not in html
    assert "and 1 other child whose record you cannot see" in html
    # The worker of the other unit reads it through their own child, and learns nothing of Ava.
    response = client_for(org.other_unit_worker).get(reverse("cases:note", args=[note.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cara Okafor" in html and "Ava Okafor" not in html
