"""Casework gaps of issue 4 in `cases`: ending a family-led plan, changing a child protection plan's
latest category of abuse, withdrawing an assessment, bank holidays in the visit rule, and changing
the children of a saved note.

Who may open each page is in tests/test_authorisation_matrix.py; these are the behaviours.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import (
    Assessment,
    CategoryOfAbuseChange,
    ChildProtectionPlan,
    ChronologyEntry,
    NoteChild,
    NoteVersion,
    PlanAction,
    PlanReview,
    TransitionError,
)
from hearth.cases.selectors.lists import (
    ASSESSMENT,
    CP_PLAN,
    REFERRAL,
    add_working_days,
    next_visit_due,
    open_kinds_by_child,
)
from hearth.cases.services import episodes as episode_services
from hearth.cases.services import notes as note_services
from hearth.cases.services import plans as plan_services
from hearth.core.calendar import BANK_HOLIDAYS, BANK_HOLIDAYS_BY_YEAR, is_working_day
from hearth.core.models import AuditLog
from hearth.people.models import Relationship

from .factories import ChildFactory, note_about

D = datetime.date


@pytest.fixture
def worker(org):
    return org["social-worker"]


@pytest.fixture
def child(org, worker):
    return ChildFactory(unit=org.unit_a, unit__lead_worker=worker, first_name="Ada", last_name="Mensah")


@pytest.fixture
def sibling(org, worker, child):
    sibling = ChildFactory(unit=org.unit_a, unit__lead_worker=worker, first_name="Ben", last_name="Mensah")
    Relationship.objects.create(child=child, other_child=sibling, kind="sibling")
    return sibling


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker)
    return client


def audited(action, child):
    return AuditLog.objects.filter(action=action, child_id=child.pk).count()


def rows_of(source, child=None):
    rows = ChronologyEntry.objects.filter(source_type=source._meta.label_lower, source_id=source.pk)
    return rows.filter(child=child) if child is not None else rows


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def error_page(response, message):
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error: " in html, html[:2000]
    assert message in html, html
    return html


# --- 1. ending a family-led plan -------------------------------------------------------------------


@pytest.fixture
def plan(worker, child, sibling):
    return plan_services.write_plan(
        by=worker,
        children=[child, sibling],
        kind="cin",
        strengths="Mum walks them to school",
        worries="Weekends",
        started_on=D(2026, 3, 2),
        goals=["Feel safe at weekends"],
    )


def test_ending_a_plan_records_outcome_chronology_and_audit(worker, child, sibling, plan):
    plan_services.end_plan(by=worker, plan=plan, ended_on=D(2026, 9, 1), outcome="Goals met ")
    plan.refresh_from_db()
    assert plan.ended_on == D(2026, 9, 1) and plan.end_outcome == "Goals met" and plan.is_ended
    for kid in (child, sibling):
        ended = rows_of(plan, kid).get(title="Child in need plan ended")
        assert ended.summary == "Goals met" and timezone.localdate(ended.occurred_at) == D(2026, 9, 1)
        assert audited("plan.end", kid) == 1


@pytest.mark.parametrize(
    "ended_on, outcome, message",
    [
        (D(2026, 3, 1), "Done", "A plan cannot end before it starts"),
        (None, "Done", "must be today or in the past"),
        (D(2026, 9, 1), "   ", "Write the outcome"),
    ],
)
def test_a_plan_cannot_end_before_it_starts_in_the_future_or_without_outcome(
    worker, plan, ended_on, outcome, message
):
    with pytest.raises(TransitionError, match=message):
        plan_services.end_plan(by=worker, plan=plan, ended_on=ended_on or tomorrow(), outcome=outcome)
    plan.refresh_from_db()
    assert plan.ended_on is None and not AuditLog.objects.filter(action="plan.end").exists()


def test_an_ended_plan_takes_no_actions_reviews_or_second_ending(worker, plan):
    plan_services.end_plan(by=worker, plan=plan, ended_on=D(2026, 9, 1), outcome="Goals met")
    with pytest.raises(TransitionError, match="cannot be added to an ended plan"):
        plan_services.add_plan_action(
            by=worker, plan=plan, text="Call school", owner_name="Mum", due_on=D(2026, 12, 1)
        )
    with pytest.raises(TransitionError, match="cannot be added to an ended plan"):
        plan_services.review_plan(by=worker, plan=plan, reviewed_on=D(2026, 9, 2), summary="Fine")
    with pytest.raises(TransitionError, match="already ended"):
        plan_services.end_plan(by=worker, plan=plan, ended_on=D(2026, 9, 2), outcome="Again")
    assert not PlanAction.objects.exists() and not PlanReview.objects.exists()


def test_ending_a_plan_from_its_page(signed_in, plan):
    page = reverse("cases:plan", args=[plan.pk])
    assert reverse("cases:plan-end", args=[plan.pk]) in signed_in.get(page).content.decode()
    response = signed_in.post(
        reverse("cases:plan-end", args=[plan.pk]), {"ended_on": "01/09/2026", "outcome": "Goals met"}
    )
    assert response.status_code == 302 and response["Location"] == page
    html = signed_in.get(page).content.decode()
    assert "Ended" in html and "Goals met" in html and "1 September 2026" in html
    assert reverse("cases:plan-action-add", args=[plan.pk]) not in html
    assert reverse("cases:plan-review-add", args=[plan.pk]) not in html
    assert reverse("cases:plan-end", args=[plan.pk]) not in html
    # The plans list shows it as ended.
    listing = signed_in.get(reverse("cases:plans", args=[plan.children.first().pk])).content.decode()
    assert "Ended" in listing and "on 1 September 2026" in listing


def test_adding_to_an_ended_plan_is_refused_in_plain_english(signed_in, worker, plan):
    plan_services.end_plan(by=worker, plan=plan, ended_on=D(2026, 9, 1), outcome="Goals met")
    page = reverse("cases:plan", args=[plan.pk])
    action = {"text": "Call school", "owner_name": "Mum", "due_on": "01/12/2026"}
    for name, data in (("cases:plan-action-add", action), ("cases:plan-review-add", {})):
        response = signed_in.post(reverse(name, args=[plan.pk]), data, follow=True)
        assert response.redirect_chain[-1][0] == page
        assert "Actions and reviews cannot be added to an ended plan" in response.content.decode()
    assert not PlanAction.objects.exists() and not PlanReview.objects.exists()


def test_bad_end_date_keeps_what_was_typed(signed_in, plan):
    response = signed_in.post(
        reverse("cases:plan-end", args=[plan.pk]), {"ended_on": "01/01/2026", "outcome": "Moved away"}
    )
    html = error_page(response, "The end date must be on or after the date the plan started")
    assert "Moved away" in html
    plan.refresh_from_db()
    assert plan.ended_on is None


# --- 2. a child protection plan's latest category of abuse -----------------------------------------


@pytest.fixture
def referral(worker, child):
    return episode_services.record_referral(
        by=worker, child=child, referral_date=D(2026, 3, 2), source="2A", primary_need="N1"
    )


@pytest.fixture
def cp_plan(worker, referral):
    return episode_services.start_cp_plan(
        by=worker, referral=referral, started_on=D(2026, 3, 20), category="NEG"
    )


def test_changing_the_category_keeps_the_initial_one_and_the_history(worker, child, cp_plan):
    episode_services.change_cp_category(by=worker, plan=cp_plan, changed_on=D(2026, 6, 1), category="EMO")
    episode_services.change_cp_category(by=worker, plan=cp_plan, changed_on=D(2026, 9, 1), category="PHY")
    cp_plan.refresh_from_db()
    assert cp_plan.initial_category_of_abuse == "NEG" and cp_plan.latest_category_of_abuse == "PHY"
    history = list(
        CategoryOfAbuseChange.objects.filter(plan=cp_plan).values_list(
            "changed_on", "previous_category", "new_category"
        )
    )
    assert history == [(D(2026, 6, 1), "NEG", "EMO"), (D(2026, 9, 1), "EMO", "PHY")]
    assert rows_of(cp_plan, child).filter(title="Child protection plan category changed").count() == 2
    assert audited("cp_plan.category_change", child) == 2
    assert cp_plan.history.count() >= 3  # django-simple-history keeps each saved state too


@pytest.mark.parametrize(
    "changed_on, category, message",
    [
        (D(2026, 6, 1), "NEG", "already neglect"),
        (D(2026, 3, 19), "EMO", "before the plan started"),
        (D(2026, 6, 1), "MUL", "no longer used"),
        (None, "EMO", "must be today or in the past"),
    ],
)
def test_impossible_category_changes_are_refused(worker, cp_plan, changed_on, category, message):
    with pytest.raises(TransitionError, match=message):
        episode_services.change_cp_category(
            by=worker, plan=cp_plan, changed_on=changed_on or tomorrow(), category=category
        )
    cp_plan.refresh_from_db()
    assert cp_plan.latest_category_of_abuse == "NEG" and not CategoryOfAbuseChange.objects.exists()


def test_no_change_before_the_last_one_or_on_an_ended_plan(worker, cp_plan):
    episode_services.change_cp_category(by=worker, plan=cp_plan, changed_on=D(2026, 6, 1), category="EMO")
    with pytest.raises(TransitionError, match="before its last recorded change"):
        episode_services.change_cp_category(by=worker, plan=cp_plan, changed_on=D(2026, 5, 1), category="PHY")
    episode_services.end_cp_plan(by=worker, plan=cp_plan, ended_on=D(2026, 7, 1))
    with pytest.raises(TransitionError, match="has ended"):
        episode_services.change_cp_category(by=worker, plan=cp_plan, changed_on=D(2026, 8, 1), category="PHY")


def test_episodes_page_shows_initial_and_latest_category(signed_in, child, cp_plan):
    url = reverse("cases:cp-plan-category", args=[child.pk, cp_plan.pk])
    episodes = reverse("cases:episodes", args=[child.pk])
    assert url in signed_in.get(episodes).content.decode()
    response = signed_in.post(url, {"changed_on": "01/06/2026", "category": "EMO"})
    assert response.status_code == 302 and response["Location"] == episodes
    html = signed_in.get(episodes).content.decode()
    assert "Initial: Neglect (NEG)" in html and "Latest: Emotional abuse (EMO)" in html
    assert "Changed to emotional abuse on 1 June 2026" in html
    # The child's record shows the latest category.
    assert "category: emotional abuse" in signed_in.get(child.get_absolute_url()).content.decode()


def test_a_bad_category_change_date_keeps_the_choice(signed_in, child, cp_plan):
    url = reverse("cases:cp-plan-category", args=[child.pk, cp_plan.pk])
    html = error_page(signed_in.post(url, {"changed_on": "31/02/2026", "category": "SAB"}), "as a real date")
    assert 'value="SAB" checked' in html
    # The category it already has is not offered.
    assert 'value="NEG"' not in html
    assert ChildProtectionPlan.objects.get().latest_category_of_abuse == "NEG"


# --- 3. withdrawing an assessment ------------------------------------------------------------------


@pytest.fixture
def assessment(worker, referral):
    return episode_services.start_assessment(by=worker, referral=referral, started_on=D(2026, 3, 3))


def test_a_withdrawn_assessment_is_no_longer_open(worker, child, referral, assessment):
    assert open_kinds_by_child([child.pk])[child.pk] == {REFERRAL, ASSESSMENT}
    with pytest.raises(TransitionError, match="Complete or withdraw the open assessment"):
        referral.close(on=D(2026, 6, 1), reason="RC7")
    episode_services.withdraw_assessment(
        by=worker, assessment=assessment, withdrawn_on=D(2026, 4, 1), reason="Family moved away"
    )
    assessment.refresh_from_db()
    assert not assessment.is_open and assessment.is_withdrawn
    assert assessment.assessment_authorisation_date is None
    assert open_kinds_by_child([child.pk])[child.pk] == {REFERRAL}
    # Closing the case no longer waits for it.
    episode_services.close_referral(by=worker, referral=referral, closed_on=D(2026, 6, 1), reason="RC7")
    assert rows_of(assessment, child).filter(title="Child and family assessment withdrawn").exists()
    assert audited("assessment.withdraw", child) == 1


def test_the_open_assessment_index_leaves_out_withdrawn_ones():
    [index] = [i for i in Assessment._meta.indexes if i.name == "assessment_open"]
    assert "withdrawn_on__isnull" in str(index.condition)


@pytest.mark.parametrize(
    "withdrawn_on, reason, message",
    [
        (D(2026, 3, 2), "Moved", "before it started"),
        (None, "Moved", "must be today or in the past"),
        (D(2026, 4, 1), "  ", "Give the reason"),
    ],
)
def test_impossible_withdrawals_are_refused(worker, assessment, withdrawn_on, reason, message):
    with pytest.raises(TransitionError, match=message):
        episode_services.withdraw_assessment(
            by=worker, assessment=assessment, withdrawn_on=withdrawn_on or tomorrow(), reason=reason
        )
    assessment.refresh_from_db()
    assert assessment.is_open


def test_authorised_and_withdrawn_assessments_stay_as_they_are(worker, referral, assessment):
    done = episode_services.start_assessment(by=worker, referral=referral, started_on=D(2026, 3, 4))
    episode_services.complete_assessment(
        by=worker, assessment=done, completed_on=D(2026, 4, 1), authorised_on=D(2026, 4, 2), factors=["21"]
    )
    with pytest.raises(TransitionError, match="authorised, so it cannot be withdrawn"):
        episode_services.withdraw_assessment(
            by=worker, assessment=done, withdrawn_on=D(2026, 5, 1), reason="No"
        )
    episode_services.withdraw_assessment(
        by=worker, assessment=assessment, withdrawn_on=D(2026, 4, 1), reason="Dup"
    )
    with pytest.raises(TransitionError, match="withdrawn, so it cannot be completed"):
        episode_services.complete_assessment(
            by=worker,
            assessment=assessment,
            completed_on=D(2026, 5, 1),
            authorised_on=D(2026, 5, 1),
            factors=["21"],
        )
    with pytest.raises(TransitionError, match="already withdrawn"):
        episode_services.withdraw_assessment(
            by=worker, assessment=assessment, withdrawn_on=D(2026, 5, 1), reason="Again"
        )


def test_withdrawing_from_the_episodes_page(signed_in, child, assessment):
    episodes = reverse("cases:episodes", args=[child.pk])
    url = reverse("cases:assessment-withdraw", args=[child.pk, assessment.pk])
    assert url in signed_in.get(episodes).content.decode()
    html = error_page(signed_in.post(url, {"withdrawn_on": "01/04/2026", "reason": ""}), "Enter why")
    assert 'value="01/04/2026"' in html
    response = signed_in.post(url, {"withdrawn_on": "01/04/2026", "reason": "Recorded twice by mistake"})
    assert response.status_code == 302 and response["Location"] == episodes
    html = signed_in.get(episodes).content.decode()
    assert "Withdrawn" in html and "Recorded twice by mistake" in html and url not in html


# --- 6. bank holidays in the working-day visit rule ------------------------------------------------


def test_the_bank_holiday_table_is_eight_weekdays_a_year():
    assert set(BANK_HOLIDAYS_BY_YEAR) == {2025, 2026, 2027, 2028}
    for year, days in BANK_HOLIDAYS_BY_YEAR.items():
        assert len(days) == 8, year
        assert all(day.year == year and day.weekday() < 5 for day, _name in days), year
    assert D(2026, 12, 28) in BANK_HOLIDAYS  # Boxing Day on a Saturday: the Monday instead
    assert not is_working_day(D(2027, 12, 27)) and is_working_day(D(2027, 12, 29))


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (D(2026, 12, 24), 1, D(2026, 12, 29)),  # Christmas Friday, weekend, Boxing Day moved to Monday
        (D(2026, 12, 23), 10, D(2027, 1, 11)),  # and New Year's Day on the Friday after
        (D(2027, 12, 24), 1, D(2027, 12, 29)),  # both Christmas days fall at the weekend: Mon and Tue off
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Good Friday and Easter Monday 2026
        (D(2027, 3, 25), 2, D(2027, 3, 31)),  # Easter 2027 in March
        (D(2025, 4, 17), 1, D(2025, 4, 22)),  # Easter 2025
        (D(2028, 12, 22), 1, D(2028, 12, 27)),  # Christmas Monday and Boxing Day Tuesday 2028
    ],
)
def test_working_days_skip_christmas_and_easter(start, days, expected):
    assert add_working_days(start, days) == expected


def test_a_visit_due_in_ten_working_days_moves_past_christmas():
    from types import SimpleNamespace

    last = timezone.make_aware(datetime.datetime(2026, 12, 18, 10, 0))
    # 10 working days from Friday 18 December 2026: 21-24, 29-31 December, 4-6 January (1 January off).
    assert next_visit_due(SimpleNamespace(last_visit_at=last), frozenset({CP_PLAN})) == D(2027, 1, 6)


# --- 7. changing the children of a saved note ------------------------------------------------------


@pytest.fixture
def note(worker, child):
    return note_about([child], by=worker, seen={child.pk: (True, False)})


def test_adding_a_sibling_to_a_note(worker, child, sibling, note):
    change = note_services.change_note_children(
        by=worker, note=note, add=[sibling], seen={sibling.pk: (True, True)}, expected_version=note.version
    )
    assert str(change) == "1 child added"
    assert set(NoteChild.objects.filter(note=note).values_list("child_id", flat=True)) == {
        child.pk,
        sibling.pk,
    }
    link = NoteChild.objects.get(note=note, child=sibling)
    assert link.seen and link.seen_alone
    mine, theirs = rows_of(note, child).get(), rows_of(note, sibling).get()
    assert (theirs.title, theirs.summary, theirs.occurred_at) == (mine.title, mine.summary, mine.occurred_at)
    note.refresh_from_db()
    assert note.version == 2
    version = NoteVersion.objects.get(note=note)
    assert version.version == 1 and version.child_ids == [child.pk] and "1 child added" in version.change
    assert audited("note.child_add", sibling) == 1 and audited("note.child_add", child) == 0
    sibling.refresh_from_db()
    assert sibling.last_visit_at == note.occurred_at  # seen on a home visit


def test_taking_a_child_off_a_note(worker, child, sibling):
    earlier = note_about(
        [sibling], by=worker, seen={sibling.pk: (True, False)},
        occurred_at=timezone.now() - datetime.timedelta(days=10),
    )  # fmt: skip
    note = note_about([child, sibling], by=worker, seen={child.pk: (True, False), sibling.pk: (True, False)})
    sibling.refresh_from_db()
    assert sibling.last_visit_at == note.occurred_at
    note_services.change_note_children(by=worker, note=note, remove=[sibling], expected_version=note.version)
    assert list(NoteChild.objects.filter(note=note).values_list("child_id", flat=True)) == [child.pk]
    assert not rows_of(note, sibling).exists() and rows_of(note, child).exists()
    assert audited("note.child_remove", sibling) == 1
    sibling.refresh_from_db()
    assert sibling.last_visit_at == earlier.occurred_at  # the visit no longer counts for them


def test_a_note_keeps_at_least_one_child_and_only_its_author_changes_it(org, worker, child, sibling, note):
    with pytest.raises(TransitionError, match="at least one child"):
        note_services.change_note_children(
            by=worker, note=note, remove=[child], expected_version=note.version
        )
    with pytest.raises(TransitionError, match="Only the person who wrote"):
        note_services.change_note_children(
            by=org["consultant-social-worker"], note=note, add=[sibling], expected_version=note.version
        )
    with pytest.raises(note_services.NoteConflict):
        note_services.change_note_children(
            by=worker, note=note, add=[sibling], expected_version=note.version + 1
        )
    with pytest.raises(TransitionError, match="Nothing has changed"):
        note_services.change_note_children(by=worker, note=note, add=[child], expected_version=note.version)
    assert NoteChild.objects.filter(note=note).count() == 1 and not NoteVersion.objects.exists()


def test_a_child_of_another_unit_cannot_be_added(org, worker, child, note):
    far = ChildFactory(unit=org.unit_b)
    Relationship.objects.create(child=child, other_child=far, kind="sibling")
    with pytest.raises(Exception, match="cannot record notes"):
        note_services.change_note_children(by=worker, note=note, add=[far], expected_version=note.version)
    assert not rows_of(note, far).exists()


def test_changing_the_children_from_the_note_page(signed_in, child, sibling, note):
    url = reverse("cases:note-children", args=[note.pk])
    assert url in signed_in.get(reverse("cases:note", args=[note.pk])).content.decode()
    html = signed_in.get(url).content.decode()
    assert "Ada Mensah" in html and "Ben Mensah" in html and "On the note now, seen" in html
    data = {"children": [str(child.pk), str(sibling.pk)], "version": "1", f"seen_{sibling.pk}": "on"}
    response = signed_in.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("cases:note", args=[note.pk])
    assert rows_of(note, sibling).exists()
    assert NoteChild.objects.get(note=note, child=sibling).seen
    chronology = signed_in.get(reverse("cases:chronology", args=[sibling.pk])).content.decode()
    assert note.title in chronology


def test_the_note_children_page_refuses_no_child_and_keeps_the_choice(signed_in, child, sibling, note):
    url = reverse("cases:note-children", args=[note.pk])
    error_page(signed_in.post(url, {"version": "1"}), "Select at least one child")
    html = error_page(
        signed_in.post(
            url, {"children": [str(sibling.pk)], "version": "1", f"seen_alone_{sibling.pk}": "on"}
        ),
        "was seen alone, select",
    )
    assert f'value="{sibling.pk}" checked' in html
    assert NoteChild.objects.filter(note=note).count() == 1


def test_a_stale_note_children_page_shows_the_note_as_it_is_now(signed_in, worker, child, sibling, note):
    url = reverse("cases:note-children", args=[note.pk])
    note_services.change_note_children(by=worker, note=note, add=[sibling], expected_version=1)
    html = error_page(
        signed_in.post(url, {"children": [str(child.pk)], "version": "1"}), "changed while you were working"
    )
    assert 'name="version" value="2"' in html
    assert NoteChild.objects.filter(note=note).count() == 2
