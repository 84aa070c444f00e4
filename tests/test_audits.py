"""Quality assurance audits: tools from the practice model, programmes that sample cases, audits done
with the worker, moderation, the family's view, actions, audited access and the quality page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.audits import selectors, services
from hearth.audits.models import (
    ActionStatus,
    AuditAction,
    CaseAudit,
    EpisodeKind,
    SampleMethod,
    Status,
    Theme,
    TransitionError,
)
from hearth.cases.models import ChildProtectionPlan, ChronologyEntry, Referral
from hearth.core.models import AuditLog
from hearth.framework.selectors import Statement
from hearth.people.models import Child

from .factories import ChildFactory
from .factories_audits import AuditProgrammeFactory, AuditToolFactory, CaseAuditFactory, audits_case


def _fill(audit, by):
    """Grade every criterion, write findings and reflections, record the family's view."""
    criteria = list(audit.programme.tool.criteria.all())
    services.record_grades(
        by=by,
        audit=audit,
        grades={c.pk: ("good", "Seen in the plan and the visit notes") for c in criteria},
        overall="good",
        findings="The child's voice is strong; the plan's goals are the worker's, not the family's.",
    )
    services.record_reflections(
        by=by, audit=audit, text="I would ask the family to write the goals next time."
    )
    services.record_family_view(by=by, audit=audit, gathered=True, text="Mother said the worker listens.")


def _agree_both(audit, org):
    services.agree_findings(by=org["consultant-social-worker"], audit=audit)
    services.agree_findings(by=org["social-worker"], audit=audit)


# --- the audit's moves ------------------------------------------------------------------------------


def test_a_collaborative_audit_goes_to_moderation_and_the_moderator_changes_the_grade(org):
    case = audits_case(org)
    audit, auditor, moderator = case.audit, org["consultant-social-worker"], org["team-manager"]
    _fill(audit, auditor)
    _agree_both(audit, org)
    services.submit(by=auditor, audit=audit)
    audit.refresh_from_db()
    assert audit.status == Status.AWAITING_MODERATION
    assert audit.final_grade == "good"
    assert not ChronologyEntry.objects.filter(source_type="audits.caseaudit").exists()

    with pytest.raises(ValidationError) as error:
        services.moderate(by=moderator, audit=audit, agree=False, grade="requires-improvement", reason="")
    assert "reason" in error.value.message_dict
    services.moderate(
        by=moderator,
        audit=audit,
        agree=False,
        grade="requires-improvement",
        reason="Goals are not the family's.",
    )
    audit.refresh_from_db()
    assert audit.status == Status.MODERATED
    assert (audit.overall_grade, audit.moderated_grade) == ("good", "requires-improvement")
    assert audit.final_grade_label == "Requires improvement" and audit.final_meets_standard is False
    entry = ChronologyEntry.objects.get(source_type="audits.caseaudit", source_id=audit.pk)
    assert entry.child_id == audit.child_id and "Requires improvement" in entry.title
    regrade = AuditLog.objects.get(action="audits.audit.regrade")
    assert regrade.child_id == audit.child_id and regrade.reason == "Goals are not the family's."


def test_without_a_moderator_submitting_completes_the_audit(org):
    audit = audits_case(org).audit
    audit.moderator = None
    audit.save()
    _fill(audit, org["consultant-social-worker"])
    _agree_both(audit, org)
    services.submit(by=org["consultant-social-worker"], audit=audit)
    audit.refresh_from_db()
    assert audit.status == Status.COMPLETED and audit.finished_at is not None


def test_impossible_moves_are_refused_in_plain_english(org):
    case = audits_case(org)
    audit, auditor = case.audit, org["consultant-social-worker"]
    with pytest.raises(TransitionError, match="already started"):
        services.start_audit(by=auditor, audit=audit)
    with pytest.raises(TransitionError, match="Grade every criterion"):
        services.submit(by=auditor, audit=audit)
    with pytest.raises(TransitionError, match="Before agreeing"):
        services.agree_findings(by=auditor, audit=audit)
    with pytest.raises(TransitionError, match="not waiting for moderation"):
        services.moderate(by=org["team-manager"], audit=audit, agree=True)
    with pytest.raises(TransitionError, match="Only the audit's auditor"):
        services.record_grades(by=org["social-worker"], audit=audit, grades={}, overall="", findings="")
    _fill(audit, auditor)
    with pytest.raises(TransitionError, match="both agree"):
        services.submit(by=auditor, audit=audit)
    _agree_both(audit, org)
    services.submit(by=auditor, audit=audit)
    with pytest.raises(TransitionError, match="cannot change"):
        services.record_reflections(by=org["social-worker"], audit=audit, text="More")


def test_a_planned_audit_needs_an_auditor_before_it_starts(org):
    audit = CaseAuditFactory(unit=org.unit_a, worker=org["social-worker"])
    with pytest.raises(TransitionError):
        services.start_audit(by=org["consultant-social-worker"], audit=audit)
    services.assign(by=org["quality-lead"], audit=audit, auditor=org["consultant-social-worker"])
    services.start_audit(by=org["consultant-social-worker"], audit=audit)
    audit.refresh_from_db()
    assert audit.status == Status.IN_PROGRESS


def test_changing_the_grades_means_both_agree_again(org):
    case = audits_case(org)
    audit = case.audit
    _fill(audit, org["consultant-social-worker"])
    _agree_both(audit, org)
    audit.refresh_from_db()
    assert audit.both_agreed
    services.record_reflections(by=org["social-worker"], audit=audit, text="On reflection, more on goals.")
    audit.refresh_from_db()
    assert audit.auditor_agreed_at is None and audit.worker_agreed_at is None


def test_the_moderator_cannot_be_the_auditor(org):
    audit = audits_case(org).audit
    with pytest.raises(TransitionError, match="different person"):
        services.assign(
            by=org["quality-lead"], audit=audit, auditor=org["team-manager"], moderator=org["team-manager"]
        )
    with pytest.raises(TransitionError, match="lead worker"):
        services.assign(by=org["quality-lead"], audit=audit, auditor=org["social-worker"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseAudit.objects.filter(pk=audit.pk).update(moderator=audit.auditor)


def test_the_family_view_not_gathered_needs_a_reason(org):
    audit = audits_case(org).audit
    with pytest.raises(ValidationError):
        services.record_family_view(by=org["consultant-social-worker"], audit=audit, gathered=False, text=" ")
    services.record_family_view(
        by=org["consultant-social-worker"], audit=audit, gathered=False, text="Father declined to talk to us."
    )
    audit.refresh_from_db()
    assert audit.family_view_status == "not-gathered"


# --- tools and scales ---------------------------------------------------------------------------------


def test_a_tool_copies_the_words_and_keys_of_the_practice_models_statements(org, monkeypatch):
    statements = {
        "family-led-goals": Statement(
            7, "family-led-goals", "Goals the family chose.", "family-led", "Family-led", 2, 1
        ),
        "child-centred-voice": Statement(
            5, "child-centred-voice", "The child's voice.", "child-centred", "Child-centred", 2, 0
        ),
    }
    monkeypatch.setattr(
        services, "statements_by_key", lambda keys, version=None: {k: statements[k] for k in keys}
    )
    tool = services.create_tool(
        by=org["quality-lead"], name="Quarterly audit", description="", statement_keys=list(statements)
    )
    rows = list(tool.criteria.values_list("statement_key", "theme", "text"))
    assert rows == [
        ("child-centred-voice", "Child-centred", "The child's voice."),
        ("family-led-goals", "Family-led", "Goals the family chose."),
    ]
    assert [g["label"] for g in tool.grades()] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    assert tool.model_version == "2"
    with pytest.raises(TransitionError):
        services.create_tool(
            by=org["social-worker"], name="x", description="", statement_keys=["family-led-goals"]
        )


def test_an_authority_may_define_its_own_scale():
    scale = services.parse_scale("Strong *\nAdequate *\nWeak\n")
    assert [(g["key"], g["meets_standard"]) for g in scale] == [
        ("strong", True),
        ("adequate", True),
        ("weak", False),
    ]
    with pytest.raises(ValidationError):
        services.parse_scale("Only one *")
    with pytest.raises(ValidationError):
        services.parse_scale("Strong\nWeak")


# --- sampling ---------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(
    candidates=st.lists(st.integers(min_value=1, max_value=10_000), min_size=0, max_size=60, unique=True),
    seed=st.integers(min_value=1, max_value=999_999),
    size=st.integers(min_value=1, max_value=20),
)
def test_a_draw_is_reproducible_and_only_chooses_candidates(candidates, seed, size):
    first = services.draw(candidates, seed=seed, draw_number=1, size=size)
    assert first == services.draw(list(reversed(candidates)), seed=seed, draw_number=1, size=size)
    assert set(first) <= set(candidates)
    assert len(first) == min(size, len(candidates)) == len(set(first))


def _open_referral(child, on=None):
    return Referral.objects.create(
        child=child, cin_referral_date=on or timezone.localdate(), referral_source="1A"
    )


def test_a_random_draw_stays_in_its_unit_skips_restricted_children_and_never_repeats_a_child(org):
    children = [ChildFactory(unit=org.unit_a) for _ in range(6)]
    for child in children:
        _open_referral(child)
    children[0].restriction = "high-profile"
    children[0].save()
    other = ChildFactory(unit=org.unit_b)
    _open_referral(other)
    closed = ChildFactory(unit=org.unit_a)  # no open case
    programme = AuditProgrammeFactory(owner=org["quality-lead"], unit=org.unit_a)
    first = services.draw_sample(by=org["quality-lead"], programme=programme, size=3)
    second = services.draw_sample(by=org["quality-lead"], programme=programme, size=10)
    chosen = [a.child_id for a in first + second]
    assert len(chosen) == len(set(chosen)) == 5
    assert set(chosen) == {c.pk for c in children[1:]}
    assert other.pk not in chosen and closed.pk not in chosen
    assert all(a.worker_id == Child.objects.get(pk=a.child_id).lead_worker_id for a in first)
    with pytest.raises(TransitionError, match="no more cases"):
        services.draw_sample(by=org["quality-lead"], programme=programme, size=1)


def test_the_same_seed_draws_the_same_children(org):
    for _ in range(12):
        _open_referral(ChildFactory(unit=org.unit_a))
    drawn = []
    for _ in range(2):
        programme = AuditProgrammeFactory(owner=org["quality-lead"], seed=42)
        drawn.append(
            sorted(
                a.child_id for a in services.draw_sample(by=org["quality-lead"], programme=programme, size=4)
            )
        )
    assert drawn[0] == drawn[1]


def test_themed_and_episode_samples(org):
    neglect, physical = ChildFactory(unit=org.unit_a), ChildFactory(unit=org.unit_a)
    for child, category in ((neglect, "NEG"), (physical, "PHY")):
        referral = _open_referral(child)
        ChildProtectionPlan.objects.create(
            referral=referral,
            cpp_start_date=timezone.localdate(),
            initial_category_of_abuse=category,
            latest_category_of_abuse=category,
        )
    _open_referral(ChildFactory(unit=org.unit_b))
    themed = AuditProgrammeFactory(
        owner=org["quality-lead"], method=SampleMethod.THEMED, theme=Theme.NEGLECT_CP
    )
    assert set(selectors.eligible_children(themed)) == {neglect.pk}
    cp = AuditProgrammeFactory(owner=org["quality-lead"], episode_kind=EpisodeKind.CP_PLAN)
    assert set(selectors.eligible_children(cp)) == {neglect.pk, physical.pk}


# --- access -------------------------------------------------------------------------------------------


def test_an_auditor_from_another_unit_reads_the_audit_and_every_read_is_audited(org, client):
    case = audits_case(org)
    audit = case.audit
    auditor = org.other_unit_worker
    CaseAudit.objects.filter(pk=audit.pk).update(auditor=auditor)
    client.force_login(auditor)
    assert client.get(reverse("people:child", args=[case.child.pk])).status_code == 404
    response = client.get(reverse("audits:audit", args=[audit.pk]))
    assert response.status_code == 200
    assert case.child.full_name in response.content.decode()
    assert "because you audit the case" in response.content.decode()
    row = AuditLog.objects.filter(action="audits.audit.view", actor=auditor).get()
    assert row.child_id == case.child.pk and row.detail == selectors.AUDITED_ACCESS
    client.get(reverse("audits:audit", args=[audit.pk]))
    assert AuditLog.objects.filter(action="audits.audit.view", actor=auditor).count() == 2


def test_people_with_no_part_in_an_audit_of_another_unit_get_404(org, client):
    audit = audits_case(org).audit
    client.force_login(org.other_unit_worker)
    assert client.get(reverse("audits:audit", args=[audit.pk])).status_code == 404


def test_the_childs_record_lists_their_audits_for_people_who_see_both(org, client):
    case = audits_case(org)
    client.force_login(org["social-worker"])
    page = client.get(reverse("people:child", args=[case.child.pk])).content.decode()
    assert "Case audits" in page and case.programme.name in page
    assert selectors.child_section(org.other_unit_worker, case.child) is None


def test_an_action_is_on_its_owners_work_list_until_it_is_done(org):
    case = audits_case(org)
    today = timezone.localdate()
    kinds = [i.kind for i in selectors.work_items(org["social-worker"], today)]
    assert "Case audit action" in kinds and "Case audit of your case" in kinds
    assert "Case audit to do" in [
        i.kind for i in selectors.work_items(org["consultant-social-worker"], today)
    ]
    with pytest.raises(ValidationError):
        services.complete_action(by=org["social-worker"], action=case.action, note="")
    services.complete_action(by=org["social-worker"], action=case.action, note="Asked; she wants Saturdays.")
    assert AuditAction.objects.get(pk=case.action.pk).status == ActionStatus.DONE
    assert "Case audit action" not in [i.kind for i in selectors.work_items(org["social-worker"], today)]
    with pytest.raises(TransitionError, match="already done"):
        services.complete_action(by=org["social-worker"], action=case.action, note="Again")


def test_an_action_needs_an_owner_and_a_due_date_not_in_the_past(org):
    audit = audits_case(org).audit
    with pytest.raises(ValidationError) as error:
        services.add_action(
            by=org["consultant-social-worker"],
            audit=audit,
            text="",
            owner=None,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"text", "owner", "due_on"}


# --- pages ----------------------------------------------------------------------------------------------


def test_the_audit_journey_through_the_pages(org, client):
    case = audits_case(org)
    audit = case.audit
    client.force_login(org["consultant-social-worker"])
    criteria = list(audit.programme.tool.criteria.all())
    data = {f"grade_{c.pk}": "good" for c in criteria} | {
        "overall": "good",
        "findings": "Strong voice of the child.",
    }
    assert client.post(reverse("audits:grades", args=[audit.pk]), data).status_code == 302
    client.post(reverse("audits:reflections", args=[audit.pk]), {"reflections": "I learned to ask more."})
    client.post(
        reverse("audits:family-view", args=[audit.pk]), {"gathered": "gathered", "family_view": "Happy."}
    )
    client.post(reverse("audits:agree", args=[audit.pk]))
    client.force_login(org["social-worker"])
    client.post(reverse("audits:agree", args=[audit.pk]))
    client.force_login(org["consultant-social-worker"])
    client.post(reverse("audits:submit", args=[audit.pk]))
    client.force_login(org["team-manager"])
    response = client.post(
        reverse("audits:moderate", args=[audit.pk]),
        {"decision": "change", "grade": "outstanding", "reason": ""},
    )
    assert response.status_code == 200 and "Write why the grade changes" in response.content.decode()
    client.post(
        reverse("audits:moderate", args=[audit.pk]),
        {"decision": "change", "grade": "outstanding", "reason": "The direct work is exceptional."},
    )
    audit.refresh_from_db()
    assert audit.status == Status.MODERATED and audit.final_grade == "outstanding"
    client.force_login(org["quality-lead"])
    page = client.get(reverse("audits:quality"), {"unit": org.unit_a.pk}).content.decode()
    assert "Outstanding" in page and "Unit A" in page


def test_starting_a_programme_and_drawing_cases_through_the_pages(org, client):
    tool = AuditToolFactory(created_by=org["quality-lead"])
    for _ in range(3):
        _open_referral(ChildFactory(unit=org.unit_a))
    client.force_login(org["quality-lead"])
    response = client.post(
        reverse("audits:programme-new"),
        {
            "name": "Spring audit",
            "tool": tool.pk,
            "starts_on": "1/1/2026",
            "ends_on": "31/3/2026",
            "method": "random",
        },
    )
    assert response.status_code == 302
    programme = tool.programmes.get()
    client.post(reverse("audits:programme-draw", args=[programme.pk]), {"size": "2"})
    assert programme.audits.count() == 2
    page = client.get(reverse("audits:programme", args=[programme.pk])).content.decode()
    assert "Spring audit" in page and "Assign" in page


def _finished_audits(org, n, tool):
    quarter_ago = timezone.now() - datetime.timedelta(days=95)
    programme = AuditProgrammeFactory(owner=org["quality-lead"], tool=tool)
    for i in range(n):
        audit = CaseAuditFactory(programme=programme, unit=org.unit_a if i % 2 else org.unit_b)
        services_grade = ["good", "inadequate", "outstanding"][i % 3]
        audit.set_final_grade(tool, services_grade)
        audit.status = Status.MODERATED if i % 2 else Status.COMPLETED
        audit.finished_at = quarter_ago if i % 3 else timezone.now()
        audit.save()
        audit.grades.create(criterion=tool.criteria.first(), grade=services_grade)


def test_the_quality_page_makes_the_same_number_of_queries_whatever_the_data(
    org, client, django_assert_max_num_queries
):
    tool = AuditToolFactory(created_by=org["quality-lead"])
    _finished_audits(org, 2, tool)
    client.force_login(org["quality-lead"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("audits:quality")).status_code == 200
    _finished_audits(org, 12, tool)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("audits:quality"))
    figures = response.context["figures"]
    assert figures.total == 14
    assert sum(r["total"] for r in figures.rows) == 14
    assert {r["name"] for r in figures.by_unit} == {"Unit A", "Unit B"}
    assert figures.themes and figures.themes[0]["name"] == "Child-centred"


def test_the_quality_page_filters_by_unit(org):
    tool = AuditToolFactory(created_by=org["quality-lead"])
    _finished_audits(org, 6, tool)
    assert selectors.quality(unit_id=org.unit_a.pk).total == 3
    assert selectors.quality(service_area_id=org.other_area.pk).total == 3


def test_my_audits_list_makes_the_same_number_of_queries_whatever_the_data(
    org, client, django_assert_max_num_queries
):
    audits_case(org)
    client.force_login(org["consultant-social-worker"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("audits:mine")).status_code == 200
    programme = AuditProgrammeFactory(owner=org["quality-lead"])
    for _ in range(6):
        CaseAuditFactory(programme=programme, unit=org.unit_a, auditor=org["consultant-social-worker"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("audits:mine")).status_code == 200


def test_providers_make_no_query_for_people_with_no_reason(org, django_assert_num_queries):
    from hearth.core.roles import OrgRole

    case = audits_case(org)
    for role in (OrgRole.SYSTEM_ADMINISTRATOR, OrgRole.WORKFORCE_LEAD):
        person = org[role]
        _ = person.unit_ids
        with django_assert_num_queries(0):
            assert selectors.work_items(person, timezone.localdate()) == []
            assert selectors.child_section(person, case.child) is None
            assert selectors.unit_section(person, org.unit_a) is None


def test_the_unit_page_links_to_the_units_quality_of_practice(org, client):
    client.force_login(org["social-worker"])
    page = client.get(reverse("organisation:unit", args=["unit-a"])).content.decode()
    assert f"/audits/quality/?unit={org.unit_a.pk}" in page
