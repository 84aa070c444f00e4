"""Learning without blame, in a real browser: a social worker reports a near miss without their name shown;
the principal social worker takes it into a review, writes the findings, gives an action and publishes;
the principal social worker opens a serious success review, adds the child involved, writes findings
and an action, and publishes it; the social worker finds both actions on their work list, marks one
done, and finds both pieces of learning in the library by theme (never the child's name). Every page
visited is checked with axe (WCAG 2.2 AA) and for console errors.

The people are made here (not the whole demo authority) so the journey is quick.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from hearth.core.roles import OrgRole, UnitRole
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
def people(transactional_db, settings):
    settings.HEARTH_REQUIRE_2FA = False
    unit = UnitFactory(name="Riverside unit", code="riverside")
    password = demo_password()
    worker = UserFactory(email=f"social-worker@{DEMO_DOMAIN}", full_name="Sam Okafor", password=password)
    psw = UserFactory(
        email=f"principal-social-worker@{DEMO_DOMAIN}",
        full_name="Priya Lennox",
        password=password,
        org_role=OrgRole.PRINCIPAL_SOCIAL_WORKER,
    )
    MembershipFactory(unit=unit, user=worker, role=UnitRole.SOCIAL_WORKER)
    child = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Juniper", last_name="Marchbank")
    return unit, worker, psw, child


def _due(days: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day.day}/{day.month}/{day.year}"


def _write_findings(journey, helped: str, in_the_way: str, will_do: str) -> None:
    page = journey.page
    follow(page, page.get_by_role("link", name="Write the findings"))
    journey.check()
    page.get_by_label("What helped").fill(helped)
    page.get_by_label("What got in the way").fill(in_the_way)
    page.get_by_label("What we will do").fill(will_do)
    follow(page, page.get_by_role("button", name="Save findings"))
    journey.check()


def _add_action(journey, description: str, owner: str, days: int) -> None:
    page = journey.page
    page.get_by_label("Action", exact=True).fill(description)
    page.get_by_label("Owner's email address").fill(owner)
    page.get_by_label("Due by").fill(_due(days))
    follow(page, page.get_by_role("button", name="Add action"))
    assert page.get_by_text("The action has been added").is_visible()
    journey.check()


def _send_and_publish(journey) -> None:
    page = journey.page
    follow(page, page.get_by_role("button", name="Send for review"))
    assert page.get_by_text("The review has been sent for review").is_visible()
    journey.check()
    follow(page, page.get_by_role("button", name="Publish the learning"))
    assert page.get_by_text("The review is published").is_visible()
    journey.check()


def test_a_near_miss_and_a_serious_success_review_become_learning_in_the_library(journey, people):
    unit, worker, psw, child = people
    page = journey.page

    # The social worker reports a near miss in a minute, without their name shown.
    page.goto("/sign-in/")
    sign_in(journey, "social-worker")
    follow(page, nav_link(page, "Learning"))
    assert path_of(page) == "/learning/"
    journey.check()
    follow(
        page,
        page.get_by_role("button", name="Report a near miss")
        .or_(page.get_by_role("link", name="Report a near miss"))
        .first,
    )
    journey.check()
    follow(page, page.get_by_role("button", name="Report near miss"))  # empty: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()
    page.get_by_label("What happened?").fill("A letter nearly went to the address the mother had fled")
    page.get_by_label("What stopped harm?").fill("The coordinator checked the newest address note")
    page.get_by_label("Theme").select_option(label="Domestic abuse")
    page.get_by_label("Do not show my name to others").check()
    follow(page, page.get_by_role("button", name="Report near miss"))
    assert re.fullmatch(r"/learning/near-misses/\d+/", path_of(page)), page.url
    near_miss_path = path_of(page)
    assert page.get_by_text("your name is not shown to others").is_visible()
    journey.check()
    sign_out(journey)

    # The principal social worker takes it into a review and publishes the learning.
    page.goto("/sign-in/")
    sign_in(journey, "principal-social-worker")
    page.goto(near_miss_path)
    assert page.get_by_text("Name not shown").is_visible()
    assert page.get_by_text("Sam Okafor").count() == 0
    journey.check()
    follow(page, page.get_by_role("button", name="Take into a review"))
    assert re.fullmatch(r"/learning/reviews/\d+/", path_of(page)), page.url
    journey.check()
    _write_findings(
        journey,
        "The coordinator's habit of checking the newest address note.",
        "Letters took the address from an out-of-date household record.",
        "Letters take the address from the newest address note.",
    )
    _add_action(journey, "Change the letter template to use the newest address", worker.email, 14)
    _send_and_publish(journey)

    # A serious success review, with the child involved.
    follow(page, page.get_by_role("link", name="Learning reviews"))
    journey.check()
    follow(
        page,
        page.get_by_role("button", name="Open a review")
        .or_(page.get_by_role("link", name="Open a review"))
        .first,
    )
    journey.check()
    page.get_by_label("Serious success review").check()
    page.get_by_label("Title").fill("A family who stayed together: what made the difference")
    page.get_by_label("Working with fathers").check()
    follow(page, page.get_by_role("button", name="Save"))
    assert page.get_by_text("The review has been opened as a draft").is_visible()
    journey.check()
    page.get_by_label("Add a child involved").fill(child.la_child_id)
    follow(page, page.get_by_role("button", name="Add child"))
    assert page.get_by_role("link", name="Juniper Marchbank").is_visible()
    journey.check()
    _write_findings(
        journey,
        "The father was invited to every meeting and offered evening visits.",
        "Meetings were held in office hours when the father was at work.",
        "Offer evening visits to working fathers by default.",
    )
    _add_action(journey, "Share the evening visit rota with the unit", worker.email, 21)
    _send_and_publish(journey)
    sign_out(journey)

    # The social worker's actions are on their work list; they mark one done.
    page.goto("/sign-in/")
    sign_in(journey, "social-worker")
    page.goto("/my-work/")
    assert page.get_by_text("Share the evening visit rota with the unit").first.is_visible()
    assert page.get_by_text("Change the letter template to use the newest address").first.is_visible()
    journey.check()
    follow(page, page.get_by_role("link", name=re.compile("Share the evening visit rota")).first)
    journey.check()
    follow(page, page.get_by_role("button", name=re.compile("Mark as done")))
    assert page.get_by_text("The action is done").is_visible()
    journey.check()

    # Both are in the library by theme, and nothing there names the child or the reporter.
    page.goto("/learning/")
    page.get_by_label("Theme").select_option(label="Working with fathers")
    follow(page, page.get_by_role("button", name="Search"))
    assert page.get_by_role(
        "link", name="A family who stayed together: what made the difference"
    ).is_visible()
    journey.check()
    page.get_by_label("Theme").select_option(label="Domestic abuse")
    follow(page, page.get_by_role("button", name="Search"))
    link = page.get_by_role("link", name=re.compile("Near miss: domestic abuse"))
    assert link.is_visible()
    journey.check()
    follow(page, link)
    assert page.get_by_text("Letters take the address from the newest address note.").is_visible()
    main = page.locator("main")  # the header names the person signed in
    assert main.get_by_text("Juniper").count() == 0 and main.get_by_text("Sam Okafor").count() == 0
    journey.check()


def test_every_other_learning_page_passes_axe(journey, people):
    """The experiments journey (propose, agree, outcome, publish) and the retention page."""
    from tests.browser.test_page_tour import visit

    unit, worker, psw, child = people
    page = journey.page
    page.goto("/sign-in/")
    sign_in(journey, "social-worker")
    visit(journey, "/learning/experiments/new/", submit_empty=True)
    page.get_by_label("Name of the experiment").fill("Walk-and-talk sessions with teenagers")
    page.get_by_label("Hypothesis").fill("Young people say more walking side by side")
    page.get_by_label("What will you try?").fill("Direct work as a walk")
    page.get_by_label("For which families?").fill("Young people who have not engaged in the office")
    page.get_by_label("How will you know if it helped?").fill("Their own words in plans")
    page.get_by_label("Review date").fill(_due(60))
    page.get_by_label("Adolescents").check()
    follow(page, page.get_by_role("button", name="Propose experiment"))
    assert re.fullmatch(r"/learning/experiments/\d+/", path_of(page)), page.url
    experiment_path = path_of(page)
    journey.check()
    visit(journey, "/learning/experiments/?status=proposed")
    visit(journey, "/learning/near-misses/")
    sign_out(journey)

    page.goto("/sign-in/")
    sign_in(journey, "principal-social-worker")
    page.goto(experiment_path)
    journey.check()
    page.get_by_label("Yes, it can start").check()
    follow(page, page.get_by_role("button", name="Save decision"))
    assert page.get_by_text("The experiment is agreed and running").is_visible()
    journey.check()
    page.get_by_label("What happened?").fill("Eight of ten young people came to every session")
    page.get_by_label("What did we learn?").fill("Offer walking sessions by default")
    follow(page, page.get_by_role("button", name="Record outcome"))
    journey.check()
    follow(page, page.get_by_role("button", name="Publish the learning"))
    assert page.get_by_text("published in the library").is_visible()
    journey.check()
    visit(journey, "/learning/retention/", submit_empty=False)
    visit(journey, "/learning/?q=walking")
    assert page.get_by_role("link", name="Walk-and-talk sessions with teenagers").is_visible()
