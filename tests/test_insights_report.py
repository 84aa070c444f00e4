"""The health check report: the printable page and the PDF, who may have them, what they say, the audit
of each download, a fixed number of queries whatever the number of units, and the page with no figures
yet."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.core.roles import ALL_ROLES, OrgRole
from hearth.insights import scoring
from hearth.insights.characteristics import CHARACTERISTICS
from hearth.insights.indicators import registry
from hearth.insights.indicators.base import SCOPE_AUTHORITY, Direction, Indicator, Kind, Measure
from hearth.insights.models import Snapshot, SnapshotScore, SnapshotValue
from hearth.insights.report import DOWNLOAD_ACTION, report_data
from hearth.insights.report_pdf import latin1
from hearth.insights.services import take_snapshot

from .factories import UnitFactory

AS_OF = datetime.date(2026, 11, 24)
VIEW_ALL_ROLES = [
    OrgRole.DIRECTOR,
    OrgRole.HEAD_OF_SERVICE,
    OrgRole.PRINCIPAL_SOCIAL_WORKER,
    OrgRole.QUALITY_LEAD,
]
URLS = ["insights:report", "insights:report-pdf"]


class PurposePublished(Indicator):
    """An authority-wide indicator for these tests (the real ones are tested with their modules)."""

    key = "test-report-purpose"
    characteristic = "s-purpose"
    title = "Purpose statement published"
    definition = "Whether a purpose and vision statement made by co-design was published on the day."
    formula = "1 when published, else 0, × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good, concern = 100, 50
    source = "Hearth default: the standard asks for one"
    scope = SCOPE_AUTHORITY

    def measure(self, unit_ids, as_of):
        return {0: Measure(100.0, sample=1, note="Published on 1 March 2026")}


@pytest.fixture
def authority_indicator(monkeypatch):
    indicator = PurposePublished()
    monkeypatch.setitem(registry.INDICATORS, indicator.key, indicator)
    return indicator


def _score(snapshot, unit, key, score):
    if score is None:
        rating = scoring.NOT_ENOUGH
    elif score >= scoring.STRONG_FROM:
        rating = scoring.STRONG
    elif score < scoring.STRUGGLING_UNDER:
        rating = scoring.STRUGGLING
    else:
        rating = scoring.DEVELOPING
    return SnapshotScore(
        snapshot=snapshot, unit=unit, characteristic=key, score=score, rating=rating, rated=2, indicators=2
    )


def make_snapshot(units_scores: dict, *, authority=None) -> Snapshot:
    """A finished latest snapshot with the given scores: {unit: {characteristic key: score or None}};
    characteristics not given score 80."""
    snapshot = Snapshot.objects.create(
        kind=Snapshot.Kind.LATEST,
        as_of=AS_OF,
        status=Snapshot.Status.DONE,
        finished_at=timezone.now(),
        seconds=2.4,
        units=len(units_scores),
    )
    rows = []
    for unit, given in units_scores.items():
        for c in CHARACTERISTICS:
            rows.append(_score(snapshot, unit, c.key, given.get(c.key, 80)))
        SnapshotValue.objects.create(
            snapshot=snapshot,
            unit=unit,
            indicator_key="c8-unit-size",
            value=5,
            sample=5,
            note="5 people",
            rating=scoring.MEETS,
            good=6,
            concern=8,
        )
    SnapshotScore.objects.bulk_create(rows)
    if authority is not None:
        SnapshotValue.objects.create(
            snapshot=snapshot,
            unit=None,
            indicator_key=authority.key,
            value=100.0,
            sample=1,
            note="Published on 1 March 2026",
            rating=scoring.MEETS,
            good=100,
            concern=50,
        )
    return snapshot


@pytest.fixture
def snapshot(org, authority_indicator):
    """Unit A strong nearly everywhere; unit B struggling on teamwork (20) and small teams (30), with not
    enough data for clinicians."""
    return make_snapshot(
        {
            org.unit_a: {"c1": 90, "c2": 60},
            org.unit_b: {"c1": 20, "c8": 30, "c6": None},
        },
        authority=authority_indicator,
    )


# --- who may have it --------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", URLS)
def test_only_those_who_see_the_whole_service_get_the_report(url_name, org, client, snapshot):
    """The director, heads of service, the principal social worker and the quality lead; not team or
    service managers, unit members, the performance analyst, the workforce lead or the administrator."""
    wrong = []
    for role in ALL_ROLES:
        client.force_login(org[role])
        expected = 200 if role in VIEW_ALL_ROLES else 403
        status = client.get(reverse(url_name)).status_code
        if status != expected:
            wrong.append(f"{role}: expected {expected}, got {status}")
    assert not wrong
    downloads = AuditLog.objects.filter(action=DOWNLOAD_ACTION)
    assert downloads.count() == (len(VIEW_ALL_ROLES) if url_name == "insights:report-pdf" else 0)
    assert set(downloads.values_list("actor__org_role", flat=True)) <= set(VIEW_ALL_ROLES)


@pytest.mark.parametrize("url_name", URLS)
def test_signed_out_visitors_are_sent_to_sign_in(url_name, client, snapshot):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


# --- what it says -----------------------------------------------------------------------------------


def test_report_data_summarises_the_authority(org, snapshot, authority_indicator):
    report = report_data(org["director"], snapshot)
    assert [u.name for u in report.units] == ["Unit A", "Unit B"]  # by service area ("Area one", "Area two")
    c1 = next(s for s in report.summary if s.characteristic.key == "c1")
    assert (c1.strong, c1.developing, c1.struggling, c1.not_enough, c1.median) == (1, 0, 1, 0, 55)
    c6 = next(s for s in report.summary if s.characteristic.key == "c6")
    assert (c6.strong, c6.not_enough, c6.median) == (1, 1, 80)
    # Unit B is the one struggling, on teamwork and small teams.
    assert [u.name for u in report.struggling] == ["Unit B"]
    assert [c.key for c in report.struggling[0].struggling] == ["c1", "c8"]
    unit_b = report.units[1]
    assert unit_b.cells[[c.key for c in report.characteristics].index("c6")].text == "Not enough data"
    # The authority-wide indicator, with the threshold it was judged against.
    [row] = report.authority
    assert (row.title, row.value, row.words) == ("Purpose statement published", "100%", "Meets")
    assert "100%" in row.threshold and "50%" in row.threshold
    # Every registered indicator is defined, with its formula and threshold in force.
    defined = {d.indicator.key: d for g in report.definitions for d in g.definitions}
    assert set(defined) == {i.key for i in registry.all_indicators()}
    size = defined["c8-unit-size"]
    assert size.indicator.formula and size.threshold_now.startswith("Meets at 6")
    assert size.threshold_source.startswith("Hearth default")


def test_struggling_units_lowest_average_first(org):
    worst = UnitFactory(name="Unit C", service_area=org.area)
    snapshot = make_snapshot(
        {
            org.unit_a: {},
            org.unit_b: {"c1": 30},
            worst: {c.key: 10 for c in CHARACTERISTICS},
        }
    )
    report = report_data(org["director"], snapshot)
    assert [u.name for u in report.struggling] == ["Unit C", "Unit B"]
    assert len(report.struggling[0].struggling) == len(CHARACTERISTICS)


def test_page_shows_every_section(org, client, snapshot):
    client.force_login(org["director"])
    response = client.get(reverse("insights:report"))
    html = response.content.decode()
    assert html.count("<h1") == 1
    for heading in (
        "How to read this report",
        "The authority at a glance",
        "Measured for the authority as a whole",
        "Units struggling most",
        "Every unit's scores",
        "What each indicator counts",
    ):
        assert heading in html, heading
    assert "Unit A" in html and "Unit B" in html
    assert "Purpose statement published" in html
    assert "Figures as at <strong>24 November 2026</strong>" in html
    assert reverse("insights:report-pdf") in html
    assert "insights/css/report.css" in html
    # The page itself is not audited as a download.
    assert not AuditLog.objects.filter(action=DOWNLOAD_ACTION).exists()


def test_a_changed_threshold_shows_the_one_the_figures_used(org, snapshot):
    from decimal import Decimal

    from hearth.insights.services import set_threshold

    set_threshold(
        by=org["director"], indicator_key="c8-unit-size", good=Decimal(5), concern=Decimal(7), reason="Fives"
    )
    report = report_data(org["director"], snapshot)
    size = next(d for g in report.definitions for d in g.definitions if d.indicator.key == "c8-unit-size")
    assert size.threshold_now.startswith("Meets at 5")
    assert "Fives" in size.threshold_source
    assert size.threshold_used.startswith("Meets at 6")


# --- the PDF ----------------------------------------------------------------------------------------


def test_pdf_is_a_pdf_with_the_units_and_metadata(org, client, snapshot, settings):
    settings.HEARTH_PDF_COMPRESS = False
    client.force_login(org["director"])
    response = client.get(reverse("insights:report-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="health-check-2026-11-24.pdf"'
    content = response.content
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    for text in (b"Unit A", b"Unit B", b"Organisational health check", b"Units struggling most"):
        assert text in content, text
    assert b"Purpose statement published" in content
    assert b"Page 2 of " in content  # page numbers
    assert b"/Author (Hearth)" in content
    assert re.search(rb"/Title \(Organisational health check: figures as at 24 November 2026\)", content)
    # The units table is on a landscape page (A4 turned: 841.89 wide, 595.28 high).
    assert b"/MediaBox [0 0 841.89 595.28]" in content


def test_pdf_is_compressed_by_default(org, client, snapshot):
    client.force_login(org["director"])
    content = client.get(reverse("insights:report-pdf")).content
    assert content.startswith(b"%PDF-") and b"/FlateDecode" in content
    assert 5_000 < len(content) < 500_000


def test_every_download_is_audited(org, client, snapshot):
    client.force_login(org["quality-lead"])
    client.get(reverse("insights:report-pdf"))
    client.get(reverse("insights:report-pdf"))
    rows = AuditLog.objects.filter(action=DOWNLOAD_ACTION)
    assert rows.count() == 2
    row = rows.first()
    assert row.actor == org["quality-lead"]
    assert (row.object_type, row.object_id) == ("insights.snapshot", str(snapshot.pk))
    assert row.child_id is None


def test_text_outside_latin1_is_made_safe(org, client, authority_indicator, settings):
    assert latin1("‘Hello’ – “world” … ≥ 5, café, Łódź") == "'Hello' - \"world\" ... >= 5, café, Lódz"
    settings.HEARTH_PDF_COMPRESS = False
    unit = UnitFactory(name="St Mary’s – Łódź unit", service_area=org.area)
    make_snapshot({unit: {"c1": 10}}, authority=authority_indicator)
    client.force_login(org["director"])
    response = client.get(reverse("insights:report-pdf"))
    assert response.status_code == 200
    assert b"St Mary's - L\xf3dz unit" in response.content


# --- a fixed number of queries --------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", URLS)
def test_queries_do_not_grow_with_the_units(
    url_name, org, client, authority_indicator, settings, django_assert_max_num_queries
):
    client.force_login(org["director"])
    url = reverse(url_name)
    make_snapshot({org.unit_a: {}, org.unit_b: {"c1": 10}}, authority=authority_indicator)
    few = _queries(client, url, django_assert_max_num_queries)
    Snapshot.objects.all().delete()
    many = {org.unit_a: {}, org.unit_b: {"c1": 10}}
    for n in range(8):
        many[UnitFactory(name=f"Extra unit {n}", service_area=org.other_area)] = {"c2": 30 + n}
    make_snapshot(many, authority=authority_indicator)
    assert _queries(client, url, django_assert_max_num_queries) == few
    with django_assert_max_num_queries(15):
        client.get(url)


# --- no figures yet ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", URLS)
def test_no_snapshot_yet_says_so(url_name, org, client):
    client.force_login(org["director"])
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "There are no figures to report yet" in response.content.decode()
    assert not AuditLog.objects.filter(action=DOWNLOAD_ACTION).exists()


def test_a_running_or_failed_snapshot_is_not_reported(org, client):
    Snapshot.objects.create(kind=Snapshot.Kind.LATEST, as_of=AS_OF, status=Snapshot.Status.FAILED)
    client.force_login(org["director"])
    assert "There are no figures to report yet" in client.get(reverse("insights:report")).content.decode()


# --- with figures worked out by the health check itself --------------------------------------------


def test_report_of_a_real_snapshot(org, client):
    take_snapshot(as_of=AS_OF, by=org["director"])
    client.force_login(org["principal-social-worker"])
    page = client.get(reverse("insights:report"))
    assert page.status_code == 200 and "Unit B" in page.content.decode()
    pdf = client.get(reverse("insights:report-pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
