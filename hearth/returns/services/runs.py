"""Running a return: ask for a run (queued as a background task), the task builds the files with a
progress bar, keeps them (a zip) with who asked and when, and compares them with the previous run of the
same return and period. Every run and every download is audited."""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from hearth.core.models import AuditLog

from ..base import OutputFile, Period
from ..models import ReturnRun, RunStatus
from ..permissions import Perm
from ..registry import module_for

logger = logging.getLogger(__name__)

#: How many keys of added, removed and changed subjects a run keeps to show (the counts are exact).
KEEP_KEYS = 200
#: Progress is written at most this often (in subjects), so the bar moves without slowing the build.
PROGRESS_STEP = 500


@transaction.atomic
def start_run(*, by, return_name: str, period: Period, request=None) -> ReturnRun:
    """A performance analyst (or the director) asks for a return; it runs in the background."""
    if not by.has_perm(Perm.RUN):
        raise ValidationError("Only the performance team and the director can run statutory returns.")
    if module_for(return_name) is None:
        raise ValidationError({"return_name": "This return is not available yet."})
    running = ReturnRun.objects.filter(
        return_name=return_name,
        period_label=period.label,
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
    ).first()
    if running is not None:
        raise ValidationError("This return is already running for that year. Wait for it to finish.")
    run = ReturnRun.objects.create(
        return_name=return_name,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        started_by=by,
    )
    AuditLog.record(
        actor=by, action="returns.run.start", obj=run, request=request, detail=f"{return_name} {period.label}"
    )
    run_return.enqueue(run.pk)
    return run


def _zip(files: list[OutputFile]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            archive.writestr(f.name, f.content)
    return buffer.getvalue()


def default_subjects(files: list[OutputFile]) -> dict[str, str]:
    """Subject key -> hash of its rows: the first column of every CSV row is the key (the header skipped)."""
    rows = defaultdict(list)
    for f in files:
        if not f.name.endswith(".csv"):
            continue
        lines = f.content.decode("utf-8-sig").splitlines()
        for line in lines[1:]:
            key = line.split(",", 1)[0].strip().strip('"')
            if key:
                rows[key].append(f"{f.name}:{line}")
    return {
        key: hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:16] for key, lines in rows.items()
    }


def compare(previous: dict[str, str], current: dict[str, str]) -> dict:
    added = sorted(set(current) - set(previous))
    removed = sorted(set(previous) - set(current))
    changed = sorted(k for k in set(current) & set(previous) if current[k] != previous[k])
    return {
        "added": len(added),
        "removed": len(removed),
        "changed": len(changed),
        "unchanged": len(current) - len(added) - len(changed),
        "added_keys": added[:KEEP_KEYS],
        "removed_keys": removed[:KEEP_KEYS],
        "changed_keys": changed[:KEEP_KEYS],
    }


def _progress_writer(run_id: int):
    last = {"done": -PROGRESS_STEP}

    def progress(done: int, total: int) -> None:
        if done - last["done"] >= PROGRESS_STEP or done >= total:
            last["done"] = done
            ReturnRun.objects.filter(pk=run_id).update(progress_done=done, progress_total=total)

    return progress


def execute_run(run_id: int) -> ReturnRun:
    """The background task's work: build, keep, compare. A failure is kept on the run, in plain words."""
    with transaction.atomic():
        run = ReturnRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return run
        run.start()
        run.save(update_fields=["status", "started_at"])
    module = module_for(run.return_name)
    period = Period(start=run.period_start, end=run.period_end, label=run.period_label)
    try:
        files = module.build(period, progress=_progress_writer(run.pk))
        subjects_of = getattr(module, "subjects", None) or default_subjects
        subjects = subjects_of(files)
        from .problems import refresh

        problem_count = refresh(run.return_name)
    except Exception as error:  # noqa: BLE001 - whatever went wrong is shown on the run's page
        logger.exception("Return run %s failed", run.pk)
        run.refresh_from_db()
        run.fail(
            f"The return could not be made: {error.__class__.__name__}. The details are in the server log."
        )
        run.save(update_fields=["status", "error", "finished_at"])
        AuditLog.record(actor=run.started_by, action="returns.run.fail", obj=run)
        return run
    previous = (
        ReturnRun.objects.filter(
            return_name=run.return_name, period_label=run.period_label, status=RunStatus.DONE
        )
        .exclude(pk=run.pk)
        .order_by("-finished_at", "-pk")
        .only("pk", "subjects")
        .first()
    )
    with transaction.atomic():
        run.refresh_from_db()
        run.archive = _zip(files)
        run.archive_name = f"{run.return_name}_{run.period_label}_{timezone.localtime():%Y%m%d-%H%M}.zip"
        run.file_names = [f.name for f in files]
        run.subjects = subjects
        run.subject_count = len(subjects)
        run.problem_count = problem_count
        run.previous_run = previous
        run.comparison = compare(previous.subjects, subjects) if previous is not None else {}
        run.progress_total = max(run.progress_total, 1)
        run.finish()
        run.save()
        AuditLog.record(actor=run.started_by, action="returns.run.finish", obj=run, detail=run.archive_name)
    return run


@task()
def run_return(run_id: int) -> None:
    """The background task that makes a return (queued by `start_run`, worked by `db_worker`)."""
    execute_run(run_id)


def record_download(*, by, run: ReturnRun, request=None) -> None:
    if not by.has_perm(Perm.RUN):
        raise ValidationError("Only the performance team and the director can download statutory returns.")
    AuditLog.record(
        actor=by, action="returns.run.download", obj=run, request=request, detail=run.archive_name
    )
