"""factory-boy factories for practical requests (hearth.support) and clinical requests (hearth.clinical).
Data is synthetic."""

import datetime

import factory
from django.utils import timezone

from hearth.clinical.models import ClinicalRequest, Service
from hearth.support.models import PracticalRequest, RequestKind

from .factories import ChildFactory, UnitFactory, UserFactory


class PracticalRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticalRequest

    unit = factory.SubFactory(UnitFactory)
    child = factory.LazyAttribute(lambda r: ChildFactory(unit=r.unit))
    requested_by = factory.SubFactory(UserFactory)
    kind = RequestKind.TRANSPORT
    needed = "A taxi to the contact centre on Saturday at 10am"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))


class ClinicalRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicalRequest

    unit = factory.SubFactory(UnitFactory)
    child = factory.LazyAttribute(lambda r: ChildFactory(unit=r.unit))
    requested_by = factory.SubFactory(UserFactory)
    service = Service.CONSULTATION
    question = "How can we help the children settle at bedtime after contact?"


def support_case(org):
    """A child of unit A (lead worker the social worker) with a practical request the social worker has
    just raised (nobody has taken it). Made once per `org` and kept on it (authorisation matrix)."""
    case = getattr(org, "_support_case", None)
    if case is not None:
        return case
    from types import SimpleNamespace

    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    request = PracticalRequestFactory(unit=org.unit_a, child=child, requested_by=org["social-worker"])
    case = SimpleNamespace(child=child, request=request)
    org._support_case = case
    return case


def clinical_case(org):
    """A child of unit A with a consultation request the social worker has just made (not taken)."""
    case = getattr(org, "_clinical_case", None)
    if case is not None:
        return case
    from types import SimpleNamespace

    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    request = ClinicalRequestFactory(unit=org.unit_a, child=child, requested_by=org["social-worker"])
    case = SimpleNamespace(child=child, request=request)
    org._clinical_case = case
    return case
