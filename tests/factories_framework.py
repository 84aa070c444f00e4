"""Test data for the practice framework and model and for co-design (hearth.framework). Synthetic.

`published_framework()` is used by other apps' tests (audits) too: keep its keys stable.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from hearth.framework.models import (
    CoDesignRound,
    FrameworkVersion,
    GoodPracticeStatement,
    Group,
    Invitation,
    Method,
    Principle,
    PromptKind,
    RecordingPrompt,
    VersionStatus,
    hash_token,
)

from .factories import UserFactory

PRINCIPLES = [
    ("child-centred", "Child-centred"),
    ("family-led", "Family-led"),
    ("culturally-responsive", "Culturally responsive"),
    ("strengths-evidence", "Strengths- and evidence-based"),
]


def published_framework(number: int = 1, user=None, status=VersionStatus.PUBLISHED) -> FrameworkVersion:
    """A version with 4 principles (keys above), 2 statements each (`<principle>-good-1`, `-good-2`),
    one method, and prompts for plans (`plan-strengths`, `plan-goals`) and assessments
    (`assessment-voice`)."""
    user = user or UserFactory()
    version = FrameworkVersion.objects.create(
        number=number,
        status=status,
        title="Our practice framework and practice model",
        framework_summary="We work alongside families, with the child at the centre.",
        model_summary="Families set the goals; we bring skills and methods that help them solve problems.",
        family_summary="We listen to your child and to you, and we build on what is going well.",
        created_by=user,
        published_at=timezone.now() if status != VersionStatus.DRAFT else None,
        published_by=user if status != VersionStatus.DRAFT else None,
    )
    by_key = {}
    for order, (key, name) in enumerate(PRINCIPLES, start=1):
        by_key[key] = Principle.objects.create(
            version=version,
            key=key,
            order=order,
            name=name,
            summary=f"{name}: what it means for our practice.",
            theory=f"The theory behind being {name.lower()}.",
            research=f"Research showing why being {name.lower()} helps children.",
            family_text=f"In plain words: we are {name.lower()}.",
        )
        for n in (1, 2):
            GoodPracticeStatement.objects.create(
                version=version,
                key=f"{key}-good-{n}",
                order=n,
                principle=by_key[key],
                text=f"{name}, good practice {n}: it can be seen in the record.",
            )
    Method.objects.create(
        version=version,
        key="method-motivational",
        order=1,
        name="Motivational interviewing",
        description="Conversations that help people find their own reasons to change.",
    )
    RecordingPrompt.objects.create(
        version=version,
        key="plan-strengths",
        order=1,
        kind=PromptKind.PLAN,
        principle=by_key["strengths-evidence"],
        text="What strengths does the family bring?",
    )
    RecordingPrompt.objects.create(
        version=version,
        key="plan-goals",
        order=2,
        kind=PromptKind.PLAN,
        principle=by_key["family-led"],
        text="Which goals did the family set?",
    )
    RecordingPrompt.objects.create(
        version=version,
        key="assessment-voice",
        order=1,
        kind=PromptKind.ASSESSMENT,
        principle=by_key["child-centred"],
        text="What did the child tell you, in their words?",
    )
    return version


def codesign_round(facilitator=None, **kwargs) -> CoDesignRound:
    values = {
        "title": "Our purpose and vision",
        "question": "What should our children's services be for?",
        "draft_statement": "We help children grow up safe and loved in their own families.",
        "closes_on": timezone.localdate() + datetime.timedelta(days=14),
        "facilitator": facilitator or UserFactory(),
    } | kwargs
    return CoDesignRound.objects.create(**values)


def invitation(round_, token="a-test-token", group=Group.PARENTS, max_uses=1, expires_in_days=7, **kwargs):
    return Invitation.objects.create(
        round=round_,
        group=group,
        label="Parents' group, test",
        token_hash=hash_token(token),
        max_uses=max_uses,
        expires_at=timezone.now() + datetime.timedelta(days=expires_in_days),
        created_by=round_.facilitator,
        **kwargs,
    )


def framework_case(org):
    """For the authorisation matrix: v1 superseded, v2 published, v3 a draft; an open round with one
    idea and one invitation; made once per `org`."""
    case = getattr(org, "_framework_case", None)
    if case is not None:
        return case
    from types import SimpleNamespace

    from hearth.framework.models import Idea, week_start

    psw = org["principal-social-worker"]
    v1 = published_framework(1, psw, status=VersionStatus.SUPERSEDED)
    v2 = published_framework(2, psw)
    v3 = published_framework(3, psw, status=VersionStatus.DRAFT)
    round_ = codesign_round(psw)
    idea = Idea.objects.create(
        round=round_,
        group=Group.STAFF,
        text="Say what we do in plain words.",
        author=org["social-worker"],
        added_week=week_start(timezone.localdate()),
        visible_from=timezone.localdate(),
    )
    inv = invitation(round_, token="matrix-token")
    case = SimpleNamespace(
        v1=v1,
        v2=v2,
        v3=v3,
        round=round_,
        idea=idea,
        invitation=inv,
        principle=v3.principles.first(),
        statement=v3.statements.first(),
        published_principle=v2.principles.first(),
        token="matrix-token",
    )
    org._framework_case = case
    return case
