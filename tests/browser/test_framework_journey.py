"""The practice framework and co-design, in a real browser. Signed out: the public version of the
framework for families, a family member adds an anonymous idea through an invitation link (no account)
and the used link is then refused; the published statement. Signed in: the principal social worker
reads what changed between versions. Every page is checked with axe (WCAG 2.2 AA) and for console errors.
"""

from __future__ import annotations

import pytest

from hearth.framework import services
from hearth.framework.models import Group, Idea
from tests.browser.test_journeys import DEMO_DOMAIN, demo_password, follow, path_of, sign_in
from tests.factories import UserFactory
from tests.factories_framework import codesign_round, invitation, published_framework

pytestmark = pytest.mark.browser


@pytest.fixture
def framework(transactional_db, settings):
    settings.HEARTH_REQUIRE_2FA = False
    psw = UserFactory(
        email=f"principal-social-worker@{DEMO_DOMAIN}",
        full_name="Priya Nair",
        password=demo_password(),
        org_role="principal-social-worker",
    )
    published_framework(1, psw)
    draft = services.start_draft(by=psw)
    services.save_principle(
        by=psw,
        version=draft,
        name="Relationship-based",
        summary="Change happens through relationships.",
        theory="Relationship-based practice.",
        research="Families say the relationship with their worker made the difference.",
        family_text="You will know who your worker is.",
    )
    services.publish_version(by=psw, version=draft)
    round_ = codesign_round(psw, title="Our purpose and vision")
    invitation(round_, "journey-token", group=Group.PARENTS)
    return psw, round_


def test_the_public_pages_and_an_invitation_link_signed_out(journey, framework):
    page = journey.page

    page.goto("/our-practice/")
    assert path_of(page) == "/our-practice/"
    assert page.get_by_role("heading", level=1, name="How we work with children and families").is_visible()
    assert page.get_by_role("heading", name="Relationship-based").is_visible()
    journey.check()

    page.goto("/have-your-say/journey-token/")
    assert page.get_by_role("heading", level=1, name="Our purpose and vision").is_visible()
    journey.check()
    follow(page, page.get_by_role("button", name="Send my idea"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()
    page.get_by_label("Your idea").fill("Tell us what happens next, in plain words.")
    assert page.get_by_label("Send my idea anonymously").is_checked()
    follow(page, page.get_by_role("button", name="Send my idea"))
    assert path_of(page) == "/have-your-say/thank-you/"
    journey.check()
    idea = Idea.objects.get()
    assert idea.anonymous and idea.invitation_id is None

    # The link was for one idea: it is now refused, plainly.
    response = page.goto("/have-your-say/journey-token/")
    assert response.status == 410
    assert page.get_by_text("This invitation link has already been used").is_visible()
    journey.check(status=410)

    page.goto("/our-purpose/")
    assert page.get_by_role("heading", level=1, name="Our purpose and vision").is_visible()
    journey.check()


def test_staff_read_what_changed(journey, framework):
    page = journey.page
    page.goto("/framework/")
    sign_in(journey, "principal-social-worker")
    assert path_of(page) == "/framework/"
    journey.check()
    follow(page, page.get_by_role("link", name="What changed since version 1"))
    assert path_of(page) == "/framework/versions/2/changes/"
    assert page.get_by_text("Relationship-based").first.is_visible()
    journey.check()
    page.goto("/framework/versions/1/")
    assert page.get_by_text("This version has been replaced").is_visible()
    journey.check()


def test_the_principal_social_worker_runs_a_round(journey, framework):
    psw, round_ = framework
    page = journey.page
    page.goto(f"/framework/co-design/{round_.pk}/")
    sign_in(journey, "principal-social-worker")
    journey.check()
    page.get_by_label("Your idea").fill("Say plainly what families can expect.")
    follow(page, page.get_by_role("button", name="Add my idea"))
    assert page.get_by_text("Say plainly what families can expect.").is_visible()
    journey.check()
    follow(page, page.get_by_role("link", name="Invitation links for children, families and partners"))
    journey.check()
    page.get_by_label("Children and young people").check()
    page.get_by_label("Describe it, without names").fill("Children in care council")
    page.get_by_label("The link stops working after").fill("1/1/2099")
    follow(page, page.get_by_role("button", name="Make the link"))
    assert page.get_by_text("Copy it now: it is shown only once").is_visible()
    journey.check()
    page.goto(f"/framework/co-design/{round_.pk}/")
    follow(page, page.get_by_role("button", name="Close the round to ideas"))
    assert path_of(page) == f"/framework/co-design/{round_.pk}/outcome/"
    journey.check()
    page.get_by_label("Final statement", exact=True).fill("We explain what happens next, in plain words.")
    page.get_by_label("Idea 1 shaped the final statement").check()
    follow(page, page.get_by_role("button", name="Save the statement"))
    follow(page, page.get_by_role("button", name="Publish the statement"))
    journey.check()
    page.goto("/framework/draft/")
    journey.check()
