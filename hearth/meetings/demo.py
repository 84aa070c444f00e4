"""Demo unit meetings: for every unit, weekly meetings over the last eight weeks with several children
discussed (hypotheses, alternatives, decisions), actions for the unit's demo accounts (some done, some
open, some overdue), this week's meeting with its agenda started, and requests to discuss a child. How
many of the unit's children it brings to meetings, and how many discussions end without an alternative
hypothesis (left on the agenda, with only part written), follow the unit's practice profile ("meetings";
organisation/demo.py).

Deterministic (seeded random numbers; dates relative to the day of seeding), synthetic, idempotent (a
unit that has meetings already is left alone, so a small authority grown to large gets the rest) and
fast: rows are built in memory with their ids and written in bulk (chronology and requests with COPY on
PostgreSQL, through casework's demo helpers).
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

from .models import (
    DEFAULT_TIME,
    Action,
    Attendance,
    Discussion,
    DiscussionRequest,
    DiscussionStatus,
    Meeting,
    MeetingKind,
    RequestStatus,
    RequestWhen,
    monday_of,
)

WEEKS_BACK = 8
CHILDREN_PER_MEETING = (3, 5)

HYPOTHESES = [
    "Mother has been low in mood since the baby was born, and the evening routine has fallen apart.",
    "The children are caring for their father, whose drinking has grown since he lost his job.",
    "Tension rose when father came back home; the children have been quieter at school since.",
    "Rent arrears and the threat of eviction explain the missed appointments, not a lack of care.",
    "The eldest is being drawn into exploitation outside the home; going missing is part of it.",
    "Grandmother's illness has taken away the help that held the family's week together.",
    "The young person's anger at home is grief for their brother, who moved into foster care.",
    "Domestic abuse has carried on out of sight; mother plays it down for fear of losing the children.",
    "The parents love the children but do not know how to manage the toddler's disability-related needs.",
    "The family is isolated since moving here; nobody notices when things start to slip.",
]
ALTERNATIVES = [
    "The school is reading ordinary tiredness as neglect.",
    "The children are being bullied and avoid school, which looks like a home problem.",
    "Mother's health (not mood) is the cause: she has been waiting months for a diagnosis.",
    "A new partner is influencing the household more than we know.",
    "The young person is protecting a sibling and takes the blame at home.",
    "Money is the main pressure: food and heating run out at the end of the month.",
    "The parents are managing better than the reports suggest; agencies are not talking to each other.",
    "Cultural expectations about independence are being misread as lack of supervision.",
]
DISTINGUISHING = [
    "What the children say when seen alone, and whether it changes on days father is at home.",
    "School attendance on days after weekends with the grandparents compared with others.",
    "Whether the GP has seen mother, and what she says about her sleep and appetite.",
    "If the arrears are cleared, do appointments start being kept?",
    "Where the young person goes when missing, and who brings them back.",
    "What the health visitor sees at an unannounced visit in the evening.",
]
DECISIONS = [
    "Keep the plan as it is and review in four weeks.",
    "Offer family support at bedtime three evenings a week.",
    "Hold a family group conference with grandmother and the aunt.",
    "Ask the clinician to meet the family with the lead worker.",
    "Refer to the housing team and visit together next week.",
    "Do direct work with the eldest about friendships and safety outside the home.",
    "Step up visits to weekly until the next core group.",
    "Talk with mother on her own about how safe she feels at home.",
]
ACTIONS = [
    "Visit after school to see the evening routine",
    "Ring the school about attendance this half term",
    "Ask the GP about mother's health, with her consent",
    "Book a family group conference",
    "Refer the family to the housing team about the arrears",
    "Direct work with the eldest about friendships",
    "Invite father to the next core group",
    "Ask the clinician to join the next home visit",
    "Check in with the health visitor",
    "Write to grandmother about the family group conference",
]
QUESTIONS = [
    "I keep going back to the same explanation. What else could be going on?",
    "The school and the health visitor see this family very differently. How do we make sense of it?",
    "Should we step down to early help, or is it too soon?",
    "How do I talk with father about the drinking without him shutting the door?",
    "The young person went missing twice this month. Are we missing a pattern?",
    "I am worried we are getting used to the state of the home. Can someone look with fresh eyes?",
]
ACTION_OWNER_ROLES = {
    UnitRole.CONSULTANT_SOCIAL_WORKER,
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
    UnitRole.UNIT_COORDINATOR,
    UnitRole.CLINICIAN,
    UnitRole.FAMILY_SUPPORT_WORKER,
}


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        counts = _seed()
    return (
        f"{counts['meetings']} meetings, {counts['discussions']} discussions, {counts['actions']} actions and "
        f"{counts['requests']} requests created in {time.perf_counter() - started:.1f} s"
    )


def _seed() -> dict[str, int]:  # noqa: C901 - one pass over the units, building rows in memory
    counts = {"meetings": 0, "discussions": 0, "actions": 0, "requests": 0}
    done = set(Meeting.objects.values_list("unit_id", flat=True).distinct())
    units = [u for u in Unit.objects.active().order_by("pk") if u.pk not in done]
    if not units:
        return counts
    unit_ids = [u.pk for u in units]
    children: dict[int, list[tuple[int, str, str]]] = {u: [] for u in unit_ids}
    for pk, unit_id, first, last in (
        Child.objects.filter(allocated_unit_id__in=unit_ids, restriction="")
        .order_by("pk")
        .values_list("pk", "allocated_unit_id", "first_name", "last_name")
    ):
        children[unit_id].append((pk, first, last))
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
    rng = random.Random("hearth-demo-meetings")  # noqa: S311
    meeting_ids, discussion_ids, action_ids, request_ids = (
        Ids(Meeting),
        Ids(Discussion),
        Ids(Action),
        Ids(DiscussionRequest),
    )
    meetings, attendance, discussions, actions, requests, chronology = [], [], [], [], [], []
    this_week = monday_of(today)

    for unit in units:
        kids = children[unit.pk]
        people = members[unit.pk]
        if not kids or not people:
            continue
        consultant = next((u for u, r in people if r == UnitRole.CONSULTANT_SOCIAL_WORKER), people[0][0])
        social_worker = next((u for u, r in people if r == UnitRole.SOCIAL_WORKER), consultant)
        owners = [u for u, r in people if r in ACTION_OWNER_ROLES] or [consultant]
        # A strong unit brings more than half its children to a meeting in the 8 weeks and nearly always
        # writes an alternative hypothesis; a struggling one reaches a fifth, and for two in five of
        # those nobody offers an alternative.
        strength = practice_profile(unit.code)["meetings"]
        reach = rng.sample(kids, len(kids))
        wanted = round((0.1 + 0.55 * strength) * len(kids))
        # The children the unit keeps coming back to: their thinking changes from meeting to meeting.
        regulars = reach[: max(5, min(6, wanted))]
        queue = reach[len(regulars) : wanted]
        # Each child in the reach once, besides the regulars, in the meetings of the last 7 weeks.
        per_meeting = -(-len(queue) // (WEEKS_BACK - 1))
        missing = max(0.0, 0.55 * (1 - strength) - 0.03)
        one_view = {k[0] for k in kids if k not in regulars[:3] and rng.random() < missing}
        for weeks_back in range(WEEKS_BACK, -1, -1):
            held_on = this_week - datetime.timedelta(weeks=weeks_back) + datetime.timedelta(days=1)
            meeting = Meeting(
                pk=meeting_ids.take(),
                unit_id=unit.pk,
                kind=MeetingKind.REGULAR,
                held_on=held_on,
                week_starting=monday_of(held_on),
                starts_at=DEFAULT_TIME,
                created_by_id=consultant,
            )
            meetings.append(meeting)
            moment = timezone.make_aware(datetime.datetime.combine(held_on, DEFAULT_TIME))
            current = weeks_back == 0
            if not current:
                for user_id, _ in rng.sample(people, min(len(people), rng.randint(3, 5))):
                    attendance.append(Attendance(meeting_id=meeting.pk, user_id=user_id))
            count = 2 if current else max(rng.randint(*CHILDREN_PER_MEETING), 2 + per_meeting)
            chosen = rng.sample(regulars, min(2, len(regulars), count))
            while 0 < weeks_back < WEEKS_BACK and queue and len(chosen) < count:
                candidate = queue.pop()
                if candidate not in chosen:
                    chosen.append(candidate)
            for candidate in rng.sample(regulars, len(regulars)):
                if len(chosen) < count and candidate not in chosen:
                    chosen.append(candidate)
            # Every past meeting finishes at least three discussions with an alternative hypothesis.
            for candidate in regulars[:3] if not current else ():
                if sum(1 for c in chosen if c[0] not in one_view) >= 3:
                    break
                if candidate not in chosen:
                    chosen.append(candidate)
            for position, (child_id, _, _) in enumerate(chosen, start=1):
                discussion = Discussion(
                    pk=discussion_ids.take(),
                    meeting_id=meeting.pk,
                    child_id=child_id,
                    position=position,
                    added_by_id=rng.choice(people)[0],
                    version=1,
                )
                discussions.append(discussion)
                if current:
                    # This week's agenda, started from members' requests.
                    requests.append(_request(request_ids, unit.pk, child_id, rng, people, now, discussion.pk))
                    continue
                discussion.hypothesis = rng.choice(HYPOTHESES)
                discussion.alternatives = rng.sample(ALTERNATIVES, rng.randint(1, 3))
                discussion.distinguishing = rng.choice(DISTINGUISHING)
                discussion.decision = rng.choice(DECISIONS)
                discussion.version = 2
                discussion.updated_by_id = consultant
                if child_id in one_view:
                    # Only one view of the family: no alternative, so it cannot be marked discussed.
                    discussion.alternatives, discussion.distinguishing = [], ""
                else:
                    discussion.status = DiscussionStatus.DISCUSSED
                    discussion.discussed_at = moment
                    chronology.append(
                        (
                            child_id,
                            moment,
                            EventKind.MEETING,
                            f"Discussed at {unit.name}'s unit meeting",
                            f"Decision: {discussion.decision}",
                            False,
                            "meetings.discussion",
                            discussion.pk,
                        )
                    )
                for number in range(rng.randint(1, 2)):
                    owner = rng.choice(owners)
                    due = held_on + datetime.timedelta(days=rng.randint(5, 28))
                    is_done = rng.random() < 0.75 and due < today
                    if number == 0 and position == 1 and weeks_back in (1, 2):
                        # The unit's social worker always has an action to do, and one overdue.
                        owner = social_worker
                        due = (
                            today + datetime.timedelta(days=3)
                            if weeks_back == 1
                            else today - datetime.timedelta(days=2)
                        )
                        is_done = False
                    done_at = (
                        timezone.make_aware(datetime.datetime.combine(due, datetime.time(15)))
                        - datetime.timedelta(days=rng.randint(0, 4))
                        if is_done
                        else None
                    )
                    action = Action(
                        pk=action_ids.take(),
                        discussion_id=discussion.pk,
                        text=rng.choice(ACTIONS),
                        owner_id=owner,
                        due_on=due,
                        created_by_id=consultant,
                        done_at=done_at,
                        done_by_id=owner if is_done else None,
                    )
                    actions.append(action)
                    summary = f"For {names[owner]}, due by {date_in_words(due)}. Agreed on {date_in_words(held_on)}."
                    if done_at:
                        summary += f" Done on {date_in_words(done_at)}."
                    chronology.append(
                        (
                            child_id,
                            moment + datetime.timedelta(minutes=position),
                            EventKind.ACTION,
                            f"Action agreed: {action.text}"[:200],
                            summary[:500],
                            False,
                            "meetings.action",
                            action.pk,
                        )
                    )
                if weeks_back in (1, 3) and position == 1:
                    asked = _request(request_ids, unit.pk, child_id, rng, people, moment, discussion.pk)
                    asked[8] = RequestStatus.DISCUSSED
                    asked[10] = moment
                    requests.append(asked)
        # Requests still waiting for an agenda, one of them ad hoc.
        waiting = rng.sample(kids, min(len(kids), 2))
        for n, (child_id, _, _) in enumerate(waiting):
            asked = _request(
                request_ids, unit.pk, child_id, rng, people, now - datetime.timedelta(days=n + 1), None
            )
            if n == 0:
                asked[7] = RequestWhen.AD_HOC
            requests.append(asked)

    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    Discussion.objects.bulk_create(discussions, batch_size=2000)
    Action.objects.bulk_create(actions, batch_size=5000)
    _bulk_insert(
        DiscussionRequest,
        [
            "id",
            "created_at",
            "updated_at",
            "unit_id",
            "child_id",
            "requested_by_id",
            "question",
            "when",
            "status",
            "discussion_id",
            "discussed_at",
        ],
        [tuple(row) for row in requests],
    )
    _bulk_insert(
        ChronologyEntry,
        ["child_id", "occurred_at", "kind", "title", "summary", "is_key_event", "source_type", "source_id"],
        chronology,
    )
    if connection.vendor == "postgresql":
        for model in (Meeting, Discussion, Action, DiscussionRequest):
            _reset_sequence(model)
    counts.update(
        meetings=len(meetings), discussions=len(discussions), actions=len(actions), requests=len(requests)
    )
    return counts


def _request(ids, unit_id, child_id, rng, people, when, discussion_id) -> list:
    """A request row, in the column order of the insert above."""
    return [
        ids.take(),
        when,
        when,
        unit_id,
        child_id,
        rng.choice(people)[0],
        rng.choice(QUESTIONS),
        RequestWhen.NEXT_MEETING,
        RequestStatus.OPEN,
        discussion_id,
        None,
    ]
