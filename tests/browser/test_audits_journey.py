"""Case audits, in a real browser: the quality lead starts an audit programme, draws a case and assigns an
auditor (a consultant social worker of another unit) and a moderator; the auditor audits the case with
the worker (grades, reflections, the family's view, both agree); the moderator changes the grade with a
reason; the unit's quality page shows it. Every page visited is checked with axe (WCAG 2.2 AA) and for
console errors.

The people are made here (not the whole demo authority) so the journey is quick; their accounts are
named like the demo's.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from hearth.cases.models import Referral
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
from tests.factories_audits import AuditToolFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def quality(transactional_db, settings):
    settings.HEARTH_REQUIRE_2FA = False
    password = demo_password()
    unit = UnitFactory(name="Riverside unit", code="riverside")
    other = UnitFactory(name="Hillside unit", code="hillside")
    worker = UserFactory(email=f"social-worker@{DEMO_DOMAIN}", full_name="Sam Okafor", password=password)
    auditor = UserFactory(
        email=f"consultant-social-worker@{DEMO_DOMAIN}", full_name="Priya Shah", password=password
    )
    lead = UserFactory(
        email=f"quality-lead@{DEMO_DOMAIN}",
        full_name="Morgan Hale",
        password=password,
        org_role=OrgRole.QUALITY_LEAD,
    )
    moderator = UserFactory(
        email=f"principal-social-worker@{DEMO_DOMAIN}",
        full_name="Chris Adeyemi",
        password=password,
        org_role=OrgRole.PRINCIPAL_SOCIAL_WORKER,
    )
    MembershipFactory(unit=unit, user=worker, role=UnitRole.SOCIAL_WORKER)
    MembershipFactory(unit=other, user=auditor, role=UnitRole.CONSULTANT_SOCIAL_WORKER)
    child = ChildFactory(unit=unit, unit__lead_worker=worker, first_name="Juniper", last_name="Marchbank")
    Referral.objects.create(child=child, cin_referral_date=timezone.localdate(), referral_source="1A")
    tool = AuditToolFactory(name="What good looks like", created_by=lead)
    return unit, child, tool, moderator


def test_a_case_is_audited_with_the_worker_and_moderated(journey, quality):
    unit, child, tool, moderator = quality
    page = journey.page
    today = timezone.localdate()

    # The quality lead starts a programme for the Riverside unit and draws one case.
    page.goto("/sign-in/")
    sign_in(journey, "quality-lead")
    follow(page, nav_link(page, "Case audits"))
    assert path_of(page) == "/audits/programmes/"
    journey.check()
    follow(page, page.get_by_role("button", name="Start a programme"))
    journey.check()
    follow(page, page.get_by_role("button", name="Start the programme"))
    assert page.locator(".govuk-error-summary").is_visible()
    journey.check()
    page.get_by_label("Name of the programme").fill("Riverside audit")
    page.get_by_label("Audit tool").select_option(label="What good looks like")
    page.get_by_label("Starts on").fill(f"1/{today.month}/{today.year}")
    page.get_by_label("Ends on").fill(f"28/{today.month}/{today.year}")
    page.get_by_label("At random, within a unit or a kind of episode").check()
    page.get_by_label("Unit (for a random sample)").select_option(label="Riverside unit")
    follow(page, page.get_by_role("button", name="Start the programme"))
    assert re.fullmatch(r"/audits/programmes/\d+/", path_of(page)), page.url
    programme_path = path_of(page)
    journey.check()
    page.get_by_label("How many cases?").fill("1")
    follow(page, page.get_by_role("button", name="Draw cases"))
    assert page.get_by_text("1 case drawn").is_visible()
    journey.check()
    follow(page, page.get_by_role("link", name=re.compile("Assign")))
    journey.check()
    page.get_by_label("Auditor").select_option(label="Priya Shah")
    page.get_by_label("Moderator").select_option(label="Chris Adeyemi")
    follow(page, page.get_by_role("button", name="Save"))
    assert path_of(page) == programme_path
    journey.check()
    sign_out(journey)

    # The auditor, from another unit, audits the case with the worker.
    page.goto("/sign-in/")
    sign_in(journey, "consultant-social-worker")
    page.goto("/audits/")
    follow(page, page.get_by_role("link", name="Juniper Marchbank"))
    audit_path = path_of(page)
    assert page.get_by_text("because you audit the case").is_visible()
    journey.check()
    follow(page, page.get_by_role("button", name="Start the audit"))
    follow(page, page.get_by_role("link", name="Grade the audit"))
    journey.check()
    for criterion in tool.criteria.all():
        page.locator(f"input[name='grade_{criterion.pk}'][value='good']").check()
    page.locator("input[name='overall'][value='good']").check()
    page.get_by_label("What the audit found").fill(
        "The child's voice is clear; the goals are not the family's."
    )
    follow(page, page.get_by_role("button", name="Save the grades"))
    assert path_of(page) == audit_path
    page.get_by_label("The worker's reflections").fill("Next time the family will write the goals with me.")
    follow(page, page.get_by_role("button", name="Save the reflections"))
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("What the family said, or why their view was not gathered").fill(
        "Mother said we listen."
    )
    follow(page, page.get_by_role("button", name="Save the family's view"))
    follow(page, page.get_by_role("button", name="I agree these findings"))
    assert page.get_by_text("You have agreed the findings").is_visible()
    journey.check()
    sign_out(journey)

    # The worker agrees the findings too; then the auditor submits for moderation.
    page.goto("/sign-in/")
    sign_in(journey, "social-worker")
    page.goto(audit_path)
    journey.check()
    follow(page, page.get_by_role("button", name="I agree these findings"))
    sign_out(journey)
    page.goto("/sign-in/")
    sign_in(journey, "consultant-social-worker")
    page.goto(audit_path)
    follow(page, page.get_by_role("button", name="Submit the audit"))
    assert page.get_by_text("The audit is submitted for moderation").is_visible()
    journey.check()
    sign_out(journey)

    # The moderator changes the grade, with a reason.
    page.goto("/sign-in/")
    sign_in(journey, "principal-social-worker")
    page.goto(audit_path)
    page.get_by_label("No, the grade changes").check()
    page.get_by_label("The grade it should have").select_option(label="Outstanding")
    page.get_by_label("Why the grade changes").fill("The direct work with Juniper is exceptional.")
    follow(page, page.get_by_role("button", name="Save the moderation"))
    assert page.get_by_text("The grade is changed and the audit is moderated").is_visible()
    journey.check()

    # The unit's quality page shows it.
    page.goto(f"/audits/quality/?unit={unit.pk}")
    assert page.get_by_role("heading", level=1, name="Quality of practice").is_visible()
    assert page.get_by_role("row", name=re.compile("Riverside unit")).is_visible()
    journey.check()
