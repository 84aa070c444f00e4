"""Plans written with the family: a plan shared by brothers and sisters, goals required (with "add
another goal" that needs no JavaScript), actions and reviews, and who may see and change a plan.

Who may open each page is in tests/test_authorisation_matrix.py; these are the behaviours.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.cases.models import ChronologyEntry, Plan, PlanAction, PlanGoal, PlanReview
from hearth.cases.services.plans import write_plan
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.people.models import Household, Relationship

from .factories import ChildFactory

D = datetime.date


@pytest.fixture
def child(org):
    return ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"], first_name="Ada")


@pytest.fixture
def sibling(org, child):
    sibling = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"], first_name="Ben")
    Relationship.objects.create(child=child, other_child=sibling, kind="sibling")
    return sibling


@pytest.fixture
def worker(org, client):
    client.force_login(org["social-worker"])
    return org["social-worker"]


def plan_data(**overrides):
    data = {
        "kind": "cin",
        "strengths": "Mum walks the children to school",
        "worries": "Dad's drinking at weekends",
        "started_on": "02/03/2026",
        "goals-TOTAL_FORMS": "3",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "30",
        "goals-0-text": "The children feel safe at home at weekends",
        "goals-1-text": "",
        "goals-2-text": "Ben goes to school every day",
    }
    data.update(overrides)
    return data


def a_plan(org, *children, goals=("Feel safe at home",)):
    return write_plan(
        by=org["social-worker"],
        children=list(children),
        kind="cin",
        strengths="Strengths",
        worries="Worries",
        started_on=D(2026, 3, 2),
        goals=list(goals),
    )


# --- writing a plan ------------------------------------------------------------------------------------


def test_a_plan_shared_by_siblings_is_written_once_and_on_each_chronology_once(
    org, client, worker, child, sibling
):
    form = client.get(reverse("cases:plan-add", args=[child.pk])).content.decode()
    assert "Is the plan also for any of these children?" in form and sibling.full_name in form
    response = client.post(reverse("cases:plan-add", args=[child.pk]), plan_data(other_children=[sibling.pk]))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:plan", args=[plan.pk])
    assert set(plan.children.all()) == {child, sibling}
    assert [g.text for g in plan.goals.order_by("pk")] == [
        "The children feel safe at home at weekends",
        "Ben goes to school every day",
    ]
    assert plan.written_by == worker
    for kid in (child, sibling):
        [row] = ChronologyEntry.objects.filter(child=kid, source_type="cases.plan", source_id=plan.pk)
        assert row.title == "Child in need plan written with the family" and "2 goals" in row.summary
        assert AuditLog.objects.filter(action="plan.create", child_id=kid.pk).count() == 1
    # Both children's plan lists show it.
    for kid in (child, sibling):
        html = client.get(reverse("cases:plans", args=[kid.pk])).content.decode()
        assert reverse("cases:plan", args=[plan.pk]) in html and "Ada" in html and "Ben" in html


def test_household_children_are_offered_too(org, client, worker, child):
    cousin = ChildFactory(unit=org.unit_a, unit__lead_worker=worker, first_name="Cleo")
    household = Household.objects.create(name="The Test household")
    household.children.set([child, cousin])
    html = client.get(reverse("cases:plan-add", args=[child.pk])).content.decode()
    assert cousin.full_name in html


def test_siblings_out_of_reach_are_not_offered_and_cannot_be_posted(org, client, worker, child):
    far = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker, first_name="Zed")
    Relationship.objects.create(child=child, other_child=far, kind="sibling")
    html = client.get(reverse("cases:plan-add", args=[child.pk])).content.decode()
    assert "Zed" not in html and "Is the plan also for" not in html
    # With no brothers or sisters in reach, the field is not there: a posted id is ignored.
    response = client.post(reverse("cases:plan-add", args=[child.pk]), plan_data(other_children=[far.pk]))
    assert response.status_code == 302
    assert list(Plan.objects.get().children.all()) == [child]


def test_a_sibling_not_offered_is_refused(org, client, worker, child, sibling):
    far = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)
    response = client.post(reverse("cases:plan-add", args=[child.pk]), plan_data(other_children=[far.pk]))
    assert response.status_code == 200 and "Select children from the list" in response.content.decode()
    assert not Plan.objects.exists()


def test_at_least_one_goal_is_required(client, worker, child):
    data = plan_data(**{"goals-0-text": "  ", "goals-2-text": ""})
    response = client.post(reverse("cases:plan-add", args=[child.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert "Write at least one goal with the family" in html and 'href="#id_goals-0-text"' in html
    assert not Plan.objects.exists() and not PlanGoal.objects.exists()
    assert not ChronologyEntry.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("kind", "", "Select the type of plan"),
        ("strengths", "", "Write what is going well for the family"),
        ("started_on", "30/02/2026", "Enter the start date as a real date, like 27/03/2026"),
        ("goals-0-text", "x" * 1001, "A goal must be 1,000 characters or fewer"),
    ],
)
def test_bad_input_shows_errors_and_writes_nothing(client, worker, child, field, value, message):
    response = client.post(reverse("cases:plan-add", args=[child.pk]), plan_data(**{field: value}))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Plan.objects.exists()


def test_add_another_goal_posts_back_with_one_more_row_and_keeps_what_was_typed(client, worker, child):
    response = client.post(reverse("cases:plan-add", args=[child.pk]), plan_data(add_goal="1", kind=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in html  # nothing is checked until the plan is saved
    assert 'name="goals-TOTAL_FORMS" value="4"' in html and "Goal 4" in html
    assert "The children feel safe at home at weekends" in html and "Mum walks the children" in html
    assert 'value="02/03/2026"' in html
    assert not Plan.objects.exists()


# --- the plan page, actions and reviews ----------------------------------------------------------------


def test_plan_page_is_audited_for_each_child_the_viewer_can_see(org, client, worker, child, sibling):
    far = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker, first_name="Zed")
    plan = a_plan(org, child, sibling, far)
    response = client.get(reverse("cases:plan", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Ada" in html and "Ben" in html and "Zed" not in html
    assert set(AuditLog.objects.filter(action="child.view_plan").values_list("child_id", flat=True)) == {
        child.pk,
        sibling.pk,
    }
    # Not every child on the plan is in reach: the plan may be read but not changed.
    assert "Add an action" not in html
    assert client.get(reverse("cases:plan-action-add", args=[plan.pk])).status_code == 403


def test_a_plan_with_no_child_in_reach_is_404(org, client, child):
    plan = a_plan(org, child)
    client.force_login(org.other_unit_worker)
    assert client.get(reverse("cases:plan", args=[plan.pk])).status_code == 404
    assert client.post(reverse("cases:plan-review-add", args=[plan.pk]), {}).status_code == 404
    assert client.get(reverse("cases:plan", args=[987654])).status_code == 404


def test_a_plan_of_a_restricted_child_needs_break_glass(org, client, child):
    plan = a_plan(org, child)
    child.restriction = "adoption"
    child.save()
    client.force_login(org["clinician"])
    response = client.get(reverse("cases:plan", args=[plan.pk]))
    assert response.status_code == 403
    assert reverse("people:break-glass", args=[child.pk]) in response.content.decode()


def test_add_an_action_for_a_goal(org, client, worker, child, sibling):
    plan = a_plan(org, child, sibling)
    goal = plan.goals.get()
    data = {"text": "Book the parenting course", "goal": goal.pk, "owner_name": "Mum", "due_on": "01/12/2026"}
    response = client.post(reverse("cases:plan-action-add", args=[plan.pk]), data)
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert action.goal == goal and action.owner_name == "Mum" and action.due_on == D(2026, 12, 1)
    assert AuditLog.objects.filter(action="plan.action_add").count() == 2  # one per child
    html = client.get(reverse("cases:plan", args=[plan.pk])).content.decode()
    assert "Book the parenting course" in html and "1 December 2026" in html


def test_an_action_needs_what_and_who(org, client, worker, child):
    plan = a_plan(org, child)
    response = client.post(reverse("cases:plan-action-add", args=[plan.pk]), {"due_on": "01/12/2026"})
    html = response.content.decode()
    assert "Write what will be done" in html and "Write who will do it" in html
    assert not PlanAction.objects.exists()


def test_review_marks_goals_achieved_and_goes_on_each_chronology(org, client, worker, child, sibling):
    plan = a_plan(org, child, sibling, goals=["Feel safe", "Go to school"])
    safe = plan.goals.get(text="Feel safe")
    data = {"reviewed_on": "01/06/2026", "summary": "Weekends are calmer", "achieved_goals": [safe.pk]}
    assert client.post(reverse("cases:plan-review-add", args=[plan.pk]), data).status_code == 302
    review = PlanReview.objects.get()
    assert review.reviewed_by == worker
    safe.refresh_from_db()
    assert safe.achieved_on == D(2026, 6, 1)
    assert plan.goals.get(text="Go to school").achieved_on is None
    for kid in (child, sibling):
        [row] = ChronologyEntry.objects.filter(child=kid, source_type="cases.planreview")
        assert row.summary.startswith("1 goal achieved.")
    html = client.get(reverse("cases:plan", args=[plan.pk])).content.decode()
    assert "Weekends are calmer" in html and "Achieved" in html


def test_a_review_before_the_plan_started_is_refused(org, client, worker, child):
    plan = a_plan(org, child)
    response = client.post(
        reverse("cases:plan-review-add", args=[plan.pk]), {"reviewed_on": "01/01/2026", "summary": "Early"}
    )
    assert (
        response.status_code == 200
        and "A review cannot be before the plan started." in response.content.decode()
    )
    assert not PlanReview.objects.exists() and not ChronologyEntry.objects.filter(kind="plan").count() > 1


# --- permissions and query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [OrgRole.DIRECTOR, OrgRole.QUALITY_LEAD])
def test_authority_wide_roles_read_plans_but_do_not_write(org, client, child, role):
    plan = a_plan(org, child)
    client.force_login(org[role])
    assert client.get(reverse("cases:plan", args=[plan.pk])).status_code == 200
    assert client.get(reverse("cases:plans", args=[child.pk])).status_code == 200
    assert client.post(reverse("cases:plan-add", args=[child.pk]), plan_data()).status_code == 403
    data = {"reviewed_on": "01/06/2026", "summary": "Fine"}
    assert client.post(reverse("cases:plan-review-add", args=[plan.pk]), data).status_code == 403
    assert Plan.objects.count() == 1 and not PlanReview.objects.exists()


def test_team_manager_writes_a_plan(org, client, child):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    assert client.post(reverse("cases:plan-add", args=[child.pk]), plan_data()).status_code == 302


def test_plans_list_query_count_is_flat(org, client, worker, child, sibling):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cases:plans", args=[child.pk])).status_code == 200
        return len(captured)

    a_plan(org, child, sibling)
    one = queries()
    for _ in range(9):
        a_plan(org, child, sibling, goals=["One", "Two"])
    assert queries() == one


def test_plan_page_query_count_is_flat(org, client, worker, child):
    plan = a_plan(org, child, goals=["One"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cases:plan", args=[plan.pk])).status_code == 200
        return len(captured)

    one = queries()
    goals = [PlanGoal.objects.create(plan=plan, text=f"Goal {i}") for i in range(10)]
    for i, goal in enumerate(goals):
        PlanAction.objects.create(
            plan=plan, goal=goal, text=f"Do {i}", owner_name="Mum", due_on=D(2026, 12, 1)
        )
        PlanReview.objects.create(
            plan=plan, reviewed_on=D(2026, 4, 1), summary=f"Review {i}", reviewed_by=worker
        )
    assert queries() == one
