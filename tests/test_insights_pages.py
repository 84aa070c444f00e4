"""The health check's pages: the heatmap (from the latest snapshot), a unit's live page and its trend,
an indicator with the records behind it (audited), the service and authority summaries, and thresholds
changed through a check-answers step. Each page per role."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.core.roles import ALL_ROLES, OrgRole, UnitRole
from hearth.insights.indicators import registry
from hearth.insights.indicators.base import (
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    no_data,
)
from hearth.insights.models import Snapshot, SnapshotScore, Threshold
from hearth.insights.services import take_snapshot
from hearth.people.models import Child

from .factories import ChildFactory, MembershipFactory, UnitFactory, UserFactory

SEES_ALL = [OrgRole.DIRECTOR, OrgRole.HEAD_OF_SERVICE, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD]
REFUSED = [OrgRole.PERFORMANCE_ANALYST, OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR]
UNIT_A_ONLY = [r.value for r in UnitRole] + [OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER]
SETTERS = [OrgRole.DIRECTOR, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD]


class ChildrenInUnit(Indicator):
    """A test indicator that lists children: children allocated to the unit (no data under two)."""

    key = "c1-test-children"
    characteristic = "c1"
    title = "Children allocated to the unit"
    definition = "Children whose case the unit holds on the day."
    formula = "count of children allocated to the unit"
    kind = Kind.COUNT
    direction = Direction.HIGHER
    good, concern = 3, 1
    source = "Hearth default: a test"
    minimum_sample = 2

    def measure(self, unit_ids, as_of):
        counts = dict(
            Child.objects.filter(allocated_unit_id__in=unit_ids)
            .values("allocated_unit_id")
            .annotate(n=Count("pk"))
            .values_list("allocated_unit_id", "n")
        )
        return {
            u: (
                Measure(float(counts[u]), sample=counts[u], note=f"{counts[u]} children")
                if counts.get(u, 0) >= self.minimum_sample
                else no_data("Too few children")
            )
            for u in unit_ids
        }

    def evidence(self, user, unit, as_of):
        children = Child.objects.filter(allocated_unit=unit)
        visible = list(Child.objects.visible_to(user).filter(allocated_unit=unit).order_by("pk"))
        return Evidence(
            columns=("Child", "Record number"),
            rows=[
                EvidenceRow((c.la_child_id, str(c.pk)), reverse("people:child", args=[c.pk])) for c in visible
            ],
            total=children.count(),
            hidden=children.count() - len(visible),
            child_ids=[c.pk for c in visible],
        )


@pytest.fixture(autouse=True)
def known_indicators(monkeypatch):
    """The pages work with whatever is registered: the tests use the small-teams indicators and one
    that lists children, so their figures can be worked out by hand."""
    chosen = {
        key: registry.INDICATORS[key] for key in ("c8-unit-size", "c8-layers") if key in registry.INDICATORS
    }
    chosen[ChildrenInUnit.key] = ChildrenInUnit()
    monkeypatch.setattr(registry, "INDICATORS", chosen)


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _snapshot():
    return take_snapshot(as_of=timezone.localdate())


# --- the heatmap -------------------------------------------------------------------------------------


def test_heatmap_per_role(org, client):
    _snapshot()
    url = reverse("insights:heatmap")
    for role in ALL_ROLES:
        response = _get(client, org[role], url)
        if role in REFUSED:
            assert response.status_code == 403, role
            continue
        assert response.status_code == 200, role
        text = response.content.decode()
        assert "Unit A" in text, role
        assert ("Unit B" in text) == (role in SEES_ALL), role
    # A member of unit B alone sees unit B only.
    text = _get(client, org.other_unit_worker, url).content.decode()
    assert "Unit B" in text and "Unit A" not in text
    response = _get(client, None, url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))


def test_heatmap_table_grid_and_filter(org, client):
    snapshot = _snapshot()
    client.force_login(org[OrgRole.DIRECTOR])
    text = client.get(reverse("insights:heatmap")).content.decode()
    assert "Figures as at" in text and "worked out at" in text and "took" in text
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Area one' in text
    assert 'scope="col"' in text and 'scope="row"' in text
    unit_url = reverse("insights:unit", args=["unit-a"])
    assert f'href="{unit_url}"' in text and f'href="{unit_url}#c8"' in text
    # Unit A has 7 members (size below: 0 points) and its layers; the children indicator has no data.
    c8 = SnapshotScore.objects.get(snapshot=snapshot, unit=org.unit_a, characteristic="c8")
    if c8.score is not None:
        assert (
            f'{c8.score} <strong class="govuk-tag govuk-tag--{ {"strong": "green", "developing": "yellow", "struggling": "red"}[c8.rating] }">'
            in text
        )
    assert "Not enough data" in text
    assert "Work out the figures again" in text
    assert reverse("insights:authority") in text and reverse("insights:service", args=[org.area.pk]) in text
    # The coloured grid: the same figures, colour with words, and a key.
    grid = client.get(reverse("insights:heatmap") + "?view=heatmap").content.decode()
    assert "Key" in grid and "govuk-tag--grey" in grid and "Show the figures as a table" in grid
    # Filtered by service area.
    filtered = client.get(reverse("insights:heatmap") + f"?area={org.other_area.pk}").content.decode()
    assert "Unit B" in filtered and ">Unit A<" not in filtered


def test_heatmap_without_a_snapshot_says_so(org, client):
    client.force_login(org[OrgRole.QUALITY_LEAD])
    text = client.get(reverse("insights:heatmap")).content.decode()
    assert "No figures yet" in text and "Figures as at" not in text
    client.force_login(org[OrgRole.TEAM_MANAGER])
    text = client.get(reverse("insights:heatmap")).content.decode()
    assert "No figures yet" in text and "Work out the figures again" not in text
    assert f'href="{reverse("insights:unit", args=["unit-a"])}"' in text


def test_heatmap_queries_do_not_grow_with_units(org, client):
    client.force_login(org[OrgRole.DIRECTOR])
    url = reverse("insights:heatmap")
    _snapshot()
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    for n in range(6):
        unit = UnitFactory(service_area=org.area if n % 2 else org.other_area, code=f"more-{n}")
        MembershipFactory(unit=unit, user=UserFactory(), role=UnitRole.SOCIAL_WORKER)
    _snapshot()
    with CaptureQueriesContext(connection) as eight:
        response = client.get(url)
    assert response.status_code == 200 and "more-5" in response.content.decode()
    assert len(eight) == len(two), [q["sql"] for q in eight.captured_queries]


def test_refresh_works_the_figures_out_again_and_is_audited(org, client):
    url = reverse("insights:refresh")
    client.force_login(org[OrgRole.TEAM_MANAGER])
    assert client.post(url).status_code == 403
    assert not Snapshot.objects.exists()
    client.force_login(org[OrgRole.PRINCIPAL_SOCIAL_WORKER])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("insights:heatmap")
    assert Snapshot.objects.filter(kind=Snapshot.Kind.LATEST, status=Snapshot.Status.DONE).exists()
    assert AuditLog.objects.filter(
        action="insights.refresh.request", actor=org[OrgRole.PRINCIPAL_SOCIAL_WORKER]
    ).exists()
    assert client.get(url).status_code == 405


# --- a unit's page -----------------------------------------------------------------------------------


def test_unit_page_per_role(org, client):
    url_a = reverse("insights:unit", args=["unit-a"])
    url_b = reverse("insights:unit", args=["unit-b"])
    for role in ALL_ROLES:
        a, b = _get(client, org[role], url_a), _get(client, org[role], url_b)
        if role in REFUSED:
            assert (a.status_code, b.status_code) == (403, 403), role
        elif role in SEES_ALL:
            assert (a.status_code, b.status_code) == (200, 200), role
        else:
            assert (a.status_code, b.status_code) == (200, 404), role
    assert _get(client, org.other_unit_worker, url_a).status_code == 404
    assert _get(client, org.other_unit_worker, url_b).status_code == 200
    assert _get(client, org[OrgRole.DIRECTOR], reverse("insights:unit", args=["no-such"])).status_code == 404
    assert _get(client, None, url_a).status_code == 302


def test_unit_page_is_live(org, client):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    url = reverse("insights:unit", args=["unit-a"])
    text = client.get(url).content.decode()
    assert not Snapshot.objects.exists()
    members = org.unit_a.memberships.current().values("user").distinct().count()
    assert f"{members} people" in text
    assert 'id="c8"' in text and 'id="c1"' in text and 'id="s-supervision"' in text
    assert "How this is worked out and the records behind it" in text
    assert "There are no month-end figures" in text
    # Two children: the children indicator has data at once, without a snapshot.
    ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    text = client.get(url).content.decode()
    assert "2 children" in text
    assert "1 points of 2 from 1 of 1 indicators = 50" in text  # 2 children: close (meets at 3)
    MembershipFactory(unit=org.unit_a, user=UserFactory(), role=UnitRole.SOCIAL_WORKER)
    assert f"{members + 1} people" in client.get(url).content.decode()
    assert not Snapshot.objects.exists()


def test_unit_trend_reads_month_end_snapshots(org, client):
    today = timezone.localdate()
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    take_snapshot(as_of=last_month_end, kind=Snapshot.Kind.MONTH)
    old = datetime.date(today.year - 2, 1, 31)
    take_snapshot(as_of=old, kind=Snapshot.Kind.MONTH)
    client.force_login(org["social-worker"])
    with CaptureQueriesContext(connection) as queries:
        text = client.get(reverse("insights:unit", args=["unit-a"])).content.decode()
    assert f"{last_month_end:%b %Y}" in text and f"{old:%b %Y}" not in text
    assert "Average score of the characteristics by month" in text and "<svg" in text
    assert sum("insights_snapshotscore" in q["sql"] for q in queries.captured_queries) == 1


# --- an indicator and its evidence -------------------------------------------------------------------


def test_indicator_page_lists_evidence_audits_it_and_counts_hidden(org, client):
    seen = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    restricted = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    Child.objects.filter(pk=restricted.pk).update(restriction="high-profile")
    url = reverse("insights:indicator", args=["unit-a", ChildrenInUnit.key])
    client.force_login(org[OrgRole.QUALITY_LEAD])
    text = client.get(url).content.decode()
    assert "Children allocated to the unit" in text and "count of children allocated to the unit" in text
    assert "Showing 1 of 2" in text
    assert "1 record you do not have access to is counted but not shown." in text
    assert reverse("people:child", args=[seen.pk]) in text
    assert reverse("people:child", args=[restricted.pk]) not in text
    assert "meets at 3 or" not in text and "Meets at 3, below under 1" in text
    assert reverse("insights:threshold", args=[ChildrenInUnit.key]) in text
    assert "Hearth default: a test" in text
    rows = AuditLog.objects.filter(action="insights.evidence.view", actor=org[OrgRole.QUALITY_LEAD])
    assert list(rows.values_list("child_id", "detail", "object_id")) == [
        (seen.pk, ChildrenInUnit.key, str(org.unit_a.pk))
    ]


def test_indicator_page_without_children_writes_no_audit_row_and_404s(org, client):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    response = client.get(reverse("insights:indicator", args=["unit-a", "c8-layers"]))
    assert response.status_code == 200
    assert not AuditLog.objects.filter(action="insights.evidence.view").exists()
    assert client.get(reverse("insights:indicator", args=["unit-a", "no-such-key"])).status_code == 404
    assert client.get(reverse("insights:indicator", args=["unit-b", "c8-layers"])).status_code == 404
    client.force_login(org[OrgRole.PERFORMANCE_ANALYST])
    assert client.get(reverse("insights:indicator", args=["unit-a", "c8-layers"])).status_code == 403


def test_indicator_page_shows_the_default_apart_only_once_a_threshold_is_set(org, client):
    from decimal import Decimal

    from hearth.insights.services import set_threshold

    client.force_login(org[OrgRole.DIRECTOR])
    url = reverse("insights:indicator", args=["unit-a", "c8-layers"])
    assert "Default threshold" not in client.get(url).content.decode()
    set_threshold(
        by=org[OrgRole.DIRECTOR],
        indicator_key="c8-layers",
        good=Decimal(3),
        concern=Decimal(4),
        reason="Flatter",
    )
    html = client.get(url).content.decode()
    assert "Default threshold" in html and "Flatter" in html


# --- summaries ---------------------------------------------------------------------------------------


def test_service_and_authority_summaries(org, client):
    snapshot = _snapshot()
    service_url = reverse("insights:service", args=[org.area.pk])
    authority_url = reverse("insights:authority")
    for role in ALL_ROLES:
        expected = 200 if role in SEES_ALL else 403
        assert _get(client, org[role], service_url).status_code == expected, role
        assert _get(client, org[role], authority_url).status_code == expected, role
    client.force_login(org[OrgRole.DIRECTOR])
    text = client.get(authority_url).content.decode()
    assert "Units by score, for each characteristic" in text and "Median score" in text
    assert reverse("insights:service", args=[org.other_area.pk]) in text
    c8 = SnapshotScore.objects.filter(snapshot=snapshot, characteristic="c8").values_list("rating", flat=True)
    assert len(c8) == 2
    text = client.get(service_url).content.decode()
    assert "Area one" in text and "service area's 1 unit " in text
    assert client.get(reverse("insights:service", args=[999999])).status_code == 404


def test_summary_queries_are_fixed(org, client, django_assert_max_num_queries):
    _snapshot()
    client.force_login(org[OrgRole.DIRECTOR])
    client.get(reverse("insights:authority"))
    with django_assert_max_num_queries(12):
        client.get(reverse("insights:authority"))


# --- thresholds --------------------------------------------------------------------------------------


def test_threshold_pages_per_role(org, client):
    for url in (reverse("insights:thresholds"), reverse("insights:threshold", args=["c8-unit-size"])):
        for role in ALL_ROLES:
            expected = 403 if role in REFUSED else 200
            assert _get(client, org[role], url).status_code == expected, (url, role)
    client.force_login(org[OrgRole.TEAM_MANAGER])
    text = client.get(reverse("insights:threshold", args=["c8-unit-size"])).content.decode()
    assert "Change the threshold" not in text and "The default has always been in force" in text
    assert client.get(reverse("insights:threshold", args=["no-such"])).status_code == 404


def test_threshold_change_through_check_answers(org, client):
    psw = org[OrgRole.PRINCIPAL_SOCIAL_WORKER]
    client.force_login(psw)
    url = reverse("insights:threshold", args=[ChildrenInUnit.key])
    assert "Change the threshold" in client.get(url).content.decode()
    response = client.post(url, {"good": "4", "concern": "2", "reason": "Units hold more cases now"})
    check = reverse("insights:threshold-check", args=[ChildrenInUnit.key])
    assert response.status_code == 302 and response["Location"] == check
    assert not Threshold.objects.exists()
    text = client.get(check).content.decode()
    assert "Meets at 3, below under 1" in text and "Meets at 4, below under 2" in text
    assert "Units hold more cases now" in text
    # Going back keeps the answers.
    assert 'value="4"' in client.get(url + "?back=1").content.decode()
    response = client.post(check)
    assert response.status_code == 302 and response["Location"] == url
    threshold = Threshold.objects.get()
    assert (threshold.good, threshold.concern, threshold.set_by) == (4, 2, psw)
    assert AuditLog.objects.filter(action="insights.threshold.set", actor=psw).count() == 1
    text = client.get(url).content.decode()
    assert "Units hold more cases now" in text
    listing = client.get(reverse("insights:thresholds")).content.decode()
    assert "Set by" in listing and "Units hold more cases now" in listing
    # Nothing left to confirm: back to the form.
    assert client.post(check)["Location"] == url
    assert Threshold.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"good": "1", "concern": "2", "reason": "x"}, "must be at least"),
        ({"good": "abc", "concern": "2", "reason": "x"}, "as a number"),
        ({"good": "4", "concern": "2", "reason": "   "}, "Enter why the threshold is changing"),
        ({"good": "", "concern": "", "reason": ""}, "Enter the figure at which"),
        ({"good": "-1", "concern": "2", "reason": "x"}, "must be 0 or more"),
    ],
)
def test_bad_threshold_input_changes_nothing(org, client, data, message):
    client.force_login(org[OrgRole.QUALITY_LEAD])
    response = client.post(reverse("insights:threshold", args=[ChildrenInUnit.key]), data)
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text and message in text
    assert "<title>Error:" in text
    assert not Threshold.objects.exists()
    assert "insights-threshold-proposal" not in client.session


def test_only_setters_change_thresholds(org, client):
    url = reverse("insights:threshold", args=[ChildrenInUnit.key])
    data = {"good": "4", "concern": "2", "reason": "why"}
    for role in ALL_ROLES:
        response = _get(client, org[role], url)
        can_set = role in SETTERS
        if response.status_code == 200:
            assert ("Change the threshold" in response.content.decode()) == can_set, role
        post = client.post(url, data)
        assert post.status_code == (302 if can_set else 403), role
        check = client.get(reverse("insights:threshold-check", args=[ChildrenInUnit.key]))
        assert check.status_code == (200 if can_set else 403), role
    assert not Threshold.objects.exists()


def test_a_refusal_at_confirm_shows_on_the_form(org, client, monkeypatch):
    from django.core.exceptions import ValidationError

    from hearth.insights import services

    def refuse(**kwargs):
        raise ValidationError({"good": "That threshold cannot be used"})

    client.force_login(org[OrgRole.DIRECTOR])
    client.post(
        reverse("insights:threshold", args=["c8-unit-size"]), {"good": "5", "concern": "7", "reason": "r"}
    )
    monkeypatch.setattr(services, "set_threshold", refuse)
    response = client.post(reverse("insights:threshold-check", args=["c8-unit-size"]))
    assert response.status_code == 200 and "That threshold cannot be used" in response.content.decode()
    assert not Threshold.objects.exists()


# --- navigation --------------------------------------------------------------------------------------


def test_health_check_in_the_navigation(org, client):
    for role in ALL_ROLES:
        text = _get(client, org[role], reverse("core:home")).content.decode()
        assert (f'href="{reverse("insights:heatmap")}"' in text) == (role not in REFUSED), role
