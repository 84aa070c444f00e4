"""Writes for co-design of the purpose and vision: rounds, invitation links, ideas (anonymous ones keep
nothing that links them to a person or a link: ADR 0010), comments, support, the outcome and publishing."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.core.models import AuditLog

from .. import selectors
from ..models import (
    CoDesignRound,
    Group,
    Idea,
    IdeaComment,
    IdeaSupport,
    Invitation,
    Participant,
    RoundStatus,
    TransitionError,
    hash_token,
    visible_from,
    week_start,
)
from ..permissions import Perm
from ._common import ONLY_FACILITATORS, _require, _required_text

# ---------------------------------------------------------------------------------------------------
# Co-design
# ---------------------------------------------------------------------------------------------------


def _locked_round(round_: CoDesignRound) -> CoDesignRound:
    return CoDesignRound.objects.select_for_update().get(pk=round_.pk)


@transaction.atomic
def open_round(
    *, by, title: str, question: str, draft_statement: str, closes_on: datetime.date, request=None, today=None
) -> CoDesignRound:
    _require(by, Perm.RUN_CODESIGN, ONLY_FACILITATORS)
    today = today or timezone.localdate()
    errors: dict = {}
    title = _required_text(errors, "title", title, "Enter a title for the round")
    question = _required_text(errors, "question", question, "Write what you are asking people")
    draft_statement = _required_text(errors, "draft_statement", draft_statement, "Write the draft statement")
    if closes_on is None:
        errors["closes_on"] = "Enter the date ideas close"
    elif closes_on < today:
        errors["closes_on"] = "The date ideas close must be today or in the future"
    if errors:
        raise ValidationError(errors)
    round_ = CoDesignRound.objects.create(
        title=title, question=question, draft_statement=draft_statement, closes_on=closes_on, facilitator=by
    )
    AuditLog.record(actor=by, action="framework.codesign.open", obj=round_, request=request)
    return round_


@transaction.atomic
def make_invitation(
    *,
    by,
    round_: CoDesignRound,
    group: str,
    label: str,
    max_uses: int,
    expires_on: datetime.date,
    request=None,
) -> tuple[Invitation, str]:
    """A link for children, families or partners. Returns the invitation and its token (shown once)."""
    _require(by, Perm.RUN_CODESIGN, ONLY_FACILITATORS)
    round_ = _locked_round(round_)
    round_.check_open()
    errors: dict = {}
    if group not in (Group.CHILDREN, Group.PARENTS, Group.PARTNERS):
        errors["group"] = "Choose who the link is for"
    label = _required_text(errors, "label", label, "Say who the link is for, without names")
    if not max_uses or max_uses < 1 or max_uses > 500:
        errors["max_uses"] = "The number of ideas the link can send must be between 1 and 500"
    today = timezone.localdate()
    if expires_on is None:
        errors["expires_on"] = "Enter the date the link stops working"
    elif expires_on < today:
        errors["expires_on"] = "The date the link stops working must be today or in the future"
    if errors:
        raise ValidationError(errors)
    token = Invitation.new_token()
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time(23, 59, 59)))
    invitation = Invitation.objects.create(
        round=round_,
        group=group,
        label=label,
        token_hash=hash_token(token),
        max_uses=max_uses,
        expires_at=expires_at,
        created_by=by,
    )
    AuditLog.record(actor=by, action="framework.codesign.invitation.make", obj=invitation, request=request)
    return invitation, token


@transaction.atomic
def withdraw_invitation(*, by, invitation: Invitation, request=None, now=None) -> Invitation:
    _require(by, Perm.RUN_CODESIGN, ONLY_FACILITATORS)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.withdrawn_at is not None:
        raise TransitionError("This link has already been withdrawn.")
    invitation.withdrawn_at = now or timezone.now()
    invitation.save(update_fields=["withdrawn_at", "updated_at"])
    AuditLog.record(
        actor=by, action="framework.codesign.invitation.withdraw", obj=invitation, request=request
    )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    if not token:
        return None
    return Invitation.objects.select_related("round").filter(token_hash=hash_token(token)).first()


def _clean_idea(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write your idea"})
    if len(text) > 4000:
        raise ValidationError({"text": "Your idea must be 4,000 characters or fewer"})
    return text


def _take_part(round_: CoDesignRound, user) -> None:
    Participant.objects.get_or_create(round=round_, user=user)


@transaction.atomic
def add_staff_idea(
    *, by, round_: CoDesignRound, text: str, anonymous: bool, request=None, today=None
) -> Idea:
    """A member of staff adds an idea. Anonymous: nothing kept links it to them (ADR 0010)."""
    _require(by, Perm.TAKE_PART, "Sign in to add an idea.")
    round_ = _locked_round(round_)
    round_.check_open()
    text = _clean_idea(text)
    today = today or timezone.localdate()
    idea = Idea.objects.create(
        round=round_,
        group=Group.STAFF,
        text=text,
        anonymous=bool(anonymous),
        author=None if anonymous else by,
        added_week=week_start(today),
        visible_from=visible_from(today, bool(anonymous)),
    )
    _take_part(round_, by)
    if not anonymous:
        AuditLog.record(actor=by, action="framework.codesign.idea.add", obj=idea, request=request)
    # An anonymous idea writes no audit row: a row carries the request id (and time), which the request
    # log ties to the person who sent it (ADR 0010). That they took part is kept, without the idea.
    return idea


@transaction.atomic
def add_invited_idea(*, token: str, text: str, anonymous: bool, now=None) -> Idea:
    """Someone with an invitation link adds an idea, without an account.

    A link that is unknown, withdrawn, used up or expired, or whose round has closed, is refused with
    a plain message (`TransitionError`) and nothing changes.
    """
    now = now or timezone.now()
    found = invitation_for_token(token)
    if found is None:
        raise TransitionError(
            "This invitation link is not recognised. Check you copied the whole link, or ask the person "
            "who sent it for a new one."
        )
    invitation = Invitation.objects.select_for_update().select_related("round").get(pk=found.pk)
    refusal = invitation.refusal(now)
    if refusal:
        raise TransitionError(refusal)
    text = _clean_idea(text)
    today = timezone.localdate(now)
    idea = Idea.objects.create(
        round=invitation.round,
        group=invitation.group,
        text=text,
        anonymous=bool(anonymous),
        invitation=None if anonymous else invitation,
        added_week=week_start(today),
        visible_from=visible_from(today, bool(anonymous)),
    )
    invitation.uses += 1
    # Only the count: `updated_at` is left alone, so the row does not time the use of the link.
    invitation.save(update_fields=["uses"])
    if not anonymous:
        AuditLog.record(
            actor=None, action="framework.codesign.invitation.use", obj=invitation, detail=f"idea {idea.pk}"
        )
    # An anonymous idea writes no audit row (its time and request id would tie it to the link: ADR 0010).
    return idea


@transaction.atomic
def add_comment(*, by, idea: Idea, text: str, request=None) -> IdeaComment:
    _require(by, Perm.TAKE_PART, "Sign in to comment.")
    round_ = _locked_round(idea.round)
    round_.check_open()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write your comment"})
    if len(text) > 4000:
        raise ValidationError({"text": "Your comment must be 4,000 characters or fewer"})
    comment = IdeaComment.objects.create(idea=idea, author=by, text=text)
    _take_part(round_, by)
    AuditLog.record(actor=by, action="framework.codesign.comment.add", obj=comment, request=request)
    return comment


@transaction.atomic
def support_idea(*, by, idea: Idea, support: bool, request=None) -> bool:
    """Support an idea (once), or take support back. Returns whether `by` now supports it."""
    _require(by, Perm.TAKE_PART, "Sign in to support an idea.")
    round_ = _locked_round(idea.round)
    round_.check_open()
    if support:
        try:
            with transaction.atomic():
                IdeaSupport.objects.create(idea=idea, supporter=by)
        except IntegrityError:
            return True
        _take_part(round_, by)
        AuditLog.record(actor=by, action="framework.codesign.support.add", obj=idea, request=request)
        return True
    deleted, _ = IdeaSupport.objects.filter(idea=idea, supporter=by).delete()
    if deleted:
        AuditLog.record(actor=by, action="framework.codesign.support.remove", obj=idea, request=request)
    return False


@transaction.atomic
def close_round(*, by, round_: CoDesignRound, request=None, now=None) -> CoDesignRound:
    _require(by, Perm.RUN_CODESIGN, ONLY_FACILITATORS)
    round_ = _locked_round(round_)
    round_.check_can_close()
    round_.status = RoundStatus.CLOSED
    round_.closed_at = now or timezone.now()
    round_.save(update_fields=["status", "closed_at", "updated_at"])
    AuditLog.record(actor=by, action="framework.codesign.close", obj=round_, request=request)
    return round_


@transaction.atomic
def record_outcome(
    *, by, round_: CoDesignRound, final_statement: str, shaped: dict, request=None
) -> CoDesignRound:
    """The facilitator writes the final statement and records which ideas shaped it (and how).

    `shaped` maps an idea's id to a short note (empty: it shaped the statement without a note); ideas
    not in it did not shape it.
    """
    _require(by, Perm.RUN_CODESIGN, ONLY_FACILITATORS)
    round_ = _locked_round(round_)
    if round_.status != RoundStatus.CLOSED:
        raise TransitionError(
            "Close the round to ideas before writing the final statement."
            if round_.status == RoundStatus.OPEN
            else "This statement has been published and cannot be changed."
        )
    final_statement = (final_statement or "").strip()
    if not final_statement:
        raise ValidationError({"final_statement": "Write the final statement"})
    ideas = list(Idea.objects.filter(round=round_))
    wanted = {str(k): (v or "").strip()[:300] for k, v in shaped.items()}
    unknown = set(wanted) - {str(i.pk) for i in ideas}
    if unknown:
        raise ValidationError({"shaped": "Choose ideas from this round"})
    for idea in ideas:
        key = str(idea.pk)
        idea.shaped_statement = key in wanted
        idea.shaped_note = wanted.get(key, "")
    Idea.objects.bulk_update(ideas, ["shaped_statement", "shaped_note"])
    round_.final_statement = final_statement
    round_.save(update_fields=["final_statement", "updated_at"])
    AuditLog.record(
        actor=by,
        action="framework.codesign.outcome",
        obj=round_,
        request=request,
        detail=f"{len(wanted)} ideas shaped the statement",
    )
    return round_


@transaction.atomic
def publish_statement(*, by, round_: CoDesignRound, request=None, now=None) -> CoDesignRound:
    """Publish the final statement with who took part, as counts by group (frozen now)."""
    _require(by, Perm.RUN_CODESIGN, ONLY_FACILITATORS)
    round_ = _locked_round(round_)
    round_.check_can_publish()
    counts = selectors.participation_counts(round_)
    round_.staff_count = counts[Group.STAFF]
    round_.children_count = counts[Group.CHILDREN]
    round_.parents_count = counts[Group.PARENTS]
    round_.partners_count = counts[Group.PARTNERS]
    round_.status = RoundStatus.PUBLISHED
    round_.published_at = now or timezone.now()
    round_.published_by = by
    round_.save()
    AuditLog.record(actor=by, action="framework.codesign.publish", obj=round_, request=request)
    return round_
