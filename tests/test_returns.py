"""Running a return (background task, progress, download, comparison, audit), the data-quality page,
explaining a problem, and the data problems on a child's record and a worker's list."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.returns.base import OutputFile
from hearth.returns.cin.records import current_period
from hearth.returns.models import DataProblem, ReturnRun, RunStatus
from hearth.returns.services import problems as problem_services
from hearth.returns.services.runs import compare, default_subjects

from .factories_returns import broken_children, clean_child

TODAY = timezone.localdate()
PERIOD = current_period(TODAY)


def _refresh_all():
    problem_services.refresh("cin")


# --- the broken fixture ----------------------------------------------------------------------------


def test_broken_records_produce_exactly_the_expected_problems(org):
    made = broken_children(org, today=TODAY)
    clean = clean_child(org, today=TODAY)
    _refresh_all()
    found = sorted(DataProblem.objects.filter(return_name="cin").values_list("code", "child_id"))
    assert found == sorted((code, child.pk) for code, child in made.items())
    assert not DataProblem.objects.filter(child=clean).exists()
    # unit and lead worker are kept for the counts
    assert set(DataProblem.objects.values_list("unit_id", "worker_id")) == {
        (org.unit_a.pk, org["social-worker"].pk)
    }


def test_problems_follow_the_facts_when_they_change(org, django_capture_on_commit_callbacks):
    from hearth.people.models import ChildDisability

    child = clean_child(org, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        ChildDisability.objects.filter(child=child).delete()
    assert list(DataProblem.objects.filter(child=child).values_list("code", flat=True)) == ["8540"]
    with django_capture_on_commit_callbacks(execute=True):
        ChildDisability.objects.create(child=child, code="NONE")
    assert not DataProblem.objects.filter(child=child).exists()


def test_an_explained_problem_keeps_its_mark_while_it_remains(org):
    made = broken_children(org, today=TODAY)
    _refresh_all()
    problem = DataProblem.objects.get(child=made["8540"])
    problem_services.explain_problem(
        by=org["performance-analyst"], problem=problem, reason="Checked with school"
    )
    _refresh_all()
    problem.refresh_from_db()
    assert problem.explanation == "Checked with school" and problem.explained_by == org["performance-analyst"]
    assert AuditLog.objects.filter(action="returns.problem.explain", child_id=made["8540"].pk).count() == 1


# --- running a return ------------------------------------------------------------------------------


def _run(client, return_name="cin", year=None):
    return client.post(
        reverse("returns:runs"), {"return_name": return_name, "year": str(year or PERIOD.start.year)}
    )


def test_analyst_runs_the_cin_census_downloads_it_and_it_is_audited(org, client_for):
    clean_child(org, today=TODAY)
    client = client_for(org["performance-analyst"])
    response = _run(client)
    run = ReturnRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("returns:run", args=[run.pk])
    assert (
        run.status == RunStatus.DONE
        and run.subject_count == 1
        and run.started_by == org["performance-analyst"]
    )
    page = client.get(response.url)
    assert b"Download the return" in page.content and b"first run of this return" in page.content
    download = client.get(reverse("returns:download", args=[run.pk]))
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert archive.namelist() == [f"cin_census_{PERIOD.label}.xml"]
    actions = list(AuditLog.objects.filter(object_id=str(run.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["returns.run.download", "returns.run.finish", "returns.run.start"]


def test_a_second_run_is_compared_with_the_previous_one(org, client_for):
    first, second = clean_child(org, today=TODAY), clean_child(org, today=TODAY)
    client = client_for(org["performance-analyst"])
    _run(client)
    third = clean_child(org, today=TODAY)
    second.ethnicity = "WIRI"
    second.save()
    _run(client)
    latest = ReturnRun.objects.order_by("-pk").first()
    assert latest.previous_run_id == ReturnRun.objects.order_by("pk").first().pk
    assert (latest.comparison["added"], latest.comparison["removed"], latest.comparison["changed"]) == (
        1,
        0,
        1,
    )
    assert latest.comparison["added_keys"] == [third.la_child_id]
    assert latest.comparison["changed_keys"] == [second.la_child_id]
    assert latest.comparison["unchanged"] == 1 and first.la_child_id not in latest.comparison["changed_keys"]
    page = client_for(org["performance-analyst"]).get(reverse("returns:run", args=[latest.pk]))
    assert b"Compared with the previous run" in page.content


def test_progress_is_polled_by_htmx_and_reloads_the_page_when_done(org, client_for):
    client = client_for(org["performance-analyst"])
    run = ReturnRun.objects.create(
        return_name="cin",
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        period_label=PERIOD.label,
        started_by=org["performance-analyst"],
        status=RunStatus.RUNNING,
        progress_done=250,
        progress_total=1000,
    )
    page = client.get(reverse("returns:run", args=[run.pk]))
    assert b'hx-trigger="every 2s"' in page.content and b"25% done" in page.content
    assert b"Refresh to see how far it has got" in page.content  # without JavaScript
    fragment = client.get(reverse("returns:run-progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert b"250 of 1000 done" in fragment.content and "HX-Refresh" not in fragment
    ReturnRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    fragment = client.get(reverse("returns:run-progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    assert client.get(reverse("returns:run-progress", args=[run.pk])).status_code == 302


def test_a_return_cannot_run_twice_at_once(org, client_for):
    ReturnRun.objects.create(
        return_name="cin",
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        period_label=PERIOD.label,
        started_by=org["director"],
        status=RunStatus.RUNNING,
    )
    response = _run(client_for(org["performance-analyst"]))
    assert response.status_code == 400 and b"already running" in response.content
    assert ReturnRun.objects.count() == 1


def test_a_failed_build_is_kept_with_a_plain_message(org, client_for, monkeypatch):
    from hearth.returns import cin

    def broken(period, *, progress=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cin, "build", broken)
    _run(client_for(org["performance-analyst"]))
    run = ReturnRun.objects.get()
    assert (
        run.status == RunStatus.FAILED and "could not be made" in run.error and "disk full" not in run.error
    )


@pytest.mark.parametrize("role", ["social-worker", "team-manager", "quality-lead"])
def test_only_the_performance_team_and_director_run_returns(org, client_for, role):
    assert _run(client_for(org[role])).status_code == 403
    assert not ReturnRun.objects.exists()


def test_runs_list_query_count_does_not_grow(org, client_for, django_assert_max_num_queries):
    client = client_for(org["performance-analyst"])

    def make(n):
        for _ in range(n):
            ReturnRun.objects.create(
                return_name="cin",
                period_start=PERIOD.start,
                period_end=PERIOD.end,
                period_label=PERIOD.label,
                started_by=org["performance-analyst"],
                status=RunStatus.DONE,
            )

    make(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("returns:runs"))
    make(20)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("returns:runs"))
    assert len(large) == len(small)


# --- the data-quality page -------------------------------------------------------------------------


def _quality_queries(client, **params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("returns:data-quality"), params)
    assert response.status_code == 200
    return response, len(ctx)


def test_data_quality_counts_by_rule_unit_and_worker_with_a_fixed_query_count(org, client_for):
    client = client_for(org["performance-analyst"])
    broken_children(org, today=TODAY)
    _refresh_all()
    response, few = _quality_queries(client)
    assert b"8540" in response.content and b"Unit A" in response.content
    assert org["social-worker"].full_name.encode() in response.content
    assert response.context["total"] == 5
    broken_children(org, today=TODAY)
    _refresh_all()
    response, many = _quality_queries(client)
    assert response.context["total"] == 10 and many == few
    assert AuditLog.objects.filter(action="returns.problem.view").exists()


def test_data_quality_filters_by_rule(org, client_for):
    broken_children(org, today=TODAY)
    _refresh_all()
    response, _ = _quality_queries(client_for(org["performance-analyst"]), rule="8869")
    assert [p.code for p in response.context["page_obj"].object_list] == ["8869"]


def test_line_managers_see_only_their_units(org, client_for):
    from .factories import ChildFactory
    from .factories_returns import referral_for

    broken_children(org, today=TODAY)
    elsewhere = ChildFactory(unit=org.unit_b, date_of_birth=TODAY - datetime.timedelta(days=3000))
    referral_for(elsewhere, on=TODAY - datetime.timedelta(days=10))  # no disability: 8540 in unit B
    _refresh_all()
    manager, _ = _quality_queries(client_for(org["team-manager"]))
    assert manager.context["total"] == 5
    director, _ = _quality_queries(client_for(org["director"]))
    assert director.context["total"] == 6


def test_explaining_needs_a_reason_and_is_audited(org, client_for):
    made = broken_children(org, today=TODAY)
    _refresh_all()
    problem = DataProblem.objects.get(child=made["8869"])
    client = client_for(org["performance-analyst"])
    url = reverse("returns:explain", args=[problem.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400 and b"Write why the record is right" in response.content
    response = client.post(url, {"reason": "Agreed with the DfE helpdesk"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.is_explained
    assert AuditLog.objects.filter(
        action="returns.problem.explain", reason="Agreed with the DfE helpdesk"
    ).exists()
    assert client_for(org["director"]).post(url, {"reason": "x"}).status_code == 403


# --- a child's record and a worker's list ----------------------------------------------------------


def test_childs_record_shows_its_problems_and_they_go_when_fixed(
    org, client_for, django_capture_on_commit_callbacks
):
    made = broken_children(org, today=TODAY)
    _refresh_all()
    child = made["8540"]
    client = client_for(org["social-worker"])
    page = client.get(reverse("people:child", args=[child.pk]))
    assert b"Data problems" in page.content
    assert b"Record whether the child has a disability" in page.content
    from hearth.people.models import ChildDisability

    with django_capture_on_commit_callbacks(execute=True):
        ChildDisability.objects.create(child=child, code="NONE")
    page = client.get(reverse("people:child", args=[child.pk]))
    assert b"Record whether the child has a disability" not in page.content


def test_child_section_makes_one_query(org):
    from hearth.returns.selectors import child_section

    made = broken_children(org, today=TODAY)
    _refresh_all()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    child = made["8540"]
    user = org["social-worker"]
    user.has_perm("returns.explain_problem")  # reach loaded as on a page
    with CaptureQueriesContext(connection) as ctx:
        section = child_section(user, child)
    assert section is not None and len(ctx) == 1
    assert child_section(user, made["8869"]).context["rows"][0]["code"] == "8869"


def test_worker_sees_the_problems_of_the_children_they_lead(org, client_for):
    broken_children(org, today=TODAY)
    _refresh_all()
    mine = client_for(org["social-worker"]).get(reverse("returns:my-problems"))
    assert len(mine.context["page_obj"].object_list) == 5
    other = client_for(org.other_unit_worker).get(reverse("returns:my-problems"))
    assert len(other.context["page_obj"].object_list) == 0


# --- comparison helpers ----------------------------------------------------------------------------


def test_default_subjects_key_csv_rows_by_their_first_column():
    files = [
        OutputFile("header.csv", b"CHILD,SEX\n1,1\n2,2\n", "text/csv"),
        OutputFile("episodes.csv", b"CHILD,DECOM\n1,01/04/2025\n", "text/csv"),
    ]
    subjects = default_subjects(files)
    assert set(subjects) == {"1", "2"}
    changed = default_subjects(
        [files[0], OutputFile("episodes.csv", b"CHILD,DECOM\n1,02/04/2025\n", "text/csv")]
    )
    result = compare(subjects, changed)
    assert (result["added"], result["removed"], result["changed"], result["unchanged"]) == (0, 0, 1, 1)


# --- the demo authority ----------------------------------------------------------------------------


def test_demo_authority_makes_the_cin_census_with_no_validation_errors(db, settings, monkeypatch):
    from django.core.management import call_command
    from lxml import etree

    from hearth.returns import cin

    monkeypatch.setenv("HEARTH_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", "--scale", "small", "--quiet")
    assert not DataProblem.objects.filter(return_name="cin").exists()
    from pathlib import Path

    schema = etree.XMLSchema(
        etree.parse(str(Path(cin.__file__).parent.parent / "schemas/cin_census_2025-26.xsd"))
    )
    content = cin.build(PERIOD)[0].content
    assert schema.validate(etree.fromstring(content)), schema.error_log
    assert len(etree.fromstring(content).findall("Children/Child")) > 10


def test_the_nightly_command_rechecks_every_return(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("refresh_data_problems", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["cin", "ssda903", "workforce"]
    assert all(line.endswith("data problems") for line in lines)  # none in an empty record
