"""Demo data for priorities: two versions of the weights (v1 from the principal social worker, v2 from
a head of service raising neglect and recent police contacts), the tiers with them, need factors
recorded for some children with an open case (police contacts, hospital attendances, missing
episodes...), six months of time logged by every caseholding worker (confirmed weeks, direct work with
named children) and the social worker's email digest switched on. Scores are not seeded: they are
worked out when read (ADR 0009).

Deterministic (seeded random numbers; dates relative to the day of seeding), synthetic, idempotent (each
part is skipped when its rows exist) and fast (bulk inserts).
"""

from __future__ import annotations

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from hearth.cases.demo import Ids, _bulk_insert, _reset_sequence
from hearth.cases.models import ChildProtectionPlan, LookedAfterEpisode, Referral
from hearth.organisation.models import Membership
from hearth.people.models import Child

from . import scoring
from .models import (
    Activity,
    Configuration,
    DigestPreference,
    FactorKind,
    RecordedFactor,
    TimeEntry,
    WeekConfirmation,
)
from .selectors.load import CASEHOLDING_ROLES

WEEKS = 26
FACTOR_SHARE = 5  # one child in five with an open case has a recorded factor
FACTOR_NOTES = {
    FactorKind.POLICE: [
        "Police called to the home after a neighbour heard shouting.",
        "Police log shared by the MASH.",
    ],
    FactorKind.HOSPITAL: [
        "Seen at A&E with a head injury; explanation consistent.",
        "Admitted overnight with asthma.",
    ],
    FactorKind.MISSING: [
        "Missing overnight; found at a friend's house.",
        "Did not return from school; home by 10pm.",
    ],
    FactorKind.SCHOOL_EXCLUSION: ["Fixed-term exclusion of three days."],
    FactorKind.HOUSING: ["Notice to quit served; family at risk of homelessness."],
}
# Minutes a week by activity for a full-time worker: about 37 hours, a third with families.
WEEK_MINUTES = {
    Activity.DIRECT: (540, 840),
    Activity.TRAVEL: (180, 300),
    Activity.RECORDING: (420, 600),
    Activity.MEETINGS: (240, 360),
    Activity.SUPERVISION: (60, 120),
    Activity.ADMIN: (120, 240),
}


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        versions = _configuration()
        factors = _factors()
        entries = _time()
        _digest()
    return (
        f"{versions} weights versions, {factors} need factors and {entries} time entries created "
        f"in {time.perf_counter() - started:.1f} s"
    )


def _person(role: str):
    return get_user_model().objects.filter(email=f"{role}@demo.hearth.test").first()


def _configuration() -> int:
    if Configuration.objects.exists():
        return 0
    now = timezone.now()
    base = {
        "weights": dict(scoring.DEFAULT_WEIGHTS),
        "tiers": [dict(t) for t in scoring.DEFAULT_TIERS],
        "episode_weights": dict(scoring.DEFAULT_EPISODE_WEIGHTS),
        "points_per_fte": scoring.DEFAULT_POINTS_PER_FTE,
    }
    Configuration.objects.create(
        number=1,
        created_by=_person("principal-social-worker"),
        created_at=now - datetime.timedelta(days=120),
        reason="First weights, agreed at the practice leadership group from the audit of 60 cases",
        **base,
    )
    second = {**base, "weights": {**base["weights"], "cp-plan-NEG": 35, "recorded-police": 10}}
    Configuration.objects.create(
        number=2,
        created_by=_person("head-of-service"),
        created_at=now - datetime.timedelta(days=30),
        reason="Neglect and repeat police contacts were under-weighted in the quarterly audit",
        **second,
    )
    return 2


def _open_children():
    referral = Referral.objects.filter(child=OuterRef("pk"), cin_closure_date__isnull=True)
    looked_after = LookedAfterEpisode.objects.filter(child=OuterRef("pk"), dec__isnull=True)
    return Child.objects.filter(allocated_unit__isnull=False).filter(
        Q(Exists(referral)) | Q(Exists(looked_after))
    )


def _factors() -> int:
    if RecordedFactor.objects.exists():
        return 0
    rng = random.Random("hearth-demo-priorities-factors")  # noqa: S311
    today = timezone.localdate()
    now = timezone.now()
    rows = []
    for pk, lead_id in (
        _open_children().filter(lead_worker__isnull=False).order_by("pk").values_list("pk", "lead_worker_id")
    ):
        if rng.randrange(FACTOR_SHARE):
            continue
        for _ in range(rng.choice((1, 1, 2))):
            kind = rng.choice(list(FACTOR_NOTES))
            rows.append(
                RecordedFactor(
                    child_id=pk,
                    kind=kind,
                    occurred_on=today - datetime.timedelta(days=rng.randint(1, 120)),
                    note=rng.choice(FACTOR_NOTES[kind]),
                    recorded_by_id=lead_id,
                    recorded_at=now,
                )
            )
    RecordedFactor.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _time() -> int:
    if TimeEntry.objects.exists():
        return 0
    rng = random.Random("hearth-demo-priorities-time")  # noqa: S311
    today = timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=w) for w in range(WEEKS, 0, -1)]
    workers: dict[int, int] = {}
    for user_id, unit_id in (
        Membership.objects.current()
        .filter(role__in=CASEHOLDING_ROLES, unit__is_active=True)
        .order_by("user_id", "unit_id")
        .values_list("user_id", "unit_id")
    ):
        workers.setdefault(user_id, unit_id)
    cp = set(
        ChildProtectionPlan.objects.filter(cpp_end_date__isnull=True).values_list(
            "referral__child_id", flat=True
        )
    )
    led: dict[int, list[int]] = {}
    for pk, lead_id in (
        _open_children().filter(lead_worker_id__in=list(workers)).values_list("pk", "lead_worker_id")
    ):
        led.setdefault(lead_id, []).append(pk)
    ids = Ids(TimeEntry)
    now = timezone.now()
    rows, confirmations = [], []
    for user_id, unit_id in workers.items():
        children = sorted(led.get(user_id, []))
        # Intensive cases first: the better units give them more of the direct work.
        intensive = [c for c in children if c in cp]
        focus = rng.random()
        for monday in mondays:
            for activity, (low, high) in WEEK_MINUTES.items():
                minutes = rng.randint(low, high)
                if activity == Activity.DIRECT and children:
                    # Direct work in three parts, each with one child.
                    for part in (0.5, 0.3, 0.2):
                        pool = intensive if intensive and rng.random() < focus else children
                        child = rng.choice(pool)
                        rows.append(
                            (
                                ids.take(),
                                user_id,
                                unit_id,
                                monday,
                                activity.value,
                                max(int(minutes * part), 1),
                                child,
                                0 if child in cp else 2,
                                True,
                                now,
                            )
                        )
                    continue
                rows.append(
                    (ids.take(), user_id, unit_id, monday, activity.value, minutes, None, None, True, now)
                )
            confirmations.append(WeekConfirmation(user_id=user_id, week_starting=monday, confirmed_at=now))
    _bulk_insert(
        TimeEntry,
        [
            "id",
            "user_id",
            "unit_id",
            "week_starting",
            "activity",
            "minutes",
            "child_id",
            "tier_rank",
            "prefilled",
            "created_at",
        ],
        rows,
    )
    WeekConfirmation.objects.bulk_create(confirmations, batch_size=5000)
    if connection.vendor == "postgresql":
        _reset_sequence(TimeEntry)
    return len(rows)


def _digest() -> None:
    worker = _person("social-worker")
    if worker is not None:
        DigestPreference.objects.get_or_create(user=worker, defaults={"wants_email": True})
