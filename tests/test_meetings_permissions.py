"""Who sees and runs a unit's meetings (hearth/meetings/permissions.py), beyond the authorisation matrix:
members of other units, restricted children, and the rules themselves."""

import pytest
from django.urls import reverse

from hearth.core.roles import AUTHORITY_WIDE_CASE_ROLES, OrgRole, UnitRole
from hearth.meetings.permissions import Perm
from hearth.people.models import Child, RestrictedAccess

from .factories import ChildFactory
from .factories_meetings import ActionFactory, DiscussionFactory, discussed, meetings_case


@pytest.fixture
def case(org):
    return meetings_case(org)


def _pages(case) -> list[str]:
    return [
        reverse("meetings:unit-meetings", args=["unit-a"]),
        reverse("meetings:requests", args=["unit-a"]),
        reverse("meetings:this-week", args=["unit-a"]),
        reverse("meetings:meeting", args=[case.meeting.pk]),
        reverse("meetings:discussion", args=[case.discussion.pk]),
        reverse("meetings:action", args=[case.action.pk]),
    ]


def test_a_member_of_another_unit_learns_nothing_of_the_meetings(org, client_for, case):
    client = client_for(org.other_unit_worker)
    for url in _pages(case):
        assert client.get(url).status_code == 404, url
    save = reverse("meetings:discussion-save", args=[case.discussion.pk])
    assert client.post(save, {}).status_code == 404


@pytest.mark.parametrize("role", [OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR])
def test_workforce_lead_and_system_administrator_see_no_meeting(org, client_for, case, role):
    client = client_for(org[role])
    for url in _pages(case):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", sorted(AUTHORITY_WIDE_CASE_ROLES))
def test_authority_wide_roles_read_but_change_nothing(org, client_for, case, role):
    client = client_for(org[role])
    assert client.get(reverse("meetings:meeting", args=[case.meeting.pk])).status_code == 200
    for url in (
        reverse("meetings:discussion-save", args=[case.discussion.pk]),
        reverse("meetings:agenda-add", args=[case.meeting.pk]),
        reverse("meetings:action-add", args=[case.discussion.pk]),
        reverse("meetings:action-done", args=[case.action.pk]),
        reverse("meetings:attendance", args=[case.meeting.pk]),
    ):
        assert client.post(url, {}).status_code == 403, url
    assert client.get(reverse("meetings:request-add", args=["unit-a"])).status_code == 403


@pytest.mark.parametrize("role", [OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE])
def test_line_managers_run_the_meeting_but_do_not_complete_others_actions(org, client_for, case, role):
    client = client_for(org[role])
    page = client.get(reverse("meetings:meeting", args=[case.meeting.pk])).content.decode()
    assert reverse("meetings:discussion-save", args=[case.discussion.pk]) in page
    assert client.post(reverse("meetings:action-done", args=[case.action.pk])).status_code == 403


def test_a_restricted_child_is_left_out_of_the_meeting_for_those_not_named(org, client_for, case):
    secret = ChildFactory(unit=org.unit_a, first_name="Hidden", last_name="Restricted")
    discussion = discussed(
        DiscussionFactory(meeting=case.meeting, child=secret), hypothesis="Secret thinking"
    )
    action = ActionFactory(discussion=discussion, owner=org["social-worker"], text="Secret action")
    Child.objects.filter(pk=secret.pk).update(restriction="high-profile")
    RestrictedAccess.objects.create(child=secret, user=org["consultant-social-worker"])

    worker = client_for(org["social-worker"])
    page = worker.get(reverse("meetings:meeting", args=[case.meeting.pk])).content.decode()
    assert "Secret thinking" not in page and "Hidden Restricted" not in page
    assert worker.get(reverse("meetings:discussion", args=[discussion.pk])).status_code == 404
    assert worker.get(reverse("meetings:action", args=[action.pk])).status_code == 404
    assert "Secret action" not in worker.get(reverse("cases:my-work")).content.decode()

    named = client_for(org["consultant-social-worker"])
    assert (
        "Secret thinking" in named.get(reverse("meetings:meeting", args=[case.meeting.pk])).content.decode()
    )


def test_the_rules_by_role(org):
    unit = org.unit_a
    assert org["student"].has_perm(Perm.RUN_MEETINGS, unit)
    assert not org["student"].has_perm(Perm.CHANGE_SCHEDULE, unit)
    assert org["consultant-social-worker"].has_perm(Perm.CHANGE_SCHEDULE, unit)
    assert org[OrgRole.HEAD_OF_SERVICE].has_perm(Perm.CHANGE_SCHEDULE, unit)
    assert not org[OrgRole.HEAD_OF_SERVICE].has_perm(Perm.CHANGE_SCHEDULE, org.unit_b)
    assert org[OrgRole.DIRECTOR].has_perm(Perm.VIEW_MEETINGS, unit)
    assert not org[OrgRole.DIRECTOR].has_perm(Perm.RUN_MEETINGS, unit)
    assert not org[OrgRole.WORKFORCE_LEAD].has_perm(Perm.VIEW_MEETINGS, unit)
    assert not org[OrgRole.SYSTEM_ADMINISTRATOR].has_perm(Perm.VIEW_MEETINGS, unit)
    assert not org.other_unit_worker.has_perm(Perm.VIEW_MEETINGS, unit)
    assert org[UnitRole.CLINICIAN].has_perm(Perm.VIEW_MEETINGS, unit)
