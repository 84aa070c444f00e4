"""Data problems stay fresh: when a row a return watches is saved or deleted, that subject's problems are
re-checked once the transaction commits (once per subject and return, however many rows changed).

Saves through the ORM are covered. Bulk writes (`QuerySet.update`, `bulk_create`) send no signals: code
that makes them calls `services.problems.refresh(...)` itself (the demo does), and the nightly task
re-checks everyone.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

#: Saves that touch only these fields change nothing a return reads.
IGNORED_FIELDS = frozenset({"last_visit_at", "updated_at"})

_pending = threading.local()


def _queue(return_name: str, subject_id: int | None) -> None:
    if subject_id is None:
        return
    queued = getattr(_pending, "queued", None)
    if queued is None:
        queued = _pending.queued = defaultdict(set)
    queued[return_name].add(subject_id)
    # One callback per change: the first to run after the commit re-checks everything queued, the rest
    # find nothing left. (After a rollback the queue is kept and re-checked at the next commit: harmless.)
    transaction.on_commit(_flush)


def _flush() -> None:
    from .services.problems import refresh

    queued = getattr(_pending, "queued", None)
    if not queued:
        return
    _pending.queued = None
    for return_name, subject_ids in queued.items():
        refresh(return_name, subject_ids)


def _handler(return_name: str, subject_of):
    def on_change(sender, instance, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= IGNORED_FIELDS:
            return
        try:
            subject_id = subject_of(instance)
        except Exception:  # noqa: BLE001 - a half-deleted row whose parent is gone: nothing to re-check
            return
        _queue(return_name, subject_id)

    return on_change


_connected: list = []


def connect_watched() -> None:
    """Connect each return module's WATCH (called from ReturnsConfig.ready)."""
    from .registry import RETURNS, module_for

    for return_name in RETURNS:
        module = module_for(return_name)
        for label, subject_of in (getattr(module, "WATCH", None) or {}).items():
            model = apps.get_model(label)
            handler = _handler(return_name, subject_of)
            _connected.append(handler)  # keep a strong reference: signals hold weak ones by default
            post_save.connect(handler, sender=model, dispatch_uid=f"returns-{return_name}-{label}-save")
            post_delete.connect(handler, sender=model, dispatch_uid=f"returns-{return_name}-{label}-delete")
