"""Every kind of page, visited in Chromium and checked with axe (zero violations) and for console errors.

The journeys test how people move through Hearth; this tour makes sure no page is left unchecked:
public pages, administration, forms with their error summaries, children's records and casework.
"""

from __future__ import annotations

import pytest

from hearth.cases.models import Note
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child
from tests.browser.test_journeys import path_of, sign_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/sign-in/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/password-reset/",
    "/password-reset/sent/",
    "/password-reset/MQ/not-a-token/",
    "/password-reset/complete/",
    "/signed-out/",
    "/session/timed-out/",
]


def visit(journey, path: str, *, submit_empty: bool = False, status: int = 200) -> None:
    page = journey.page
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}, not {status}"
    journey.check(status)
    if submit_empty:
        # Send the form as it stands (mostly empty): the error summary must pass axe too.
        form = page.locator("main form[method=post]").last
        with page.expect_navigation(wait_until="load"):
            form.locator("button[type=submit]").last.click()
        journey.check()


def test_public_pages(journey, demo):
    for path in PUBLIC_PAGES:
        visit(journey, path)
    visit(journey, "/no-such-page/", status=404)


def test_administration_pages(journey, demo):
    journey.page.goto("/sign-in/")
    sign_in(journey, "system-administrator")
    unit = Unit.objects.order_by("pk").first()
    membership = Membership.objects.filter(unit=unit).first()
    person = membership.user
    for path in [
        "/organisation/",
        f"/organisation/units/{unit.code}/",
        "/organisation/staff/",
        f"/organisation/staff/{person.pk}/",
        "/audit/",
        "/audit/?child_id=abc",
        f"/organisation/units/{unit.code}/members/{membership.pk}/end/",
    ]:
        visit(journey, path)
    for path in [
        "/organisation/units/new/",
        f"/organisation/units/{unit.code}/edit/",
        f"/organisation/units/{unit.code}/members/add/",
        "/organisation/staff/new/",
    ]:
        visit(journey, path, submit_empty=True)


def test_casework_pages(journey, demo):
    journey.page.goto("/sign-in/")
    sign_in(journey, "social-worker")
    worker_units = Membership.objects.filter(user__email="social-worker@demo.hearth.test").values("unit")
    child = Child.objects.filter(allocated_unit__in=worker_units).order_by("pk").first()
    note = Note.objects.filter(note_children__child=child).first()
    base = f"/children/{child.pk}"
    for path in [
        "/my-work/",
        "/search/?q=a",
        "/search/?q=zzzzzz",
        "/drafts/",
        f"{base}/",
        f"{base}/chronology/",
        f"{base}/chronology/print/",
        f"{base}/episodes/",
        f"{base}/plans/",
        f"/notes/{note.pk}/",
        "/api/docs/",
    ]:
        visit(journey, path)
    for path in [
        "/children/new/",
        f"{base}/edit/",
        f"{base}/notes/new/",
        f"{base}/plans/new/",
        f"{base}/relationships/new/",
        f"{base}/addresses/new/",
        f"{base}/episodes/contacts/new/",
    ]:
        visit(journey, path, submit_empty=True)
    assert path_of(journey.page).startswith("/")


def test_manager_pages_and_a_restricted_record(journey, demo):
    journey.page.goto("/sign-in/")
    sign_in(journey, "team-manager")
    unit = Unit.objects.filter(manager__email="team-manager@demo.hearth.test").order_by("pk").first()
    child = Child.objects.filter(allocated_unit=unit).order_by("pk").first()
    for path in [
        f"/caseload/{unit.code}/",
        f"/children/{child.pk}/allocate/",
        f"/children/{child.pk}/restriction/",
    ]:
        visit(journey, path)

    # A record restricted to others: the 403 page, then the break-glass page (empty reason refused).
    Child.objects.filter(pk=child.pk).update(restriction="high-profile")
    visit(journey, f"/children/{child.pk}/", status=403)
    visit(journey, f"/children/{child.pk}/break-glass/", submit_empty=True)
