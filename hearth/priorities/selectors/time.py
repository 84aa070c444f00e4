"""Where time goes: the week's time suggested from what a person recorded, and the unit and service
figures (share of time with families, intensive work to the highest-need families, month by month)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hearth.cases.models import Note
from hearth.cases.models.notes import NoteKind, NoteStatus
from hearth.meetings.models import Attendance as MeetingAttendance
from hearth.supervision.models import SupervisionSession

from ..models import Activity, TimeEntry, WeekConfirmation

#: Minutes suggested for each thing recorded (a person changes them before confirming if they differ).
DIRECT_MINUTES = {
    NoteKind.HOME_VISIT: 60,
    NoteKind.DIRECT_WORK: 60,
    NoteKind.OFFICE_VISIT: 45,
    NoteKind.PHONE_CALL: 15,
}
TRAVEL_MINUTES = {NoteKind.HOME_VISIT: 30}
MEETING_NOTE_MINUTES = {NoteKind.MEETING: 60, NoteKind.CASE_DISCUSSION: 30, NoteKind.OBSERVATION: 30}
RECORDING_MINUTES = 20
UNIT_MEETING_MINUTES = 90
SUPERVISION_MINUTES = 60
TREND_MONTHS = 6


@dataclass(frozen=True)
class Suggested:
    activity: str
    minutes: int
    child_id: int | None
    because: str

    @property
    def activity_label(self) -> str:
        return Activity(self.activity).label


def week_suggestions(user, monday: datetime.date) -> list[Suggested]:
    """What the person recorded in the week, as time: visit notes (direct work, travel, recording),
    unit meetings attended and supervision sessions. Three queries."""
    start = datetime.datetime.combine(monday, datetime.time.min)
    end = start + datetime.timedelta(days=7)
    start, end = timezone.make_aware(start), timezone.make_aware(end)
    rows: list[Suggested] = []
    notes = (
        Note.objects.filter(author=user, status=NoteStatus.FINAL, occurred_at__gte=start, occurred_at__lt=end)
        .values_list("pk", "kind", "occurred_at", "note_children__child_id")
        .order_by("occurred_at", "pk")
    )
    seen_notes = set()
    for pk, kind, occurred, child_id in notes:
        if pk in seen_notes:
            continue
        seen_notes.add(pk)
        when = timezone.localtime(occurred).strftime("%A")
        label = NoteKind(kind).label.lower()
        if kind in DIRECT_MINUTES:
            rows.append(
                Suggested(Activity.DIRECT, DIRECT_MINUTES[kind], child_id, f"{label.capitalize()} on {when}")
            )
        if kind in TRAVEL_MINUTES:
            rows.append(
                Suggested(Activity.TRAVEL, TRAVEL_MINUTES[kind], None, f"Travel for the {label} on {when}")
            )
        if kind in MEETING_NOTE_MINUTES:
            rows.append(
                Suggested(
                    Activity.MEETINGS, MEETING_NOTE_MINUTES[kind], None, f"{label.capitalize()} on {when}"
                )
            )
        rows.append(
            Suggested(Activity.RECORDING, RECORDING_MINUTES, None, f"Writing up the {label} on {when}")
        )
    for held_on in MeetingAttendance.objects.filter(
        user=user, meeting__held_on__gte=monday, meeting__held_on__lt=monday + datetime.timedelta(days=7)
    ).values_list("meeting__held_on", flat=True):
        rows.append(Suggested(Activity.MEETINGS, UNIT_MEETING_MINUTES, None, f"Unit meeting on {held_on:%A}"))
    for held_on in (
        SupervisionSession.objects.filter(
            held_on__gte=monday, held_on__lt=monday + datetime.timedelta(days=7)
        )
        .filter(Q(supervisor=user) | Q(supervisees=user))
        .values_list("held_on", flat=True)
        .distinct()
    ):
        rows.append(
            Suggested(Activity.SUPERVISION, SUPERVISION_MINUTES, None, f"Supervision on {held_on:%A}")
        )
    return rows


def week_entries(user, monday: datetime.date):
    return list(TimeEntry.objects.filter(user=user, week_starting=monday).order_by("activity", "pk"))


def week_confirmed(user, monday: datetime.date) -> bool:
    return WeekConfirmation.objects.filter(user=user, week_starting=monday).exists()


# --- figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthShare:
    month: datetime.date
    total: int
    direct: int
    direct_with_child: int
    intensive: int

    @property
    def family_percent(self) -> int | None:
        return round(100 * self.direct / self.total) if self.total else None

    @property
    def intensive_percent(self) -> int | None:
        return round(100 * self.intensive / self.direct_with_child) if self.direct_with_child else None

    @property
    def label(self) -> str:
        return f"{self.month:%b %Y}"


def month_starts(today: datetime.date, months: int = TREND_MONTHS) -> list[datetime.date]:
    first = today.replace(day=1)
    out = []
    for _ in range(months):
        out.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(out))


def time_shares(unit_ids, today: datetime.date, months: int = TREND_MONTHS) -> dict[int, list[MonthShare]]:
    """Per unit, per month (the last six, oldest first): total minutes, direct work, direct work with a
    named child, and of that the part with children in the most intensive tier. One query."""
    starts = month_starts(today, months)
    direct = Q(activity=Activity.DIRECT)
    with_child = direct & Q(child__isnull=False)
    rows = (
        TimeEntry.objects.filter(unit__in=list(unit_ids), week_starting__gte=starts[0])
        .annotate(month=TruncMonth("week_starting"))
        .values("unit_id", "month")
        .annotate(
            total=Sum("minutes"),
            direct=Sum("minutes", filter=direct),
            with_child=Sum("minutes", filter=with_child),
            intensive=Sum("minutes", filter=with_child & Q(tier_rank=0)),
        )
        .values_list("unit_id", "month", "total", "direct", "with_child", "intensive")
        .order_by()
    )
    sums: dict = {}
    for unit_id, month, *minutes in rows:  # one row per unit and month, summed by the database
        if hasattr(month, "date"):
            month = month.date()
        sums[(unit_id, month)] = tuple(m or 0 for m in minutes)
    return {
        unit_id: [MonthShare(m, *sums.get((unit_id, m), (0, 0, 0, 0))) for m in starts]
        for unit_id in unit_ids
    }


def combine(shares: list[list[MonthShare]], today: datetime.date) -> list[MonthShare]:
    """Months summed over several units."""
    starts = month_starts(today)
    out = []
    for i, month in enumerate(starts):
        parts = [s[i] for s in shares if len(s) > i]
        out.append(
            MonthShare(
                month,
                sum(p.total for p in parts),
                sum(p.direct for p in parts),
                sum(p.direct_with_child for p in parts),
                sum(p.intensive for p in parts),
            )
        )
    return out


def chart(months: list[MonthShare], key: str, name: str) -> dict:
    """Bars for components-like SVG charts (0-100%), with the table rows beside them."""
    width = 600 / max(len(months), 1)
    bars, rows = [], []
    for i, m in enumerate(months):
        value = getattr(m, key)
        height = round(150 * (value or 0) / 100)
        bars.append(
            {
                "x": round(i * width + 4),
                "y": 160 - height,
                "width": round(width - 8),
                "height": height,
                "label": m.label,
            }
        )
        rows.append((m.label, "No time logged" if value is None else f"{value}%"))
    return {"key": key, "name": name, "bars": bars, "rows": rows}
