"""Every implemented CIN census rule, both ways: the good record satisfies it, a record changed in one
way breaks it (and only that rule's problem is asked about)."""

from __future__ import annotations

import datetime
import inspect

import pytest

from hearth.returns.base import RULES
from hearth.returns.cin.records import CINPlanRec, ReferralRec, Section47Rec
from hearth.returns.rules import rules_for

from .factories_returns import good_record

D = datetime.date


def _ref(r):
    return r.referrals[0]


def _assessment(r):
    return _ref(r).assessments[0]


def _s47(r):
    return _ref(r).section47s[0]


def _cpp(r):
    return _ref(r).cp_plans[0]


def _set(getter, **changes):
    def change(record):
        target = getter(record)
        for name, value in changes.items():
            setattr(target, name, value)

    return change


def _second_referral(record):
    record.referrals.append(ReferralRec(id=2, referral_date=D(2025, 7, 1), source="2A", primary_need="N4"))


def _two_open_s47s(record):
    _s47(record).icpc = None
    _ref(record).section47s.append(Section47Rec(id=2, start=D(2025, 7, 1)))
    _ref(record).cp_plans = []


def _open_cin_plan_during_cp(record):
    _ref(record).cin_plans = [CINPlanRec(id=1, start=D(2025, 7, 1))]


def _cin_plan_over_review(record):
    _cpp(record).end = D(2025, 12, 1)
    _ref(record).cin_plans = [CINPlanRec(id=1, start=D(2025, 9, 1), end=D(2026, 1, 1))]


def _cin_plan_after_death(record):
    record.death = D(2025, 8, 1)
    _cpp(record).end = D(2025, 8, 20)
    _ref(record).cin_plans = [CINPlanRec(id=1, start=D(2025, 9, 1))]


def _nfa_with_activity(record):
    _ref(record).nfa = True


def _closed_with_open_assessment(record):
    _ref(record).closure_date = D(2026, 1, 1)
    _ref(record).reason_for_closure = "RC7"
    _assessment(record).authorised = None
    _assessment(record).factors = []


def _closed_with_open_s47(record):
    _ref(record).closure_date = D(2026, 1, 1)
    _ref(record).reason_for_closure = "RC7"
    _s47(record).icpc = None


#: rule code -> how to break the good record
BREAK = {
    "8500": _set(lambda r: r, la_child_id=""),
    "8520": _set(lambda r: r, dob=D(2026, 4, 2)),
    "8525": _set(lambda r: r, dob=None),
    "4180": _set(lambda r: r, sex="X"),
    "8750": _set(lambda r: r, dob=None, expected_dob=D(2026, 1, 1), sex="F"),
    "8540": _set(lambda r: r, disabilities=[]),
    "8600": _set(_ref, referral_date=D(2026, 4, 5)),
    "8606": _set(lambda r: r, dob=D(2026, 3, 1)),
    "8610": _set(_ref, primary_need=""),
    "8650": _set(_ref, primary_need="N10"),
    "8866": _set(_ref, source="11"),
    "8620": _set(_ref, closure_date=D(2026, 5, 1), reason_for_closure="RC7"),
    "8630": _set(_ref, closure_date=D(2025, 4, 20), reason_for_closure="RC7"),
    "8640": _set(_ref, closure_date=D(2026, 1, 1), reason_for_closure="RC10"),
    "8805": _set(_ref, closure_date=D(2026, 1, 1), reason_for_closure=""),
    "8810": _set(_ref, reason_for_closure="RC7"),
    "8820": _second_referral,
    "8831": _nfa_with_activity,
    "8867": _closed_with_open_assessment,
    "8868": _closed_with_open_s47,
    "8608": _set(_assessment, authorised=D(2025, 5, 1)),
    "8614": _set(_assessment, authorised=None),
    "8869": _set(_assessment, factors=["1B", "21"]),
    "8696": _set(_assessment, start=D(2025, 2, 1), authorised=D(2025, 3, 1)),
    "8736": _set(_assessment, start=D(2025, 3, 1), authorised=None, factors=[]),
    "8615": _set(_s47, icpc=D(2025, 6, 1)),
    "8715": _set(_s47, icpc=D(2026, 4, 2)),
    "8740": _set(_s47, start=D(2025, 3, 1), icpc=None),
    "8839": _two_open_s47s,
    "8720": _set(_cpp, start=D(2026, 4, 2)),
    "8840": _set(_cpp, end=D(2025, 6, 18)),
    "8841": _set(_cpp, reviews=[D(2025, 6, 18)]),
    "2885": _set(_cpp, start=D(2025, 6, 20), reviews=[D(2025, 9, 20)]),
    "4001": _open_cin_plan_during_cp,
    "4003": _cin_plan_over_review,
    "4008": _cin_plan_after_death,
}

CIN_RULES = {rule.code: rule for rule in rules_for("cin")}


def test_every_cin_rule_has_a_test_both_ways():
    assert set(CIN_RULES) == set(BREAK)
    assert len(CIN_RULES) >= 30


@pytest.mark.parametrize("code", sorted(CIN_RULES))
def test_rule_is_named_documented_and_registered(code):
    rule = CIN_RULES[code]
    assert rule.__name__ == f"Rule{code}"
    assert RULES[("cin", code)] is rule
    assert inspect.getdoc(rule) and "DfE message:" in inspect.getdoc(rule)
    assert rule.message and rule.message[-1] in ".?" and rule.message != inspect.getdoc(rule)


def test_the_good_record_breaks_no_rule():
    record = good_record()
    assert [p for rule in CIN_RULES.values() for p in rule().check(record)] == []


@pytest.mark.parametrize("code", sorted(BREAK))
def test_rule_satisfied_and_broken(code):
    rule = CIN_RULES[code]()
    assert rule.check(good_record()) == []
    record = good_record()
    BREAK[code](record)
    problems = rule.check(record)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.code, problem.subject_id, problem.message) == (code, record.id, rule.message)
    assert problem.object_label
