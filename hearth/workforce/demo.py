"""The workforce of the demo authority: staff records with a realistic turnover, vacancy and agency
mix, posts, sickness absence, development, exit interviews and stay conversations, pulse rounds,
equality information, extra hours and retention actions.

Deterministic (a random number generator seeded per unit and per person; dates relative to the day of
seeding), synthetic, and idempotent: a unit that already has staff records is left alone, so that a
small install can grow to large. Targets are the national figures for social workers (turnover 13.8%,
vacancy 18.9%, agency 17.8%); the figures a page shows are worked out from the rows, whatever they are.
"""

from __future__ import annotations

import calendar
import datetime
import random
import time
import zlib
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from faker.providers.person.en_GB import Provider as Names

from hearth.core.roles import OrgRole, UnitRole
from hearth.organisation.demo import SCALES, build_plan
from hearth.organisation.models import Membership, ServiceArea, Unit

from .codes import (
    CHARACTERISTICS,
    NOT_GIVEN,
    PULSE_STATEMENTS,
    AgeBand,
    AsyeStatus,
    Contract,
    ConversationKind,
    CpdKind,
    Disability,
    Discrimination,
    EthnicGroup,
    FactorKind,
    Gender,
    Grade,
    LeavingReason,
    PullFactor,
    PushFactor,
    SexualOrientation,
)
from .demo_census import seed_census_details
from .models import (
    Conversation,
    ConversationFactor,
    CpdRecord,
    EqualityRecord,
    ExtraHours,
    Post,
    PulseParticipation,
    PulseResponse,
    PulseRound,
    PulseTally,
    RetentionAction,
    SicknessAbsence,
    StaffRecord,
)
from .redaction import remove_names
from .services import RESPONDENTS, tally_keys

FIRST_NAMES = tuple(Names.first_names)
LAST_NAMES = tuple(Names.last_names)

#: (grade, is a registered social worker, job title) of each role in a unit.
ROLE_POSTS = {
    UnitRole.CONSULTANT_SOCIAL_WORKER: (Grade.PO3, True, "Consultant social worker"),
    UnitRole.SOCIAL_WORKER: (Grade.PO1, True, "Social worker"),
    UnitRole.CHILD_PRACTITIONER: (Grade.SO1, False, "Child practitioner"),
    UnitRole.UNIT_COORDINATOR: (Grade.SCALE_6, False, "Unit coordinator"),
    UnitRole.CLINICIAN: (Grade.PO2, False, "Clinician (systemic family therapist)"),
    UnitRole.FAMILY_SUPPORT_WORKER: (Grade.SO1, False, "Family support worker"),
}
CENTRAL_POSTS = {
    OrgRole.TEAM_MANAGER: (Grade.PO4, True),
    OrgRole.SERVICE_MANAGER: (Grade.PO5, True),
    OrgRole.HEAD_OF_SERVICE: (Grade.PO6, True),
    OrgRole.PRINCIPAL_SOCIAL_WORKER: (Grade.PO5, True),
    OrgRole.QUALITY_LEAD: (Grade.PO4, True),
    OrgRole.WORKFORCE_LEAD: (Grade.PO4, False),
    OrgRole.DIRECTOR: (Grade.PO6, False),
    OrgRole.PERFORMANCE_ANALYST: (Grade.PO1, False),
    OrgRole.SYSTEM_ADMINISTRATOR: (Grade.SO1, False),
}
#: Chance that a social work post is filled by an agency worker, and that another kind of post is.
AGENCY_SOCIAL_WORK = 0.22
AGENCY_OTHER = 0.04
#: Chance that a unit has a funded social work post nobody fills.
EMPTY_POST = 0.05
#: Chance, per post and per year, that its employed holder left (the first year is the latest).
LEAVING = (0.16, 0.19)
LEAVING_REASONS = [
    (LeavingReason.WORKLOAD, 22),
    (LeavingReason.STRESS, 15),
    (LeavingReason.CULTURE, 10),
    (LeavingReason.PROGRESSION, 10),
    (LeavingReason.FLEXIBILITY, 8),
    (LeavingReason.PAY, 7),
    (LeavingReason.DISCRIMINATION, 4),
    (LeavingReason.AGENCY, 6),
    (LeavingReason.RELOCATION, 8),
    (LeavingReason.RETIREMENT, 5),
    (LeavingReason.HEALTH, 3),
    (LeavingReason.OTHER, 2),
]
PUSH_WEIGHTS = [
    (PushFactor.WORKLOAD, 30),
    (PushFactor.BURNOUT, 22),
    (PushFactor.POOR_CULTURE, 12),
    (PushFactor.PROGRESSION, 12),
    (PushFactor.FLEXIBILITY, 10),
    (PushFactor.PAY, 9),
    (PushFactor.DISCRIMINATION, 5),
]
PULL_WEIGHTS = [
    (PullFactor.RELATIONSHIPS, 30),
    (PullFactor.COMMUNITY, 22),
    (PullFactor.WORK_LIFE, 12),
    (PullFactor.WELLBEING, 10),
    (PullFactor.INCLUSION, 8),
    (PullFactor.REWARDS, 8),
]
CPD_TITLES = [
    "Systemic practice: circular questions",
    "Signs of Safety refresher",
    "Court skills: writing evidence",
    "Anti-racist practice workshop",
    "Motivational interviewing",
    "Working with domestic abuse",
    "Child sexual exploitation: recognising signs",
    "Reflective group supervision",
    "Practice observation with feedback",
    "Reading: research on neglect",
]
COMMENTS = [
    "Caseloads have been too high since the summer and I am working most evenings.",
    "My unit is brilliant and Sarah has really helped me settle in.",
    "The weekly unit meeting is the best part of my week.",
    "I would like more flexibility about working from home when I have reports to write.",
    "Supervision with Mr Patel is thoughtful and I feel listened to.",
    "I have heard comments from colleagues that felt racist and I did not know who to tell.",
    "Too much time goes on recording the same thing twice.",
    "Pay for experienced social workers is behind the agencies.",
    "I do not see a way to progress without leaving practice.",
    "Business support has made a real difference to my week.",
]
EQUALITY_WEIGHTS = {
    "ethnic_group": [
        (EthnicGroup.WHITE, 68),
        (EthnicGroup.BLACK, 12),
        (EthnicGroup.ASIAN, 9),
        (EthnicGroup.MIXED, 4),
        (EthnicGroup.OTHER, 2),
        (EthnicGroup.PREFER_NOT_TO_SAY, 5),
    ],
    "gender": [(Gender.WOMAN, 80), (Gender.MAN, 17), (Gender.ANOTHER_WAY, 1), (Gender.PREFER_NOT_TO_SAY, 2)],
    "disability": [(Disability.NO, 86), (Disability.YES, 8), (Disability.PREFER_NOT_TO_SAY, 6)],
    "age_band": [
        (AgeBand.UNDER_30, 18),
        (AgeBand.THIRTIES, 30),
        (AgeBand.FORTIES, 26),
        (AgeBand.FIFTIES, 18),
        (AgeBand.SIXTY_PLUS, 5),
        (AgeBand.PREFER_NOT_TO_SAY, 3),
    ],
    "sexual_orientation": [
        (SexualOrientation.HETEROSEXUAL, 84),
        (SexualOrientation.GAY_OR_LESBIAN, 4),
        (SexualOrientation.BISEXUAL, 3),
        (SexualOrientation.OTHER, 1),
        (SexualOrientation.PREFER_NOT_TO_SAY, 8),
    ],
}
PAST_ROUNDS = 4
RESPONSE_RATE = (0.55, 0.85)  # the open round so far, past rounds
ACTIONS = [
    (
        "Caseload cap of 16 children for social workers in their first year",
        PushFactor.WORKLOAD,
        0,
        240,
        "under-way",
    ),
    ("Monthly reflective group supervision in every unit", PushFactor.BURNOUT, None, 300, "done"),
    (
        "Anti-racism practice forum and a safe route to report racism",
        PushFactor.DISCRIMINATION,
        None,
        150,
        "under-way",
    ),
    ("Flexible and hybrid working by default", PushFactor.FLEXIBILITY, 1, 90, "under-way"),
    (
        "A career path to senior practitioner that stays in practice",
        PushFactor.PROGRESSION,
        None,
        -30,
        "planned",
    ),
]


#: Picked (by trying seeds) so that the small authority's figures resemble the national ones too; the
#: large authority's do whatever the seed, from the chances above.
SALT = 8


def _rng(key: str) -> random.Random:
    return random.Random(zlib.crc32(f"workforce:{SALT}:{key}".encode()))


def _weighted(rng: random.Random, pairs):
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _some(rng: random.Random, pairs, low: int, high: int) -> list[str]:
    chosen = []
    for _ in range(rng.randint(low, high)):
        value = _weighted(rng, pairs)
        if value not in chosen:
            chosen.append(value)
    return chosen


def _months_ago(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _renewal_due(today: datetime.date) -> datetime.date:
    """Social Work England registrations renew by 30 November each year."""
    due = datetime.date(today.year, 11, 30)
    return due if due >= today else datetime.date(today.year + 1, 11, 30)


@dataclass
class Batch:
    """Rows to write, with ids handed out here so that related rows can point at them."""

    posts: list
    staff: list
    absences: list
    cpd: list
    conversations: list
    factors: list


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        counts = _seed(scale, timezone.localdate())
        counts["census details"] = seed_census_details()
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    return f"{summary} created in {time.perf_counter() - started:.1f} s"


def _seed(scale: str, today: datetime.date) -> dict[str, int]:
    plan = build_plan(SCALES[scale])
    codes = [u["code"] for u in plan.units]
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    done = set(
        StaffRecord.objects.filter(unit__code__in=codes).values_list("unit__code", flat=True).distinct()
    )
    new_units = [units[c] for c in codes if c in units and c not in done]
    members: dict[int, list] = {}
    for unit_id, user_id, email, name, role, started_on in (
        Membership.objects.current()
        .filter(unit__in=new_units)
        .order_by("unit_id", "role", "user__email")
        .values_list("unit_id", "user_id", "user__email", "user__full_name", "role", "started_on")
    ):
        members.setdefault(unit_id, []).append((user_id, email, name, role, started_on))

    batch = Batch([], [], [], [], [], [])
    for unit in new_units:
        _unit_workforce(unit, members.get(unit.pk, []), today, batch)
    user_model = get_user_model()
    people = dict(user_model.objects.filter(email__in=plan.people).values_list("email", "pk"))
    names = dict(user_model.objects.filter(email__in=plan.people).values_list("email", "full_name"))
    have_records = set(
        StaffRecord.objects.filter(user__email__in=plan.people, unit__isnull=True).values_list(
            "user__email", flat=True
        )
    )
    for email, (org_role, title) in plan.people.items():
        if org_role and email not in have_records and email in people:
            _central_record(email, people[email], names[email], org_role, title, today, batch)

    Post.objects.bulk_create(batch.posts, batch_size=1000)
    StaffRecord.objects.bulk_create(batch.staff, batch_size=1000)
    SicknessAbsence.objects.bulk_create(batch.absences, batch_size=2000)
    CpdRecord.objects.bulk_create(batch.cpd, batch_size=2000)
    Conversation.objects.bulk_create(batch.conversations, batch_size=1000)
    ConversationFactor.objects.bulk_create(batch.factors, batch_size=2000)

    equality = _equality_records(people)
    rounds, responses = _pulse(plan, new_units, members, people, today)
    hours = _extra_hours(new_units, members, today)
    actions = _actions(today)
    return {
        "staff records": len(batch.staff),
        "posts": len(batch.posts),
        "pulse answers": responses,
        "pulse rounds": rounds,
        "equality records": equality,
        "weeks of extra hours": hours,
        "retention actions": actions,
    }


def _unit_workforce(unit: Unit, unit_members: list, today: datetime.date, batch: Batch) -> None:
    rng = _rng(unit.code)
    number = 0

    def next_number(prefix="") -> str:
        nonlocal number
        number += 1
        return f"WF-{unit.code.replace('unit-', 'U')}-{prefix}{number:02d}"

    established = today - datetime.timedelta(days=6 * 365)
    for user_id, _email, name, role, started_on in unit_members:
        if role not in ROLE_POSTS:
            continue  # students on placement are not staff
        grade, social_worker, title = ROLE_POSTS[role]
        agency = rng.random() < (AGENCY_SOCIAL_WORK if social_worker else AGENCY_OTHER)
        fte = 1 if agency else rng.choices((1, 0.8, 0.6), weights=(80, 15, 5))[0]
        post = Post(
            unit=unit,
            title=title,
            grade=grade,
            fte=fte,
            is_social_work=social_worker,
            established_on=established,
        )
        batch.posts.append(post)
        contract = (
            Contract.AGENCY
            if agency
            else (Contract.FIXED_TERM if rng.random() < 0.05 else Contract.PERMANENT)
        )
        # What depends on the day of seeding comes from the person's own stream of numbers, so that
        # the unit's stream (agency, leavers: the figures) is the same whatever the day.
        own = _rng(f"person:{_email}")
        asye = AsyeStatus.NOT_APPLICABLE
        new_starter, completed = own.random() < 0.6, own.random() < 0.4
        if role == UnitRole.SOCIAL_WORKER and not agency:
            if (today - started_on).days < 365 and new_starter:
                asye, grade = AsyeStatus.IN_PROGRESS, Grade.SO2
            elif completed:
                asye = AsyeStatus.COMPLETED
        promoted, promoted_after = own.random() < 0.5, own.randint(200, 900)
        record = StaffRecord(
            employee_number=next_number(),
            user_id=user_id,
            full_name=name,
            unit=unit,
            post=post,
            job_title=title,
            grade=grade,
            fte=fte,
            contract=contract,
            is_social_worker=social_worker,
            started_on=started_on,
            swe_registration_number=f"SW{own.randint(10_000, 999_999)}" if social_worker else "",
            swe_renewal_due=_renewal_due(today) if social_worker else None,
            asye_status=asye,
            last_promoted_on=(
                started_on + datetime.timedelta(days=promoted_after)
                if grade in (Grade.PO2, Grade.PO3) and promoted
                else None
            ),
        )
        if record.last_promoted_on and record.last_promoted_on > today:
            record.last_promoted_on = None
        batch.staff.append(record)
        if not agency:
            _absences(own, record, today, batch)
        if social_worker:
            for _ in range(own.randint(1, 5)):
                batch.cpd.append(
                    CpdRecord(
                        staff=record,
                        completed_on=today - datetime.timedelta(days=own.randint(5, 700)),
                        title=own.choice(CPD_TITLES),
                        kind=own.choice(CpdKind.values),
                        hours=own.choice((1.5, 3, 3, 6, 7.5)),
                    )
                )
        if own.random() < 0.3:
            _conversation(
                own,
                record,
                ConversationKind.STAY_CONVERSATION,
                today - datetime.timedelta(days=own.randint(10, 330)),
                batch,
            )
        # People who held this post before, and left in the last two years.
        for year, chance in enumerate(LEAVING):
            if rng.random() >= chance:
                continue
            left_on = today - datetime.timedelta(days=rng.randint(year * 365 + 1, (year + 1) * 365 - 1))
            leaver_contract = Contract.AGENCY if rng.random() < 0.15 else Contract.PERMANENT
            reason = (
                LeavingReason.END_OF_CONTRACT
                if leaver_contract == Contract.AGENCY
                else _weighted(rng, LEAVING_REASONS)
            )
            leaver = StaffRecord(
                employee_number=next_number("L"),
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                unit=unit,
                job_title=title,
                grade=ROLE_POSTS[role][0],
                fte=rng.choices((1, 0.8), weights=(85, 15))[0],
                contract=leaver_contract,
                is_social_worker=social_worker,
                started_on=left_on - datetime.timedelta(days=rng.randint(200, 2500)),
                left_on=left_on,
                leaving_reason=reason,
                swe_registration_number=f"SW{rng.randint(10_000, 999_999)}" if social_worker else "",
            )
            batch.staff.append(leaver)
            if leaver_contract != Contract.AGENCY:
                theirs = _rng(f"leaver:{leaver.employee_number}")
                _absences(theirs, leaver, today, batch)
                if theirs.random() < 0.6:
                    _conversation(
                        theirs,
                        leaver,
                        ConversationKind.EXIT_INTERVIEW,
                        left_on - datetime.timedelta(days=theirs.randint(1, 14)),
                        batch,
                        reason=reason,
                    )
    if rng.random() < EMPTY_POST:
        batch.posts.append(
            Post(
                unit=unit,
                title="Social worker",
                grade=Grade.PO1,
                fte=1,
                is_social_work=True,
                established_on=today - datetime.timedelta(days=rng.randint(60, 400)),
            )
        )


def _central_record(email, user_id, name, org_role, title, today, batch: Batch) -> None:
    rng = _rng(email)
    grade, social_worker = CENTRAL_POSTS.get(org_role, (Grade.PO1, False))
    batch.staff.append(
        StaffRecord(
            employee_number=f"WF-C{zlib.crc32(email.encode()) % 1_000_000:06d}",
            user_id=user_id,
            full_name=name,
            job_title=title,
            grade=grade,
            fte=1,
            contract=Contract.PERMANENT,
            is_social_worker=social_worker,
            started_on=today - datetime.timedelta(days=rng.randint(300, 4000)),
            swe_registration_number=f"SW{rng.randint(10_000, 999_999)}" if social_worker else "",
            swe_renewal_due=_renewal_due(today) if social_worker else None,
        )
    )


def _absences(rng: random.Random, record: StaffRecord, today: datetime.date, batch: Batch) -> None:
    spells = rng.choices((0, 1, 2, 3), weights=(30, 30, 25, 15))[0]
    latest = min(today, record.left_on or today)
    earliest = max(record.started_on, today - datetime.timedelta(days=420))
    if latest <= earliest:
        return
    for _ in range(spells):
        starts = earliest + datetime.timedelta(days=rng.randint(0, (latest - earliest).days))
        length = rng.randint(15, 60) if rng.random() < 0.08 else rng.randint(1, 8)
        ends = min(latest, starts + datetime.timedelta(days=length - 1))
        batch.absences.append(SicknessAbsence(staff=record, starts_on=starts, ends_on=ends))


def _conversation(rng, record, kind, held_on, batch: Batch, reason=None) -> None:
    conversation = Conversation(
        staff=record,
        kind=kind,
        held_on=held_on,
        summary="Talked about what keeps them here and what would make them leave.",
    )
    batch.conversations.append(conversation)
    push = _some(rng, PUSH_WEIGHTS, 1 if kind == ConversationKind.EXIT_INTERVIEW else 0, 3)
    pull = _some(rng, PULL_WEIGHTS, 0 if kind == ConversationKind.EXIT_INTERVIEW else 1, 3)
    batch.factors += [
        ConversationFactor(conversation=conversation, kind=FactorKind.PUSH, factor=f) for f in push
    ]
    batch.factors += [
        ConversationFactor(conversation=conversation, kind=FactorKind.PULL, factor=f) for f in pull
    ]


def _equality_records(people: dict[str, int]) -> int:
    have = set(EqualityRecord.objects.filter(user_id__in=people.values()).values_list("user_id", flat=True))
    records = []
    for email, user_id in people.items():
        if user_id in have or email.startswith(OrgRole.SYSTEM_ADMINISTRATOR):
            continue
        rng = _rng(f"equality:{email}")
        if rng.random() < 0.12:
            continue  # chose not to fill it in
        records.append(
            EqualityRecord(
                user_id=user_id,
                **{name: _weighted(rng, EQUALITY_WEIGHTS[name]) for name, _, _ in CHARACTERISTICS},
            )
        )
    EqualityRecord.objects.bulk_create(records, batch_size=1000)
    return len(records)


# --- the pulse -------------------------------------------------------------------------------------------


def _rounds(today: datetime.date) -> tuple[list[PulseRound], bool]:
    """The open round and four earlier ones, every three months, and whether they are new. Made once
    (rounds are authority-wide); their counts by characteristic are made with the answers."""
    existing = list(
        PulseRound.objects.filter(created_by__isnull=True, title__startswith="Pulse: ").order_by("opens_on")
    )
    if existing:
        return existing, False
    rounds = []
    for k in range(PAST_ROUNDS, -1, -1):
        opens = _months_ago(today, 3 * k) - datetime.timedelta(days=7)
        closes = opens + datetime.timedelta(days=21)
        rounds.append(PulseRound(title=f"Pulse: {opens:%B %Y}", opens_on=opens, closes_on=closes))
    PulseRound.objects.bulk_create(rounds)
    return list(PulseRound.objects.filter(title__in=[r.title for r in rounds]).order_by("opens_on")), True


def _write_tallies(rounds: list[PulseRound], tallies: dict[int, Counter], new: bool) -> None:
    """Every count of new rounds, with the answers in them; or the counts that changed in old ones."""
    if new:
        PulseTally.objects.bulk_create(
            [
                PulseTally(
                    round=r,
                    characteristic=c,
                    group=g,
                    question=q,
                    answer=a,
                    count=tallies.get(r.pk, Counter())[(c, g, q, a)],
                )
                for r in rounds
                for c, g, q, a in tally_keys()
            ],
            batch_size=2000,
        )
        return
    changed = []
    for row in PulseTally.objects.filter(round__in=tallies):
        added = tallies[row.round_id][(row.characteristic, row.group, row.question, row.answer)]
        if added:
            row.count += added
            changed.append(row)
    PulseTally.objects.bulk_update(changed, ["count"], batch_size=500)


def _pulse(plan, new_units, members, people, today) -> tuple[int, int]:
    rounds, new_rounds = _rounds(today)
    respondents = []  # (email, user id, area, unit)
    for unit in new_units:
        for user_id, email, _name, role, _started in members.get(unit.pk, []):
            if role in ROLE_POSTS:
                respondents.append((email, user_id, unit.service_area_id, unit.pk, unit.code))
    if not respondents:
        _write_tallies(rounds, {}, new_rounds)
        return (len(rounds) if new_rounds else 0), 0
    equality = {
        user_id: {name: (getattr(record, name) or NOT_GIVEN) for name, _, _ in CHARACTERISTICS}
        for user_id, record in (
            (r.user_id, r) for r in EqualityRecord.objects.filter(user_id__in=[p[1] for p in respondents])
        )
    }
    not_given = dict.fromkeys((name for name, _, _ in CHARACTERISTICS), NOT_GIVEN)
    answered = set(PulseParticipation.objects.filter(round__in=rounds).values_list("round_id", "user_id"))
    responses, participations = [], []
    tallies: dict[int, Counter] = {}
    first_accounts = {f"{role}@" for role in [*UnitRole.values, *OrgRole.values]}
    for n, pulse_round in enumerate(rounds):
        is_open = pulse_round.is_open(today)
        rate = RESPONSE_RATE[0] if is_open else RESPONSE_RATE[1]
        for email, user_id, area_id, unit_id, code in respondents:
            rng = _rng(f"pulse:{pulse_round.title}:{email}")
            if (pulse_round.pk, user_id) in answered or rng.random() >= rate:
                continue
            if is_open and email.split("@")[0] + "@" in first_accounts:
                continue  # leave the demo accounts the open round to answer themselves
            groups = equality.get(user_id, not_given)
            mood = 2.7 + (zlib.crc32(code.encode()) % 10) / 10 + 0.12 * n  # units differ; rounds improve
            answers = {
                key: max(1, min(5, round(rng.gauss(mood + shift, 1.0))))
                for (key, _, _), shift in zip(PULSE_STATEMENTS, (-0.5, 0.3, 0.2, 0.0), strict=True)
            }
            racism = (
                0.18
                if groups["ethnic_group"] in (EthnicGroup.BLACK, EthnicGroup.ASIAN, EthnicGroup.MIXED)
                else 0.06
            )
            roll = rng.random()
            discrimination = (
                Discrimination.YES
                if roll < racism
                else Discrimination.PREFER_NOT_TO_SAY
                if roll > 0.96
                else Discrimination.NO
            )
            comment = remove_names(rng.choice(COMMENTS), known=set()) if rng.random() < 0.15 else ""
            responses.append(
                PulseResponse(
                    round=pulse_round,
                    service_area_id=area_id,
                    unit_id=unit_id,
                    discrimination=discrimination,
                    push_factors=sorted(_some(rng, PUSH_WEIGHTS, 0, 2)),
                    pull_factors=sorted(_some(rng, PULL_WEIGHTS, 0, 2)),
                    comment=comment,
                    **answers,
                )
            )
            participations.append(PulseParticipation(round=pulse_round, user_id=user_id))
            counted = [(RESPONDENTS, ""), ("discrimination", discrimination)]
            counted += [(key, str(value)) for key, value in answers.items()]
            counter = tallies.setdefault(pulse_round.pk, Counter())
            for name, group in groups.items():
                for question, answer in counted:
                    counter[(name, group, question, answer)] += 1
    # Written in a shuffled order, as the answers of many people would be.
    random.Random(len(responses)).shuffle(responses)
    PulseResponse.objects.bulk_create(responses, batch_size=2000)
    PulseParticipation.objects.bulk_create(participations, batch_size=2000)
    _write_tallies(rounds, tallies, new_rounds)
    return (len(rounds) if new_rounds else 0), len(responses)


def _extra_hours(new_units, members, today) -> int:
    monday = today - datetime.timedelta(days=today.weekday())
    entries = []
    for unit in new_units:
        for user_id, email, _name, role, _started in members.get(unit.pk, []):
            rng = _rng(f"hours:{email}")
            if role not in ROLE_POSTS or rng.random() > 0.6:
                continue
            for week in range(1, 27):
                if rng.random() < 0.6:
                    entries.append(
                        ExtraHours(
                            user_id=user_id,
                            week_starting=monday - datetime.timedelta(weeks=week),
                            hours=rng.choice((1, 1.5, 2, 2.5, 3, 4, 5, 6, 8)),
                            service_area_id=unit.service_area_id,
                            unit_id=unit.pk,
                        )
                    )
    ExtraHours.objects.bulk_create(entries, batch_size=2000, ignore_conflicts=True)
    return len(entries)


def _actions(today: datetime.date) -> int:
    if RetentionAction.objects.filter(created_by__isnull=True, title__in=[a[0] for a in ACTIONS]).exists():
        return 0
    areas = list(ServiceArea.objects.order_by("pk")[:2])
    actions = []
    for title, factor, area_index, days_ago, status in ACTIONS:
        area = areas[area_index] if area_index is not None and area_index < len(areas) else None
        actions.append(
            RetentionAction(
                title=title,
                push_factor=factor,
                service_area=area,
                status=status,
                started_on=today - datetime.timedelta(days=days_ago),
                description="Agreed by the workforce board from the figures on this page.",
            )
        )
    RetentionAction.objects.bulk_create(actions)
    return len(actions)
