"""Drafts kept on the server as a person types: saved, restored after a time-out, discarded, private."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.cases.models import Draft, Note
from hearth.cases.services.drafts import MAX_DRAFT_BYTES

from .factories import ChildFactory, note_about
from .test_notes import edit_post, make_siblings, note_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def siblings(org):
    return make_siblings(org)


# --- drafts autosaved on the server ------------------------------------------------------------


def test_a_draft_is_saved_restored_and_discarded(client_for, org, siblings):
    ava, ben, _ = siblings
    client = client_for(org["social-worker"])
    key = f"note:child:{ava.pk}"
    response = client.post(
        reverse("cases:draft-save"),
        {"key": key, "title": "Half-typed visit", "body": "Ava showed me", "children": [ava.pk, ben.pk]},
    )
    assert response.status_code == 200
    assert "Draft saved at" in response.content.decode()
    draft = Draft.objects.get(owner=org["social-worker"], key=key)
    assert draft.data["title"] == ["Half-typed visit"] and "key" not in draft.data

    # After a time-out and signing in again, the form is prefilled from the draft.
    client.logout()
    client.force_login(org["social-worker"])
    html = client.get(reverse("cases:note-add", args=[ava.pk])).content.decode()
    assert "We restored your unsaved draft from" in html
    assert 'value="Half-typed visit"' in html and "Ava showed me" in html
    assert f'value="{ben.pk}" checked' in html
    assert "New note about Ava Okafor" in client.get(reverse("cases:drafts")).content.decode()

    response = client.post(
        reverse("cases:draft-discard"), {"key": key, "next": reverse("cases:note-add", args=[ava.pk])}
    )
    assert response["Location"] == reverse("cases:note-add", args=[ava.pk])
    assert not Draft.objects.exists()
    assert "We restored" not in client.get(reverse("cases:note-add", args=[ava.pk])).content.decode()


def test_saving_the_note_discards_its_draft(client_for, org, siblings):
    ava, _, _ = siblings
    client = client_for(org["social-worker"])
    client.post(reverse("cases:draft-save"), {"key": f"note:child:{ava.pk}", "title": "x"})
    client.post(reverse("cases:note-add", args=[ava.pk]), note_post([ava]))
    assert Note.objects.count() == 1 and not Draft.objects.exists()


def test_without_javascript_a_form_with_errors_is_kept_as_a_draft(client_for, org, siblings):
    ava, _, _ = siblings
    client = client_for(org["social-worker"])
    client.post(reverse("cases:note-add", args=[ava.pk]), note_post([ava], title="", action="draft"))
    assert Note.objects.count() == 0
    assert Draft.objects.get(key=f"note:child:{ava.pk}").data["body"] == [
        "Both children were at home with their mum."
    ]


def test_another_persons_draft_is_never_shown(client_for, org, siblings):
    ava, _, _ = siblings
    Draft.objects.create(
        owner=org["consultant-social-worker"], key=f"note:child:{ava.pk}", data={"title": ["Theirs"]}
    )
    client = client_for(org["social-worker"])
    assert "Theirs" not in client.get(reverse("cases:note-add", args=[ava.pk])).content.decode()
    assert "Theirs" not in client.get(reverse("cases:drafts")).content.decode()
    client.post(reverse("cases:draft-discard"), {"key": f"note:child:{ava.pk}"})
    assert Draft.objects.filter(owner=org["consultant-social-worker"]).exists()


@pytest.mark.parametrize("key", ["note:child:{far}", "note:child:999999", "person:1", "", "note:edit:{note}"])
def test_a_draft_only_for_a_child_in_reach(client_for, org, siblings, key):
    ava, _, far = siblings
    note = note_about([ava], by=org["consultant-social-worker"])  # someone else's note
    client = client_for(org["social-worker"])
    response = client.post(
        reverse("cases:draft-save"),
        {"key": key.format(far=far.pk, note=note.pk), "title": "x"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "message": "Your draft was not saved: this form is not one you can save a draft of.",
    }
    assert not Draft.objects.exists()


def test_a_draft_that_is_too_large_is_refused_clearly(client_for, org, siblings):
    ava, _, _ = siblings
    client = client_for(org["social-worker"])
    response = client.post(
        reverse("cases:draft-save"), {"key": f"note:child:{ava.pk}", "body": "x" * (MAX_DRAFT_BYTES + 10)}
    )
    assert response.status_code == 400
    assert "too long to save automatically" in response.content.decode()
    assert not Draft.objects.exists()


def test_the_drafts_page_takes_the_same_queries_for_many_drafts(client_for, org):
    client = client_for(org["social-worker"])

    def make(n):
        for _ in range(n):
            child = ChildFactory(unit=org.unit_a)
            Draft.objects.create(
                owner=org["social-worker"], key=f"note:child:{child.pk}", data={"title": ["t"]}
            )
            note_about([child], by=org["social-worker"], final=False)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cases:drafts")).status_code == 200
        return len(queries)

    make(2)
    few = count()
    make(20)
    assert count() == few


def test_changes_to_a_note_are_kept_as_a_draft_and_a_stale_draft_cannot_overwrite(client_for, org, siblings):
    ava, _, _ = siblings
    note = note_about([ava], by=org["social-worker"], body="Original.")
    client = client_for(org["social-worker"])
    key = f"note:edit:{note.pk}"
    saved = client.post(
        reverse("cases:draft-save"), edit_post(note, body="Typed before the time-out.") | {"key": key}
    )
    assert saved.status_code == 200
    html = client.get(reverse("cases:note-edit", args=[note.pk])).content.decode()
    assert "We restored your unsaved draft" in html and "Typed before the time-out." in html
    assert "has been saved again since this draft" not in html

    # The note is saved elsewhere: the restored draft says so, and saving it changes nothing.
    Note.objects.filter(pk=note.pk).update(body="Saved elsewhere.", version=2)
    html = client.get(reverse("cases:note-edit", args=[note.pk])).content.decode()
    assert "has been saved again since this draft" in html
    response = client.post(
        reverse("cases:note-edit", args=[note.pk]), edit_post(note, body="Typed before the time-out.")
    )
    assert response.status_code == 200
    note.refresh_from_db()
    assert note.body == "Saved elsewhere."
    # "Change the saved note" discards the draft and opens the saved version.
    response = client.post(
        reverse("cases:draft-discard"), {"key": key, "next": reverse("cases:note-edit", args=[note.pk])}
    )
    html = client.get(response["Location"]).content.decode()
    assert "Saved elsewhere." in html and 'name="version" value="2"' in html
