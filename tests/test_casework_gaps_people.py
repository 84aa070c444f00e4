"""Casework gaps of issue 4 in `people`: households from the child's record, ending an address with no
move, and the duplicate check by name similarity and close dates of birth (both database backends).

Who may open each page is in tests/test_authorisation_matrix.py; these are the behaviours.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.people import selectors
from hearth.people.models import Address, Adult, Child, Household, Relationship

from .factories import ChildFactory

D = datetime.date


@pytest.fixture
def worker(org):
    return org["social-worker"]


@pytest.fixture
def child(org, worker):
    return ChildFactory(
        unit=org.unit_a,
        unit__lead_worker=worker,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=D(2016, 5, 4),
    )


@pytest.fixture
def family(org, worker, child):
    """A brother in unit A, a half-sister held by unit B (not visible), a mum, and an unrelated child."""
    brother = ChildFactory(unit=org.unit_a, unit__lead_worker=worker, first_name="Kofi", last_name="Okafor")
    sister = ChildFactory(unit=org.unit_b, first_name="Efua", last_name="Okafor")
    mum = Adult.objects.create(first_name="Grace", last_name="Okafor")
    Relationship.objects.create(child=child, other_child=brother, kind="sibling")
    Relationship.objects.create(child=sister, other_child=child, kind="half-sibling")  # made from her side
    Relationship.objects.create(child=child, adult=mum, kind="parent", parental_responsibility=True)
    stranger = ChildFactory(unit=org.unit_a, first_name="Tom", last_name="Stranger")
    return brother, sister, mum, stranger


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker)
    return client


def error_page(response, message):
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error: " in html, html[:2000]
    assert message in html, html
    return html


# --- 4. households ---------------------------------------------------------------------------------


def test_household_candidates_come_from_the_childs_relationships(worker, child, family):
    brother, sister, mum, stranger = family
    found = selectors.household_candidates(worker, child)
    assert found.children == [brother]  # not the half-sister this worker cannot see, nor a stranger
    assert found.adults == [mum]


def test_adding_a_household_from_the_record(signed_in, child, family):
    brother, sister, mum, _ = family
    record = child.get_absolute_url()
    url = reverse("people:household-add", args=[child.pk])
    assert url in signed_in.get(record).content.decode()
    form = signed_in.get(url).content.decode()
    assert "The Okafor household" in form and "Kofi Okafor" in form and "Grace Okafor" in form
    assert "Efua" not in form and "Stranger" not in form
    response = signed_in.post(url, {"name": "Mum's flat", "children": [brother.pk], "adults": [mum.pk]})
    assert response.status_code == 302 and response["Location"] == record
    household = Household.objects.get()
    assert household.name == "Mum's flat"
    assert set(household.children.all()) == {child, brother} and list(household.adults.all()) == [mum]
    assert AuditLog.objects.filter(action="household.create").count() == 2  # one row per child
    html = signed_in.get(record).content.decode()
    assert "Mum&#x27;s flat" in html and "Grace Okafor" in html
    assert reverse("people:household", args=[child.pk, household.pk]) in html
    # The brother's record shows it too.
    assert "Mum&#x27;s flat" in signed_in.get(brother.get_absolute_url()).content.decode()


def test_a_household_needs_a_name_and_keeps_the_choices(signed_in, child, family):
    brother, _, mum, _ = family
    url = reverse("people:household-add", args=[child.pk])
    html = error_page(
        signed_in.post(url, {"name": " ", "children": [brother.pk], "adults": [mum.pk]}), "Enter a name"
    )
    assert f'value="{brother.pk}" checked' in html and f'value="{mum.pk}" checked' in html
    assert not Household.objects.exists()


def test_only_linked_people_can_join(signed_in, child, family):
    brother, sister, mum, stranger = family
    url = reverse("people:household-add", args=[child.pk])
    error_page(
        signed_in.post(url, {"name": "Home", "children": [stranger.pk]}), "Select people from the list"
    )
    error_page(signed_in.post(url, {"name": "Home", "children": [sister.pk]}), "Select people from the list")
    assert not Household.objects.exists()


def test_adding_and_taking_off_household_members(signed_in, worker, child, family):
    brother, sister, mum, _ = family
    household = Household.objects.create(name="Home")
    household.children.add(child, sister)
    url = reverse("people:household", args=[child.pk, household.pk])
    html = signed_in.get(url).content.decode()
    assert "Efua" not in html and "1 other child (record not available to you)" in html
    assert signed_in.post(url, {"children": [brother.pk], "adults": [mum.pk]}).status_code == 302
    assert set(household.children.all()) == {child, brother, sister} and list(household.adults.all()) == [mum]
    assert AuditLog.objects.filter(action="household.member_add", child_id=brother.pk).exists()
    assert signed_in.post(url, {"remove": f"adult:{mum.pk}"}).status_code == 302
    assert signed_in.post(url, {"remove": f"child:{brother.pk}"}).status_code == 302
    assert set(household.children.all()) == {child, sister} and not household.adults.exists()
    assert AuditLog.objects.filter(action="household.member_remove", child_id=brother.pk).exists()
    # A child this worker cannot see cannot be taken off (nor learnt about).
    assert signed_in.post(url, {"remove": f"child:{sister.pk}"}).status_code == 404
    # Nobody chosen: a clear message.
    error_page(signed_in.post(url, {}), "Select someone to add to the household")


def test_a_household_keeps_at_least_one_child(signed_in, child):
    household = Household.objects.create(name="Home")
    household.children.add(child)
    url = reverse("people:household", args=[child.pk, household.pk])
    error_page(signed_in.post(url, {"remove": f"child:{child.pk}"}), "at least one child")
    assert list(household.children.all()) == [child]


def test_another_childs_household_is_not_found(signed_in, org, child):
    other = Household.objects.create(name="Elsewhere")
    other.children.add(ChildFactory(unit=org.unit_a))
    assert signed_in.get(reverse("people:household", args=[child.pk, other.pk])).status_code == 404


# --- 4. ending an address without a move -----------------------------------------------------------


@pytest.fixture
def address(child):
    return Address.objects.create(
        child=child, line_1="2 Mill Lane", town="Testford", postcode="TE1 2AB", started_on=D(2024, 1, 1)
    )


def test_ending_an_address_leaves_no_current_address(signed_in, child, address):
    record = child.get_absolute_url()
    url = reverse("people:address-end", args=[child.pk, address.pk])
    html = signed_in.get(record).content.decode()
    assert url in html and "Current address: none recorded." not in html
    response = signed_in.post(url, {"ended_on": "30/06/2026"})
    assert response.status_code == 302 and response["Location"] == record
    address.refresh_from_db()
    assert address.ended_on == D(2026, 6, 30)
    assert selectors.current_address(child) is None
    html = signed_in.get(record).content.decode()
    assert "Current address: none recorded." in html and "30 June 2026" in html and url not in html
    assert AuditLog.objects.filter(action="child.address_end", child_id=child.pk).exists()
    # The next address is recorded with nothing to end.
    data = {"line_1": "9 New Road", "town": "Testford", "postcode": "TE1 9ZZ", "started_on": "01/08/2026"}
    assert signed_in.post(reverse("people:address-add", args=[child.pk]), data).status_code == 302
    address.refresh_from_db()
    assert address.ended_on == D(2026, 6, 30)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/12/2023", "on or after they moved in, 01/01/2024"),
        ("", "Enter the date they stopped living there"),
        ("31/02/2026", "Enter a real date"),
    ],
)
def test_an_address_cannot_end_before_it_started_or_without_a_date(signed_in, child, address, typed, message):
    url = reverse("people:address-end", args=[child.pk, address.pk])
    html = error_page(signed_in.post(url, {"ended_on": typed}), message)
    assert f'value="{typed}"' in html or not typed
    address.refresh_from_db()
    assert address.ended_on is None


def test_an_address_cannot_end_in_the_future_and_ends_once(signed_in, child, address):
    url = reverse("people:address-end", args=[child.pk, address.pk])
    future = timezone.localdate() + datetime.timedelta(days=1)
    error_page(signed_in.post(url, {"ended_on": f"{future:%d/%m/%Y}"}), "must be today or in the past")
    assert signed_in.post(url, {"ended_on": "30/06/2026"}).status_code == 302
    response = signed_in.post(url, {"ended_on": "01/07/2026"}, follow=True)
    assert "This address has already ended" in response.content.decode()
    address.refresh_from_db()
    assert address.ended_on == D(2026, 6, 30)


def test_another_childs_address_is_not_found(signed_in, org, child):
    other = ChildFactory(unit=org.unit_a)
    theirs = Address.objects.create(
        child=other, line_1="1 A St", town="T", postcode="TE1 1AA", started_on=D(2024, 1, 1)
    )
    assert signed_in.get(reverse("people:address-end", args=[child.pk, theirs.pk])).status_code == 404


# --- 5. duplicates: similar names, close dates of birth --------------------------------------------


def test_trigram_similarity_is_pg_trgms():
    assert selectors.trigram_similarity("Amara", "Amara") == 1.0
    assert selectors.trigram_similarity("Amara", "Amira") == pytest.approx(3 / 9)
    assert selectors.trigram_similarity("Okafor", "Okafur") == pytest.approx(4 / 10)
    assert selectors.trigram_similarity("Smith", "Jones") == 0.0
    assert selectors.trigrams("De-Souza") == selectors.trigrams("de souza")


def test_close_dates_are_a_day_either_side_and_day_month_swapped():
    assert selectors.close_dates(D(2016, 5, 4)) == {
        D(2016, 5, 3),
        D(2016, 5, 4),
        D(2016, 5, 5),
        D(2016, 4, 5),
    }
    assert selectors.close_dates(D(2016, 5, 27)) == {D(2016, 5, 26), D(2016, 5, 27), D(2016, 5, 28)}
    assert selectors.close_dates(D(2016, 5, 5)) == {D(2016, 5, 4), D(2016, 5, 5), D(2016, 5, 6)}


def _dupes(user, first, last, born):
    return selectors.possible_duplicates(user, first_name=first, last_name=last, date_of_birth=born)


@pytest.mark.parametrize(
    "first, last, born",
    [
        ("Amara", "Okafor", D(2016, 5, 4)),  # the same
        ("AMARA", "okafur", D(2016, 5, 4)),  # a misspelt last name
        ("Amira", "Smith", D(2016, 5, 4)),  # a similar first name
        ("Okafor", "Amara", D(2016, 5, 4)),  # names the wrong way round
        ("Amara", "Okafor", D(2016, 5, 5)),  # a day out
        ("Amara", "Okafor", D(2016, 5, 3)),
        ("Amara", "Okafor", D(2016, 4, 5)),  # day and month swapped
    ],
)
def test_likely_duplicates_are_found(worker, child, first, last, born):
    assert _dupes(worker, first, last, born).visible == [child]


@pytest.mark.parametrize(
    "first, last, born",
    [
        ("Tom", "Jones", D(2016, 5, 4)),  # another child born the same day
        ("Amara", "Okafor", D(2016, 5, 6)),  # two days out
        ("Amara", "Okafor", D(2017, 5, 4)),  # another year
    ],
)
def test_unlike_children_are_not_duplicates(worker, child, first, last, born):
    assert not _dupes(worker, first, last, born)


def test_unborn_children_match_on_close_expected_dates(org, worker):
    expected = timezone.localdate() + datetime.timedelta(days=60)
    unborn = ChildFactory(
        unit=org.unit_a,
        first_name="Baby",
        last_name="Okafor",
        date_of_birth=None,
        expected_date_of_birth=expected,
    )
    found = selectors.possible_duplicates(
        worker, first_name="Baby", last_name="Okafor", expected_date=expected + datetime.timedelta(days=1)
    )
    assert found.visible == [unborn]


def test_matches_the_person_cannot_see_are_counted_without_detail(org, worker, child):
    ChildFactory(unit=org.unit_b, first_name="Amarah", last_name="Okafor", date_of_birth=D(2016, 5, 5))
    ChildFactory(
        unit=org.unit_a,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=D(2016, 4, 5),
        restriction="adoption",
    )
    found = _dupes(worker, "Amara", "Okafor", D(2016, 5, 4))
    assert found.visible == [child] and found.hidden_count == 2


def test_the_duplicate_check_page_hides_what_the_person_cannot_see(org, signed_in, child):
    hidden = ChildFactory(
        unit=org.unit_b, first_name="Amarah", last_name="Okafore", date_of_birth=D(2016, 5, 6)
    )
    data = {
        "first_name": "Amara",
        "last_name": "Okafur",
        "date_of_birth": "05/05/2016",
        "sex": "F",
        "ethnicity": "BAFR",
    }
    response = signed_in.post(reverse("cases:child-add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "These children may already have a record" in html
    assert f'href="{child.get_absolute_url()}"' in html
    assert html.count("A possible match you cannot see — ask your manager") == 1
    assert "Okafore" not in html and hidden.la_child_id not in html and "6 May 2016" not in html
    assert "Unit B" not in html
    assert Child.objects.count() == 2


def test_the_database_and_python_measures_agree(org, worker, child):
    """On PostgreSQL the similarity is pg_trgm's, in the database; elsewhere the same measure in Python."""
    names = [
        ("Amara", "Okafor"),
        ("Amira", "Okafur"),
        ("Kofi", "Mensah"),
        ("Ama", "Okoro"),
        ("Efua", "Amara"),
    ]
    for first, last in names:
        ChildFactory(unit=org.unit_a, first_name=first, last_name=last, date_of_birth=D(2016, 5, 4))
    candidates = Child.objects.filter(date_of_birth__in=selectors.close_dates(D(2016, 5, 4)))
    in_python = selectors._similar_ids_in_python(candidates, "Amara", "Okafor")
    assert len(in_python) >= 4 and set(in_python) == {
        c.pk
        for c in candidates
        if selectors.name_similarity("Amara", "Okafor", c.first_name, c.last_name) >= 0.3
    }
    if connection.vendor == "postgresql":
        assert set(selectors._similar_ids_in_database(candidates, "Amara", "Okafor")) == set(in_python)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm similarity runs on PostgreSQL only")
def test_postgresql_finds_duplicates_with_pg_trgm(org, worker, child):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as queries:
        found = _dupes(worker, "amara", "OKAFUR", D(2016, 4, 5))
    assert found.visible == [child]
    assert any("SIMILARITY" in q["sql"].upper() for q in queries.captured_queries)
