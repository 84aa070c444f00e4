"""Record once, in a real browser: one visit for two siblings, and a draft that survives a time-out.

Uses the Playwright set-up and axe check of conftest.py, and the demo authority and sign-in helpers of
test_journeys.py. Every page visited is checked with axe (WCAG 2.2 AA) and for console errors.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.browser.test_journeys import follow, path_of, sign_in
from tests.factories import ChildFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def siblings(demo):
    """Two siblings in the demo social worker's unit, with names no other demo child has."""
    from hearth.people.models import Relationship

    worker = get_user_model().objects.get(email="social-worker@demo.hearth.test")
    unit = worker.memberships.current().first().unit
    ava = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Avery", last_name="Quillfeather")
    ben = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Bram", last_name="Quillfeather")
    Relationship.objects.create(child=ava, other_child=ben, kind="sibling")
    return ava, ben


def fill_when(page, day: datetime.date) -> None:
    page.get_by_label("Date", exact=True).fill(f"{day.day}/{day.month}/{day.year}")
    page.get_by_label("Time", exact=True).fill("10:15am")


def test_one_home_visit_for_two_siblings_is_on_both_chronologies(journey, siblings):
    ava, ben = siblings
    page = journey.page
    form_url = f"/children/{ava.pk}/notes/new/"
    page.goto(form_url)
    sign_in(journey, "social-worker")
    assert path_of(page) == form_url, f"expected the note form after signing in, got {page.url}"
    journey.check()

    page.get_by_label("Home visit", exact=True).check()
    fill_when(page, timezone.localdate() - datetime.timedelta(days=1))
    # Avery is chosen already; choosing Bram reveals "Bram was seen".
    page.get_by_label("Bram Quillfeather").check()
    page.get_by_label("Avery was seen", exact=True).check()
    page.get_by_label("Bram was seen", exact=True).check()
    page.get_by_label("Bram was seen alone", exact=True).check()
    page.get_by_label("Title", exact=True).fill("Home visit with both children")
    page.get_by_label("Note", exact=True).fill("Avery showed me her room. Bram talked about school.")
    journey.check()
    follow(page, page.get_by_role("button", name="Save note"))

    assert path_of(page) == f"/children/{ava.pk}/chronology/"
    assert page.get_by_text("Your note has been added to the chronology of Avery and Bram").is_visible()
    entry = page.get_by_role("link", name="Home visit: Home visit with both children")
    assert entry.count() == 1
    journey.check()

    page.goto(f"/children/{ben.pk}/chronology/")
    assert page.get_by_role("link", name="Home visit: Home visit with both children").count() == 1
    journey.check()

    follow(page, page.get_by_role("link", name="Home visit: Home visit with both children"))
    assert re.fullmatch(r"/notes/\d+/", path_of(page))
    assert page.get_by_text("seen alone").is_visible()
    journey.check()


def test_a_draft_survives_a_session_time_out(journey, siblings):
    ava, _ = siblings
    page = journey.page
    form_url = f"/children/{ava.pk}/notes/new/"
    page.goto(form_url)
    sign_in(journey, "social-worker")
    assert path_of(page) == form_url

    page.get_by_label("Title", exact=True).fill("Visit that was interrupted")
    # Saved about 2 seconds after the typing stops (moving to the next field saved the title already).
    with page.expect_response(
        lambda r: r.url.endswith("/drafts/save/") and "getting ready" in (r.request.post_data or "")
    ) as saved:
        page.get_by_label("Note", exact=True).fill("Avery was getting ready for school when I")
    assert saved.value.status == 200
    page.locator("#draft-status").filter(has_text="Draft saved").wait_for()
    journey.check()

    # The session times out (as the timeout warning does at its deadline).
    page.goto("/session/timed-out/")
    journey.check()
    page.goto(form_url)
    assert path_of(page) == "/sign-in/"
    sign_in(journey, "social-worker")
    assert path_of(page) == form_url

    assert page.get_by_text(re.compile("We restored your unsaved draft from")).is_visible()
    assert page.get_by_label("Title", exact=True).input_value() == "Visit that was interrupted"
    assert page.get_by_label("Note", exact=True).input_value() == "Avery was getting ready for school when I"
    journey.check()

    # The person's drafts are listed too, with a way back to each.
    page.goto("/drafts/")
    assert page.get_by_role("cell", name="New note about Avery Quillfeather", exact=True).is_visible()
    journey.check()
    follow(page, page.get_by_role("link", name=re.compile("Carry on")))
    assert path_of(page) == form_url

    follow(page, page.get_by_role("button", name="Discard draft"))
    assert path_of(page) == form_url
    assert page.get_by_label("Title", exact=True).input_value() == ""
    journey.check()


def test_a_clash_of_changes_shows_both_versions_and_the_chronology_prints(journey, siblings):
    from hearth.cases.models import Note
    from tests.factories import note_about

    ava, ben = siblings
    worker = get_user_model().objects.get(email="social-worker@demo.hearth.test")
    note = note_about([ava, ben], by=worker, title="Visit after school", body="What I first wrote.")
    page = journey.page
    page.goto(f"/notes/{note.pk}/edit/")
    sign_in(journey, "social-worker")
    journey.check()

    page.get_by_label("Note", exact=True).fill("What I wrote in this tab.")
    Note.objects.filter(pk=note.pk).update(body="What I wrote in another tab.", version=2)  # meanwhile
    follow(page, page.get_by_role("button", name="Save changes"))
    assert page.get_by_role(
        "heading", name="This note was saved again while you were changing it"
    ).is_visible()
    assert page.get_by_label("Your note").input_value() == "What I wrote in this tab."
    assert page.get_by_label("Saved note").input_value() == "What I wrote in another tab."
    journey.check()

    follow(page, page.get_by_role("button", name="Change the saved note"))
    assert page.get_by_label("Note", exact=True).input_value() == "What I wrote in another tab."
    page.get_by_label("Note", exact=True).fill("What I wrote in the end.")
    follow(page, page.get_by_role("button", name="Save changes"))
    assert page.get_by_text("This note was changed once after it was made final.").is_visible()
    page.get_by_text("Earlier versions").click()
    assert page.get_by_text("What I wrote in another tab.").is_visible()
    journey.check()

    follow(page, page.get_by_role("link", name="Back to the chronology"))
    follow(page, page.get_by_role("link", name=re.compile("Print version")))
    assert page.get_by_role("heading", name="Chronology of Avery Quillfeather").is_visible()
    journey.check()
