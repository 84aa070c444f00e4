"""The organisational health check, in a real browser: the director opens the heatmap, sees a unit
struggling on small, flat teams, drills into the unit's live page, follows an indicator to the records
behind it (who holds each post in the unit's line of management), then opens the printable report and downloads it as a PDF (audited).
Every page visited is checked with axe (WCAG 2.2 AA) and for console errors."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from hearth.core.roles import OrgRole, UnitRole
from tests.browser.test_journeys import DEMO_DOMAIN, demo_password, follow, path_of, sign_in
from tests.factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    ServiceAreaFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def authority(transactional_db, settings):
    """Riverside unit: nine people (too many: "people in the unit" is below its threshold) under five
    layers of management (close to the limit), so it struggles on small, flat teams. Hillside unit: three
    people and a short line. The latest figures are worked out as the nightly refresh would."""
    from hearth.insights.services import take_snapshot

    settings.HEARTH_REQUIRE_2FA = False
    password = demo_password()

    def person(email, name, role=""):
        return UserFactory(email=f"{email}@{DEMO_DOMAIN}", full_name=name, password=password, org_role=role)

    director = person("director", "Morgan Ellis", OrgRole.DIRECTOR)
    authority = LocalAuthorityFactory(name="Northshire County Council", director=director)
    area = ServiceAreaFactory(
        authority=authority,
        name="North service",
        service_manager=person("service-manager", "Robin Hale", OrgRole.SERVICE_MANAGER),
        head_of_service=person("head-of-service", "Jo Marsh", OrgRole.HEAD_OF_SERVICE),
    )
    riverside = UnitFactory(
        service_area=area,
        name="Riverside unit",
        code="riverside",
        manager=person("team-manager", "Ash Pereira", OrgRole.TEAM_MANAGER),
    )
    MembershipFactory(
        unit=riverside,
        user=person("consultant-social-worker", "Kit Adeyemi"),
        role=UnitRole.CONSULTANT_SOCIAL_WORKER,
    )
    MembershipFactory(unit=riverside, user=person("social-worker", "Sam Okafor"), role=UnitRole.SOCIAL_WORKER)
    for n in range(2, 9):
        MembershipFactory(
            unit=riverside,
            user=person(f"social-worker-{n}", f"Worker Number{n}"),
            role=UnitRole.SOCIAL_WORKER,
        )
    other_area = ServiceAreaFactory(authority=authority, name="South service")
    hillside = UnitFactory(service_area=other_area, name="Hillside unit", code="hillside")
    for n in range(3):
        MembershipFactory(
            unit=hillside,
            user=person(f"child-practitioner-{n}", f"Hill Person{n}"),
            role=UnitRole.CHILD_PRACTITIONER,
        )
    take_snapshot(as_of=timezone.localdate(), by=director)
    return riverside, hillside


def test_director_drills_from_the_heatmap_to_the_records_and_downloads_the_report(journey, authority):
    from hearth.core.models import AuditLog

    riverside, hillside = authority
    page = journey.page

    # The heatmap: every unit against each characteristic, from the latest figures.
    page.goto("/health-check/")
    sign_in(journey, "director")
    assert path_of(page) == "/health-check/"
    assert page.get_by_role("heading", level=1).is_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Riverside unit", exact=True))
    assert row.get_by_text("Struggling").first.is_visible()
    journey.check()

    # Drill into the struggling unit: its own figures, worked out now.
    follow(page, page.get_by_role("link", name="Riverside unit", exact=True))
    assert path_of(page) == "/health-check/units/riverside/"
    assert page.get_by_text("Struggling").first.is_visible()
    journey.check()

    # Follow "layers of management" to the records behind it: who holds each post in the unit's line.
    follow(
        page,
        page.get_by_role("link", name=re.compile(r"records behind it.*layers of management", re.I)),
    )
    assert path_of(page) == "/health-check/units/riverside/indicators/c8-layers/"
    assert page.get_by_role("heading", level=1, name="Layers of management to the director").is_visible()
    assert page.get_by_role("cell", name="Ash Pereira").is_visible()
    journey.check()

    # The printable report: the whole authority, the units struggling most, every definition.
    page.goto("/health-check/report/")
    assert path_of(page) == "/health-check/report/"
    assert page.get_by_role("heading", level=1, name="Health check report").is_visible()
    struggling = page.get_by_role("table", name=re.compile("Units struggling most"))
    assert struggling.get_by_role("link", name="Riverside unit").is_visible()
    assert page.get_by_role("heading", name="Layers of management to the director").is_visible()
    journey.check()

    # ... and downloads it as a PDF, which is audited.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download this report as a PDF")).click()
    download = download_info.value
    assert download.suggested_filename == f"health-check-{timezone.localdate():%Y-%m-%d}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert AuditLog.objects.filter(
        action="insights.report.download", actor__email=f"director@{DEMO_DOMAIN}"
    ).exists()
