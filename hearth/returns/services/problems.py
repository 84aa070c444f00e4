"""Keeping `DataProblem` fresh: re-run a return's rules for some subjects (or all) and rewrite their rows.

A problem that remains keeps its row, so an "explained" mark survives; one that is fixed disappears.
Called on commit when a watched row changes (signals.py); for everyone by `manage.py
refresh_data_problems` (scheduled nightly), when a return runs, and by the demo after its bulk inserts.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core.models import AuditLog

from ..models import DataProblem, TransitionError
from ..permissions import Perm
from ..registry import module_for, subject_kind
from ..rules import rules_for

logger = logging.getLogger(__name__)


def problems_in(return_name: str, records: dict) -> dict[tuple, tuple]:
    """(code, subject_id, object_label) -> (Problem, unit_id, worker_id) for every rule broken."""
    found = {}
    rules = [rule() for rule in rules_for(return_name)]
    for record in records.values():
        unit_id, worker_id = getattr(record, "unit_id", None), getattr(record, "worker_id", None)
        for rule in rules:
            for problem in rule.check(record):
                label = problem.object_label[:200]
                found[(problem.code, problem.subject_id, label)] = (problem, unit_id, worker_id)
    return found


def refresh(return_name: str, subject_ids=None, *, records: dict | None = None) -> int:
    """Rewrite the problems of `subject_ids` (None: everyone) for one return. Returns how many there are."""
    module = module_for(return_name)
    if module is None:
        return 0
    if subject_ids is not None:
        subject_ids = sorted(set(subject_ids))
        if not subject_ids:
            return 0
    if records is None:
        records = module.load_records(subject_ids)
    found = problems_in(return_name, records)
    is_child = subject_kind(return_name) == "child"
    with transaction.atomic():
        existing = DataProblem.objects.filter(return_name=return_name)
        if subject_ids is not None:
            existing = existing.filter(subject_id__in=subject_ids)
        current = {
            (d.code, d.subject_id, d.object_label): d
            for d in existing.only(
                "id", "code", "subject_id", "object_label", "message", "unit_id", "worker_id"
            )
        }
        gone = [d.pk for key, d in current.items() if key not in found]
        if gone:
            DataProblem.objects.filter(pk__in=gone).delete()
        new, changed = [], []
        for key, (problem, unit_id, worker_id) in found.items():
            row = current.get(key)
            if row is None:
                new.append(
                    DataProblem(
                        return_name=return_name,
                        code=problem.code,
                        subject_id=problem.subject_id,
                        child_id=problem.subject_id if is_child else None,
                        unit_id=unit_id,
                        worker_id=worker_id,
                        message=problem.message,
                        object_label=key[2],
                    )
                )
            elif (row.message, row.unit_id, row.worker_id) != (problem.message, unit_id, worker_id):
                row.message, row.unit_id, row.worker_id = problem.message, unit_id, worker_id
                changed.append(row)
        if new:
            DataProblem.objects.bulk_create(new, batch_size=1000)
        if changed:
            DataProblem.objects.bulk_update(changed, ["message", "unit_id", "worker_id"], batch_size=1000)
    return len(found)


def refresh_children(child_ids) -> None:
    """Every child-based return's problems for these children (a child's facts just changed)."""
    from ..registry import RETURNS

    for return_name in RETURNS:
        if module_for(return_name) is not None and subject_kind(return_name) == "child":
            refresh(return_name, child_ids)


def refresh_all() -> dict[str, int]:
    """Everyone's problems for every return (nightly, and after the demo's bulk inserts)."""
    from ..registry import RETURNS

    counts = {}
    for name in RETURNS:
        if module_for(name) is None:
            continue
        try:
            counts[name] = refresh(name)
        except Exception:  # noqa: BLE001 - one return's failure must not stop the others being checked
            logger.exception("Could not check the %s rules", name)
    return counts


@transaction.atomic
def explain_problem(*, by, problem: DataProblem, reason: str, request=None) -> DataProblem:
    """The performance team marks a problem as explained (it is correct as recorded), with the reason."""
    if not by.has_perm(Perm.EXPLAIN):
        raise ValidationError("Only the performance team can mark a data problem as explained.")
    problem = DataProblem.objects.select_for_update().get(pk=problem.pk)
    try:
        problem.explain(by=by, reason=reason)
    except TransitionError as error:
        raise ValidationError({"reason": error.messages}) from error
    problem.save(update_fields=["explained_at", "explained_by", "explanation"])
    AuditLog.record(
        actor=by,
        action="returns.problem.explain",
        obj=problem,
        child_id=problem.child_id,
        reason=problem.explanation,
        request=request,
        detail=f"Rule {problem.code}",
    )
    return problem
