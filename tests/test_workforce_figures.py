"""Live workforce figures: definitions checked against hand-computed values, scopes, export, queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import Allocation
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.workforce import figures as f
from hearth.workforce.codes import Contract
from hearth.workforce.selectors import figures as selectors

from .factories import ChildFactory, UnitFactory
from .factories_workforce import PostFactory, StaffRecordFactory

D = datetime.date(2026, 6, 30)  # a Tuesday
DASHBOARD = reverse("workforce:dashboard")
CSV = reverse("workforce:figures-csv")


# --- the definitions, by hand ---------------------------------------------------------------------
#
# Unit 1: social work posts 1.0, 1.0 and 0.5 (and a coordinator's post); unit 2: two of 1.0 and one
# closed in January. Staff on 30 June 2026 (social workers unless said):
#   a  unit 1, permanent 1.0, in post            e  unit 2, permanent 0.8, in post
#   b  unit 1, fixed term 0.5, in post           f  unit 2, permanent 1.0, left 30 June 2025 (a year ago: out)
#   c  unit 1, agency 1.0, in post               g  unit 2, permanent 0.6, left 30 June 2026 (counted)
#   d  unit 1, permanent 1.0, left 15 March 2026 h  unit 2, agency 1.0, left 1 May 2026 (agency: not turnover)
#   i  unit 1, permanent 1.0, coordinator (not a social worker), in post
# Employed FTE in post 1.5 + 0.8 = 2.3; agency 1.0; employed leavers 1.0 + 0.6 = 1.6;
# vacancies unit by unit (2.5 - 1.5) + (2.0 - 0.8) = 2.2.
# Turnover 1.6 / 2.3 = 69.6%; vacancy 2.2 / (2.2 + 2.3) = 48.9%; agency 1.0 / (1.0 + 2.3) = 30.3%.
# Sickness in June (22 working days): a off 8-12 June (5 days x 1.0), e off 28 May - 2 June (2 June
# days x 0.8): 6.6 days lost of (1.0 + 0.5 + 0.8) x 22 = 50.6 available: 13.0%.


def staff_rows():
    d = datetime.date
    return [
        f.StaffRow(1, 1.0, Contract.PERMANENT, d(2019, 5, 1), None),
        f.StaffRow(1, 0.5, Contract.FIXED_TERM, d(2025, 9, 1), None),
        f.StaffRow(1, 1.0, Contract.AGENCY, d(2026, 2, 1), None),
        f.StaffRow(1, 1.0, Contract.PERMANENT, d(2018, 1, 1), d(2026, 3, 15)),
        f.StaffRow(2, 0.8, Contract.PERMANENT, d(2021, 1, 1), None),
        f.StaffRow(2, 1.0, Contract.PERMANENT, d(2022, 1, 1), d(2025, 6, 30)),
        f.StaffRow(2, 0.6, Contract.PERMANENT, d(2020, 1, 1), d(2026, 6, 30)),
        f.StaffRow(2, 1.0, Contract.AGENCY, d(2025, 1, 1), d(2026, 5, 1)),
        f.StaffRow(1, 1.0, Contract.PERMANENT, d(2019, 1, 1), None, is_social_worker=False),
    ]


def post_rows():
    d = datetime.date
    return [
        f.PostRow(1, 1.0, d(2020, 1, 1), None),
        f.PostRow(1, 1.0, d(2020, 1, 1), None),
        f.PostRow(1, 0.5, d(2020, 1, 1), None),
        f.PostRow(1, 1.0, d(2020, 1, 1), None, is_social_work=False),
        f.PostRow(2, 1.0, d(2020, 1, 1), None),
        f.PostRow(2, 1.0, d(2020, 1, 1), None),
        f.PostRow(2, 1.0, d(2020, 1, 1), d(2026, 1, 31)),
    ]


def absence_rows():
    d = datetime.date
    return [
        f.AbsenceRow(1, 1.0, d(2026, 6, 8), d(2026, 6, 12)),
        f.AbsenceRow(2, 0.8, d(2026, 5, 28), d(2026, 6, 2)),
    ]


def test_rates_match_the_hand_computed_values():
    by_unit = f.components_by_unit([D], staff_rows(), post_rows(), absence_rows())
    c = f.total(by_unit, [1, 2], 1)[0]
    assert c.employed_fte == pytest.approx(2.3)
    assert c.agency_fte == pytest.approx(1.0)
    assert c.leavers == 2 and c.leavers_fte == pytest.approx(1.6)
    assert c.vacancy_fte == pytest.approx(2.2)
    assert c.turnover == 69.6
    assert c.vacancy_rate == 48.9
    assert c.agency_rate == 30.3
    assert c.absence_rate == 13.0
    assert c.headcount == 4  # a, b, c and e


def test_a_units_figures_are_its_own_sums():
    by_unit = f.components_by_unit([D], staff_rows(), post_rows(), absence_rows())
    unit_1 = by_unit[1][0]
    assert (unit_1.turnover, unit_1.vacancy_rate, unit_1.agency_rate) == (66.7, 40.0, 40.0)
    unit_2 = by_unit[2][0]
    assert (unit_2.turnover, unit_2.vacancy_rate, unit_2.agency_rate) == (75.0, 60.0, 0.0)


def test_all_staff_adds_the_staff_who_are_not_social_workers():
    by_unit = f.components_by_unit([D], staff_rows(), post_rows(), absence_rows(), social_workers_only=False)
    c = f.total(by_unit, [1, 2], 1)[0]
    assert c.employed_fte == pytest.approx(3.3)
    assert c.vacancy_fte == pytest.approx(2.2)  # the coordinator's post is filled
    assert c.turnover == 48.5  # 1.6 / 3.3


def test_one_units_spare_staff_do_not_fill_another_units_vacancy():
    d = datetime.date(2020, 1, 1)
    staff = [f.StaffRow(1, 1.0, Contract.PERMANENT, d, None), f.StaffRow(1, 1.0, Contract.PERMANENT, d, None)]
    posts = [f.PostRow(1, 1.0, d, None), f.PostRow(2, 1.0, d, None)]
    c = f.total(f.components_by_unit([D], staff, posts, []), [1, 2], 1)[0]
    assert c.vacancy_fte == 1.0 and c.vacancy_rate == pytest.approx(33.3)


def test_no_staff_means_no_figure_not_zero():
    c = f.Components()
    assert (
        c.turnover is None and c.vacancy_rate is None and c.agency_rate is None and c.average_caseload is None
    )


def test_working_days_and_month_points():
    assert f.working_days(datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)) == 22
    assert f.working_days(datetime.date(2026, 6, 6), datetime.date(2026, 6, 7)) == 0  # a weekend
    assert f.working_days(datetime.date(2026, 6, 5), datetime.date(2026, 6, 4)) == 0
    points = f.month_points(datetime.date(2026, 3, 10))
    assert len(points) == 12
    assert points[0] == datetime.date(2025, 4, 30) and points[-2] == datetime.date(2026, 2, 28)
    assert points[-1] == datetime.date(2026, 3, 10)
    assert f.year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


# --- from the records ---------------------------------------------------------------------------------


def make_fixture(org, today):
    """The hand-computed fixture above, in the database, with dates relative to `today`."""
    a, b = org.unit_a, org.unit_b
    long_ago = today - datetime.timedelta(days=3000)
    for unit, fte in ((a, 1), (a, 1), (a, 0.5), (b, 1), (b, 1)):
        PostFactory(unit=unit, fte=fte, established_on=long_ago)
    PostFactory(unit=a, is_social_work=False, established_on=long_ago)
    PostFactory(unit=b, established_on=long_ago, closed_on=today - datetime.timedelta(days=100))
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    StaffRecordFactory(unit=a, started_on=ago(2000))
    StaffRecordFactory(unit=a, fte=0.5, contract=Contract.FIXED_TERM, started_on=ago(300))
    StaffRecordFactory(unit=a, contract=Contract.AGENCY, started_on=ago(100))
    StaffRecordFactory(unit=a, started_on=ago(3000), left_on=ago(100), leaving_reason="workload")
    StaffRecordFactory(unit=b, fte=0.8, started_on=ago(2000))
    StaffRecordFactory(unit=b, started_on=ago(2000), left_on=f.year_before(today))
    StaffRecordFactory(unit=b, fte=0.6, started_on=ago(2000), left_on=today, leaving_reason="pay")
    StaffRecordFactory(unit=b, contract=Contract.AGENCY, started_on=ago(500), left_on=ago(60))
    StaffRecordFactory(unit=a, is_social_worker=False, job_title="Unit coordinator", started_on=ago(2000))


def test_the_database_gives_the_same_figures(org):
    today = timezone.localdate()
    make_fixture(org, today)
    by_unit = selectors.components([today])
    c = f.total(by_unit, [org.unit_a.pk, org.unit_b.pk], 1)[0]
    assert (c.turnover, c.vacancy_rate, c.agency_rate) == (69.6, 48.9, 30.3)


def test_dashboard_shows_the_figures_for_the_workforce_lead(org, client_for):
    make_fixture(org, timezone.localdate())
    page = client_for(org[OrgRole.WORKFORCE_LEAD]).get(DASHBOARD).content.decode()
    for text in ("69.6%", "48.9%", "30.3%", "13.8%", "18.9%", "17.8%", "Whole authority"):
        assert text in page
    assert "<svg" in page and "<table" in page  # a chart with its table


def test_caseload_and_stability_come_from_casework(org):
    today = timezone.localdate()
    worker, consultant = org["social-worker"], org["consultant-social-worker"]
    ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    moved = ChildFactory(unit=org.unit_a, unit__lead_worker=consultant)
    first = moved.allocations.get()
    first.started_at = timezone.now() - datetime.timedelta(days=200)
    first.ended_at = timezone.now() - datetime.timedelta(days=100)
    first.save()
    Allocation.objects.create(
        child=moved,
        unit=org.unit_a,
        lead_worker=worker,
        started_at=timezone.now() - datetime.timedelta(days=100),
    )
    c = selectors.components([today], [org.unit_a.pk])[org.unit_a.pk][0]
    assert c.children == 3 and c.case_holders == 1  # now all with the social worker
    assert c.average_caseload == 3.0
    assert c.stability == 1.33  # 4 allocations for 3 children in the 12 months


def test_managers_see_their_units_and_not_the_authority(org, client_for):
    client = client_for(org[OrgRole.TEAM_MANAGER])
    page = client.get(DASHBOARD).content.decode()
    assert "Unit A" in page and "Whole authority" not in page
    assert client.get(DASHBOARD, {"scope": "authority"}).status_code == 404
    assert client.get(DASHBOARD, {"scope": f"unit-{org.unit_b.pk}"}).status_code == 404
    assert client.get(DASHBOARD, {"scope": f"unit-{org.unit_a.pk}"}).status_code == 200


def test_service_manager_sees_the_whole_service_area(org, client_for):
    client = client_for(org[OrgRole.SERVICE_MANAGER])
    assert client.get(DASHBOARD, {"scope": f"area-{org.area.pk}"}).status_code == 200
    assert client.get(DASHBOARD, {"scope": f"area-{org.other_area.pk}"}).status_code == 404


def test_csv_export_has_the_scope_and_its_parts_month_by_month(org, client_for):
    make_fixture(org, timezone.localdate())
    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    response = client.get(CSV)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Area of the organisation", "Month", "Headcount in post"]
    whole = [r for r in rows if r[0] == "Whole authority"]
    assert len(whole) == 12
    assert whole[-1][3:6] == ["69.6", "48.9", "30.3"]
    assert {"Area one", "Area two"} <= {r[0] for r in rows}
    assert AuditLog.objects.filter(
        action="workforce.figures.export", actor=org[OrgRole.WORKFORCE_LEAD]
    ).exists()


def test_csv_cells_that_look_like_formulas_are_quoted(org, client_for):
    UnitFactory(service_area__name="=HYPERLINK(1)", code="formula")
    rows = client_for(org[OrgRole.WORKFORCE_LEAD]).get(CSV).content.decode()
    assert "'=HYPERLINK(1)" in rows


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [OrgRole.WORKFORCE_LEAD, OrgRole.TEAM_MANAGER])
def test_dashboard_query_count_does_not_grow_with_data(org, client_for, role):
    client = client_for(org[role])
    make_fixture(org, timezone.localdate())
    few = _queries(client, DASHBOARD)
    for _ in range(9):
        make_fixture(org, timezone.localdate())
        ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    UnitFactory(service_area=org.area)
    assert _queries(client, DASHBOARD) == few
    assert _queries(client, CSV) <= few
