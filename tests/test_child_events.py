"""Changes of address and household, recorded in people, go on the children's chronologies (cases
listens to `people.signals.child_event`; people imports nothing above it)."""

import datetime

from django.utils import timezone

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.people import services
from hearth.people.models import Household

from .factories import ChildFactory


def _entries(child):
    return list(
        ChronologyEntry.objects.filter(child=child, kind=EventKind.HOME).values_list("title", "is_key_event")
    )


def test_a_move_and_leaving_an_address_are_on_the_chronology(org):
    worker = org["social-worker"]
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    today = timezone.localdate()
    first = {
        "line_1": "1 Elm Row",
        "town": "Northam",
        "postcode": "NA1 1AA",
        "started_on": today - datetime.timedelta(days=90),
    }
    second = {
        "line_1": "2 Oak Row",
        "town": "Northam",
        "postcode": "NA1 2BB",
        "started_on": today - datetime.timedelta(days=30),
    }
    services.record_move(by=worker, child=child, details=first)
    address = services.record_move(by=worker, child=child, details=second)
    services.end_address(by=worker, child=child, address=address, ended_on=today)
    assert _entries(child) == [
        ("Left their address", False),
        ("Moved to a new address", True),
        ("Address recorded", False),
    ]


def test_household_changes_are_on_each_member_childs_chronology(org):
    worker = org["social-worker"]
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    sister = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    household = services.create_household(by=worker, child=child, name="Nan's house", children=[sister])
    assert _entries(child) == _entries(sister) == [("Household recorded: Nan's house", False)]
    household = Household.objects.get(pk=household.pk)
    services.remove_household_member(by=worker, household=household, child=sister)
    assert ("Left the household: Nan's house", False) in _entries(sister)
    assert len(_entries(child)) == 1
