"""Workforce in a real browser: a worker answers the wellbeing pulse; the workforce lead sees the
service's figures, the retention strategy and the pulse results. Every page is checked with axe
(`journey.check()` in conftest.py)."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_journeys import follow, nav_link, path_of, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_worker_answers_the_pulse_and_the_workforce_lead_sees_the_figures(journey, demo):
    from hearth.workforce.models import PulseParticipation, PulseResponse

    page = journey.page
    page.goto("/my-work/")
    sign_in(journey, "social-worker")
    assert path_of(page) == "/my-work/"
    journey.check()

    # The open round is on the worker's work list.
    follow(page, page.get_by_role("link", name=re.compile("Tell us how work is going")))
    assert path_of(page) == "/workforce/pulse/"
    journey.check()

    # Sending with nothing chosen: the error summary, and nothing saved.
    before = PulseResponse.objects.count()
    follow(page, page.get_by_role("button", name="Send my answers"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    journey.check()

    for statement in (
        "My workload is manageable",
        "I get the support I need from my unit and my manager",
        "I feel safe to talk about mistakes and worries",
        "I see myself still working here in two years' time",
    ):
        page.get_by_role("group", name=statement).get_by_label("Agree", exact=True).check()
    page.get_by_role("group", name=re.compile("discrimination or racism")).get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Unrealistic workload").check()
    page.get_by_label("Positive relationships and culture").check()
    page.get_by_label(re.compile("Anything else")).fill("The unit meeting helps me think.")
    follow(page, page.get_by_role("button", name="Send my answers"))
    assert "You have answered this round" in page.content()
    journey.check()
    assert PulseResponse.objects.count() == before + 1
    assert PulseParticipation.objects.filter(user__email="social-worker@demo.hearth.test").count() >= 1
    # A social worker has no workforce figures.
    assert nav_link(page, "Workforce").count() == 0
    sign_out(journey)

    page.goto("/")
    sign_in(journey, "workforce-lead")
    follow(page, nav_link(page, "Workforce"))
    assert path_of(page) == "/workforce/"
    assert page.get_by_role("heading", level=1, name="Workforce figures").is_visible()
    journey.check()

    # The service's figures: choose the first service area.
    select = page.get_by_label("Part of the organisation")
    area = select.locator("option", has_text=re.compile("^(?!Whole authority|Unit )")).first
    area_name = area.inner_text().strip()
    select.select_option(label=area_name)
    follow(page, page.get_by_role("button", name="Show figures"))
    assert page.locator(".govuk-caption-l").first.inner_text().strip() == area_name
    assert page.get_by_role("table", name=re.compile("Turnover by month")).is_visible()
    journey.check()

    follow(
        page,
        page.get_by_role("navigation", name="Workforce pages").get_by_role("link", name="Retention strategy"),
    )
    assert path_of(page) == "/workforce/retention/"
    assert page.get_by_role("heading", name="What the authority is doing").is_visible()
    journey.check()

    follow(
        page,
        page.get_by_role("navigation", name="Workforce pages").get_by_role(
            "link", name="Wellbeing pulse results"
        ),
    )
    assert path_of(page) == "/workforce/pulse/results/"
    journey.check()


def test_every_workforce_page_passes_axe(journey, demo):
    from hearth.workforce.models import StaffRecord
    from tests.browser.test_page_tour import visit

    record = StaffRecord.objects.filter(left_on__isnull=True, unit__isnull=False).order_by("pk").first()
    journey.page.goto("/sign-in/")
    sign_in(journey, "workforce-lead")
    for path in [
        "/workforce/?staff=all",
        "/workforce/staff/",
        f"/workforce/staff/{record.pk}/",
        "/workforce/posts/?vacant=on",
        "/workforce/pulse/results/",
        "/workforce/pulse/comments/",
        "/workforce/equality/",
        "/workforce/retention/",
    ]:
        visit(journey, path)
    for path in [
        "/workforce/staff/new/",
        f"/workforce/staff/{record.pk}/edit/",
        f"/workforce/staff/{record.pk}/leaving/",
        f"/workforce/staff/{record.pk}/development/new/",
        f"/workforce/staff/{record.pk}/absence/new/",
        f"/workforce/staff/{record.pk}/conversations/new/",
        "/workforce/posts/new/",
        "/workforce/pulse/rounds/new/",
        "/workforce/retention/actions/new/",
        "/workforce/extra-hours/",
        "/workforce/equality/mine/",
        "/workforce/pulse/",
    ]:
        visit(journey, path, submit_empty=True)
    sign_out(journey)
    journey.page.goto("/workforce/")
    sign_in(journey, "team-manager")
    assert path_of(journey.page) == "/workforce/"
    journey.check()
    visit(journey, "/workforce/pulse/results/")
    visit(journey, "/workforce/retention/")
