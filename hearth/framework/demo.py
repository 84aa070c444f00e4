"""Demo practice framework and model, and co-design of purpose and vision. Synthetic.

The framework is the authority's, whatever the scale: version 1 (replaced a year ago), version 2
(published, with changes: a new principle, a reworded one, new statements and questions) and a draft
version 3. Co-design: a finished round (ideas from staff, children and young people, parents and carers
and partners; comments and support; the ideas that shaped the statement; the statement published with
counts by group) and an open round with invitation links. Which of each unit's staff took part in the
finished round, and how often the unit's workers used the model's recording prompts in the assessments
they completed in the last year, follow the unit's practice profile ("codesign" and "framework";
organisation/demo.py).

Idempotent (nothing is added when a version or a round exists), deterministic (dates relative to the
day of seeding; ideas and people chosen in a fixed order) and quick: a few hundred rows, written in bulk.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import time
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hearth.cases.models import Assessment
from hearth.organisation.demo import practice_profile
from hearth.organisation.models import Membership, Unit

from .models import (
    CoDesignRound,
    FrameworkVersion,
    GoodPracticeStatement,
    Group,
    Idea,
    IdeaComment,
    IdeaSupport,
    Invitation,
    Method,
    Participant,
    Principle,
    PromptKind,
    PromptUse,
    RecordingPrompt,
    RoundStatus,
    VersionStatus,
    week_start,
)

PSW_EMAIL = "principal-social-worker@demo.hearth.test"
QUALITY_EMAIL = "quality-lead@demo.hearth.test"

# --- the framework -------------------------------------------------------------------------------

PRINCIPLES = {
    "child-centred": (
        "Child-centred",
        "We see the child, hear them and keep their experience at the centre of every decision. We "
        "spend time with children, in ways that suit their age and understanding, and record their "
        "words.",
        "Children's rights (UN Convention on the Rights of the Child, article 12: a child's right to be "
        "heard in matters that affect them) and the welfare checklist of the Children Act 1989. "
        "Attachment and developmental theory help us understand what a child's behaviour is telling us.",
        "Reviews of child protection in England have found again and again that the child was not seen "
        "or heard; the Munro review (2011) called for a system that keeps the child's journey in view. "
        "Children tell us that having a worker who stays, listens and explains is what helps.",
        "Your child's safety, happiness and wishes come first. We will talk with your child, listen to "
        "them, and tell them what is happening in a way they understand.",
    ),
    "family-led": (
        "Family-led",
        "Families know themselves best. We work with families to find their own solutions, and we bring "
        "in the wider family and friends early.",
        "Family group conferencing and restorative practice: doing things with families, not to them or "
        "for them. Motivational theory: people change when the reasons are their own.",
        "Studies of family group conferences show that families make safe plans when they are given the "
        "information and the space. Restorative approaches in English authorities have been linked with "
        "fewer children needing to come into care.",
        "You know your family best. We will work with you, and the people who matter to you, to make a "
        "plan together. You decide the goals; we help you reach them.",
    ),
    "culturally-responsive": (
        "Culturally responsive",
        "We learn about each family's culture, faith, language and identity, and we challenge racism and "
        "discrimination, in our own practice and in the systems around families.",
        "Cultural humility and anti-oppressive practice: workers reflect on their own assumptions and on "
        "power. Intersectionality: a person's identities combine.",
        "Black, Asian and mixed-heritage children are over-represented in parts of the care system. "
        "Families from minority groups describe feeling judged rather than understood.",
        "We will respect who you are: your culture, your faith, your language and your family's ways. "
        "If we get something wrong, please tell us.",
    ),
    "strengths-evidence": (
        "Strengths- and evidence-based",
        "We start from what is working and build on it, and we use methods with evidence behind them. "
        "We are clear about the worries and what needs to change.",
        "The strengths perspective and solution-focused practice: people have resources, and change "
        "builds on what already works. Systemic theory: problems sit in relationships, not just people.",
        "Evaluations of systemic and strengths-based models in English authorities (for example the "
        "Department for Education's innovation programme) found better engagement of families and more "
        "stable workforces.",
        "We will notice what is going well in your family and build on it. We will be honest about our "
        "worries, and we will use ways of working that have helped other families.",
    ),
    "relationship-based": (
        "Relationship-based",
        "Change happens through relationships. Each family has a worker who knows them, and a unit "
        "around that worker who knows them too.",
        "Relationship-based practice: the relationship between worker and family is the means of help, "
        "not a by-product of it.",
        "Families say the relationship with their worker is what made the difference. Frequent changes "
        "of worker are linked with poorer experiences for children.",
        "You will know who your worker is, and the small team around them. We will keep our promises "
        "and tell you if something changes.",
    ),
}

STATEMENTS = {
    "child-centred": [
        (
            "child-centred-voice",
            "The child's own words, wishes and feelings are recorded and shape the plan.",
        ),
        (
            "child-centred-seen",
            "The child was seen, alone where right for them, and what was seen is recorded.",
        ),
        ("child-centred-explained", "The child knows, in words they understand, what is happening and why."),
    ],
    "family-led": [
        ("family-led-goals", "The plan's goals are the family's own, written in their words."),
        ("family-led-network", "The wider family and friends were asked to help early."),
    ],
    "culturally-responsive": [
        (
            "culturally-responsive-identity",
            "The child's identity, culture, faith and language are understood and recorded.",
        ),
        ("culturally-responsive-interpreter", "The family could speak in the language of their choice."),
    ],
    "strengths-evidence": [
        ("strengths-evidence-strengths", "Strengths and safety are recorded alongside the worries."),
        ("strengths-evidence-clear", "What needs to change, and how we will know, is clear to the family."),
        ("strengths-evidence-methods", "The work uses a named method from the practice model."),
    ],
    "relationship-based": [
        ("relationship-based-worker", "The family knows their worker and the unit around them."),
    ],
}

METHODS = [
    (
        "method-genogram",
        "Genograms and ecomaps",
        "Drawing the family and their network with them, to see who can help.",
    ),
    (
        "method-motivational",
        "Motivational interviewing",
        "Conversations that help people find their own reasons to change.",
    ),
    (
        "method-fgc",
        "Family group conferences",
        "The family's own meeting to make a plan, with private family time.",
    ),
    ("method-three-houses", "Three houses", "Helping a child talk about worries, good things and dreams."),
    (
        "method-systemic",
        "Systemic hypotheses",
        "The unit forms and tests ideas about what is happening in the family.",
    ),
]

PROMPTS = [
    ("plan-strengths", PromptKind.PLAN, "strengths-evidence", "What strengths does the family bring?"),
    ("plan-goals", PromptKind.PLAN, "family-led", "Which goals did the family set?"),
    ("plan-child", PromptKind.PLAN, "child-centred", "What does the child want to be different?"),
    ("plan-network", PromptKind.PLAN, "family-led", "Who in the wider family and network will help?"),
    (
        "assessment-voice",
        PromptKind.ASSESSMENT,
        "child-centred",
        "What did the child tell you, in their words?",
    ),
    (
        "assessment-identity",
        PromptKind.ASSESSMENT,
        "culturally-responsive",
        "What matters about the family's culture, faith and language?",
    ),
    (
        "assessment-strengths",
        PromptKind.ASSESSMENT,
        "strengths-evidence",
        "What is already working, and who makes it work?",
    ),
]

V1_FAMILY_LED_SUMMARY = "Families know themselves best. We work with families to find their own solutions."


def _version_rows(version, principle_keys, *, family_led_summary=None, statements=None, methods, prompts):
    principles = []
    for order, key in enumerate(principle_keys, start=1):
        name, summary, theory, research, family = PRINCIPLES[key]
        if key == "family-led" and family_led_summary:
            summary = family_led_summary
        principles.append(
            Principle(
                version=version,
                key=key,
                order=order,
                name=name,
                summary=summary,
                theory=theory,
                research=research,
                family_text=family,
            )
        )
    Principle.objects.bulk_create(principles)
    by_key = {p.key: p for p in Principle.objects.filter(version=version)}
    rows = []
    for key in principle_keys:
        for order, (skey, text) in enumerate((statements or STATEMENTS)[key], start=1):
            rows.append(
                GoodPracticeStatement(
                    version=version, key=skey, order=order, principle=by_key[key], text=text
                )
            )
    GoodPracticeStatement.objects.bulk_create(rows)
    Method.objects.bulk_create(
        [
            Method(version=version, key=key, order=order, name=name, description=description)
            for order, (key, name, description) in enumerate(methods, start=1)
        ]
    )
    RecordingPrompt.objects.bulk_create(
        [
            RecordingPrompt(
                version=version, key=key, order=order, kind=kind, principle=by_key.get(pkey), text=text
            )
            for order, (key, kind, pkey, text) in enumerate(prompts, start=1)
        ]
    )


def _seed_framework(psw, quality, now) -> int:
    if FrameworkVersion.objects.exists():
        return 0
    common = {
        "title": "Our practice framework and practice model",
        "framework_summary": (
            "Our framework says why we work as we do. Every social worker, manager and partner shares "
            "these values and the theory and research behind them."
        ),
        "model_summary": (
            "Our model says how we work: in small units around each family, with skills and methods that "
            "help families set clear goals and solve problems themselves."
        ),
        "family_summary": (
            "This is how we try to work with every child and family. We listen to children. We work with "
            "your family to make a plan together. We respect who you are. We build on what is going well, "
            "and we are honest about our worries."
        ),
    }
    v1 = FrameworkVersion.objects.create(
        number=1,
        status=VersionStatus.SUPERSEDED,
        created_by=psw,
        published_by=psw,
        published_at=now - datetime.timedelta(days=400),
        change_summary="The first version.",
        **common,
    )
    v1_statements = {k: v[:2] for k, v in STATEMENTS.items()}
    _version_rows(
        v1,
        ["child-centred", "family-led", "culturally-responsive", "strengths-evidence"],
        family_led_summary=V1_FAMILY_LED_SUMMARY,
        statements=v1_statements,
        methods=METHODS[:3],
        prompts=[p for p in PROMPTS if p[0] in {"plan-strengths", "plan-goals", "assessment-voice"}],
    )
    v2 = FrameworkVersion.objects.create(
        number=2,
        status=VersionStatus.PUBLISHED,
        created_by=psw,
        published_by=psw,
        based_on=v1,
        published_at=now - datetime.timedelta(days=60),
        change_summary=(
            "Added relationship-based practice, which staff and families asked for in the co-design round. "
            "Family-led now says we bring in the wider family early. New questions on plans and assessments."
        ),
        **common,
    )
    _version_rows(
        v2,
        ["child-centred", "family-led", "culturally-responsive", "strengths-evidence", "relationship-based"],
        methods=METHODS,
        prompts=PROMPTS,
    )
    v3 = FrameworkVersion.objects.create(
        number=3,
        status=VersionStatus.DRAFT,
        created_by=quality,
        based_on=v2,
        change_summary="Draft: trauma-informed practice, from the quality assurance themes.",
        **common,
    )
    _version_rows(
        v3,
        ["child-centred", "family-led", "culturally-responsive", "strengths-evidence", "relationship-based"],
        methods=[
            *METHODS,
            (
                "method-trauma",
                "Trauma-informed conversations",
                "Noticing what has happened to a person, not what is wrong with them.",
            ),
        ],
        prompts=PROMPTS,
    )
    return 3


# --- co-design -----------------------------------------------------------------------------------

FINISHED_IDEAS = [
    (Group.STAFF, "Say plainly that we want children to grow up in their own families wherever it is safe."),
    (Group.STAFF, "We should promise families the same worker, and a unit that knows them."),
    (Group.STAFF, "Put learning in: we get better by looking honestly at our own practice."),
    (Group.CHILDREN, "Listen to us and write down what we actually say, not what you think we mean."),
    (Group.CHILDREN, "Keep your promises. If you say you will come, come."),
    (Group.CHILDREN, "Don't keep changing my social worker."),
    (Group.PARENTS, "Tell us what is going to happen next and why, in plain words."),
    (Group.PARENTS, "Notice the things we are doing right, not only the problems."),
    (Group.PARENTS, "Let my mum and sister be part of the plan. They help every day."),
    (Group.PARTNERS, "Share the plan with schools so we can help with the same goals."),
    (Group.PARTNERS, "Work with health visitors early, before things reach crisis."),
]
SHAPED = {
    1: "Same worker, and a unit that knows the family",
    3: "Listening to children in their own words",
    4: "Keeping promises",
    6: "Explaining what happens next",
    7: "Building on what families do well",
    8: "Bringing in the wider family",
}
OPEN_IDEAS = [
    (Group.STAFF, "Add something about how we work with young people leaving care."),
    (Group.CHILDREN, "Young people should help choose who works with them."),
    (Group.PARENTS, "Have someone we can ring out of hours who knows us."),
    (Group.PARTNERS, "Say how we will share information with the police and schools."),
]
COMMENTS = [
    "Yes, and we should say how we will know we are doing it.",
    "Agree. This came up in our unit meeting too.",
    "Could we say this in fewer words?",
]
FINAL_STATEMENT = (
    "Our purpose is to help children grow up safe, happy and loved, in their own families wherever that "
    "is safe. We listen to children and write down what they tell us. We keep our promises. Families "
    "have a worker and a small team who know them. We explain what happens next in plain words, we build "
    "on what families do well, and we bring in the people who matter to them."
)


def _token_hash(label: str) -> str:
    return hashlib.sha256(f"demo-invitation:{label}".encode()).hexdigest()


def _seed_rounds(psw, staff, now) -> int:
    if CoDesignRound.objects.exists():
        return 0
    today = timezone.localdate(now)
    finished = CoDesignRound.objects.create(
        title="Our purpose and vision",
        question="What should our children's services be for? What should children and families be able to expect from us?",
        draft_statement="We work with children and families to keep children safe and help families stay together.",
        closes_on=today - datetime.timedelta(days=120),
        facilitator=psw,
        status=RoundStatus.PUBLISHED,
        final_statement=FINAL_STATEMENT,
        closed_at=now - datetime.timedelta(days=119),
        published_at=now - datetime.timedelta(days=100),
        published_by=psw,
    )
    open_round = CoDesignRound.objects.create(
        title="Our promise to young people leaving care",
        question="What should young people leaving our care be able to count on from us?",
        draft_statement="We stay with you after you leave care, for as long as you need us, and we help you plan your future.",
        closes_on=today + datetime.timedelta(days=21),
        facilitator=psw,
    )
    invitations = []
    for round_, expires in ((finished, -120), (open_round, 21)):
        for group, label, uses in (
            (Group.CHILDREN, "Children in care council", 12),
            (Group.PARENTS, "Parents' group at the family centre", 9),
            (Group.PARTNERS, "Schools and health partners", 7),
        ):
            invitations.append(
                Invitation(
                    round=round_,
                    group=group,
                    label=label,
                    token_hash=_token_hash(f"{round_.title}:{label}"),
                    max_uses=30,
                    uses=uses if round_ is finished else 1,
                    expires_at=now + datetime.timedelta(days=expires),
                    created_by=psw,
                )
            )
    Invitation.objects.bulk_create(invitations)
    ideas, supports, comments = [], [], []
    for round_, rows, week in (
        (finished, FINISHED_IDEAS, week_start(today - datetime.timedelta(days=130))),
        (open_round, OPEN_IDEAS, week_start(today - datetime.timedelta(days=7))),
    ):
        for i, (group, text) in enumerate(rows):
            staff_author = staff[i % len(staff)] if group == Group.STAFF and i % 2 == 0 else None
            ideas.append(
                Idea(
                    id=uuid.uuid5(uuid.NAMESPACE_URL, f"hearth-demo-idea:{round_.title}:{i}"),
                    round=round_,
                    group=group,
                    text=text,
                    anonymous=staff_author is None,
                    author=staff_author,
                    added_week=week,
                    visible_from=week + datetime.timedelta(days=7),
                    shaped_statement=round_ is finished and i in SHAPED,
                    shaped_note=SHAPED.get(i, "") if round_ is finished else "",
                )
            )
    Idea.objects.bulk_create(ideas)
    for n, idea in enumerate(ideas):
        for supporter in staff[: (n * 3) % 7 + 1]:
            supports.append(IdeaSupport(idea=idea, supporter=supporter))
        if n % 3 == 0:
            comments.append(
                IdeaComment(
                    idea=idea,
                    author=staff[n % len(staff)],
                    text=COMMENTS[n % len(COMMENTS)],
                    created_at=now - datetime.timedelta(days=125 if idea.round_id == finished.pk else 1),
                )
            )
    IdeaSupport.objects.bulk_create(supports)
    IdeaComment.objects.bulk_create(comments)
    Participant.objects.bulk_create(
        [Participant(round=r, user=u) for r in (finished, open_round) for u in staff], ignore_conflicts=True
    )
    finished.staff_count = len(staff)
    finished.children_count, finished.parents_count, finished.partners_count = 12, 9, 7
    finished.save(update_fields=["staff_count", "children_count", "parents_count", "partners_count"])
    return 2


def _seed_participation() -> int:
    """Unit staff who took part in the finished round: a share of each unit's members, by its profile
    (half or more in a strong unit, a quarter or fewer in a struggling one). Re-running adds nothing."""
    finished = (
        CoDesignRound.objects.filter(status=RoundStatus.PUBLISHED, closed_at__isnull=False)
        .order_by("closed_at")
        .first()
    )
    if finished is None:
        return 0
    members: dict[str, list[int]] = {}
    for code, user_id in (
        Membership.objects.current()
        .filter(unit__in=Unit.objects.active())
        .order_by("unit__code", "user__email")
        .values_list("unit__code", "user_id")
    ):
        members.setdefault(code, []).append(user_id)
    rows = []
    for code, users in members.items():
        rng = random.Random(f"hearth-demo-codesign-{code}")  # noqa: S311
        share = 0.1 + 0.7 * practice_profile(code)["codesign"]
        rows += [Participant(round=finished, user_id=u) for u in users if rng.random() < share]
    before = Participant.objects.filter(round=finished).count()
    Participant.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    after = Participant.objects.filter(round=finished).count()
    if after != before:
        CoDesignRound.objects.filter(pk=finished.pk).update(staff_count=after)
    return after - before


#: The recording prompt on assessments that every published version has.
ASSESSMENT_PROMPT = "assessment-voice"


def _seed_prompt_uses() -> int:
    """Assessments completed in the last year on which the worker used the practice model's prompt about
    the child's own words: most in a unit strong on the framework, few in a struggling one. Only where a
    version with the prompt was published by the day. Re-running adds nothing."""
    today = timezone.localdate()
    versions = list(
        FrameworkVersion.objects.filter(published_at__isnull=False, prompts__key=ASSESSMENT_PROMPT)
        .order_by("published_at")
        .values_list("pk", "published_at")
    )
    if not versions:
        return 0
    tz = timezone.get_current_timezone()
    by_unit: dict[str, list[tuple]] = {}
    for pk, done_on, child_id, worker_id, code in (
        Assessment.objects.filter(
            assessment_internal_review_date__gt=today - datetime.timedelta(days=365),
            assessment_internal_review_date__lte=today,
            referral__child__allocated_unit__isnull=False,
            referral__child__lead_worker__isnull=False,
        )
        .order_by("pk")
        .values_list(
            "pk",
            "assessment_internal_review_date",
            "referral__child_id",
            "referral__child__lead_worker_id",
            "referral__child__allocated_unit__code",
        )
    ):
        by_unit.setdefault(code, []).append((pk, done_on, child_id, worker_id))
    rows = []
    object_type = Assessment._meta.label_lower
    for code, assessments in by_unit.items():
        rng = random.Random(f"hearth-demo-prompts-{code}")  # noqa: S311
        share = 0.05 + 0.85 * practice_profile(code)["framework"]
        for pk, done_on, child_id, worker_id in assessments:
            used_at = datetime.datetime.combine(done_on, datetime.time(14), tzinfo=tz)
            version = next((v for v, published in reversed(versions) if published <= used_at), None)
            if rng.random() >= share or version is None:
                continue
            rows.append(
                PromptUse(
                    prompt_key=ASSESSMENT_PROMPT,
                    version_id=version,
                    kind=PromptKind.ASSESSMENT,
                    object_type=object_type,
                    object_id=str(pk),
                    child_id=child_id,
                    used_by_id=worker_id,
                    used_at=used_at,
                )
            )
    before = PromptUse.objects.count()
    PromptUse.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return PromptUse.objects.count() - before


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    user_model = get_user_model()
    psw = user_model.objects.filter(email=PSW_EMAIL).first()
    if psw is None:
        return "no principal social worker in the demo authority: nothing created"
    quality = user_model.objects.filter(email=QUALITY_EMAIL).first() or psw
    staff = list(  # the first of each role (`<role>@demo.hearth.test`): the others take part by unit
        user_model.objects.filter(email__endswith="@demo.hearth.test", is_active=True)
        .exclude(email__regex=r"-[0-9]+@")
        .order_by("email")[:12]
    )
    now = timezone.now()
    with transaction.atomic():
        versions = _seed_framework(psw, quality, now)
        rounds = _seed_rounds(psw, staff, now)
        participants = _seed_participation()
        uses = _seed_prompt_uses()
    return (
        f"{versions} framework versions, {rounds} co-design rounds, {participants} staff taking part and "
        f"{uses} prompts used created in {time.perf_counter() - started:.1f} s"
    )
