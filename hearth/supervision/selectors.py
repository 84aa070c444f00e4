"""Reads for supervision pages. Each is a fixed number of queries, whatever the size of the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.utils import timezone

from hearth.cases.models import Note, NoteChild, NoteKind, NoteStatus
from hearth.core.roles import MANAGING_ROLES, OrgRole, UnitRole
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child

from .lines import line_reports_q, report_subqueries
from .models import (
    DUE_SOON_DAYS,
    Attendance,
    CaseDiscussion,
    Mentoring,
    MentoringNote,
    Observation,
    PrivateReflection,
    SupervisionAgreement,
    SupervisionSession,
)

# --- line management ---------------------------------------------------------------------------


def line_report_ids(user) -> frozenset[int]:
    """The people `user` line-manages (one query, kept on the user object for the request)."""
    cached = getattr(user, "_supervision_line_reports", None)
    if cached is not None:
        return cached
    if not (user and user.is_authenticated) or not user.managed_unit_ids:
        cached = frozenset()
    else:
        members, team_managers, service_managers = report_subqueries(user)
        ids = (
            members.order_by()
            .values_list("user_id", flat=True)
            .union(
                team_managers.order_by().values_list("manager_id", flat=True),
                service_managers.order_by().values_list("service_manager_id", flat=True),
            )
        )
        cached = frozenset(ids)
    user._supervision_line_reports = cached
    return cached


def current_unit_ids(person) -> list[int]:
    return list(Membership.objects.current().filter(user=person).values_list("unit_id", flat=True))


def line_managers_of(person) -> list:
    """The person's line managers, by name (for the agreement page)."""
    managers = list(
        Unit.objects.active()
        .filter(memberships__in=Membership.objects.current().filter(user=person))
        .exclude(manager=None)
        .exclude(manager=person)
        .select_related("manager")
    )
    managers += list(
        Unit.objects.active()
        .filter(manager=person)
        .exclude(service_area__service_manager=None)
        .select_related("service_area__service_manager")
    )
    people = {}
    for unit in managers:
        manager = unit.manager if unit.manager_id != person.pk else unit.service_area.service_manager
        people[manager.pk] = manager
    return sorted(people.values(), key=lambda p: p.full_name)


def default_supervisor(supervisee):
    """Unit members are supervised by their unit's consultant social worker; consultants by the unit's
    team manager. None when the unit has neither."""
    memberships = (
        Membership.objects.current()
        .filter(user=supervisee, unit__is_active=True)
        .select_related("unit__manager")
        .order_by("started_on", "pk")
    )
    for membership in memberships:
        unit = membership.unit
        if membership.role != UnitRole.CONSULTANT_SOCIAL_WORKER:
            consultant = (
                Membership.objects.current()
                .filter(unit=unit, role=UnitRole.CONSULTANT_SOCIAL_WORKER)
                .exclude(user=supervisee)
                .select_related("user")
                .order_by("started_on", "pk")
                .first()
            )
            if consultant is not None:
                return consultant.user
        if unit.manager_id and unit.manager_id != supervisee.pk:
            return unit.manager
    return None


# --- who a person may arrange supervision for, observe or mentor --------------------------------


def people_in_units(unit_ids, *, exclude=None):
    users = get_user_model().objects.filter(
        is_active=True, pk__in=Membership.objects.current().filter(unit__in=unit_ids).values("user_id")
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.order_by("full_name")


def arrangeable_people(user):
    """Managers: everyone they line-manage. Consultants: the other members of the units they lead."""
    User = get_user_model()
    q = Q(pk__in=[])
    if user.org_role in MANAGING_ROLES:
        reports = line_reports_q(user, "pk")
        if reports is not None:
            q |= reports
    led = [unit_id for unit_id, role in user.unit_roles.items() if role == UnitRole.CONSULTANT_SOCIAL_WORKER]
    if led:
        q |= Q(pk__in=Membership.objects.current().filter(unit__in=led).values("user_id"))
    return User.objects.filter(q, is_active=True).exclude(pk=user.pk).order_by("full_name")


def possible_supervisors(user):
    """The maker, consultants and team managers of the maker's units, and the managers above them."""
    User = get_user_model()
    units = user.reach_unit_ids
    consultants = Membership.objects.current().filter(unit__in=units, role=UnitRole.CONSULTANT_SOCIAL_WORKER)
    managers = Unit.objects.filter(pk__in=units).exclude(manager=None)
    return User.objects.filter(
        Q(pk=user.pk) | Q(pk__in=consultants.values("user_id")) | Q(pk__in=managers.values("manager_id")),
        is_active=True,
    ).order_by("full_name")


def observable_people(user):
    """Whom a senior may observe or mentor: the PSW anyone in a unit; others the people of their units."""
    if user.org_role == OrgRole.PRINCIPAL_SOCIAL_WORKER:
        return people_in_units(Unit.objects.active().values("pk"), exclude=user)
    return people_in_units(user.reach_unit_ids, exclude=user)


# --- supervision status ------------------------------------------------------------------------


@dataclass
class Status:
    person: object
    agreement: SupervisionAgreement | None
    last_held: datetime.date | None
    last_session_id: int | None
    next_due: datetime.date | None
    state: str  # overdue, due-soon, up-to-date, no-agreement
    is_report: bool = False
    may_open_last: bool = False
    supervised_by_viewer: bool = False

    @property
    def tag(self) -> tuple[str, str]:
        return {
            "overdue": ("Overdue", "red"),
            "due-soon": ("Due soon", "yellow"),
            "up-to-date": ("Up to date", "green"),
            "no-agreement": ("No agreement", "grey"),
        }[self.state]

    @property
    def relation(self) -> str:
        if self.supervised_by_viewer and self.is_report:
            return "You supervise and line-manage"
        return "You supervise" if self.supervised_by_viewer else "You line-manage"


def status_of(agreement, last_held, today) -> tuple[datetime.date | None, str]:
    if agreement is None:
        return None, "no-agreement"
    due = agreement.next_due(last_held, today)
    if due < today:
        return due, "overdue"
    if due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return due, "due-soon"
    return due, "up-to-date"


STATE_ORDER = {"overdue": 0, "due-soon": 1, "no-agreement": 2, "up-to-date": 3}


def _latest_attendance():
    return Attendance.objects.filter(supervisee=OuterRef("pk")).order_by("-held_on", "-session_id")


def supervision_overview(user, today: datetime.date) -> tuple[Status | None, list[Status]]:
    """The person's own supervision, and everyone they supervise or line-manage (overdue first).

    Three queries whatever the number of people and records: open agreements, people with their latest
    supervision, and (for managers) the line reports.
    """
    reports_on_supervisee = line_reports_q(user, "supervisee")
    mine = Q(supervisor=user) | Q(supervisee=user)
    agreements = list(
        SupervisionAgreement.objects.open(today)
        .filter(mine | reports_on_supervisee if reports_on_supervisee is not None else mine)
        .select_related("supervisor")
    )
    by_person = {a.supervisee_id: a for a in agreements}
    reports_on_pk = line_reports_q(user, "pk")
    people_q = Q(pk__in=list(by_person)) | Q(pk=user.pk)
    if reports_on_pk is not None:
        people_q |= reports_on_pk
    latest = _latest_attendance()
    people = (
        get_user_model()
        .objects.filter(people_q, is_active=True)
        .annotate(
            last_held=Subquery(latest.values("held_on")[:1]),
            last_session_id=Subquery(latest.values("session_id")[:1]),
            last_supervisor_id=Subquery(latest.values("session__supervisor_id")[:1]),
            is_report=ExpressionWrapper(reports_on_pk, output_field=BooleanField())
            if reports_on_pk is not None
            else Value(False, output_field=BooleanField()),
        )
        .order_by("full_name")
    )
    own, others = None, []
    for person in people:
        agreement = by_person.get(person.pk)
        due, state = status_of(agreement, person.last_held, today)
        status = Status(
            person=person,
            agreement=agreement,
            last_held=person.last_held,
            last_session_id=person.last_session_id,
            next_due=due,
            state=state,
            is_report=bool(person.is_report),
            may_open_last=person.pk == user.pk
            or bool(person.is_report)
            or person.last_supervisor_id == user.pk,
            supervised_by_viewer=agreement is not None and agreement.supervisor_id == user.pk,
        )
        if person.pk == user.pk:
            own = status
        else:
            others.append(status)
    others.sort(key=lambda s: (STATE_ORDER[s.state], s.person.full_name))
    return own, others


def overdue_agreements(user, today: datetime.date) -> list[tuple[SupervisionAgreement, datetime.date]]:
    """Open agreements overdue where the person is the supervisee, the supervisor or the line manager.

    One query (the person's units are already known to the request).
    """
    q = Q(supervisor=user) | Q(supervisee=user)
    reports = line_reports_q(user, "supervisee")
    if reports is not None:
        q |= reports
    last_held = Attendance.objects.filter(supervisee=OuterRef("supervisee")).order_by("-held_on")
    agreements = (
        SupervisionAgreement.objects.open(today)
        .filter(q)
        .select_related("supervisor", "supervisee")
        .annotate(last_held=Subquery(last_held.values("held_on")[:1]))
    )
    overdue = []
    for agreement in agreements:
        due = agreement.next_due(agreement.last_held, today)
        if due < today:
            overdue.append((agreement, due))
    return overdue


# --- records -------------------------------------------------------------------------------------


def agreement_for_page(user, agreement_id: int) -> SupervisionAgreement | None:
    agreement = (
        SupervisionAgreement.objects.select_related("supervisor", "supervisee", "made_by")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None or not user.has_perm("supervision.view_agreement", agreement):
        return None
    return agreement


def sessions_of(user, supervisee):
    """The supervisee's records this person may open, newest first (a lazy queryset for paging)."""
    return (
        SupervisionSession.objects.visible_to(user)
        .filter(attendances__supervisee=supervisee)
        .select_related("supervisor")
        .annotate(discussion_count=Count("discussions", distinct=True))
        .order_by("-held_on", "-pk")
    )


def last_held(supervisee) -> datetime.date | None:
    return (
        Attendance.objects.filter(supervisee=supervisee)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )


def session_for_page(user, session_id: int) -> SupervisionSession | None:
    session = (
        SupervisionSession.objects.visible_to(user)
        .select_related("supervisor")
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.select_related("supervisee")))
        .filter(pk=session_id)
        .first()
    )
    if session is not None:
        session._attendee_ids = {a.supervisee_id for a in session.attendances.all()}
    return session


def visible_discussions(user, session) -> tuple[list[CaseDiscussion], int]:
    """The children discussed whom this person may see (their records' own rules), and how many are not."""
    discussions = list(
        CaseDiscussion.objects.filter(session=session)
        .annotate(visible=Exists(Child.objects.visible_to(user).filter(pk=OuterRef("child_id"))))
        .select_related("child", "brought_by")
        .order_by("pk")
    )
    shown = [d for d in discussions if d.visible]
    return shown, len(discussions) - len(shown)


def private_reflections_for(user, session) -> list[PrivateReflection]:
    """The private parts this person may read: the supervisor all of the session's, a supervisee their own."""
    return list(
        PrivateReflection.objects.readable_by(user)
        .filter(session=session)
        .select_related("supervisee", "updated_by")
        .order_by("supervisee__full_name")
    )


def own_private_reflection(session, supervisee) -> PrivateReflection | None:
    return PrivateReflection.objects.filter(session=session, supervisee=supervisee).first()


def children_to_discuss(user, session):
    """Children a supervisee in the session may see and the recorder may see: of the supervisees' units."""
    attendees = [a.supervisee for a in session.attendances.all()]
    units = set()
    for person in attendees:
        units |= person.reach_unit_ids
    visible_to_someone_there = Q(pk__in=[])
    for person in attendees:
        visible_to_someone_there |= Q(pk__in=Child.objects.visible_to(person).values("pk"))
    return (
        Child.objects.visible_to(user)
        .filter(allocated_unit__in=units)
        .filter(visible_to_someone_there)
        .order_by("last_name", "first_name")
    )


def supervisees_of(user, today: datetime.date):
    """The people this person supervises under an open agreement (for group supervision)."""
    return (
        get_user_model()
        .objects.filter(
            pk__in=SupervisionAgreement.objects.open(today).filter(supervisor=user).values("supervisee_id")
        )
        .order_by("full_name")
    )


def people_in_session(session):
    return get_user_model().objects.filter(pk__in=session._attendee_ids).order_by("full_name")


def may_open_session(user, session_id: int) -> bool:
    return SupervisionSession.objects.visible_to(user).filter(pk=session_id).exists()


def decision_for_page(discussion_id: int) -> CaseDiscussion | None:
    return (
        CaseDiscussion.objects.exclude(decision="")
        .select_related("session__supervisor", "brought_by")
        .filter(pk=discussion_id)
        .first()
    )


def decisions_for_child(child, limit: int = 5) -> list[CaseDiscussion]:
    return list(
        CaseDiscussion.objects.filter(child=child)
        .exclude(decision="")
        .select_related("session", "brought_by")
        .order_by("-session__held_on", "-pk")[:limit]
    )


# --- observations and mentoring -----------------------------------------------------------------


def observations_for(user):
    return (
        Observation.objects.visible_to(user)
        .select_related("observer", "observed")
        .order_by("-observed_on", "-pk")
    )


def observation_for_page(user, observation_id: int) -> Observation | None:
    return (
        Observation.objects.visible_to(user)
        .select_related("observer", "observed")
        .prefetch_related("ratings")
        .filter(pk=observation_id)
        .first()
    )


def mentoring_for(user):
    return (
        Mentoring.objects.visible_to(user)
        .select_related("mentor", "mentee")
        .annotate(
            goal_count=Count("goals", distinct=True),
            achieved_count=Count("goals", filter=Q(goals__achieved_on__isnull=False), distinct=True),
        )
        .order_by("-started_on", "-pk")
    )


def mentoring_for_page(user, mentoring_id: int) -> Mentoring | None:
    return (
        Mentoring.objects.visible_to(user)
        .select_related("mentor", "mentee")
        .prefetch_related("goals", Prefetch("notes", queryset=MentoringNote.objects.select_related("author")))
        .filter(pk=mentoring_id)
        .first()
    )


# --- senior practice: who does a unit's direct work ---------------------------------------------

DIRECT_WORK_KINDS = (NoteKind.HOME_VISIT, NoteKind.DIRECT_WORK)
DIRECT_WORK_DAYS = 91
SENIOR_ORG_ROLES = {*MANAGING_ROLES, OrgRole.PRINCIPAL_SOCIAL_WORKER}


@dataclass
class DirectWorkShare:
    total: int
    by_seniors: int
    people: list[dict]  # {"name", "senior", "count"}, most first

    @property
    def percent(self) -> int:
        return round(100 * self.by_seniors / self.total) if self.total else 0


def direct_work_share(unit, now: datetime.datetime | None = None) -> DirectWorkShare:
    """Home visits and direct work with the unit's children in the last 3 months, by who did them.

    Seniors are consultant social workers and managers (team, service, head of service) and the
    principal social worker. One query: notes about the unit's children, grouped by author.
    """
    now = now or timezone.now()
    consultant = Membership.objects.current().filter(
        user=OuterRef("author_id"), role=UnitRole.CONSULTANT_SOCIAL_WORKER
    )
    rows = (
        Note.objects.filter(
            status=NoteStatus.FINAL,
            kind__in=DIRECT_WORK_KINDS,
            occurred_at__gte=now - datetime.timedelta(days=DIRECT_WORK_DAYS),
            occurred_at__lte=now,
            pk__in=NoteChild.objects.filter(child__allocated_unit=unit).values("note_id"),
        )
        .annotate(
            senior=ExpressionWrapper(
                Q(author__org_role__in=SENIOR_ORG_ROLES) | Q(Exists(consultant)), output_field=BooleanField()
            )
        )
        .values("author_id", "author__full_name", "senior")
        .annotate(count=Count("pk"))
        .order_by()
    )
    people = sorted(
        ({"name": r["author__full_name"], "senior": bool(r["senior"]), "count": r["count"]} for r in rows),
        key=lambda p: (-p["count"], p["name"]),
    )
    return DirectWorkShare(
        total=sum(p["count"] for p in people),
        by_seniors=sum(p["count"] for p in people if p["senior"]),
        people=people,
    )
