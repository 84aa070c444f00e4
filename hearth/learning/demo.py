"""Demo learning: once for the authority, a published serious success review (children involved, findings,
recommendations, actions with one done and one on the social worker's work list), a rapid review in
progress, a published local child safeguarding practice review and a near miss taken into a review and
published; for every unit, near misses (some without the reporter's name shown) and a practice
experiment (running, overdue for review, waiting to be agreed, finished or published, in turn) and
actions from the local practice review for the unit's staff. How many near misses a unit reports, how
many experiments it runs and publishes, and how many of its review actions are done on time follow the
unit's practice profile ("learning"; organisation/demo.py).

Deterministic (seeded random numbers; dates relative to the day of seeding), synthetic, idempotent (the
authority's reviews are made once; a unit with experiments already is left alone) and fast: rows are
built in memory and written in bulk.
"""

from __future__ import annotations

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hearth.core.roles import OrgRole, UnitRole
from hearth.organisation.demo import practice_profile
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child

from .models import (
    ActionStatus,
    EntrySource,
    EntryTheme,
    Experiment,
    ExperimentStatus,
    LearningEntry,
    LearningReview,
    NearMiss,
    NearMissStatus,
    Recommendation,
    ReviewAction,
    ReviewChild,
    ReviewKind,
    ReviewStatus,
    Theme,
)

DOMAIN = "demo.hearth.test"

NEAR_MISSES = [
    (
        Theme.DOMESTIC_ABUSE,
        "A letter about a child protection conference was nearly sent to the father's address, where the "
        "mother had left because of his violence.",
        "The coordinator checked the latest address note before posting it.",
    ),
    (
        Theme.MULTI_AGENCY,
        "A strategy discussion was about to start without the school, who had raised the newest concern.",
        "The consultant asked who had referred before the meeting began.",
    ),
    (
        Theme.RECORDING,
        "A visit note was saved on the wrong sibling's record.",
        "The lead worker noticed when reading the chronology and moved it the same day.",
    ),
    (
        Theme.BABIES,
        "A pre-birth assessment was nearly closed before the baby's expected date of birth.",
        "The team manager's weekly list showed the due date.",
    ),
    (
        Theme.EXPLOITATION,
        "A young person missing overnight was nearly recorded as 'staying with a friend' without checks.",
        "The duty worker rang the friend's parent and then the police.",
    ),
    (
        Theme.MENTAL_HEALTH,
        "A parent's change of medication was not passed on before a planned overnight stay.",
        "The family support worker asked about it at the pre-visit call.",
    ),
]

EXPERIMENTS = [
    (
        "Evening visits for working fathers",
        [Theme.FATHERS],
        "Fathers who work during the day will take part more if we visit after 6pm.",
        "Offer every family with a working father an evening visit each month for three months.",
        "Families on child in need plans where the father works during the day.",
        "More fathers at visits and at child in need reviews than in the three months before.",
    ),
    (
        "Walk-and-talk sessions with teenagers",
        [Theme.ADOLESCENTS, Theme.CHILDS_VOICE],
        "Young people will say more side by side, walking, than across a table.",
        "Hold direct work as a walk in a place the young person chooses.",
        "Young people aged 13 to 17 who have not engaged with office sessions.",
        "Young people's own words in plans; sessions attended; what they tell us about it.",
    ),
    (
        "Family network meetings before the first conference",
        [Theme.MULTI_AGENCY, Theme.NEGLECT],
        "Bringing the wider family in early will give more safety options for children.",
        "Hold a family network meeting within ten working days of a strategy discussion.",
        "Families where a child protection conference is likely.",
        "Number of family members in safety plans; children kept at home safely.",
    ),
    (
        "Writing records to the child",
        [Theme.RECORDING, Theme.CHILDS_VOICE],
        "Records written to the child will be clearer and kinder for when they read them later.",
        "Write visit notes addressed to the child for three months.",
        "Children in care aged 8 and over.",
        "Audit of clarity; what children say when they read them with their worker.",
    ),
    (
        "Shared substance-misuse worker in the unit meeting",
        [Theme.SUBSTANCE_MISUSE, Theme.MULTI_AGENCY],
        "A substance-misuse worker at the weekly meeting will bring help in sooner.",
        "Invite the substance-misuse service to the unit meeting every fortnight.",
        "Families where a parent's drinking or drug use worries us.",
        "Days from first concern to first appointment with the service.",
    ),
]


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        reviews = _seed_reviews()
        near_misses, experiments = _seed_units()
    return (
        f"{reviews} learning reviews, {near_misses} near misses and {experiments} practice experiments created "
        f"in {time.perf_counter() - started:.1f} s"
    )


def _user(email: str):
    return get_user_model().objects.filter(email=email).first()


def _seed_reviews() -> int:  # noqa: C901 - the authority's showcase reviews, written once
    if LearningReview.objects.exists():
        return 0
    psw = _user(f"{OrgRole.PRINCIPAL_SOCIAL_WORKER}@{DOMAIN}")
    quality = _user(f"{OrgRole.QUALITY_LEAD}@{DOMAIN}") or psw
    worker = _user(f"{UnitRole.SOCIAL_WORKER}@{DOMAIN}")
    manager = _user(f"{OrgRole.TEAM_MANAGER}@{DOMAIN}")
    coordinator = _user(f"{UnitRole.UNIT_COORDINATOR}@{DOMAIN}")
    if psw is None or worker is None:
        return 0
    unit = Unit.objects.filter(memberships__user=worker).order_by("pk").first()
    kids = list(Child.objects.filter(allocated_unit=unit, restriction="").order_by("pk")[:3]) if unit else []
    now = timezone.now()
    today = timezone.localdate()
    period_start = today - datetime.timedelta(days=365)

    success = LearningReview.objects.create(
        kind=ReviewKind.SERIOUS_SUCCESS,
        title="Three brothers who stayed at home: what made the difference",
        scope="Why a family at the edge of care proceedings is now safely together, and what we can repeat.",
        period_start=period_start,
        period_end=today,
        themes=[Theme.NEGLECT, Theme.FATHERS, Theme.MULTI_AGENCY],
        unit=unit,
        opened_by=psw,
        status=ReviewStatus.PUBLISHED,
        what_helped=(
            "The same lead worker stayed for two years and the unit knew the family. The father was invited "
            "to every meeting and given evening visits. The school's family support worker came to core "
            "groups. The unit meeting tested two hypotheses about the home conditions before deciding."
        ),
        what_got_in_the_way=(
            "Housing information came late because housing officers were not invited to core groups. "
            "Recording took the worker away from the family in the busiest weeks; the visit form asked for "
            "the same facts twice."
        ),
        what_we_will_do=(
            "Invite housing to core groups from the first meeting. Offer evening visits to working fathers "
            "as a matter of course. Shorten the visit form so facts are recorded once."
        ),
        submitted_at=now - datetime.timedelta(days=40),
        published_at=now - datetime.timedelta(days=30),
        published_by=psw,
    )
    rapid = LearningReview.objects.create(
        kind=ReviewKind.RAPID,
        title="Rapid review after a serious injury to a baby, autumn",
        scope="What happened in the weeks before the injury; whether a local practice review is needed.",
        period_start=today - datetime.timedelta(days=120),
        period_end=today - datetime.timedelta(days=5),
        themes=[Theme.BABIES, Theme.MULTI_AGENCY],
        unit=unit,
        opened_by=quality,
        status=ReviewStatus.DRAFT,
        what_helped="Health visitors shared their concerns within a day.",
    )
    lcspr = LearningReview.objects.create(
        kind=ReviewKind.LCSPR,
        title="Local practice review: a young person exploited through county lines",
        scope="How agencies recognised and responded to criminal exploitation over eighteen months.",
        themes=[Theme.EXPLOITATION, Theme.ADOLESCENTS, Theme.MULTI_AGENCY],
        opened_by=psw,
        status=ReviewStatus.PUBLISHED,
        what_helped="A youth worker the young person trusted kept in touch through every move.",
        what_got_in_the_way=(
            "Missing episodes were recorded by three agencies in three systems, so nobody saw the pattern. "
            "Return home interviews were offered in office hours only."
        ),
        what_we_will_do=(
            "One missing-episode list shared across agencies each morning; return home interviews offered "
            "in the evening and at weekends."
        ),
        submitted_at=now - datetime.timedelta(days=200),
        published_at=now - datetime.timedelta(days=180),
        published_by=psw,
    )
    near_miss_review = LearningReview.objects.create(
        kind=ReviewKind.NEAR_MISS,
        title="Near miss: domestic abuse, a letter nearly sent to the wrong address",
        scope=NEAR_MISSES[0][1],
        themes=[Theme.DOMESTIC_ABUSE, Theme.RECORDING],
        unit=unit,
        opened_by=psw,
        status=ReviewStatus.PUBLISHED,
        what_helped="The coordinator's habit of checking the latest address note before posting.",
        what_got_in_the_way="Letters took the address from the household record, which was out of date.",
        what_we_will_do="Letters take the address from the newest address note, and show the date it was recorded.",
        submitted_at=now - datetime.timedelta(days=70),
        published_at=now - datetime.timedelta(days=60),
        published_by=quality,
    )
    NearMiss.objects.create(
        reported_by=coordinator or worker,
        hide_name=True,
        unit=unit,
        what_happened=NEAR_MISSES[0][1],
        what_stopped_harm=NEAR_MISSES[0][2],
        theme=NEAR_MISSES[0][0],
        reported_at=now - datetime.timedelta(days=90),
        status=NearMissStatus.IN_REVIEW,
        review=near_miss_review,
    )
    ReviewChild.objects.bulk_create(
        [ReviewChild(review=r, child=k, added_by=psw) for r in (success, rapid) for k in kids]
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(review=success, text="Make housing a standing member of core groups."),
            Recommendation(review=success, text="Offer evening visits to working fathers by default."),
            Recommendation(review=lcspr, text="Share missing episodes across agencies every morning."),
            Recommendation(
                review=near_miss_review, text="Take letter addresses from the newest address note."
            ),
        ]
    )
    ReviewAction.objects.bulk_create(
        [
            ReviewAction(
                review=success,
                description="Write housing into the core group terms of reference",
                owner=manager or psw,
                due_on=today - datetime.timedelta(days=10),
                status=ActionStatus.DONE,
                done_at=now - datetime.timedelta(days=12),
                done_note="Agreed with the housing lead; in the terms from this month.",
            ),
            ReviewAction(
                review=success,
                description="Share the evening-visit rota with the unit and offer it to two families",
                owner=worker,
                due_on=today + datetime.timedelta(days=14),
            ),
            ReviewAction(
                review=success,
                description="Bring the shorter visit form to the practice board",
                owner=psw,
                due_on=today - datetime.timedelta(days=2),
            ),
            ReviewAction(
                review=rapid,
                description="Gather the health visiting records for the period",
                owner=quality,
                due_on=today + datetime.timedelta(days=5),
            ),
        ]
    )
    entries = []
    for review in (success, lcspr, near_miss_review):
        entries.append(
            LearningEntry(
                source=EntrySource.REVIEW,
                kind_label=review.get_kind_display(),
                title=review.title,
                themes=review.themes,
                what_helped=review.what_helped,
                what_got_in_the_way=review.what_got_in_the_way,
                what_we_will_do=review.what_we_will_do,
                recommendations=[r.text for r in Recommendation.objects.filter(review=review)],
                published_at=review.published_at,
                review=review,
            )
        )
    _write_entries(entries)
    return 4


def _write_entries(entries: list[LearningEntry]) -> None:
    LearningEntry.objects.bulk_create(entries, batch_size=2000)
    if entries and entries[0].pk is None:  # a database that does not return ids from a bulk insert
        entries = list(LearningEntry.objects.order_by("-pk")[: len(entries)])[::-1]
    EntryTheme.objects.bulk_create(
        [EntryTheme(entry_id=e.pk, theme=t) for e in entries for t in e.themes], batch_size=5000
    )


def _seed_units() -> tuple[int, int]:  # noqa: C901 - one pass over the units, building rows in memory
    done = set(Experiment.objects.exclude(unit=None).values_list("unit_id", flat=True).distinct())
    units = [u for u in Unit.objects.active().order_by("pk") if u.pk not in done]
    if not units:
        return 0, 0
    members: dict[int, list[tuple[int, str]]] = {u.pk: [] for u in units}
    for unit_id, user_id, role in (
        Membership.objects.current()
        .filter(unit_id__in=list(members))
        .order_by("unit_id", "user_id")
        .values_list("unit_id", "user_id", "role")
    ):
        members[unit_id].append((user_id, role))
    managers = {u.pk: u.manager_id for u in units}
    psw = _user(f"{OrgRole.PRINCIPAL_SOCIAL_WORKER}@{DOMAIN}")
    now = timezone.now()
    rng = random.Random("hearth-demo-learning")  # noqa: S311
    lcspr = LearningReview.objects.filter(kind=ReviewKind.LCSPR).order_by("pk").first()
    near_misses, experiments, actions = [], [], []
    for n, unit in enumerate(units):
        people = [u for u, r in members[unit.pk] if r != UnitRole.STUDENT]
        if not people:
            continue
        strength = practice_profile(unit.code)["learning"]
        # A strong unit reports near misses, runs two or three experiments and publishes one, and does
        # its review actions on time; a struggling one reports little, only proposes, and runs late.
        for k in range((strength >= 0.15) + (strength > 0.4) + (strength > 0.75)):
            theme, happened, stopped = NEAR_MISSES[1 + (n + k) % (len(NEAR_MISSES) - 1)]
            near_misses.append(
                NearMiss(
                    reported_by_id=rng.choice(people),
                    hide_name=rng.random() < 0.4,
                    unit=unit,
                    what_happened=happened,
                    what_stopped_harm=stopped,
                    theme=theme,
                    reported_at=now - datetime.timedelta(days=rng.randint(1, 150), hours=rng.randint(0, 8)),
                )
            )
        first = [
            ExperimentStatus.RUNNING,
            ExperimentStatus.RUNNING,
            ExperimentStatus.PUBLISHED,
            ExperimentStatus.PROPOSED,
            ExperimentStatus.FINISHED,
        ][n % 5]
        tried = [(first if strength >= 0.25 else ExperimentStatus.PROPOSED, n % 5 == 1)]
        if strength > 0.45:
            tried.append((ExperimentStatus.RUNNING, False))
        if strength > 0.6:
            tried.append((ExperimentStatus.PUBLISHED, False))
        for extra, (status, overdue) in enumerate(tried):
            decider = managers.get(unit.pk) or (psw.pk if psw else None)
            experiments.append(_experiment(rng, unit, n + extra, status, overdue, people, decider, now))
        if lcspr is not None:
            actions += _review_actions(rng, lcspr, people, strength, now)
    NearMiss.objects.bulk_create(near_misses, batch_size=2000)
    Experiment.objects.bulk_create(experiments, batch_size=2000)
    ReviewAction.objects.bulk_create(actions, batch_size=2000)
    published = [e for e in experiments if e.status == ExperimentStatus.PUBLISHED]
    if published and published[0].pk is None:
        published = list(
            Experiment.objects.filter(status=ExperimentStatus.PUBLISHED, library_entry=None).select_related(
                "unit"
            )
        )
    _write_entries(
        [
            LearningEntry(
                source=EntrySource.EXPERIMENT,
                kind_label="Practice experiment",
                title=f"{e.title} ({e.unit.name})",
                themes=e.themes,
                what_helped=e.outcome,
                what_we_will_do=e.learning,
                recommendations=[f"What we tried: {e.what_we_will_try}", f"Hypothesis: {e.hypothesis}"],
                published_at=e.published_at,
                experiment_id=e.pk,
            )
            for e in published
        ]
    )
    return len(near_misses), len(experiments)


def _experiment(rng, unit, n: int, status: str, overdue: bool, people: list[int], decider, now) -> Experiment:
    """The unit's `n`th kind of practice experiment (in turn from EXPERIMENTS), in `status`."""
    today = timezone.localdate(now)
    title, themes, hypothesis, trying, families, knowing = EXPERIMENTS[n % len(EXPERIMENTS)]
    proposed_at = now - datetime.timedelta(days=rng.randint(60, 200))
    review_on = today + datetime.timedelta(days=rng.randint(10, 90))
    if overdue:
        review_on = today - datetime.timedelta(days=rng.randint(3, 30))
    elif status in (ExperimentStatus.FINISHED, ExperimentStatus.PUBLISHED):
        review_on = today - datetime.timedelta(days=rng.randint(20, 50))
    decided = status != ExperimentStatus.PROPOSED
    finished = status in (ExperimentStatus.FINISHED, ExperimentStatus.PUBLISHED)
    return Experiment(
        title=title,
        unit=unit,
        proposed_by_id=rng.choice(people),
        hypothesis=hypothesis,
        what_we_will_try=trying,
        for_which_families=families,
        how_we_will_know=knowing,
        review_on=review_on,
        themes=[t.value for t in themes],
        status=status,
        decided_by_id=decider if decided else None,
        decided_at=proposed_at + datetime.timedelta(days=5) if decided else None,
        outcome="Most families took up the offer; the measure moved the way we hoped." if finished else "",
        learning="Worth offering across the service; it needs protected time in the rota."
        if finished
        else "",
        finished_at=now - datetime.timedelta(days=10) if finished else None,
        published_at=now - datetime.timedelta(days=5) if status == ExperimentStatus.PUBLISHED else None,
    )


REVIEW_ACTIONS = [
    "Brief the unit on the shared missing-episode list and check it at each unit meeting",
    "Offer the young people the unit works with a return home interview in the evening or at a weekend",
    "Record each missing episode on the child's chronology on the day it is known",
    "Invite the youth workers who know the young people to their next network meeting",
]


def _review_actions(rng, review, people: list[int], strength: float, now) -> list[ReviewAction]:
    """Actions from the local practice review for the unit's staff, due over the months since it was
    published: in a strong unit nearly all done on time, in a struggling one many late or still open."""
    today = timezone.localdate(now)
    published = review.published_at or now
    on_time = 0.4 + 0.6 * strength
    actions = []
    for k, text in enumerate(REVIEW_ACTIONS[: 3 + (rng.random() < 0.5)]):
        due = timezone.localdate(published) + datetime.timedelta(days=rng.randint(20, 170))
        due = min(due, today - datetime.timedelta(days=rng.randint(3, 20)))
        if rng.random() < on_time:
            done = datetime.datetime.combine(due, datetime.time(12), tzinfo=now.tzinfo) - datetime.timedelta(
                days=rng.randint(0, 10)
            )
        else:
            done = datetime.datetime.combine(due, datetime.time(12), tzinfo=now.tzinfo) + datetime.timedelta(
                days=rng.randint(3, 40)
            )
            done = None if done > now else done
        actions.append(
            ReviewAction(
                review=review,
                description=text,
                owner_id=people[k % len(people)],
                due_on=due,
                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                done_at=done,
                done_note="Done and shared at the unit meeting." if done else "",
                created_at=published,
            )
        )
    return actions
