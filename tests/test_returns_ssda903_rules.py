"""Every SSDA903 rule, both ways: a record that satisfies it and one that breaks it (no database)."""

from __future__ import annotations

import copy
import datetime

import pytest

import hearth.returns.rules  # noqa: F401 - registers every rule
from hearth.people.validators import upn_check_letter
from hearth.returns.base import RULES, Period
from hearth.returns.ssda903.records import (
    AdoptionFact,
    CareLeaver,
    ChildRecord,
    Episode,
    Health,
    Missing,
    Review,
)

D = datetime.date
PERIOD = Period(D(2025, 4, 1), D(2026, 3, 31), "2025-26")
SSDA903_RULES = {code: rule for (name, code), rule in RULES.items() if name == "ssda903"}


def upn(n: int) -> str:
    body = f"99925{n:07d}"
    return upn_check_letter(body) + body


def episode(decom, rne="S", dec=None, rec="", place="U4", provider="PR1", ls="C2", cin="N1", reason=""):
    return Episode(1, decom, rne, ls, cin, place, provider, dec, rec, reason, "", "", "")


def health(**changes) -> Health:
    values = dict.fromkeys(Health.YES_NO_ITEMS, False)
    values.update(changes)
    return Health(PERIOD.end, changes.pop("sdq_score", 12), "", **{k: values[k] for k in Health.YES_NO_ITEMS})


def good() -> ChildRecord:
    """A girl looked after since January 2024, who moved placement in June 2025."""
    record = ChildRecord(1, "C1", "F", D(2012, 5, 1), "WBRI", upn(1), False, None, None, PERIOD)
    record.episodes = [
        episode(D(2024, 1, 10), dec=D(2025, 6, 1), rec="X1", reason="CARPL"),
        episode(D(2025, 6, 1), rne="P", place="U6"),
    ]
    record.reviews = [Review(1, D(2025, 7, 1), "PN1")]
    record.missing = [Missing(1, "M", D(2025, 8, 1), D(2025, 8, 2)), Missing(2, "A", D(2025, 9, 1), None)]
    record.health = {PERIOD.end: health()}
    return record


def adopted() -> ChildRecord:
    record = good()
    record.dob = D(2021, 2, 2)
    record.upn = ""
    record.health = {}
    record.episodes[-1] = episode(D(2025, 6, 1), rne="P", place="A5", dec=D(2026, 1, 10), rec="E11")
    record.adoption = AdoptionFact(D(2024, 9, 1), D(2025, 5, 1), True, 2, "MF", "L11")
    return record


def care_leaver() -> ChildRecord:
    record = good()
    record.dob = D(2008, 6, 1)
    record.care_leaver = [CareLeaver(D(2025, 6, 1), "YES", "F2", "B1")]
    return record


def problems(record, code=None):
    rules = [SSDA903_RULES[code]] if code else SSDA903_RULES.values()
    return [p for rule in rules for p in rule().check(record)]


def set_episode(index, **changes):
    def change(record):
        for key, value in changes.items():
            setattr(record.episodes[index], key, value)

    return change


def set_attr(**changes):
    def change(record):
        for key, value in changes.items():
            setattr(record, key, value)

    return change


def set_health(**changes):
    def change(record):
        for key, value in changes.items():
            setattr(record.health[PERIOD.end], key, value)

    return change


def set_adoption(**changes):
    def change(record):
        for key, value in changes.items():
            setattr(record.adoption, key, value)

    return change


def add_episode(*args, **kwargs):
    def change(record):
        record.episodes.append(episode(*args, **kwargs))
        record.episodes.sort(key=lambda e: e.decom)

    return change


def set_care_leaver(**changes):
    def change(record):
        for key, value in changes.items():
            setattr(record.care_leaver[0], key, value)

    return change


# (code, the record that satisfies it, the change that breaks it)
CASES = [
    ("101", good, set_attr(sex="X")),
    ("102", good, set_attr(dob=None)),
    ("103", good, set_attr(ethnic="")),
    ("168", good, set_attr(upn="")),
    ("168", good, set_attr(upn="I12345678901A")),
    ("209", adopted, set_attr(upn="UN1", dob=D(2019, 1, 1))),
    ("232", good, set_attr(sex="U")),
    ("351", good, set_attr(dob=D(2004, 1, 1))),
    ("142", good, set_episode(0, rec="")),
    ("143", good, set_episode(1, rne="Q")),
    ("144", good, set_episode(1, ls="C3")),
    ("145", good, set_episode(1, cin="N0")),
    ("146", good, set_episode(1, place="H5")),
    ("146", good, set_episode(1, place="Z1")),
    ("149", good, set_episode(0, rec="E1")),
    ("178", good, set_episode(1, place_provider="PR9")),
    ("213", good, set_episode(1, place="T1")),
    ("226", good, set_episode(1, place="T2", place_provider="")),
    ("233", good, set_episode(1, reason_place_change="CHILD")),
    ("352", good, lambda r: (set_attr(dob=D(2007, 1, 1))(r), add_episode(D(2026, 2, 1), rne="S")(r))),
    ("357", good, set_attr(episodes=[episode(D(2025, 6, 1), rne="P")])),
    ("386", adopted, set_attr(dob=D(2007, 1, 1))),
    ("387", good, set_episode(1, dec=D(2026, 1, 1), rec="E5")),
    ("389", good, set_episode(1, dec=D(2026, 1, 1), rec="E7")),
    ("388", good, set_episode(0, rec="E4A")),
    ("388", good, set_episode(1, dec=D(2026, 1, 1), rec="X1")),
    ("501", good, set_episode(0, dec=D(2025, 7, 1))),
    ("167", good, lambda r: setattr(r.reviews[0], "review_code", "")),
    ("567", good, lambda r: setattr(r.missing[0], "mis_end", D(2025, 7, 30))),
    ("574", good, lambda r: setattr(r.missing[1], "mis_start", D(2025, 8, 1))),
    ("104", good, set_attr(uasc=True, uasc_recorded=True, duc=D(2025, 1, 1))),
    ("180", good, set_health(sdq_score=41)),
    ("181", good, set_health(health_check=None)),
    ("181", good, set_attr(health={})),
    ("196", good, set_health(sdq_reason="SDQ9")),
    ("131", care_leaver, set_care_leaver(in_touch="MAYBE")),
    ("132", care_leaver, set_care_leaver(activ="F3")),
    ("133", care_leaver, set_care_leaver(accom="S1")),
    ("175", adopted, set_adoption(nb_adoptr=3)),
    ("176", adopted, set_adoption(sex_adoptr="XX")),
    ("177", adopted, set_adoption(ls_adoptr="L1")),
    ("511", adopted, set_adoption(sex_adoptr="F1")),
    ("518", adopted, set_adoption(ls_adoptr="L4", sex_adoptr="MF")),
]


def test_every_rule_has_a_case():
    assert {code for code, _, _ in CASES} == set(SSDA903_RULES)
    assert len(SSDA903_RULES) >= 25


@pytest.mark.parametrize("make", [good, adopted, care_leaver], ids=["good", "adopted", "care-leaver"])
def test_the_good_records_break_no_rule(make):
    assert problems(make()) == []


@pytest.mark.parametrize(
    ("code", "make", "breaker"), CASES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)]
)
def test_rule_both_ways(code, make, breaker):
    record = make()
    assert problems(record, code) == []
    broken = copy.deepcopy(record)
    breaker(broken)
    found = problems(broken, code)
    assert found, f"rule {code} was not broken"
    assert all(p.code == code and p.subject_id == 1 and p.message for p in found)


@pytest.mark.parametrize("code", sorted(SSDA903_RULES))
def test_rule_classes_follow_the_contract(code):
    rule = SSDA903_RULES[code]
    assert rule.__name__ == f"Rule{code}"
    assert rule.__doc__ and rule.__doc__.strip()
    assert rule.returns == "ssda903" and rule.message


def test_rules_ignore_a_child_not_looked_after_in_the_year():
    record = good()
    record.episodes = [episode(D(2020, 1, 1), dec=D(2021, 1, 1), rec="E4A")]
    record.upn = ""
    assert problems(record) == []
