"""Recording episodes of help: one atomic function per thing a worker records.

Each writes the record, its row on the child's chronology and an audit row. State changes go through
the models' transition methods (`close`, `complete`, `end`, `record_conference`), which refuse
impossible moves with a plain-English `TransitionError`; nothing is written when they refuse.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.core.models import AuditLog

from ..codes import AssessmentFactor, CategoryOfAbuse, ContactOutcome, ReferralSource
from ..models import (
    Assessment,
    CategoryOfAbuseChange,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChildProtectionReview,
    Contact,
    EventKind,
    LookedAfterEpisode,
    Referral,
    Section47,
    TransitionError,
)
from .chronology import add_to_chronology


def day_start(day: datetime.date) -> datetime.datetime:
    """The chronology orders by time; an event known only by its date sits at the start of that day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _record(*, by, action: str, obj, child, request, kind: str, day, title: str, summary="", key=False):
    add_to_chronology(
        children=[child],
        occurred_at=day_start(day),
        kind=kind,
        title=title,
        summary=summary,
        is_key_event=key,
        source=obj,
    )
    AuditLog.record(actor=by, action=action, obj=obj, child_id=child.pk, request=request)


def _create_once(instance):
    """Save a new record that a partial unique constraint allows once per child (one open referral,
    one open looked-after episode), refusing with the constraint's own message."""
    try:
        instance.validate_constraints()
    except ValidationError as error:
        raise TransitionError(error.messages) from error
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # another person recorded one at the same moment
        raise TransitionError("This record changed while you were working on it. Try again.") from error
    return instance


def _open_referral(referral: Referral, day: datetime.date, what: str) -> Referral:
    """Lock the referral and check that `what` can happen on `day` within it."""
    referral = Referral.objects.select_for_update().select_related("child").get(pk=referral.pk)
    if not referral.is_open:
        raise TransitionError("This episode of help is closed. Record a new referral first.")
    if day < referral.cin_referral_date:
        raise TransitionError(f"The {what} cannot be before the referral date.")
    return referral


@transaction.atomic
def record_contact(*, by, child, contact_date, source, outcome, summary="", request=None) -> Contact:
    contact = Contact.objects.create(
        child=child,
        contact_date=contact_date,
        source=source,
        outcome=outcome,
        summary=summary,
        recorded_by=by,
    )
    _record(
        by=by,
        action="contact.create",
        obj=contact,
        child=child,
        request=request,
        kind=EventKind.CONTACT,
        day=contact_date,
        title=f"Contact from {ReferralSource(source).label}",
        summary=ContactOutcome(outcome).label if outcome else "",
    )
    return contact


@transaction.atomic
def record_referral(*, by, child, referral_date, source, primary_need, request=None) -> Referral:
    referral = _create_once(
        Referral(
            child=child,
            cin_referral_date=referral_date,
            referral_source=source,
            primary_need_code=primary_need,
        )
    )
    _record(
        by=by,
        action="referral.create",
        obj=referral,
        child=child,
        request=request,
        kind=EventKind.REFERRAL,
        day=referral_date,
        title=f"Referral from {ReferralSource(source).label}",
        summary=referral.get_primary_need_code_display(),
        key=True,
    )
    return referral


@transaction.atomic
def start_assessment(*, by, referral, started_on, request=None) -> Assessment:
    referral = _open_referral(referral, started_on, "assessment")
    assessment = Assessment.objects.create(referral=referral, assessment_actual_start_date=started_on)
    _record(
        by=by,
        action="assessment.start",
        obj=assessment,
        child=referral.child,
        request=request,
        kind=EventKind.ASSESSMENT,
        day=started_on,
        title="Child and family assessment started",
    )
    return assessment


@transaction.atomic
def complete_assessment(*, by, assessment, completed_on, authorised_on, factors, request=None) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update().select_related("referral__child").get(pk=assessment.pk)
    )
    assessment.complete(on=completed_on, authorised_on=authorised_on, factors=list(factors))
    assessment.save()
    _record(
        by=by,
        action="assessment.complete",
        obj=assessment,
        child=assessment.referral.child,
        request=request,
        kind=EventKind.ASSESSMENT,
        day=authorised_on,
        title="Child and family assessment completed",
        summary="Factors identified: " + "; ".join(AssessmentFactor(f).label for f in assessment.factors),
    )
    return assessment


@transaction.atomic
def withdraw_assessment(*, by, assessment, withdrawn_on, reason, request=None) -> Assessment:
    """An open assessment stops without being authorised: it no longer counts as open (lists, closure)."""
    assessment = (
        Assessment.objects.select_for_update().select_related("referral__child").get(pk=assessment.pk)
    )
    assessment.withdraw(on=withdrawn_on, reason=reason)
    assessment.save(update_fields=["withdrawn_on", "withdrawal_reason", "updated_at"])
    _record(
        by=by,
        action="assessment.withdraw",
        obj=assessment,
        child=assessment.referral.child,
        request=request,
        kind=EventKind.ASSESSMENT,
        day=withdrawn_on,
        title="Child and family assessment withdrawn",
        summary=assessment.withdrawal_reason,
    )
    return assessment


@transaction.atomic
def start_section47(
    *, by, referral, started_on, icpc_target=None, icpc_not_required=False, request=None
) -> Section47:
    referral = _open_referral(referral, started_on, "section 47 enquiry")
    if icpc_target is not None and icpc_target < started_on:
        raise TransitionError("The conference target date cannot be before the enquiry started.")
    enquiry = Section47.objects.create(
        referral=referral,
        s47_actual_start_date=started_on,
        initial_cpc_target=icpc_target,
        icpc_not_required=icpc_not_required,
    )
    _record(
        by=by,
        action="s47.create",
        obj=enquiry,
        child=referral.child,
        request=request,
        kind=EventKind.SECTION_47,
        day=started_on,
        title="Section 47 enquiry started",
        summary="No initial conference needed" if icpc_not_required else "",
        key=True,
    )
    return enquiry


@transaction.atomic
def record_initial_conference(*, by, enquiry, held_on, request=None) -> Section47:
    enquiry = Section47.objects.select_for_update().select_related("referral__child").get(pk=enquiry.pk)
    if enquiry.date_of_initial_cpc is not None:
        raise TransitionError("The initial conference for this enquiry is already recorded.")
    enquiry.record_conference(on=held_on)
    enquiry.save()
    _record(
        by=by,
        action="s47.conference",
        obj=enquiry,
        child=enquiry.referral.child,
        request=request,
        kind=EventKind.SECTION_47,
        day=held_on,
        title="Initial child protection conference",
        key=True,
    )
    return enquiry


@transaction.atomic
def start_cp_plan(*, by, referral, started_on, category, request=None) -> ChildProtectionPlan:
    referral = _open_referral(referral, started_on, "plan start date")
    child_plans = ChildProtectionPlan.objects.filter(referral__child=referral.child)
    if child_plans.filter(cpp_end_date__isnull=True).exists():
        raise TransitionError(
            "The child already has a child protection plan. End it before starting another."
        )
    plan = ChildProtectionPlan.objects.create(
        referral=referral,
        cpp_start_date=started_on,
        initial_category_of_abuse=category,
        latest_category_of_abuse=category,
        number_of_previous_cpp=child_plans.filter(cpp_start_date__lt=started_on).count(),
    )
    _record(
        by=by,
        action="cp_plan.create",
        obj=plan,
        child=referral.child,
        request=request,
        kind=EventKind.CP_PLAN,
        day=started_on,
        title="Child protection plan started",
        summary=f"Category: {CategoryOfAbuse(category).label}",
        key=True,
    )
    return plan


@transaction.atomic
def add_cp_review(*, by, plan, reviewed_on, request=None) -> ChildProtectionReview:
    plan = ChildProtectionPlan.objects.select_for_update().select_related("referral__child").get(pk=plan.pk)
    if reviewed_on < plan.cpp_start_date:
        raise TransitionError("A review cannot be before the plan started.")
    if plan.cpp_end_date is not None and reviewed_on > plan.cpp_end_date:
        raise TransitionError("A review cannot be after the plan ended.")
    if plan.reviews.filter(cpp_review_date=reviewed_on).exists():
        raise TransitionError("A review on this date is already recorded.")
    review = ChildProtectionReview.objects.create(plan=plan, cpp_review_date=reviewed_on)
    _record(
        by=by,
        action="cp_plan.review",
        obj=review,
        child=plan.referral.child,
        request=request,
        kind=EventKind.CP_PLAN,
        day=reviewed_on,
        title="Review child protection conference",
    )
    return review


@transaction.atomic
def change_cp_category(*, by, plan, changed_on, category, request=None) -> CategoryOfAbuseChange:
    """The plan's latest category of abuse changes (usually at a review conference); the initial category
    stays as it was, and each change is kept with its date."""
    plan = ChildProtectionPlan.objects.select_for_update().select_related("referral__child").get(pk=plan.pk)
    last = plan.category_changes.order_by("-changed_on", "-pk").values_list("changed_on", flat=True).first()
    previous = plan.change_category(on=changed_on, category=category, last_change_on=last)
    plan.save(update_fields=["latest_category_of_abuse", "updated_at"])
    change = CategoryOfAbuseChange.objects.create(
        plan=plan, changed_on=changed_on, previous_category=previous, new_category=category, changed_by=by
    )
    _record(
        by=by,
        action="cp_plan.category_change",
        obj=plan,
        child=plan.referral.child,
        request=request,
        kind=EventKind.CP_PLAN,
        day=changed_on,
        title="Child protection plan category changed",
        summary=f"From {CategoryOfAbuse(previous).label.lower()} to {CategoryOfAbuse(category).label.lower()}",
    )
    return change


@transaction.atomic
def end_cp_plan(*, by, plan, ended_on, request=None) -> ChildProtectionPlan:
    plan = ChildProtectionPlan.objects.select_for_update().select_related("referral__child").get(pk=plan.pk)
    plan.end(on=ended_on)
    plan.save()
    _record(
        by=by,
        action="cp_plan.end",
        obj=plan,
        child=plan.referral.child,
        request=request,
        kind=EventKind.CP_PLAN,
        day=ended_on,
        title="Child protection plan ended",
        key=True,
    )
    return plan


@transaction.atomic
def start_cin_plan(*, by, referral, started_on, request=None) -> ChildInNeedPlan:
    referral = _open_referral(referral, started_on, "plan start date")
    if referral.cin_plans.filter(cin_plan_end_date__isnull=True).exists():
        raise TransitionError("The child already has a child in need plan. End it before starting another.")
    plan = ChildInNeedPlan.objects.create(referral=referral, cin_plan_start_date=started_on)
    _record(
        by=by,
        action="cin_plan.create",
        obj=plan,
        child=referral.child,
        request=request,
        kind=EventKind.CIN_PLAN,
        day=started_on,
        title="Child in need plan started",
    )
    return plan


@transaction.atomic
def end_cin_plan(*, by, plan, ended_on, request=None) -> ChildInNeedPlan:
    plan = ChildInNeedPlan.objects.select_for_update().select_related("referral__child").get(pk=plan.pk)
    plan.end(on=ended_on)
    plan.save()
    _record(
        by=by,
        action="cin_plan.end",
        obj=plan,
        child=plan.referral.child,
        request=request,
        kind=EventKind.CIN_PLAN,
        day=ended_on,
        title="Child in need plan ended",
    )
    return plan


@transaction.atomic
def start_looked_after(
    *,
    by,
    child,
    started_on,
    reason_new_episode,
    legal_status,
    category_of_need,
    placement,
    provider,
    postcode="",
    urn="",
    request=None,
) -> LookedAfterEpisode:
    episode = _create_once(
        LookedAfterEpisode(
            child=child,
            decom=started_on,
            rne=reason_new_episode,
            legal_status=legal_status,
            cin=category_of_need,
            place=placement,
            place_provider=provider,
            pl_post=postcode,
            urn=urn,
        )
    )
    _record(
        by=by,
        action="looked_after.create",
        obj=episode,
        child=child,
        request=request,
        kind=EventKind.LOOKED_AFTER,
        day=started_on,
        title=f"Looked-after episode started: {episode.get_rne_display()}",
        summary=f"{episode.get_legal_status_display()}; {episode.get_place_display()}",
        key=True,
    )
    return episode


@transaction.atomic
def end_looked_after(*, by, episode, ended_on, reason, request=None) -> LookedAfterEpisode:
    episode = LookedAfterEpisode.objects.select_for_update().select_related("child").get(pk=episode.pk)
    episode.end(on=ended_on, reason=reason)
    episode.save()
    _record(
        by=by,
        action="looked_after.end",
        obj=episode,
        child=episode.child,
        request=request,
        kind=EventKind.LOOKED_AFTER,
        day=ended_on,
        title="Looked-after episode ended",
        summary=episode.get_rec_display(),
        key=True,
    )
    return episode


@transaction.atomic
def close_referral(*, by, referral, closed_on, reason, request=None) -> Referral:
    referral = Referral.objects.select_for_update().select_related("child").get(pk=referral.pk)
    referral.close(on=closed_on, reason=reason)
    referral.save()
    _record(
        by=by,
        action="referral.close",
        obj=referral,
        child=referral.child,
        request=request,
        kind=EventKind.CLOSURE,
        day=closed_on,
        title="Case closed",
        summary=referral.get_reason_for_closure_display(),
        key=True,
    )
    return referral
