"""The demo authority contract (design.md §7)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from hearth.core.roles import ALL_ROLES
from hearth.organisation.demo import SCALES, build_plan
from hearth.organisation.models import Membership, Unit


def test_small_demo_has_one_account_per_role_with_the_demo_password(db, settings, monkeypatch, capsys):
    monkeypatch.setenv("HEARTH_DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("seed_demo", "--scale", "small")
    users = get_user_model().objects
    for role in ALL_ROLES:
        user = users.get(email=f"{role}@demo.hearth.test")
        assert user.check_password("a-demo-password-for-tests"), role
    out = capsys.readouterr().out
    assert "system-administrator@demo.hearth.test" in out
    assert "a-demo-password-for-tests" in out


def test_reseeding_adds_nothing(db):
    call_command("seed_demo", "--scale", "small", "--quiet")
    counts = (get_user_model().objects.count(), Unit.objects.count(), Membership.objects.count())
    call_command("seed_demo", "--scale", "small", "--quiet")
    assert (get_user_model().objects.count(), Unit.objects.count(), Membership.objects.count()) == counts


def test_refuses_without_debug_unless_forced(db, settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="must not be loaded into a live system"):
        call_command("seed_demo", "--quiet")
    call_command("seed_demo", "--quiet", "--force")


def test_large_plan_is_the_size_of_a_large_authority():
    plan = build_plan(SCALES["large"])
    assert len(plan.people) == 1000
    assert len(plan.units) == 150
    sizes = {}
    for code, _, _ in plan.memberships:
        sizes[code] = sizes.get(code, 0) + 1
    assert 5 <= min(sizes.values()) and max(sizes.values()) <= 7


def test_small_is_the_start_of_large():
    small, large = build_plan(SCALES["small"]), build_plan(SCALES["large"])
    assert set(small.people) <= set(large.people)
    assert {u["code"] for u in small.units} <= {u["code"] for u in large.units}
    # Extra people of a role are named <role>-N and work in other units.
    assert "social-worker-2@demo.hearth.test" in small.people
