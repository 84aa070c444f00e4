"""A child's chronology: one merged timeline, filtered, paginated, printable, with flat query counts."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.cases.selectors.chronology import PRINT_LIMIT, datetime_in_words
from hearth.core.models import AuditLog

from .factories import ChildFactory, note_about

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2025, 1, 1, 9, 0))


@pytest.fixture
def child(org):
    return ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"], first_name="Ava")


def add_entries(child, n, *, kind=EventKind.OTHER, start=START, key_every=0, title="Event"):
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            child=child,
            occurred_at=start + datetime.timedelta(days=i),
            kind=kind,
            title=f"{title} {i + 1}",
            summary=f"What happened on day {i + 1}",
            is_key_event=bool(key_every) and i % key_every == 0,
        )
        for i in range(n)
    )


def titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="govuk-heading-s govuk-!-margin-bottom-1">(?:<a [^>]*>)?([^<]+)',
        response.content.decode(),
    )


def test_entries_come_newest_first_and_can_be_turned_round(client_for, org, child):
    add_entries(child, 3)
    client = client_for(org["social-worker"])
    url = reverse("cases:chronology", args=[child.pk])
    assert titles(client.get(url)) == ["Event 3", "Event 2", "Event 1"]
    response = client.get(url, {"order": "oldest"})
    assert titles(response) == ["Event 1", "Event 2", "Event 3"]
    assert "Show newest first" in response.content.decode()


def test_each_entry_shows_when_in_words_its_kind_and_summary(client_for, org, child):
    add_entries(child, 1, kind=EventKind.REFERRAL)
    html = client_for(org["social-worker"]).get(reverse("cases:chronology", args=[child.pk])).content.decode()
    assert "Wednesday 1 January 2025 at 9am" in html
    assert ">Referral</strong>" in html and "What happened on day 1" in html


def test_filters_by_kind_dates_and_key_events(client_for, org, child):
    add_entries(child, 10, kind=EventKind.OTHER, key_every=5)  # 1-10 January; key: 1st and 6th
    add_entries(child, 3, kind=EventKind.ASSESSMENT, title="Assessment")  # 1-3 January
    client = client_for(org["social-worker"])
    url = reverse("cases:chronology", args=[child.pk])
    assert titles(client.get(url, {"kinds": ["assessment"]})) == [
        "Assessment 3",
        "Assessment 2",
        "Assessment 1",
    ]
    assert titles(client.get(url, {"date_from": "8/1/2025", "date_to": "9/1/2025"})) == ["Event 9", "Event 8"]
    assert titles(client.get(url, {"key_events": "on"})) == ["Event 6", "Event 1"]
    both = client.get(url, {"kinds": ["other", "assessment"], "date_to": "1/1/2025", "order": "oldest"})
    assert sorted(titles(both)) == ["Assessment 1", "Event 1"]
    assert "2 entries matching the filters" in both.content.decode()


def test_bad_filters_get_a_clear_message(client_for, org, child):
    add_entries(child, 2)
    client = client_for(org["social-worker"])
    url = reverse("cases:chronology", args=[child.pk])
    html = client.get(url, {"date_from": "not a date"}).content.decode()
    assert "Enter a real date for ‘from’, like 1/1/2025" in html and "<title>Error: " in html
    html = client.get(url, {"date_from": "5/1/2025", "date_to": "1/1/2025"}).content.decode()
    assert "The ‘to’ date must be the same as or after the ‘from’ date" in html
    assert client.get(url, {"kinds": ["nonsense"]}).status_code == 200


def test_fifty_entries_a_page(client_for, org, child):
    add_entries(child, 60)
    client = client_for(org["social-worker"])
    url = reverse("cases:chronology", args=[child.pk])
    first = client.get(url)
    assert len(titles(first)) == 50 and "page 1 of 2" in first.content.decode()
    second = client.get(url, {"page": 2, "kinds": ["other"]})
    assert titles(second) == [f"Event {i}" for i in range(10, 0, -1)]
    assert "kinds=other&amp;page=1" in second.content.decode()


def test_entries_link_to_their_note(client_for, org, child):
    note = note_about([child], by=org["social-worker"], title="Home after school")
    html = client_for(org["social-worker"]).get(reverse("cases:chronology", args=[child.pk])).content.decode()
    assert f'href="{reverse("cases:note", args=[note.pk])}"' in html
    assert "Home visit: Home after school" in html


def test_the_chronology_is_audited_and_out_of_reach_is_404(client_for, client, org, child):
    client_for(org["social-worker"]).get(reverse("cases:chronology", args=[child.pk]))
    assert AuditLog.objects.filter(action="child.view_chronology", child_id=child.pk).exists()
    client.force_login(org.other_unit_worker)
    assert client.get(reverse("cases:chronology", args=[child.pk])).status_code == 404
    assert client.get(reverse("cases:chronology-print", args=[child.pk])).status_code == 404


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["cases:chronology", "cases:chronology-print"])
def test_the_number_of_queries_does_not_grow_with_the_chronology(client_for, org, child, name):
    client = client_for(org["social-worker"])
    url = reverse(name, args=[child.pk])
    note_about([child], by=org["social-worker"])
    add_entries(child, 30)
    few = _queries(client, url)
    add_entries(child, 270, start=START + datetime.timedelta(days=40))
    for i in range(5):
        note_about([child], by=org["social-worker"], title=f"Visit {i}", final=bool(i % 2))
    assert _queries(client, url) == few
    assert _queries(client, url, {"page": 3, "kinds": ["other", "note"], "key_events": ""}) == few


def test_the_print_version_shows_everything_up_to_its_limit(client_for, org, child):
    add_entries(child, 60)
    client = client_for(org["social-worker"])
    url = reverse("cases:chronology-print", args=[child.pk])
    response = client.get(url, {"order": "oldest"})
    html = response.content.decode()
    assert html.count('<tr class="govuk-table__row">') == 61  # heading row and every entry
    assert "chronology-print.css" in html and "There are more than" not in html
    assert html.index("Event 1<") < html.index("Event 60<")
    assert AuditLog.objects.filter(action="child.view_chronology", child_id=child.pk).exists()


def test_the_print_version_is_capped(client_for, org, child):
    add_entries(child, PRINT_LIMIT + 1)
    html = (
        client_for(org["social-worker"])
        .get(reverse("cases:chronology-print", args=[child.pk]))
        .content.decode()
    )
    assert html.count('<tr class="govuk-table__row">') == PRINT_LIMIT + 1
    assert f"There are more than {PRINT_LIMIT:,} entries" in html


def test_dates_in_words():
    assert datetime_in_words(START) == "Wednesday 1 January 2025 at 9am"
    assert datetime_in_words(START.replace(hour=14, minute=5)) == "Wednesday 1 January 2025 at 2:05pm"
    assert datetime_in_words(START.replace(hour=12, minute=0)) == "Wednesday 1 January 2025 at 12 noon"
