"""No page or export shows pulse, equality or extra-hours results for a group under five people, and no
group under five can be worked out by subtraction (a total minus the groups shown)."""

import datetime
from collections import Counter

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.core.roles import OrgRole
from hearth.workforce import services
from hearth.workforce.codes import CHARACTERISTICS, EthnicGroup
from hearth.workforce.models import Conversation, ConversationFactor, EqualityRecord, ExtraHours
from hearth.workforce.privacy import MIN_GROUP_SIZE, protect, protect_tree

from .factories import MembershipFactory, UnitFactory, UserFactory
from .factories_workforce import StaffRecordFactory, open_round, responses

RESULTS = reverse("workforce:pulse-results")

# --- the rule itself --------------------------------------------------------------------------------


def test_a_total_under_five_shows_nothing():
    breakdown = protect({"a": 2, "b": 2})
    assert not breakdown.total_shown and not breakdown.shown and not breakdown.merged


def test_groups_of_five_or_more_are_shown_and_small_ones_merged():
    breakdown = protect({"a": 9, "b": 7, "c": 3, "d": 2})
    assert set(breakdown.shown) == {"a", "b"}
    assert set(breakdown.merged) == {"c", "d"} and breakdown.merged_size == 5


def test_one_small_group_takes_the_smallest_shown_group_with_it():
    """A total of 12 with 8 and 4 shown as '8' would give away the 4 as 12 - 8."""
    breakdown = protect({"a": 8, "b": 4})
    assert breakdown.shown == () and set(breakdown.merged) == {"a", "b"}
    breakdown = protect({"a": 20, "b": 6, "c": 2})
    assert breakdown.shown == ("a",) and set(breakdown.merged) == {"b", "c"}


def test_empty_groups_are_left_out_unless_zero_is_small():
    assert protect({"a": 6, "b": 0}).merged == ()
    breakdown = protect({"a": 6, "b": 0, "c": 7}, zero_is_small=True)
    assert "b" in breakdown.merged and breakdown.merged_size >= MIN_GROUP_SIZE


def test_an_area_merged_for_another_shows_no_units():
    """Area A (units of 6 and 6) is merged with area B (3), so that B cannot be worked out; A's units
    must not be shown either, or the total minus them would give B."""
    tree = protect_tree({(1, 11): 6, (1, 12): 6, (2, 21): 3})
    kinds = {g.kind for g in tree.groups()}
    assert kinds == {"authority"}


def test_a_unit_of_six_beside_a_unit_of_two_is_not_shown_alone():
    tree = protect_tree({(1, 11): 6, (1, 12): 2, (2, 21): 9})
    assert tree.find("unit", 11) is None and tree.find("unit", 12) is None
    assert tree.find("area", 1).size == 8


def _nested_sizes_are_safe(cells, tree):
    groups = tree.groups()
    for group in groups:
        assert group.size >= MIN_GROUP_SIZE
        assert group.size == sum(cells.get(c, 0) for c in group.cells)
    # Groups nest (any two are disjoint or one holds the other), and whatever is left of a shown group
    # after the shown groups inside it is 0 or at least five: no difference of shown figures is smaller.
    sets = {g.cells for g in groups}
    for one in sets:
        for other in sets:
            assert one <= other or other <= one or not (one & other)
    for parent in sets:
        inside = [s for s in sets if s < parent]
        maximal = [s for s in inside if not any(s < t for t in inside)]
        rest = sum(cells.get(c, 0) for c in parent) - sum(cells.get(c, 0) for s in maximal for c in s)
        assert rest == 0 or rest >= MIN_GROUP_SIZE, (parent, maximal)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from([None, 1, 2, 3]), st.sampled_from([None, 10, 11, 12, 13])),
        st.integers(min_value=0, max_value=12),
        max_size=14,
    )
)
def test_no_group_under_five_can_be_worked_out_from_the_tree(cells):
    cells = {(a, u if a is not None else None): n for (a, u), n in cells.items()}
    _nested_sizes_are_safe({c: n for c, n in cells.items() if n}, protect_tree(cells))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(min_value=0, max_value=15)))
def test_no_group_under_five_can_be_worked_out_from_a_breakdown(counts):
    breakdown = protect(counts)
    shown = sum(counts[k] for k in breakdown.shown)
    for key in breakdown.shown:
        assert counts[key] >= MIN_GROUP_SIZE
    if breakdown.total_shown:
        assert breakdown.total - shown in (0,) or breakdown.total - shown >= MIN_GROUP_SIZE
        assert breakdown.merged_size == breakdown.total - shown


# --- pages --------------------------------------------------------------------------------------------


@pytest.fixture
def lead(org, client_for):
    return client_for(org[OrgRole.WORKFORCE_LEAD])


def test_a_unit_with_four_answers_is_not_shown(org, lead):
    pulse_round = open_round()
    responses(pulse_round, org.unit_a, 4)
    page = lead.get(RESULTS).content.decode()
    assert "Unit A" not in page
    assert "Too few people have answered" in page


def test_a_unit_is_not_shown_when_the_rest_of_its_area_is_under_five(org, lead):
    """Unit A has 6 answers, the rest of area one 3: the area total minus Unit A would give the 3."""
    pulse_round = open_round()
    small = UnitFactory(service_area=org.area, name="Unit Small")
    responses(pulse_round, org.unit_a, 6, workload=5)
    responses(pulse_round, small, 3, workload=1)
    responses(pulse_round, org.unit_b, 7)
    page = lead.get(RESULTS).content.decode()
    assert "Unit Small" not in page
    assert ">Unit A<" not in page and "Unit: </span>Unit A" not in page
    assert "Area one" in page and "Area two" in page
    rows = lead.get(RESULTS).context["results"]["rows"]
    assert all(row.respondents >= 5 for row in rows)
    assert {row.respondents for row in rows} == {16, 9, 7}


def test_managers_see_only_their_units_groups(org, client_for):
    pulse_round = open_round()
    other = UnitFactory(service_area=org.area, name="Unit C")
    responses(pulse_round, org.unit_a, 6)
    responses(pulse_round, other, 6)
    responses(pulse_round, org.unit_b, 6)
    rows = client_for(org[OrgRole.TEAM_MANAGER]).get(RESULTS).context["results"]["rows"]
    assert [row.label for row in rows] == ["Unit A"]  # not Unit C, not the area, not the authority
    rows = client_for(org[OrgRole.SERVICE_MANAGER]).get(RESULTS).context["results"]["rows"]
    assert {row.label for row in rows} == {"Area one", "Unit A", "Unit C"}


def _answer(user, pulse_round, **answers):
    values = {
        "workload": 3,
        "support": 3,
        "safe_to_discuss": 3,
        "intention_to_stay": 3,
        "discrimination": "no",
    }
    services.answer_pulse(user=user, pulse_round=pulse_round, answers=values | answers)


def test_characteristic_groups_under_five_are_merged_including_prefer_not_to_say(org, lead):
    pulse_round = open_round()
    people = [UserFactory() for _ in range(12)]
    for n, person in enumerate(people):
        group = EthnicGroup.WHITE if n < 8 else EthnicGroup.BLACK if n < 10 else EthnicGroup.PREFER_NOT_TO_SAY
        EqualityRecord.objects.create(user=person, ethnic_group=group)
        _answer(person, pulse_round, discrimination="yes" if group == EthnicGroup.BLACK else "no")
    sections = lead.get(RESULTS).context["characteristics"]
    ethnic = next(s for s in sections if s["heading"] == "Ethnic group")
    labels = {row.label: row.respondents for row in ethnic["rows"]}
    # 8 White would leave 4 (Black and prefer not to say) to subtract: everything is merged.
    assert "Black, Black British, Caribbean or African" not in labels
    assert "Prefer not to say" not in labels and "White" not in labels
    assert all(n >= 5 for n in labels.values())
    page = lead.get(reverse("workforce:equality")).content.decode()
    assert "Black, Black British" not in page and ">Prefer not to say<" not in page


def test_equality_comparison_needs_five_behind_every_rate(org, lead):
    today = timezone.localdate()
    for n in range(14):
        user = UserFactory()
        EqualityRecord.objects.create(user=user, gender="woman" if n < 9 else "man")
        StaffRecordFactory(
            unit=org.unit_a,
            user=user,
            started_on=today - datetime.timedelta(days=900),
            left_on=today - datetime.timedelta(days=10) if n == 9 else None,
        )
    sections = lead.get(reverse("workforce:equality")).context["sections"]
    gender = next(s for s in sections if s["heading"] == "Gender")
    rows = {row.label: row for row in gender["rows"]}
    assert rows["Woman"].size == 9 and rows["Man"].size == 5
    # One man left: a leaving rate for men would say who. Too few leavers to show for anyone.
    assert rows["Man"].left == "Too few to show" and rows["Woman"].left == "Too few to show"
    for name, _, _ in CHARACTERISTICS:
        section = next(
            s for s in sections if s["heading"] == dict((n, h) for n, h, _ in CHARACTERISTICS)[name]
        )
        assert all(row.size >= MIN_GROUP_SIZE for row in section["rows"])


def test_extra_hours_for_fewer_than_five_people_are_not_shown(org, client_for):
    monday = timezone.localdate()  # in this month, whatever the day
    for _ in range(4):
        user = UserFactory()
        MembershipFactory(unit=org.unit_a, user=user)
        ExtraHours.objects.create(
            user=user, week_starting=monday, hours=5, unit=org.unit_a, service_area=org.area
        )
    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    latest = client.get(reverse("workforce:dashboard")).context["data"].extra_hours[-1]
    assert latest[1] == "Fewer than 5 people"
    user = UserFactory()
    ExtraHours.objects.create(
        user=user, week_starting=monday, hours=10, unit=org.unit_a, service_area=org.area
    )
    latest = client.get(reverse("workforce:dashboard")).context["data"].extra_hours[-1]
    assert latest[1:] == ("5", "6.0")
    # Unit A alone: its area holds only Unit A, so the unit's figure is the area's, and shown.
    unit = client.get(reverse("workforce:dashboard"), {"scope": f"unit-{org.unit_a.pk}"})
    assert unit.context["data"].extra_hours[-1][1] == "5"


def test_extra_hours_of_a_unit_are_hidden_when_its_area_would_give_it_away(org, client_for):
    monday = timezone.localdate()
    small = UnitFactory(service_area=org.area)
    for unit, count in ((org.unit_a, 6), (small, 2)):
        for _ in range(count):
            ExtraHours.objects.create(
                user=UserFactory(), week_starting=monday, hours=3, unit=unit, service_area=org.area
            )
    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    unit = client.get(reverse("workforce:dashboard"), {"scope": f"unit-{org.unit_a.pk}"})
    assert unit.context["data"].extra_hours[-1][1] == "Fewer than 5 people"
    area = client.get(reverse("workforce:dashboard"), {"scope": f"area-{org.area.pk}"})
    assert area.context["data"].extra_hours[-1][1] == "8"


def test_comments_only_for_the_workforce_lead_and_only_for_groups_of_five(org, client_for):
    pulse_round = open_round()
    responses(pulse_round, org.unit_a, 3, comment="Too many cases this month.")
    url = reverse("workforce:pulse-comments")
    lead = client_for(org[OrgRole.WORKFORCE_LEAD])
    page = lead.get(url).content.decode()
    assert "Too many cases this month." not in page and "Too few people have answered" in page
    responses(pulse_round, org.unit_b, 6, comment="We support each other.")
    response = lead.get(url)
    page = response.content.decode()
    # Area one (3 answers) is too small to be named: its comment is read with the whole authority's.
    assert "Too many cases this month." in page and "We support each other." in page
    assert [s["label"] for s in response.context["sections"]] == ["Whole authority"]
    assert "Unit A" not in page and "Area one" not in page
    for role in (OrgRole.DIRECTOR, OrgRole.TEAM_MANAGER, OrgRole.SYSTEM_ADMINISTRATOR):
        assert client_for(org[role]).get(url).status_code == 403


def test_retention_factors_need_five_people_behind_them(org, client_for):
    today = timezone.localdate()
    small = UnitFactory(service_area=org.area, name="Unit Small")
    for unit, count in ((org.unit_a, 6), (small, 2)):
        for _ in range(count):
            record = StaffRecordFactory(unit=unit)
            conversation = Conversation.objects.create(staff=record, kind="stay-conversation", held_on=today)
            ConversationFactor.objects.create(conversation=conversation, kind="push", factor="workload")
    rows = client_for(org[OrgRole.WORKFORCE_LEAD]).get(reverse("workforce:retention")).context["factors"]
    labels = {row.label: row.people for row in rows}
    assert labels == {"Whole authority": 8, "Area one": 8}
    assert client_for(org[OrgRole.TEAM_MANAGER]).get(reverse("workforce:retention")).context["factors"] == []


def test_no_api_or_other_export_carries_workforce_data():
    """Pulse, equality and extra-hours data leave Hearth through these pages only: no API endpoint."""

    def names(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from names(p.url_patterns, prefix + (p.namespace + ":" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                yield prefix + (p.name or "")

    api = [n for n in names(get_resolver().url_patterns) if n.startswith("api:")]
    assert not [n for n in api if "workforce" in n or "pulse" in n or "equality" in n]


def test_the_figures_export_carries_no_pulse_or_equality_columns(org, client_for):
    rows = client_for(org[OrgRole.WORKFORCE_LEAD]).get(reverse("workforce:figures-csv")).content.decode()
    header = rows.splitlines()[0].lower()
    assert "pulse" not in header and "ethnic" not in header and "agree" not in header
    assert Counter(line.split(",")[0] for line in rows.splitlines()[1:])["Whole authority"] == 12
