"""`manage.py run_nightly_jobs`: every app's nightly job runs, in order, and one failing job neither stops
the others nor passes unnoticed."""

import pytest
from django.core.management import CommandError, call_command

from hearth.core import extensions
from hearth.insights.models import Snapshot


def test_the_jobs_an_authority_schedules(capsys):
    call_command("run_nightly_jobs", "--list")
    names = capsys.readouterr().out.split("\n")
    assert names[:3] == ["visit nudges", "data problems re-checked", "health check figures"]


@pytest.mark.django_db
def test_all_jobs_run(org, capsys):
    call_command("run_nightly_jobs")
    out = capsys.readouterr().out
    assert "visit nudges: 0 notifications, 0 emails" in out
    assert "health check figures: as at" in out
    assert Snapshot.objects.filter(kind=Snapshot.Kind.LATEST, status=Snapshot.Status.DONE).exists()


@pytest.mark.django_db
def test_a_failing_job_does_not_stop_the_others(org, capsys, monkeypatch):
    def broken() -> str:
        raise RuntimeError("broken")

    jobs = [extensions.NightlyJob("broken", broken), *extensions.NIGHTLY_JOBS.providers()]
    monkeypatch.setattr(extensions.NIGHTLY_JOBS, "_providers", jobs)
    with pytest.raises(CommandError, match="1 nightly job"):
        call_command("run_nightly_jobs")
    captured = capsys.readouterr()
    assert "broken: failed" in captured.err
    assert "health check figures: as at" in captured.out
