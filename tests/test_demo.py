"""The demo authority contract (design.md §7)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models

from hearth.cases.models import ChronologyEntry, Note, Referral
from hearth.core.roles import ALL_ROLES
from hearth.organisation.demo import SCALES, build_plan
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child


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

    def counts():
        return [m.objects.count() for m in (get_user_model(), Unit, Membership, Child, Note, ChronologyEntry)]

    before = counts()
    call_command("seed_demo", "--scale", "small", "--quiet")
    assert counts() == before


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


def test_small_demo_has_casework_in_every_unit(db):
    call_command("seed_demo", "--scale", "small", "--quiet")
    for unit in Unit.objects.all():
        children = Child.objects.filter(allocated_unit=unit)
        assert children.exists(), unit
        # Every allocated child has an open episode, a lead worker in the unit and a chronology.
        for child in children:
            assert Referral.objects.open().filter(child=child).exists()
            assert child.lead_worker.memberships.current().filter(unit=unit).exists()
            assert ChronologyEntry.objects.filter(child=child).exists()
    # Notes about siblings are written once and appear on each sibling's chronology.
    shared = Note.objects.annotate(n=models.Count("note_children")).filter(n__gt=1).first()
    assert shared is not None
    assert ChronologyEntry.objects.filter(source_type="cases.note", source_id=shared.pk).count() == shared.n
