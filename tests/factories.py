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

    class Params:
        # Pages escape an apostrophe (O'Brien becomes O&#x27;Brien), so a test that looks for a name in
        # the HTML would fail now and then; test names with apostrophes on purpose where it matters.
        faker_name = factory.Faker("name", locale="en_GB")

    email = factory.Sequence(lambda n: f"person{n}@test.hearth.test")
    full_name = factory.LazyAttribute(lambda o: o.faker_name.replace("'", ""))
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

    class Params:  # no apostrophes: see UserFactory
        faker_first = factory.Faker("first_name", locale="en_GB")
        faker_last = factory.Faker("last_name", locale="en_GB")

    first_name = factory.LazyAttribute(lambda o: o.faker_first.replace("'", ""))
    last_name = factory.LazyAttribute(lambda o: o.faker_last.replace("'", ""))
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


# --- cases: episodes, allocation and plans ---


def episode_case(org):
    """A child of unit A with one of each episode record open (referral, assessment, section 47, CP
    plan, CIN plan, looked-after episode) and a plan with a goal. Made once per `org` and kept on it,
    so that the authorisation matrix can name several records of the same child."""
    case = getattr(org, "_episode_case", None)
    if case is not None:
        return case
    from types import SimpleNamespace

    from hearth.cases import models as m

    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    start = datetime.date(2026, 1, 5)
    referral = m.Referral.objects.create(child=child, cin_referral_date=start, referral_source="6")
    plan = m.Plan.objects.create(
        kind="cin",
        strengths="Warm and loving",
        worries="School",
        started_on=start,
        written_by=org["social-worker"],
    )
    plan.children.set([child])
    m.PlanGoal.objects.create(plan=plan, text="Go to school every day")
    case = SimpleNamespace(
        child=child,
        referral=referral,
        assessment=m.Assessment.objects.create(referral=referral, assessment_actual_start_date=start),
        s47=m.Section47.objects.create(referral=referral, s47_actual_start_date=start),
        cp_plan=m.ChildProtectionPlan.objects.create(
            referral=referral,
            cpp_start_date=start,
            initial_category_of_abuse="NEG",
            latest_category_of_abuse="NEG",
        ),
        cin_plan=m.ChildInNeedPlan.objects.create(referral=referral, cin_plan_start_date=start),
        looked_after=m.LookedAfterEpisode.objects.create(
            child=child, decom=start, rne="S", legal_status="V2", cin="N1", place="U6", place_provider="PR1"
        ),
        plan=plan,
    )
    # A household and a current address of the same child (people: households, ending an address).
    from hearth.people.models import Address, Household

    case.household = Household.objects.create(name="The episode household")
    case.household.children.add(child)
    case.address = Address.objects.create(
        child=child, line_1="1 Test Street", town="Testford", postcode="TE1 1ST", started_on=start
    )
    org._episode_case = case
    return case


# --- cases: notes, drafts and chronology ---


def note_about(
    children, *, by, final=True, kind="home-visit", title="Home visit", body="Visited at home.", **extra
):
    """A note about `children` written by `by`, recorded through the service (chronology rows and all).

    `extra` may give occurred_at, present, seen ({child_id: (seen, seen_alone)}) or is_key_event.
    """
    from django.utils import timezone

    from hearth.cases.services.notes import NoteData, record_note

    data = NoteData(
        kind=kind,
        occurred_at=extra.pop("occurred_at", None) or timezone.now() - datetime.timedelta(hours=1),
        title=title,
        body=body,
        final=final,
        **extra,
    )
    return record_note(by=by, children=children, data=data)
