"""factory-boy factories. Data is synthetic; names come from Faker (en-GB)."""

import datetime

import factory
from django.contrib.auth import get_user_model

from hearth.core.roles import UnitRole
from hearth.organisation.models import LocalAuthority, Membership, ServiceArea, Unit, UnitType

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.hearth.test")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(TEST_PASSWORD)
    org_role = ""


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("la_code",)

    name = "Testshire County Council"
    la_code = "998"


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Service area {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    service_area = factory.SubFactory(ServiceAreaFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    unit_type = UnitType.CIN_CP


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    unit = factory.SubFactory(UnitFactory)
    user = factory.SubFactory(UserFactory)
    role = UnitRole.SOCIAL_WORKER
    started_on = datetime.date(2025, 1, 6)


class ChildFactory(factory.django.DjangoModelFactory):
    """A child. Pass `unit=` and `lead_worker=` to allocate the case (also writes the Allocation row)."""

    class Meta:
        model = "people.Child"
        skip_postgeneration_save = True

    la_child_id = factory.Sequence(lambda n: f"T{n:06d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_between", start_date="-17y", end_date="-1y")
    sex = "U"

    @factory.post_generation
    def unit(obj, create, extracted, **kwargs):
        if extracted is None:
            return
        from hearth.cases.models import Allocation

        lead = kwargs.get("lead_worker") or extracted.memberships.current().first().user
        obj.allocated_unit = extracted
        obj.lead_worker = lead
        obj.save(update_fields=["allocated_unit", "lead_worker"])
        Allocation.objects.create(child=obj, unit=extracted, lead_worker=lead)
