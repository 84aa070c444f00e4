"""The arithmetic of need scores (pure: no database), with hypothesis."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from hearth.priorities import scoring

CATEGORIES = [None, *scoring.CP_CATEGORY_LABELS]
CODES = ["1B", "2C", "3A", "4B", "11A", "21", "5A"]

facts_strategy = st.builds(
    scoring.Facts,
    cp_category=st.sampled_from(CATEGORIES),
    looked_after=st.booleans(),
    cin_plan=st.booleans(),
    under_one=st.booleans(),
    assessment_factors=st.frozensets(st.sampled_from(CODES)),
    children_in_family=st.integers(min_value=1, max_value=12),
    recent_s47=st.booleans(),
    new_cp_plan=st.booleans(),
    weeks_since_visit=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
    recorded=st.dictionaries(
        st.sampled_from(list(scoring.RECORDED_KINDS)), st.integers(min_value=0, max_value=6)
    ),
)
weights_strategy = st.fixed_dictionaries(
    {key: st.integers(min_value=0, max_value=scoring.MAX_WEIGHT) for key in scoring.FACTORS}
)
POINTS = re.compile(r": \+(\d+)$")


@given(facts_strategy, weights_strategy)
def test_the_score_is_exactly_the_sum_of_its_displayed_reasons(facts, weights):
    result = scoring.score(facts, weights)
    shown = [int(POINTS.search(sentence).group(1)) for sentence in result.sentences()]
    assert sum(shown) == result.total
    assert all(p > 0 for p in shown)  # nothing that adds nothing is shown
    assert len({r.key for r in result.reasons}) == len(result.reasons)  # each factor once


@given(facts_strategy, weights_strategy)
def test_every_reason_is_one_plain_sentence_naming_a_known_factor(facts, weights):
    for reason in scoring.score(facts, weights).reasons:
        assert reason.key in scoring.FACTORS
        assert "\n" not in reason.sentence and (reason.sentence[0].isupper() or reason.sentence[0].isdigit())


@given(facts_strategy, weights_strategy, st.sampled_from(list(scoring.RECORDED_KINDS)))
def test_a_new_recorded_fact_changes_the_score_by_its_weight(facts, weights, kind):
    before = scoring.score(facts, weights).total
    more = dict(facts.recorded)
    more[kind] = more.get(kind, 0) + 1
    after = scoring.score(scoring.Facts(**{**facts.__dict__, "recorded": more}), weights).total
    assert after - before == weights[f"recorded-{kind}"]


@given(facts_strategy, weights_strategy)
def test_a_new_child_protection_plan_changes_the_score(facts, weights):
    without = scoring.Facts(**{**facts.__dict__, "cp_category": None})
    with_plan = scoring.Facts(**{**facts.__dict__, "cp_category": "NEG"})
    assert (
        scoring.score(with_plan, weights).total - scoring.score(without, weights).total
        == weights["cp-plan-NEG"]
    )


@given(facts_strategy)
def test_raising_a_weight_never_lowers_a_score(facts):
    base = dict(scoring.DEFAULT_WEIGHTS)
    for key in scoring.FACTORS:
        higher = {**base, key: base[key] + 5}
        assert scoring.score(facts, higher).total >= scoring.score(facts, base).total


def test_sentences_read_as_the_issue_asks():
    facts = scoring.Facts(
        cp_category="NEG", children_in_family=3, weeks_since_visit=2, recorded={"police": 2}
    )
    sentences = scoring.score(facts, scoring.DEFAULT_WEIGHTS).sentences()
    assert "Child protection plan (neglect): +30" in sentences
    assert "2 other children in the family: +6" in sentences
    assert "2 police contacts recorded in the last 90 days: +16" in sentences
    assert "2 weeks since the last visit: +4" in sentences


def test_time_since_visit_is_capped_and_never_visited_counts_as_the_cap():
    w = scoring.DEFAULT_WEIGHTS
    assert scoring.score(scoring.Facts(weeks_since_visit=30), w).total == 8 * w["week-since-visit"]
    assert scoring.score(scoring.Facts(weeks_since_visit=None), w).total == 8 * w["week-since-visit"]
    assert scoring.score(scoring.Facts(weeks_since_visit=0), w).total == 0


def test_a_family_scores_as_its_child_in_most_need():
    w = scoring.DEFAULT_WEIGHTS
    low = scoring.score(scoring.Facts(weeks_since_visit=0), w)
    high = scoring.score(scoring.Facts(cp_category="SAB", weeks_since_visit=0), w)
    assert scoring.family_score([low, high]) == high
    assert scoring.family_score([]).total == 0


def test_tiers_take_the_first_match_and_the_last_takes_anyone():
    tiers = scoring.tiers_from(scoring.DEFAULT_TIERS)
    assert scoring.tier_for(10, {"cp-plan"}, tiers).name == "Intensive"
    assert scoring.tier_for(95, set(), tiers).name == "Intensive"
    assert scoring.tier_for(10, {"looked-after"}, tiers).name == "Looked after"
    assert scoring.tier_for(45, {"cin-plan"}, tiers).name == "Enhanced"
    assert scoring.tier_for(0, set(), tiers).name == "Standard"


@given(st.integers(min_value=0, max_value=500), st.frozensets(st.sampled_from(list(scoring.EPISODE_KINDS))))
def test_case_weight_is_episode_points_plus_a_tenth_of_the_score(total, kinds):
    weight = scoring.case_weight(total, kinds, scoring.DEFAULT_EPISODE_WEIGHTS)
    if not kinds:
        assert weight == 0
    else:
        top = next(k for k in scoring.KIND_ORDER if k in kinds)
        assert weight == scoring.DEFAULT_EPISODE_WEIGHTS[top] + total // 10
