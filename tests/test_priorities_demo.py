"""The demo part of priorities: two versions of the weights, need factors, six months of time, and
re-running adds nothing."""

from __future__ import annotations

from hearth.priorities import demo
from hearth.priorities.models import Configuration, RecordedFactor, TimeEntry, WeekConfirmation

from .factories import ChildFactory
from .factories_priorities import cp_plan


def test_demo_makes_versions_factors_and_time_and_reseeding_adds_nothing(org):
    for _ in range(10):
        cp_plan(ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"]))
    demo.seed("small", "unused")
    assert list(Configuration.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert Configuration.objects.get(number=2).weights["cp-plan-NEG"] == 35
    assert RecordedFactor.objects.exists()
    weeks = set(TimeEntry.objects.values_list("week_starting", flat=True))
    assert len(weeks) == demo.WEEKS
    direct = TimeEntry.objects.filter(activity="direct", user=org["social-worker"])
    assert direct.exists() and all(e.child_id and e.tier_rank == 0 for e in direct)
    counts = (Configuration.objects.count(), RecordedFactor.objects.count(), TimeEntry.objects.count())
    assert WeekConfirmation.objects.count() > 0
    demo.seed("small", "unused")
    assert (
        Configuration.objects.count(),
        RecordedFactor.objects.count(),
        TimeEntry.objects.count(),
    ) == counts
