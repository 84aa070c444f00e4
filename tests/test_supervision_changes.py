"""Correcting a saved supervision record: only its supervisor, never from a stale copy, audited, with
the earlier text kept in the history."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.supervision.models import SupervisionSession

from .factories_supervision import supervision


@pytest.fixture
def record(org):
    return supervision(org["consultant-social-worker"], [org["social-worker"]], days_ago=5)


def _post(client, session, **changes):
    data = {
        "held_on": f"{session.held_on:%d/%m/%Y}",
        "focus": session.focus,
        "wellbeing": session.wellbeing,
        "version": session.version,
    }
    data.update(changes)
    return client.post(reverse("supervision:session-edit", args=[session.pk]), data)


def test_the_supervisor_corrects_the_record_and_the_old_text_is_kept(org, client, record):
    client.force_login(org["consultant-social-worker"])
    day = timezone.localdate() - datetime.timedelta(days=6)
    response = _post(
        client,
        record,
        focus="Holding hope with a family who feel judged",
        held_on=f"{day:%d/%m/%Y}",
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.focus == "Holding hope with a family who feel judged"
    assert record.held_on == day
    assert record.version == 2
    assert list(record.attendances.values_list("held_on", flat=True)) == [day]
    assert record.history.count() == 2  # created, changed
    assert record.history.earliest().focus == "Working with uncertainty"
    row = AuditLog.objects.get(action="supervision.change")
    assert row.actor == org["consultant-social-worker"]
    assert row.detail == "held_on, focus"


def test_a_change_from_a_stale_copy_is_refused_and_keeps_what_was_typed(org, client, record):
    SupervisionSession.objects.filter(pk=record.pk).update(version=2, focus="Changed elsewhere")
    client.force_login(org["consultant-social-worker"])
    response = _post(client, record, focus="My correction")
    assert response.status_code == 200
    body = response.content.decode()
    assert "changed by someone else" in body
    assert "My correction" in body  # nothing typed is lost
    assert "Changed elsewhere" in body  # what is saved now is shown
    assert 'name="version" value="2"' in body  # a second save goes ahead deliberately
    record.refresh_from_db()
    assert record.focus == "Changed elsewhere"
    assert not AuditLog.objects.filter(action="supervision.change").exists()


def test_a_date_in_the_future_is_refused(org, client, record):
    client.force_login(org["consultant-social-worker"])
    day = timezone.localdate() + datetime.timedelta(days=1)
    response = _post(client, record, held_on=f"{day:%d/%m/%Y}")
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    record.refresh_from_db()
    assert record.version == 1


@pytest.mark.parametrize("role", ["social-worker", "team-manager"])
def test_the_supervisee_and_their_manager_cannot_change_it(org, client, record, role):
    client.force_login(org[role])
    response = _post(client, record, focus="Not mine to change")
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.focus == "Working with uncertainty"


def test_no_change_saves_nothing(org, client, record):
    client.force_login(org["consultant-social-worker"])
    assert _post(client, record).status_code == 302
    record.refresh_from_db()
    assert record.version == 1
    assert not AuditLog.objects.filter(action="supervision.change").exists()


def test_the_record_page_offers_the_change_only_to_the_supervisor(org, client, record):
    url = reverse("supervision:session-edit", args=[record.pk])
    client.force_login(org["consultant-social-worker"])
    assert url in client.get(record.get_absolute_url()).content.decode()
    client.force_login(org["social-worker"])
    assert url not in client.get(record.get_absolute_url()).content.decode()
