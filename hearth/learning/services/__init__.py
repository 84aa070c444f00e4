"""Writes for learning: one atomic function per thing a person does, each writing its audit row.
Transitions refuse impossible moves with `TransitionError`; bad input with `ValidationError`. Audit rows
never carry a child's name; a near miss whose reporter asked not to be named is audited like any other
change (ADR 0012)."""

from ._common import MAX_RETENTION_YEARS
from .experiments import (
    can_record_outcome,
    decide_experiment,
    finish_experiment,
    propose_experiment,
    publish_experiment,
)
from .retention import change_retention, current_retention, dispose_near_miss, dispose_review
from .reviews import (
    add_action,
    add_child,
    add_recommendation,
    complete_action,
    open_review,
    publish_review,
    report_near_miss,
    return_review,
    submit_review,
    take_near_miss_into_review,
    update_review,
    write_findings,
)

__all__ = [
    "MAX_RETENTION_YEARS",
    "add_action",
    "add_child",
    "add_recommendation",
    "can_record_outcome",
    "change_retention",
    "complete_action",
    "current_retention",
    "decide_experiment",
    "dispose_near_miss",
    "dispose_review",
    "finish_experiment",
    "open_review",
    "propose_experiment",
    "publish_experiment",
    "publish_review",
    "report_near_miss",
    "return_review",
    "submit_review",
    "take_near_miss_into_review",
    "update_review",
    "write_findings",
]
