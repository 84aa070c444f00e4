"""Reads for feedback: a unit's responses and the queue of unread ones, "you said, we did", the measures
per unit (`measures_by_unit`, the one place they are worked out) and the providers for a child's record
and a unit's page. Reads of responses write audit rows (one query per page)."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.presenters import date_in_words, days_in_words
from hearth.organisation.models import Unit
from hearth.organisation.selectors import unit_if_permitted

from .models import SEES_ALL_ROLES, Invitation, Response, Status, week_start
from .permissions import Perm

#: The measures cover the 13 whole weeks before this week (so they change once a week, not the moment a
#: link is used: ADR 0013).
PERIOD_WEEKS = 13
ANONYMOUS = "Anonymous"


def record_responses_viewed(*, by, responses, request=None, obj=None) -> None:
    """Every list of responses shown is audited: one row, or one per named child shown, in one query."""
    children = sorted({r.child_id for r in responses if r.child_id})
    AuditLog.record(
        actor=by,
        action="feedback.response.list",
        obj=obj,
        children=children,
        request=request,
        detail=f"{len(responses)} responses",
    )


def unit_for(user, code: str, perm: str) -> Unit | None:
    return unit_if_permitted(user, code, perm)


def active_unit(code: str) -> Unit | None:
    """A unit open to the public "you said, we did" page (active units only)."""
    return Unit.objects.active().filter(code=code).first()


def units_for_figures(user):
    """The units whose figures the person may see: all for practice leads, director and analyst."""
    units = Unit.objects.active().select_related("service_area").order_by("service_area__name", "name")
    if user.org_role in (*SEES_ALL_ROLES, "director", "performance-analyst"):
        return units
    return units.filter(pk__in=user.reach_unit_ids)


def response_for_page(user, pk, today: datetime.date | None = None) -> Response | None:
    today = today or timezone.localdate()
    return (
        Response.objects.visible_to(user)
        .shown_on(today)
        .select_related("unit", "child", "sent_by", "recorded_by", "read_by", "marked_by")
        .filter(pk=pk)
        .first()
    )


SHOWN = {
    "unread": ("To read", Q(status=Status.UNREAD)),
    "read": ("Read, not marked", Q(status=Status.READ)),
    "marked": ("Marked", Q(status__in=(Status.ACTED, Status.NOT_ACTED))),
}


def responses_of(user, unit, shown: str, today: datetime.date):
    qs = Response.objects.visible_to(user).shown_on(today).filter(unit=unit).filter(SHOWN[shown][1])
    qs = qs.select_related("child")
    if shown == "marked":
        return qs.order_by("-marked_at", "id")
    return qs.order_by("received_on", "id")


def unread_queue(user, today: datetime.date):
    """Unread responses in every unit the person sees, oldest first."""
    return (
        Response.objects.visible_to(user)
        .shown_on(today)
        .filter(status=Status.UNREAD)
        .select_related("unit", "child")
        .order_by("received_on", "unit__name", "id")
    )


def published(unit_ids=None):
    """Published "you said, we did" items, newest first (of some units, or all)."""
    qs = Response.objects.published().select_related("unit").order_by("-marked_at", "id")
    if unit_ids is not None:
        qs = qs.filter(unit__in=unit_ids)
    return qs


# --- presenting -------------------------------------------------------------------------------------

STATUS_COLOURS = {
    Status.UNREAD: "blue",
    Status.READ: "yellow",
    Status.ACTED: "green",
    Status.NOT_ACTED: "grey",
}


def who_in_words(response: Response) -> str:
    """Who it is from, as staff see it: never anything for an anonymous response."""
    if not response.named:
        return ANONYMOUS
    parts = [response.from_whom] if response.from_whom else []
    if response.child_id:
        child = response.child
        parts.append(f"about {child.full_name}" if not child.restriction else "about a child")
    return ", ".join(parts) or "Named"


def received_in_words(response: Response) -> str:
    if response.named or not response.via_form:
        return date_in_words(response.received_on)
    return f"The week of {date_in_words(response.received_on)}"


def summary_of(response: Response) -> str:
    text = response.said or response.differently or response.helped
    if not text and response.listened:
        text = f"Did the worker listen? {response.get_listened_display()}"
    return text


def row_for(response: Response) -> dict:
    return {
        "url": reverse("feedback:response", args=[response.pk]),
        "kind": response.get_kind_display(),
        "who": who_in_words(response),
        "received": received_in_words(response),
        "summary": summary_of(response),
        "status": response.get_status_display(),
        "colour": STATUS_COLOURS[response.status],
        "unit": response.unit.name if "unit" in response._state.fields_cache else "",
    }


def published_row(response: Response) -> dict:
    return {
        "you_said": response.you_said,
        "we_did": response.we_did,
        "when": f"{response.marked_at:%B %Y}" if response.marked_at else "",
        "unit": response.unit.name,
    }


# --- measures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measures:
    """What is measured per unit, over the 13 whole weeks before this one:

    - feedback response rate: links answered / links sent in the period;
    - share acted on: responses acted on / responses received in the period (unread and read-but-not-
      marked ones count in the denominator: they are not acted on yet);
    - median time to act: days from receiving a response to marking it acted on, for responses received
      in the period and acted on (anonymous responses count from the Monday of their week).
    """

    sent: int = 0
    answered: int = 0
    responses: int = 0
    acted: int = 0
    not_acted: int = 0
    unread: int = 0
    median_days_to_act: float | None = None

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None

    @property
    def share_acted(self) -> float | None:
        return self.acted / self.responses if self.responses else None

    def response_rate_in_words(self) -> str:
        return _percent(self.response_rate)

    def share_acted_in_words(self) -> str:
        return _percent(self.share_acted)

    def median_in_words(self) -> str:
        return days_in_words(self.median_days_to_act)


def _percent(share: float | None) -> str:
    return "No data yet" if share is None else f"{round(share * 100)}%"


def period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """[start, end): the 13 whole weeks before the week `today` is in."""
    end = week_start(today)
    return end - datetime.timedelta(weeks=PERIOD_WEEKS), end


def period_in_words(today: datetime.date) -> tuple[str, str]:
    start, end = period(today)
    return date_in_words(start), date_in_words(end - datetime.timedelta(days=1))


def measures_by_unit(unit_ids, today: datetime.date | None = None) -> dict[int, Measures]:
    """The measures of each unit (see `Measures`), in three queries whatever the number of units."""
    today = today or timezone.localdate()
    start, end = period(today)
    unit_ids = list(unit_ids)
    tz = timezone.get_current_timezone()
    start_at = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    end_at = datetime.datetime.combine(end, datetime.time.min, tzinfo=tz)
    sent = {
        row["unit_id"]: row
        for row in Invitation.objects.filter(unit_id__in=unit_ids, sent_at__gte=start_at, sent_at__lt=end_at)
        .values("unit_id")
        .annotate(sent=Count("id"), answered=Count("id", filter=Q(used=True)))
    }
    in_period = Response.objects.filter(unit_id__in=unit_ids, received_on__gte=start, received_on__lt=end)
    counts = {
        row["unit_id"]: row
        for row in in_period.values("unit_id").annotate(
            responses=Count("id"),
            acted=Count("id", filter=Q(status=Status.ACTED)),
            not_acted=Count("id", filter=Q(status=Status.NOT_ACTED)),
            unread=Count("id", filter=Q(status=Status.UNREAD)),
        )
    }
    days: dict[int, list[int]] = {}
    for unit_id, received_on, marked_at in in_period.filter(status=Status.ACTED).values_list(
        "unit_id", "received_on", "marked_at"
    ):
        marked_on = timezone.localtime(marked_at).date()
        days.setdefault(unit_id, []).append(max(0, (marked_on - received_on).days))
    result = {}
    for unit_id in unit_ids:
        s, c = sent.get(unit_id, {}), counts.get(unit_id, {})
        d = days.get(unit_id)
        result[unit_id] = Measures(
            sent=s.get("sent", 0),
            answered=s.get("answered", 0),
            responses=c.get("responses", 0),
            acted=c.get("acted", 0),
            not_acted=c.get("not_acted", 0),
            unread=c.get("unread", 0),
            median_days_to_act=float(statistics.median(d)) if d else None,
        )
    return result


def total_of(measures: list[Measures]) -> Measures:
    """The service's measures: sums, and the median of the units' medians is not a median, so the
    total shows no median (the table has each unit's)."""
    return Measures(
        sent=sum(m.sent for m in measures),
        answered=sum(m.answered for m in measures),
        responses=sum(m.responses for m in measures),
        acted=sum(m.acted for m in measures),
        not_acted=sum(m.not_acted for m in measures),
        unread=sum(m.unread for m in measures),
    )


# --- providers for lower apps' pages (registered in apps.py) ---------------------------------------


def child_section(user, child) -> extensions.Section | None:
    """On a child's record, for members and managers of the unit holding the case: how many feedback
    links were sent for the child and a button to send one. It never says whether a link was used
    (ADR 0013). One query."""
    if not (user and user.is_authenticated) or child.allocated_unit_id is None:
        return None
    if not user.has_perm(Perm.SEND, child):
        return None
    last = list(
        Invitation.objects.filter(child=child).order_by("-sent_at").values_list("sent_at", flat=True)[:1]
    )
    return extensions.Section(
        title="Feedback",
        template="feedback/_child_section.html",
        order=70,
        context={
            "last_sent": date_in_words(last[0]) if last else "",
            "send_url": reverse("feedback:invite-child", args=[child.pk]),
        },
    )


def unit_section(user, unit) -> extensions.Section | None:
    """On a unit's page: unread feedback to read and links to the unit's feedback, for the people who see
    it. One query."""
    if not (user and user.is_authenticated) or not user.has_perm(Perm.VIEW_RESPONSES, unit):
        return None
    unread = Response.objects.shown_on(timezone.localdate()).filter(unit=unit, status=Status.UNREAD).count()
    return extensions.Section(
        title="Feedback",
        template="feedback/_unit_section.html",
        order=50,
        context={
            "unread": unread,
            "page_url": reverse("feedback:unit", args=[unit.code]),
            "send_url": reverse("feedback:invite-unit", args=[unit.code]),
            "yswd_url": reverse("feedback:unit-you-said", args=[unit.code]),
            "can_send": user.has_perm(Perm.SEND, unit),
        },
    )
