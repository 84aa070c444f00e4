"""Practical help, in a real browser: a social worker raises a practical request from a child's record;
the unit coordinator finds it in the unit's queue, takes it, records what was done and closes it as
done; the social worker sees it done in their requests and on the child's chronology. Every page
visited is checked with axe (WCAG 2.2 AA) and for console errors.

The people are made here (not the whole demo authority) so the journey is quick: a unit with a social
worker and a coordinator whose accounts are named like the demo's.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from hearth.core.roles import UnitRole
from tests.browser.test_journeys import (
    DEMO_DOMAIN,
    demo_password,
    follow,
    nav_link,
    path_of,
    sign_in,
    sign_out,
)
from tests.factories import ChildFactory, MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def family(transactional_db, settings):
    settings.HEARTH_REQUIRE_2FA = False
    unit = UnitFactory(name="Riverside unit", code="riverside")
    password = demo_password()
    worker = UserFactory(email=f"social-worker@{DEMO_DOMAIN}", full_name="Sam Okafor", password=password)
    coordinator = UserFactory(
        email=f"unit-coordinator@{DEMO_DOMAIN}", full_name="Alex Brennan", password=password
    )
    MembershipFactory(unit=unit, user=worker, role=UnitRole.SOCIAL_WORKER)
    MembershipFactory(unit=unit, user=coordinator, role=UnitRole.UNIT_COORDINATOR)
    child = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Juniper", last_name="Marchbank")
    return unit, worker, coordinator, child


def test_a_practical_request_is_raised_taken_and_done(journey, family):
    unit, worker, coordinator, child = family
    page = journey.page
    due = timezone.localdate() + datetime.timedelta(days=5)

    # The social worker raises a request from Juniper's record.
    page.goto(f"/children/{child.pk}/")
    sign_in(journey, "social-worker")
    assert path_of(page) == f"/children/{child.pk}/"
    journey.check()
    follow(page, page.get_by_role("link", name="Raise a practical request"))
    assert path_of(page) == f"/support/children/{child.pk}/new/"
    journey.check()
    # Nothing filled in: the error summary, nothing saved.
    follow(page, page.get_by_role("button", name="Send request"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()
    page.get_by_label("School uniform").check()
    page.get_by_label("What is needed?").fill("Year 7 uniform: blazer, two shirts and PE kit, age 11 to 12")
    page.get_by_label("Needed by").fill(f"{due.day}/{due.month}/{due.year}")
    follow(page, page.get_by_role("button", name="Send request"))
    assert re.fullmatch(r"/support/\d+/", path_of(page)), page.url
    request_path = path_of(page)
    assert page.get_by_text("Your request has been sent to the unit coordinator").is_visible()
    journey.check()
    sign_out(journey)

    # The coordinator opens the unit's queue from the navigation, takes the request and completes it.
    page.goto("/sign-in/")
    sign_in(journey, "unit-coordinator")
    follow(page, nav_link(page, "Requests"))
    assert path_of(page) == f"/support/units/{unit.code}/"
    assert page.get_by_role("heading", level=1, name="Practical requests").is_visible()
    journey.check()
    follow(page, page.get_by_role("link", name=re.compile("School uniform")))
    assert path_of(page) == request_path
    journey.check()
    follow(page, page.get_by_role("button", name="Take this request"))
    assert page.get_by_text("You have taken this request").is_visible()
    journey.check()
    page.get_by_label("What was done", exact=True).fill("Ordered from the school shop; delivery on Tuesday")
    follow(page, page.get_by_role("button", name="Record what was done"))
    assert page.get_by_text("Ordered from the school shop; delivery on Tuesday").is_visible()
    journey.check()
    page.get_by_label("Done", exact=True).check()
    page.get_by_label("What was done, or why it cannot be done").fill("Delivered to the family's home")
    follow(page, page.get_by_role("button", name="Close the request"))
    assert page.get_by_text("The request is closed as done").is_visible()
    journey.check()
    sign_out(journey)

    # The social worker sees it done in their requests and on Juniper's chronology.
    page.goto("/support/")
    sign_in(journey, "social-worker")
    assert path_of(page) == "/support/"
    row = page.get_by_role("row").filter(has_text="School uniform")
    assert row.get_by_text("Done", exact=True).is_visible()
    journey.check()
    page.goto(f"/children/{child.pk}/chronology/")
    assert page.get_by_text("Practical help done: School uniform").first.is_visible()
    assert page.get_by_text("Practical help asked for: School uniform").first.is_visible()
    journey.check()


def test_every_support_and_clinical_page_passes_axe(journey, family):
    """The other pages: the clinical request form (empty, with its errors), a clinical request as its
    clinician sees it at each step, the clinicians' queue, the closed tab of the practical queue and the
    unit page with its figures."""
    from tests.browser.test_page_tour import visit

    unit, worker, coordinator, child = family
    clinician = UserFactory(
        email=f"clinician@{DEMO_DOMAIN}", full_name="Robin Hale", password=demo_password()
    )
    MembershipFactory(unit=unit, user=clinician, role=UnitRole.CLINICIAN)
    page = journey.page

    page.goto("/sign-in/")
    sign_in(journey, "social-worker")
    visit(journey, f"/clinical/children/{child.pk}/new/", submit_empty=True)
    page.get_by_label("Family therapy").check()
    page.get_by_label("What is the question to answer?").fill("How can the family talk about the separation?")
    follow(page, page.get_by_role("button", name="Send request"))
    assert re.fullmatch(r"/clinical/\d+/", path_of(page)), page.url
    request_path = path_of(page)
    journey.check()
    visit(journey, "/support/")
    visit(journey, f"/organisation/units/{unit.code}/")
    sign_out(journey)

    page.goto("/sign-in/")
    sign_in(journey, "clinician")
    follow(page, nav_link(page, "Requests"))
    assert path_of(page) == "/clinical/"
    journey.check()
    visit(journey, "/clinical/?status=closed&service=family-therapy")
    visit(journey, request_path)
    follow(page, page.get_by_role("button", name="Take this request"))
    journey.check()
    follow(page, page.get_by_role("button", name="Record first contact"))  # empty: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()
    today = timezone.localdate()
    page.get_by_label("Date of first contact").fill(f"{today.day}/{today.month}/{today.year}")
    follow(page, page.get_by_role("button", name="Record first contact"))
    journey.check()
    page.get_by_label("Your input").fill("Met the family; offered six sessions of family therapy")
    follow(page, page.get_by_role("button", name="Record input"))
    follow(page, page.get_by_role("button", name="Close the request"))
    assert page.get_by_text("The request is closed").first.is_visible()
    journey.check()
    sign_out(journey)

    page.goto("/sign-in/")
    sign_in(journey, "unit-coordinator")
    visit(journey, f"/support/units/{unit.code}/?status=closed")
    visit(journey, f"/children/{child.pk}/chronology/")
    assert page.get_by_text("Clinical input (Family therapy) from Robin Hale").first.is_visible()
