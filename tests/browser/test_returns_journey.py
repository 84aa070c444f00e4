"""Statutory returns and data quality, in a real browser: a social worker sees a data problem on a
child's record (no disability recorded, DfE rule 8540), puts the record right and the problem goes; the
performance analyst watches a return's progress bar (htmx polling) reload into the finished run, runs the
CIN census and downloads it. Every page visited is checked with axe (WCAG 2.2 AA) and for console errors
(the progress bar's script runs under the page's CSP)."""

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
def casework(transactional_db, settings):
    from hearth.returns.services.problems import refresh
    from tests.factories_returns import referral_for

    settings.HEARTH_REQUIRE_2FA = False
    unit = UnitFactory(name="Riverside unit", code="riverside")
    password = demo_password()
    worker = UserFactory(email=f"social-worker@{DEMO_DOMAIN}", full_name="Sam Okafor", password=password)
    analyst = UserFactory(
        email=f"performance-analyst@{DEMO_DOMAIN}", full_name="Priya Shah", password=password
    )
    analyst.org_role = OrgRole.PERFORMANCE_ANALYST
    analyst.save(update_fields=["org_role"])
    MembershipFactory(unit=unit, user=worker, role=UnitRole.SOCIAL_WORKER)
    today = timezone.localdate()
    child = ChildFactory(
        unit=unit,
        unit__lead_worker=worker,
        first_name="Juniper",
        last_name="Marchbank",
        date_of_birth=today - datetime.timedelta(days=9 * 365),
        sex="F",
    )
    referral_for(child, on=today - datetime.timedelta(days=20))
    refresh("cin")
    return unit, worker, analyst, child


def test_worker_fixes_a_data_problem_and_analyst_runs_the_cin_census(journey, casework):
    from hearth.returns.cin.records import current_period
    from hearth.returns.models import ReturnRun, RunStatus

    unit, worker, analyst, child = casework
    page = journey.page

    # The worker sees the problem on Juniper's record, in plain English.
    page.goto(f"/children/{child.pk}/")
    sign_in(journey, "social-worker")
    assert page.get_by_role("heading", name="Data problems").is_visible()
    assert page.get_by_text("Record whether the child has a disability").is_visible()
    journey.check()
    # ... puts the record right: no disability ...
    page.goto(f"/children/{child.pk}/edit/")
    journey.check()
    page.get_by_label("No disability").check()
    follow(page, page.get_by_role("button", name="Save changes"))
    assert path_of(page) == f"/children/{child.pk}/"
    # ... and the problem has gone.
    assert page.get_by_text("Record whether the child has a disability").count() == 0
    journey.check()
    sign_out(journey)

    # The analyst watches a run in progress: the bar moves by itself and the page reloads when it is done.
    period = current_period(timezone.localdate())
    running = ReturnRun.objects.create(
        return_name="cin",
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        started_by=analyst,
        status=RunStatus.RUNNING,
        progress_done=300,
        progress_total=1000,
    )
    page.goto("/sign-in/")
    sign_in(journey, "performance-analyst")
    page.goto(f"/returns/runs/{running.pk}/")
    assert page.get_by_text("30% done.").is_visible()
    journey.check()
    ReturnRun.objects.filter(pk=running.pk).update(progress_done=700)
    page.get_by_text("70% done.").wait_for(timeout=10_000)
    ReturnRun.objects.filter(pk=running.pk).update(status=RunStatus.DONE, subject_count=1)
    page.get_by_role("heading", name="Compared with the previous run").wait_for(timeout=10_000)
    journey.check()

    # The analyst runs the CIN census from the navigation and downloads it.
    follow(page, nav_link(page, "Returns"))
    assert path_of(page) == "/returns/"
    journey.check()
    page.get_by_label("Children in need census").check()
    page.get_by_label(re.compile(rf"^{period.label}")).check()
    follow(page, page.get_by_role("button", name="Run the return"))
    assert re.fullmatch(r"/returns/runs/\d+/", path_of(page)), page.url
    journey.check()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the return (zip)").click()
    assert download_info.value.suggested_filename.startswith(f"cin_{period.label}_")
