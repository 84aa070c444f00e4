"""The health check's arithmetic: ratings against thresholds, a characteristic's score, thresholds with
history, and a snapshot that keeps what the live page shows."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hearth.core.models import AuditLog
from hearth.insights import scoring
from hearth.insights.indicators import registry
from hearth.insights.indicators.base import Direction, Indicator, Measure, share
from hearth.insights.models import Snapshot, SnapshotScore, SnapshotValue, Threshold
from hearth.insights.selectors import current_limits
from hearth.insights.services import set_threshold, take_snapshot

RATINGS = st.sampled_from([scoring.MEETS, scoring.CLOSE, scoring.BELOW, scoring.NO_DATA])


class Higher(Indicator):
    key = "test-higher"
    characteristic = "c1"
    direction = Direction.HIGHER
    good, concern = 80, 50


class Lower(Indicator):
    key = "test-lower"
    characteristic = "c2"
    direction = Direction.LOWER
    good, concern = 5, 10


@pytest.mark.parametrize(
    "value, expected",
    [(80, "meets"), (95, "meets"), (79.9, "close"), (50, "close"), (49.9, "below"), (None, "no-data")],
)
def test_higher_is_better_rating(value, expected):
    indicator = Higher()
    assert scoring.rate(indicator, Measure(value), scoring.default_limits(indicator)) == expected


@pytest.mark.parametrize(
    "value, expected", [(5, "meets"), (0, "meets"), (6, "close"), (10, "close"), (10.5, "below")]
)
def test_lower_is_better_rating(value, expected):
    indicator = Lower()
    assert scoring.rate(indicator, Measure(value), scoring.default_limits(indicator)) == expected


def test_score_is_points_over_most_possible():
    score = scoring.score_of("c1", ["meets", "close", "below"])
    assert (score.points, score.rated, score.score, score.rating) == (3, 3, 50, "developing")
    assert scoring.score_of("c1", ["meets", "meets"]).rating == "strong"
    assert scoring.score_of("c1", ["below", "close", "below"]).score == 17


def test_too_few_rated_indicators_is_not_enough_data_not_zero():
    score = scoring.score_of("c1", ["no-data", "no-data", "below"])
    assert score.score is None and score.rating == "no-data"
    assert scoring.score_of("c1", []).rating == "no-data"
    # Half of them, rounded up, is enough.
    assert scoring.score_of("c1", ["no-data", "below"]).score == 0


@given(st.lists(RATINGS, max_size=8))
def test_score_property(ratings):
    score = scoring.score_of("c1", ratings)
    rated = [r for r in ratings if r != "no-data"]
    if score.score is None:
        assert len(rated) * 2 < len(ratings) or not ratings
    else:
        assert score.score == round(100 * sum(scoring.POINTS[r] for r in rated) / (2 * len(rated)))
        assert 0 <= score.score <= 100


def test_share_needs_a_minimum():
    assert share(3, 4, minimum=5, of_what="cases").value is None
    m = share(3, 6, minimum=5, of_what="cases")
    assert m.value == 50 and m.note == "3 of 6 cases"


def test_every_indicator_is_explained():
    indicators = registry.all_indicators()
    assert indicators
    for indicator in indicators:
        assert indicator.title and indicator.definition and indicator.formula and indicator.source, (
            indicator.key
        )
        if indicator.direction == Direction.HIGHER:
            assert indicator.good >= indicator.concern, indicator.key
        else:
            assert indicator.good <= indicator.concern, indicator.key


@pytest.mark.django_db
def test_threshold_change_is_versioned_and_audited(org):
    key = "c8-unit-size"
    assert current_limits()[key].is_default
    set_threshold(
        by=org["director"],
        indicator_key=key,
        good=Decimal(5),
        concern=Decimal(7),
        reason="Our units are five",
    )
    limits = current_limits()[key]
    assert (limits.good, limits.concern, limits.reason) == (5, 7, "Our units are five")
    set_threshold(
        by=org["quality-lead"], indicator_key=key, good=Decimal(6), concern=Decimal(7), reason="Back to six"
    )
    assert current_limits()[key].good == 6
    assert Threshold.objects.filter(indicator_key=key).count() == 2
    assert AuditLog.objects.filter(action="insights.threshold.set").count() == 2
    with pytest.raises(TypeError):
        Threshold.objects.filter(indicator_key=key).update(good=1)


@pytest.mark.django_db
def test_threshold_change_refused_without_permission_or_with_bad_input(org):
    with pytest.raises(ValidationError):
        set_threshold(
            by=org["team-manager"],
            indicator_key="c8-unit-size",
            good=Decimal(5),
            concern=Decimal(7),
            reason="x",
        )
    with pytest.raises(ValidationError):  # lower is better: meets at must not exceed the concern level
        set_threshold(
            by=org["director"], indicator_key="c8-unit-size", good=Decimal(9), concern=Decimal(7), reason="x"
        )
    with pytest.raises(ValidationError):
        set_threshold(
            by=org["director"], indicator_key="c8-unit-size", good=Decimal(5), concern=Decimal(7), reason=" "
        )
    assert not Threshold.objects.exists()


@pytest.mark.django_db
def test_snapshot_keeps_the_live_figures(org):
    today = datetime.date(2026, 11, 24)
    snapshot = take_snapshot(as_of=today, by=org["director"])
    assert snapshot.status == Snapshot.Status.DONE and snapshot.units == 2
    value = SnapshotValue.objects.get(snapshot=snapshot, unit=org.unit_b, indicator_key="c8-unit-size")
    assert (value.value, value.rating) == (1.0, "meets")
    assert SnapshotScore.objects.filter(snapshot=snapshot, unit=org.unit_a).count() == len(
        scoring.CHARACTERISTICS
    )
    # A second latest snapshot replaces the first.
    take_snapshot(as_of=today, by=org["director"])
    assert Snapshot.objects.filter(kind=Snapshot.Kind.LATEST).count() == 1


@pytest.mark.django_db
def test_small_team_evidence_lists_members_and_the_line(org):
    from hearth.insights.indicators.registry import get

    today = datetime.date.today()
    evidence = get("c8-unit-size").evidence(org["director"], org.unit_a, today)
    assert evidence.total == len(evidence.rows) >= 5
    layers = get("c8-layers").evidence(org["director"], org.unit_a, today)
    assert [row.cells[0] for row in layers.rows][-1] == "Director"
