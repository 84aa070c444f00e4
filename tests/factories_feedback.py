"""factory-boy factories for feedback (hearth.feedback). Data is synthetic."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import factory
from django.utils import timezone

from hearth.feedback.models import Kind, Response, Status

from .factories import ChildFactory, UnitFactory


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    unit = factory.SubFactory(UnitFactory)
    kind = Kind.FAMILY
    via_form = True
    listened = "yes"
    helped = "My worker came when she said she would"
    differently = "Tell us sooner when a meeting moves"
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    visible_from = factory.LazyAttribute(lambda r: r.received_on)
    status = Status.UNREAD


def feedback_case(org):
    """Unit A's feedback: a child of unit A (lead worker the social worker) with a link the social worker
    sent (token and code kept here, as the person holding them would), and an unread named response.
    Made once per `org` and kept on it (authorisation matrix)."""
    case = getattr(org, "_feedback_case", None)
    if case is not None:
        return case
    from hearth.feedback import services

    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    sent = services.send_invitation(
        by=org["social-worker"], unit=org.unit_a, child=child, recipient="parent", version="standard"
    )
    response = ResponseFactory(unit=org.unit_a, named=True, child=child, sent_by=org["social-worker"])
    case = SimpleNamespace(child=child, sent=sent, token=sent.token, code=sent.code, response=response)
    org._feedback_case = case
    return case
