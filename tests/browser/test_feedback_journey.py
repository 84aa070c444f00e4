"""Feedback, in a real browser at a phone's size (375 × 667): a social worker makes a feedback link from
a child's record; the link opens without an account, the form (and its version with faces) is filled in
and sent; the same link is then refused with a clear message. Every page is checked with axe (WCAG 2.2
AA) and for console errors (the CSP allows no inline script or style).
"""

from __future__ import annotations

import re

import pytest

from hearth.core.roles import UnitRole
from hearth.feedback.models import Invitation, Response
from tests.browser.test_journeys import DEMO_DOMAIN, demo_password, follow, path_of, sign_in, sign_out
from tests.factories import ChildFactory, MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def family(transactional_db, settings):
    settings.HEARTH_REQUIRE_2FA = False
    unit = UnitFactory(name="Riverside unit", code="riverside")
    worker = UserFactory(
        email=f"social-worker@{DEMO_DOMAIN}", full_name="Sam Okafor", password=demo_password()
    )
    MembershipFactory(unit=unit, user=worker, role=UnitRole.SOCIAL_WORKER)
    child = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Juniper", last_name="Marchbank")
    return unit, worker, child


def test_a_feedback_link_works_once_on_a_phone(journey, family):
    unit, worker, child = family
    page = journey.page
    page.set_viewport_size(PHONE)

    # The worker makes a link from Juniper's record.
    page.goto(f"/children/{child.pk}/")
    sign_in(journey, "social-worker")
    journey.check()
    follow(page, page.get_by_role("button", name="Send a feedback link"))
    assert path_of(page) == f"/feedback/children/{child.pk}/send/"
    journey.check()
    page.get_by_label("A child or young person").check()
    page.get_by_label("The usual form").check()
    follow(page, page.get_by_role("button", name="Make the link"))
    assert page.get_by_role("heading", level=1, name="Feedback link ready").is_visible()
    journey.check()
    link = page.locator(".feedback-link a").get_attribute("href")
    assert re.search(r"/feedback/give/[A-Za-z0-9_-]{40,}/$", link), link
    sign_out(journey)

    # The young person opens the link on their phone, with no account.
    page.goto(link)
    assert page.get_by_role("heading", level=1, name="Tell us what you think").is_visible()
    journey.check()
    # The version with faces: every face has its meaning in words as the radio's label.
    follow(page, page.get_by_role("link", name="Use the form with faces, for younger children"))
    assert page.get_by_role("radio", name="Happy: yes, they listened").is_visible()
    journey.check()
    # Nothing answered: the error summary, nothing saved.
    follow(page, page.get_by_role("button", name="Send"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()
    page.get_by_role("radio", name="In the middle: sometimes").check()
    page.get_by_label("What was good?").fill("The trip to the park")
    page.get_by_label("What would make it better?").fill("Come on time")
    follow(page, page.get_by_role("button", name="Send"))
    assert path_of(page) == "/feedback/give/thanks/"
    assert page.get_by_role("heading", level=1, name="Thank you").is_visible()
    journey.check()
    assert Invitation.objects.get().used is True
    response = Response.objects.get()
    assert response.child_id is None and not response.named and response.version == "younger"

    # The same link again: refused, kindly, and nothing changes.
    page.goto(link)
    assert page.get_by_role("heading", level=1, name="Sorry, this link does not work").is_visible()
    assert page.get_by_text("This link or code has already been used").is_visible()
    journey.check(status=410)
    assert Response.objects.count() == 1

    # The page for typing a code, on the phone too.
    page.goto("/feedback/give/")
    journey.check()
    page.get_by_label("Your code").fill("AAAA-AAAA")
    follow(page, page.get_by_role("button", name="Continue"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()

    # The unit's public "you said, we did".
    page.goto(f"/feedback/you-said-we-did/{unit.code}/")
    journey.check()
