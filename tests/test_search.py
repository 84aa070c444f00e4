"""Search for a child: each kind of query, reach, restricted records, messages, audit and query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from hearth.cases.selectors.lists import (
    DATE_OF_BIRTH,
    IDENTIFIER,
    NAME,
    QueryError,
    parse_child_query,
)
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.people.models import RestrictedAccess
from hearth.people.validators import upn_check_letter

from .factories import ChildFactory

SEARCH = reverse("cases:search")
UPN_BODY = "123456789012"
UPN = upn_check_letter(UPN_BODY) + UPN_BODY
NHS_NUMBER = "9434765919"


@pytest.fixture
def ada(org):
    return ChildFactory(
        first_name="Ada",
        last_name="Lovelace",
        la_child_id="LA00042",
        date_of_birth=datetime.date(2015, 3, 27),
        upn=UPN,
        nhs_number=NHS_NUMBER,
        unit=org.unit_a,
    )


def found(client, q, **extra) -> list:
    response = client.get(SEARCH, {"q": q, **extra})
    assert response.status_code == 200
    return [row.child for row in response.context["rows"]]


# --- what a query means ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ada", NAME),
        ("  Ada   Lovelace ", NAME),
        ("27/03/2015", DATE_OF_BIRTH),
        ("2015-03-27", DATE_OF_BIRTH),
        ("7/3/2015", DATE_OF_BIRTH),
        ("LA00042", IDENTIFIER),
        ("943 476 5919", IDENTIFIER),
    ],
)
def test_query_kinds(text, kind):
    assert parse_child_query(text).kind == kind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a name, date of birth"),
        ("   ", "Enter a name, date of birth"),
        ("a", "Enter at least 2 characters"),
        ("31/02/2015", "Enter a real date of birth"),
    ],
)
def test_queries_that_cannot_run(text, message):
    with pytest.raises(QueryError, match=message):
        parse_child_query(text)


@given(st.text(max_size=120))
def test_any_text_is_a_query_or_a_plain_message(text):
    try:
        query = parse_child_query(text)
    except QueryError as error:
        assert str(error)
    else:
        assert query.kind in {NAME, DATE_OF_BIRTH, IDENTIFIER}


# --- each kind finds the child ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "Ada",
        "ada",
        "LOVE",
        "ove",
        "ada lovelace",
        "Lovelace Ada",
        "love ad",
        "27/03/2015",
        "2015-03-27",
        "LA00042",
        "la00042",
        "LA 00042",
        UPN,
        f"{UPN[:4]} {UPN[4:8]} {UPN[8:]}".lower(),
        NHS_NUMBER,
        "943 476 5919",
    ],
)
def test_each_kind_of_query_finds_the_child(org, client, ada, q):
    ChildFactory(
        first_name="Bob", last_name="Smith", unit=org.unit_a, date_of_birth=datetime.date(2014, 1, 1)
    )
    client.force_login(org["social-worker"])
    assert found(client, q) == [ada]


def test_names_match_in_either_order_but_every_word_must_match(org, client, ada):
    client.force_login(org["social-worker"])
    assert found(client, "ada smith") == []


def test_a_word_of_two_letters_matches_the_start_of_a_name(org, client, ada):
    client.force_login(org["social-worker"])
    assert found(client, "lo") == [ada]
    assert found(client, "ce") == []  # "Lovelace" ends with it, but a short word is a start


# --- reach and restriction --------------------------------------------------------------------------


def test_a_child_of_another_unit_never_appears(org, client, ada):
    other = ChildFactory(first_name="Ada", last_name="Byron", unit=org.unit_b)
    client.force_login(org["social-worker"])
    assert found(client, "ada") == [ada]
    assert found(client, other.la_child_id) == []
    client.force_login(org.other_unit_worker)
    assert found(client, "ada") == [other]
    client.force_login(org[OrgRole.DIRECTOR])
    assert set(found(client, "ada")) == {ada, other}


def test_restricted_children_are_excluded_unless_named(org, client, ada):
    ada.restriction = "high-profile"
    ada.save()
    client.force_login(org["social-worker"])
    assert found(client, "lovelace") == []
    client.force_login(org[OrgRole.DIRECTOR])
    assert found(client, "lovelace") == []
    RestrictedAccess.objects.create(child=ada, user=org["social-worker"])
    client.force_login(org["social-worker"])
    assert found(client, "lovelace") == [ada]


def test_people_with_no_reach_cannot_search(org, client):
    for role in (OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR):
        client.force_login(org[role])
        assert client.get(SEARCH, {"q": "ada"}).status_code == 403


# --- the page ----------------------------------------------------------------------------------------


def test_no_query_shows_only_the_form(org, client):
    client.force_login(org["social-worker"])
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert "There is a problem" not in response.content.decode()
    assert not AuditLog.objects.filter(action="child.search").exists()


@pytest.mark.parametrize(("q", "message"), [("", "Enter a name"), ("a", "Enter at least 2 characters")])
def test_empty_and_short_queries_get_a_clear_message(org, client, q, message):
    client.force_login(org["social-worker"])
    response = client.get(SEARCH, {"q": q})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert "<title>Error: " in body
    assert not AuditLog.objects.filter(action="child.search").exists()


def test_no_match_has_an_empty_state(org, client, ada):
    client.force_login(org["social-worker"])
    body = client.get(SEARCH, {"q": "zzzz"}).content.decode()
    assert "No children found" in body


def test_results_link_to_the_record_and_are_paginated(org, client):
    children = [ChildFactory(first_name="Sam", unit=org.unit_a) for _ in range(51)]
    client.force_login(org["social-worker"])
    response = client.get(SEARCH, {"q": "sam"})
    assert len(response.context["rows"]) == 50
    assert response.context["page_obj"].paginator.count == 51
    assert reverse("people:child", args=[response.context["rows"][0].child.pk]) in response.content.decode()
    assert len(found(client, "sam", page=2)) == 1
    assert len(children) == 51


def test_each_search_writes_one_audit_row_without_the_words(org, client, ada):
    client.force_login(org["social-worker"])
    found(client, "Lovelace")
    found(client, "27/03/2015")
    found(client, "LA00042")
    rows = list(AuditLog.objects.filter(action="child.search").order_by("pk"))
    assert [row.detail for row in rows] == ["query kind: name", "query kind: dob", "query kind: identifier"]
    assert all(row.actor == org["social-worker"] and row.child_id is None for row in rows)
    assert not any("Lovelace" in (row.detail + row.reason) for row in rows)


def _queries(client, q) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(SEARCH, {"q": q}).status_code == 200
    return len(captured)


def test_search_query_count_is_flat(org, client):
    client.force_login(org["social-worker"])
    for _ in range(5):
        ChildFactory(first_name="Sam", unit=org.unit_a)
    few = _queries(client, "sam")
    for _ in range(45):
        ChildFactory(first_name="Sam", unit=org.unit_a)
    assert _queries(client, "sam") == few
