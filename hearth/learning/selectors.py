"""Reads for learning: who sees which review, near miss and experiment; the children involved in a review
(every read audited, one query for the rows and one insert for the audit); the review's timeline from the
children's chronologies; the library search; records past retention; and the work items of action
owners. Each is a fixed number of queries, whatever the size of the data."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, Note, NoteStatus
from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.roles import AUTHORITY_WIDE_CASE_ROLES, OrgRole
from hearth.organisation.models import Unit
from hearth.people.models import Child

from .models import (
    ActionStatus,
    EntryTheme,
    Experiment,
    ExperimentStatus,
    LearningEntry,
    LearningReview,
    NearMiss,
    ReviewAction,
    ReviewChild,
    ReviewKind,
    ReviewStatus,
)
from .permissions import Perm

TIMELINE_LIMIT = 300
NOTE_SOURCE = Note._meta.label_lower


def _sees_all(user) -> bool:
    return user.has_perm(Perm.PUBLISH) or user.org_role in AUTHORITY_WIDE_CASE_ROLES


# --- reviews -------------------------------------------------------------------------------------------


def reviews_visible_to(user):
    """Owners (principal social worker, quality lead) and the director see every review; line
    managers the reviews of the units they manage; anyone the reviews they own an action of."""
    qs = LearningReview.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if user.has_perm(Perm.PUBLISH) or user.org_role == OrgRole.DIRECTOR:
        return qs
    owns = ReviewAction.objects.filter(review=OuterRef("pk"), owner=user)
    return qs.filter(Q(unit__in=user.managed_unit_ids) | Exists(owns))


def review_for_page(user, pk: int) -> LearningReview | None:
    review = (
        reviews_visible_to(user).select_related("unit", "opened_by", "published_by").filter(pk=pk).first()
    )
    if review is not None:
        review.action_owner_ids = set(review.actions.values_list("owner_id", flat=True))
    return review


def reviews_list(user, shown: str = "open"):
    qs = reviews_visible_to(user).select_related("unit")
    if shown == "published":
        return qs.filter(status=ReviewStatus.PUBLISHED).order_by("-published_at", "-id")
    return qs.exclude(status=ReviewStatus.PUBLISHED).order_by("-created_at", "-id")


def involved_children(user, review: LearningReview, *, request=None) -> tuple[list[Child], int]:
    """The review's children this person can see (and how many more they cannot). Writes one audit row
    per child shown: reading who a child is through a review is a read of their record."""
    links = list(
        ReviewChild.objects.filter(review=review)
        .annotate(visible=Exists(Child.objects.visible_to(user).filter(pk=OuterRef("child_id"))))
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "child_id")
    )
    shown = [link.child for link in links if link.visible]
    if shown:
        AuditLog.record(
            actor=user, action="learning.review.view_child", obj=review, children=shown, request=request
        )
    return shown, len(links) - len(shown)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def timeline(user, review: LearningReview, children: list[Child]) -> tuple[list[ChronologyEntry], bool]:
    """Entries from the chronologies of the children shown, within the review's period, oldest first,
    up to TIMELINE_LIMIT (and whether there were more). Others' draft notes are left out. One query."""
    if not children:
        return [], False
    hidden_drafts = Note.objects.filter(status=NoteStatus.DRAFT).exclude(author=user).values("pk")
    entries = (
        ChronologyEntry.objects.filter(child__in=[c.pk for c in children])
        .exclude(source_type=NOTE_SOURCE, source_id__in=hidden_drafts)
        .select_related("child")
    )
    if review.period_start:
        entries = entries.filter(occurred_at__gte=_start_of(review.period_start))
    if review.period_end:
        entries = entries.filter(occurred_at__lt=_start_of(review.period_end + datetime.timedelta(days=1)))
    rows = list(entries.order_by("occurred_at", "id")[: TIMELINE_LIMIT + 1])
    return rows[:TIMELINE_LIMIT], len(rows) > TIMELINE_LIMIT


def actions_of(review: LearningReview) -> list[ReviewAction]:
    return list(review.actions.select_related("owner").order_by("status", "due_on", "id"))


# --- near misses ---------------------------------------------------------------------------------------


def near_misses_visible_to(user):
    """Owners see every near miss; line managers those reported in their units; everyone their own."""
    qs = NearMiss.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if user.has_perm(Perm.PUBLISH):
        return qs
    return qs.filter(Q(unit__in=user.managed_unit_ids) | Q(reported_by=user))


def near_miss_for_page(user, pk: int) -> NearMiss | None:
    return near_misses_visible_to(user).select_related("reported_by", "unit", "review").filter(pk=pk).first()


# --- experiments ---------------------------------------------------------------------------------------


def experiments_for(user, shown: str = "running"):
    """The experiments a person follows: owners and authority-wide roles all; line managers their service's
    (the units they manage) and their own; everyone else their units' and their own."""
    qs = Experiment.objects.select_related("unit", "proposed_by")
    if not _sees_all(user):
        qs = qs.filter(Q(unit__in=user.reach_unit_ids) | Q(proposed_by=user))
    if shown == "proposed":
        return qs.filter(status=ExperimentStatus.PROPOSED).order_by("created_at", "id")
    if shown == "finished":
        return qs.filter(
            status__in=[ExperimentStatus.FINISHED, ExperimentStatus.PUBLISHED, ExperimentStatus.NOT_AGREED]
        ).order_by("-updated_at", "-id")
    return qs.filter(status=ExperimentStatus.RUNNING).order_by("review_on", "id")


def experiment_for_page(pk: int) -> Experiment | None:
    return Experiment.objects.select_related("unit", "proposed_by", "decided_by").filter(pk=pk).first()


def units_for_choice(user):
    return Unit.objects.filter(pk__in=user.reach_unit_ids).order_by("name")


def units_for_review(user):
    """The units a person may open a review for: any for the owners, the units they manage otherwise."""
    if user.has_perm(Perm.PUBLISH):
        return Unit.objects.active().order_by("name")
    return Unit.objects.filter(pk__in=user.managed_unit_ids).order_by("name")


EXPERIMENT_COLOURS = {
    ExperimentStatus.PROPOSED: "grey",
    ExperimentStatus.RUNNING: "blue",
    ExperimentStatus.NOT_AGREED: "red",
    ExperimentStatus.FINISHED: "turquoise",
    ExperimentStatus.PUBLISHED: "green",
}


def experiment_tags(experiment: Experiment, today: datetime.date) -> list[tuple[str, str]]:
    tags = [(experiment.get_status_display(), EXPERIMENT_COLOURS[experiment.status])]
    if experiment.is_review_overdue(today):
        tags.append(("Review overdue", "red"))
    return tags


REVIEW_COLOURS = {ReviewStatus.DRAFT: "grey", ReviewStatus.IN_REVIEW: "blue", ReviewStatus.PUBLISHED: "green"}


# --- library -------------------------------------------------------------------------------------------


def library_search(theme: str = "", q: str = "", source: str = ""):
    """Published learning, newest first, by theme (an indexed lookup) and words in the title or findings."""
    qs = LearningEntry.objects.all()
    if theme:
        qs = qs.filter(Exists(EntryTheme.objects.filter(entry=OuterRef("pk"), theme=theme)))
    if source:
        qs = qs.filter(source=source)
    for word in (q or "").split()[:6]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(what_helped__icontains=word)
            | Q(what_got_in_the_way__icontains=word)
            | Q(what_we_will_do__icontains=word)
        )
    return qs.order_by("-published_at", "-id")


# --- retention -----------------------------------------------------------------------------------------


def retention_due_on(kind: str, start, years: dict[str, int]) -> datetime.date | None:
    """The first day a record may be disposed of: its start (publication, or a near miss's report) plus
    the kind's years. None for a record whose clock has not started."""
    if start is None:
        return None
    day = timezone.localtime(start).date() if isinstance(start, datetime.datetime) else start
    try:
        return day.replace(year=day.year + years[kind])
    except ValueError:  # 29 February
        return day.replace(year=day.year + years[kind], day=28)


def _cutoff(today: datetime.date, years: int) -> datetime.datetime:
    """Records started before the start of the day this many years before tomorrow are past retention."""
    tomorrow = today + datetime.timedelta(days=1)
    try:
        day = tomorrow.replace(year=tomorrow.year - years)
    except ValueError:  # tomorrow is 29 February; that year has none, so the day after its 28th
        day = datetime.date(tomorrow.year - years, 3, 1)
    return _start_of(day)


def past_retention(years: dict[str, int], today: datetime.date | None = None):
    """(published reviews, near misses not in a review) past their retention period. Two querysets."""
    today = today or timezone.localdate()
    due = Q()
    for kind in ReviewKind.values:
        due |= Q(kind=kind, published_at__lt=_cutoff(today, years[kind]))
    reviews = LearningReview.objects.filter(due, status=ReviewStatus.PUBLISHED).order_by("published_at", "id")
    near_misses = NearMiss.objects.filter(
        review__isnull=True, reported_at__lt=_cutoff(today, years[ReviewKind.NEAR_MISS])
    ).order_by("reported_at", "id")
    return reviews, near_misses


# --- providers for lower apps' pages (registered in apps.py) ---------------------------------------


def action_work_items(user, today: datetime.date) -> list[extensions.WorkItem]:
    """The person's open actions from learning reviews. One query."""
    if not (user and user.is_authenticated):
        return []
    rows = (
        ReviewAction.objects.filter(owner=user, status=ActionStatus.OPEN)
        .select_related("review")
        .order_by("due_on", "id")[:100]
    )
    return [
        extensions.WorkItem(
            kind="Learning review action",
            title=a.description[:100],
            url=reverse("learning:review", args=[a.review_id]) + f"#action-{a.pk}",
            due=a.due_on,
            about=a.review.title,
            sort_key=(a.pk,),
        )
        for a in rows
    ]
