"""Need scores, in a real browser: a service manager opens the need overview of their service area,
sees a high-need child whose visit is overdue, opens "why" and reads the reasons that add up to the
score, then allocates a new case with the allocation helper (choosing a suggested worker, with the
reasons shown). Every page visited is checked with axe (WCAG 2.2 AA) and for console errors.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from hearth.core.roles import OrgRole, UnitRole
from tests.browser.test_journeys import DEMO_DOMAIN, demo_password, follow, path_of, sign_in
from tests.factories import (
    ChildFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    ServiceAreaFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories_priorities import cp_plan, factor, visited

pytestmark = pytest.mark.browser


@pytest.fixture
def service(transactional_db, settings):
    settings.HEARTH_REQUIRE_2FA = False
    password = demo_password()
    manager = UserFactory(
        email=f"service-manager@{DEMO_DOMAIN}",
        full_name="Robin Hale",
        password=password,
        org_role=OrgRole.SERVICE_MANAGER,
    )
    area = ServiceAreaFactory(
        authority=LocalAuthorityFactory(), name="North service", service_manager=manager
    )
    unit = UnitFactory(service_area=area, name="Riverside unit", code="riverside")
    lead = UserFactory(email=f"social-worker@{DEMO_DOMAIN}", full_name="Sam Okafor", password=password)
    other = UserFactory(email=f"social-worker-2@{DEMO_DOMAIN}", full_name="Alex Brennan", password=password)
    MembershipFactory(unit=unit, user=lead, role=UnitRole.SOCIAL_WORKER)
    MembershipFactory(unit=unit, user=other, role=UnitRole.SOCIAL_WORKER)
    overdue = ChildFactory(unit=unit, unit__lead_worker=lead, first_name="Juniper", last_name="Marchbank")
    cp_plan(overdue, category="NEG", start=timezone.localdate() - datetime.timedelta(days=30))
    factor(overdue, "police", days_ago=4, by=lead)
    visited(overdue, 40)
    new_case = ChildFactory(unit=unit, unit__lead_worker=lead, first_name="Rowan", last_name="Tillery")
    return area, unit, overdue, new_case, other


def test_a_manager_sees_an_overdue_high_need_child_opens_why_and_allocates_with_the_helper(journey, service):
    area, unit, overdue, new_case, other = service
    page = journey.page
    page.goto(f"/priorities/services/{area.pk}/")
    sign_in(journey, "service-manager")
    assert path_of(page) == f"/priorities/services/{area.pk}/"
    journey.check()
    overdue_table = page.locator("table", has_text="Juniper Marchbank")
    assert "Overdue" in overdue_table.inner_text()

    follow(page, overdue_table.get_by_role("link", name=re.compile("Juniper Marchbank")).first)
    assert path_of(page) == f"/priorities/children/{overdue.pk}/"
    journey.check()
    reasons = page.locator("#reasons li").all_inner_texts()
    assert "Child protection plan (neglect): +30" in reasons
    assert any("police contact" in r for r in reasons)
    total = int(page.locator(".govuk-summary-list__value strong").first.inner_text())
    assert total == sum(int(r.rsplit("+", 1)[1]) for r in reasons)

    page.goto(f"/priorities/children/{new_case.pk}/")
    follow(page, page.get_by_role("link", name="Allocate with the allocation helper"))
    assert path_of(page) == f"/priorities/children/{new_case.pk}/allocate/"
    journey.check()
    # Without a choice: the error summary, nothing changes.
    follow(page, page.get_by_role("button", name="Allocate the case"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()
    page.get_by_label("Riverside unit, lead worker Alex Brennan").check()
    follow(page, page.get_by_role("button", name="Allocate the case"))
    assert path_of(page) == f"/priorities/children/{new_case.pk}/"
    journey.check()
    new_case.refresh_from_db()
    assert new_case.lead_worker_id == other.pk
