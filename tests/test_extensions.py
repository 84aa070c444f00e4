"""The slots where higher apps add to lower apps' pages (hearth/core/extensions.py)."""

import datetime

import pytest
from django.urls import reverse

from hearth.core import extensions

from .factories import ChildFactory


@pytest.fixture
def slot_providers():
    """Registers providers for one test and removes them afterwards."""
    added = []

    def add(slot, provider):
        slot.register(provider)
        added.append((slot, provider))

    yield add
    for slot, provider in added:
        slot._providers.remove(provider)


def test_work_items_are_sorted_soonest_first_with_undated_last(slot_providers, monkeypatch):
    today = datetime.date(2026, 11, 23)
    monkeypatch.setattr(extensions.WORK_ITEMS, "_providers", [])  # only this test's items
    slot_providers(
        extensions.WORK_ITEMS,
        lambda user, today: [
            extensions.WorkItem(kind="A", title="later", url="/x/", due=today + datetime.timedelta(days=3)),
            extensions.WorkItem(kind="A", title="undated", url="/x/"),
            extensions.WorkItem(kind="A", title="overdue", url="/x/", due=today - datetime.timedelta(days=1)),
        ],
    )
    items = extensions.work_items_for(None, today)
    assert [i.title for i in items] == ["overdue", "later", "undated"]
    assert items[0].is_overdue(today) and not items[1].is_overdue(today)


def test_my_work_shows_registered_work_items(slot_providers, client_for, social_worker):
    slot_providers(
        extensions.WORK_ITEMS,
        lambda user, today: (
            [extensions.WorkItem(kind="Unit meeting action", title="Ring the school", url="/a/")]
            if user == social_worker
            else []
        ),
    )
    page = client_for(social_worker).get(reverse("cases:my-work")).content.decode()
    assert "Ring the school" in page and "Unit meeting action" in page


def test_my_work_has_an_empty_state_for_work_items(client_for, social_worker):
    page = client_for(social_worker).get(reverse("cases:my-work")).content.decode()
    assert "Nothing to do from meetings, supervision or requests." in page


def test_child_record_and_unit_page_show_registered_sections(slot_providers, org, client_for, social_worker):
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=social_worker)
    slot_providers(
        extensions.CHILD_RECORD,
        lambda user, c: (
            extensions.Section(title="Hypotheses", template="components/empty_section.html")
            if c == child
            else None
        ),
    )
    slot_providers(
        extensions.UNIT_PAGE,
        lambda user, unit: extensions.Section(
            title="Next unit meeting", template="components/empty_section.html"
        ),
    )
    client = client_for(social_worker)
    assert "Hypotheses" in client.get(reverse("people:child", args=[child.pk])).content.decode()
    unit_page = client.get(reverse("organisation:unit", args=["unit-a"])).content.decode()
    assert "Next unit meeting" in unit_page
    assert reverse("cases:unit-caseload", args=["unit-a"]) in unit_page


def test_unit_page_links_to_the_caseload_only_for_who_may_see_it(org, client_for):
    url = reverse("organisation:unit", args=["unit-a"])
    caseload = reverse("cases:unit-caseload", args=["unit-a"])
    assert caseload not in client_for(org.other_unit_worker).get(url).content.decode()


def test_chronology_links_to_a_registered_source_page():
    from hearth.cases.selectors.chronology import source_url

    class Entry:
        source_type = "tests.Thing"
        source_id = 7

    extensions.register_source_page("tests.Thing", "cases:note")
    try:
        assert source_url(Entry()) == reverse("cases:note", args=[7])
    finally:
        extensions._SOURCE_PAGES.pop("tests.Thing")
