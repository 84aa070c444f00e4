"""Demo facts about looked-after children that the SSDA903 return needs: reviews, missing episodes,
UASC status, health outcomes (OC2), previous permanence, decisions to place for adoption, and a unique
pupil number for every looked-after child of school age.

Called by the cases demo seed after the episodes are written. Idempotent (nothing is added when the
authority already has looked-after reviews), deterministic (one seeded random generator) and written
in bulk: a few seconds for the large authority.
"""

from __future__ import annotations

import datetime
import random

from hearth.people.models import Child
from hearth.people.validators import upn_check_letter

from .codes import PreviousPermanence, ReviewParticipation, SdqReason
from .models import (
    HealthOutcome,
    LookedAfterEpisode,
    LookedAfterReview,
    MissingEpisode,
    PlacementForAdoptionDecision,
    PreviousPermanenceOrder,
    UascStatus,
)

BATCH = 5000
ATTENDED = [c for c in ReviewParticipation.values if c != ReviewParticipation.PN0]


def _years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _age(dob: datetime.date, on: datetime.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def demo_upn(child_id: int) -> str:
    """A well-formed UPN (check letter and all) made from the child's id: synthetic, never issued."""
    body = f"999{child_id % 100:02d}{child_id % 10_000_000:07d}"
    return upn_check_letter(body) + body


def _year_ends(start: datetime.date, today: datetime.date) -> list[datetime.date]:
    """31 March of the collection years from the one `start` is in to the current one."""
    first = start.year if start.month >= 4 else start.year - 1
    last = today.year if today.month >= 4 else today.year - 1
    return [datetime.date(y + 1, 3, 31) for y in range(first, last + 1)]


def seed_looked_after_facts(today: datetime.date, seed: int = 903) -> dict[str, int]:
    if LookedAfterReview.objects.exists():
        return {}
    rng = random.Random(seed)
    starts: dict[int, datetime.date] = {}
    open_children: set[int] = set()
    for child_id, decom, dec in LookedAfterEpisode.objects.order_by("child_id", "decom").values_list(
        "child_id", "decom", "dec"
    ):
        starts.setdefault(child_id, decom)
        if dec is None:
            open_children.add(child_id)
    children = {
        pk: (dob, upn, uasc)
        for pk, dob, upn, uasc in Child.objects.filter(pk__in=list(starts)).values_list(
            "pk", "date_of_birth", "upn", "uasc"
        )
    }
    reviews, missing, uasc, health, prev_perm, placed, upns = [], [], [], [], [], [], []
    for child_id in sorted(starts):
        dob, upn, is_uasc = children[child_id]
        started = starts[child_id]
        if dob is None:
            continue
        if not upn and _years(dob, 4) <= today:
            upns.append(Child(pk=child_id, upn=demo_upn(child_id)))
        # Reviews: within 20 working days, then at three months, then every six months.
        review = started + datetime.timedelta(days=rng.randint(14, 26))
        gaps = iter([rng.randint(80, 90)] + [rng.randint(170, 182) for _ in range(40)])
        while review <= today:
            code = ReviewParticipation.PN0 if _age(dob, review) < 4 else rng.choice(ATTENDED)
            reviews.append(LookedAfterReview(child_id=child_id, review=review, review_code=code))
            review += datetime.timedelta(days=next(gaps))
        # Missing or away from placement: some teenagers, once or twice, back within a few days.
        if _age(dob, today) >= 12 and rng.random() < 0.15:
            day = started + datetime.timedelta(days=rng.randint(10, 60))
            for _ in range(rng.randint(1, 2)):
                if day + datetime.timedelta(days=4) > today:
                    break
                end = day + datetime.timedelta(days=rng.randint(0, 3))
                missing.append(
                    MissingEpisode(child_id=child_id, missing=rng.choice("MA"), mis_start=day, mis_end=end)
                )
                day = end + datetime.timedelta(days=rng.randint(20, 120))
        if is_uasc:
            uasc.append(UascStatus(child_id=child_id))
        # Outcomes of every year the child will have been looked after for 12 months at 31 March.
        if child_id in open_children:
            for year_end in _year_ends(started, today):
                if started > _years(year_end, -1):
                    continue
                age = _age(dob, year_end)
                scored = 4 <= age <= 17 and rng.random() < 0.9
                health.append(
                    HealthOutcome(
                        child_id=child_id,
                        year_ending=year_end,
                        sdq_score=rng.randint(4, 30) if scored else None,
                        sdq_reason=""
                        if scored
                        else (SdqReason.SDQ1 if not 4 <= age <= 17 else SdqReason.SDQ4),
                        convicted=age >= 10 and rng.random() < 0.03,
                        health_check=rng.random() < 0.9,
                        immunisations=rng.random() < 0.88,
                        teeth_check=rng.random() < 0.8,
                        health_assessment=rng.random() < 0.9,
                        substance_misuse=age >= 12 and rng.random() < 0.05,
                        intervention_received=None,
                        intervention_offered=None,
                    )
                )
        if rng.random() < 0.04:
            prev_perm.append(
                PreviousPermanenceOrder(
                    child_id=child_id,
                    prev_perm=rng.choice((PreviousPermanence.P2, PreviousPermanence.P3)),
                    la_perm="",
                    date_perm=started - datetime.timedelta(days=rng.randint(400, 1500)),
                )
            )
        if _age(dob, today) < 5 and rng.random() < 0.2:
            placed.append(
                PlacementForAdoptionDecision(
                    child_id=child_id, date_placed=started + datetime.timedelta(days=rng.randint(60, 200))
                )
            )
    placed = [p for p in placed if p.date_placed <= today]
    for rows in (reviews, missing, uasc, health, prev_perm, placed):
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=BATCH)
    Child.objects.bulk_update(upns, ["upn"], batch_size=2000)
    return {
        "looked-after reviews": len(reviews),
        "missing episodes": len(missing),
        "health outcomes": len(health),
        "UPNs": len(upns),
    }
