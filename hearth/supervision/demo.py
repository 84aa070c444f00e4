"""Demo supervision: agreements for every unit member, six months of reflective supervision (some
workers overdue), private reflections, decisions on children's chronologies, practice observations
and mentoring. How many of a unit's workers are overdue, and how often its practitioners are observed,
follow the unit's practice profile ("supervision"; organisation/demo.py).

Deterministic (a random number generator seeded by the unit's code; dates relative to the day of
seeding), synthetic, and idempotent per unit: a unit any of whose members already has a supervision
agreement is left alone, so re-running adds nothing and a small authority grown to large gets the new
units only. Rows are written with bulk_create, with ids assigned here so that they can refer to each
other (the large authority takes a few seconds).
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core.roles import OrgRole, UnitRole
from hearth.organisation.demo import practice_profile
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child

from .models import (
    Attendance,
    CaseDiscussion,
    Frequency,
    Mentoring,
    MentoringGoal,
    MentoringNote,
    Observation,
    ObservationRating,
    PracticeCriterion,
    PrivateReflection,
    SessionKind,
    SupervisionAgreement,
    SupervisionSession,
)
from .services import DECISION_TITLE

HISTORY_DAYS = 183
#: The practitioners whose practice is observed (as the health check counts them).
OBSERVED_ROLES = (
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
    UnitRole.FAMILY_SUPPORT_WORKER,
    UnitRole.STUDENT,
)
#: The demo social worker is overdue, so that trainers can show it on their work list.
ALWAYS_OVERDUE = {"social-worker@demo.hearth.test"}
CASE_HOLDING = {
    UnitRole.CONSULTANT_SOCIAL_WORKER,
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
    UnitRole.STUDENT,
}

FOCUS = [
    "We talked about holding uncertainty when a family's story keeps changing, and about staying curious.",
    "Reflected on how the worker builds relationships with teenagers who do not want a social worker.",
    "Thought together about the difference between a worry and a risk, and how we write each down.",
    "We looked at the worker's use of genograms and how the unit meeting could help test hypotheses.",
    "Talked about learning from a visit that went badly, without blame, and what the worker would try next.",
    "Reflected on working with fathers who are hard to reach and what gets in the way.",
    "We discussed the worker's development: leading a family group conference and presenting at the unit meeting.",
    "Thought about the emotional weight of the cases this month and how the unit shares it.",
]
WELLBEING = [
    "Busy but managing; the unit has been supportive.",
    "Tired after a week of court work; agreed a protected afternoon for recording.",
    "Feeling more confident; enjoying the direct work.",
    "Worried about one family over the weekend; agreed to talk it through with the consultant on Monday.",
    "",
]
HAPPENING = [
    "Mother is finding the evenings hard and the children's routines have slipped.",
    "School attendance has dropped since the move and the eldest seems withdrawn.",
    "Father has returned to the home and the family say things are calmer.",
    "Grandmother is doing more of the care and is tired.",
    "The young person is spending nights away from home and will not say where.",
]
EVIDENCE = [
    "What the children told me on the last two visits; the school's attendance record.",
    "Mother's own account, and the health visitor's notes.",
    "I saw the home twice this month; the nursery reports the child is often hungry.",
    "",
]
OTHER = [
    "It could be a reaction to the house move rather than anything at home.",
    "Perhaps mother's low mood is driving this; or the children are reacting to father's return.",
    "The young person may be being exploited; or may be staying with a friend to escape arguments.",
    "",
]
FEELINGS = [
    "I feel protective of mother and notice I may be missing the children's view.",
    "I am anxious about this family and check my phone at the weekend.",
    "I feel stuck: every plan we make falls through.",
    "",
]
TRY = [
    "Use the three houses tool with the children on my own.",
    "Invite father to a meeting on his own to hear his view.",
    "Ask the clinician to join the next visit.",
    "Draw a genogram with grandmother.",
]
DECISIONS = [
    "Refer to the family support service for help with evening routines.",
    "Hold a family group conference within four weeks.",
    "Ask the clinician to offer family sessions.",
    "Visit weekly for the next month and review at the unit meeting.",
    "Share the exploitation worries with the police and the missing-from-home coordinator.",
    "Step down to early help if the next two visits show the routines are holding.",
]
PRIVATE = [
    "I said I was worried I am not good enough at this; we talked about where that comes from.",
    "Something in this family reminds me of my own childhood and I want to keep an eye on that.",
    "I have been finding it hard to say no to extra work; we agreed I can bring that here.",
    "I felt criticised at the last core group; we thought about how to raise it.",
]
REFLECTIONS = [
    "I am taking away the idea of holding two stories at once.",
    "Useful to slow down; I will write my hypotheses before the next visit.",
    "I want to try the genogram with the family next week.",
    "",
]
OBSERVATION_CONTEXT = [
    "A planned home visit with mother and two children.",
    "A core group meeting at school.",
    "Direct work with a young person in the park.",
]
OBSERVATION_COMMENTS = [
    "The child clearly trusts the worker and talked freely.",
    "Strengths were named first and the family agreed.",
    "Good questions; more than one explanation was explored.",
    "The family's own goals led the conversation.",
    "The record was written the same day in the family's words.",
]
MENTORING_GOALS = [
    "Lead a family group conference",
    "Present a case at the unit meeting using hypotheses",
    "Complete the systemic practice foundation course",
    "Co-work a court case with the consultant",
]


class _Ids:
    def __init__(self, model):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.next = (last or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def _insert(model, objects: list, now) -> None:
    """Write model instances in one executemany per table (bulk_create's per-value work is most of the
    time at the large scale). Dates and times go through the field's own preparation for the database;
    ids are the instances' own when set, else the database's."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objects[0].pk is None)]
    stamped = {
        f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    dated = {f.attname: f for f in fields if isinstance(f, models.DateField)}  # dates and date-times
    rows = []
    for obj in objects:
        row = []
        for f in fields:
            value = now if f.attname in stamped else getattr(obj, f.attname)
            if value is not None and f.attname in dated:
                value = dated[f.attname].get_db_prep_save(value, connection)
            row.append(value)
        rows.append(row)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
            rows,
        )


def _reset_sequences(*models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))",  # noqa: S608
                [table],
            )


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        counts = _seed(timezone.now())
    if not counts["units"]:
        return "supervision already present: nothing added"
    return (
        f"{counts['agreements']} agreements, {counts['sessions']} supervision records, {counts['decisions']} "
        f"decisions on chronologies, {counts['observations']} observations and {counts['mentoring']} "
        f"mentoring relationships created in {time.perf_counter() - started:.1f} s"
    )


class _Plan:
    def __init__(self, now):
        self.now = now
        self.today = timezone.localdate(now)
        self.agreements: list[SupervisionAgreement] = []
        self.sessions: list[SupervisionSession] = []
        self.attendances: list[Attendance] = []
        self.discussions: list[CaseDiscussion] = []
        self.private: list[PrivateReflection] = []
        self.chronology: list[ChronologyEntry] = []
        self.observations: list[Observation] = []
        self.ratings: list[ObservationRating] = []
        self.mentoring: list[Mentoring] = []
        self.goals: list[MentoringGoal] = []
        self.notes: list[MentoringNote] = []
        self.session_ids = _Ids(SupervisionSession)
        self.discussion_ids = _Ids(CaseDiscussion)
        self.observation_ids = _Ids(Observation)
        self.mentoring_ids = _Ids(Mentoring)

    def session(self, rng, supervisor, supervisees, day, *, unit_children, private=True):
        session_id = self.session_ids.take()
        kind = SessionKind.ONE_TO_ONE if len(supervisees) == 1 else SessionKind.GROUP
        self.sessions.append(
            SupervisionSession(
                pk=session_id,
                kind=kind,
                supervisor_id=supervisor,
                held_on=day,
                focus=rng.choice(FOCUS),
                wellbeing=rng.choice(WELLBEING) if kind == SessionKind.ONE_TO_ONE else "",
                recorded_by_id=supervisor,
            )
        )
        for person, role, leads in supervisees:
            self.attendances.append(
                Attendance(
                    session_id=session_id,
                    supervisee_id=person,
                    held_on=day,
                    own_reflections=rng.choice(REFLECTIONS),
                    reflections_updated_at=self.now if rng.random() < 0.5 else None,
                )
            )
            if private and kind == SessionKind.ONE_TO_ONE and rng.random() < 0.5:
                self.private.append(
                    PrivateReflection(
                        session_id=session_id,
                        supervisee_id=person,
                        text=rng.choice(PRIVATE),
                        updated_by_id=supervisor,
                    )
                )
            if role not in CASE_HOLDING or not unit_children:
                continue
            pool = leads or unit_children
            for child_id in rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2)))):
                self.discussion(rng, session_id, supervisor, person, child_id, day)

    def discussion(self, rng, session_id, supervisor, person, child_id, day):
        decision = rng.choice(DECISIONS) if rng.random() < 0.7 else ""
        discussion_id = self.discussion_ids.take()
        self.discussions.append(
            CaseDiscussion(
                pk=discussion_id,
                session_id=session_id,
                child_id=child_id,
                brought_by_id=person,
                what_is_happening=rng.choice(HAPPENING),
                evidence=rng.choice(EVIDENCE),
                other_explanations=rng.choice(OTHER),
                effect_on_worker=rng.choice(FEELINGS),
                what_to_try=rng.choice(TRY),
                decision=decision,
                recorded_by_id=supervisor,
            )
        )
        if decision:
            self.chronology.append(
                ChronologyEntry(
                    child_id=child_id,
                    occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0))),
                    kind=EventKind.SUPERVISION,
                    title=DECISION_TITLE,
                    summary=decision,
                    source_type="supervision.casediscussion",
                    source_id=discussion_id,
                )
            )


def _session_days(rng, agreement, today, overdue: bool) -> list[datetime.date]:
    """Supervision dates from the start of the agreement at its frequency; an overdue worker's stop early."""
    days, day = [], agreement.started_on + datetime.timedelta(days=rng.randint(3, 10))
    while day <= today:
        days.append(day)
        following = agreement.effective_frequency(day).next_after(day)
        day = following + datetime.timedelta(days=rng.randint(-4, 2))
    if overdue and days:
        # The last one was more than an interval ago: drop recent ones until it is overdue by 1 to 6 weeks.
        limit = today - datetime.timedelta(days=rng.randint(7, 42))
        while len(days) > 1 and agreement.next_due(days[-1], today) >= limit:
            days.pop()
    return days


def _seed(now) -> dict[str, int]:  # noqa: C901 - one pass over the authority's units
    plan = _Plan(now)
    today = plan.today
    units = list(Unit.objects.active().order_by("pk").values_list("pk", "code", "manager_id"))
    if not units:
        return {"units": 0}
    unit_ids = [pk for pk, _, _ in units]
    members = defaultdict(list)  # unit -> [(user, role, started_on, email)]
    for unit_id, user_id, role, started_on, email in (
        Membership.objects.current()
        .filter(unit__in=unit_ids, user__is_active=True)
        .order_by("unit_id", "role", "user_id")
        .values_list("unit_id", "user_id", "role", "started_on", "user__email")
    ):
        members[unit_id].append((user_id, role, started_on, email))
    with_agreement = set(SupervisionAgreement.objects.values_list("supervisee_id", flat=True))
    new_units = [u for u in units if members[u[0]] and not any(m[0] in with_agreement for m in members[u[0]])]
    if not new_units:
        return {"units": 0}
    children = defaultdict(list)
    leads = defaultdict(list)
    for child_id, unit_id, lead_id in Child.objects.filter(
        allocated_unit__in=[u[0] for u in new_units], restriction=""
    ).values_list("pk", "allocated_unit_id", "lead_worker_id"):
        children[unit_id].append(child_id)
        leads[lead_id].append(child_id)
    psw = (
        get_user_model()
        .objects.filter(org_role=OrgRole.PRINCIPAL_SOCIAL_WORKER, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    handled = set(with_agreement)
    for index, (unit_id, code, manager_id) in enumerate(new_units):
        rng = random.Random(f"hearth-demo-supervision-{code}")  # noqa: S311
        strength = practice_profile(code)["supervision"]
        # A strong unit has nearly everyone supervised on time and its practitioners observed twice a
        # year or more; a struggling one has a third overdue and observations rare.
        overdue_share = max(0.0, 0.4 * (1 - strength) - 0.05)
        unit_members = members[unit_id]
        consultant = next((m[0] for m in unit_members if m[1] == UnitRole.CONSULTANT_SOCIAL_WORKER), None)
        agreements = []
        for user_id, role, started_on, email in unit_members:
            if user_id in handled:
                continue
            supervisor = manager_id if role == UnitRole.CONSULTANT_SOCIAL_WORKER else consultant or manager_id
            if supervisor is None or supervisor == user_id:
                continue
            handled.add(user_id)
            asye = None
            if role == UnitRole.SOCIAL_WORKER and (
                (today - started_on).days < 365 or (rng.random() < 0.2 and email not in ALWAYS_OVERDUE)
            ):
                asye = max(started_on, today - datetime.timedelta(days=rng.randint(60, 300)))
            agreement = SupervisionAgreement(
                supervisor_id=supervisor,
                supervisee_id=user_id,
                frequency=Frequency.SIX_WEEKLY if role == UnitRole.UNIT_COORDINATOR else "",
                asye_started_on=asye,
                started_on=today - datetime.timedelta(days=HISTORY_DAYS + rng.randint(0, 20)),
                made_by_id=manager_id or supervisor,
            )
            plan.agreements.append(agreement)
            overdue = email in ALWAYS_OVERDUE or rng.random() < overdue_share
            agreements.append((agreement, role, overdue))
        last_day = {}
        for agreement, role, overdue in agreements:
            days = _session_days(rng, agreement, today, overdue)
            person = (agreement.supervisee_id, role, leads.get(agreement.supervisee_id, []))
            for day in days:
                plan.session(rng, agreement.supervisor_id, [person], day, unit_children=children[unit_id])
            last_day[agreement.supervisee_id] = days[-1] if days else None
        # Group supervision led by the consultant every eight weeks or so, for those not overdue by then.
        if consultant is not None:
            group = [
                (a.supervisee_id, role, leads.get(a.supervisee_id, []))
                for a, role, _ in agreements
                if a.supervisor_id == consultant
            ]
            day = today - datetime.timedelta(days=HISTORY_DAYS - rng.randint(20, 40))
            while day < today - datetime.timedelta(days=7):
                present = [p for p in group if last_day.get(p[0]) and last_day[p[0]] >= day]
                if len(present) >= 2:
                    plan.session(
                        rng, consultant, present, day, unit_children=children[unit_id], private=False
                    )
                day += datetime.timedelta(days=rng.randint(49, 63))
        # Practice observations: the consultant observes a social worker; the team manager the consultant.
        pairs = []
        worker = next((m[0] for m in unit_members if m[1] == UnitRole.SOCIAL_WORKER), None)
        if consultant and worker:
            pairs.append((consultant, worker, 75))
        if manager_id and consultant:
            pairs.append((manager_id, consultant, 40))
        if consultant:
            practitioners = [m[0] for m in unit_members if m[1] in OBSERVED_ROLES]
            for _ in range(round((0.3 + 2.2 * strength) * len(practitioners)) - (1 if worker else 0)):
                pairs.append((consultant, rng.choice(practitioners), rng.randint(5, 330)))
        for observer, observed, days_ago in pairs:
            observation_id = plan.observation_ids.take()
            responded = rng.random() < 0.6
            plan.observations.append(
                Observation(
                    pk=observation_id,
                    observer_id=observer,
                    observed_id=observed,
                    observed_on=today - datetime.timedelta(days=days_ago + rng.randint(0, 20)),
                    setting=rng.choice(("home-visit", "direct-work", "meeting")),
                    context=rng.choice(OBSERVATION_CONTEXT),
                    summary="Warm, purposeful practice. Next: bring the family's own words into the plan.",
                    response="Thank you: I will try writing the plan with the family in the room."
                    if responded
                    else "",
                    responded_at=now if responded else None,
                )
            )
            for criterion, comment in zip(PracticeCriterion, OBSERVATION_COMMENTS, strict=True):
                plan.ratings.append(
                    ObservationRating(
                        observation_id=observation_id,
                        criterion=criterion.value,
                        grade=rng.choices(("outstanding", "good", "requires-improvement"), weights=(2, 6, 2))[
                            0
                        ],
                        comments=comment if rng.random() < 0.7 else "",
                    )
                )
        # Mentoring: the consultant mentors the child practitioner; the PSW mentors the first consultants.
        mentee = next((m[0] for m in unit_members if m[1] == UnitRole.CHILD_PRACTITIONER), None)
        pairs = [(consultant, mentee)] if consultant and mentee else []
        if psw and consultant and index < 3:
            pairs.append((psw, consultant))
        for mentor, person in pairs:
            mentoring_id = plan.mentoring_ids.take()
            started = today - datetime.timedelta(days=rng.randint(60, 150))
            plan.mentoring.append(
                Mentoring(pk=mentoring_id, mentor_id=mentor, mentee_id=person, started_on=started)
            )
            for n, goal in enumerate(rng.sample(MENTORING_GOALS, k=2)):
                plan.goals.append(
                    MentoringGoal(
                        mentoring_id=mentoring_id,
                        text=goal,
                        achieved_on=today - datetime.timedelta(days=10)
                        if n == 0 and rng.random() < 0.5
                        else None,
                    )
                )
            for weeks in (2, 8):
                plan.notes.append(
                    MentoringNote(
                        mentoring_id=mentoring_id,
                        author_id=mentor if weeks == 2 else person,
                        written_on=started + datetime.timedelta(weeks=weeks),
                        text="Talked about how to prepare; agreed to co-work the next one."
                        if weeks == 2
                        else "I led most of it and felt ready. Next: do it on my own.",
                    )
                )
    for model, objects in (
        (SupervisionAgreement, plan.agreements),
        (SupervisionSession, plan.sessions),
        (Attendance, plan.attendances),
        (CaseDiscussion, plan.discussions),
        (PrivateReflection, plan.private),
        (ChronologyEntry, plan.chronology),
        (Observation, plan.observations),
        (ObservationRating, plan.ratings),
        (Mentoring, plan.mentoring),
        (MentoringGoal, plan.goals),
        (MentoringNote, plan.notes),
    ):
        _insert(model, objects, now)
    _reset_sequences(SupervisionSession, CaseDiscussion, Observation, Mentoring)
    return {
        "units": len(new_units),
        "agreements": len(plan.agreements),
        "sessions": len(plan.sessions),
        "decisions": len(plan.chronology),
        "observations": len(plan.observations),
        "mentoring": len(plan.mentoring),
    }
