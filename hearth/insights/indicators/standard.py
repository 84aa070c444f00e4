"""Indicators of Employer Standard 1, "a strong and clear social work framework": purpose and vision by
co-design, learning from reviews, listening, retention, quality assurance and supervision.

"The unit's staff" are the people who were members of the unit on the day (any unit role). Anonymous
answers (the wellbeing pulse, co-design ideas, feedback) are only ever counted, never listed, and the
pulse is shown for a unit only under the workforce five rule (ADR 0007).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hearth.audits.models import FINISHED, CaseAudit
from hearth.cases.models import Allocation, LookedAfterEpisode, Referral
from hearth.core.presenters import date_in_words
from hearth.feedback.selectors import measures_by_unit
from hearth.framework.models import CoDesignRound, Participant, RoundStatus
from hearth.learning.models import (
    ActionStatus,
    LearningReview,
    NearMiss,
    ReviewAction,
    ReviewKind,
    ReviewStatus,
)
from hearth.learning.selectors import near_misses_visible_to, reviews_visible_to
from hearth.organisation.models import Membership
from hearth.people.models import Child
from hearth.supervision.models import Attendance, SupervisionAgreement
from hearth.supervision.selectors import status_of
from hearth.workforce import figures as wf
from hearth.workforce.codes import PULSE_STATEMENTS
from hearth.workforce.models import PulseRound
from hearth.workforce.privacy import protect_tree
from hearth.workforce.selectors.figures import figure_inputs
from hearth.workforce.selectors.pulse import tally_cells

from .base import (
    EVIDENCE_LIMIT,
    SCOPE_AUTHORITY,
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    day_end,
    day_start,
    no_data,
    share,
    window_start,
)
from .registry import register

YEAR_DAYS = 365


def _year(as_of: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the 12 months to the day, as datetimes."""
    return day_start(window_start(as_of, YEAR_DAYS)), day_end(as_of)


def _members(unit_ids, on: datetime.date) -> dict[int, set[int]]:
    """{unit id: user ids of its members on the day}. One query."""
    found: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in (
        Membership.objects.current(on=on).filter(unit_id__in=list(unit_ids)).values_list("unit_id", "user_id")
    ):
        found[unit_id].add(user_id)
    return found


# --- S1.1 purpose and vision by co-design -----------------------------------------------------------


def _latest_closed_round(as_of: datetime.date) -> CoDesignRound | None:
    """The latest co-design round closed to ideas on or before the day (its taking part is final)."""
    return (
        CoDesignRound.objects.filter(
            status__in=[RoundStatus.CLOSED, RoundStatus.PUBLISHED], closed_at__lt=day_end(as_of)
        )
        .order_by("-closed_at", "-id")
        .first()
    )


def _latest_published_round(as_of: datetime.date) -> CoDesignRound | None:
    return (
        CoDesignRound.objects.filter(status=RoundStatus.PUBLISHED, published_at__lt=day_end(as_of))
        .order_by("-published_at", "-id")
        .first()
    )


@register
class StaffInCoDesign(Indicator):
    key = "s-purpose-staff-part"
    characteristic = "s-purpose"
    title = "Staff who took part in co-designing the purpose and vision"
    definition = (
        "Of the people who were members of the unit on the day the latest co-design round of the purpose "
        "and vision closed (closed on or before the day), the share who took part in it: added an idea, "
        "commented or supported one. Taking part is counted, never named, and says nothing about which "
        "ideas were theirs. No round closed by the day: no figure."
    )
    formula = "unit members who took part in the latest closed round ÷ unit members when it closed × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 50
    concern = 25
    source = "Hearth default: at least half of each unit's staff help write the purpose and vision"
    minimum_sample = 3

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        round_ = _latest_closed_round(as_of)
        if round_ is None:
            return {u: no_data("No co-design round closed by the day") for u in unit_ids}
        closed_on = timezone.localdate(round_.closed_at)
        took_part = Participant.objects.filter(round=round_, user=OuterRef("user_id"))
        counts = {
            row["unit_id"]: row
            for row in Membership.objects.current(on=closed_on)
            .filter(unit_id__in=list(unit_ids))
            .values("unit_id")
            .annotate(
                members=Count("user_id", distinct=True),
                part_n=Count("user_id", distinct=True, filter=Q(Exists(took_part))),
            )
            .order_by()
        }
        result = {}
        for unit_id in unit_ids:
            row = counts.get(unit_id, {})
            result[unit_id] = share(
                row.get("part_n", 0),
                row.get("members", 0),
                minimum=self.minimum_sample,
                of_what=f"members of the unit when '{round_.title}' closed",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        round_ = _latest_closed_round(as_of)
        links = [("Co-design rounds", reverse("framework:rounds"))]
        if round_ is not None:
            links.insert(0, (round_.title, reverse("framework:round", args=[round_.pk])))
        return Evidence(
            note=(
                "Who took part is counted, never shown: ideas are equal and may be anonymous, so no "
                "names are listed."
            ),
            links=links,
        )


@register
class PurposeStatementAge(Indicator):
    key = "s-purpose-published"
    characteristic = "s-purpose"
    title = "Days since the purpose and vision was published"
    definition = (
        "Days from the publishing of the latest purpose and vision statement made by co-design to the "
        "day. None published by the day: no figure."
    )
    formula = "the day − the day the latest co-designed statement was published"
    kind = Kind.DAYS
    direction = Direction.LOWER
    good = 3 * YEAR_DAYS
    concern = 4 * YEAR_DAYS
    source = "Hearth default: renew the purpose and vision with the people it serves at least every 3 years"
    minimum_sample = 1
    scope = SCOPE_AUTHORITY

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        round_ = _latest_published_round(as_of)
        if round_ is None:
            return {0: no_data("No purpose and vision statement published by the day")}
        published = timezone.localdate(round_.published_at)
        days = (as_of - published).days
        return {
            0: Measure(float(days), sample=1, note=f"'{round_.title}' published {date_in_words(published)}")
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        return Evidence(
            note="The published statement is public.",
            links=[
                ("Our purpose", reverse("framework:public-purpose")),
                ("Co-design rounds", reverse("framework:rounds")),
            ],
        )


@register
class CoDesignGroups(Indicator):
    key = "s-purpose-groups"
    characteristic = "s-purpose"
    title = "Groups who took part in the purpose and vision"
    definition = (
        "Of the four groups asked to co-design the purpose and vision (staff, children and young people, "
        "parents and carers, partners), how many took part in the latest statement published by the "
        "day, from the counts frozen when it was published."
    )
    formula = "groups with at least one person taking part in the latest published round (of 4)"
    kind = Kind.COUNT
    direction = Direction.HIGHER
    good = 4
    concern = 3
    source = (
        "Hearth default: Employer Standard 1 asks for the statement to be made with people who use "
        "services, practitioners and other stakeholders, so every group should take part"
    )
    minimum_sample = 1
    scope = SCOPE_AUTHORITY

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        round_ = _latest_published_round(as_of)
        if round_ is None:
            return {0: no_data("No purpose and vision statement published by the day")}
        parts = round_.participation()
        groups = sum(1 for _, n in parts if n > 0)
        return {
            0: Measure(
                float(groups),
                sample=sum(n for _, n in parts),
                numerator=groups,
                denominator=len(parts),
                note=", ".join(f"{label}: {n}" for label, n in parts),
            )
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        return Evidence(
            note="Taking part is counted by group, never named.",
            links=[("Our purpose", reverse("framework:public-purpose"))],
        )


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


# --- S1.3 listening ---------------------------------------------------------------------------------

LISTENING_PERIOD = (
    "the 13 whole weeks before the week of the day (as the feedback pages count them). Whether a "
    "response was acted on is its state today, so for a past day the figure is an approximation"
)


class _Listening(Indicator):
    characteristic = "s-listening"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    minimum_sample = 5

    def evidence(self, user, unit, as_of) -> Evidence:
        return Evidence(
            note="Feedback is often anonymous, so no responses are listed here; the feedback pages show them.",
            links=[
                ("The unit's feedback", reverse("feedback:unit", args=[unit.code])),
                ("Feedback across the service", reverse("feedback:service")),
            ],
        )


@register
class FeedbackResponseRate(_Listening):
    key = "s-listening-response-rate"
    title = "Feedback links answered"
    definition = f"Of the feedback links the unit sent to children and families in {LISTENING_PERIOD}, the share answered."
    formula = "links answered ÷ links sent × 100"
    good = 40
    concern = 20
    source = "Hearth default: a response rate of two in five is good for an invitation to give feedback"

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        measures = measures_by_unit(list(unit_ids), as_of)
        return {
            u: share(
                measures[u].answered, measures[u].sent, minimum=self.minimum_sample, of_what="links sent"
            )
            for u in unit_ids
        }


@register
class FeedbackActedOn(_Listening):
    key = "s-listening-acted"
    title = "Feedback acted on"
    definition = (
        f"Of the feedback the unit received in {LISTENING_PERIOD}, the share marked as acted on (unread "
        "and not yet marked responses count as not acted on)."
    )
    formula = "responses acted on ÷ responses received × 100"
    good = 60
    concern = 40
    source = 'Hearth default: most feedback should lead to something done ("you said, we did")'

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        measures = measures_by_unit(list(unit_ids), as_of)
        return {
            u: share(
                measures[u].acted, measures[u].responses, minimum=self.minimum_sample, of_what="responses"
            )
            for u in unit_ids
        }


# --- S1.4 retention ---------------------------------------------------------------------------------


def _workforce(unit_ids, as_of) -> dict[int, wf.Components]:
    """Each unit's workforce sums on the day, social work staff and posts only (three queries)."""
    staff, posts, absences = figure_inputs([as_of], list(unit_ids))
    by_unit = wf.components_by_unit([as_of], staff, posts, absences)
    return {u: comps[0] for u, comps in by_unit.items() if u is not None}


class _Workforce(Indicator):
    characteristic = "s-retention"
    kind = Kind.PERCENT
    direction = Direction.LOWER
    minimum_sample = 1
    figure = ""

    def _value(self, c: wf.Components) -> Measure:
        raise NotImplementedError

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        comps = _workforce(unit_ids, as_of)
        return {u: self._value(comps.get(u) or wf.Components()) for u in unit_ids}

    def evidence(self, user, unit, as_of) -> Evidence:
        c = _workforce([unit.pk], as_of).get(unit.pk) or wf.Components()
        rows = [
            EvidenceRow(("Social work staff in post", str(c.headcount))),
            EvidenceRow(("Employed FTE in post", f"{c.employed_fte:.1f}")),
            EvidenceRow(("Agency FTE in post", f"{c.agency_fte:.1f}")),
            EvidenceRow(("Employed leavers in the 12 months (FTE)", f"{c.leavers} ({c.leavers_fte:.1f})")),
            EvidenceRow(("Funded social work posts (FTE)", f"{c.establishment_fte:.1f}")),
            EvidenceRow(("Posts not filled by employed staff (FTE)", f"{c.vacancy_fte:.1f}")),
        ]
        return Evidence(
            columns=("Figure", "On the day"),
            rows=rows,
            total=len(rows),
            note="Workforce figures are totals from staff records and posts; people are not listed here.",
            links=[("Workforce figures", reverse("workforce:dashboard"))],
        )


WORKFORCE_SOURCE = (
    "Hearth default: the national figure for children and family social workers kept with the workforce "
    "figures (workforce.figures.NATIONAL, {national}%) meets; more than 5 points worse is below"
)


@register
class Turnover(_Workforce):
    key = "s-retention-turnover"
    title = "Turnover"
    definition = (
        "The FTE of employed social work staff (permanent or fixed term) of the unit who left in the 12 "
        "months to the day, as a share of the FTE of those in post on the day (DfE workforce census "
        "definition)."
    )
    formula = "leavers' FTE in the 12 months ÷ employed FTE in post on the day × 100"
    good = wf.NATIONAL["turnover"]
    concern = wf.NATIONAL["turnover"] + 5
    source = WORKFORCE_SOURCE.format(national=wf.NATIONAL["turnover"])

    def _value(self, c):
        if not c.employed_fte:
            return no_data("No employed social work staff in post on the day")
        return Measure(
            c.turnover,
            sample=c.headcount,
            numerator=round(c.leavers_fte, 2),
            denominator=round(c.employed_fte, 2),
            note=f"{c.leavers_fte:.1f} FTE left of {c.employed_fte:.1f} FTE in post",
        )


@register
class VacancyRate(_Workforce):
    key = "s-retention-vacancy"
    title = "Vacancy rate"
    definition = (
        "The FTE of the unit's funded social work posts not filled by an employed member of staff on the "
        "day (a post covered by an agency worker is vacant), as a share of that plus the employed FTE in "
        "post (DfE workforce census definition). No posts recorded: no figure."
    )
    formula = "vacant FTE ÷ (vacant FTE + employed FTE) × 100"
    good = wf.NATIONAL["vacancy_rate"]
    concern = wf.NATIONAL["vacancy_rate"] + 5
    source = WORKFORCE_SOURCE.format(national=wf.NATIONAL["vacancy_rate"])

    def _value(self, c):
        if not c.establishment_fte:
            return no_data("No social work posts recorded for the unit on the day")
        return Measure(
            c.vacancy_rate,
            sample=c.headcount,
            numerator=round(c.vacancy_fte, 2),
            denominator=round(c.vacancy_fte + c.employed_fte, 2),
            note=f"{c.vacancy_fte:.1f} FTE vacant of {c.establishment_fte:.1f} FTE of posts",
        )


@register
class AgencyRate(_Workforce):
    key = "s-retention-agency"
    title = "Agency rate"
    definition = (
        "The FTE of agency social workers in the unit on the day, as a share of that plus the FTE of "
        "employed social work staff in post (DfE workforce census definition)."
    )
    formula = "agency FTE ÷ (agency FTE + employed FTE) × 100"
    good = wf.NATIONAL["agency_rate"]
    concern = wf.NATIONAL["agency_rate"] + 5
    source = WORKFORCE_SOURCE.format(national=wf.NATIONAL["agency_rate"])

    def _value(self, c):
        if not (c.agency_fte + c.employed_fte):
            return no_data("No social work staff in post on the day")
        return Measure(
            c.agency_rate,
            sample=c.headcount,
            numerator=round(c.agency_fte, 2),
            denominator=round(c.agency_fte + c.employed_fte, 2),
            note=f"{c.agency_fte:.1f} agency FTE of {c.agency_fte + c.employed_fte:.1f} FTE",
        )


PULSE_KEYS = [key for key, _, _ in PULSE_STATEMENTS]


@register
class PulseCulture(Indicator):
    key = "s-retention-pulse"
    characteristic = "s-retention"
    title = "Wellbeing pulse: culture score"
    definition = (
        "In the latest wellbeing pulse round closed before the day, the share of the unit's answers to "
        "the four statements (workload is manageable, I get the support I need, I feel safe to talk "
        "about mistakes, I see myself here in two years) that agree or strongly agree. Answers are "
        "anonymous: shown only where the workforce pages show the unit on its own (at least 5 "
        "respondents, and no smaller group can be worked out from the others)."
    )
    formula = "agreeing answers ÷ (4 × respondents) × 100, latest closed round"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 70
    concern = 50
    source = "Hearth default: most answers should agree with each statement; no national pulse figure exists"
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        pulse_round = PulseRound.objects.filter(closes_on__lt=as_of).order_by("-closes_on", "-pk").first()
        if pulse_round is None:
            return {u: no_data("No pulse round closed before the day") for u in unit_ids}
        cells = tally_cells([pulse_round]).get(pulse_round.pk, {})
        tree = protect_tree({cell: t.respondents for cell, t in cells.items()})
        by_unit = {unit: tally for (_area, unit), tally in cells.items() if unit is not None}
        result = {}
        for unit_id in unit_ids:
            tally = by_unit.get(unit_id)
            if tally is None or tree.find("unit", unit_id) is None or tally.respondents < self.minimum_sample:
                result[unit_id] = no_data(
                    f"Too few answers from the unit to show in '{pulse_round.title}' (at least 5 needed)"
                )
                continue
            agree = sum(tally.agree[k] for k in PULSE_KEYS)
            answers = len(PULSE_KEYS) * tally.respondents
            result[unit_id] = Measure(
                round(100 * agree / answers, 1),
                sample=tally.respondents,
                numerator=agree,
                denominator=answers,
                note=f"{agree} of {answers} answers agree ({tally.respondents} people, '{pulse_round.title}')",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        return Evidence(
            note="Pulse answers are anonymous: no records can be listed. Results are shown only for groups of at least 5.",
            links=[("Pulse results", reverse("workforce:pulse-results"))],
        )


# --- S1.5 quality assurance -------------------------------------------------------------------------


def _open_cases_on(unit_ids, as_of):
    """Allocations held by the units at the end of the day, of children with an open referral or
    looked-after episode on the day (a queryset)."""
    end = day_end(as_of)
    referral = Referral.objects.filter(child=OuterRef("child_id"), cin_referral_date__lte=as_of).filter(
        Q(cin_closure_date__isnull=True) | Q(cin_closure_date__gt=as_of)
    )
    looked_after = LookedAfterEpisode.objects.filter(child=OuterRef("child_id"), decom__lte=as_of).filter(
        Q(dec__isnull=True) | Q(dec__gt=as_of)
    )
    return (
        Allocation.objects.filter(unit_id__in=list(unit_ids), started_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
        .filter(Q(Exists(referral)) | Q(Exists(looked_after)))
    )


def _audited(as_of):
    start, end = _year(as_of)
    return CaseAudit.objects.filter(
        child=OuterRef("child_id"), status__in=FINISHED, finished_at__gte=start, finished_at__lt=end
    )


@register
class AuditCoverage(Indicator):
    key = "s-quality-audit-coverage"
    characteristic = "s-quality"
    title = "Open cases audited"
    definition = (
        "Of the cases the unit held at the end of the day (allocated to it, with an open referral or "
        "looked-after episode on the day), the share whose case audit was finished (moderated or "
        "completed) in the 12 months to the day."
    )
    formula = "open cases with an audit finished in the 12 months ÷ open cases × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 20
    concern = 10
    source = "Hearth default: about one case per worker audited each quarter (no national figure exists)"
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        counts = {
            row["unit_id"]: row
            for row in _open_cases_on(unit_ids, as_of)
            .values("unit_id")
            .annotate(
                cases=Count("child_id", distinct=True),
                done=Count("child_id", distinct=True, filter=Q(Exists(_audited(as_of)))),
            )
            .order_by()
        }
        return {
            u: share(
                counts.get(u, {}).get("done", 0),
                counts.get(u, {}).get("cases", 0),
                minimum=self.minimum_sample,
                of_what="open cases",
            )
            for u in unit_ids
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        start, end = _year(as_of)
        cases = list(
            _open_cases_on([unit.pk], as_of)
            .annotate(audited=Exists(_audited(as_of)))
            .values_list("child_id", "audited")
            .order_by("audited", "child_id")
            .distinct()
        )
        finished = dict(
            CaseAudit.objects.filter(
                child_id__in=[c for c, a in cases if a],
                status__in=FINISHED,
                finished_at__gte=start,
                finished_at__lt=end,
            )
            .values("child_id")
            .annotate(last=Max("finished_at"))
            .values_list("child_id", "last")
            .order_by()
        )
        visible = {
            c.pk: c
            for c in Child.objects.visible_to(user)
            .filter(pk__in=[c for c, _ in cases])
            .only("pk", "first_name", "last_name", "restriction")
        }
        rows, child_ids, hidden = [], [], 0
        for child_id, _done in cases:
            child = visible.get(child_id)
            if child is None:
                hidden += 1
                continue
            if len(rows) < EVIDENCE_LIMIT:
                last = finished.get(child_id)
                rows.append(
                    EvidenceRow(
                        (
                            child.full_name,
                            date_in_words(timezone.localtime(last).date()) if last else "Not audited",
                        ),
                        url=reverse("people:child", args=[child_id]),
                    )
                )
                child_ids.append(child_id)
        return Evidence(
            columns=("Child", "Audit finished"),
            rows=rows,
            total=len(cases),
            hidden=hidden,
            child_ids=child_ids,
            links=[("Quality of practice", reverse("audits:quality"))],
        )


# --- S1.6 supervision -------------------------------------------------------------------------------


def _supervision(unit_ids, as_of):
    """{unit: [(user id, agreement, last held, due, state)]} for the members on the day with an open
    supervision agreement, their state as the supervision pages work it out (`status_of`). Three
    queries."""
    members = _members(unit_ids, as_of)
    user_ids = {u for users in members.values() for u in users}
    agreements = {
        a.supervisee_id: a
        for a in SupervisionAgreement.objects.open(as_of)
        .filter(supervisee_id__in=list(user_ids))
        .select_related("supervisee")
    }
    last_held = (
        dict(
            Attendance.objects.filter(supervisee_id__in=list(agreements), held_on__lte=as_of)
            .values("supervisee_id")
            .annotate(last=Max("held_on"))
            .values_list("supervisee_id", "last")
            .order_by()
        )
        if agreements
        else {}
    )
    result: dict[int, list] = {}
    for unit_id in unit_ids:
        items = []
        for user_id in sorted(members.get(unit_id, ())):
            agreement = agreements.get(user_id)
            if agreement is None:
                continue
            due, state = status_of(agreement, last_held.get(user_id), as_of)
            items.append((user_id, agreement, last_held.get(user_id), due, state))
        result[unit_id] = items
    return result


@register
class SupervisionOnTime(Indicator):
    key = "s-supervision-on-time"
    characteristic = "s-supervision"
    title = "Supervision on time"
    definition = (
        "Of the unit's members on the day who have a supervision agreement open on the day, the share "
        "whose next supervision was not overdue: the last supervision held on or before the day (or the "
        "start of the agreement) plus the agreed interval is on or after the day, as the supervision "
        "pages work it out. Members with no agreement are not counted."
    )
    formula = "supervisees not overdue on the day ÷ supervisees with an open agreement × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 90
    concern = 75
    source = "Hearth default: supervision at the agreed frequency, with few exceptions"
    minimum_sample = 3

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rows = _supervision(unit_ids, as_of)
        return {
            u: share(
                sum(1 for *_, state in rows[u] if state != "overdue"),
                len(rows[u]),
                minimum=self.minimum_sample,
                of_what="supervisees",
            )
            for u in unit_ids
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        items = _supervision([unit.pk], as_of)[unit.pk]
        words = {"overdue": "Overdue", "due-soon": "Due soon", "up-to-date": "Up to date"}
        rows = [
            EvidenceRow(
                (
                    agreement.supervisee.full_name,
                    date_in_words(last) or "None recorded",
                    date_in_words(due),
                    words.get(state, state),
                )
            )
            for _uid, agreement, last, due, state in items[:EVIDENCE_LIMIT]
        ]
        return Evidence(
            columns=("Supervisee", "Last supervision", "Next due", "On the day"),
            rows=rows,
            total=len(items),
            note="Only dates are shown: what was discussed in supervision is not.",
            links=[("Supervision", reverse("supervision:overview"))],
        )
