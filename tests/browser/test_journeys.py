"""Journeys through Hearth in a real browser (Debian's Chromium, driven by Playwright).

Every page visited is checked with axe-core (WCAG 2.0/2.1/2.2 A and AA, best practices) and for
console errors: see `journey.check()` in conftest.py.
"""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.browser

DEMO_DOMAIN = "demo.hearth.test"


def demo_password() -> str:
    return os.environ.get("HEARTH_DEMO_PASSWORD") or getattr(
        django_settings, "HEARTH_DEMO_PASSWORD", django_settings.HEARTH_DEMO_PASSWORD_DEFAULT
    )


def path_of(page) -> str:
    from urllib.parse import urlsplit

    return urlsplit(page.url).path


def follow(page, locator) -> None:
    """Clicks a link or button and waits until the page it leads to has loaded."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


def nav_link(page, label: str):
    """The service navigation's link called `label`."""
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=label, exact=True)


def sign_in(journey, role: str, password: str | None = None) -> None:
    """Fills in and submits the sign-in form shown on the current page."""
    page = journey.page
    assert path_of(page) == "/sign-in/", f"expected the sign-in page, got {page.url}"
    page.get_by_role("textbox", name=re.compile("email", re.I)).fill(f"{role}@{DEMO_DOMAIN}")
    if password is None:
        password = demo_password()
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    follow(page, page.get_by_role("button", name="Sign in"))


def sign_out(journey) -> None:
    page = journey.page
    follow(
        page, page.get_by_role("button", name="Sign out").or_(page.get_by_role("link", name="Sign out")).first
    )


def test_social_worker_signs_in_browses_the_organisation_and_signs_out(journey, demo):
    page = journey.page

    # Anyone not signed in is sent to sign in.
    page.goto("/")
    assert path_of(page) == "/sign-in/"
    journey.check()

    sign_in(journey, "social-worker")
    assert path_of(page) == "/", f"expected the home page after signing in, got {page.url}"
    journey.check()

    # A social worker's navigation has no audit log.
    assert nav_link(page, "Audit log").count() == 0
    follow(page, nav_link(page, "Organisation"))
    assert path_of(page) == "/organisation/"
    journey.check()

    unit_link = page.locator('a[href^="/organisation/units/"]:not([href$="/new/"])').first
    unit_href = unit_link.get_attribute("href")
    follow(page, unit_link)
    assert path_of(page) == unit_href
    journey.check()

    sign_out(journey)
    assert path_of(page) == "/signed-out/"
    journey.check()

    # Signed out means signed out: the home page asks to sign in again.
    page.goto("/")
    assert path_of(page) == "/sign-in/"


def test_system_administrator_opens_the_audit_log(journey, demo):
    page = journey.page
    page.goto("/audit/")
    assert path_of(page) == "/sign-in/"
    journey.check()

    sign_in(journey, "system-administrator")
    # The sign-in page sends people back to where they were going.
    assert path_of(page) == "/audit/", f"expected the audit log after signing in, got {page.url}"
    assert page.get_by_role("heading", level=1).first.is_visible()
    journey.check()

    # And the service navigation leads there from the home page.
    follow(page, nav_link(page, "Home"))
    assert path_of(page) == "/"
    journey.check()
    follow(page, nav_link(page, "Audit log"))
    assert path_of(page) == "/audit/"
    journey.check()


def test_failed_sign_in_shows_the_error_summary(journey, demo):
    page = journey.page
    page.goto("/sign-in/")
    journey.check()

    sign_in(journey, "social-worker", password="not-the-right-password")
    assert path_of(page) == "/sign-in/"
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), "the GOV.UK error summary is not shown"
    assert summary.get_by_role("heading").first.inner_text().strip() == "There is a problem"
    assert summary.locator(".govuk-error-summary__list li").count() >= 1
    # GOV.UK Frontend's JavaScript (allowed by the CSP) moves focus to the summary.
    assert page.evaluate("() => document.activeElement?.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    journey.check()
