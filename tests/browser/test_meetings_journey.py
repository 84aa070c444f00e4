"""A unit meeting, in a real browser: the consultant social worker opens this week's meeting, puts two
children on the agenda, records a hypothesis and an alternative for one (autosaved as they type) and
agrees an action for a colleague; the colleague finds it on their work list and on the child's
chronology. Every page visited is checked with axe (WCAG 2.2 AA) and for console errors.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.browser.test_journeys import follow, nav_link, path_of, sign_in, sign_out
from tests.factories import ChildFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def family(demo):
    """Two children of the demo consultant's unit, with names no other demo child has."""
    worker = get_user_model().objects.get(email="social-worker@demo.hearth.test")
    unit = worker.memberships.current().first().unit
    juniper = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Juniper", last_name="Marchbank")
    rowan = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Rowan", last_name="Marchbank")
    return unit, worker, juniper, rowan


def add_to_agenda(journey, child) -> None:
    page = journey.page
    page.get_by_label("Add a child to the agenda").select_option(label=child.full_name)
    follow(page, page.get_by_role("button", name="Add to agenda", exact=True))
    assert page.get_by_text(f"{child.full_name} has been added to the agenda").is_visible()


def test_a_unit_meeting_agrees_an_action_that_the_colleague_sees(journey, family):
    unit, worker, juniper, rowan = family
    page = journey.page

    # The consultant opens this week's meeting from the unit's page.
    page.goto(f"/organisation/units/{unit.code}/")
    sign_in(journey, "consultant-social-worker")
    assert path_of(page) == f"/organisation/units/{unit.code}/"
    journey.check()
    follow(page, page.get_by_role("link", name="Open this week’s meeting"))
    assert re.fullmatch(r"/meetings/\d+/", path_of(page)), page.url
    meeting_path = path_of(page)
    assert page.get_by_role("heading", level=1, name="Unit meeting").is_visible()
    journey.check()

    # Two children on the agenda.
    add_to_agenda(journey, juniper)
    add_to_agenda(journey, rowan)
    agenda = page.locator("#agenda + ol")
    assert agenda.get_by_role("link", name="Juniper Marchbank").is_visible()
    assert agenda.get_by_role("link", name="Rowan Marchbank").is_visible()
    journey.check()

    # A hypothesis and an alternative for Juniper, saved as they are typed.
    section = page.locator("section").filter(
        has=page.get_by_role("heading", level=2, name=re.compile(r"\d+\. Juniper Marchbank"))
    )
    section.get_by_label("Current hypothesis").fill("Juniper's mother is exhausted by night shifts")
    with page.expect_response(
        lambda r: r.url.endswith("/save/") and "bullied" in (r.request.post_data or "")
    ) as saved:
        section.get_by_label("Alternative hypothesis 1").fill("Juniper is being bullied and avoids school")
        section.get_by_label("What would tell them apart").focus()  # leaving the box saves at once
    assert saved.value.status == 200
    section.get_by_role("status").filter(has_text="Saved at").wait_for()
    journey.check()

    # An action for the social worker, due next week.
    due = timezone.localdate() + datetime.timedelta(days=7)
    section.get_by_label("Action", exact=True).fill("Ring Juniper's school about Mondays")
    section.get_by_label("Who will do it").select_option(label=worker.full_name)
    section.get_by_label("Due by").fill(f"{due.day}/{due.month}/{due.year}")
    follow(page, section.get_by_role("button", name="Add action"))
    assert path_of(page) == meeting_path
    assert page.get_by_text(f"Action added for Juniper Marchbank: {worker.full_name}").is_visible()
    # What was autosaved is still there after the page came back.
    section = page.locator("section").filter(
        has=page.get_by_role("heading", level=2, name=re.compile(r"\d+\. Juniper Marchbank"))
    )
    assert (
        section.get_by_label("Current hypothesis").input_value()
        == "Juniper's mother is exhausted by night shifts"
    )
    assert (
        section.get_by_label("Alternative hypothesis 1").input_value()
        == "Juniper is being bullied and avoids school"
    )
    assert section.get_by_role("link", name="Ring Juniper's school about Mondays").is_visible()
    journey.check()
    sign_out(journey)

    # The colleague signs in and finds the action on their work list ...
    page.goto("/sign-in/")
    sign_in(journey, "social-worker")
    follow(page, nav_link(page, "My work"))
    assert path_of(page) == "/my-work/"
    things = page.locator("h2", has_text="Things to do").locator("xpath=following-sibling::table[1]")
    row = things.get_by_role("row").filter(has_text="Ring Juniper's school about Mondays")
    assert row.count() == 1
    assert row.get_by_text("Juniper Marchbank").is_visible()
    journey.check()
    follow(page, row.get_by_role("link", name="Ring Juniper's school about Mondays"))
    assert re.fullmatch(r"/meetings/actions/\d+/", path_of(page))
    assert page.get_by_role("button", name="Mark as done").is_visible()
    journey.check()

    # ... and on Juniper's chronology.
    page.goto(f"/children/{juniper.pk}/chronology/")
    entry = page.get_by_role("link", name="Action agreed: Ring Juniper's school about Mondays")
    assert entry.count() == 1
    journey.check()

    # Juniper's record shows the unit's thinking.
    page.goto(f"/children/{juniper.pk}/")
    assert page.get_by_text("Juniper's mother is exhausted by night shifts").is_visible()
    assert page.get_by_text("Juniper is being bullied and avoids school").is_visible()
    journey.check()


def test_every_meeting_page_passes_axe(journey, family):
    """The other pages of unit meetings, with their error summaries, a conflict and the read-only view."""
    from hearth.meetings import services
    from hearth.meetings.models import Action, Discussion, Meeting
    from tests.browser.test_page_tour import visit

    unit, worker, juniper, _ = family
    page = journey.page
    meeting = Meeting.objects.filter(unit=unit).order_by("-held_on").first()
    discussion = Discussion.objects.filter(meeting__unit=unit, status="discussed").first()
    action = Action.objects.filter(discussion__meeting__unit=unit).first()

    page.goto("/sign-in/")
    sign_in(journey, "consultant-social-worker")
    for path in [
        f"/meetings/units/{unit.code}/",
        f"/meetings/units/{unit.code}/requests/",
        f"/meetings/units/{unit.code}/requests/?status=all",
        f"/meetings/discussions/{discussion.pk}/",
        f"/meetings/actions/{action.pk}/",
    ]:
        visit(journey, path)
    visit(journey, f"/meetings/units/{unit.code}/requests/new/?child={juniper.pk}", submit_empty=True)
    visit(journey, f"/meetings/units/{unit.code}/schedule/")

    # The meeting page with an error summary (an empty action), then with a conflict.
    visit(journey, meeting.get_absolute_url())
    first = page.locator("section[id^=discussion-]").first
    follow(page, first.get_by_role("button", name="Add action"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()
    current = Discussion.objects.filter(meeting=meeting).first()
    page.goto(meeting.get_absolute_url())
    services.save_discussion(
        by=worker,
        discussion=current,
        data=services.DiscussionData(hypothesis="Saved by someone else meanwhile"),
        expected_version=current.version,
    )
    first = page.locator("section[id^=discussion-]").first
    first.get_by_label("Current hypothesis").fill("Typed here at the same time")
    follow(page, first.get_by_role("button", name=re.compile(r"^Save the discussion")))
    assert page.get_by_text("Saved by someone else meanwhile").is_visible()
    mine = page.locator("section[id^=discussion-]").first.get_by_label("Current hypothesis")
    assert mine.input_value() == "Typed here at the same time"
    journey.check()
    sign_out(journey)

    # Read only, for the director.
    page.goto("/sign-in/")
    sign_in(journey, "director")
    visit(journey, meeting.get_absolute_url())
    visit(journey, f"/children/{juniper.pk}/")
