"""Reads for the lists of children: my work, a unit's caseload and search.

Every queryset starts from `Child.objects.visible_to(user)`, so a restricted child or a child of another
unit never appears. Each list is a fixed number of queries whatever the number of children: open
episodes are `Exists` subqueries, the unit and lead worker come in by `select_related`.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.functions import Upper
from django.utils import timezone

from hearth.core import extensions
from hearth.core.calendar import is_working_day
from hearth.core.lookups import pg_array
from hearth.organisation.models import Unit
from hearth.people.models import Child
from hearth.people.validators import normalise_nhs_number, normalise_upn

from ..models import Assessment, ChildInNeedPlan, ChildProtectionPlan, LookedAfterEpisode, Referral

# --- open episodes -------------------------------------------------------------------------------

CP_PLAN = "cp-plan"
CIN_PLAN = "cin-plan"
LOOKED_AFTER = "looked-after"
ASSESSMENT = "assessment"
REFERRAL = "referral"


def open_kinds_by_child(child_ids) -> dict[int, frozenset[str]]:
    """The kinds of open episode (CP plan, CIN plan, looked after, assessment, referral) of each child.

    One query for the children of one page, however large the authority. A plan or assessment is open
    only under an open referral (`Referral.close` refuses otherwise), so the query starts from the
    children's open referrals (one index probe each) and asks of each whether it has an open plan or
    assessment (partial indexes on the open rows); looked-after episodes stand on their own.
    """
    ids = [int(pk) for pk in child_ids]
    if not ids:
        return {}
    # Plain SQL: the same query built with the ORM cost more to compile than to run. Table names come
    # from the models and the ids are bound parameters (hence the S608 exemptions).
    referral, cp, cin = (
        Referral._meta.db_table,
        ChildProtectionPlan._meta.db_table,
        ChildInNeedPlan._meta.db_table,
    )
    assessment, looked_after = Assessment._meta.db_table, LookedAfterEpisode._meta.db_table
    connection = connections[Referral.objects.db]
    if connection.vendor == "postgresql":  # one array parameter, however many children
        member, params = "= ANY(%s::bigint[])", [pg_array(ids)] * 2
    else:
        member, params = "IN (" + ", ".join(["%s"] * len(ids)) + ")", ids * 2

    def has(table: str, open_when: str) -> str:
        # A scalar subquery with LIMIT 1 is probed per referral through the partial index; PostgreSQL
        # turns an EXISTS here into a hash of every open row of the authority instead.
        return f"COALESCE((SELECT 1 FROM {table} x WHERE x.referral_id = r.id AND x.{open_when} LIMIT 1), 0)"  # noqa: S608

    sql = (
        f"SELECT r.child_id, 1, {has(cp, 'cpp_end_date IS NULL')}, {has(cin, 'cin_plan_end_date IS NULL')}, "  # noqa: S608
        f"{has(assessment, 'assessment_authorisation_date IS NULL AND x.withdrawn_on IS NULL')}, 0 "
        f"FROM {referral} r WHERE r.cin_closure_date IS NULL AND r.child_id {member} "
        f"UNION ALL SELECT e.child_id, 0, 0, 0, 0, 1 FROM {looked_after} e "
        f"WHERE e.dec IS NULL AND e.child_id {member}"
    )
    kinds: dict[int, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for child_id, *flags in cursor.fetchall():
            found = kinds.setdefault(child_id, set())
            found.update(kind for kind, on in zip(_KIND_COLUMNS, flags, strict=True) if on)
    return {child_id: frozenset(found) for child_id, found in kinds.items()}


_KIND_COLUMNS = (REFERRAL, CP_PLAN, CIN_PLAN, ASSESSMENT, LOOKED_AFTER)


# --- visits --------------------------------------------------------------------------------------

#: Days before the due date when a visit shows as "due soon".
DUE_SOON_DAYS = 3


@functools.lru_cache(maxsize=8192)
def add_working_days(day: datetime.date, working_days: int) -> datetime.date:
    """`day` plus a number of working days: Monday to Friday, less the bank holidays of England and
    Wales (hearth.core.calendar, updated by the authority each year).

    Remembered: lists work out due dates for thousands of children whose last visits share a few
    hundred days, and the calendar does not change while the process runs."""
    while working_days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            working_days -= 1
    return day


def next_visit_due(child, open_kinds, interval: int | None = None) -> datetime.date | None:
    """The date by which the child should next be visited, from their last visit.

    For now a fixed local policy: within 10 working days for a child on a child protection plan, within
    6 weeks for a looked-after child, within 20 working days for a child in need and every other child.
    When several apply, the soonest wins. A child with no visit recorded has no due date (they need a
    visit now). When the intensity tiers give the child an interval (`interval`, in working days, from
    `hearth.core.extensions.visit_intervals`), that interval is the rule; the fixed policy above is the
    fallback when no tiers are installed. Keep this the one place the rule lives.
    """
    if child.last_visit_at is None:
        return None
    last = timezone.localdate(child.last_visit_at)
    if interval is not None:
        return add_working_days(last, interval)
    due = []
    if CP_PLAN in open_kinds:
        due.append(add_working_days(last, 10))
    if LOOKED_AFTER in open_kinds:
        due.append(last + datetime.timedelta(weeks=6))
    if CIN_PLAN in open_kinds or not due:
        due.append(add_working_days(last, 20))
    return min(due)


def visit_status(due: datetime.date | None, today: datetime.date) -> str:
    """How a due date looks on a list: overdue (red), due soon (yellow: within DUE_SOON_DAYS days),
    none recorded (no visit yet: red), or nothing to flag (an empty string)."""
    if due is None:
        return "none-recorded"
    if due < today:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due-soon"
    return ""


# --- my work and unit caseloads -------------------------------------------------------------------

#: The columns a list row shows (hearth/cases/views/lists.case_row and the list templates): loading
#: only these keeps building fifty rows cheap.
LIST_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "expected_date_of_birth",
    "la_child_id",
    "restriction",
    "uasc",
    "last_visit_at",
    "allocated_unit__id",
    "allocated_unit__name",
    "allocated_unit__code",
    "lead_worker__id",
    "lead_worker__full_name",
    "lead_worker__email",
)


def caseload(user, unit_ids, *, lead_only: bool = False) -> QuerySet:
    """Children of the given units that this person may see, ordered by unit then name (so that a page
    groups by unit). Their open episodes come from `open_kinds_by_child` for the page shown."""
    children = (
        Child.objects.visible_to(user)
        .filter(allocated_unit__in=unit_ids)
        .select_related("allocated_unit", "lead_worker")
        .only(*LIST_FIELDS)
        .order_by("allocated_unit__name", "allocated_unit_id", "last_name", "first_name", "pk")
    )
    if lead_only:
        children = children.filter(lead_worker=user)
    return children


def unit_by_code(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


@dataclass(frozen=True)
class CaseloadTotals:
    children: int
    open_cp_plans: int
    looked_after: int
    overdue_visits: int
    members: int
    #: Each child's interval between visits from the intensity tiers (empty when none are installed).
    intervals: dict = field(default_factory=dict, compare=False, repr=False)
    #: Each child's open episodes, for the page of the caseload shown with the totals.
    open_kinds: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def children_per_member(self) -> str:
        if not self.members:
            return "No members"
        return f"{self.children / self.members:.1f}"


def caseload_totals(user, unit: Unit, today: datetime.date | None = None) -> CaseloadTotals:
    """Totals for a unit's caseload, of the children this person may see. Three queries: one row per child
    of the unit (a unit holds tens of children), their open episodes and the count of current members."""
    today = today or timezone.localdate()
    rows = list(Child.objects.visible_to(user).filter(allocated_unit=unit).only("pk", "last_visit_at"))
    open_kinds = open_kinds_by_child(child.pk for child in rows)
    intervals = extensions.visit_intervals([child.pk for child in rows], open_kinds)
    children = cp = la = overdue = 0
    for child in rows:
        kinds = open_kinds.get(child.pk, frozenset())
        children += 1
        cp += CP_PLAN in kinds
        la += LOOKED_AFTER in kinds
        due = next_visit_due(child, kinds, intervals.get(child.pk))
        overdue += visit_status(due, today) in {"overdue", "none-recorded"}
    members = unit.memberships.current().count()
    return CaseloadTotals(children, cp, la, overdue, members, intervals=intervals, open_kinds=open_kinds)


# --- search --------------------------------------------------------------------------------------

MIN_QUERY_LENGTH = 2
TRIGRAM = 3
NAME, DATE_OF_BIRTH, IDENTIFIER = "name", "dob", "identifier"

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class QueryError(ValueError):
    """A search that cannot run, with the reason in plain English."""


@dataclass(frozen=True)
class ChildQuery:
    kind: str  # NAME, DATE_OF_BIRTH or IDENTIFIER
    text: str
    words: tuple[str, ...] = ()
    date: datetime.date | None = None


def parse_child_query(text: str) -> ChildQuery:
    """What a search box query means: a date of birth (dd/mm/yyyy or yyyy-mm-dd), an identifier (it has
    a digit: LA child ID, UPN or NHS number, spaces ignored) or a name (words in any order)."""
    text = " ".join((text or "").split())
    if not text:
        raise QueryError("Enter a name, date of birth, LA child ID, UPN or NHS number")
    if len(text) < MIN_QUERY_LENGTH:
        raise QueryError(f"Enter at least {MIN_QUERY_LENGTH} characters to search")
    uk, iso = _UK_DATE.match(text), _ISO_DATE.match(text)
    if uk or iso:
        day, month, year = (int(g) for g in uk.groups()) if uk else reversed([int(g) for g in iso.groups()])
        try:
            return ChildQuery(DATE_OF_BIRTH, text, date=datetime.date(year, month, day))
        except ValueError:
            raise QueryError("Enter a real date of birth, like 27/03/2015") from None
    if any(ch.isdigit() for ch in text):
        return ChildQuery(IDENTIFIER, text)
    return ChildQuery(NAME, text, words=tuple(text.split(" ")[:5]))


def _matches(query: ChildQuery) -> Q:
    if query.kind == DATE_OF_BIRTH:
        return Q(date_of_birth=query.date)  # one indexed column (child_dob); not expected dates
    if query.kind == IDENTIFIER:
        compact = "".join(query.text.split())
        match = Q(la_child_id__in={query.text, compact, compact.upper()}) | Q(upn=normalise_upn(compact))
        nhs = normalise_nhs_number(compact)
        if nhs.isdigit():
            match |= Q(nhs_number=nhs)
        return match
    # Each word matches the first or the last name, so "first last" and "last first" both find a child.
    # A word of three letters or more matches anywhere in the name, a shorter one the start of it. Both
    # lookups are UPPER(name) LIKE UPPER(...), which the trigram indexes of cases 0002 serve on PostgreSQL
    # (a pattern anchored at the start gives trigrams even for two letters).
    match = Q()
    for word in query.words:
        lookup = "icontains" if len(word) >= TRIGRAM else "istartswith"
        match &= Q(**{f"first_name__{lookup}": word}) | Q(**{f"last_name__{lookup}": word})
    return match


def search_children(user, query: ChildQuery) -> QuerySet:
    """Children this person may see who match the query (open episodes: `open_kinds_by_child`).

    Ordered by name case-insensitively: besides sorting "de Souza" among the Ds, this keeps PostgreSQL
    from walking the whole name index in order to fill a page, when reading the few matches through the
    trigram indexes and sorting them is far cheaper.
    """
    return (
        Child.objects.visible_to(user)
        .filter(_matches(query))
        .select_related("allocated_unit", "lead_worker")
        .only(*LIST_FIELDS)
        .order_by(Upper("last_name"), Upper("first_name"), "pk")
    )
