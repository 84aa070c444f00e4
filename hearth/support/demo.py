"""Demo practical requests: for every unit with a coordinator, requests raised by its members over the
last four months: most done (after a few days), some cannot be done, some taken and in progress, some
waiting, a few overdue; progress notes and chronology rows for raised and done. How quickly a unit's
coordinator gets things done, and how often by the day needed, follows the unit's practice profile
("support"; organisation/demo.py).

Deterministic (seeded random numbers; dates relative to the day of seeding), synthetic, idempotent (a
unit that has requests already is left alone) and fast: rows are built in memory with their ids and
written in bulk.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from hearth.cases.demo import Ids, _bulk_insert, _reset_sequence
from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core.presenters import date_in_words
from hearth.core.roles import UnitRole
from hearth.organisation.demo import practice_profile
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child

from .models import PracticalRequest, ProgressNote, RequestKind, Status

REQUESTS_PER_UNIT = 20
DAYS_BACK = 100

NEEDS = {
    RequestKind.TRANSPORT: [
        "A taxi to the contact centre and back on Saturday morning for mother and the two children.",
        "Bus passes for the young person to get to college for the rest of term.",
    ],
    RequestKind.VENUE: [
        "A quiet room near the family's home for the family group conference, for ten people.",
        "A room at the children's centre for the core group meeting, with a buggy space.",
    ],
    RequestKind.LETTER: [
        "A letter to the housing team supporting the family's move to a two-bedroom flat.",
        "A letter to the benefits office confirming that grandmother is caring for the children.",
    ],
    RequestKind.UNIFORM: [
        "School uniform for Year 7: blazer, two shirts, trousers and PE kit, age 11 to 12.",
        "Winter coat and school shoes, size 3, before the new term.",
    ],
    RequestKind.FURNITURE: [
        "A single bed and mattress for the youngest, who is sharing with two siblings.",
        "A cot and a chest of drawers before the baby comes home.",
    ],
    RequestKind.INTERPRETER: [
        "A Polish interpreter for the home visit on Thursday at 4pm.",
        "An Arabic interpreter for the child protection conference, face to face.",
    ],
    RequestKind.CONTACT: [
        "Book a supervised contact session with father at the family centre, fortnightly.",
        "Book contact with the siblings in foster care for the half-term week.",
    ],
    RequestKind.OTHER: [
        "A food bank voucher and a referral for a winter fuel grant.",
        "Help to register the family with a GP near their new address.",
    ],
}
NOTES = [
    "Rang the provider; they will confirm by Friday.",
    "Sent the request by email and chased it this morning.",
    "Spoke to mother about the time that suits her.",
    "Booked provisionally; waiting for the invoice.",
]
DONE = [
    "Booked and confirmed with the family.",
    "Delivered to the family's home.",
    "Sent, with a copy on the file.",
    "Arranged; the worker has the details.",
]
CANNOT = [
    "No venue was free that week; the meeting was held at the office instead.",
    "The provider could not supply in time; the family found one through school.",
]
REQUESTER_ROLES = {
    UnitRole.CONSULTANT_SOCIAL_WORKER,
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
    UnitRole.FAMILY_SUPPORT_WORKER,
}


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        count = _seed()
    return f"{count} practical requests created in {time.perf_counter() - started:.1f} s"


def _seed() -> int:  # noqa: C901 - one pass over the units, building rows in memory
    done_units = set(PracticalRequest.objects.values_list("unit_id", flat=True).distinct())
    units = [u for u in Unit.objects.active().order_by("pk") if u.pk not in done_units]
    if not units:
        return 0
    unit_ids = [u.pk for u in units]
    children: dict[int, list[tuple[int, str]]] = {u: [] for u in unit_ids}
    for pk, unit_id, first, last in (
        Child.objects.filter(allocated_unit_id__in=unit_ids, restriction="")
        .order_by("pk")
        .values_list("pk", "allocated_unit_id", "first_name", "last_name")
    ):
        if len(children[unit_id]) < 40:
            children[unit_id].append((pk, f"{first} {last}"))
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
    rng = random.Random("hearth-demo-support")  # noqa: S311
    ids = Ids(PracticalRequest)
    rows, notes, chronology = [], [], []
    kinds = list(RequestKind)
    for unit in units:
        kids = children[unit.pk]
        coordinators = [u for u, r in members[unit.pk] if r == UnitRole.UNIT_COORDINATOR]
        requesters = [u for u, r in members[unit.pk] if r in REQUESTER_ROLES]
        if not kids or not coordinators or not requesters:
            continue
        coordinator = coordinators[0]
        strength = practice_profile(unit.code)["support"]
        # A strong unit's requests are done in a day or two and nearly always by the day needed; a
        # struggling unit's take a week or more and one in three is late.
        typical_days = 1 + 8 * (1 - strength)
        in_time_share = min(1.0, 0.7 + 0.4 * strength)
        overdue = (1, 3) if strength < 0.45 else (1,)
        for n in range(REQUESTS_PER_UNIT):
            # The first four are open: one waiting, one overdue and waiting, two in progress (one of
            # those overdue too, unless the unit is strong).
            if n < 4:
                asked = now - datetime.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))
                status = Status.RAISED if n < 2 else Status.TAKEN
                due = today + datetime.timedelta(days=rng.randint(1, 14))
                if n in overdue:
                    due = today - datetime.timedelta(days=rng.randint(1, 5))
            else:
                asked = now - datetime.timedelta(days=rng.randint(14, DAYS_BACK), hours=rng.randint(0, 8))
                status = Status.CANNOT if n == 4 else Status.DONE
                due = timezone.localtime(asked).date() + datetime.timedelta(days=rng.randint(3, 21))
            if due < timezone.localtime(asked).date():
                due = timezone.localtime(asked).date()
            kind = rng.choice(kinds)
            needed = rng.choice(NEEDS[kind])
            child_id, _ = rng.choice(kids)
            requester = rng.choice(requesters)
            taken_at = closed_at = None
            outcome = ""
            if status != Status.RAISED:
                taken_at = asked + datetime.timedelta(hours=rng.randint(2, 48))
            if status in (Status.DONE, Status.CANNOT):
                days = rng.uniform(0.3, 1.7) * typical_days
                closed_at = max(asked + datetime.timedelta(days=days), taken_at + datetime.timedelta(hours=1))
                outcome = rng.choice(DONE if status == Status.DONE else CANNOT)
                closed_on = timezone.localtime(closed_at).date()
                asked_on = timezone.localtime(asked).date()
                if status == Status.DONE and rng.random() < in_time_share:
                    due = max(due, closed_on)
                elif status == Status.DONE and closed_on > asked_on:
                    due = max(asked_on, min(due, closed_on - datetime.timedelta(days=rng.randint(1, 6))))
            pk = ids.take()
            rows.append(
                (
                    pk,
                    asked,
                    closed_at or taken_at or asked,
                    unit.pk,
                    child_id,
                    requester,
                    kind.value,
                    needed,
                    due,
                    status.value,
                    coordinator if taken_at else None,
                    taken_at,
                    closed_at,
                    coordinator if closed_at else None,
                    outcome,
                )
            )
            if taken_at:
                notes.append(
                    ProgressNote(
                        request_id=pk,
                        author_id=coordinator,
                        text=rng.choice(NOTES),
                        created_at=taken_at + datetime.timedelta(hours=1),
                    )
                )
            label = RequestKind(kind).label
            chronology.append(
                (
                    child_id,
                    asked,
                    EventKind.SUPPORT,
                    f"Practical help asked for: {label}",
                    f"{needed} Needed by {date_in_words(due)}. Asked by {names[requester]}."[:500],
                    False,
                    "support.practicalrequest",
                    pk,
                )
            )
            if closed_at:
                chronology.append(
                    (
                        child_id,
                        closed_at,
                        EventKind.SUPPORT,
                        f"Practical help done: {label}"
                        if status == Status.DONE
                        else f"Practical help could not be done: {label}",
                        outcome if status == Status.DONE else f"Reason: {outcome}",
                        False,
                        "support.practicalrequest",
                        pk,
                    )
                )
    _bulk_insert(
        PracticalRequest,
        [
            "id",
            "created_at",
            "updated_at",
            "unit_id",
            "child_id",
            "requested_by_id",
            "kind",
            "needed",
            "due_on",
            "status",
            "assigned_to_id",
            "taken_at",
            "closed_at",
            "closed_by_id",
            "outcome",
        ],
        rows,
    )
    ProgressNote.objects.bulk_create(notes, batch_size=5000)
    _bulk_insert(
        ChronologyEntry,
        ["child_id", "occurred_at", "kind", "title", "summary", "is_key_event", "source_type", "source_id"],
        chronology,
    )
    if connection.vendor == "postgresql":
        _reset_sequence(PracticalRequest)
    return len(rows)
