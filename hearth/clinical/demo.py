"""Demo clinical requests: for every unit with a clinician, consultations and referrals over the last
five months with waits of days to weeks before first contact: some closed with the clinician's input
(on the chronology), some with a clinician, some still waiting. How long a unit waits for a consultation
and how many of its families have clinical input follow the unit's practice profile ("clinical";
organisation/demo.py).

Deterministic, synthetic, idempotent (a unit that has requests already is left alone) and fast (rows
built in memory with their ids and written in bulk).
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from hearth.cases.demo import Ids, _bulk_insert, _reset_sequence
from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core.roles import UnitRole
from hearth.organisation.demo import practice_profile
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child

from .models import ClinicalInput, ClinicalRequest, Service, Status

OPEN_REQUESTS_PER_UNIT = 3  # two waiting, one with a clinician
CLOSED_REQUESTS_PER_UNIT = 5  # at least: closed with the clinician's input
DAYS_BACK = 150
#: Typical waits to first contact, in days (lowest, highest), by service.
WAITS = {
    Service.CONSULTATION: (1, 10),
    Service.CAMHS: (20, 90),
    Service.FAMILY_THERAPY: (10, 45),
    Service.PSYCHOLOGY: (14, 60),
    Service.SPEECH_LANGUAGE: (14, 70),
    Service.SUBSTANCE_MISUSE: (3, 21),
    Service.DOMESTIC_ABUSE: (2, 14),
}
QUESTIONS = [
    "The young person self-harms after contact. How do we keep them safe and talk about it?",
    "How can we help the toddler's speech while the family waits for a full assessment?",
    "Mother's drinking seems to rise before court dates. What would help her now?",
    "Is the child's behaviour at school about trauma, and what should the school do?",
    "How do we help the parents talk about the separation with the children?",
    "The eldest will not speak to the worker. How might we start?",
]
INPUTS = [
    "Met the young person with the worker. Suggested a safety plan and weekly check-ins; referred on to CAMHS.",
    "Formulation shared with the unit: the behaviour makes sense as fear, not defiance. Advice for school sent.",
    "Six sessions of family work offered; the first two held. Parents are using the bedtime plan.",
    "Assessment done: language delay of about a year. Home activities given; review in three months.",
    "Mother engaged with the service and has a key worker; the unit will hear at the core group.",
]


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        count = _seed()
    return f"{count} clinical requests created in {time.perf_counter() - started:.1f} s"


def _seed() -> int:  # noqa: C901 - one pass over the units, building rows in memory
    done_units = set(ClinicalRequest.objects.values_list("unit_id", flat=True).distinct())
    units = [u for u in Unit.objects.active().order_by("pk") if u.pk not in done_units]
    if not units:
        return 0
    unit_ids = [u.pk for u in units]
    children: dict[int, list[int]] = {u: [] for u in unit_ids}
    for pk, unit_id in (
        Child.objects.filter(allocated_unit_id__in=unit_ids, restriction="")
        .order_by("pk")
        .values_list("pk", "allocated_unit_id")
    ):
        children[unit_id].append(pk)
    members: dict[int, list[tuple[int, str]]] = {u: [] for u in unit_ids}
    names: dict[int, str] = {}
    for unit_id, user_id, role, full_name in (
        Membership.objects.current()
        .filter(unit_id__in=unit_ids)
        .order_by("unit_id", "user_id")
        .values_list("unit_id", "user_id", "role", "user__full_name")
    ):
        members[unit_id].append((user_id, role))
        names[user_id] = full_name

    now = timezone.now()
    today = timezone.localdate()
    rng = random.Random("hearth-demo-clinical")  # noqa: S311
    ids = Ids(ClinicalRequest)
    rows, inputs, chronology = [], [], []
    services = list(Service)
    for unit in units:
        kids = children[unit.pk]
        clinicians = [u for u, r in members[unit.pk] if r == UnitRole.CLINICIAN]
        requesters = [
            u for u, r in members[unit.pk] if r not in (UnitRole.CLINICIAN, UnitRole.UNIT_COORDINATOR)
        ]
        if not kids or not clinicians or not requesters:
            continue
        clinician = clinicians[0]
        strength = practice_profile(unit.code)["clinical"]
        # A strong unit sees a clinician within a few days and has clinical input into three in ten of
        # its families in the year; a struggling one waits two weeks and reaches fewer than one in ten.
        typical_wait = round(2 + 14 * (1 - strength))
        helped = rng.sample(kids, min(len(kids), round((0.02 + 0.32 * strength) * len(kids))))
        for n in range(OPEN_REQUESTS_PER_UNIT + max(CLOSED_REQUESTS_PER_UNIT, len(helped))):
            service = services[0] if n % 3 == 0 or n == 2 else rng.choice(services)
            low, high = WAITS[service]
            if service == Service.CONSULTATION:
                low, high = max(1, typical_wait - 3), typical_wait + 3
            wait = rng.randint(low, high)
            if n < 2:  # still waiting: asked recently
                asked = now - datetime.timedelta(days=rng.randint(1, 30))
                status, first_contact = (Status.REQUESTED if n == 0 else Status.TAKEN), None
            else:
                asked = now - datetime.timedelta(days=rng.randint(wait + 1, DAYS_BACK))
                first_contact = timezone.localtime(asked).date() + datetime.timedelta(days=wait)
                if first_contact > today:
                    first_contact = today
                status = Status.TAKEN if n == 2 or not helped else Status.CLOSED
            taken_at = asked + datetime.timedelta(days=1) if status != Status.REQUESTED else None
            closed_at = None
            pk = ids.take()
            if n < OPEN_REQUESTS_PER_UNIT or not helped:
                child_id = rng.choice(kids)
            else:  # the families the unit's clinician helped (some more than once)
                child_id = helped[(n - OPEN_REQUESTS_PER_UNIT) % len(helped)]
            if status == Status.CLOSED:
                input_at = timezone.make_aware(
                    datetime.datetime.combine(first_contact, datetime.time(15))
                ) + datetime.timedelta(days=rng.randint(0, 7))
                input_at = min(input_at, now)
                closed_at = min(input_at + datetime.timedelta(days=1), now)
                text = rng.choice(INPUTS)
                inputs.append(
                    ClinicalInput(request_id=pk, author_id=clinician, text=text, created_at=input_at)
                )
                chronology.append(
                    (
                        child_id,
                        input_at,
                        EventKind.CLINICAL,
                        f"Clinical input ({service.label}) from {names[clinician]}"[:200],
                        text,
                        False,
                        "clinical.clinicalrequest",
                        pk,
                    )
                )
            rows.append(
                (
                    pk,
                    asked,
                    closed_at or taken_at or asked,
                    unit.pk,
                    child_id,
                    rng.choice(requesters),
                    service.value,
                    rng.choice(QUESTIONS),
                    status.value,
                    clinician if taken_at else None,
                    taken_at,
                    first_contact,
                    closed_at,
                    clinician if closed_at else None,
                )
            )
    _bulk_insert(
        ClinicalRequest,
        [
            "id",
            "created_at",
            "updated_at",
            "unit_id",
            "child_id",
            "requested_by_id",
            "service",
            "question",
            "status",
            "clinician_id",
            "taken_at",
            "first_contact_on",
            "closed_at",
            "closed_by_id",
        ],
        rows,
    )
    ClinicalInput.objects.bulk_create(inputs, batch_size=5000)
    _bulk_insert(
        ChronologyEntry,
        ["child_id", "occurred_at", "kind", "title", "summary", "is_key_event", "source_type", "source_id"],
        chronology,
    )
    if connection.vendor == "postgresql":
        _reset_sequence(ClinicalRequest)
    return len(rows)
