"""The audit log is append-only, in the ORM and (on PostgreSQL) in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from hearth.core.models import AuditLog, AuditLogImmutableError
from hearth.core.roles import OrgRole

from .factories import TEST_PASSWORD


@pytest.fixture
def entry(org):
    (row,) = AuditLog.record(actor=org[OrgRole.DIRECTOR], action="test.event", child_id=42, reason="because")
    return row


def test_record_writes_one_row_per_child(org):
    rows = AuditLog.record(actor=org["social-worker"], action="note.create", children=[1, 2, 3])
    assert sorted(r.child_id for r in rows) == [1, 2, 3]
    assert AuditLog.objects.filter(action="note.create").count() == 3


def test_saving_an_existing_entry_is_refused(entry):
    entry.reason = "changed"
    with pytest.raises(AuditLogImmutableError):
        entry.save()
    entry.refresh_from_db()
    assert entry.reason == "because"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AuditLogImmutableError):
        entry.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.filter(pk=entry.pk).exists()


def test_bulk_updating_entries_is_refused(entry):
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.filter(pk=entry.pk).update(reason="changed")
    with pytest.raises(AuditLogImmutableError):
        AuditLog.objects.bulk_update([entry], ["reason"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL")
@pytest.mark.parametrize(
    "sql",
    ["UPDATE core_auditlog SET reason = 'changed' WHERE id = %s", "DELETE FROM core_auditlog WHERE id = %s"],
)
def test_postgresql_refuses_raw_sql_changes(entry, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.reason == "because"


def test_sign_in_failed_sign_in_and_sign_out_are_recorded(org, client):
    worker = org["social-worker"]
    client.post(reverse("accounts:sign-in"), {"username": worker.email, "password": "wrong password"})
    failed = AuditLog.objects.get(action="sign_in_failed")
    assert failed.actor is None
    assert worker.email in failed.detail
    assert "wrong password" not in str(failed.__dict__)

    client.post(reverse("accounts:sign-in"), {"username": worker.email, "password": TEST_PASSWORD})
    signed_in = AuditLog.objects.get(action="sign_in")
    assert signed_in.actor == worker
    assert signed_in.ip_address == "127.0.0.1"
    assert signed_in.request_id

    client.post(reverse("accounts:sign-out"))
    assert AuditLog.objects.filter(action="sign_out", actor=worker).exists()


def test_audit_page_searches_by_person_child_and_date(org, client):
    AuditLog.record(actor=org["social-worker"], action="child.view", child_id=7)
    AuditLog.record(actor=org["clinician"], action="child.view", child_id=8)
    client.force_login(org[OrgRole.QUALITY_LEAD])
    page = client.get(reverse("core:audit-log"), {"email": org["social-worker"].email, "child_id": 7})
    assert page.status_code == 200
    rows = list(page.context["page_obj"])
    assert [(r.actor, r.child_id) for r in rows] == [(org["social-worker"], 7)]


def test_audit_page_rejects_bad_input_with_a_message(org, client):
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    page = client.get(
        reverse("core:audit-log"), {"child_id": "abc", "date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert page.status_code == 200
    assert "child_id" in page.context["form"].errors
    assert "The &#x27;to&#x27; date must be the same as or after" in page.content.decode()
    assert list(page.context["page_obj"]) == []


def test_audit_page_query_count_does_not_grow(org, client, django_assert_max_num_queries):
    client.force_login(org[OrgRole.SYSTEM_ADMINISTRATOR])
    for i in range(60):
        AuditLog.record(actor=org["social-worker"], action="child.view", child_id=i)
    # Session, user, the person's units (navigation), the page of entries, its count and the audit row.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("core:audit-log")).status_code == 200
