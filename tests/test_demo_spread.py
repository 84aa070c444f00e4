"""The demo authority shows a realistic spread of strong and struggling units (issue 12): each unit has a
practice profile (organisation/demo.py) and the demo records follow it, so the health check is not the
same in every column."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from hearth.insights import scoring
from hearth.insights.selectors import current_limits
from hearth.organisation.demo import PRACTICE_THEMES, practice_profile
from hearth.organisation.models import Unit


def test_a_practice_profile_is_deterministic_and_varies_between_units():
    profiles = [practice_profile(f"unit-{k}") for k in range(1, 151)]
    assert profiles[0] == practice_profile("unit-1")
    assert all(set(p) == set(PRACTICE_THEMES) for p in profiles)
    assert all(0 <= v <= 1 for p in profiles for v in p.values())
    means = [sum(p.values()) / len(p) for p in profiles]
    # Roughly a quarter strong, a quarter struggling, the rest in between.
    assert 20 <= sum(m >= 0.7 for m in means) <= 55
    assert 20 <= sum(m < 0.35 for m in means) <= 55
    # A strong unit may still be weak on one thing.
    assert any(min(p.values()) < 0.4 for p, m in zip(profiles, means, strict=True) if m >= 0.7)
    assert practice_profile("unit-a") == practice_profile("unit-a")


@pytest.fixture
def small_demo(db):
    call_command("seed_demo", "--scale", "small", "--quiet")


def test_the_small_demo_has_strong_and_struggling_units(small_demo):
    units = list(Unit.objects.active().order_by("code"))
    assessment = scoring.assess([u.pk for u in units], timezone.localdate(), current_limits())
    ratings = {u.code: {k: s.rating for k, s in assessment.scores[u.pk].items()} for u in units}
    every = [r for unit in ratings.values() for r in unit.values()]
    assert scoring.STRONG in every and scoring.STRUGGLING in every
    # Not all units alike, and the demo team manager's units differ from each other.
    assert len({tuple(sorted(r.items())) for r in ratings.values()}) == len(units)
    managed = [u.code for u in units if u.manager.email == "team-manager@demo.hearth.test"]
    assert len(managed) >= 2 and len({tuple(sorted(ratings[c].items())) for c in managed}) == len(managed)

    # Unit 1 (the demo accounts' unit) is clearly strong; unit 3 struggles on several characteristics.
    def count(code, rating):
        return sum(1 for r in ratings[code].values() if r == rating)

    assert count("unit-1", scoring.STRONG) >= 8 and count("unit-1", scoring.STRUGGLING) <= 3
    assert (
        count("unit-3", scoring.STRUGGLING) >= 4
        and count("unit-3", scoring.STRONG) <= count("unit-1", scoring.STRONG) - 4
    )
    # Columns vary: at least half the characteristics are rated differently in different units.
    keys = next(iter(ratings.values())).keys()
    varied = [k for k in keys if len({ratings[c][k] for c in ratings}) > 1]
    assert len(varied) >= len(keys) // 2
