"""Demo feedback: for every active unit, feedback links sent by its workers over the last six months
(about half used), the responses they brought (most anonymous, some named), compliments, complaints,
suggestions and staff feedback recorded by staff; older feedback read and marked (mostly acted on), a few
items published as "you said, we did", the latest few still to read.

Deterministic (seeded random numbers; dates relative to the day of seeding), synthetic, idempotent (a unit
that has links already is left alone) and fast: rows are built in memory and written in bulk. The demo
links' hashes are of values nobody holds, so no demo link works: send one to try the form.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import time
import uuid

from django.db import connection, transaction
from django.utils import timezone

from hearth.cases.demo import _bulk_insert, _copy_objects
from hearth.core.roles import UnitRole
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child

from .models import (
    LINK_DAYS,
    FormVersion,
    Invitation,
    Kind,
    Listened,
    Recipient,
    Response,
    Status,
    week_start,
)

LINKS_PER_UNIT = 26  # about one a week for six months
DAYS_BACK = 182
SENDER_ROLES = {
    UnitRole.CONSULTANT_SOCIAL_WORKER,
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
    UnitRole.FAMILY_SUPPORT_WORKER,
}
HELPED = [
    "My worker came when she said she would and explained what would happen next.",
    "Being able to talk on my own without my mum there.",
    "The family meeting where everyone wrote down the plan together.",
    "Help with the bus pass so I could get to college.",
    "That you listened when I said I did not want to move schools.",
    "",
]
DIFFERENTLY = [
    "Tell us sooner when a meeting is moved.",
    "Ring before you come round, the baby is often asleep.",
    "Use fewer long words in the letters.",
    "Let me see the same worker instead of new ones.",
    "Meet somewhere that is not the office.",
    "",
]
SAID = {
    Kind.COMPLIMENT: [
        "Thank you to the unit for the support at the conference; we felt heard for the first time.",
        "Grandmother rang to say the help with the school uniform made a real difference.",
    ],
    Kind.COMPLAINT: [
        "A parent complained that a visit was cancelled at short notice twice in a month.",
        "A letter about the review meeting arrived after the meeting had happened.",
    ],
    Kind.SUGGESTION: [
        "A young person suggested a text reminder the day before each visit.",
        "Foster carers asked for the contact timetable to be shared a month ahead.",
    ],
    Kind.STAFF: [
        "The Tuesday unit meeting runs over; could case discussions have a set time each?",
        "New starters would like to shadow a consultant on two home visits in their first month.",
    ],
}
ACTED = [
    "We now text families the day before every visit.",
    "Letters are checked by the coordinator for plain words before they go out.",
    "The unit meeting has a time for each case, written on the agenda.",
    "Visits are booked for the same worker wherever we can.",
]
NOT_ACTED = [
    "The venue is set by the court, so we cannot change it; we explained this to the family.",
    "We looked at this but cannot offer evening visits with the staff we have; we will look again in spring.",
]
PUBLISHED = [
    (
        "Visits were moved at short notice.",
        "We now text the day before every visit, and again if anything changes.",
    ),
    (
        "Letters used too many long words.",
        "The coordinator checks every letter for plain words before it goes out.",
    ),
    ("You wanted to see the same worker.", "We book visits with the same worker wherever we can."),
    ("Meetings at the office felt formal.", "Families can ask to meet at the children's centre or at home."),
]


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        links, responses = _seed()
    return (
        f"{links} feedback links and {responses} responses created in {time.perf_counter() - started:.1f} s"
    )


def _hash(*parts) -> str:
    return hashlib.sha256(":".join(str(p) for p in ("hearth-demo-feedback", *parts)).encode()).hexdigest()


def _seed() -> tuple[int, int]:  # noqa: C901, PLR0915 - one pass over the units, building rows in memory
    done = set(Invitation.objects.values_list("unit_id", flat=True).distinct())
    units = [u.pk for u in Unit.objects.active().order_by("pk") if u.pk not in done]
    if not units:
        return 0, 0
    children: dict[int, list[int]] = {u: [] for u in units}
    for pk, unit_id in (
        Child.objects.filter(allocated_unit_id__in=units, restriction="")
        .order_by("pk")
        .values_list("pk", "allocated_unit_id")
    ):
        if len(children[unit_id]) < 30:
            children[unit_id].append(pk)
    senders: dict[int, list[int]] = {u: [] for u in units}
    for unit_id, user_id, role in (
        Membership.objects.current()
        .filter(unit_id__in=units)
        .order_by("unit_id", "user_id")
        .values_list("unit_id", "user_id", "role")
    ):
        if role in SENDER_ROLES:
            senders[unit_id].append(user_id)
    now = timezone.now()
    today = timezone.localdate()
    rng = random.Random("hearth-demo-feedback")  # noqa: S311
    invitations, responses = [], []

    def mark(fields: dict, received_on: datetime.date, marker: int, n: int) -> None:
        """Older feedback is read and marked; the latest stays to read."""
        age = (today - received_on).days
        if fields["visible_from"] > today or age < 7:
            return
        if age < 14 and n % 2:
            fields |= {"status": Status.UNREAD}
            return
        read_at = timezone.make_aware(
            datetime.datetime.combine(fields["visible_from"], datetime.time(9 + rng.randint(0, 7)))
        )
        fields |= {"status": Status.READ, "read_at": read_at, "read_by_id": marker}
        if age < 21 and n % 3 == 0:
            return
        marked_at = min(read_at + datetime.timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 6)), now)
        acted = rng.random() < 0.8
        fields |= {
            "status": Status.ACTED if acted else Status.NOT_ACTED,
            "marked_at": marked_at,
            "marked_by_id": marker,
            "outcome": rng.choice(ACTED if acted else NOT_ACTED),
        }

    for unit_id in units:
        kids, workers = children[unit_id], senders[unit_id]
        if not kids or not workers:
            continue
        published = 0
        for n in range(LINKS_PER_UNIT):
            sent_at = now - datetime.timedelta(days=rng.randint(1, DAYS_BACK), hours=rng.randint(0, 8))
            worker = rng.choice(workers)
            child = rng.choice(kids)
            used = rng.random() < 0.55 and sent_at < now - datetime.timedelta(days=2)
            recipient = rng.choice(list(Recipient))
            version = (
                FormVersion.YOUNGER
                if recipient == Recipient.YOUNG_PERSON and n % 3 == 0
                else FormVersion.STANDARD
            )
            invitations.append(
                Invitation(
                    unit_id=unit_id,
                    child_id=child,
                    sent_by_id=worker,
                    recipient=recipient,
                    version=version,
                    token_hash=_hash("token", unit_id, n),
                    code_hash=_hash("code", unit_id, n),
                    sent_at=sent_at,
                    expires_at=sent_at + datetime.timedelta(days=LINK_DAYS),
                    used=used,
                )
            )
            if not used:
                continue
            given = min(
                timezone.localtime(sent_at).date() + datetime.timedelta(days=rng.randint(0, 10)), today
            )
            named = rng.random() < 0.35
            fields = {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "unit_id": unit_id,
                "kind": Kind.FAMILY,
                "via_form": True,
                "version": version,
                "listened": rng.choice([Listened.YES, Listened.YES, Listened.SOMETIMES, Listened.NO]),
                "helped": rng.choice(HELPED),
                "differently": rng.choice(DIFFERENTLY),
            }
            if named:
                fields |= {
                    "named": True,
                    "child_id": child,
                    "sent_by_id": worker,
                    "from_whom": Recipient(recipient).label,
                    "received_on": given,
                    "visible_from": given,
                }
            else:
                monday = week_start(given)
                fields |= {"received_on": monday, "visible_from": monday + datetime.timedelta(days=7)}
            mark(fields, fields["received_on"], rng.choice(workers), n)
            if fields.get("status") == Status.ACTED and published < 3 and n % 2 == 0:
                you_said, we_did = PUBLISHED[(unit_id + published) % len(PUBLISHED)]
                fields |= {"publish": True, "you_said": you_said, "we_did": we_did}
                published += 1
            responses.append(fields)
        for i, kind in enumerate(SAID):
            received = today - datetime.timedelta(days=rng.randint(3, DAYS_BACK))
            recorder = rng.choice(workers)
            fields = {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "unit_id": unit_id,
                "kind": kind,
                "said": rng.choice(SAID[kind]),
                "received_on": received,
                "visible_from": received,
                "recorded_by_id": recorder,
            }
            mark(fields, received, recorder, i)
            responses.append(fields)
    _copy_objects(Invitation, invitations, now)
    _insert_responses(responses)
    return len(invitations), len(responses)


def _insert_responses(responses: list[dict]) -> None:
    """Write responses in bulk (COPY on PostgreSQL), each field's default where the row has no value."""
    fields = Response._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields if not f.primary_key}
    native_uuid = connection.vendor == "postgresql"
    rows = []
    for given in responses:
        values = defaults | {
            (k if k.endswith("_id") or k == "id" else _attname(k)): v for k, v in given.items()
        }
        values["id"] = values["id"] if native_uuid else values["id"].hex
        rows.append(tuple(values[f.attname] for f in fields))
    _bulk_insert(Response, [f.column for f in fields], rows)


def _attname(name: str) -> str:
    return Response._meta.get_field(name).attname
