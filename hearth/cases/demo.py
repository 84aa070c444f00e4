"""Demo casework: children in households, episodes of help, allocation, notes and chronologies.

Deterministic (seeded random numbers; dates relative to the day of seeding), synthetic (names drawn
from Faker's en-GB lists) and idempotent (children of a scale carry its own LA child ID prefix, and a
scale that is already there is left alone). The large scale reaches design.md §5: 60,000 children of
whom about 12,000 have an open episode, and about 1,000,000 notes. The biggest tables are written
with PostgreSQL's COPY (executemany on SQLite), with ids assigned here. In units weak on visits (the
practice profile, organisation/demo.py) more children on a protection plan have not been seen lately.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import random
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from faker.providers.person.en_GB import Provider as Names

from hearth.core.roles import UnitRole
from hearth.organisation.demo import practice_profile
from hearth.organisation.models import Membership, Unit
from hearth.people.codes import Ethnicity, RelationshipKind, Sex
from hearth.people.models import Adult, Child, ChildDisability, Household, Relationship

from .codes import (
    AssessmentFactor,
    CategoryOfAbuse,
    LegalStatus,
    Placement,
    PlacementProvider,
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
)
from .demo_looked_after import seed_looked_after_facts
from .models import (
    Allocation,
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChronologyEntry,
    EventKind,
    LookedAfterEpisode,
    Note,
    NoteChild,
    NoteKind,
    Referral,
    Section47,
)

LAST_NAMES = tuple(Names.last_names)


@dataclass(frozen=True)
class CaseScale:
    prefix: str
    open_children: int
    closed_children: int
    notes_per_open_household: tuple[int, int]
    notes_per_closed_household: tuple[int, int]
    long_chronologies: int  # children given about 2,000 chronology entries (for the bench)


SCALES = {
    "small": CaseScale("D", 32, 24, (8, 20), (1, 4), 0),
    "large": CaseScale("L", 12_000, 48_000, (105, 145), (5, 9), 3),
}

NOTE_KINDS = [
    (NoteKind.HOME_VISIT, 30),
    (NoteKind.PHONE_CALL, 25),
    (NoteKind.DIRECT_WORK, 12),
    (NoteKind.MEETING, 12),
    (NoteKind.CASE_DISCUSSION, 10),
    (NoteKind.OBSERVATION, 6),
    (NoteKind.OFFICE_VISIT, 5),
]
VISITS = {NoteKind.HOME_VISIT, NoteKind.DIRECT_WORK, NoteKind.OFFICE_VISIT}
TITLES = {
    NoteKind.HOME_VISIT: ["Home visit", "Unannounced home visit", "Planned home visit"],
    NoteKind.PHONE_CALL: ["Call with school", "Call with mother", "Call with health visitor", "Call with GP"],
    NoteKind.DIRECT_WORK: [
        "Direct work: three houses",
        "Direct work: wishes and feelings",
        "Life story work",
    ],
    NoteKind.MEETING: ["Core group meeting", "Team around the family meeting", "Network meeting"],
    NoteKind.CASE_DISCUSSION: ["Unit case discussion", "Discussion with consultant social worker"],
    NoteKind.OBSERVATION: ["Observation of family time", "Observation at nursery"],
    NoteKind.OFFICE_VISIT: ["Office visit", "Visit at school"],
}
SENTENCES = [
    "The children were at home with their mother, who was warm and attentive.",
    "The home was tidy and there was food in the fridge.",
    "We talked about what is going well since the last visit.",
    "The eldest child said school is better now and they have a new friend.",
    "Mother said she is finding the evenings hard and would like help with routines.",
    "We agreed the next steps in the plan with the family.",
    "The youngest child was playing happily and babbling.",
    "We spoke about the worries raised at the last core group.",
    "Father was not present; he has been invited to the next meeting.",
    "Grandmother is helping with school runs three days a week.",
    "The family would like support with housing repairs.",
    "I saw the child alone in their bedroom; they showed me their drawings.",
]


KIND_CHOICES = [kind for kind, _ in NOTE_KINDS]
KIND_CUM_WEIGHTS = list(itertools.accumulate(weight for _, weight in NOTE_KINDS))
#: Note texts: every ordered choice of three different sentences, picked whole.
BODIES = [" ".join(trio) for trio in itertools.permutations(SENTENCES, 3)]


def _bulk_insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows with explicit ids, fast: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor, _indexes_set_aside(cursor, table, len(rows)):
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)  # noqa: S608


@contextlib.contextmanager
def _indexes_set_aside(cursor, table: str, row_count: int):
    """For a big load on PostgreSQL, drop the table's plain indexes and build them again after.

    Building an index once over sorted data is much faster than growing it row by row. Indexes that
    back constraints (primary key, unique) stay.
    """
    if connection.vendor != "postgresql" or row_count < 100_000:
        yield
        return
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    # Foreign keys are checked at commit; an index cannot be built while checks are pending.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _, definition in indexes:
        cursor.execute(definition)


def _copy_objects(model, objects: list, now: datetime.datetime) -> None:
    """Write model instances with `_bulk_insert`: their own ids when set, else the database's."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objects[0].pk is None)]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objects:
        for f in stamped:
            setattr(obj, f.attname, now)
    rows = [tuple(getattr(obj, f.attname) for f in fields) for obj in objects]
    _bulk_insert(model, [f.column for f in fields], rows)
    if objects[0].pk is not None:
        _reset_sequence(model)


class Ids:
    """Hands out ids for rows written in bulk, continuing each table's sequence."""

    def __init__(self, model):
        self.next = _next_id(model)

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _reset_sequence(model) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))",  # noqa: S608
            [table],
        )


class Builder:
    """Builds the rows of one scale in memory, then writes them table by table."""

    def __init__(self, scale: CaseScale, now: datetime.datetime):
        self.scale = scale
        self.now = now
        self.today = now.date()
        self.rng = random.Random(f"hearth-demo-cases-{scale.prefix}")  # noqa: S311
        self.note_id = _next_id(Note)
        self.notes: list[tuple] = []
        self.note_children: list[tuple] = []
        self.chronology: list[tuple] = []
        self.last_visit: dict[int, datetime.datetime] = {}

    def name(self, sex: str) -> str:
        pool = Names.first_names_female if sex == Sex.FEMALE else Names.first_names_male
        return self.rng.choice(pool)

    def moment(self, days_back_max: int, days_back_min: int = 0) -> datetime.datetime:
        days = self.rng.uniform(days_back_min, days_back_max)
        moment = self.now - datetime.timedelta(days=days)
        return moment.replace(
            hour=self.rng.randint(8, 18), minute=self.rng.choice((0, 15, 30, 45)), second=0, microsecond=0
        )

    def chronicle(self, child_ids, occurred_at, kind, title, summary="", key=False, source=("", None)):
        for child_id in child_ids:
            self.chronology.append((child_id, occurred_at, kind, title, summary, key, source[0], source[1]))

    def add_notes(
        self, child_ids: list[int], count: int, authors: list[int], days_back: int, recent=0.0, lag=0
    ) -> None:
        """`count` notes about the children over the `days_back` days, the share `recent` of them in the
        last four weeks; none in the last `lag` days (a family whose visits have slipped)."""
        rng = self.rng
        lag = min(lag, days_back)
        midnight = self.now.replace(hour=0, minute=0, second=0, microsecond=0)
        kinds = rng.choices(KIND_CHOICES, cum_weights=KIND_CUM_WEIGHTS, k=count)
        for kind in kinds:
            # Open cases are busy lately: a share of their notes (a quarter, more on a protection plan)
            # fall in the last four weeks.
            span = min(28, days_back) if recent and rng.random() < recent else days_back
            # A working-hours slot (08:00 to 17:45) on a day in the span, never in the future.
            days = rng.randint(1, max(1, span))
            if days <= lag:
                days = min(days + lag, days_back)
            occurred = midnight - datetime.timedelta(days=days, minutes=-480 - 15 * rng.randrange(40))
            title = rng.choice(TITLES[kind])
            body = rng.choice(BODIES)
            note_id = self.note_id
            self.note_id += 1
            self.notes.append(
                (
                    note_id,
                    rng.choice(authors),
                    kind,
                    occurred,
                    title,
                    body,
                    "",
                    "final",
                    occurred,
                    1,
                    occurred,
                    occurred,
                )
            )
            seen = kind in VISITS
            for child_id in child_ids:
                self.note_children.append((note_id, child_id, seen, seen and rng.random() < 0.4))
                if seen and (child_id not in self.last_visit or occurred > self.last_visit[child_id]):
                    self.last_visit[child_id] = occurred
            self.chronicle(
                child_ids, occurred, EventKind.NOTE, title, body[:120], False, ("cases.note", note_id)
            )


def _unit_members(units: list[Unit]) -> dict[int, list[int]]:
    members: dict[int, list[int]] = {u.pk: [] for u in units}
    case_holding = {
        UnitRole.CONSULTANT_SOCIAL_WORKER,
        UnitRole.SOCIAL_WORKER,
        UnitRole.CHILD_PRACTITIONER,
    }
    for unit_id, user_id, role in (
        Membership.objects.current().filter(unit__in=units).values_list("unit_id", "user_id", "role")
    ):
        if role in case_holding:
            members[unit_id].append(user_id)
    return members


def _census_safe_referral(referred, group, now, *, recent: bool = False):
    """A referral date the CIN census accepts: no more than 40 weeks before the youngest child's (expected)
    birth (rule 8606), and, for an assessment still open, in the current census year (rule 8736: an
    assessment lasts weeks, not years). Uses no random draws, so the rest of the plan is unchanged."""
    births = [c.date_of_birth or c.expected_date_of_birth for c in group]
    births = [b for b in births if b]
    if births:
        earliest = max(births) - datetime.timedelta(days=200)
        if referred.date() < earliest:
            referred = datetime.datetime.combine(earliest, referred.timetz())
    if recent:
        referred = now - datetime.timedelta(days=5 + (now - referred).days % 35)
    return referred


def _demo_disabilities(children) -> list[ChildDisability]:
    """Every born child's disability as the CIN census asks (rule 8540): most have none ("NONE")."""
    codes = {0: "LD", 1: "AUT", 2: "COMM", 3: "BEH"}
    return [
        ChildDisability(child_id=c.pk, code=codes.get(c.pk % 13, "NONE"))
        for c in children
        if c.date_of_birth is not None
    ]


def seed(scale: str, password: str) -> str:
    config = SCALES[scale]
    if Child.objects.filter(la_child_id__startswith=config.prefix).exists():
        with transaction.atomic():  # the SSDA903 facts, if the casework came before them
            facts = seed_looked_after_facts(timezone.localdate())
        return "casework already present: nothing added" + (f" but {_summary(facts)}" if facts else "")
    started = time.perf_counter()
    with transaction.atomic():
        counts = _seed(config)
        facts = seed_looked_after_facts(timezone.localdate())
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner judges the new tables empty and picks poor plans for a while.
        # Rows written in bulk sit in the GIN (trigram) indexes' pending lists until autovacuum merges
        # them; until then a name search reads the whole list (60 ms instead of 1 ms on the large
        # authority) and the planner prefers a scan of the table. Merge them now.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT gin_clean_pending_list(c.oid::regclass) FROM pg_class c "
                "JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_am a ON a.oid = c.relam "
                "WHERE a.amname = 'gin' AND c.relnamespace = 'public'::regnamespace"
            )
            cursor.execute("ANALYZE")
    return (
        f"{counts['children']} children ({counts['open']} open), {counts['notes']} notes and "
        f"{counts['chronology']} chronology entries, {_summary(facts)} created in "
        f"{time.perf_counter() - started:.1f} s"
    )


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {what}" for what, n in counts.items()) or "no looked-after facts"


def _seed(config: CaseScale) -> dict[str, int]:  # noqa: C901 - one pass over a generated authority
    units = list(Unit.objects.active().order_by("pk"))
    if not units:
        return {"children": 0, "open": 0, "notes": 0, "chronology": 0}
    members = _unit_members(units)
    all_authors = [user_id for ids in members.values() for user_id in ids] or list(
        get_user_model().objects.order_by("pk").values_list("pk", flat=True)[:1]
    )
    builder = Builder(config, timezone.now())
    rng = builder.rng
    # Children on a protection plan are seen more often lately than others, the more so in units strong
    # on visits; in units weak on visits more of them have not been seen lately (the practice profile,
    # organisation/demo.py). A generator of its own leaves the rest of the plan as it was.
    slipping = random.Random(f"hearth-demo-cases-visits-{config.prefix}")  # noqa: S311
    visits = {u.pk: practice_profile(u.code)["visits"] for u in units}
    late_share = {u: min(0.5, max(0.0, 0.45 - 0.55 * s)) for u, s in visits.items()}

    # 1. Households of siblings (one to four children), open ones spread over the units.
    households: list[tuple[bool, int | None, int]] = []  # (open, unit id, size)
    total_open = total_closed = 0
    unit_cycle = 0
    while total_open < config.open_children:
        size = min(rng.choices((1, 2, 3, 4), weights=(45, 30, 17, 8))[0], config.open_children - total_open)
        households.append((True, units[unit_cycle % len(units)].pk, size))
        unit_cycle += 1
        total_open += size
    while total_closed < config.closed_children:
        size = min(rng.choices((1, 2, 3), weights=(55, 30, 15))[0], config.closed_children - total_closed)
        households.append((False, None, size))
        total_closed += size

    children: list[Child] = []
    household_children: list[list[Child]] = []
    number = 0
    child_ids, adult_ids, household_ids = Ids(Child), Ids(Adult), Ids(Household)
    for is_open, unit_id, size in households:
        last_name = rng.choice(LAST_NAMES)
        group = []
        for _ in range(size):
            number += 1
            sex = rng.choice((Sex.MALE, Sex.FEMALE))
            unborn = is_open and rng.random() < 0.01
            age_days = rng.randint(30, 17 * 365)
            lead = rng.choice(members[unit_id]) if is_open and members.get(unit_id) else None
            group.append(
                Child(
                    pk=child_ids.take(),
                    la_child_id=f"{config.prefix}{number:07d}",
                    first_name=builder.name(sex) if not unborn else "Unborn",
                    last_name=last_name,
                    date_of_birth=None if unborn else builder.today - datetime.timedelta(days=age_days),
                    expected_date_of_birth=builder.today + datetime.timedelta(days=rng.randint(20, 150))
                    if unborn
                    else None,
                    sex=Sex.UNKNOWN if unborn else sex,
                    ethnicity=rng.choices(
                        (
                            Ethnicity.WBRI,
                            Ethnicity.MWBC,
                            Ethnicity.BAFR,
                            Ethnicity.APKN,
                            Ethnicity.WOTH,
                            Ethnicity.NOBT,
                        ),
                        weights=(60, 8, 8, 8, 10, 6),
                    )[0],
                    uasc=is_open and rng.random() < 0.02,
                    allocated_unit_id=unit_id if lead else None,
                    lead_worker_id=lead,
                )
            )
        household_children.append(group)
        children.extend(group)

    # 2. Households, adults and relationships.
    adult_rows = []
    for group in household_children:
        mother = Adult(
            pk=adult_ids.take(),
            first_name=builder.name(Sex.FEMALE),
            last_name=group[0].last_name,
            sex=Sex.FEMALE,
        )
        adult_rows.append((group, mother, RelationshipKind.MOTHER))
        if rng.random() < 0.45:
            father = Adult(
                pk=adult_ids.take(),
                first_name=builder.name(Sex.MALE),
                last_name=group[0].last_name,
                sex=Sex.MALE,
            )
            adult_rows.append((group, father, RelationshipKind.FATHER))
    relationships = []
    for group, adult, kind in adult_rows:
        relationships.extend(
            Relationship(child=c, adult=adult, kind=kind, parental_responsibility=True) for c in group
        )
    for group in household_children:
        for child in group:
            relationships.extend(
                Relationship(child=child, other_child=other, kind=RelationshipKind.SIBLING)
                for other in group
                if other is not child
            )
    household_objs = [
        Household(pk=household_ids.take(), name=f"The {g[0].last_name} household") for g in household_children
    ]
    through = Household.children.through
    household_links = [
        through(household_id=h.pk, child_id=c.pk)
        for h, g in zip(household_objs, household_children, strict=True)
        for c in g
    ]

    # 3. Episodes, allocations and notes.
    referrals, allocations = [], []
    open_kinds: list[tuple[Child, str]] = []
    for (is_open, unit_id, _), group in zip(households, household_children, strict=True):
        ids = [c.pk for c in group]
        authors = members.get(unit_id) or all_authors
        if is_open:
            referred = builder.moment(700, 40)
            kind = rng.choices(("cp", "cin", "lac", "assessment"), weights=(25, 35, 25, 15))[0]
            referred = _census_safe_referral(referred, group, builder.now, recent=kind == "assessment")
            for child in group:
                referrals.append(
                    Referral(
                        child=child,
                        cin_referral_date=referred.date(),
                        referral_source=rng.choice(ReferralSource.values),
                        primary_need_code=rng.choice(
                            (PrimaryNeed.N1, PrimaryNeed.N4, PrimaryNeed.N5, PrimaryNeed.N2)
                        ),
                    )
                )
                # An unborn child cannot be looked after (SSDA903 rules 102, 232): a plan before birth.
                open_kinds.append((child, "cin" if kind == "lac" and child.date_of_birth is None else kind))
                if child.lead_worker_id:
                    allocations.append(
                        Allocation(
                            child=child,
                            unit_id=unit_id,
                            lead_worker_id=child.lead_worker_id,
                            started_at=referred,
                        )
                    )
            builder.chronicle(ids, referred, EventKind.REFERRAL, "Referral received", "", True)
            notes = rng.randint(*config.notes_per_open_household)
            lag = slipping.randint(18, 40) if kind == "cp" and slipping.random() < late_share[unit_id] else 0
            builder.add_notes(
                ids,
                notes,
                authors,
                days_back=(builder.now - referred).days,
                recent=0.2 + 0.5 * visits[unit_id] if kind == "cp" else 0.25,
                lag=lag,
            )
        else:
            referred = _census_safe_referral(builder.moment(2500, 400), group, builder.now)
            closed = min(
                referred + datetime.timedelta(days=rng.randint(20, 300)),
                builder.now - datetime.timedelta(days=1),
            )
            for child in group:
                referrals.append(
                    Referral(
                        child=child,
                        cin_referral_date=referred.date(),
                        referral_source=rng.choice(ReferralSource.values),
                        primary_need_code=rng.choice(PrimaryNeed.values),
                        cin_closure_date=closed.date(),
                        reason_for_closure=rng.choice(
                            (ReasonForClosure.RC7, ReasonForClosure.RC8, ReasonForClosure.RC9)
                        ),
                    )
                )
            builder.chronicle(ids, referred, EventKind.REFERRAL, "Referral received", "", True)
            builder.chronicle(ids, closed, EventKind.CLOSURE, "Case closed", "", True)
            builder.add_notes(
                ids, rng.randint(*config.notes_per_closed_household), all_authors, days_back=2500
            )

    referral_of = {r.child_id: r for r in referrals}
    assessments, cp_plans, cin_plans, lac, section47s = [], [], [], [], []
    for child, kind in open_kinds:
        referral = referral_of[child.pk]
        start = referral.cin_referral_date + datetime.timedelta(days=rng.randint(1, 5))
        if kind == "assessment":
            assessments.append(Assessment(referral=referral, assessment_actual_start_date=start))
            continue
        done = start + datetime.timedelta(days=rng.randint(15, 44))
        assessments.append(
            Assessment(
                referral=referral,
                assessment_actual_start_date=start,
                assessment_internal_review_date=done,
                assessment_authorisation_date=done + datetime.timedelta(days=rng.randint(0, 3)),
                # CIN census rule 8869: "no factors identified" (21) never sits beside other factors.
                factors=sorted({"16A" if f == "21" else f for f in rng.sample(AssessmentFactor.values, 3)}),
            )
        )
        plan_start = done + datetime.timedelta(days=rng.randint(1, 20))
        when = datetime.datetime.combine(plan_start, datetime.time(10), tzinfo=builder.now.tzinfo)
        if kind == "cp":
            category = rng.choice(
                (CategoryOfAbuse.NEG, CategoryOfAbuse.EMO, CategoryOfAbuse.PHY, CategoryOfAbuse.SAB)
            )
            # The plan starts at the initial conference of a section 47 enquiry (CIN census rule 2885).
            section47s.append(
                Section47(
                    referral=referral,
                    s47_actual_start_date=start,
                    initial_cpc_target=start + datetime.timedelta(days=21),
                    date_of_initial_cpc=plan_start,
                )
            )
            cp_plans.append(
                ChildProtectionPlan(
                    referral=referral,
                    cpp_start_date=plan_start,
                    initial_category_of_abuse=category,
                    latest_category_of_abuse=category,
                )
            )
            builder.chronicle(
                [child.pk], when, EventKind.CP_PLAN, "Child protection plan started", category, True
            )
        elif kind == "cin":
            cin_plans.append(ChildInNeedPlan(referral=referral, cin_plan_start_date=plan_start))
            builder.chronicle([child.pk], when, EventKind.CIN_PLAN, "Child in need plan started", "", True)
        else:
            lac.append(
                LookedAfterEpisode(
                    child=child,
                    decom=plan_start,
                    rne="S",
                    legal_status=rng.choice((LegalStatus.C2, LegalStatus.C1, LegalStatus.V2)),
                    cin=PrimaryNeed.N1,
                    place=rng.choice((Placement.U4, Placement.U6, Placement.U3, Placement.K2)),
                    place_provider=rng.choice((PlacementProvider.PR1, PlacementProvider.PR4)),
                )
            )
            builder.chronicle([child.pk], when, EventKind.LOOKED_AFTER, "Became looked after", "", True)
    # A few children with very long chronologies, as in long-running neglect cases.
    for child, _ in open_kinds[: config.long_chronologies]:
        authors = members.get(child.allocated_unit_id) or all_authors
        builder.add_notes([child.pk], 2000, authors, days_back=2000)

    # 4. Write it all: people first, then episodes, then the big tables with COPY.
    for child in children:
        child.last_visit_at = builder.last_visit.get(child.pk)
    _copy_objects(Child, children, builder.now)
    ChildDisability.objects.bulk_create(_demo_disabilities(children), batch_size=5000)
    _copy_objects(Adult, [a for _, a, _ in adult_rows], builder.now)
    _copy_objects(Household, household_objs, builder.now)
    _copy_objects(through, household_links, builder.now)
    _copy_objects(Relationship, relationships, builder.now)
    Referral.objects.bulk_create(referrals, batch_size=5000)
    Allocation.objects.bulk_create(allocations, batch_size=5000)
    Assessment.objects.bulk_create(assessments, batch_size=5000)
    ChildProtectionPlan.objects.bulk_create(cp_plans, batch_size=5000)
    Section47.objects.bulk_create(section47s, batch_size=5000)
    ChildInNeedPlan.objects.bulk_create(cin_plans, batch_size=5000)
    LookedAfterEpisode.objects.bulk_create(lac, batch_size=5000)

    _bulk_insert(
        Note,
        [
            "id",
            "author_id",
            "kind",
            "occurred_at",
            "title",
            "body",
            "present",
            "status",
            "finalised_at",
            "version",
            "created_at",
            "updated_at",
        ],
        builder.notes,
    )
    _reset_sequence(Note)
    _bulk_insert(NoteChild, ["note_id", "child_id", "seen", "seen_alone"], builder.note_children)
    _bulk_insert(
        ChronologyEntry,
        ["child_id", "occurred_at", "kind", "title", "summary", "is_key_event", "source_type", "source_id"],
        builder.chronology,
    )
    return {
        "children": len(children),
        "open": config.open_children,
        "notes": len(builder.notes),
        "chronology": len(builder.chronology),
    }
