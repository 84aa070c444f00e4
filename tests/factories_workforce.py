"""factory-boy factories and helpers for the workforce app (synthetic data only)."""

import datetime

import factory

from hearth.workforce import services
from hearth.workforce.codes import Contract, Discrimination, Grade
from hearth.workforce.models import Post, PulseResponse, StaffRecord


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = "Social worker"
    grade = Grade.PO1
    fte = 1
    is_social_work = True
    established_on = datetime.date(2020, 1, 1)


class StaffRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRecord

    employee_number = factory.Sequence(lambda n: f"T{n:05d}")
    full_name = factory.Faker("name", locale="en_GB")
    job_title = "Social worker"
    grade = Grade.PO1
    fte = 1
    contract = Contract.PERMANENT
    is_social_worker = True
    started_on = datetime.date(2020, 1, 1)


def open_round(by=None, *, title="Pulse: test", opens_on=None, closes_on=None):
    today = datetime.date.today()
    return services.open_round(
        by=by,
        title=title,
        opens_on=opens_on or today - datetime.timedelta(days=3),
        closes_on=closes_on or today + datetime.timedelta(days=10),
    )


def responses(pulse_round, unit, count, *, area=None, **answers):
    """`count` anonymous responses counted towards a unit (or an area's staff not in a unit)."""
    values = {
        "workload": 4,
        "support": 4,
        "safe_to_discuss": 4,
        "intention_to_stay": 4,
        "discrimination": Discrimination.NO,
        "push_factors": ["workload"],
        "pull_factors": ["relationships"],
    } | answers
    area_id = unit.service_area_id if unit is not None else (area.pk if area else None)
    return PulseResponse.objects.bulk_create(
        [PulseResponse(round=pulse_round, unit=unit, service_area_id=area_id, **values) for _ in range(count)]
    )


PULSE_ANSWERS = {
    "workload": "2",
    "support": "4",
    "safe_to_discuss": "5",
    "intention_to_stay": "3",
    "discrimination": "no",
    "push_factors": ["workload", "burnout"],
    "pull_factors": ["relationships"],
    "comment": "",
}
