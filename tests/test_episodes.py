"""Episodes of help and allocation: each form's happy path, bad input, chronology and audit rows, reach,
restriction and the query count of the episodes page.

Who may open each page is in tests/test_authorisation_matrix.py; these are the behaviours.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from hearth.cases.models import (
    Allocation,
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChronologyEntry,
    Contact,
    LookedAfterEpisode,
    Referral,
    Section47,
)
from hearth.cases.services import episodes as services
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole, UnitRole
from hearth.people.models import BreakGlass

from .factories import ChildFactory

D = datetime.date
UNIT_ROLES = [r.value for r in UnitRole]
MANAGERS = [OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE]


@pytest.fixture
def child(org):
    return ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"], first_name="Kemi")


@pytest.fixture
def worker(org, client):
    client.force_login(org["social-worker"])
    return org["social-worker"]


@pytest.fixture
def referral(org, child):
    return services.record_referral(
        by=org["social-worker"], child=child, referral_date=D(2026, 3, 2), source="2A", primary_need="N1"
    )


def url(name, child, *ids):
    return reverse(f"cases:{name}", args=[child.pk, *ids])


def audited(action, child):
    return AuditLog.objects.filter(action=action, child_id=child.pk).count()


def chronology(child, **filters):
    return list(ChronologyEntry.objects.filter(child=child, **filters))


def assert_refused(response, message):
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error: " in html
    assert message in html


# --- the episodes page ----------------------------------------------------------------------------


def test_episodes_page_shows_the_history_and_is_audited(org, client, worker, child, referral):
    services.start_cp_plan(by=worker, referral=referral, started_on=D(2026, 4, 1), category="NEG")
    response = client.get(url("episodes", child))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Referral on 2 March 2026" in html and "Neglect (NEG)" in html and "Open" in html
    assert audited("child.view_episodes", child) == 1


def _history(by, child, year):
    referral = services.record_referral(
        by=by, child=child, referral_date=D(year, 1, 5), source="6", primary_need="N1"
    )
    services.record_contact(by=by, child=child, contact_date=D(year, 1, 2), source="6", outcome="referral")
    assessment = services.start_assessment(by=by, referral=referral, started_on=D(year, 1, 6))
    services.complete_assessment(
        by=by, assessment=assessment, completed_on=D(year, 2, 1), authorised_on=D(year, 2, 2), factors=["3B"]
    )
    enquiry = services.start_section47(by=by, referral=referral, started_on=D(year, 1, 7))
    services.record_initial_conference(by=by, enquiry=enquiry, held_on=D(year, 1, 20))
    cp = services.start_cp_plan(by=by, referral=referral, started_on=D(year, 1, 20), category="EMO")
    services.add_cp_review(by=by, plan=cp, reviewed_on=D(year, 4, 20))
    services.end_cp_plan(by=by, plan=cp, ended_on=D(year, 5, 1))
    cin = services.start_cin_plan(by=by, referral=referral, started_on=D(year, 5, 1))
    services.end_cin_plan(by=by, plan=cin, ended_on=D(year, 6, 1))
    lac = services.start_looked_after(
        by=by, child=child, started_on=D(year, 2, 1), reason_new_episode="S", legal_status="C1",
        category_of_need="N1", placement="U6", provider="PR1",
    )  # fmt: skip
    services.end_looked_after(by=by, episode=lac, ended_on=D(year, 3, 1), reason="E4A")
    services.close_referral(by=by, referral=referral, closed_on=D(year, 7, 1), reason="RC7")


def test_episodes_page_query_count_is_flat(org, client, worker, child):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("episodes", child)).status_code == 200
        return len(captured)

    _history(worker, child, 2010)
    one = queries()
    for year in range(2011, 2020):
        _history(worker, child, year)
    assert Referral.objects.filter(child=child).count() == 10
    assert queries() == one


# --- each form's happy path, with its chronology and audit rows ------------------------------------


def test_record_a_contact(client, worker, child):
    response = client.post(
        url("contact-add", child),
        {"contact_date": "02/03/2026", "source": "2A", "outcome": "advice", "summary": "Worried teacher"},
    )
    assert response.status_code == 302 and response["Location"] == url("episodes", child)
    contact = Contact.objects.get(child=child)
    assert contact.recorded_by == worker and contact.summary == "Worried teacher"
    [row] = chronology(child, kind="contact")
    assert row.title == "Contact from Schools" and not row.is_key_event
    assert audited("contact.create", child) == 1


def test_a_contact_that_becomes_a_referral_leads_to_the_referral_form_prefilled(client, worker, child):
    response = client.post(
        url("contact-add", child), {"contact_date": "02/03/2026", "source": "6", "outcome": "referral"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("referral-add", child) + "?referral_date=02%2F03%2F2026&source=6"
    html = client.get(response["Location"]).content.decode()
    assert 'value="02/03/2026"' in html and '<option value="6" selected>' in html


@pytest.mark.parametrize("role", UNIT_ROLES + MANAGERS)
def test_members_and_managers_of_the_unit_record_a_referral(org, client, child, role):
    client.force_login(org[role])
    data = {"referral_date": "02/03/2026", "source": "3A", "primary_need": "N0"}
    assert client.post(url("referral-add", child), data).status_code == 302
    referral = Referral.objects.get(child=child)
    assert referral.referral_source == "3A" and referral.is_open
    [row] = chronology(child, kind="referral")
    assert row.is_key_event and row.title == "Referral from Health services: GP"
    assert AuditLog.objects.get(action="referral.create").actor == org[role]


@pytest.mark.parametrize("role", [OrgRole.DIRECTOR, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD])
def test_authority_wide_roles_see_but_do_not_record(org, client, child, role):
    client.force_login(org[role])
    assert client.get(url("episodes", child)).status_code == 200
    data = {"referral_date": "02/03/2026", "source": "3A", "primary_need": "N0"}
    assert client.post(url("referral-add", child), data).status_code == 403
    assert not Referral.objects.exists()


def test_a_second_open_referral_is_refused_with_the_constraint_message(client, worker, child, referral):
    data = {"referral_date": "05/03/2026", "source": "3A", "primary_need": "N0"}
    assert_refused(
        client.post(url("referral-add", child), data), "This child already has an open episode of help."
    )
    assert Referral.objects.filter(child=child).count() == 1
    assert len(chronology(child, kind="referral")) == 1


def test_start_and_complete_an_assessment(client, worker, child, referral):
    response = client.post(url("assessment-add", child, referral.pk), {"on": "03/03/2026"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(referral=referral)
    assert assessment.is_open and audited("assessment.start", child) == 1
    response = client.get(url("assessment-complete", child, assessment.pk))
    html = response.content.decode()
    assert "Domestic abuse" in html and "Concerns about the parent or carer" in html and "Code 3B" in html
    data = {"completed_on": "01/04/2026", "authorised_on": "02/04/2026", "factors": ["3B", "4B"]}
    assert client.post(url("assessment-complete", child, assessment.pk), data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.factors == ["3B", "4B"] and assessment.assessment_authorisation_date == D(2026, 4, 2)
    completed = chronology(child, title="Child and family assessment completed")
    assert "Domestic abuse: concerns about the parent or carer" in completed[0].summary
    assert audited("assessment.complete", child) == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"completed_on": "05/04/2026", "authorised_on": "01/04/2026", "factors": ["3B"]},
         "The assessment cannot be authorised before it is completed."),
        ({"completed_on": "01/02/2026", "authorised_on": "02/04/2026", "factors": ["3B"]},
         "The assessment cannot finish before it starts."),
        ({"completed_on": "01/04/2026", "authorised_on": "02/04/2026"},
         "Select the factors identified, or &#x27;No factors identified&#x27;"),
        ({"completed_on": "01/04/2026", "authorised_on": "02/04/2026", "factors": ["21", "3B"]},
         "&#x27;No factors identified&#x27; cannot be selected with other factors"),
        ({"completed_on": "31/02/2026", "authorised_on": "02/04/2026", "factors": ["3B"]},
         "Enter the completion date as a real date, like 27/03/2026"),
        ({"completed_on": "01/04/2026", "authorised_on": "02/04/2099", "factors": ["3B"]},
         "The authorisation date must be today or in the past"),
    ],
)  # fmt: skip
def test_completing_an_assessment_with_bad_input_changes_nothing(
    client, worker, child, referral, data, message
):
    assessment = services.start_assessment(by=worker, referral=referral, started_on=D(2026, 3, 3))
    assert_refused(client.post(url("assessment-complete", child, assessment.pk), data), message)
    assessment.refresh_from_db()
    assert assessment.is_open and assessment.factors == []
    assert audited("assessment.complete", child) == 0


def test_an_assessment_cannot_start_before_the_referral(client, worker, child, referral):
    response = client.post(url("assessment-add", child, referral.pk), {"on": "01/03/2026"})
    assert_refused(response, "The assessment cannot be before the referral date.")
    assert not Assessment.objects.exists()


def test_section_47_and_initial_conference(client, worker, child, referral):
    data = {"started_on": "04/03/2026", "icpc_target": "20/03/2026"}
    assert client.post(url("s47-add", child, referral.pk), data).status_code == 302
    enquiry = Section47.objects.get()
    assert enquiry.initial_cpc_target == D(2026, 3, 20)
    assert chronology(child, kind="s47")[0].is_key_event
    assert client.post(url("icpc-record", child, enquiry.pk), {"on": "18/03/2026"}).status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.date_of_initial_cpc == D(2026, 3, 18)
    assert chronology(child, title="Initial child protection conference")[0].is_key_event
    # A second conference for the same enquiry is refused.
    response = client.post(url("icpc-record", child, enquiry.pk), {"on": "19/03/2026"})
    assert_refused(response, "The initial conference for this enquiry is already recorded.")
    enquiry.refresh_from_db()
    assert enquiry.date_of_initial_cpc == D(2026, 3, 18)


def test_no_conference_when_the_enquiry_says_none_is_needed(client, worker, child, referral):
    data = {"started_on": "04/03/2026", "icpc_not_required": "on", "icpc_target": "20/03/2026"}
    assert_refused(client.post(url("s47-add", child, referral.pk), data), "Leave the target date empty")
    enquiry = services.start_section47(
        by=worker, referral=referral, started_on=D(2026, 3, 4), icpc_not_required=True
    )
    response = client.post(url("icpc-record", child, enquiry.pk), {"on": "18/03/2026"})
    assert_refused(response, "This enquiry was recorded as not needing an initial conference.")


def test_child_protection_plan_review_and_end(client, worker, child, referral):
    data = {"started_on": "18/03/2026", "category": "EMO"}
    assert client.post(url("cp-plan-add", child, referral.pk), data).status_code == 302
    plan = ChildProtectionPlan.objects.get()
    assert plan.initial_category_of_abuse == plan.latest_category_of_abuse == "EMO"
    assert client.post(url("cp-plan-review-add", child, plan.pk), {"on": "18/06/2026"}).status_code == 302
    assert [r.cpp_review_date for r in plan.reviews.all()] == [D(2026, 6, 18)]
    # A plan cannot end before it starts: refused, nothing changes.
    assert_refused(
        client.post(url("cp-plan-end", child, plan.pk), {"on": "01/03/2026"}),
        "A plan cannot end before it starts.",
    )
    plan.refresh_from_db()
    assert plan.is_open
    assert client.post(url("cp-plan-end", child, plan.pk), {"on": "01/09/2026"}).status_code == 302
    plan.refresh_from_db()
    assert plan.cpp_end_date == D(2026, 9, 1)
    titles = {row.title: row.is_key_event for row in chronology(child, kind="cp-plan")}
    assert titles == {
        "Child protection plan started": True,
        "Review child protection conference": False,
        "Child protection plan ended": True,
    }
    assert (
        audited("cp_plan.create", child)
        == audited("cp_plan.review", child)
        == audited("cp_plan.end", child)
        == 1
    )


def test_a_second_open_child_protection_plan_is_refused(client, worker, child, referral):
    services.start_cp_plan(by=worker, referral=referral, started_on=D(2026, 3, 18), category="NEG")
    response = client.post(
        url("cp-plan-add", child, referral.pk), {"started_on": "20/03/2026", "category": "PHY"}
    )
    assert_refused(response, "The child already has a child protection plan.")
    assert ChildProtectionPlan.objects.count() == 1


def test_a_new_plan_counts_the_previous_ones(worker, child, referral):
    first = services.start_cp_plan(by=worker, referral=referral, started_on=D(2026, 3, 18), category="NEG")
    services.end_cp_plan(by=worker, plan=first, ended_on=D(2026, 5, 1))
    second = services.start_cp_plan(by=worker, referral=referral, started_on=D(2026, 6, 1), category="PHY")
    assert second.number_of_previous_cpp == 1


def test_child_in_need_plan_start_and_end(client, worker, child, referral):
    assert client.post(url("cin-plan-add", child, referral.pk), {"on": "10/03/2026"}).status_code == 302
    plan = ChildInNeedPlan.objects.get()
    assert client.post(url("cin-plan-end", child, plan.pk), {"on": "10/06/2026"}).status_code == 302
    plan.refresh_from_db()
    assert plan.cin_plan_end_date == D(2026, 6, 10)
    assert len(chronology(child, kind="cin-plan")) == 2
    assert audited("cin_plan.create", child) == audited("cin_plan.end", child) == 1


LAC = {
    "started_on": "01/04/2026",
    "reason_new_episode": "S",
    "legal_status": "V2",
    "category_of_need": "N1",
    "placement": "U6",
    "provider": "PR1",
    "postcode": "ab12cd",
}


def test_looked_after_episode_start_and_end(client, worker, child):
    assert client.post(url("looked-after-add", child), LAC).status_code == 302
    episode = LookedAfterEpisode.objects.get()
    assert episode.pl_post == "AB1 2CD" and episode.legal_status == "V2" and episode.is_open
    # Two open episodes are refused with the constraint's message.
    assert_refused(
        client.post(url("looked-after-add", child), LAC),
        "This child already has an open looked-after episode.",
    )
    assert LookedAfterEpisode.objects.count() == 1
    data = {"ended_on": "01/06/2026", "reason": "E4A"}
    assert client.post(url("looked-after-end", child, episode.pk), data).status_code == 302
    episode.refresh_from_db()
    assert episode.dec == D(2026, 6, 1) and episode.rec == "E4A"
    rows = chronology(child, kind="looked-after")
    assert len(rows) == 2 and all(r.is_key_event for r in rows)
    assert audited("looked_after.create", child) == audited("looked_after.end", child) == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode, like AB1 2CD"),
        ({"legal_status": ""}, "Select the legal status"),
        ({"placement": "XX"}, "Select the type of placement"),
        ({"started_on": ""}, "Enter the episode start date"),
    ],
)
def test_looked_after_bad_input_changes_nothing(client, worker, child, change, message):
    assert_refused(client.post(url("looked-after-add", child), LAC | change), message)
    assert not LookedAfterEpisode.objects.exists()
    assert not chronology(child)


def test_closing_is_refused_while_a_plan_is_open_then_closes(client, worker, child, referral):
    plan = services.start_cin_plan(by=worker, referral=referral, started_on=D(2026, 3, 10))
    data = {"closed_on": "01/07/2026", "reason": "RC7"}
    assert_refused(
        client.post(url("referral-close", child, referral.pk), data),
        "End the child in need plan before closing the case.",
    )
    referral.refresh_from_db()
    assert referral.is_open and referral.reason_for_closure == ""
    assert not chronology(child, kind="closure") and audited("referral.close", child) == 0
    services.end_cin_plan(by=worker, plan=plan, ended_on=D(2026, 6, 30))
    assert client.post(url("referral-close", child, referral.pk), data).status_code == 302
    referral.refresh_from_db()
    assert referral.cin_closure_date == D(2026, 7, 1) and referral.reason_for_closure == "RC7"
    [row] = chronology(child, kind="closure")
    assert row.is_key_event and "no longer in need" in row.summary
    assert audited("referral.close", child) == 1
    # Nothing more can be added to a closed episode.
    response = client.post(url("assessment-add", child, referral.pk), {"on": "02/07/2026"})
    assert_refused(response, "This episode of help is closed.")


def test_bad_dates_are_refused_in_plain_english(client, worker, child):
    response = client.post(
        url("contact-add", child), {"contact_date": "tomorrow", "source": "6", "outcome": "nfa"}
    )
    assert_refused(response, "Enter the date of the contact as a real date, like 27/03/2026")
    response = client.post(
        url("contact-add", child), {"contact_date": "01/01/2099", "source": "6", "outcome": "nfa"}
    )
    assert_refused(response, "The date of the contact must be today or in the past")
    assert not Contact.objects.exists()


# --- reach and restriction -------------------------------------------------------------------------


def test_a_worker_of_another_unit_gets_404_and_changes_nothing(org, client, child, referral):
    client.force_login(org.other_unit_worker)
    assert client.get(url("episodes", child)).status_code == 404
    response = client.post(
        url("referral-close", child, referral.pk), {"closed_on": "01/07/2026", "reason": "RC7"}
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.is_open


def test_a_record_of_another_child_is_404(org, client, worker, child, referral):
    other = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    assert client.get(url("referral-close", other, referral.pk)).status_code == 404
    assert client.get(url("assessment-add", other, referral.pk)).status_code == 404


def test_a_restricted_child_needs_break_glass(org, client, child, referral):
    child.restriction = "high-profile"
    child.save()
    client.force_login(org["clinician"])
    response = client.get(url("episodes", child))
    assert response.status_code == 403
    html = response.content.decode()
    assert reverse("people:break-glass", args=[child.pk]) in html and "Kemi" not in html
    assert (
        client.post(
            url("contact-add", child), {"contact_date": "02/03/2026", "source": "6", "outcome": "nfa"}
        ).status_code
        == 403
    )
    assert not Contact.objects.exists()
    reason = "Police called out of hours about the family"
    assert client.post(reverse("people:break-glass", args=[child.pk]), {"reason": reason}).status_code == 302
    assert BreakGlass.objects.filter(child=child, user=org["clinician"]).exists()
    assert client.get(url("episodes", child)).status_code == 200


# --- allocation --------------------------------------------------------------------------------------


def test_consultant_changes_the_lead_worker_within_the_unit(org, client, child):
    consultant = org["consultant-social-worker"]
    client.force_login(consultant)
    step_two = client.get(url("allocate", child), {"unit": org.unit_a.pk})
    assert step_two.status_code == 200 and "Lead worker" in step_two.content.decode()
    response = client.post(
        url("allocate", child),
        {"unit": org.unit_a.pk, "lead_worker": consultant.pk, "reason": "Complex case"},
    )
    assert response.status_code == 302 and response["Location"] == url("allocate", child)
    child.refresh_from_db()
    assert child.lead_worker == consultant
    assert Allocation.objects.filter(child=child).count() == 2
    assert ChronologyEntry.objects.filter(child=child, kind="allocation").count() == 1
    assert audited("child.allocate", child) == 1
    html = client.get(url("allocate", child)).content.decode()
    assert "Complex case" in html and "Current" in html


def test_team_manager_transfers_the_case_to_another_unit(org, client, child):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    html = client.get(url("allocate", child), {"unit": org.unit_b.pk}).content.decode()
    assert escape(f"{org.other_unit_worker} (social worker)") in html  # names like O'Brien are escaped
    assert escape(f"{org['social-worker']} (social worker)") not in html
    response = client.post(
        url("allocate", child), {"unit": org.unit_b.pk, "lead_worker": org.other_unit_worker.pk}
    )
    # The manager no longer reaches the child, so goes home.
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    child.refresh_from_db()
    assert child.allocated_unit == org.unit_b and child.lead_worker == org.other_unit_worker


def test_a_lead_worker_from_another_unit_is_refused(org, client, child):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    response = client.post(
        url("allocate", child), {"unit": org.unit_a.pk, "lead_worker": org.other_unit_worker.pk}
    )
    assert_refused(response, "Select a lead worker who is a member of the unit")
    child.refresh_from_db()
    assert child.lead_worker == org["social-worker"]
    assert Allocation.objects.filter(child=child).count() == 1


def test_allocating_to_the_same_unit_and_worker_is_refused(org, client, child):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    response = client.post(
        url("allocate", child), {"unit": org.unit_a.pk, "lead_worker": org["social-worker"].pk}
    )
    assert_refused(response, "The case is already allocated to this unit and lead worker.")
    assert Allocation.objects.filter(child=child).count() == 1


def test_an_unknown_unit_is_refused(org, client, child):
    client.force_login(org[OrgRole.TEAM_MANAGER])
    assert_refused(client.get(url("allocate", child), {"unit": "999999"}), "Select a unit from the list")
    assert_refused(client.post(url("allocate", child), {"unit": "x", "lead_worker": "1"}), "Select the unit")


def test_a_social_worker_may_not_allocate(org, client, child):
    client.force_login(org["social-worker"])
    assert client.get(url("allocate", child)).status_code == 403
    response = client.post(url("allocate", child), {"unit": org.unit_a.pk, "lead_worker": org["student"].pk})
    assert response.status_code == 403
    assert Allocation.objects.filter(child=child).count() == 1
