"""Indicators of Employer Standard 1, S1.2: learning from practice and safeguarding reviews."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from hearth.core.presenters import date_in_words
from hearth.learning.models import (
    ActionStatus,
    LearningReview,
    NearMiss,
    ReviewAction,
    ReviewKind,
    ReviewStatus,
)
from hearth.learning.selectors import near_misses_visible_to, reviews_visible_to

from ..base import (
    EVIDENCE_LIMIT,
    SCOPE_AUTHORITY,
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    day_end,
    no_data,
    share,
    window_start,
)
from ..registry import register
from ._common import YEAR_DAYS, _members, _year

# --- S1.2 learning from reviews ---------------------------------------------------------------------


@register
class NearMisses(Indicator):
    key = "s-reviews-near-misses"
    characteristic = "s-reviews"
    title = "Near misses reported"
    definition = (
        "Near misses reported for the unit (the unit the person reporting chose) in the 12 months to the "
        "day. Reporting near misses is a sign of learning over blame, so more is better. Only counts: a "
        "hidden reporter stays hidden. No near miss recorded anywhere by the day: no figure."
    )
    formula = "count of near misses for the unit reported in the 12 months to the day"
    kind = Kind.COUNT
    direction = Direction.HIGHER
    good = 2
    concern = 1
    source = "Hearth default: a unit that learns reports a near miss at least every six months"
    minimum_sample = 1

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        start, end = _year(as_of)
        if not NearMiss.objects.filter(reported_at__lt=end).exists():
            return {u: no_data("No near miss has been recorded in Hearth by the day") for u in unit_ids}
        counts = dict(
            NearMiss.objects.filter(unit_id__in=list(unit_ids), reported_at__gte=start, reported_at__lt=end)
            .values("unit_id")
            .annotate(n=Count("id"))
            .values_list("unit_id", "n")
            .order_by()
        )
        result = {}
        for unit_id in unit_ids:
            n = counts.get(unit_id, 0)
            result[unit_id] = Measure(float(n), sample=n, note=f"{n} near misses in the 12 months")
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        start, end = _year(as_of)
        found = NearMiss.objects.filter(unit=unit, reported_at__gte=start, reported_at__lt=end)
        visible = near_misses_visible_to(user).filter(unit=unit, reported_at__gte=start, reported_at__lt=end)
        total = found.count()
        rows = [
            EvidenceRow(
                (
                    date_in_words(timezone.localtime(m.reported_at).date()),
                    m.get_theme_display(),
                    m.get_status_display(),
                ),
                url=reverse("learning:near-miss", args=[m.pk]),
            )
            for m in visible.order_by("-reported_at", "-id")[:EVIDENCE_LIMIT]
        ]
        return Evidence(
            columns=("Reported", "Theme", "Status"),
            rows=rows,
            total=total,
            hidden=total - visible.count(),
            note="Who reported a near miss is not shown here.",
            links=[("Near misses", reverse("learning:near-misses"))],
        )


def _actions_due(unit_ids, as_of):
    """{unit: [(action id, review id, description, owner name, due, done day or None)]} of review actions
    owned by the unit's members on the day and due in the 12 months to the day. Two queries."""
    members = _members(unit_ids, as_of)
    units_of: dict[int, list[int]] = defaultdict(list)
    for unit_id, users in members.items():
        for user_id in users:
            units_of[user_id].append(unit_id)
    result: dict[int, list] = defaultdict(list)
    if not units_of:
        return result
    rows = ReviewAction.objects.filter(
        owner_id__in=list(units_of),
        due_on__gte=window_start(as_of, YEAR_DAYS),
        due_on__lte=as_of,
        created_at__lt=day_end(as_of),
    ).values_list(
        "pk", "review_id", "description", "owner_id", "owner__full_name", "due_on", "status", "done_at"
    )
    for pk, review_id, text, owner_id, owner, due, status, done_at in rows.order_by("due_on", "pk"):
        done = None
        if status == ActionStatus.DONE and done_at is not None and done_at < day_end(as_of):
            done = timezone.localdate(done_at)
        for unit_id in units_of[owner_id]:
            result[unit_id].append((pk, review_id, text, owner, due, done))
    return result


@register
class ReviewActionsOnTime(Indicator):
    key = "s-reviews-actions-on-time"
    characteristic = "s-reviews"
    title = "Review actions done on time"
    definition = (
        "Of the actions from learning reviews owned by the unit's staff (members on the day) and due in "
        "the 12 months to the day, the share done by their due date."
    )
    formula = "actions done by their due date ÷ actions due in the 12 months × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 80
    concern = 60
    source = "Hearth default: most actions agreed after a review should be done when promised"
    minimum_sample = 3

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        actions = _actions_due(unit_ids, as_of)
        result = {}
        for unit_id in unit_ids:
            items = actions.get(unit_id, [])
            on_time = sum(1 for *_, due, done in items if done is not None and done <= due)
            result[unit_id] = share(
                on_time, len(items), minimum=self.minimum_sample, of_what="review actions due"
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        items = _actions_due([unit.pk], as_of).get(unit.pk, [])
        visible = set(
            reviews_visible_to(user).filter(pk__in={i[1] for i in items}).values_list("pk", flat=True)
        )
        rows, hidden = [], 0
        for _pk, review_id, text, owner, due, done in items:
            if review_id not in visible:
                hidden += 1
                continue
            if len(rows) < EVIDENCE_LIMIT:
                state = "Not done by the day" if done is None else ("On time" if done <= due else "Late")
                rows.append(
                    EvidenceRow(
                        (text[:120], owner, date_in_words(due), date_in_words(done) or "Not done", state),
                        url=reverse("learning:review", args=[review_id]),
                    )
                )
        return Evidence(
            columns=("Action", "Owner", "Due", "Done", "On time"),
            rows=rows,
            total=len(items),
            hidden=hidden,
            links=[("Learning reviews", reverse("learning:reviews"))],
        )


class _PublishedReviews(Indicator):
    characteristic = "s-reviews"
    kind = Kind.COUNT
    direction = Direction.HIGHER
    minimum_sample = 0
    scope = SCOPE_AUTHORITY
    kinds: tuple[str, ...] = ()

    def _reviews(self, as_of):
        start, end = _year(as_of)
        reviews = LearningReview.objects.filter(
            status=ReviewStatus.PUBLISHED, published_at__gte=start, published_at__lt=end
        )
        return reviews.filter(kind__in=self.kinds) if self.kinds else reviews

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        n = self._reviews(as_of).count()
        return {0: Measure(float(n), sample=n, note=f"{n} published in the 12 months")}

    def evidence(self, user, unit, as_of) -> Evidence:
        reviews = self._reviews(as_of)
        visible = (
            reviews_visible_to(user).filter(pk__in=reviews.values("pk")).order_by("-published_at", "-id")
        )
        total = reviews.count()
        rows = [
            EvidenceRow(
                (r.title, r.get_kind_display(), date_in_words(timezone.localtime(r.published_at).date())),
                url=reverse("learning:review", args=[r.pk]),
            )
            for r in visible[:EVIDENCE_LIMIT]
        ]
        return Evidence(
            columns=("Review", "Kind", "Published"),
            rows=rows,
            total=total,
            hidden=total - visible.count(),
            links=[("The learning library", reverse("learning:library"))],
        )


@register
class ReviewsPublished(_PublishedReviews):
    key = "s-reviews-published"
    title = "Learning reviews published"
    definition = (
        "Learning reviews of any kind (rapid reviews, local safeguarding practice reviews, near-miss and "
        "serious success reviews) published in the 12 months to the day."
    )
    formula = "count of reviews published in the 12 months to the day"
    good = 4
    concern = 2
    source = "Hearth default: about one review published a quarter keeps learning from practice going"


@register
class SuccessReviewsPublished(_PublishedReviews):
    key = "s-reviews-success"
    title = "Serious success reviews published"
    definition = (
        "Serious success reviews (learning from what went well) published in the 12 months to the day."
    )
    formula = "count of serious success reviews published in the 12 months to the day"
    good = 1
    concern = 1
    source = "Hearth default: Employer Standard 1 asks for successes to be learned from as well as harms"
    kinds = (ReviewKind.SERIOUS_SUCCESS,)
