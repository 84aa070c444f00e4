"""What every statutory return and every validation rule in `returns` looks like.

A return (CIN census, SSDA903, workforce census) is a module with a `build(period, *, progress=None)`
function that reads the record and returns the files the Department for Education asks for, as
`OutputFile`s. A validation rule is a subclass of `Rule` named after its DfE code, whose docstring is
the rule's published text; `check(record)` returns the problems it finds in one child's (or one staff
member's) facts, already loaded, without queries of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Period:
    """The collection period of a return: `start` to `end` inclusive, and the DfE year label."""

    start: datetime.date
    end: datetime.date
    label: str  # for example "2025-26"


@dataclass(frozen=True)
class OutputFile:
    name: str  # for example "header.csv" or "cin_census_2025-26.xml"
    content: bytes
    media_type: str  # "text/csv" or "application/xml"


@dataclass(frozen=True)
class Problem:
    """One thing in the record that breaks a rule, in words the person who can fix it understands."""

    code: str  # the DfE rule code
    message: str  # plain English: "The assessment was authorised before it started."
    subject_id: int  # the child's (or staff record's) id
    object_label: str = ""  # which record: "Assessment starting 3 March 2026"


#: progress(done, total): how a long build reports how far it has gone.
Progress = Callable[[int, int], None]


class Rule:
    """A DfE validation rule. Subclasses are named `Rule<code>` and registered with `@register`."""

    code: ClassVar[str]
    returns: ClassVar[str]  # "cin", "ssda903" or "workforce"
    message: ClassVar[str]  # plain English, for the worker who can fix it

    def check(self, record) -> list[Problem]:  # pragma: no cover - every rule overrides it
        raise NotImplementedError


RULES: dict[tuple[str, str], type[Rule]] = {}


def register(rule: type[Rule]) -> type[Rule]:
    key = (rule.returns, rule.code)
    if key in RULES and RULES[key] is not rule:
        raise ValueError(f"Two rules registered as {key}")
    RULES[key] = rule
    return rule
