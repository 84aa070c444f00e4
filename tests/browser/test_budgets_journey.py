"""Devolved budgets, in a real browser: a social worker records a £40 spend for a child from the child's
record, within their delegated authority, and it is approved at once; they then record a £400 spend,
above their authority, which waits for approval; the team manager finds it under "Things to do" on My
work, approves it, and the unit's budget shows both spends approved. Every page visited is checked
with axe (WCAG 2.2 AA) and for console errors.

The people are made here (not the whole demo authority) so the journey is quick: a unit with a social
worker and a team manager whose accounts are named like the demo's, and a budget for this financial
year given by the director through the budgets app's own service.
"""

from __future__ import annotations

import re

import pytest

from hearth.budgets.models import DEFAULT_LIMITS, Category, LimitKey, Spend, SpendStatus
from hearth.core.roles import OrgRole, UnitRole
from tests.browser.test_journeys import (
    DEMO_DOMAIN,
    demo_password,
    follow,
    path_of,
    sign_in,
    sign_out,
)
from tests.factories import ChildFactory, MembershipFactory, UnitFactory, UserFactory
from tests.factories_budgets import allocate

pytestmark = pytest.mark.browser


@pytest.fixture
def family(transactional_db, settings):
    settings.HEARTH_REQUIRE_2FA = False
    password = demo_password()
    manager = UserFactory(
        email=f"team-manager@{DEMO_DOMAIN}",
        full_name="Morgan Ashby",
        password=password,
        org_role=OrgRole.TEAM_MANAGER,
    )
    director = UserFactory(
        email=f"director@{DEMO_DOMAIN}",
        full_name="Jordan Whitlow",
        password=password,
        org_role=OrgRole.DIRECTOR,
    )
    unit = UnitFactory(name="Riverside unit", code="riverside", manager=manager)
    worker = UserFactory(email=f"social-worker@{DEMO_DOMAIN}", full_name="Sam Okafor", password=password)
    MembershipFactory(unit=unit, user=worker, role=UnitRole.SOCIAL_WORKER)
    child = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Juniper", last_name="Marchbank")
    allocate(director, unit, 2000, category=Category.PRACTICAL_HELP)
    return unit, worker, manager, child


def test_a_spend_within_authority_is_approved_at_once_and_a_larger_one_is_approved_by_the_manager(
    journey, family
):
    unit, worker, manager, child = family
    page = journey.page
    # With the default limits, £40 is within a social worker's own authority and £400 is above it but
    # within the team manager's (and below the two-approver limit).
    assert 40_00 <= DEFAULT_LIMITS[LimitKey.SOCIAL_WORKER] < 400_00 <= DEFAULT_LIMITS[LimitKey.TEAM_MANAGER]
    assert 400_00 <= DEFAULT_LIMITS[LimitKey.TWO_APPROVERS]

    # The social worker records a spend from Juniper's record.
    page.goto(f"/children/{child.pk}/")
    sign_in(journey, "social-worker")
    assert path_of(page) == f"/children/{child.pk}/"
    journey.check()
    follow(page, page.get_by_role("link", name="Record a spend"))
    assert path_of(page) == f"/budgets/children/{child.pk}/spends/new/"
    journey.check()
    # Nothing filled in: the error summary, nothing saved.
    follow(page, page.get_by_role("button", name="Record spend"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert Spend.objects.count() == 0
    journey.check()
    page.get_by_label("Category").select_option(label="Practical help")
    page.get_by_label("Amount, in pounds").fill("40")
    page.get_by_label("What is the money for?").fill("Gas meter top-up for the week")
    follow(page, page.get_by_role("button", name="Record spend"))
    assert re.fullmatch(r"/budgets/spends/\d+/", path_of(page)), page.url
    assert page.get_by_text("Spend of £40 approved. You can go ahead and buy it").is_visible()
    assert page.get_by_role("heading", level=1, name="Spend of £40 Approved").is_visible()
    journey.check()

    # A larger spend, above the social worker's authority: it waits for approval.
    page.goto(f"/children/{child.pk}/")
    row = page.get_by_role("row").filter(has_text="Gas meter top-up for the week")
    assert row.get_by_text("Approved", exact=True).is_visible()
    journey.check()
    follow(page, page.get_by_role("link", name="Record a spend"))
    page.get_by_label("Category").select_option(label="Practical help")
    page.get_by_label("Amount, in pounds").fill("400")
    page.get_by_label("What is the money for?").fill("A cooker for the family's new flat")
    follow(page, page.get_by_role("button", name="Record spend"))
    assert re.fullmatch(r"/budgets/spends/\d+/", path_of(page)), page.url
    waiting_path = path_of(page)
    assert page.get_by_text("Spend of £400 recorded. It is waiting for an approver").is_visible()
    assert (
        page.get_by_role("heading", level=1, name=re.compile("Spend of £400"))
        .get_by_text("Waiting for approval")
        .is_visible()
    )
    assert page.get_by_role("button", name="Approve spend").count() == 0
    journey.check()
    sign_out(journey)

    # The team manager finds it under "Things to do" on My work and approves it.
    page.goto("/my-work/")
    sign_in(journey, "team-manager")
    assert path_of(page) == "/my-work/"
    journey.check()
    follow(page, page.get_by_role("link", name="£400 for practical help, asked for by Sam Okafor"))
    assert path_of(page) == waiting_path
    journey.check()
    follow(page, page.get_by_role("button", name="Approve spend"))
    assert path_of(page) == waiting_path
    assert page.get_by_text("Spend approved").first.is_visible()
    assert page.get_by_role("heading", level=1, name="Spend of £400 Approved").is_visible()
    assert page.get_by_text("Approved by Morgan Ashby").is_visible()
    journey.check()

    # Nothing is left waiting for the manager.
    page.goto("/budgets/approvals/")
    assert page.get_by_text("Nothing is waiting for your approval.").is_visible()
    journey.check()

    # The unit's budget shows both spends, approved.
    page.goto(f"/budgets/units/{unit.code}/")
    assert page.get_by_role("heading", level=1, name="Riverside unit budget").is_visible()
    spends = page.get_by_role("table", name="Spends, newest first")
    for purpose, amount in (
        ("Gas meter top-up for the week", "£40"),
        ("A cooker for the family's new flat", "£400"),
    ):
        row = spends.get_by_role("row").filter(has_text=purpose)
        assert row.get_by_role("cell", name=amount, exact=True).is_visible()
        assert row.get_by_text("Approved", exact=True).is_visible()
    journey.check()
    assert list(Spend.objects.order_by("amount_pence").values_list("amount_pence", "status")) == [
        (40_00, SpendStatus.APPROVED),
        (400_00, SpendStatus.APPROVED),
    ]
