"""`child_for_page` applies the rules of `ChildQuerySet.visible_to` and `in_reach_of` to one row.

The queryset is the rule for lists; the page lookup is a faster copy of it. This test holds them equal for
every role and every kind of child, so the two cannot drift apart.
"""

import datetime

from django.utils import timezone

from hearth.core.roles import ALL_ROLES
from hearth.people.models import BreakGlass, Child, RestrictedAccess
from hearth.people.selectors import child_for_page

from .factories import ChildFactory


def _expected(user, child):
    visible = Child.objects.visible_to(user).filter(pk=child.pk).exists()
    if visible:
        return child.pk, False
    restricted = Child.objects.in_reach_of(user).exclude(restriction="").filter(pk=child.pk).first()
    if restricted is not None and user.has_perm("people.break_glass", restricted):
        return child.pk, True
    return None, False


def test_page_lookup_agrees_with_the_querysets_for_every_role_and_kind_of_child(org):
    worker = org["social-worker"]
    children = {
        "unit A": ChildFactory(unit=org.unit_a, unit__lead_worker=worker),
        "unit B": ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker),
        "not allocated": ChildFactory(),
        "restricted in unit A": ChildFactory(unit=org.unit_a, restriction="high-profile"),
        "restricted in unit B": ChildFactory(unit=org.unit_b, restriction="adoption"),
        "restricted, named": ChildFactory(unit=org.unit_a, restriction="staff-relative"),
        "restricted, glass broken": ChildFactory(unit=org.unit_a, restriction="high-profile"),
        "restricted, glass expired": ChildFactory(unit=org.unit_a, restriction="high-profile"),
    }
    now = timezone.now()
    for role in ALL_ROLES[::2]:  # every other role: both the named and the not named are checked
        person = org[role]
        RestrictedAccess.objects.create(child=children["restricted, named"], user=person)
        BreakGlass.objects.create(
            child=children["restricted, glass broken"],
            user=person,
            reason="a reason long enough",
            expires_at=now + datetime.timedelta(hours=1),
        )
        BreakGlass.objects.create(
            child=children["restricted, glass expired"],
            user=person,
            reason="a reason long enough",
            expires_at=now - datetime.timedelta(hours=1),
        )
    people = [org[role] for role in ALL_ROLES] + [org.other_unit_worker]
    wrong = []
    for person in people:
        for label, child in children.items():
            person = type(person).objects.get(pk=person.pk)  # fresh reach, as on a request
            found, glass = child_for_page(person, child.pk)
            got = (found.pk if found else None, glass)
            if got != _expected(person, child):
                wrong.append(f"{person.email} / {label}: got {got}, queryset says {_expected(person, child)}")
    assert not wrong, "\n".join(wrong)


def test_nobody_reaches_a_child_who_does_not_exist(org):
    assert child_for_page(org["social-worker"], 999_999) == (None, False)
