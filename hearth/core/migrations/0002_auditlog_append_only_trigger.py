"""On PostgreSQL, refuse UPDATE and DELETE on the audit log in the database itself.

The ORM already refuses (AuditLog.save/delete and its queryset); this catches raw SQL and other
clients. SQLite has no equivalent we rely on; the ORM guard covers it. TRUNCATE is left to the owner
for test databases.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION hearth_audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditlog_append_only
    BEFORE UPDATE OR DELETE ON core_auditlog
    FOR EACH ROW EXECUTE FUNCTION hearth_audit_log_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog;
DROP FUNCTION IF EXISTS hearth_audit_log_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
