"""factory-boy factories for unit meetings (hearth.meetings). Data is synthetic."""

import datetime

import factory
from django.utils import timezone

from hearth.meetings.models import (
    Action,
    Discussion,
    DiscussionRequest,
    Meeting,
    MeetingKind,
    RequestWhen,
    monday_of,
)

from .factories import ChildFactory, UnitFactory, UserFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    unit = factory.SubFactory(UnitFactory)
    kind = MeetingKind.REGULAR
    held_on = factory.LazyFunction(timezone.localdate)
    week_starting = factory.LazyAttribute(lambda m: monday_of(m.held_on))
    starts_at = datetime.time(10, 0)


class DiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discussion

    meeting = factory.SubFactory(MeetingFactory)
    child = factory.LazyAttribute(lambda d: ChildFactory(unit=d.meeting.unit))
    added_by = factory.SubFactory(UserFactory)
    position = factory.Sequence(lambda n: n + 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    discussion = factory.SubFactory(DiscussionFactory)
    text = factory.Sequence(lambda n: f"Ring the school about attendance ({n})")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    created_by = factory.SelfAttribute("owner")


class DiscussionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscussionRequest

    unit = factory.SubFactory(UnitFactory)
    child = factory.LazyAttribute(lambda r: ChildFactory(unit=r.unit))
    requested_by = factory.SubFactory(UserFactory)
    question = "Are we missing something about why the children are late to school?"
    when = RequestWhen.NEXT_MEETING


def discussed(
    discussion,
    *,
    hypothesis="Mother is overwhelmed since the baby was born",
    alternatives=None,
    decision="Offer family support in the mornings",
    **extra,
):
    """Fill in and mark a discussion discussed, without the service (for reads and permissions)."""
    discussion.hypothesis = hypothesis
    discussion.alternatives = alternatives or ["The older child is being bullied and avoids school"]
    discussion.decision = decision
    discussion.status = "discussed"
    discussion.discussed_at = timezone.now()
    for name, value in extra.items():
        setattr(discussion, name, value)
    discussion.save()
    return discussion


def meetings_case(org):
    """This week's meeting of unit A with one child discussed (hypothesis, decision), an open action for
    the social worker and a request to discuss the child. Made once per `org` and kept on it, so that the
    authorisation matrix can name several records of the same meeting."""
    case = getattr(org, "_meetings_case", None)
    if case is not None:
        return case
    from types import SimpleNamespace

    from hearth.meetings import services

    consultant = org["consultant-social-worker"]
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    meeting = services.open_this_weeks_meeting(by=consultant, unit=org.unit_a)
    discussion = discussed(DiscussionFactory(meeting=meeting, child=child, added_by=consultant))
    action = ActionFactory(discussion=discussion, owner=org["social-worker"], created_by=consultant)
    request = DiscussionRequestFactory(unit=org.unit_a, child=child, requested_by=org["social-worker"])
    case = SimpleNamespace(
        meeting=meeting, discussion=discussion, action=action, request=request, child=child
    )
    org._meetings_case = case
    return case
