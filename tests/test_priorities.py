"""Need scores from the record, tiers on the lists, nudges, weights versions, loads and time."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.cases.selectors.lists import add_working_days
from hearth.core import extensions
from hearth.core.models import AuditLog, Notification
from hearth.core.roles import OrgRole
from hearth.people.models import Child
from hearth.priorities import scoring, services
from hearth.priorities.models import Configuration, DigestPreference, TimeEntry, VisitNudge, monday_of
from hearth.priorities.selectors import needs as needs_selectors
from hearth.priorities.selectors.load import unit_loads
from hearth.priorities.selectors.needs import current_configuration, needs_for
from hearth.priorities.selectors.time import week_suggestions

from .factories import ChildFactory, note_about
from .factories_priorities import (
    assessment_with,
    cp_plan,
    factor,
    household,
    looked_after,
    priorities_case,
    section47,
    visited,
)
from .factories_workforce import StaffRecordFactory

POINTS = re.compile(r": \+(\d+)")


def _reasons(html: str) -> list[str]:
    block = html.split('id="reasons"', 1)[1].split("</ul>", 1)[0]
    return [line.strip() for line in re.findall(r"<li>(.*?)</li>", block)]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _new_version(by, **changes):
    current = current_configuration()
    data = {
        "weights": dict(current.weights),
        "tiers": [dict(t) for t in current.tiers],
        "episode_weights": dict(current.episode_weights),
        "points_per_fte": current.points_per_fte,
    }
    data.update(changes)
    return services.change_configuration(by=by, reason="Testing a change", **data)


# --- scores from the record ----------------------------------------------------------------------


def test_score_gathers_every_fact_from_the_record(org):
    today = timezone.localdate()
    baby = ChildFactory(unit=org.unit_a, date_of_birth=today - datetime.timedelta(days=100))
    sibling = ChildFactory(unit=org.unit_a)
    household(baby, sibling)
    cp_plan(baby, category="PHY", start=today - datetime.timedelta(days=10))
    section47(baby, today - datetime.timedelta(days=20))
    assessment_with(baby, ["3B", "4B", "2B"])
    factor(baby, "hospital", days_ago=3)
    factor(baby, "police", days_ago=200)  # too old to count
    visited(baby, 15)
    need = needs_for([baby.pk])[baby.pk]
    w = scoring.DEFAULT_WEIGHTS
    assert set(need.score.sentences()) == {
        f"Child protection plan (physical abuse): +{w['cp-plan-PHY']}",
        f"Child protection plan started in the last 90 days: +{w['new-cp-plan']}",
        f"Section 47 enquiry started in the last 90 days: +{w['recent-s47']}",
        f"Under one year old: +{w['under-one']}",
        f"Domestic abuse identified at assessment: +{w['domestic-abuse']}",
        f"Parent's or carer's mental health identified at assessment: +{w['parental-mental-health']}",
        f"Alcohol or drug misuse by an adult identified at assessment: +{w['substance-misuse']}",
        f"1 other child in the family: +{w['each-other-child']}",
        f"1 hospital attendance recorded in the last 90 days: +{w['recorded-hospital']}",
        f"2 weeks since the last visit: +{2 * w['week-since-visit']}",
    }
    assert need.total == sum(r.points for r in need.score.reasons)
    assert need.tier.name == "Intensive"


def test_the_why_page_shows_reasons_that_add_up_to_the_score(org, client):
    case = priorities_case(org)
    client.force_login(org["social-worker"])
    response = client.get(reverse("priorities:child", args=[case.child.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    reasons = _reasons(html)
    need = needs_for([case.child.pk])[case.child.pk]
    assert sum(int(POINTS.search(r).group(1)) for r in reasons) == need.total
    assert f"<strong>{need.total}</strong>" in html
    assert AuditLog.objects.filter(action="child.view_need_score", child_id=case.child.pk).exists()


def test_recording_a_factor_changes_the_score_at_once(org, client):
    case = priorities_case(org)
    before = needs_for([case.child.pk])[case.child.pk].total
    client.force_login(org["social-worker"])
    url = reverse("priorities:factor-add", args=[case.child.pk])
    response = client.post(url, {"kind": "missing", "occurred_on": timezone.localdate().strftime("%d/%m/%Y")})
    assert response.status_code == 302
    assert (
        needs_for([case.child.pk])[case.child.pk].total
        == before + scoring.DEFAULT_WEIGHTS["recorded-missing"]
    )
    assert AuditLog.objects.filter(action="priorities.factor.record", child_id=case.child.pk).count() == 1


def test_a_factor_in_the_future_is_refused_and_nothing_is_lost(org, client):
    case = priorities_case(org)
    client.force_login(org["social-worker"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("priorities:factor-add", args=[case.child.pk]),
        {"kind": "police", "occurred_on": tomorrow, "note": "Told by the school"},
    )
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert "Told by the school" in response.content.decode()


def test_a_visit_changes_the_score_and_the_due_date(org):
    case = priorities_case(org)
    never = needs_for([case.child.pk])[case.child.pk]
    visited(case.child, 0)
    now = needs_for([case.child.pk])[case.child.pk]
    assert never.total - now.total == 8 * scoring.DEFAULT_WEIGHTS["week-since-visit"]
    assert now.next_visit_due == add_working_days(timezone.localdate(), 10)


def test_time_since_the_visit_changes_with_the_calendar_not_a_fact(org):
    case = priorities_case(org)
    visited(case.child, 0)
    today = timezone.localdate()
    later = needs_for([case.child.pk], today=today + datetime.timedelta(days=21))[case.child.pk]
    assert later.total - needs_for([case.child.pk], today=today)[case.child.pk].total == 3 * 2


def test_other_units_workers_and_the_administrator_get_404(org, client):
    case = priorities_case(org)
    for person in (org.other_unit_worker, org[OrgRole.SYSTEM_ADMINISTRATOR], org[OrgRole.WORKFORCE_LEAD]):
        client.force_login(person)
        assert client.get(reverse("priorities:child", args=[case.child.pk])).status_code in (403, 404)


# --- the weights: versioned and audited ------------------------------------------------------------


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(list(scoring.FACTORS)), value=st.integers(min_value=0, max_value=scoring.MAX_WEIGHT)
)
def test_a_weights_change_is_a_new_audited_version(org, key, value):
    psw = org[OrgRole.PRINCIPAL_SOCIAL_WORKER]
    before = current_configuration()
    old_weights = dict(before.weights)
    audits = AuditLog.objects.filter(action="priorities.configuration.change").count()
    weights = {**old_weights, key: value}
    if value == old_weights.get(key):
        with pytest.raises(Exception, match="Nothing has changed"):
            services.change_configuration(
                by=psw,
                weights=weights,
                tiers=before.tiers,
                episode_weights=before.episode_weights,
                points_per_fte=before.points_per_fte,
                reason="No change",
            )
        return
    version = _new_version(psw, weights=weights)
    assert version.number == before.number + 1
    assert current_configuration().weights[key] == value
    if before.pk:
        assert Configuration.objects.get(pk=before.pk).weights == old_weights  # the old one is kept as it was
    row = AuditLog.objects.filter(action="priorities.configuration.change").latest("pk")
    assert AuditLog.objects.filter(action="priorities.configuration.change").count() == audits + 1
    assert row.actor == psw and row.object_id == str(version.pk)
    assert f"{scoring.FACTORS[key]}: {old_weights[key]} to {value}" in row.detail


def test_a_version_is_never_changed_or_deleted(org):
    version = _new_version(org[OrgRole.HEAD_OF_SERVICE], points_per_fte=123)
    version.points_per_fte = 5
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()


def test_only_the_psw_and_heads_of_service_change_the_weights(org):
    with pytest.raises(Exception, match="principal social worker"):
        _new_version(org[OrgRole.TEAM_MANAGER], points_per_fte=10)


def test_a_last_tier_that_misses_some_children_is_refused(org):
    tiers = [dict(t) for t in scoring.DEFAULT_TIERS]
    tiers[-1]["min_score"] = 5
    with pytest.raises(Exception, match="last tier"):
        _new_version(org[OrgRole.PRINCIPAL_SOCIAL_WORKER], tiers=tiers)


def test_change_check_answers_and_confirm(org, client):
    client.force_login(org[OrgRole.PRINCIPAL_SOCIAL_WORKER])
    form_url = reverse("priorities:configuration-change")
    page = client.get(form_url)
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data["w_cp-plan-NEG"] = 45
    data["reason"] = "Neglect cases are under-weighted in audits"
    # An impossible value is refused with a message and the rest kept.
    bad = client.post(form_url, {**data, "w_recorded-police": 500})
    assert (
        bad.status_code == 200
        and "from 0 to 100" in bad.content.decode()
        or "100 or less" in bad.content.decode()
    )
    response = client.post(form_url, data)
    assert response.status_code == 302 and response["Location"] == reverse("priorities:configuration-check")
    check = client.get(response["Location"]).content.decode()
    assert "Child protection plan (neglect): 30 to 45" in check
    assert Configuration.objects.count() == 0  # nothing changes before confirming
    assert client.post(reverse("priorities:configuration-check")).status_code == 302
    assert current_configuration().weights["cp-plan-NEG"] == 45
    assert current_configuration().reason == "Neglect cases are under-weighted in audits"


# --- tiers on the lists, nudges --------------------------------------------------------------------


def test_the_lists_use_the_tier_interval_and_fall_back_without_it(org, client):
    case = priorities_case(org)
    visited(case.child, 0)
    interval = extensions.visit_intervals(
        [case.child.pk], {case.child.pk: frozenset({"cp-plan", "referral"})}
    )
    assert interval == {case.child.pk: 10}
    tiers = [dict(t) for t in scoring.DEFAULT_TIERS]
    tiers[0]["interval"] = 3
    _new_version(org[OrgRole.PRINCIPAL_SOCIAL_WORKER], tiers=tiers)
    client.force_login(org["social-worker"])
    response = client.get(reverse("cases:my-work"))
    rows = [r for _, group in response.context["groups"] for r in group]
    assert rows[0].next_visit_due == add_working_days(timezone.localdate(), 3)
    provider = extensions.VISIT_INTERVALS.provider
    extensions.VISIT_INTERVALS.unregister()
    try:
        assert extensions.visit_intervals([case.child.pk], {}) == {}
    finally:
        extensions.VISIT_INTERVALS.register(provider)


def test_my_work_nudges_the_lead_worker_about_overdue_visits(org, client):
    case = priorities_case(org)
    visited(case.child, 40)
    client.force_login(org["social-worker"])
    items = [
        i for i in client.get(reverse("cases:my-work")).context["work_items"] if i.kind == "Overdue visit"
    ]
    assert [i.url for i in items] == [reverse("priorities:child", args=[case.child.pk])]


@pytest.mark.parametrize("days_ago", [0, 3, 6, 8, 9, 10, 11, 12, 14, 20, 29, 40])
def test_the_nudge_list_skips_only_children_who_cannot_be_due(org, days_ago):
    """My work does not work out the need of a child visited too recently to be due; whatever the
    days since the visit, the nudges are exactly the children whose own visit status is flagged."""
    from hearth.priorities.selectors.pages import STATUS_TAGS, visit_work_items

    case = priorities_case(org)
    visited(case.child, days_ago)
    today = timezone.localdate()
    status = needs_for([case.child.pk], today=today)[case.child.pk].visit_status(today)
    items = visit_work_items(org["social-worker"], today)
    assert bool(items) == (status in STATUS_TAGS)


def test_nudges_are_not_repeated_and_the_email_names_no_child(org):
    case = priorities_case(org)
    visited(case.child, 40)
    DigestPreference.objects.create(user=org["social-worker"], wants_email=True)
    made, sent = services.nudge_overdue_visits()
    assert (made, sent) == (1, 1)
    again, _ = services.nudge_overdue_visits()
    assert again == 0
    assert VisitNudge.objects.count() == 1
    note = Notification.objects.get(recipient=org["social-worker"])
    assert case.child.first_name not in note.message and case.child.last_name not in note.message
    email = mail.outbox[0]
    for text in (email.subject, email.body):
        assert case.child.first_name not in text and case.child.last_name not in text
    assert reverse("priorities:child", args=[case.child.pk]) in email.body


# --- loads and the allocation helper ---------------------------------------------------------------


def test_load_against_capacity_with_part_time_pro_rata(org):
    StaffRecordFactory(user=org["social-worker"], unit=org.unit_a, fte="0.5")
    case = priorities_case(org)
    (load,), needs, _ = unit_loads([org.unit_a])
    worker = next(w for w in load.workers if w.user_id == org["social-worker"].pk)
    assert worker.capacity == scoring.DEFAULT_POINTS_PER_FTE // 2
    assert worker.load == needs[case.child.pk].weight == 30 + needs[case.child.pk].total // 10
    assert load.capacity == sum(w.capacity for w in load.workers)


def test_the_allocation_helper_suggests_with_reasons_and_the_manager_decides(org, client):
    case = priorities_case(org)
    client.force_login(org[OrgRole.TEAM_MANAGER])
    url = reverse("priorities:allocate", args=[case.child.pk])
    page = client.get(url)
    assert page.status_code == 200
    suggestions = page.context["suggestions"]
    assert suggestions and all(s.reasons for s in suggestions)
    choice = f"{suggestions[0].unit.pk}:{suggestions[0].worker.user_id}"
    assert client.post(url, {"choice": choice}).status_code == 302
    case.child.refresh_from_db()
    assert case.child.allocated_unit_id == suggestions[0].unit.pk
    assert case.child.lead_worker_id == suggestions[0].worker.user_id != org["social-worker"].pk


# --- pages whose queries must not grow -------------------------------------------------------------


def _more_children(org, count):
    for i in range(count):
        child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
        (cp_plan if i % 2 else looked_after)(child)
        factor(child, by=org["social-worker"])


@pytest.mark.parametrize(
    "who,url",
    [
        (OrgRole.SERVICE_MANAGER, lambda org: reverse("priorities:overview", args=[org.area.pk])),
        ("consultant-social-worker", lambda org: reverse("priorities:unit", args=["unit-a"])),
        ("social-worker", lambda org: reverse("cases:my-work")),
        ("social-worker", lambda org: reverse("organisation:unit", args=["unit-a"])),
    ],
)
def test_query_counts_do_not_grow_with_data(org, client, who, url):
    client.force_login(org[who])
    _more_children(org, 3)
    few = _queries(client, url(org))
    _more_children(org, 30)
    assert _queries(client, url(org)) == few


def test_the_overview_lists_overdue_children_and_audits_the_read(org, client):
    case = priorities_case(org)
    client.force_login(org[OrgRole.SERVICE_MANAGER])
    html = client.get(reverse("priorities:overview", args=[org.area.pk])).content.decode()
    assert case.child.full_name in html
    assert AuditLog.objects.filter(action="priorities.children.list", child_id=case.child.pk).exists()


# --- time ------------------------------------------------------------------------------------------


def test_time_is_suggested_from_visit_notes_and_confirmed_once(org, client):
    case = priorities_case(org)
    worker = org["social-worker"]
    note_about([case.child], by=worker)
    monday = monday_of(timezone.localdate())
    suggested = week_suggestions(worker, monday)
    assert {s.activity for s in suggested} >= {"direct", "travel", "recording"}
    client.force_login(worker)
    assert client.post(reverse("priorities:time-confirm"), {"week": monday.isoformat()}).status_code == 302
    direct = TimeEntry.objects.get(user=worker, activity="direct")
    assert direct.child_id == case.child.pk and direct.tier_rank == 0 and direct.unit_id == org.unit_a.pk
    count = TimeEntry.objects.count()
    client.post(reverse("priorities:time-confirm"), {"week": monday.isoformat()})
    assert TimeEntry.objects.count() == count


def test_needs_for_makes_a_fixed_number_of_queries(org):
    _more_children(org, 2)
    ids = list(org.unit_a.children.values_list("pk", flat=True)) if hasattr(org.unit_a, "children") else None
    from hearth.people.models import Child

    ids = list(Child.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as few:
        needs_selectors.needs_for(ids)
    _more_children(org, 20)
    ids = list(Child.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as many:
        needs_selectors.needs_for(ids)
    assert len(few) == len(many) == 8


# --- needs worked out once per request, and never kept longer ---------------------------------------


def _tables(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries]


def test_my_work_works_out_each_childs_need_once(org, client):
    """The nudges and the page's visit intervals share one reading of the weights and one need per
    child: a child led by the person, overdue and on the page, is scored once."""
    case = priorities_case(org)
    visited(case.child, 40)
    client.force_login(org["social-worker"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cases:my-work"))
    assert [i.kind for i in response.context["work_items"] if i.kind == "Overdue visit"] == ["Overdue visit"]
    rows = [r for _, group in response.context["groups"] for r in group]
    assert case.child.pk in {r.child.pk for r in rows}
    sql = _tables(captured)
    assert sum('FROM "priorities_configuration"' in q for q in sql) == 1
    assert sum('FROM "cases_childprotectionplan"' in q for q in sql) == 1
    assert sum('FROM "priorities_recordedfactor"' in q for q in sql) == 1


def test_nudges_add_no_second_scoring_to_my_work(org, client):
    """A child scored for the nudges is not scored again for the page's visit intervals: the only
    extra query is the nudged children's open episodes (casework reads the page's for its rows)."""
    case = priorities_case(org)
    client.force_login(org["social-worker"])
    visited(case.child, 0)  # too recent to be due: no nudge, nothing scored for the nudges
    without = _queries(client, reverse("cases:my-work"))
    visited(case.child, 40)
    assert _queries(client, reverse("cases:my-work")) == without + 1


def test_a_need_worked_out_in_one_request_is_not_kept_for_the_next(org, client):
    case = priorities_case(org)
    visited(case.child, 40)
    client.force_login(org["social-worker"])

    def nudged():
        items = client.get(reverse("cases:my-work")).context["work_items"]
        return [i.url for i in items if i.kind == "Overdue visit"]

    assert nudged() == [reverse("priorities:child", args=[case.child.pk])]
    visited(case.child, 0)
    assert nudged() == []
    assert needs_selectors._request_store() is None  # nothing outside a request


def test_request_needs_outside_a_request_is_needs_for(org):
    case = priorities_case(org)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as first:
        once = needs_selectors.request_needs([case.child.pk], today=today)
    with CaptureQueriesContext(connection) as second:
        again = needs_selectors.request_needs([case.child.pk], today=today)
    assert once == again == needs_for([case.child.pk], today=today)
    assert len(first) == len(second) == 8


def test_needs_from_the_childrens_rows_given_are_the_same(org):
    """The loads pass the children's rows they read anyway; the needs are the same as read afresh."""
    _more_children(org, 6)
    case = priorities_case(org)
    household(case.child, *Child.objects.filter(allocated_unit=org.unit_a).exclude(pk=case.child.pk)[:2])
    ids = list(Child.objects.values_list("pk", flat=True))
    given = needs_selectors.child_facts(Child.objects.filter(pk__in=ids))
    with CaptureQueriesContext(connection) as captured:
        from_rows = needs_for(ids, children=given)
    assert len(captured) == 7
    assert from_rows == needs_for(ids)
    (load,), needs, _ = unit_loads([org.unit_a])
    assert {pk: n for pk, n in needs.items()} == {pk: n for pk, n in needs_for(list(needs)).items()}


def test_children_in_the_same_circumstances_share_a_score_but_not_a_visit(org):
    first, second = ChildFactory(unit=org.unit_a), ChildFactory(unit=org.unit_a)
    for child, days in ((first, 60), (second, 90)):  # both over the 8 weeks counted
        cp_plan(child)
        visited(child, days)
    needs = needs_for([first.pk, second.pk])
    assert needs[first.pk].score == needs[second.pk].score
    assert needs[first.pk].tier == needs[second.pk].tier
    assert needs[first.pk].last_visit != needs[second.pk].last_visit
    assert needs[first.pk].next_visit_due != needs[second.pk].next_visit_due
